"""Reading a spreadsheet-like file (CSV or XLSX) into a grid of text, keeping Excel's row numbers.

Every cell comes back as a string (or "" when empty), NFC-normalised, so the validate stage sees
exactly what the agency typed, and each row keeps the number Excel shows for it.
"""
from __future__ import annotations

import csv
import functools
import io
import itertools
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from charset_normalizer import from_bytes

from tiendo.config import load_values
from tiendo.levels import default_table
from tiendo.load.sheet_xml import SheetMarks, SheetXml, inspect_sheet, ods_merged, read_bounded
from tiendo.text import fold, nfc

MAX_HEADER_SCAN = 30  # title rows above the header are common; a header lower than this is not


class TableError(Exception):
    """A file that cannot be read as a table at all (message in Vietnamese)."""


@dataclass
class Grid:
    """A sheet as text: rows of cells; `first_row` is the Excel number of rows[0]; `merged`: the
    merged cells of a workbook as ((first row, first column), (last row, last column)), 0-based."""

    rows: list[list[str]]
    first_row: int = 1
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    strays: list[tuple[str, str]] = field(default_factory=list)  # far cells not read (sheet_xml): (cell, value)
    marks: SheetMarks = field(default_factory=SheetMarks)  # hidden columns, rows, error cells (sheet_xml)

    @property
    def hidden(self) -> set[int]:
        return self.marks.hidden_columns


def decode_text(raw: bytes, file_name: str) -> str:
    """Bytes → NFC text. UTF-8 (with or without BOM) and UTF-16 with BOM are certain; anything
    else (Windows-1258, TCVN3 exports, …) goes to charset-normalizer rather than a guess."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return nfc(raw.decode("utf-16"))
    try:
        return nfc(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    if (text := _mostly_utf8(raw)) is not None:
        return nfc(text)
    best = from_bytes(raw).best()
    if best is None:
        raise TableError(f"Tệp «{file_name}» không phải tệp văn bản đọc được (không rõ bảng mã).")
    return nfc(str(best))


def _mostly_utf8(raw: bytes) -> str | None:
    """A UTF-8 file with a few stray bytes (one «Chuyên viên» + 0xA0 pasted from elsewhere) is UTF-8:
    those bytes become «\ufffd», and the roster names their cells. Before, the whole file was refused.
    A file in another code page (Windows-1258, TCVN3) has almost no valid UTF-8 letter at all."""
    text = raw.decode("utf-8-sig", errors="replace")
    broken = text.count("\ufffd")
    letters = len(text) - len(text.encode("ascii", "ignore")) - broken  # non-ASCII characters that decoded
    return text if broken <= 20 and letters >= 20 * broken else None


def broken_cells(table: "Table") -> list[tuple[int, int, str]]:
    """Cells of a CSV decoded with stray bytes («\ufffd»): (Excel row, 0-based column, text)."""
    found = []
    for position, cells in table.columns.items():
        hit = cells.str.contains("\ufffd", regex=False).to_numpy(dtype=bool)
        found += [(int(row), position, text) for row, text in zip(table.excel_rows[hit], cells[hit])]
    return sorted(found)


def _sniff_delimiter(text: str) -> str:
    """Excel writes "," or ";" (by regional settings) and "\\t" for "Unicode text"."""
    head = text[:_head_end(text, MAX_HEADER_SCAN)]
    counts = {sep: head.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=counts.get)


# The line boundaries of str.splitlines(), to find the first lines without splitting a 30 MB file.
_LINE_BOUNDARY = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _head_end(text: str, lines: int) -> int:
    """Where the first `lines` lines of text.splitlines() end."""
    for count, match in enumerate(_LINE_BOUNDARY.finditer(text), start=1):
        if count == lines:
            return match.start()
    return len(text)


def read_csv_text(path: Path) -> str:
    """A CSV file's text, decoded and NFC, refused when it is binary."""
    text = decode_text(path.read_bytes(), path.name)
    if "\x00" in text:
        raise TableError(f"Tệp «{path.name}» chứa dữ liệu nhị phân, không phải CSV.")
    return text


def parse_csv_grid(text: str, delimiter: str, file_name: str) -> Grid:
    """The reference CSV reader: Python's csv module, one row per record, cells stripped."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = [[cell.strip() for cell in row] for row in reader]
    except csv.Error as exc:
        raise TableError(f"Tệp «{file_name}» không đọc được như CSV: {exc}.") from exc
    return Grid(rows=rows, first_row=1)


def read_csv_grid(path: Path) -> Grid:
    text = read_csv_text(path)
    return parse_csv_grid(text, _sniff_delimiter(text), path.name)


_EXCEL_EPOCH = date(1899, 12, 30)


def _year_typed_as_date(value: date) -> str | None:
    """A year typed into a cell formatted as a date ("1985" in the template's Ngày sinh column): Excel
    stores day 1985 after its epoch, shown as 07/06/1905. No roster date is that old: the year it was."""
    day = value.date() if isinstance(value, datetime) else value
    serial = (day - _EXCEL_EPOCH).days
    return str(serial) if day.year < 1910 and 1900 <= serial <= 2100 else None


def _cell_text(value: object) -> str:
    """Excel cells arrive typed: print them the way Excel shows them to the person who typed."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, (datetime, date)) and (year := _year_typed_as_date(value)):
        return year
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y") if value.time() == time(0) else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(str(value)).strip()


ROSTER_SHEET = "Danh sách"  # the data sheet of the template; other workbooks: their first sheet


def read_xlsx_grid(path: Path, sheet: str | int = ROSTER_SHEET) -> Grid:
    """A workbook's sheet (by name; a name it does not have: the first sheet) as text. An .xlsx sheet's
    own XML is read once besides (sheet_xml): its hidden columns and rows, its error cells, and a
    range too big for calamine, read instead through openpyxl's streaming reader."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = workbook.sheet_names
        index = names.index(sheet) if isinstance(sheet, str) and sheet in names else sheet if isinstance(sheet, int) else 0
        xml = inspect_sheet(path, index) if path.suffix.lower() in (".xlsx", ".xlsm") else SheetXml()
        if xml.oversized:
            bounded = read_bounded(path, names[index], xml.xml)
            return Grid(rows=[[_quick_cell_text(v) for v in row] for row in bounded.values], first_row=1,
                        merged=bounded.merged, strays=bounded.strays, marks=xml.marks)
        sheet_obj = workbook.get_sheet_by_index(index)
        # skip_empty_area=False keeps leading blank rows so row numbers match what Excel shows.
        values = sheet_obj.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine and openpyxl raise several types for damaged files
        raise TableError(f"Tệp «{path.name}» không mở được như tệp Excel: {exc}.") from exc
    try:
        merged = list(sheet_obj.merged_cell_ranges or [])  # .xlsx; other formats may have none
    except Exception:  # noqa: BLE001 (a format calamine reads without merge records)
        merged = []
    if not merged and path.suffix.lower() == ".ods":  # calamine records none for .ods: read from its XML
        merged = ods_merged(path, index)
    return Grid(rows=[[_quick_cell_text(v) for v in row] for row in values], first_row=1, merged=merged,
                marks=xml.marks)


def _quick_cell_text(value: object) -> str:
    """_cell_text with the two commonest cells (text, empty) first: same result, fewer checks."""
    if type(value) is str:
        return nfc(value).strip()
    if value is None:
        return ""
    return _cell_text(value)


def read_grid(path: Path) -> Grid:
    if path.suffix.lower() in XLSX_SUFFIXES:
        return read_xlsx_grid(path)
    return read_csv_grid(path)


# What begins the footer of a form under its table (folded text): a totals line, the place and
# date («Hà Sơn, ngày 20 tháng 6 năm 2025», the place first), the signers ("Người lập biểu", "TM. UBND",
# "(Ký, ghi rõ họ tên)").
# «Cộng», «TỔNG CỘNG», «Cộng: 22»; «Cộng khối sự nghiệp», «Cộng phòng», «Cộng (I)»: a group's total
SUBTOTAL = re.compile(r"^(?:tong cong|tong so|cong)\s*(?:[:\d]|$)"
                      r"|^(?:tong )?cong (?:khoi|don vi|co quan|phong|nhom|muc|phan|loai|toan|chung|\(?[ivx]+\b|\(?[a-d]\b)")
FOOTER_WORDS = re.compile(SUBTOTAL.pattern + r"|\(ky\b|^nguoi lap|^thu truong|"
                          r"^(?:[^,\d]{0,40},\s*)?(?:ngay .{0,12})?thang .{0,10}nam|^(?:tm|kt|q)\. |^giam doc\b|"
                          r"^chu tich\b")
FOOTER_ROWS = 40  # at most this many rows under a table: a totals line, a date, signers, their names


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


_NOTE = re.compile(r"\s*[(\[][^)\]]*[)\]]\s*")
_ORDINAL = re.compile(r"\s+(?:\d|thứ\s+(?:nhất|hai|ba))$", re.IGNORECASE)


def header_field(cell: str, alias_index: dict[str, str]) -> tuple[str | None, str, int]:
    """(template key, the name matched, 0 for the header as listed or 1 once a note in brackets is
    set aside: "Lãnh đạo, quản lý (Có/Không)", "Không áp dụng (ghi lý do)"); key None if neither."""
    if not cell:
        return None, "", 2
    if key := alias_index.get(name := header_key(cell)):
        return key, name, 0
    bare = _NOTE.sub(" ", cell).strip()
    if bare and bare != cell and (key := alias_index.get(name := header_key(bare))):
        return key, name, 1
    # «Ngoại ngữ 1 | Trình độ | Ngoại ngữ 2 | Trình độ», «Ngoại ngữ thứ hai»: a numbered pair of the form
    unnumbered = _ORDINAL.sub("", bare).strip()
    if unnumbered and unnumbered != bare and (key := alias_index.get(name := header_key(unnumbered))):
        return key, name, 1
    return None, "", 2


def _choose(candidates: list[tuple[str, int, int]]) -> int:
    """The column of one field among the headers naming it, as (name, 0|1, position): the header as
    listed, then the first; but a fuller name holding the chosen one wins ("Ngoại ngữ chuyên ngành"
    over a degree's "Chuyên ngành" before it)."""
    name, _, position = min(candidates, key=lambda c: (c[1], c[2]))
    fuller = [c for c in candidates if name in c[0] and len(c[0]) > len(name)]
    return max(fuller, key=lambda c: len(c[0]))[2] if fuller else position


@dataclass
class HeaderMatch:
    row_index: int  # index into Grid.rows (the first header row)
    columns: dict[int, str]  # column position → template key
    unknown: list[str]  # headers kept but not used
    data_start: int = -1  # index of the first data row (after sub-header and column-number rows)
    part_labels: dict[int, str] = field(default_factory=dict)  # level_part columns → their sub-header
    # level_part columns headed by one test («IELTS», «Điểm TOEIC») → that header, put before a bare score
    part_tests: dict[int, str] = field(default_factory=dict)
    twins: dict[int, list[int]] = field(default_factory=dict)  # a column read → others with its very name, not read

    def __post_init__(self):
        if self.data_start < 0:
            self.data_start = self.row_index + 1

    @property
    def kept_positions(self) -> list[int]:
        """The columns whose cells are kept: those read, and their twins (a repeated pair «Ngoại ngữ 1 |
        Trình độ | Ngoại ngữ 2 | Trình độ» is read whole)."""
        return [*self.columns, *(p for others in self.twins.values() for p in others)]


COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")  # "(1)", "2": a form's column numbers
_COLUMN_LETTER = re.compile(r"^\(?[A-Z]\)?$")  # «A | B | C | 1 | 2 …»: the text columns lettered, the others numbered


def _is_column_numbers(row: list[str]) -> bool:
    """The "(1) (2) (3) …" row many official forms put under the header (or «A | B | C | 1 | 2 | …»,
    letters over the text columns): not data."""
    cells = [c for c in row if c]
    numbers = sum(1 for c in cells if COLUMN_NUMBER.match(c))
    return len(cells) >= 3 and numbers >= 2 and all(COLUMN_NUMBER.match(c) or _COLUMN_LETTER.match(c) for c in cells)


def _visible_twin(found: list[tuple[str, int, int]], hidden: set[int]) -> list[tuple[str, int, int]]:
    """Of columns with the very same name, the hidden ones set aside when one is visible; columns of
    other names stay (a hidden «Trình độ ngoại ngữ» still wins over a visible degree's «Trình độ»)."""
    visible_names = {name for name, _, position in found if position not in hidden}
    return [c for c in found if c[2] not in hidden or c[0] not in visible_names]


def find_header(grid: Grid, alias_index: dict[str, str], required: tuple[str, ...]) -> HeaderMatch | None:
    """The header is the first row (within the first rows) naming most of the known columns."""
    best: HeaderMatch | None = None
    best_score = 0
    for index, row in enumerate(grid.rows[:MAX_HEADER_SCAN]):
        candidates: dict[str, list[tuple[str, int, int]]] = {}
        for position, cell in enumerate(row):
            key, name, tier = header_field(cell, alias_index)
            if key:
                candidates.setdefault(key, []).append((name, tier, position))
        # of two columns with one name, the visible one (last year's level kept in a hidden column beside)
        shown = {key: _visible_twin(found, grid.hidden) for key, found in candidates.items()}
        columns = dict(sorted((_choose(found), key) for key, found in shown.items()))
        score = len(columns) + 2 * sum(1 for key in required if key in columns.values())
        if len(columns) >= 2 and score > best_score:
            twins = {}
            for position, key in columns.items():
                name = next(c[0] for c in candidates[key] if c[2] == position)
                if others := [c[2] for c in candidates[key] if c[0] == name and c[2] != position]:
                    twins[position] = others
            twin_cells = {p for others in twins.values() for p in others}  # said as twins, not as unknown
            unknown = [cell for position, cell in enumerate(row) if cell and position not in columns
                       and position not in twin_cells]
            best, best_score = HeaderMatch(index, columns, unknown, twins=twins), score
    if best is None:
        return None
    # A two-row header ("Trình độ ngoại ngữ" over "Ngoại ngữ | Trình độ | Ngày cấp"): the second row
    # names columns the first left blank or grouped. A three-row one («Thông tin về ngoại ngữ» over
    # «Yêu cầu … | Trình độ ngoại ngữ | …» over «Ngoại ngữ | Trình độ | Ngày cấp»): the third names the
    # columns of the second's groups, read the same way, one level down.
    top_groups = _read_sub_header(best, grid, best.row_index, alias_index, required)
    if top_groups is not None and best.data_start == best.row_index + 2:
        inside = {p for first, last in top_groups.items() for p in range(first, last + 1)}
        _read_sub_header(best, grid, best.row_index + 1, alias_index, required, within=inside)
    _split_birth_date(best, grid, alias_index)
    _split_name(best, grid)
    _other_levels(best, grid.rows[best.row_index])
    while best.data_start < len(grid.rows) and _is_column_numbers(grid.rows[best.data_start]):
        best.data_start += 1
    return best


def _read_sub_header(best: HeaderMatch, grid: Grid, top_index: int, alias_index: dict[str, str],
                     required: tuple[str, ...], within: set[int] | None = None) -> dict[int, int] | None:
    """Read the row under header row `top_index` as the names of its sub-columns, if it is one: the
    groups of the row above (first column → last), None when the row is not a sub-header. `within`:
    the row may name only these columns (a third header row stands under the first row's groups; a
    group heading «A | Cơ quan hành chính» under the header does not)."""
    following = top_index + 1
    if following >= len(grid.rows):
        return None
    below = grid.rows[following]
    sub = {pos: header_field(cell, alias_index)[0] for pos, cell in enumerate(below) if cell}
    sub = {pos: key for pos, key in sub.items() if key}
    if within is not None and (not sub or any(cell and pos not in within for pos, cell in enumerate(below))):
        return None
    top = grid.rows[top_index]
    groups = _group_starts(top, below, grid.merged, top_index)
    if not (groups or sub) or not _is_sub_header(below, best, required, groups):
        return None
    best.data_start = following + 1
    if groups:
        _read_groups(best, top, below, groups, alias_index, sub)
    for pos, key in sub.items():
        # A language field under another group is that group's: "Bậc" under "Ngạch, bậc
        # lương" or under "Nhu cầu bồi dưỡng" is not the level reached.
        label = _label_above(top, pos)
        if key in _LANGUAGE_FIELDS and label and not _LANGUAGE_GROUP.search(fold(label)):
            continue
        # ... and so is «Trình độ | Chuyên ngành» under «Trình độ chuyên môn» (the degree), but not
        # the «Ngoại ngữ» column under «Trình độ chuyên môn, nghiệp vụ» (its languages' level)
        if key in _LANGUAGE_FIELDS and _OTHER_SUBJECT.search(fold(label)) and \
                header_key(below[pos]) not in ("ngoaingu", "trinhdongoaingu"):
            continue
        # the sub-header names the column; a group label above it ("Trình độ ngoại ngữ"
        # over "Ngoại ngữ | Trình độ") gives way
        for other in [p for p, k in best.columns.items() if k == key and p != pos]:
            del best.columns[other]
        best.columns[pos] = key
    return groups


def _group_starts(top: list[str], below: list[str], merged: list, row_index: int) -> dict[int, int]:
    """Group labels of a two-row header, as first column → last column: a header cell merged across
    columns («Trình độ» over «Chuyên môn | … | Ngoại ngữ»), or, where no merge is recorded (a CSV), a
    header cell followed by blank ones with sub-headers under them («Giới tính», "" over «Nam | Nữ»)."""
    groups = {}
    for (first_row, first_col), (last_row, last_col) in merged:
        if first_row == row_index == last_row and last_col > first_col and first_col < len(top) and top[first_col]:
            groups[first_col] = last_col
    for position, cell in enumerate(top):
        if not cell or position in groups:
            continue
        end = position
        while end + 1 < len(top) and not top[end + 1] and end + 1 < len(below) and below[end + 1]:
            end += 1
        if end > position and position < len(below) and below[position]:
            groups[position] = end
    return groups


def _is_sub_header(below: list[str], best: HeaderMatch, required: tuple[str, ...], groups: dict[int, int]) -> bool:
    """The row under the header names sub-columns: words only, and blank under each required column
    that is not a group (a person's row has their ID, name, unit and category)."""
    if any(_is_data_like(cell) for cell in below) or not any(below):
        return False
    inside = {p for first, last in groups.items() for p in range(first, last + 1)}
    return all(position >= len(below) or not below[position] for position, key in best.columns.items()
               if key in required and position not in inside)


def _read_groups(best: HeaderMatch, top: list[str], below: list[str], groups: dict[int, int],
                 alias_index: dict[str, str], sub: dict[int, str]) -> None:
    """What each group's sub-columns are. Under the level («Trình độ», «Trình độ đào tạo»): a «Ngoại
    ngữ» sub-column is the level reached. Under «Trình độ ngoại ngữ» with no sub-column of the template
    («Tiếng Anh | Ngoại ngữ khác», «Theo khung 6 bậc | Chứng chỉ quốc tế»): each is a level, read
    together. Under «Giới tính»: «Nam | Nữ» marked with an «x». The group label stays the column of its
    first cell unless a sub-column takes its place; sub-headers left unread are named (unknown)."""
    for first, last in groups.items():
        group_key = best.columns.get(first)
        positions = range(first, min(last, len(below) - 1) + 1)
        label = fold(top[first])
        top_key = header_field(top[first], alias_index)[0]
        if group_key == "category" or top_key == "category":  # «Đối tượng» over «CB | CC | VC», an «x»
            kinds = category_kinds()
            marks = {p: CATEGORY_MARK + kinds[fold(below[p]).strip()] for p in positions
                     if fold(below[p]).strip() in kinds}
            if len(marks) >= 2:
                if group_key is not None:
                    del best.columns[first]
                for position, mark in marks.items():
                    best.columns[position] = mark
                    best.part_labels[position] = below[position]
                    sub.pop(position, None)
            continue
        if group_key == "gender" or top_key == "gender":
            marks = {p: _SEX_MARKS[fold(below[p]).strip()] for p in positions if fold(below[p]).strip() in _SEX_MARKS}
            if len(marks) == 2:
                if group_key is not None:
                    del best.columns[first]
                for position, mark in marks.items():
                    best.columns[position] = mark
                    sub.pop(position, None)
            continue
        if top_key != "level" and not _LANGUAGE_GROUP.search(label):
            continue
        if "trinh do" in label and "ngoai ngu" not in label:  # «Trình độ (đào tạo)» over «Chuyên môn | … | Ngoại ngữ»
            for position in positions:
                if sub.get(position) == "language":
                    sub[position] = "level"
        unnamed = [p for p in positions if below[p] and sub.get(p) is None and best.columns.get(p) in (None, group_key)]
        if any(sub.get(p) == "level" for p in positions):
            best.unknown += [below[p] for p in unnamed]
        elif unnamed and (top_key == "level" or "ngoai ngu" in label):
            if group_key == "level":
                del best.columns[first]  # the label over the levels, not a column of its own
            for number, position in enumerate(unnamed):
                best.columns[position] = f"{LEVEL_PART}{number}"
                label_below = below[position]
                best.part_labels[position] = label_below if _LANGUAGE_NAME.search(fold(label_below)) else ""
                _note_test(best, position, label_below)
        else:
            best.unknown += [below[p] for p in unnamed]
    best.columns = dict(sorted(best.columns.items()))


def _note_test(best: HeaderMatch, position: int, label: str) -> None:
    """A level column headed by one test: a bare number in it is that test's score or level."""
    if default_table().names_one_test(label):
        best.part_tests[position] = _NOTE.sub(" ", label).strip() or label


# Beside the level column, in the same header row, another column of levels: «Chứng chỉ quốc tế (IELTS, TOEIC,
# TOEFL…)», «Chứng chỉ khác», «Chứng chỉ ngoại ngữ khác», or one test («IELTS», «Điểm TOEIC») (folded)
_OTHER_LEVELS = re.compile(r"^(?:van bang,? )?chung chi\b.*\b(quoc te|khac)\b")


def _other_levels(best: HeaderMatch, top: list[str]) -> None:
    """Read a second column of levels with the level column, the highest counting, instead of passing
    over it: a person with only «IELTS 6.5» there had no level. Both become level parts (read together)."""
    levels = [p for p, key in best.columns.items() if key == "level"]
    parts = [p for p, key in best.columns.items() if key.startswith(LEVEL_PART)]
    if len(levels) + bool(parts) != 1 or any(p in best.twins for p in levels):
        return  # no level column, or «Ngoại ngữ 1 | Trình độ | Ngoại ngữ 2 | Trình độ» (read as pairs)
    twins = {p for others in best.twins.values() for p in others}
    beside = {q for p in levels + parts for q in (p - 1, p + 1)}

    def other_levels(position: int, cell: str) -> bool:
        if _OTHER_SUBJECT.search(fold(cell)):
            return False
        if match := _OTHER_LEVELS.search(fold(cell).strip()):  # «Chứng chỉ khác» may be any other: only right beside
            return match[1] == "quoc te" or position in beside
        return default_table().names_one_test(cell)

    extra = [p for p, cell in enumerate(top) if cell and p not in best.columns and p not in twins
             and other_levels(p, cell)]
    if not extra:
        return
    for position in levels:  # the level column becomes the first part: its own language column still names it
        best.columns[position] = f"{LEVEL_PART}0"
        best.part_labels[position] = ""
        _note_test(best, position, top[position])
    number = len(levels) + len(parts)
    for position in extra:
        best.columns[position] = f"{LEVEL_PART}{number}"
        best.part_labels[position] = ""
        _note_test(best, position, top[position])
        if top[position] in best.unknown:
            best.unknown.remove(top[position])
        number += 1
    best.columns = dict(sorted(best.columns.items()))


# «Nam | Nữ» under «Giới tính», marked with an «x»: the keys of the two columns (read by the roster)
GENDER_MALE_MARK, GENDER_FEMALE_MARK = "gender_mark_male", "gender_mark_female"
_SEX_MARKS = {"nam": GENDER_MALE_MARK, "nu": GENDER_FEMALE_MARK}
# «CB | CC | VC» (or «Cán bộ | Công chức | Viên chức») under «Đối tượng», marked with an «x»: keys
# category_mark_<category> (read by the roster; the sub-header's own words kept in part_labels)
CATEGORY_MARK = "category_mark_"


@functools.cache
def category_kinds() -> dict[str, str]:
    """The words of each category (config/values.yml), folded → the category's key."""
    return {fold(word): key for key, words in load_values()["categories"].items() for word in words}


def field_keys(header: HeaderMatch | None) -> set[str]:
    """The template's fields a header gives: the category's marks give the category."""
    keys = set(header.columns.values()) if header else set()
    return {"category" if key.startswith(CATEGORY_MARK) else "level" if key.startswith(LEVEL_PART) else key
            for key in keys}


# Sub-columns under the level named by a language («Tiếng Anh», «Ngoại ngữ khác»): keys level_part0, 1, …
LEVEL_PART = "level_part"
_LANGUAGE_NAME = re.compile(r"^\s*(?:tieng|ngoai ngu|nn|ngon ngu)\b|^\s*(?:anh|phap|nga|trung|nhat|han|duc|lao|khmer|khac)\b"
                            r"|\bvan\s*$")


# The personnel forms' "Ngày, tháng, năm sinh" split into a "Nam" and a "Nữ" column (the date written
# in the column of the person's sex): the "Nữ" column has this key, and the roster reads both.
BIRTH_DATE_FEMALE = "birth_date_female"
_GENDER_NOTE = re.compile(r"^(?P<field>.*?)[\s(\[\-–:,]*\b(?P<sex>nam|nu)[)\]]?$")


# «Ngày, tháng, năm sinh» over «Ngày | Tháng | Năm», or «Ngày sinh | Tháng sinh | Năm sinh» in one row: the
# day and the month have these keys, the year is the birth_date column, and the roster writes them as one date
BIRTH_DAY, BIRTH_MONTH = "birth_date_day", "birth_date_month"
_DATE_PARTS = (re.compile(r"^ngay(?: sinh)?$"), re.compile(r"^thang(?: sinh)?$"), re.compile(r"^nam(?: sinh)?$"))


def _header_texts(best: HeaderMatch, grid: Grid) -> dict[int, str]:
    """Each column's own header: its lowest non-blank cell in the header rows (a merged cell keeps its text
    in its top row)."""
    rows = grid.rows[best.row_index:max(best.data_start, best.row_index + 1)]
    width = max((len(row) for row in rows), default=0)
    texts = {}
    for position in range(width):
        texts[position] = next((row[position] for row in reversed(rows) if position < len(row) and row[position]), "")
    return texts


def _birth_date_in_three(best: HeaderMatch, grid: Grid, alias_index: dict[str, str]) -> bool:
    texts = _header_texts(best, grid)
    top = grid.rows[best.row_index]
    for position in range(len(texts) - 2):
        folded = [fold(texts[position + i]).strip() for i in range(3)]
        if not all(part.match(text) for part, text in zip(_DATE_PARTS, folded)):
            continue
        # bare «Ngày | Tháng | Năm» only under the birth date (not under «Ngày cấp»)
        if not folded[0].endswith("sinh") and header_field(_label_above(top, position), alias_index)[0] != "birth_date":
            continue
        for other in [p for p, key in best.columns.items() if key == "birth_date"]:
            del best.columns[other]
        best.columns.update({position: BIRTH_DAY, position + 1: BIRTH_MONTH, position + 2: "birth_date"})
        best.columns = dict(sorted(best.columns.items()))
        best.unknown = [cell for cell in best.unknown if cell not in {texts[position + i] for i in range(3)}]
        return True
    return False


def _split_birth_date(best: HeaderMatch, grid: Grid, alias_index: dict[str, str]) -> None:
    if _birth_date_in_three(best, grid, alias_index):
        return
    top = grid.rows[best.row_index]
    # one header row: "Ngày sinh (Nam)" | "Ngày sinh (Nữ)"
    split = {}
    for position, cell in enumerate(top):
        if (match := _GENDER_NOTE.match(fold(cell).strip())) and match["field"] and \
                header_field(match["field"], alias_index)[0] == "birth_date":
            split[match["sex"]] = position
    # two header rows: "Ngày, tháng, năm sinh" over "Nam | Nữ"
    below = grid.rows[best.row_index + 1] if best.row_index + 1 < len(grid.rows) else []
    if len(split) < 2:
        split = {}
        sexes = {fold(cell).strip(): position for position, cell in enumerate(below) if cell}
        male, female = sexes.get("nam"), sexes.get("nu")
        if male is not None and female is not None and abs(male - female) == 1:
            if header_field(_label_above(top, min(male, female)), alias_index)[0] == "birth_date":
                split = {"nam": male, "nu": female}
                best.data_start = max(best.data_start, best.row_index + 2)
    if len(split) < 2:
        return
    for position in [p for p, key in best.columns.items() if key == "birth_date"]:
        del best.columns[position]
    best.columns[split["nam"]] = "birth_date"
    best.columns[split["nu"]] = BIRTH_DATE_FEMALE
    best.columns = dict(sorted(best.columns.items()))
    best.unknown = [cell for cell in best.unknown if cell not in (top[split["nam"]], top[split["nu"]])]


# «Họ và chữ đệm | Tên» (or «Họ | Chữ đệm | Tên»): the columns before the given name have these keys (in
# order), and the roster writes the full name from them
NAME_PART = "full_name_part"
_NAME_PART = re.compile(r"^(?:ho(?: va)?(?: (?:chu|ten))? dem|ho|(?:chu|ten) dem|ho va)$")


def _split_name(best: HeaderMatch, grid: Grid) -> None:
    """Before, only the given name was kept («An», «Bình»), silently: lists showed given names, and two people
    with one ID were compared by their given names."""
    given = [p for p, key in best.columns.items() if key == "full_name"]
    texts = _header_texts(best, grid)
    if len(given) != 1 or fold(texts.get(given[0], "")).strip() != "ten":
        return
    parts: list[int] = []
    position = given[0] - 1
    while position >= 0 and len(parts) < 2 and position not in best.columns \
            and _NAME_PART.match(fold(texts.get(position, "")).strip()):
        parts.insert(0, position)
        position -= 1
    for number, position in enumerate(parts):
        best.columns[position] = f"{NAME_PART}{number}"
    best.columns = dict(sorted(best.columns.items()))
    best.unknown = [cell for cell in best.unknown if cell not in {texts[p] for p in parts}]


def _label_above(top: list[str], position: int) -> str:
    """The group label standing over a column of the lower header row: its own cell, else the
    nearest one to its left (a merged cell holds its text in its first column)."""
    return next((top[p] for p in range(min(position, len(top) - 1), -1, -1) if top[p]), "")


_LANGUAGE_FIELDS = {"language", "level", "certificate_date", "specialized"}
_OTHER_SUBJECT = re.compile(r"chuyen mon|hoc van|ly luan|chinh tri|tin hoc|quan ly nha nuoc|nghiep vu")
_LANGUAGE_GROUP = re.compile(r"ngoai ngu|trinh do|chung chi|\bnn\b")


def _is_data_like(cell: str) -> bool:
    """Header rows hold words; a date or a long number in a row means it is data."""
    return bool(re.search(r"\d{2,}", cell)) and not COLUMN_NUMBER.match(cell)


# -- data rows, column by column: the fast path for big CSV files -----------------------------------
# The header is found on the first records exactly as above (csv module); the records below it are
# parsed by pyarrow (or pandas' C parser when rows are ragged) as text. Whenever these could disagree
# with the csv module (a byte-order mark, over-long cells, rows longer than the head's, a parse
# error) the file goes through the reference reader instead: same cells, same Excel row numbers.

XLSX_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
HEAD_ROWS = MAX_HEADER_SCAN + 10  # records read by the csv module to find the header and what follows it
# What str.strip() removes: every code point with str.isspace() (all lie in the Basic Multilingual Plane).
WHITESPACE = "".join(ch for ch in map(chr, range(0x10000)) if ch.isspace())
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")  # lines as io.StringIO(newline="") splits them


@dataclass
class Table:
    """A sheet's header and its data rows (the rows below it with a non-empty cell), by column."""

    header: HeaderMatch | None
    columns: dict[int, pd.Series]  # header position → the text of each data row (str dtype)
    excel_rows: np.ndarray  # the row number Excel shows for each data row (int64)
    first_row: int = 1  # the Excel number of the sheet's first row
    sheet: str | None = None  # the sheet read (a workbook)
    strays: list[tuple[str, str]] = field(default_factory=list)  # far cells not read (sheet_xml): (cell, value)
    other_sheets: tuple[str, ...] = ()  # other sheets of the workbook with the template's header, not read
    marks: SheetMarks = field(default_factory=SheetMarks)  # hidden columns, rows, error cells (sheet_xml)

    @property
    def hidden(self) -> set[int]:
        return self.marks.hidden_columns

    @property
    def header_row(self) -> int | None:
        return self.first_row + self.header.row_index if self.header else None

    def column(self, position: int | None) -> pd.Series:
        if position is None:
            return pd.Series("", index=range(len(self.excel_rows)), dtype="str")
        return self.columns[position]


def read_table(path: Path, alias_index: dict[str, str], required: tuple[str, ...], *, fast: bool = True) -> Table:
    """Header and data rows of a CSV or XLSX file. `fast=False` forces the reference reader."""
    if path.suffix.lower() in XLSX_SUFFIXES:
        return _xlsx_table(path, alias_index, required)
    text = read_csv_text(path)
    delimiter = _sniff_delimiter(text)
    table = _fast_csv_table(text, delimiter, alias_index, required) if fast else None
    if table is None:
        grid = parse_csv_grid(text, delimiter, path.name)
        table = table_of_grid(grid, find_header(grid, alias_index, required))
    if "\ufffd" in text:  # stray bytes (decode_text): their cells are said
        table.marks.broken = broken_cells(table)
    return table


def _visible_sheets(path: Path) -> list[str]:
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    try:
        sheets = CalamineWorkbook.from_path(str(path)).sheets_metadata
    except Exception:  # noqa: BLE001 (read_xlsx_grid reports a damaged file in Vietnamese)
        return []
    return [s.name for s in sheets if s.visible == SheetVisibleEnum.Visible and s.typ == SheetTypeEnum.WorkSheet]


def _xlsx_table(path: Path, alias_index: dict[str, str], required: tuple[str, ...]) -> Table:
    """The sheet named as the template names it; else the first visible sheet with the template's
    header, past a guide sheet in front and a hidden sheet of last year's list; else the first.
    Other visible sheets with the template's header are named in `other_sheets` (not read)."""
    visible = _visible_sheets(path)
    headers: dict[str, tuple[Grid, HeaderMatch | None]] = {}  # each sheet read once

    def sheet(name: str | int) -> tuple[Grid, HeaderMatch | None]:
        if name not in headers:
            grid = read_xlsx_grid(path, name)
            headers[name] = grid, find_header(grid, alias_index, required)
        return headers[name]

    def complete(name: str) -> bool:
        header = sheet(name)[1]
        return bool(header) and all(key in field_keys(header) for key in required)

    if ROSTER_SHEET in visible or len(visible) <= 1:
        chosen = visible[0] if len(visible) == 1 else ROSTER_SHEET
    else:
        chosen = next((name for name in visible if complete(name)), visible[0])
    table = table_of_grid(*sheet(chosen))
    if not len(table.excel_rows) and len(visible) > 1:
        # the template's sheet left blank, the list typed into a copy of it («Danh sách (2)»): that one is read
        for name in visible:
            if name != chosen and complete(name) and len((candidate := table_of_grid(*sheet(name))).excel_rows):
                chosen, table = name, candidate
                break
    if chosen in visible and complete(chosen):
        table.sheet = chosen
        table.other_sheets = tuple(name for name in visible if name != chosen and complete(name))
    return table


def table_of_grid(grid: Grid, header: HeaderMatch | None) -> Table:
    start = header.data_start if header else 0
    _fill_merged_down(grid, start)
    data = [(grid.first_row + index, row) for index, row in enumerate(grid.rows[start:], start=start)
            if any(cell for cell in row)]
    columns = {position: pd.Series([row[position] if position < len(row) else "" for _, row in data], dtype="str")
               for position in (header.kept_positions if header else [])}
    return Table(header, columns, np.array([number for number, _ in data], dtype=np.int64), grid.first_row,
                 strays=grid.strays, marks=grid.marks)


def _fill_merged_down(grid: Grid, start: int) -> None:
    """A cell merged over several rows of the list (a person's name, unit, category over the rows of
    their languages) holds its value in each of them, as Excel shows it."""
    for (top, column), (bottom, _) in grid.merged:
        if top < start or bottom <= top or top >= len(grid.rows) or column >= len(grid.rows[top]):
            continue
        value = grid.rows[top][column]
        for index in range(top + 1, min(bottom, len(grid.rows) - 1) + 1):
            row = grid.rows[index]
            if column < len(row) and not row[column]:
                row[column] = value


def _fast_csv_table(text: str, delimiter: str, alias_index: dict[str, str],
                    required: tuple[str, ...]) -> Table | None:
    """The table read by a fast parser, or None when the reference reader must decide."""
    try:
        head, ends = csv_head(text, delimiter, HEAD_ROWS)
    except csv.Error:
        return None
    header = find_header(Grid(head), alias_index, required)
    if len(head) < HEAD_ROWS:  # the head is the whole file
        return table_of_grid(Grid(head), header)
    start = header.data_start if header else 0
    if start >= len(head):  # column-number rows run past the head
        return None
    body = text[ends[start - 1] if start else 0:]
    cells = parse_csv_body(body, delimiter, width=len(head[start]), max_width=max(map(len, head[start:])))
    return None if cells is None else _table_of_cells(cells, header, first_number=Table.first_row + start)


def csv_head(text: str, delimiter: str, limit: int) -> tuple[list[list[str]], list[int]]:
    """The first `limit` records as the reference reader parses them, and where each ends in `text`."""
    end = 0

    def lines():
        nonlocal end
        for match in _LINE.finditer(text):
            end = match.end()
            yield match.group()

    rows, ends = [], []
    for row in itertools.islice(csv.reader(lines(), delimiter=delimiter), limit):
        rows.append([cell.strip() for cell in row])
        ends.append(end)
    return rows, ends


def parse_csv_body(body: str, delimiter: str, width: int, max_width: int) -> list[pa.ChunkedArray] | None:
    """Every record of `body` as text columns (unstripped; short rows padded with ""), or None when
    a fast parser might read it differently from the csv module. `width`: fields of the first
    record; `max_width`: the most fields seen in the head."""
    cells = arrow_cells(body, delimiter, width)
    if cells is None:
        cells = pandas_cells(body, delimiter, max_width)
    if cells is None or not all(pa.types.is_string(c.type) or pa.types.is_large_string(c.type) for c in cells):
        return None
    if any(_too_long(c) for c in cells):
        return None  # the csv module refuses such a cell: let it say so
    return cells


def _too_long(column: pa.ChunkedArray) -> bool:
    """A cell the csv module would refuse (field_size_limit characters); bytes bound characters,
    so characters are counted only when the bytes reach the limit."""
    limit = csv.field_size_limit()
    if (pc.max(pc.binary_length(column)).as_py() or 0) < limit:
        return False
    return (pc.max(pc.utf8_length(column)).as_py() or 0) >= limit


def arrow_cells(body: str, delimiter: str, width: int) -> list[pa.ChunkedArray] | None:
    """pyarrow: multithreaded; every record must have `width` fields (blank lines read as blank rows)."""
    if body.startswith("\ufeff") or not width:  # it would drop a leading U+FEFF as a byte-order mark
        return None
    names = [f"c{i}" for i in range(width)]
    try:
        table = pacsv.read_csv(
            io.BytesIO(body.encode("utf-8")),
            read_options=pacsv.ReadOptions(column_names=names),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char='"', double_quote=True,
                                              escape_char=False, newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types={name: pa.large_string() for name in names},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, ValueError):
        return None
    return table.columns


def pandas_cells(body: str, delimiter: str, width: int) -> list[pa.ChunkedArray] | None:
    """pandas' C parser: pads records shorter than `width`, refuses longer ones."""
    if body.startswith("\ufeff") or not width:  # it would drop a leading U+FEFF as a byte-order mark
        return None
    try:
        frame = pd.read_csv(io.StringIO(body), sep=delimiter, header=None, names=list(range(width)), index_col=False,
                            dtype="str", na_filter=False, skip_blank_lines=False, engine="c", quotechar='"',
                            doublequote=True, quoting=csv.QUOTE_MINIMAL, on_bad_lines="error")
    except (pd.errors.ParserError, ValueError):
        return None
    return pa.Table.from_pandas(frame, preserve_index=False).columns


def _table_of_cells(cells: list[pa.ChunkedArray], header: HeaderMatch | None, first_number: int) -> Table:
    """Strip every cell (as str.strip does), drop the rows left blank, number the others."""
    stripped = [pc.utf8_trim(column, characters=WHITESPACE) for column in cells]
    keep = functools.reduce(pc.or_, (pc.not_equal(column, "") for column in stripped))
    kept = np.flatnonzero(keep.to_numpy(zero_copy_only=False))
    excel_rows = (kept + first_number).astype(np.int64)
    columns = {}
    for position in (header.kept_positions if header else []):
        if position < len(stripped):
            columns[position] = pd.Series(pc.filter(stripped[position], keep), dtype="str")
        else:
            columns[position] = pd.Series("", index=range(len(kept)), dtype="str")
    return Table(header, columns, excel_rows)
