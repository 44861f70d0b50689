"""The leak guard: the second lock on the public site. Scans every built file (pages, search
index, charts, downloads, inside spreadsheets too) for any staff ID, name or birth date of the
rosters. The first lock is that the public renderer never receives person-level data."""
from __future__ import annotations

import functools
import html
import json
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_NON_WORD = re.compile(r"[^a-z0-9\n]+")
_LINE_EDGES = re.compile(r" *\n *")
TEXT_SUFFIXES = {".html", ".htm", ".js", ".json", ".xml", ".svg", ".csv", ".txt", ".md", ".css", ".map", ".tsv"}
ZIP_SUFFIXES = {".xlsx", ".docx", ".zip", ".ods", ".odt"}
MAX_NGRAM = 8


def _fold_lines(text: str) -> list[str]:
    """Each line of `text` as its folded words joined by one space: "Nguyễn Văn  An" and
    "nguyen-van-an" both give "nguyen van an". One pass over the whole text in C: secrets (millions
    of names, one a line) and site files are folded by this one function, so they always agree."""
    bare = _COMBINING.sub("", unicodedata.normalize("NFD", text)).replace("đ", "d").replace("Đ", "D").lower()
    return _LINE_EDGES.sub("\n", _NON_WORD.sub(" ", bare)).strip(" ").split("\n")


def words(text: str) -> str:
    """The folded words of one text, joined by single spaces."""
    return " ".join(" ".join(_fold_lines(text)).split())


def tokens(text: str) -> tuple[str, ...]:
    return tuple(w for w in words(text).split(" ") if w)


def _folded_values(values) -> list[str]:
    """Many short values (names, IDs) folded at once, in order."""
    values = [str(v).replace("\n", " ").replace("\r", " ") for v in values]
    return _fold_lines("\n".join(values)) if values else []


@dataclass
class Secrets:
    """What must never appear: staff IDs and names as folded word sequences, birth dates as dates.

    Beside the keys it keeps their shape: the first words and word counts of the keys of two or more
    words. Secrets are made per roster file and merged, and the shape merges as cheaply as the
    keys (a national roll-up has millions of keys; going over them all again cost seconds)."""

    ids: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    dates: set[str] = field(default_factory=set)  # "yyyy-mm-dd"
    skipped_short_ids: int = 0
    allowed: set[str] = field(default_factory=set)
    first_words: set[str] = field(default_factory=set)  # of keys of 2 to MAX_NGRAM words
    lengths: set[int] = field(default_factory=set)  # their word counts

    def _add_shape(self, keys) -> None:
        for key in keys:
            words_in_key = key.count(" ") + 1
            if 1 < words_in_key <= MAX_NGRAM:
                self.first_words.add(key.split(" ", 1)[0])
                self.lengths.add(words_in_key)

    def add_ids(self, values) -> None:
        added = []
        for key in _folded_values(values):
            # A short number ("12") occurs in every table: it cannot be told apart from a count.
            compact = key.replace(" ", "")
            if not compact:
                continue
            if len(compact) < 5 and compact.isdigit():
                self.skipped_short_ids += 1
                continue
            added.append(key)
        self.ids.update(added)
        self._add_shape(k for k in added if " " in k)

    def add_names(self, values) -> None:
        # a one-word name ("An") is an ordinary word
        added = [key for key in _folded_values(values) if " " in key]
        self.names.update(added)
        self._add_shape(added)

    def add_id(self, value: str) -> None:
        self.add_ids([value])

    def add_name(self, value: str) -> None:
        self.add_names([value])

    def add_birth_date(self, value: date | None) -> None:
        """Dates are looked for as dates (22/02/1999, 1999-02-22), never as loose numbers: the
        coordinates of a chart are full of "1999 02 22"-like runs."""
        if value is not None:
            self.dates.add(value.isoformat())

    def merge(self, other: "Secrets") -> None:
        """Add `other`'s secrets (its sets may be taken over: merge each part once)."""
        if not (self.ids or self.names or self.dates or self.first_words):  # the first part: no copy of millions
            self.ids, self.names, self.dates = other.ids, other.names, other.dates
            self.first_words, self.lengths = other.first_words, other.lengths
            self.skipped_short_ids += other.skipped_short_ids
            return
        self.ids |= other.ids
        self.names |= other.names
        self.dates |= other.dates
        self.first_words |= other.first_words
        self.lengths |= other.lengths
        self.skipped_short_ids += other.skipped_short_ids

    def kind(self, key: str) -> str | None:
        if key in self.ids:
            return "mã CBCCVC"
        if key in self.names:
            return "họ tên"
        return None

    def allow(self, value: str) -> None:
        """An office-approved exception (e.g. a school named after a hero who shares a staff
        member's name), listed in config/leak_allow.txt."""
        self.allowed.add(words(value))

    def allow_all_in(self, text: str) -> None:
        """Allow every secret that a public source text (the plan) already contains."""
        self.allowed.update(key for key, _ in _grams(words(text).split(" "), self))


def _grams(text_words: list[str], secrets: Secrets):
    """(key, kind) of every secret found as a run of words."""
    ids, first_words, lengths = secrets.ids, secrets.first_words, sorted(secrets.lengths)
    for i, word in enumerate(text_words):
        if word in ids:  # one-word secrets are IDs (a name has two words at least)
            yield word, "mã CBCCVC"
        if word not in first_words:  # most words start no longer secret: skip them at once
            continue
        for n in lengths:
            key = " ".join(text_words[i : i + n])
            kind = secrets.kind(key)
            if kind:
                yield key, kind


@dataclass(frozen=True)
class Leak:
    file: str
    kind: str
    text: str  # the folded token sequence found (not the original value, to keep logs clean)


# Where a workbook's XML names cells ("<c r="A10">", ref="A1:H20"): positions, never text a reader
# sees, and a staff ID such as "A10" must not be found in them.
_CELL_POSITIONS = re.compile(r'\s(?:r|ref|sqref|spans|activeCell|topLeftCell|activePane|pane)="[^"]*"')


def _file_texts(path: Path) -> list[str]:
    suffix = path.suffix.lower()
    if suffix in ZIP_SUFFIXES:
        try:
            with zipfile.ZipFile(path) as archive:
                return [html.unescape(_CELL_POSITIONS.sub(" ", archive.read(name).decode("utf-8", "replace")))
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


@functools.lru_cache(maxsize=1)
def _theme_files() -> dict[str, Path]:
    """Files the theme copies into every site, by their path there. A built file identical to
    its theme original holds no roster data and need not be read (Material's scripts, styles
    and source maps are most of a site's bytes)."""
    import material

    root = os.path.join(os.path.dirname(material.__file__), "templates")
    found = {}
    # Only assets/ holds big files copied into sites (not the thousands of icons beside it).
    for folder, _, names in os.walk(os.path.join(root, "assets")):
        prefix = os.path.relpath(folder, root).replace(os.sep, "/")
        for name in names:
            found[name if prefix == "." else f"{prefix}/{name}"] = Path(folder, name)
    return found


def scan(site_dir: Path, secrets: Secrets) -> list[Leak]:
    theme = _theme_files()
    leaks: list[Leak] = []
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(site_dir).as_posix()
        original = theme.get(relative)
        if original is not None and original.stat().st_size == path.stat().st_size \
                and original.read_bytes() == path.read_bytes():
            continue
        for text in _file_texts(path):
            for hit in sorted(_dates_in(text) & secrets.dates):
                leaks.append(Leak(relative, "ngày sinh", hit))
            found = set()
            for key, kind in _grams(words(text).split(" "), secrets):
                if key not in secrets.allowed and key not in found:
                    found.add(key)
                    leaks.append(Leak(relative, kind, key))
    return leaks


class DamagedEntry(Exception):
    """A cache entry of secrets that cannot be read (args[0]: its path)."""

    @property
    def path(self) -> str:
        return self.args[0]


def gather(entries: list[str], loose: Secrets | None, plan_texts: list[str], allowed: list[str]) -> Secrets:
    """All secrets: those kept in cache entries (pickled Secrets, one per roster file or per earlier
    cycle), those made without a cache (`loose`), less what the plans print (a signer's name) and
    what the office allowed (config/leak_allow.txt)."""
    import pickle

    secrets = Secrets()
    for path in entries:
        try:
            with open(path, "rb") as stream:
                part = pickle.load(stream)
        except Exception as exc:  # truncated, foreign, outdated
            raise DamagedEntry(path) from exc
        secrets.merge(part)
    if loose is not None:
        secrets.merge(loose)
    for text in plan_texts:
        secrets.allow_all_in(text)
    for line in allowed:
        secrets.allow(line)
    return secrets


def file_secrets(rows) -> Secrets:
    """The secrets of roster rows (a DataFrame with staff_id, full_name and birth_date as read)."""
    from tiendo.validate import parse_date

    secrets = Secrets()
    secrets.add_ids(rows["staff_id"].unique())
    secrets.add_names(rows["full_name"].unique())
    for raw in rows["birth_date"].unique():
        if len(raw) > 4:  # a bare year is no secret: it is in every age table
            secrets.add_birth_date(parse_date(raw)[0])
    return secrets


SECRET_COLUMNS = ["staff_id", "full_name", "birth_date"]  # what file_secrets reads of roster rows


def read_secret_columns(parquet_file: str):
    """The rows file_secrets reads, from a parsed roster file kept as Parquet (tiendo.load.cache):
    three columns, nothing else read."""
    import pandas as pd

    return pd.read_parquet(parquet_file, columns=SECRET_COLUMNS)


def write_secrets(path: str, files_rows) -> None:
    """The secrets of several files' rows (`files_rows`: one DataFrame per file, made as they are
    asked for) as the cache entry `path`: file by file, since half a national cycle at once would
    hold its folded text several times over."""
    from tiendo.cache import write_pickle

    secrets = Secrets()
    for rows in files_rows:
        secrets.merge(file_secrets(rows))
    write_pickle(Path(path), secrets)


def write_secrets_of_files(path: str, parquet_files: list[str]) -> None:
    """write_secrets from parsed roster files: the guard's process makes some entries this way while
    the build's makes the rest (folding millions of names is seconds of pure Python), reading the
    rows itself instead of being sent them."""
    write_secrets(path, (read_secret_columns(parquet_file) for parquet_file in parquet_files))


# The guard's own process keeps the gathered secrets between its two tasks: it gathers them while
# the sites are written (millions of keys at national scale: seconds) and scans when they are built.
_GATHERED: Secrets | None = None


def prepare(entries: list[str], loose: Secrets | None, plan_texts: list[str], allowed: list[str]) -> int:
    global _GATHERED
    _GATHERED = gather(entries, loose, plan_texts, allowed)
    return len(_GATHERED.ids) + len(_GATHERED.names)


def scan_prepared(site_dir: str) -> list[Leak]:
    """Scan with the gathered secrets, then let them go (millions of keys)."""
    global _GATHERED
    if _GATHERED is None:
        raise RuntimeError("the guard's secrets were gathered in another process")
    try:
        return scan(Path(site_dir), _GATHERED)
    finally:
        _GATHERED = None
