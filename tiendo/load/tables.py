"""Reading a spreadsheet-like file (CSV or XLSX) into a grid of text, keeping Excel's row numbers.

Every cell comes back as a string (or "" when empty), NFC-normalised, so the validate stage sees
exactly what the agency typed, and each row keeps the number Excel shows for it.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import pandas as pd
from charset_normalizer import from_bytes

from tiendo.text import fold, nfc

MAX_HEADER_SCAN = 30  # title rows above the header are common; a header lower than this is not


class TableError(Exception):
    """A file that cannot be read as a table at all (message in Vietnamese)."""


@dataclass
class Grid:
    """A sheet as text: rows of cells; `first_row` is the Excel number of rows[0]."""

    rows: list[list[str]]
    first_row: int = 1


def decode_text(raw: bytes, file_name: str) -> str:
    """Bytes → NFC text. UTF-8 (with or without BOM) and UTF-16 with BOM are certain; anything
    else (Windows-1258, TCVN3 exports, …) goes to charset-normalizer rather than a guess."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return nfc(raw.decode("utf-16"))
    try:
        return nfc(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    best = from_bytes(raw).best()
    if best is None:
        raise TableError(f"Tệp «{file_name}» không phải tệp văn bản đọc được (không rõ bảng mã).")
    return nfc(str(best))


def _sniff_delimiter(text: str) -> str:
    """Excel writes "," or ";" (by regional settings) and "\\t" for "Unicode text"."""
    head = "\n".join(text.splitlines()[:MAX_HEADER_SCAN])
    counts = {sep: head.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=counts.get)


def read_csv_grid(path: Path) -> Grid:
    text = decode_text(path.read_bytes(), path.name)
    if "\x00" in text:
        raise TableError(f"Tệp «{path.name}» chứa dữ liệu nhị phân, không phải CSV.")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    try:
        rows = [[cell.strip() for cell in row] for row in reader]
    except csv.Error as exc:
        raise TableError(f"Tệp «{path.name}» không đọc được như CSV: {exc}.") from exc
    return Grid(rows=rows, first_row=1)


def _cell_text(value: object) -> str:
    """Excel cells arrive typed: print them the way Excel shows them to the person who typed."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y") if value.time() == time(0) else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(str(value)).strip()


ROSTER_SHEET = "Danh sách"  # the data sheet of the template; other workbooks: their first sheet


def read_xlsx_grid(path: Path, sheet: str | int = ROSTER_SHEET) -> Grid:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = workbook.sheet_names
        if isinstance(sheet, str) and sheet not in names:
            sheet = 0
        sheet_obj = workbook.get_sheet_by_name(sheet) if isinstance(sheet, str) else workbook.get_sheet_by_index(sheet)
        # skip_empty_area=False keeps leading blank rows so row numbers match what Excel shows.
        values = sheet_obj.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises several types for damaged files
        raise TableError(f"Tệp «{path.name}» không mở được như Excel (.xlsx): {exc}.") from exc
    return Grid(rows=[[_cell_text(v) for v in row] for row in values], first_row=1)


def read_grid(path: Path) -> Grid:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        return read_xlsx_grid(path)
    return read_csv_grid(path)


_HEADER_KEY = re.compile(r"[^a-z0-9]+")


def header_key(text: str) -> str:
    """The matching form of a header: no case, diacritics, spaces, line breaks or punctuation."""
    return _HEADER_KEY.sub("", fold(text))


def build_alias_index(aliases: dict[str, list[str]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for key, names in aliases.items():
        index[header_key(key)] = key
        for name in names:
            index.setdefault(header_key(name), key)
    return index


@dataclass
class HeaderMatch:
    row_index: int  # index into Grid.rows (the first header row)
    columns: dict[int, str]  # column position → template key
    unknown: list[str]  # headers kept but not used
    data_start: int = -1  # index of the first data row (after sub-header and column-number rows)

    def __post_init__(self):
        if self.data_start < 0:
            self.data_start = self.row_index + 1


_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")


def _is_column_numbers(row: list[str]) -> bool:
    """The "(1) (2) (3) …" row many official forms put under the header: not data."""
    cells = [c for c in row if c]
    return len(cells) >= 3 and all(_COLUMN_NUMBER.match(c) for c in cells)


def find_header(grid: Grid, alias_index: dict[str, str], required: tuple[str, ...]) -> HeaderMatch | None:
    """The header is the first row (within the first rows) naming most of the known columns."""
    best: HeaderMatch | None = None
    best_score = 0
    for index, row in enumerate(grid.rows[:MAX_HEADER_SCAN]):
        columns: dict[int, str] = {}
        unknown: list[str] = []
        for position, cell in enumerate(row):
            key = alias_index.get(header_key(cell)) if cell else None
            if key and key not in columns.values():
                columns[position] = key
            elif cell:
                unknown.append(cell)
        score = len(columns) + 2 * sum(1 for key in required if key in columns.values())
        if len(columns) >= 2 and score > best_score:
            best, best_score = HeaderMatch(index, columns, unknown), score
    if best is None:
        return None
    # A two-row header ("Trình độ ngoại ngữ" over "Ngoại ngữ | Trình độ | Ngày cấp"): the second row
    # names columns the first left blank or grouped.
    following = best.row_index + 1
    if following < len(grid.rows):
        below = grid.rows[following]
        sub = {pos: alias_index.get(header_key(cell)) for pos, cell in enumerate(below) if cell}
        sub = {pos: key for pos, key in sub.items() if key}
        if sub and all(not _is_data_like(cell) for cell in below):
            for pos, key in sub.items():
                # the sub-header names the column; a group label above it ("Trình độ ngoại ngữ"
                # over "Ngoại ngữ | Trình độ") gives way
                for other in [p for p, k in best.columns.items() if k == key and p != pos]:
                    del best.columns[other]
                best.columns[pos] = key
            best.data_start = following + 1
    while best.data_start < len(grid.rows) and _is_column_numbers(grid.rows[best.data_start]):
        best.data_start += 1
    return best


def _is_data_like(cell: str) -> bool:
    """Header rows hold words; a date or a long number in a row means it is data."""
    return bool(re.search(r"\d{2,}", cell)) and not _COLUMN_NUMBER.match(cell)
