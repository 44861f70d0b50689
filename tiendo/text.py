"""Text helpers every stage shares: Unicode NFC and diacritic folding for Vietnamese."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Vietnamese typed with different keyboards arrives composed or decomposed: compare in NFC."""
    return unicodedata.normalize("NFC", text)


def strip_diacritics(text: str) -> str:
    """"Viên chức" → "Vien chuc"; đ/Đ have no decomposition, so they are mapped by hand."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.replace("đ", "d").replace("Đ", "D")


@lru_cache(maxsize=262_144)  # rosters repeat the same few values (Có, Công chức, unit codes) endlessly
def _fold(text: str) -> str:
    return _SPACES.sub(" ", strip_diacritics(nfc(text)).lower()).strip()


def fold(text: str) -> str:
    """A matching key: lower case, no diacritics, single spaces, trimmed."""
    return _fold(str(text))
