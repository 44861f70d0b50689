"""Pages drawn from data: an internal page with long tables (a unit, the changes by unit) has its
sections (heading, a sentence, a table) as one JSON value in a script file beside it, and a small
bundled script draws them.

Why: Python-Markdown spends about 23 µs on every table cell (its inline processing runs cell by
cell) and a few tens of µs on every block, so with tables in Markdown MkDocs spent most of an
internal build on unit pages, several times the cost of a bare page; even as one JSON block in the
page, tens of KB per unit went through Markdown's HTML scanner and the theme. A file beside the
page is copied as it is. The script fills the cells with textContent, so whatever a roster says is
shown as text, never run. Public pages stay plain Markdown."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np
from markupsafe import Markup

SCRIPT = "assets/tiendo-tables.js"


def link(text: str, href: str) -> dict:
    """A link cell. `href` is built by the code (a unit's slug), never taken from data: the page
    is not Markdown, so MkDocs does not rewrite it; unit pages use directory URLs ("../hs-s03/")."""
    return {"text": text, "href": href}


@dataclass
class ColumnTable:
    """A long table by column instead of by row (a unit's people below target: at national scale
    millions of rows): each column a list of values, or `coded(...)` for a column of few distinct
    values (positions, levels, targets), its labels written once. Half the bytes of rows, and no
    Python tuple per person."""
    columns: list[list | dict]

    def __len__(self) -> int:
        first = self.columns[0] if self.columns else []
        return len(first["codes"] if isinstance(first, dict) else first)

    def rows(self) -> list[tuple]:
        """The rows, as the drawing script (tiendo-tables.js, rowsOf) rebuilds them; columns of
        unequal length are an error (the script would draw the missing cells empty)."""
        values = [[c["labels"][i] for i in code_list(c["codes"])] if isinstance(c, dict) else c for c in self.columns]
        return list(zip(*values, strict=True))


def coded(labels: list, codes: list[int] | str) -> dict:
    """A column whose row i reads labels[codes[i]]; `codes` a list, or one string (`code_text`)."""
    return {"labels": labels, "codes": codes}


# A coded column's codes as one string, code i written as the character U+0100 + i (tiendo-tables.js
# reads charCodeAt(i) - 256): JSON writes a string in one go where it writes numbers one by one
# (national scale: millions of codes, a second of encoding). Every such character stands for itself in
# JSON and in a script; codes that would reach the surrogates stay a list.
CODE_BASE = 0x100
_CODE_LIMIT = 0xD800 - CODE_BASE


def code_text(codes: np.ndarray) -> str | list[int]:
    """Integer codes (≥ 0) as one string of characters, or as a list when one is too large."""
    codes = np.asarray(codes, dtype=np.int64)
    if not len(codes):
        return ""
    if codes.min() < 0 or codes.max() >= _CODE_LIMIT:
        return codes.tolist()
    return (codes + CODE_BASE).astype("<u4").tobytes().decode("utf-32-le")


def code_list(codes: list[int] | str) -> list[int]:
    return [ord(c) - CODE_BASE for c in codes] if isinstance(codes, str) else list(codes)


@dataclass
class Section:
    id: str  # anchor, built by the code
    title: str
    columns: list[str]
    rows: list[list | tuple] | ColumnTable  # plain values (text, numbers already formatted the Vietnamese way) or link cells
    numeric: list[int] = field(default_factory=list)  # right-aligned columns
    intro: str = ""  # plain text above the table
    filter: bool = False  # a filter box above the table (long lists)


def _payload(sections: list[Section]) -> str:
    # vars(), not asdict(): asdict deep-copies every row of every table
    payload = json.dumps({"sections": [vars(s) for s in sections]}, ensure_ascii=False,
                         separators=(",", ":"), default=_by_column)
    # Inside <script> nothing may close the element or open a comment: escape the three characters
    # that could (and the two line separators older JavaScript forbids in strings); JSON.parse and
    # the JavaScript parser turn them back.
    return (payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _by_column(value) -> dict | str:
    if isinstance(value, ColumnTable):
        return {"by_column": value.columns}
    return str(value)


def data_file(holder_id: str, sections: list[Section]) -> str:
    """The sections as a small script file beside the page, for pages with much data (an internal
    unit page lists its people): MkDocs copies the file as it is instead of passing tens of KB of
    JSON through Markdown and the theme for every unit. A script file, not a JSON file read with
    fetch(): a page opened from disk (file://) may load scripts but not fetch files."""
    return (f'(window.tiendoSections = window.tiendoSections || {{}})["{holder_id}"] = '
            f'{_payload(sections)};\n')


def data_holder(holder_id: str, src: str, in_markdown: bool = True) -> Markup:
    """The holder element and the script tag of its data file (`src` relative to the page's URL,
    built by the code). The script runs where it stands, before the bundled drawing script.
    `in_markdown`: the page's Markdown carries it (else a theme template does)."""
    keep_out = ' markdown="0"' if in_markdown else ""
    return Markup(f'<div class="tiendo-sections" data-tiendo-sections="{holder_id}"{keep_out}></div>\n'
                  f'<script src="{src}"></script>')
