"""Pages drawn from data: an internal unit page carries its sections (heading, a sentence, a table)
as one JSON block, and a small bundled script draws them.

Why: Python-Markdown spends about 23 µs on every table cell (its inline processing runs cell by
cell) and a few tens of µs on every block, so with tables in Markdown MkDocs spent most of an
internal build on unit pages, several times the cost of a bare page. A <script> block passes
through Markdown as one opaque chunk, and the script fills the cells with textContent, so
whatever a roster says is shown as text, never run. Public pages stay plain Markdown."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from markupsafe import Markup

SCRIPT = "assets/tiendo-tables.js"


def link(text: str, href: str) -> dict:
    """A link cell. `href` is built by the code (a unit's slug), never taken from data: the page
    is not Markdown, so MkDocs does not rewrite it; unit pages use directory URLs ("../hs-s03/")."""
    return {"text": text, "href": href}


@dataclass
class Section:
    id: str  # anchor, built by the code
    title: str
    columns: list[str]
    rows: list[list]  # plain values (text, numbers already formatted the Vietnamese way) or link cells
    numeric: list[int] = field(default_factory=list)  # right-aligned columns
    intro: str = ""  # plain text above the table
    filter: bool = False  # a filter box above the table (long lists)


def data_sections(holder_id: str, sections: list[Section]) -> Markup:
    """The holder element and the JSON it is drawn from. `holder_id` is built by the code."""
    # vars(), not asdict(): asdict deep-copies every row of every table
    payload = json.dumps({"sections": [vars(s) for s in sections]}, ensure_ascii=False,
                         separators=(",", ":"), default=str)
    # Inside <script> nothing may close the element or open a comment: escape the three characters
    # that could; JSON.parse turns them back.
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<div class="tiendo-sections" data-tiendo-sections="{holder_id}" markdown="0"></div>\n'
                  f'<script type="application/json" id="{holder_id}">{payload}</script>')
