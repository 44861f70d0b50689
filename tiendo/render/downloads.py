"""Downloads: every published table as CSV (UTF-8 with BOM, so Excel opens it right) and XLSX.

Cells are written as text where they are text, and a text cell that starts like a formula
(= + - @) can never run as one: in CSV it gets a leading apostrophe, in XLSX it is stored as a
plain string."""
from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe_text(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _cell(sheet, value):
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()  # numpy scalar → Python
    if isinstance(value, (list, tuple)):
        value = ", ".join(map(str, value))
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # text stays text: "=HYPERLINK(…)" is shown, never evaluated
        return cell
    return value


def csv_bytes(table: pd.DataFrame) -> bytes:
    safe = table.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(_safe_text)
    return ("\ufeff" + safe.to_csv(index=False, lineterminator="\n")).encode("utf-8")


def xlsx_bytes(sheets: dict[str, pd.DataFrame], headers: dict[str, str] | None = None) -> bytes:
    """One sheet per table; `headers` gives Vietnamese column titles where wanted."""
    book = Workbook(write_only=True)  # streams rows: large tables stay fast and small in memory
    for title, table in sheets.items():
        sheet = book.create_sheet(title[:31])
        columns = list(table.columns)
        for col, name in enumerate(columns, start=1):
            label = (headers or {}).get(name, name)
            sheet.column_dimensions[get_column_letter(col)].width = max(10, min(50, len(str(label)) + 4))
        sheet.freeze_panes = "A2"
        header_cells = []
        for name in columns:
            cell = WriteOnlyCell(sheet, value=(headers or {}).get(name, name))
            cell.font = Font(bold=True)
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in table.itertuples(index=False):
            sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return fix_zip_times(buffer.getvalue())


def fix_zip_times(data: bytes) -> bytes:
    """Office files (openpyxl, python-docx) carry the current time in the zip and in
    docProps/core.xml: fix both, so the same data gives the same bytes (reproducible builds)."""
    import re
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                # No creation time at all: a fixed date would look like somebody's birth date.
                content = re.sub(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>", b"", content)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, content)
    return out.getvalue()
