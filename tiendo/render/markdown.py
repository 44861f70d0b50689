"""Writing untrusted text (unit names, plan text, roster cells) into Markdown safely.

Everything that comes from data is escaped so that Markdown and the HTML it may contain show it
as text: no link, no table cell break, no tag, no template syntax survives as markup.
"""
from __future__ import annotations

import html
import re

from markupsafe import Markup

# Characters with a meaning in Markdown (CommonMark + the extensions we enable) or in Jinja2.
# Exactly the characters Python-Markdown (with the `tables` extension) treats as escapable: a
# backslash before any other character would be printed as a backslash.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


def md_escape(value: object) -> str:
    """Plain text → Markdown that renders as exactly that text, on one line.

    HTML-escape first (so `<script>` is shown, never run), then backslash-escape Markdown
    punctuation. Line breaks become spaces: a value never starts a new block or table row.
    """
    text = _LINE_BREAKS.sub(" ", str(value))
    text = html.escape(text, quote=True)
    # html.escape produced entities like &lt; — their & and ; must stay entities, not be escaped.
    parts = re.split(r"(&(?:lt|gt|amp|quot|#x27);)", text)
    return "".join(
        part if part.startswith("&") and part.endswith(";") else _MD_SPECIAL.sub(r"\\\1", part)
        for part in parts
    )


def md_code(value: object) -> Markup:
    """Plain text → an inline code span showing exactly that text (a command to copy): fenced by
    one backtick more than its longest run of backticks, so none inside closes it; inside a code
    span Markdown escapes nothing else and shows HTML as text."""
    text = _LINE_BREAKS.sub(" ", str(value))
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Markup(f"{fence}{pad}{text}{pad}{fence}")
