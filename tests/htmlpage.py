"""Reading built pages the way a reader sees them: visible text and tables (stdlib only)."""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self.tables and self.tables[-1]:
            self.tables[-1][-1].append(re.sub(r"\s+", " ", "".join(self._cell)).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables(path: Path) -> list[list[list[str]]]:
    """Every table a reader sees: HTML tables, then the data tables the page's script draws."""
    parser = _Tables()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tables + data_tables(path)


def row_starting(path: Path, first_cell: str) -> list[str]:
    for table in tables(path):
        for row in table:
            if row and row[0] == first_cell:
                return row
    raise AssertionError(f"no table row starting with {first_cell!r} in {path}")


def text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"<script.*?</script>|<style.*?</style>", " ", raw, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw)))


# the script tag right after a holder: its data file, beside the page (a relative URL)
_DATA_FILE = re.compile(r'data-tiendo-sections="[^"]+"[^>]*></div>\s*<script src="([^":]+\.js)"></script>')
_DATA_FILE_BODY = re.compile(r'^\(window\.tiendoSections = window\.tiendoSections \|\| \{\}\)\["[^"]+"\] = (.*);\n$', re.S)


def data_sections(path: Path, raw: bool = False) -> list[dict]:
    """The sections the page is drawn from: the data files its script tags load (read as the browser
    would get them, relative to the page's folder). Each section's rows as the script draws them
    (a long table comes by column); `raw`: as the file has them."""
    import json

    markup = path.read_text(encoding="utf-8")
    sections = []
    for src in _DATA_FILE.findall(markup):
        body = _DATA_FILE_BODY.match((path.parent / src).read_text(encoding="utf-8"))
        assert body, f"{src} (loaded by {path}) is not a data file the drawing script reads"
        sections += json.loads(body.group(1))["sections"]
    if not raw:
        for section in sections:
            section["rows"] = section_rows(section)
    return sections


def section_rows(section: dict) -> list[list]:
    """A section's rows; a long table comes by column (labels + codes for few distinct values), and
    is read back as the drawing script reads it."""
    from tiendo.render.datatable import ColumnTable

    if isinstance(section["rows"], list):
        return section["rows"]
    return [list(row) for row in ColumnTable(section["rows"]["by_column"]).rows()]


def data_tables(path: Path) -> list[list[list[str]]]:
    """Each drawn table as the reader sees it: the header row, then the rows (a link cell reads
    as its text)."""
    result = []
    for section in data_sections(path):
        if not section["columns"]:
            continue
        rows = [list(section["columns"])]
        rows += [[cell["text"] if isinstance(cell, dict) else ("" if cell is None else str(cell)) for cell in row]
                 for row in section["rows"]]
        result.append(rows)
    return result
