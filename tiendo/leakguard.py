"""The leak guard: the second lock on the public site. Scans every built file (pages, search
index, charts, downloads, inside spreadsheets too) for any staff ID, name or birth date of the
rosters. The first lock is that the public renderer never receives person-level data."""
from __future__ import annotations

import html
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tiendo.text import fold

_NON_WORD = re.compile(r"[^a-z0-9]+")
TEXT_SUFFIXES = {".html", ".htm", ".js", ".json", ".xml", ".svg", ".csv", ".txt", ".md", ".css", ".map", ".tsv"}
ZIP_SUFFIXES = {".xlsx", ".docx", ".zip", ".ods", ".odt"}
MAX_NGRAM = 8


def tokens(text: str) -> tuple[str, ...]:
    """Folded word tokens: "Nguyễn Văn An" and "nguyen-van-an" give the same tokens."""
    return tuple(t for t in _NON_WORD.split(fold(text)) if t)


@dataclass
class Secrets:
    """What must never appear: each secret is a token sequence, with its kind for the message."""

    items: dict[tuple[str, ...], str] = field(default_factory=dict)
    dates: set[str] = field(default_factory=set)  # "d/m/yyyy" and "yyyy-mm-dd" forms, normalised
    skipped_short_ids: int = 0
    allowed: set[tuple[str, ...]] = field(default_factory=set)

    def add_id(self, value: str) -> None:
        toks = tokens(value)
        # A short number ("12") occurs in every table: it cannot be told apart from a count.
        if not toks or (len("".join(toks)) < 5 and "".join(toks).isdigit()):
            if toks:
                self.skipped_short_ids += 1
            return
        self.items.setdefault(toks, "mã CBCCVC")

    def add_name(self, value: str) -> None:
        toks = tokens(value)
        if len(toks) >= 2:  # a one-word name ("An") is an ordinary word
            self.items.setdefault(toks, "họ tên")

    def add_birth_date(self, value: date | None) -> None:
        """Dates are looked for as dates (22/02/1999, 1999-02-22), never as loose numbers: the
        coordinates of a chart are full of "1999 02 22"-like runs."""
        if value is not None:
            self.dates.add(value.isoformat())

    def allow(self, value: str) -> None:
        """An office-approved exception (e.g. a school named after a hero who shares a staff
        member's name), listed in config/leak_allow.txt."""
        self.allowed.add(tokens(value))

    def allow_all_in(self, text: str) -> None:
        """Allow every secret that a public source text (the plan) already contains."""
        words = tokens(text)
        lengths = {len(key) for key in self.items}
        for n in lengths:
            for i in range(len(words) - n + 1):
                gram = words[i : i + n]
                if gram in self.items:
                    self.allowed.add(gram)


@dataclass(frozen=True)
class Leak:
    file: str
    kind: str
    text: str  # the folded token sequence found (not the original value, to keep logs clean)


def _file_texts(path: Path) -> list[str]:
    suffix = path.suffix.lower()
    if suffix in ZIP_SUFFIXES:
        try:
            with zipfile.ZipFile(path) as archive:
                return [html.unescape(archive.read(name).decode("utf-8", "replace"))
                        for name in archive.namelist() if name.endswith((".xml", ".rels", ".txt", ".csv"))]
        except zipfile.BadZipFile:
            return [path.read_bytes().decode("utf-8", "replace")]
    if suffix not in TEXT_SUFFIXES:
        return []
    text = path.read_bytes().decode("utf-8", "replace")
    if suffix == ".json":
        try:  # JSON may write "ễ" as \u1ec5: decode it before looking
            text = json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            pass
    return [html.unescape(text)]


_DMY = re.compile(r"(?<![\d/.-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?![\d/.-])")
_YMD = re.compile(r"(?<![\d/.-])(\d{4})-(\d{2})-(\d{2})(?![\d/.-])")


def _dates_in(text: str) -> set[str]:
    found = set()
    for match in _DMY.finditer(text):
        found.add(f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}")
    for match in _YMD.finditer(text):
        found.add(f"{match[1]}-{match[2]}-{match[3]}")
    return found


def scan(site_dir: Path, secrets: Secrets) -> list[Leak]:
    live = {key: kind for key, kind in secrets.items.items() if key not in secrets.allowed}
    lengths = sorted({len(key) for key in live if len(key) <= MAX_NGRAM})
    starts = {key[0] for key in live}  # most words start no secret: skip them at once
    leaks: list[Leak] = []
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file():
            continue
        for text in _file_texts(path):
            for hit in sorted(_dates_in(text) & secrets.dates):
                leaks.append(Leak(str(path.relative_to(site_dir)), "ngày sinh", hit))
            words = tokens(text)
            found = set()
            for i, word in enumerate(words):
                if word not in starts:
                    continue
                for n in lengths:
                    gram = words[i : i + n]
                    kind = live.get(gram)
                    if kind and gram not in found:
                        found.add(gram)
                        leaks.append(Leak(str(path.relative_to(site_dir)), kind, " ".join(gram)))
    return leaks
