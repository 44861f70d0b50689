"""Reading roster files (one row per person and language) into canonical columns.

Load does not judge values: every data row of every readable file comes out as text, with the
file and the Excel row number it came from, so validate can report anything precisely and
`rows_read = rows_counted + rows_rejected` can be checked for every file.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tiendo.config import columns_config
from tiendo.load.tables import TableError, build_alias_index, find_header, read_grid
from tiendo.load.units import UNITS_FILE_NAMES
from tiendo.model import REQUIRED_ROSTER_COLUMNS, ROSTER_COLUMNS, Problem

ROSTER_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".txt")
# Files in a cycle folder that are not rosters.
NOT_ROSTERS = set(UNITS_FILE_NAMES) | {"don_vi_chuyen_doi.csv", "nhiem_vu.csv"}


@dataclass
class RosterLoad:
    rows: pd.DataFrame  # ROSTER_COLUMNS as text + source_file, source_row
    rows_read: dict[str, int] = field(default_factory=dict)  # per file, data rows seen
    problems: list[Problem] = field(default_factory=list)


def roster_files(cycle_dir: Path) -> list[Path]:
    return sorted(
        p for p in cycle_dir.iterdir()
        if p.is_file() and p.suffix.lower() in ROSTER_SUFFIXES and p.name not in NOT_ROSTERS
        and not p.name.startswith(("~$", "."))  # Excel lock files, hidden files
    )


def _empty_rows() -> pd.DataFrame:
    return pd.DataFrame({key: pd.Series(dtype="str") for key in (*ROSTER_COLUMNS, "source_file")}
                        | {"source_row": pd.Series(dtype="int64")})


def load_roster_file(path: Path, alias_index: dict[str, str]) -> tuple[pd.DataFrame, int, list[Problem]]:
    """One file → (rows, rows_read, problems). A file whose required columns are missing has all
    its rows counted as read and reported as rejected by one file-level problem."""
    name = path.name
    try:
        grid = read_grid(path)
    except TableError as exc:
        return _empty_rows(), 0, [Problem(name, None, None, None, "tệp CSV hoặc Excel (.xlsx) theo mẫu",
                                          "error", str(exc))]
    header = find_header(grid, alias_index, REQUIRED_ROSTER_COLUMNS)
    start = header.data_start if header else 0
    data = [(grid.first_row + i, row) for i, row in enumerate(grid.rows[start:], start=start)
            if any(cell for cell in row)]
    found = set(header.columns.values()) if header else set()
    missing = [key for key in REQUIRED_ROSTER_COLUMNS if key not in found]
    if header is None or missing:
        labels = columns_config()["roster"]
        wanted = ", ".join(f"«{labels[key][0]}»" for key in (missing or REQUIRED_ROSTER_COLUMNS))
        where = f"dòng tiêu đề {grid.first_row + header.row_index}" if header else "không tìm thấy dòng tiêu đề"
        return _empty_rows(), len(data), [Problem(
            name, grid.first_row + header.row_index if header else None, ", ".join(missing) or None, None,
            "các cột bắt buộc của mẫu danh sách", "error",
            f"Tệp «{name}» thiếu cột {wanted} ({where}): không tính được dòng nào của tệp này.")]

    records = {key: [] for key in ROSTER_COLUMNS}
    positions = {key: pos for pos, key in header.columns.items()}
    for _, row in data:
        for key in ROSTER_COLUMNS:
            pos = positions.get(key)
            records[key].append(row[pos] if pos is not None and pos < len(row) else "")
    frame = pd.DataFrame(records, dtype="str")
    frame["source_file"] = name
    frame["source_row"] = pd.Series([excel_row for excel_row, _ in data], dtype="int64")
    return frame, len(data), []


def load_rosters(cycle_dir: Path) -> RosterLoad:
    alias_index = build_alias_index(columns_config()["roster"])
    frames, rows_read, problems = [], {}, []
    for path in roster_files(cycle_dir):
        frame, count, file_problems = load_roster_file(path, alias_index)
        frames.append(frame)
        rows_read[path.name] = count
        problems.extend(file_problems)
    rows = pd.concat(frames, ignore_index=True) if frames else _empty_rows()
    return RosterLoad(rows=rows, rows_read=rows_read, problems=problems)
