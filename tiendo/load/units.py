"""Reading the unit tree of a cycle (`don_vi.csv`) into a plain table, with its problems."""
from __future__ import annotations

import re

from pathlib import Path

import pandas as pd

from tiendo.config import columns_config
from tiendo.load.tables import TableError, build_alias_index, find_header, read_grid
from tiendo.model import UNIT_COLUMNS, Problem
from tiendo.text import fold

UNITS_FILE_NAMES = ("don_vi.csv", "don_vi.xlsx")
REQUIRED = ("unit_code", "unit_name", "tier")

# How tiers are written in a units file → tier key. Folded text, so "Tỉnh", "TỈNH", "cap tinh" agree.
_TIER_WORDS = {
    "trung uong": "trung_uong", "tw": "trung_uong", "bo": "trung_uong",
    "tinh": "tinh", "thanh pho truc thuoc trung uong": "tinh",
    "huyen": "huyen", "quan": "huyen", "thi xa": "huyen",
    "xa": "xa", "phuong": "xa", "thi tran": "xa", "dac khu": "xa",
}


def parse_tier(text: str, has_parent: bool = False) -> str | None:
    """"Tỉnh", "cấp huyện", and lists of one tier's kinds: "Huyện/Thị xã", "Xã, phường, thị trấn",
    "Tỉnh/Thành phố" (a "thành phố" beside a province or district word is of that tier). "Thành phố"
    alone: a centrally-run city is the top of its tree, a city under a province is a district."""
    key = fold(text).removeprefix("cap ").strip()
    if key in _TIER_WORDS:
        return _TIER_WORDS[key]
    if key == "thanh pho":
        return "huyen" if has_parent else "tinh"
    parts = [p.strip().removeprefix("cap ") for p in re.split(r"[/,;]|\bva\b|\bhoac\b", key) if p.strip()]
    tiers = {_TIER_WORDS[p] for p in parts if p in _TIER_WORDS}
    return tiers.pop() if len(tiers) == 1 else None


class UnitsError(Exception):
    """The cycle's unit tree is missing or unusable (message in Vietnamese)."""


def units_path(cycle_dir: Path) -> Path:
    for name in UNITS_FILE_NAMES:
        if (cycle_dir / name).exists():
            return cycle_dir / name
    raise UnitsError(
        f"Kỳ «{cycle_dir.name}» thiếu tệp danh mục đơn vị don_vi.csv "
        f"(cần các cột Mã đơn vị, Tên đơn vị, Mã đơn vị cấp trên, Cấp)."
    )


def load_units(cycle_dir: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """The unit table (columns UNIT_COLUMNS + source_row, index-free) and its problems."""
    path = units_path(cycle_dir)
    name = path.name
    try:
        grid = read_grid(path)
    except TableError as exc:
        raise UnitsError(str(exc)) from exc
    header = find_header(grid, build_alias_index(columns_config()["units"]), REQUIRED)
    found = set(header.columns.values()) if header else set()
    missing = [key for key in REQUIRED if key not in found]
    if header is None or missing:
        raise UnitsError(f"Tệp «{name}» thiếu cột bắt buộc: {', '.join(missing or REQUIRED)}.")

    problems: list[Problem] = []
    records = []
    seen: dict[str, int] = {}
    for offset, row in enumerate(grid.rows[header.data_start:], start=header.data_start):
        excel_row = grid.first_row + offset
        cells = {key: (row[pos] if pos < len(row) else "") for pos, key in header.columns.items()}
        if not any(cells.values()):
            continue
        code = cells.get("unit_code", "")
        tier = parse_tier(cells.get("tier", ""), has_parent=bool(cells.get("parent_code")))
        if not code:
            problems.append(Problem(name, excel_row, "unit_code", "", "mã đơn vị", "error",
                                    "Dòng đơn vị không có mã: bỏ qua dòng này."))
            continue
        if code in seen:
            problems.append(Problem(name, excel_row, "unit_code", code, "mã đơn vị không trùng", "error",
                                    f"Mã đơn vị «{code}» trùng với dòng {seen[code]}: chỉ giữ dòng {seen[code]}.",
                                    related_rows=(seen[code],)))
            continue
        if tier is None:
            problems.append(Problem(name, excel_row, "tier", cells.get("tier", ""), "Tỉnh / Huyện / Xã", "error",
                                    f"Cấp của đơn vị «{code}» không rõ: bỏ qua đơn vị này."))
            continue
        seen[code] = excel_row
        records.append({**{key: cells.get(key, "") for key in UNIT_COLUMNS}, "tier": tier, "source_row": excel_row})

    units = pd.DataFrame.from_records(records, columns=[*UNIT_COLUMNS, "source_row"])
    units = _repair_tree(units, name, problems)
    return units, problems


def _repair_tree(units: pd.DataFrame, file_name: str, problems: list[Problem]) -> pd.DataFrame:
    """Unknown parents and loops in the tree cannot be rolled up: such a unit is attached to the
    root (the one unit with no parent) when there is one, else made a top-level unit; both said."""
    codes = set(units["unit_code"])
    parents = dict(zip(units["unit_code"], units["parent_code"]))
    rows = dict(zip(units["unit_code"], units["source_row"]))
    roots = [code for code, parent in parents.items() if not parent]
    home = roots[0] if len(roots) == 1 else ""
    where = f"gắn trực tiếp vào «{home}»" if home else "coi là đơn vị cấp cao nhất"
    for code, parent in list(parents.items()):
        if parent and parent not in codes:
            problems.append(Problem(file_name, rows[code], "parent_code", parent, "mã một đơn vị trong danh mục",
                                    "warning", f"Đơn vị cấp trên «{parent}» của «{code}» không có trong danh mục: "
                                    f"{where}."))
            parents[code] = home
    for code in parents:
        seen = [code]
        current = parents[code]
        while current:
            if current in seen:
                problems.append(Problem(file_name, rows[code], "parent_code", parents[code],
                                        "cây đơn vị không có vòng lặp", "warning",
                                        f"Đơn vị «{code}» nằm trong vòng lặp cấp trên "
                                        f"({' → '.join(seen + [current])}): {where}."))
                parents[code] = home if home != code else ""
                break
            seen.append(current)
            current = parents.get(current, "")
    units["parent_code"] = units["unit_code"].map(parents)
    return units


CHANGES_FILE = "don_vi_chuyen_doi.csv"


def load_unit_changes(cycle_dir: Path) -> tuple[dict[str, str], list[Problem]]:
    """Old unit code → new unit code, from the cycle's don_vi_chuyen_doi.csv (optional)."""
    path = cycle_dir / CHANGES_FILE
    if not path.exists():
        return {}, []
    try:
        grid = read_grid(path)
    except TableError as exc:
        return {}, [Problem(CHANGES_FILE, None, None, None, "tệp CSV", "error", str(exc))]
    header = find_header(grid, build_alias_index(columns_config()["unit_changes"]), ("old_code", "new_code"))
    if header is None or {"old_code", "new_code"} - set(header.columns.values()):
        return {}, [Problem(CHANGES_FILE, None, None, None, "các cột Mã đơn vị cũ, Mã đơn vị mới", "error",
                            f"Tệp {CHANGES_FILE} thiếu cột Mã đơn vị cũ hoặc Mã đơn vị mới: không dùng được.")]
    mapping: dict[str, str] = {}
    problems: list[Problem] = []
    for offset, row in enumerate(grid.rows[header.data_start:], start=header.data_start):
        cells = {key: (row[pos] if pos < len(row) else "") for pos, key in header.columns.items()}
        old, new = cells.get("old_code", ""), cells.get("new_code", "")
        if not old and not new:
            continue
        if not old or not new:
            problems.append(Problem(CHANGES_FILE, grid.first_row + offset, "old_code" if not old else "new_code",
                                    old or new, "cả mã cũ và mã mới", "error",
                                    "Dòng chuyển đổi thiếu mã cũ hoặc mã mới: bỏ qua dòng này."))
            continue
        mapping[old] = new
    return mapping, problems
