"""Text helpers every stage shares: Unicode NFC and diacritic folding for Vietnamese."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pandas as pd

_SPACES = re.compile(r"\s+")
# Characters that show nothing (a zero-width space, a byte-order mark, a soft hyphen from a copy out of
# Word or a web page), as the body of a regex character class: «Công chức\u200b» is «Công chức»
INVISIBLE = "\u00ad\u200b-\u200f\u2060-\u2064\ufeff"
_INVISIBLE = re.compile(f"[{INVISIBLE}]")


def drop_invisible(text: str) -> str:
    return _INVISIBLE.sub("", text)


def nfc(text: str) -> str:
    """Vietnamese typed with different keyboards arrives composed or decomposed: compare in NFC."""
    return unicodedata.normalize("NFC", text)


def strip_diacritics(text: str) -> str:
    """"Viên chức" → "Vien chuc"; đ/Đ have no decomposition, so they are mapped by hand."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.replace("đ", "d").replace("Đ", "D")


def _fold_each_step(text: str) -> str:
    return _SPACES.sub(" ", strip_diacritics(nfc(drop_invisible(text))).lower()).strip()


# What _fold_each_step gives when every character became one printable ASCII character and spaces are single
_FOLDED_ASCII = re.compile(r"[!-~]+(?: [!-~]+)*")


@lru_cache(maxsize=262_144)  # rosters repeat the same few values (Có, Công chức, unit codes) endlessly
def _fold(text: str) -> str:
    # Most values (names, posts, codes) fold in C at a third of the cost: lower case, đ → d, NFD, then every
    # non-ASCII code point dropped. No character gives more than one ASCII character that way, so when the
    # length is unchanged each gave exactly one (no invisible or foreign character was lost), and the result
    # equals the step-by-step fold (tests/test_text.py checks it on any text).
    quick = unicodedata.normalize("NFD", text.lower().replace("đ", "d")).encode("ascii", "ignore").decode("ascii")
    if len(quick) == len(text) and _FOLDED_ASCII.fullmatch(quick):
        return quick
    return _fold_each_step(text)


def fold(text: str) -> str:
    """A matching key: lower case, no diacritics, single spaces, trimmed."""
    return _fold(str(text))


def fold_aligned(text: str) -> str:
    """Lower case without diacritics, one character for one character, spaces kept as they are: a match's
    span in the folded text is the same span in the original (to quote or cut the text itself)."""
    return "".join((strip_diacritics(ch).lower() or ch)[:1] for ch in text)


class Distinct:
    """The distinct values of a column, to run a per-value function once per value and spread the
    result back to every row: 2.6 million roster rows hold a few thousand spellings of "Có",
    "Công chức" or a birth date. `Distinct(c).map(f)` equals `c.map(f)`, dtype included, for any
    f that treats None and NaN alike (missing values are one distinct value)."""

    def __init__(self, column: pd.Series):
        codes, uniques = pd.factorize(column, use_na_sentinel=False)
        self.codes = codes
        self.values = pd.Series(uniques)
        self.index = column.index

    def map(self, func) -> pd.Series:
        return self.spread(self.values.map(func))

    def spread(self, derived: pd.Series | pd.DataFrame) -> pd.Series | pd.DataFrame:
        """A result computed on `values` (same order), one row per row of the column."""
        return derived.take(self.codes).set_axis(self.index, axis=0)
