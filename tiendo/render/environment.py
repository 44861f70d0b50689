"""The Jinja2 environment of the Markdown page templates.

Escaping is on by default, as autoescape would be for HTML: every `{{ value }}` passes through
md_escape unless the template or the code marked it as ready Markdown (markupsafe.Markup)."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from tiendo.render.format import fmt_date, fmt_int, fmt_number, fmt_percent
from tiendo.render.markdown import md_code, md_escape


def _finalize(value):
    if isinstance(value, Markup):
        return value
    if value is None:
        return "–"
    return md_escape(value)


def md_link(text, url: str) -> Markup:
    """A link whose URL the code built (never from data); its text is escaped."""
    return Markup(f"[{md_escape(text)}]({url})")


def make_environment(templates_dir: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates_dir)),
        autoescape=False,  # Markdown, not HTML: _finalize does the escaping
        finalize=_finalize,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates do not change during a build: no look at the file for every page
    )
    env.filters.update(
        pct=fmt_percent,
        num=fmt_int,
        dec=fmt_number,
        date=fmt_date,
        link=md_link,
        md=lambda v: Markup(v),  # for Markdown produced by code, e.g. the plan page
        esc=md_escape,
        code=md_code,  # a command to copy, shown as it is
        html=lambda v: Markup.escape("" if v is None else v),  # inside a raw HTML block of a page
        # front matter: a JSON string is valid YAML and cannot break out of its field; the theme
        # prints page titles into <title> and the nav unescaped, so the text is HTML-escaped first
        yaml=yaml_text,
        # front matter holding HTML the template made (its values escaped there): kept as it is
        yaml_html=lambda v: yaml_string(str(v)),
    )
    return env


# What JSON leaves as it is and YAML cannot: DEL and the C1 controls (YAML refuses them in a
# document), U+2028 and U+2029 (line breaks to YAML), U+FFFE and U+FFFF (not characters).
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def yaml_text(value) -> Markup:
    """Plain text as a front-matter string: HTML-escaped first (the theme prints page titles into
    <title> and the nav unescaped), then `yaml_string`."""
    return yaml_string(html.escape(str(value), quote=False))


def yaml_string(text: str) -> Markup:
    """`text` as a YAML double-quoted string that reads back as exactly `text`: JSON's, with the
    characters YAML reads otherwise escaped (a lone surrogate, which no file can hold, becomes
    U+FFFD). Not ensure_ascii: YAML reads JSON's surrogate pairs as two lone surrogates. A front
    matter MkDocs cannot read is dropped without a word, and the page loses its title and template."""
    quoted = json.dumps(_LONE_SURROGATE.sub("\ufffd", text), ensure_ascii=False)
    return Markup(_YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted))
