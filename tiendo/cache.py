"""Work kept between builds, under a hash of everything it was made from.

A cycle whose files, configuration and plan targets are as they were is not read, checked and
computed again: its results come back from a pickle. Any change in what went in (a byte of a
roster, a line of config, tiendo's own code) gives another key, so a cached result is never stale.
The cache holds what the last build used and nothing else: it is a copy of work, never the only
copy of anything."""
from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Callable

PACKAGE = Path(__file__).resolve().parent


_FILE_DIGESTS: dict[tuple, bytes] = {}


def file_digest(path: Path) -> bytes:
    """sha256 of a file's bytes, read once per build even when several steps ask (a national data
    folder is several hundred MB); a file changed since is read again (size and time differ)."""
    status = path.stat()
    key = (str(path), status.st_size, status.st_mtime_ns)
    if key not in _FILE_DIGESTS:
        _FILE_DIGESTS[key] = hashlib.sha256(path.read_bytes()).digest()
    return _FILE_DIGESTS[key]


def digest_files(root: Path) -> str:
    """One hash of every file under `root` (names and bytes), or of nothing if it is absent."""
    digest = hashlib.sha256()
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
            digest.update(file_digest(path))
    return digest.hexdigest()


_CODE: str | None = None


def code_version() -> str:
    """tiendo's own code: a new version of any module makes every cached result stale."""
    global _CODE
    if _CODE is None:
        _CODE = digest_files(PACKAGE)
    return _CODE


class PickleCache:
    def __init__(self, directory: Path | None):
        self.directory = directory
        self.used: set[str] = set()
        self.hits = 0

    def get(self, parts: tuple, make: Callable[[], object]):
        """make(), or what an earlier make() with the same `parts` returned."""
        name = hashlib.sha256(repr(parts).encode("utf-8")).hexdigest() + ".pickle"
        self.used.add(name)
        path = self.directory / name if self.directory else None
        if path is not None and path.exists():
            try:
                with path.open("rb") as stream:
                    value = pickle.load(stream)
                self.hits += 1
                return value
            except Exception:  # a damaged or outdated entry is only a cache miss
                path.unlink(missing_ok=True)
        value = make()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            with temporary.open("wb") as stream:
                pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        return value

    def prune(self) -> None:
        if self.directory is None or not self.directory.is_dir():
            return
        for path in self.directory.iterdir():
            if path.name not in self.used:
                path.unlink(missing_ok=True)
