"""Encoders for test fixtures: rosters in the encodings agencies send them in."""
from __future__ import annotations

import unicodedata


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Excel writes it: base letters (with ê, ơ, ư, ă, â, đ) plus combining tone marks;
    a character cp1258 cannot write at all becomes "?"."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        shape = "".join(m for m in marks if m in "\u0302\u0306\u031b")
        tones = "".join(m for m in marks if m not in shape)
        try:
            out.append(unicodedata.normalize("NFC", base + shape).encode("cp1258") + tones.encode("cp1258"))
        except UnicodeEncodeError:
            out.append(b"?")
    return b"".join(out)
