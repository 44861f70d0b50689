"""Downloads: every published table as CSV (UTF-8 with BOM, so Excel opens it right) and XLSX.

Cells are written as text where they are text, and a text cell that starts like a formula
(= + - @) can never run as one: in CSV it gets a leading apostrophe, in XLSX it is stored as a
plain string."""
from __future__ import annotations

import io

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe_text(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _plain(value):
    """A cell value as XlsxWriter wants it: None for blanks, lists joined, text as text."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return value


def csv_bytes(table: pd.DataFrame, header: bool = True) -> bytes:
    """The table as CSV; without `header`, its rows only (a later part of a file made in parts)."""
    safe = table.copy()
    for column in safe.columns:
        values = safe[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            text = values.where(values.map(type) == str) if values.dtype == object else values
            risky = text.str.startswith(FORMULA_START, na=False).to_numpy(dtype=bool)
            if risky.any():
                safe[column] = values.astype(object).where(~risky, "'" + text.astype(object).where(risky, ""))
    text = safe.to_csv(index=False, header=header, lineterminator="\n")
    return ("\ufeff" + text if header else text).encode("utf-8")


def xlsx_bytes(sheets: dict[str, pd.DataFrame], headers: dict[str, str] | None = None) -> bytes:
    """One sheet per table; `headers` gives Vietnamese column titles where wanted.

    XlsxWriter writes about twice as fast as openpyxl; with strings_to_* off, every text cell is a
    string cell: "=HYPERLINK(…)" is shown, never evaluated."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                        "strings_to_numbers": False})
    bold = book.add_format({"bold": True})
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    for title, table in sheets.items():
        sheet = book.add_worksheet(title[:31])
        columns = list(table.columns)
        labels = [str((headers or {}).get(name, name)) for name in columns]
        for col, label in enumerate(labels):
            sheet.set_column(col, col, max(10, min(50, len(label) + 4)))
        sheet.freeze_panes(1, 0)
        sheet.write_row(0, 0, labels, bold)
        values = [table[name].tolist() for name in columns]
        for row_number, row in enumerate(zip(*values), start=1):
            for col, value in enumerate(row):
                value = _plain(value)
                if value is None:
                    continue
                if isinstance(value, str):
                    sheet.write_string(row_number, col, value)
                elif hasattr(value, "year"):  # date, datetime, Timestamp
                    sheet.write_datetime(row_number, col, pd.Timestamp(value).to_pydatetime(), dates)
                else:
                    sheet.write(row_number, col, value)
    book.close()
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
