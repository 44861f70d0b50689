"""Text from data or settings shown through Markdown reads back exactly as it was."""
from __future__ import annotations

import html
import re

import markdown
from hypothesis import given, strategies as st

from tiendo.render.markdown import md_code

# no line breaks (a code span is one line: md_code makes them spaces) and no controls
ONE_LINE = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")))


def _code_span(text: str) -> str | None:
    page = markdown.markdown(f"Lệnh: {md_code(text)}", extensions=["attr_list", "md_in_html", "tables"])
    found = re.fullmatch(r"<p>Lệnh: <code>(.*)</code></p>", page, flags=re.S)
    return html.unescape(found.group(1)) if found else None


@given(ONE_LINE.filter(lambda t: t.strip()))
def test_a_command_shows_as_written_in_a_code_span(text):
    # Python-Markdown trims the spaces at both ends of a code span; nothing else changes
    assert _code_span(text) == text.strip()


def test_a_folder_with_backticks_and_markdown_characters_stays_one_code_span():
    command = "python build.py validate --data /srv/dữ_liệu/`kỳ`*1*/[a](b) <x> --cycle 2024-12-31"
    assert _code_span(command) == command
