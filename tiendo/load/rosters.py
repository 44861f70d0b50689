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
from tiendo.cache import file_digest
from tiendo.load import cache
from tiendo.load.tables import TableError, build_alias_index, read_table
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
    cache_keys: list[str] = field(default_factory=list)  # the parse-cache entries used (none without a cache)


def roster_files(cycle_dir: Path) -> list[Path]:
    return sorted(
        p for p in cycle_dir.iterdir()
        if p.is_file() and p.suffix.lower() in ROSTER_SUFFIXES and p.name not in NOT_ROSTERS
        and not p.name.startswith(("~$", "."))  # Excel lock files, hidden files
    )


def _empty_rows() -> pd.DataFrame:
    return pd.DataFrame({key: pd.Series(dtype="str") for key in (*ROSTER_COLUMNS, "source_file")}
                        | {"source_row": pd.Series(dtype="int64")})


def load_roster_file(path: Path, alias_index: dict[str, str], *,
                     fast: bool = True) -> tuple[pd.DataFrame, int, list[Problem]]:
    """One file → (rows, rows_read, problems). A file whose required columns are missing has all
    its rows counted as read and reported as rejected by one file-level problem. `fast=False`
    reads with the reference reader (the tests compare both)."""
    name = path.name
    try:
        table = read_table(path, alias_index, REQUIRED_ROSTER_COLUMNS, fast=fast)
    except TableError as exc:
        return _empty_rows(), 0, [Problem(name, None, None, None, "tệp CSV hoặc Excel (.xlsx) theo mẫu",
                                          "error", str(exc))]
    header = table.header
    rows_read = len(table.excel_rows)
    found = set(header.columns.values()) if header else set()
    missing = [key for key in REQUIRED_ROSTER_COLUMNS if key not in found]
    if header is None or missing:
        labels = columns_config()["roster"]
        wanted = ", ".join(f"«{labels[key][0]}»" for key in (missing or REQUIRED_ROSTER_COLUMNS))
        header_row = table.header_row
        where = f"dòng tiêu đề {header_row}" if header else "không tìm thấy dòng tiêu đề"
        return _empty_rows(), rows_read, [Problem(
            name, header_row, ", ".join(missing) or None, None, "các cột bắt buộc của mẫu danh sách", "error",
            f"Tệp «{name}» thiếu cột {wanted} ({where}): không tính được dòng nào của tệp này.")]

    positions = {key: pos for pos, key in header.columns.items()}
    frame = pd.DataFrame({key: table.column(positions.get(key)) for key in ROSTER_COLUMNS})
    frame["source_file"] = name
    frame["source_row"] = pd.Series(table.excel_rows, dtype="int64")
    return frame, rows_read, []


def load_rosters(cycle_dir: Path, cache_dir: Path | None = None) -> RosterLoad:
    """Every roster file of a cycle. With `cache_dir`, a file parsed by an earlier build (same
    name, same bytes, same loader) is read back from there instead: the result is the same."""
    alias_index = build_alias_index(columns_config()["roster"])
    frames, rows_read, problems, keys = [], {}, [], []
    for path in roster_files(cycle_dir):
        if cache_dir is None:
            frame, count, file_problems = load_roster_file(path, alias_index)
        else:
            key, (frame, count, file_problems) = _load_cached(path, alias_index, cache_dir)
            keys.append(key)
        frames.append(frame)
        rows_read[path.name] = count
        problems.extend(file_problems)
    rows = pd.concat(frames, ignore_index=True) if frames else _empty_rows()
    return RosterLoad(rows=rows, rows_read=rows_read, problems=problems, cache_keys=keys)


def _load_cached(path: Path, alias_index: dict[str, str], cache_dir: Path) -> tuple[str, cache.Entry]:
    key = cache.cache_key(path.name, file_digest(path))  # the build has hashed the file already
    entry = cache.read_entry(cache_dir, key)
    if entry is None:
        entry = load_roster_file(path, alias_index)
        cache.write_entry(cache_dir, key, entry)
    return key, entry
