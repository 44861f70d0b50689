"""Parsed roster files kept between builds, so that an unchanged file is never parsed again.

One entry per file: `<key>.parquet` (its rows, as the loader made them) and `<key>.json` (rows
read, problems). The key is a hash of the file's name and bytes and of everything that decides
what parsing yields: LOADER_VERSION, config/columns.yml, the loader's own source, and the pandas
and pyarrow versions. Entries are written atomically (temporary file, then os.replace); an entry
that cannot be read is treated as missing and written again. The cache only ever saves time: a
build that cannot write it goes on without it.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from functools import lru_cache
from pathlib import Path

import pandas as pd

from tiendo.cache import write_atomically
import pyarrow as pa

from tiendo.config import CONFIG_DIR
from tiendo.model import Problem

LOADER_VERSION = "1"  # raise when the loader yields something else for the same file
_LOADER_SOURCES = ("load/tables.py", "load/sheet_xml.py", "load/rosters.py", "load/cache.py", "text.py", "model.py",
                   "levels.py")  # the tests a level column may be headed by (tables.names_one_test)
Entry = tuple[pd.DataFrame, int, list[Problem]]  # rows, rows read, problems: what load_roster_file returns


@lru_cache(maxsize=1)
def loader_stamp() -> bytes:
    """A hash of what, besides the file itself, decides the loader's output."""
    digest = hashlib.sha256(f"{LOADER_VERSION}|{pd.__version__}|{pa.__version__}".encode())
    digest.update((CONFIG_DIR / "columns.yml").read_bytes())
    digest.update((CONFIG_DIR / "equivalences.csv").read_bytes())
    package = Path(__file__).resolve().parent.parent
    for name in _LOADER_SOURCES:
        try:
            digest.update((package / name).read_bytes())
        except OSError:  # installed without sources: LOADER_VERSION alone must say it
            digest.update(name.encode())
    return digest.digest()


def cache_key(name: str, content_digest: bytes) -> str:
    """The entry of a file named `name` whose bytes hash to `content_digest` (tiendo.cache.file_digest)."""
    digest = hashlib.sha256(loader_stamp())
    digest.update(name.encode("utf-8") + b"\x00")  # the name is in the rows and the messages
    digest.update(content_digest)
    return digest.hexdigest()


def read_entry(cache_dir: Path, key: str) -> Entry | None:
    """The entry, or None when it is missing or unreadable (truncated, half-written, foreign)."""
    try:
        meta = json.loads((cache_dir / f"{key}.json").read_text(encoding="utf-8"))
        frame = pd.read_parquet(cache_dir / f"{key}.parquet")
        if len(frame) != meta["rows"] or list(frame.columns) != meta["columns"]:
            return None
        problems = [Problem(**{**p, "related_rows": tuple(p["related_rows"])}) for p in meta["problems"]]
        return frame, int(meta["rows_read"]), problems
    except Exception:  # any damage means "parse the file again"
        return None


def write_entry(cache_dir: Path, key: str, entry: Entry) -> None:
    frame, rows_read, problems = entry
    meta = {"rows": len(frame), "columns": list(frame.columns), "rows_read": rows_read,
            "problems": [dataclasses.asdict(p) for p in problems]}
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        write_atomically(cache_dir / f"{key}.parquet", lambda path: frame.to_parquet(path, index=False))
        write_atomically(cache_dir / f"{key}.json",
                          lambda path: Path(path).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8"))
    except OSError:
        pass  # a full or read-only disk costs time next build, never this build


def prune_cache(cache_dir: Path, keep: set[str]) -> int:
    """Delete every entry (and leftover temporary file) whose key is not in `keep`; the count deleted."""
    if not cache_dir.is_dir():
        return 0
    removed = 0
    for path in cache_dir.iterdir():
        stale_entry = path.suffix in (".parquet", ".json") and path.stem not in keep
        leftover = path.name.startswith(".") and path.suffix == ".tmp"
        if path.is_file() and (stale_entry or leftover):
            path.unlink(missing_ok=True)
            removed += 1
    return removed
