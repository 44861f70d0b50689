"""Front matter written by the page templates reads back as the text it was made from."""
from __future__ import annotations

import sys

from hypothesis import given, strategies as st
from mkdocs.utils.meta import get_data

from tiendo.render.environment import yaml_string

# every character a roster could carry that a file can hold (no lone surrogates), by blocks
EVERY_CHARACTER = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def _front_matter_value(text: str) -> object:
    _, meta = get_data(f"---\ntitle: {yaml_string(text)}\n---\n\n# x\n")  # as MkDocs reads a page
    return meta.get("title")


def test_every_character_reads_back_as_written():
    for start in range(0, len(EVERY_CHARACTER), 4096):
        chunk = EVERY_CHARACTER[start:start + 4096]
        assert _front_matter_value(chunk) == chunk, f"characters from U+{ord(chunk[0]):04X}"


@given(st.text())
def test_any_text_reads_back_as_written(text):
    expected = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)  # no file holds a lone surrogate
    assert _front_matter_value(text) == expected
