"""Reading the unit tree of a cycle (`don_vi.csv`) into a plain table, with its problems."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from tiendo.config import columns_config
from tiendo.load.folders import UNIT_CHANGES, UNITS, not_read, one_of
from tiendo.load.tables import FOOTER_ROWS, FOOTER_WORDS, TableError, build_alias_index, find_header, read_grid
from tiendo.model import UNIT_COLUMNS, Problem
from tiendo.text import fold

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


def _label(key: str) -> str:
    return columns_config()["units"][key][0]  # the template's own header


def _columns_hint() -> str:
    return ", ".join(_label(key) for key in ("unit_code", "unit_name", "parent_code", "tier"))


@dataclass
class UnitsFile:
    """A cycle's units file (don_vi.csv), read: the usable units, the problems, and the codes of the rows that
    could not be used (code → why), so a roster row of such a unit says why, not "not listed"."""
    table: pd.DataFrame  # columns UNIT_COLUMNS + source_row, index-free
    problems: list[Problem] = field(default_factory=list)
    dropped: dict[str, str] = field(default_factory=dict)


def read_unit_tree(cycle_dir: Path) -> UnitsFile:
    path, others = one_of(UNITS, cycle_dir)
    if path is None:
        raise UnitsError(f"Kỳ «{cycle_dir.name}» thiếu tệp danh mục đơn vị {UNITS.name} (hoặc don_vi.xlsx), "
                         f"cần các cột {_columns_hint()}.")
    tree = _read_units_file(path, cycle_dir.name)
    for other in others:  # the same list saved twice (xlsx, then csv) is harmless; two lists are not
        if not _read_units_file(other, cycle_dir.name).table.drop(columns="source_row").equals(
                tree.table.drop(columns="source_row")):
            raise UnitsError(f"Kỳ «{cycle_dir.name}» có hai danh mục đơn vị khác nhau, «{path.name}» và «{other.name}»: "
                             "giữ một tệp (xóa hoặc chuyển tệp kia ra khỏi thư mục kỳ) rồi chạy lại.")
        tree.problems += not_read(UNITS, path, [other], "Hai tệp cùng nội dung.")
    return tree


def load_units(cycle_dir: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """The unit table (columns UNIT_COLUMNS + source_row, index-free) and its problems."""
    tree = read_unit_tree(cycle_dir)
    return tree.table, tree.problems


def _read_units_file(path: Path, cycle_name: str) -> UnitsFile:
    name = path.name
    try:
        grid = read_grid(path)
    except TableError as exc:
        raise UnitsError(f"Kỳ «{cycle_name}»: {exc}") from exc
    header = find_header(grid, build_alias_index(columns_config()["units"]), REQUIRED)
    found = set(header.columns.values()) if header else set()
    missing = [key for key in REQUIRED if key not in found]
    if header is None or missing:
        raise UnitsError(f"Tệp «{name}» của kỳ «{cycle_name}» thiếu cột bắt buộc: "
                         f"{', '.join(_label(key) for key in (missing or REQUIRED))} (các cột của danh mục: "
                         f"{_columns_hint()}; dòng tiêu đề là dòng đầu của bảng).")

    problems: list[Problem] = []
    dropped: dict[str, str] = {}
    records = []
    seen: dict[str, int] = {}
    body = grid.rows[header.data_start:]
    end = _footer_start(body, next(pos for pos, key in header.columns.items() if key == "tier"))
    for offset, row in enumerate(body[:end], start=header.data_start):
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
            dropped[code] = f"dòng {excel_row} của «{name}» không ghi rõ cấp (Tỉnh / Huyện / Xã)"
            continue
        seen[code] = excel_row
        records.append({**{key: cells.get(key, "") for key in UNIT_COLUMNS}, "tier": tier, "source_row": excel_row})

    units = pd.DataFrame.from_records(records, columns=[*UNIT_COLUMNS, "source_row"])
    units = _repair_tree(units, name, problems)
    return UnitsFile(units, problems, dropped)


def _footer_start(rows: list[list[str]], tier_at: int) -> int:
    """Where a footer under the table begins ("Người lập biểu", "TM. UBND", the signers' names,
    often in the code column): the first row with footer words in the rows at the end that give
    no tier. The table's end otherwise (a row with no tier above it is still an error)."""
    start = len(rows)
    while start > max(0, len(rows) - FOOTER_ROWS) and not _cell(rows[start - 1], tier_at):
        start -= 1
    for position in range(start, len(rows)):
        if FOOTER_WORDS.search(fold(" ".join(cell for cell in rows[position] if cell))):
            return position
    return len(rows)


def _cell(row: list[str], position: int) -> str:
    return row[position] if position < len(row) else ""


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


class UnitChanges(NamedTuple):
    mapping: dict[str, str]  # old unit code → new unit code
    problems: list[Problem]
    file: str  # the file read ("" without one)
    rows: dict[str, int]  # old unit code → the Excel row of `file` that says so


def load_unit_changes(cycle_dir: Path) -> UnitChanges:
    """Old unit code → new unit code, from the cycle's don_vi_chuyen_doi.csv (optional)."""
    path, others = one_of(UNIT_CHANGES, cycle_dir)
    if path is None:
        return UnitChanges({}, [], "", {})
    name = path.name
    problems = not_read(UNIT_CHANGES, path, others)
    try:
        grid = read_grid(path)
    except TableError as exc:
        return UnitChanges({}, [*problems, Problem(name, None, None, None, "tệp CSV hoặc Excel", "error", str(exc))],
                           name, {})
    header = find_header(grid, build_alias_index(columns_config()["unit_changes"]), ("old_code", "new_code"))
    if header is None or {"old_code", "new_code"} - set(header.columns.values()):
        return UnitChanges({}, [*problems, Problem(
            name, None, None, None, "các cột Mã đơn vị cũ, Mã đơn vị mới", "error",
            f"Tệp «{name}» thiếu cột Mã đơn vị cũ hoặc Mã đơn vị mới: không dùng được.")], name, {})
    mapping: dict[str, str] = {}
    rows: dict[str, int] = {}
    for offset, row in enumerate(grid.rows[header.data_start:], start=header.data_start):
        excel_row = grid.first_row + offset
        cells = {key: (row[pos] if pos < len(row) else "") for pos, key in header.columns.items()}
        old, new = cells.get("old_code", ""), cells.get("new_code", "")
        if not old and not new:
            continue
        if not old or not new:
            problems.append(Problem(name, excel_row, "old_code" if not old else "new_code",
                                    old or new, "cả mã cũ và mã mới", "error",
                                    "Dòng chuyển đổi thiếu mã cũ hoặc mã mới: bỏ qua dòng này."))
            continue
        if old in mapping:
            if mapping[old] != new:
                first = rows[old]
                problems.append(Problem(name, excel_row, "new_code", new, "mỗi mã cũ một dòng", "error",
                                        f"Mã đơn vị cũ «{old}» đã chuyển thành «{mapping[old]}» ở dòng {first}: "
                                        f"giữ dòng {first}, bỏ qua dòng này.", related_rows=(first,)))
            continue
        mapping[old] = new
        rows[old] = excel_row
    looped = []
    for old in mapping:  # A → B and B → A: whose people go where cannot be told
        seen, code = [old], mapping[old]
        while code in mapping and code not in seen:
            seen.append(code)
            code = mapping[code]
        if code == old:
            looped.append(old)
            problems.append(Problem(name, rows[old], "new_code", mapping[old], "không có vòng chuyển đổi",
                                    "error", f"Chuyển đổi đơn vị thành vòng ({' → '.join([*seen, old])}): "
                                    "bỏ qua dòng này."))
    for old in looped:
        del mapping[old], rows[old]
    return UnitChanges(mapping, problems, name, rows)
