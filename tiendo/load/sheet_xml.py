"""What calamine does not tell of an .xlsx sheet, read from the sheet's own XML.

Far cells: one value typed far past the list (a stray «x» in XFD1048576, a space in B1048576).
calamine builds the whole range as one dense block: for an 11-person file that was 1,6 GB from a cell
in column Z, 5,3 GB from column CV, and an abort of the whole process (no Python error to catch) from
column XFD. Such a sheet is read here instead: its cells are found in the XML, the list's block is read
with openpyxl's streaming reader, and the far cells are named for the office to clear, never silently
dropped.

Hidden columns: last year's «Trình độ ngoại ngữ» kept in a hidden column beside this year's. Of two
columns with one name, the visible one is read (calamine does not say which columns are hidden)."""
from __future__ import annotations

import html
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils.cell import column_index_from_string, range_boundaries

# Above this many cells in a sheet's recorded range, the sheet is read here (a province-wide list of
# 100.000 people × 60 columns is 6 M cells: calamine's way, about 200 MB).
MAX_DENSE_CELLS = 10_000_000
# A gap of this many empty rows (columns) ends the list's block: what lies beyond is a stray cell.
ROW_GAP, COLUMN_GAP = 1_000, 50

_DIMENSION = re.compile(rb"<dimension\s+ref=\"([A-Z]{1,3}\d+(?::[A-Z]{1,3}\d+)?)\"")
_CELL = re.compile(rb"<c\s+r=\"([A-Z]{1,3})(\d+)\"[^>]*?(?:/>|>(.*?)</c>)", re.DOTALL)
_VALUE = re.compile(rb"<(?:v|t)(?:\s[^>]*)?>([^<]*)</(?:v|t)>")
_MERGE = re.compile(rb"<mergeCell\s+ref=\"([A-Z]{1,3}\d+:[A-Z]{1,3}\d+)\"")


def _oversized(head: bytes) -> bool:
    """Whether a sheet's recorded range (the `<dimension>` at the head of its XML) holds more than
    MAX_DENSE_CELLS cells."""
    if (match := _DIMENSION.search(head)) and ":" in (ref := match[1].decode()):
        first_col, first_row, last_col, last_row = range_boundaries(ref)
        return (last_row - first_row + 1) * (last_col - first_col + 1) > MAX_DENSE_CELLS
    return False


@dataclass
class BoundedSheet:
    values: list[list[object]]  # the list's block, rows of cell values as openpyxl gives them
    merged: list[tuple[tuple[int, int], tuple[int, int]]]  # 0-based, as Grid.merged
    strays: list[tuple[str, str]] = field(default_factory=list)  # (cell, value) past the block


def _block_end(numbers: list[int], gap: int) -> int:
    """The last number of the first run of `numbers` (sorted) with no gap wider than `gap`."""
    end = numbers[0]
    for number in numbers[1:]:
        if number - end > gap:
            break
        end = number
    return end


def read_bounded(path: Path, name: str, xml: bytes) -> BoundedSheet:
    """The list block of the workbook's sheet `name` (its XML: `xml`) and its far cells (see the
    module's note)."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        worksheet = workbook[name]
        cells = []  # (row, column, raw value) of every cell holding something
        for match in _CELL.finditer(xml):
            if match[3] and (value := _VALUE.search(match[3])) and value[1].strip():
                cells.append((int(match[2]), column_index_from_string(match[1].decode()), match))
        if not cells:
            return BoundedSheet([], [])
        last_row = _block_end(sorted({row for row, _, _ in cells}), ROW_GAP)
        last_col = _block_end(sorted({col for _, col, _ in cells}), COLUMN_GAP)
        strays = [(f"{match[1].decode()}{row}", _shown(match, workbook.shared_strings))
                  for row, col, match in cells if row > last_row or col > last_col]
        values = [list(row) for row in worksheet.iter_rows(max_row=last_row, max_col=last_col, values_only=True)]
        merged = []
        for ref in _MERGE.findall(xml):
            min_col, min_row, max_col, max_row = range_boundaries(ref.decode())
            if min_row <= last_row and min_col <= last_col:
                merged.append(((min_row - 1, min_col - 1), (min(max_row, last_row) - 1, min(max_col, last_col) - 1)))
        return BoundedSheet(values, merged, strays)
    finally:
        workbook.close()


def _shown(cell: re.Match, shared_strings) -> str:
    """A cell's text from its XML: a shared string looked up, an inline string or number as written."""
    text = html.unescape(_VALUE.search(cell[3])[1].decode("utf-8", "replace")).strip()
    if b't="s"' in cell[0].split(b">", 1)[0]:
        try:
            return str(shared_strings[int(text)]).strip()
        except (ValueError, IndexError):
            return text
    return text


_SHEET = re.compile(rb"<sheet\b[^>]*?\bname=\"([^\"]*)\"[^>]*?\br:id=\"([^\"]+)\"")
_RELATION = re.compile(rb"<Relationship\b[^>]*?>")
_COL = re.compile(rb"<col\b[^>]*?>")


def _attribute(tag: bytes, name: bytes) -> str | None:
    match = re.search(rb"\b" + name + rb"=\"([^\"]*)\"", tag)
    return match[1].decode("utf-8") if match else None


def sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, worksheet part) in the workbook's order."""
    workbook = archive.read("xl/workbook.xml")
    targets = {}
    for tag in _RELATION.findall(archive.read("xl/_rels/workbook.xml.rels")):
        if (ident := _attribute(tag, b"Id")) and (target := _attribute(tag, b"Target")):
            targets[ident] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return [(html.unescape(name.decode("utf-8")), targets.get(ident.decode("utf-8"), ""))
            for name, ident in _SHEET.findall(workbook)]


@dataclass
class SheetMarks:
    """What a sheet's XML says that calamine does not: hidden columns (0-based), hidden rows (Excel
    numbers), and cells holding a formula's error («#N/A», «#REF!»: calamine gives them as blank)
    as (Excel row, 0-based column, error)."""
    hidden_columns: set[int] = field(default_factory=set)
    hidden_rows: list[int] = field(default_factory=list)
    errors: list[tuple[int, int, str]] = field(default_factory=list)
    # formulas never calculated (a file written by a program, not saved by Excel): calamine gives them as
    # blank, as (Excel row, 0-based column, formula)
    uncached: list[tuple[int, int, str]] = field(default_factory=list)
    # a CSV's cells with bytes that are not UTF-8 in a UTF-8 file, shown as «\ufffd»: (Excel row, 0-based column, text)
    broken: list[tuple[int, int, str]] = field(default_factory=list)


_HIDDEN_ROW = re.compile(rb"<row\b([^>]*?)\bhidden=\"(?:1|true)\"([^>]*)>")
_ROW_NUMBER = re.compile(rb"\br=\"(\d+)\"")
_UNCACHED_CELL = re.compile(rb"<c\b[^>]*?\br=\"([A-Z]{1,3})(\d+)\"[^>]*?(?<!/)>\s*<f\b[^>]*?(?:/>|>([^<]*)</f>)"
                            rb"\s*(?:<v>\s*</v>|<v/>)?\s*</c>")
_ERROR_CELL = re.compile(rb"<c\b[^>]*?\br=\"([A-Z]{1,3})(\d+)\"[^>]*?\bt=\"e\"[^>]*>(?:(?!</c>).)*?<v>([^<]*)</v>",
                         re.DOTALL)


@dataclass
class SheetXml:
    """One sheet's XML read once: its marks, whether calamine may read it (`oversized`: no), and the
    XML itself for read_bounded when it may not."""
    marks: SheetMarks = field(default_factory=SheetMarks)
    oversized: bool = False
    xml: bytes | None = None  # kept for an oversized sheet only


def inspect_sheet(path: Path, index: int) -> SheetXml:
    """The workbook's sheet number `index` (in the workbook's order, as calamine counts): one pass
    over its XML gives its hidden columns and rows and its error cells (a sheet with none of these
    is only searched for two words) and whether its recorded range is too big for calamine."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = sheet_parts(archive)
            if not 0 <= index < len(parts) or not parts[index][1]:
                return SheetXml()
            xml = archive.read(parts[index][1])
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return SheetXml()  # damaged, or not a zip workbook: calamine says so in its own words
    oversized = _oversized(xml[:4096])
    return SheetXml(_marks(xml), oversized, xml if oversized else None)


def _marks(xml: bytes) -> SheetMarks:
    marks = SheetMarks()
    if b"hidden=" in xml:
        head = xml.split(b"<sheetData", 1)[0]
        for tag in _COL.findall(head):
            if _attribute(tag, b"hidden") in ("1", "true") and (low := _attribute(tag, b"min")) and \
                    (high := _attribute(tag, b"max")):
                marks.hidden_columns.update(range(int(low) - 1, min(int(high), 16384)))
        for match in _HIDDEN_ROW.finditer(xml):
            if number := _ROW_NUMBER.search(match[1] + b" " + match[2]):
                marks.hidden_rows.append(int(number[1]))
    if b't="e"' in xml:
        marks.errors = [(int(row), column_index_from_string(column.decode()) - 1, html.unescape(text.decode()).strip())
                        for column, row, text in _ERROR_CELL.findall(xml)]
    if b"<f" in xml:
        marks.uncached = [(int(row), column_index_from_string(column.decode()) - 1, html.unescape(text.decode()).strip())
                          for column, row, text in _UNCACHED_CELL.findall(xml)]
    return marks


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def ods_merged(path: Path, index: int) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The merged cells of an .ods file's sheet number `index` (0-based rows and columns, as Grid.merged):
    calamine gives none for .ods, and a unit code or category merged down over a unit's people was read on
    its first row only. An unreadable file gives none (calamine reports a damaged file itself)."""
    import xml.etree.ElementTree as ElementTree

    spans = []
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as content:
            table_number, row = -1, 0
            for event, element in ElementTree.iterparse(content, events=("start", "end")):
                tag = element.tag
                if event == "start":
                    if tag == _ODS_TABLE + "table":
                        table_number += 1
                        row = 0
                    continue
                if table_number != index:
                    if tag == _ODS_TABLE + "table-row":
                        element.clear()
                    if tag == _ODS_TABLE + "table" and table_number > index:
                        break
                    continue
                if tag == _ODS_TABLE + "table-row":
                    column = 0
                    for cell in element:
                        if cell.tag not in (_ODS_TABLE + "table-cell", _ODS_TABLE + "covered-table-cell"):
                            continue
                        rows = int(cell.get(_ODS_TABLE + "number-rows-spanned", "1"))
                        columns = int(cell.get(_ODS_TABLE + "number-columns-spanned", "1"))
                        if rows > 1 or columns > 1:
                            spans.append(((row, column), (row + rows - 1, column + columns - 1)))
                        column += int(cell.get(_ODS_TABLE + "number-columns-repeated", "1"))
                    row += int(element.get(_ODS_TABLE + "number-rows-repeated", "1"))
                    element.clear()
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError, ValueError):
        return []
    return spans
