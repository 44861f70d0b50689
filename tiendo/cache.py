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
import tempfile
import time
from pathlib import Path
from typing import Callable

PACKAGE = Path(__file__).resolve().parent


_FILE_DIGESTS: dict[tuple, bytes] = {}
_HASHED_AT: dict[tuple, float] = {}  # when each digest was taken (time.time())
# A file modified (or changed) less than this before it was hashed may have been written again
# within the same clock tick, unseen: such a digest is not trusted by the next build.
_RACY_SECONDS = 2.0


def _status_key(path: Path) -> tuple:
    """What changes whenever a file's bytes change: size, modification and change times (on POSIX
    the change time cannot be set back by copying tools), the file's identity."""
    status = path.stat()
    return (str(path), status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)


def file_digest(path: Path) -> bytes:
    """sha256 of a file's bytes, read once per build even when several steps ask (a national data
    folder is several hundred MB), and not at all when the digest index of the last build
    (`load_digest_index`) has it for the same file status."""
    key = _status_key(path)
    if key not in _FILE_DIGESTS:
        _HASHED_AT[key] = time.time()
        _FILE_DIGESTS[key] = hashlib.sha256(path.read_bytes()).digest()
    return _FILE_DIGESTS[key]


def load_digest_index(path: Path) -> None:
    """Take the file digests a build recorded (`save_digest_index`): an unchanged data folder is
    then not read again only to be hashed (a national one: 700 MB, over a second). Not on Windows,
    where st_ctime is the creation time, which a copy that keeps the old time does not change."""
    import json

    if os.name == "nt":
        return

    try:
        for *key, hashed_at, digest in json.loads(path.read_text(encoding="utf-8"))["files"]:
            # written in the same clock tick as it was hashed, and again unseen: not trusted
            if max(key[2], key[3]) / 1e9 < hashed_at - _RACY_SECONDS:
                _FILE_DIGESTS.setdefault(tuple(key), bytes.fromhex(digest))
                _HASHED_AT.setdefault(tuple(key), hashed_at)
    except (OSError, ValueError, KeyError, TypeError):
        return  # no index, or a damaged one: files are hashed


def save_digest_index(path: Path) -> None:
    import json

    live = []
    for key, digest in _FILE_DIGESTS.items():
        try:
            if _status_key(Path(key[0])) == key:  # still the file that was hashed
                live.append([*key, _HASHED_AT[key], digest.hex()])
        except OSError:
            continue
    write_atomically(path, lambda temporary: Path(temporary).write_text(json.dumps({"files": live}), encoding="utf-8"))


def digest_files(root: Path) -> str:
    """One hash of every file under `root` (names and bytes), or of nothing if it is absent."""
    digest = hashlib.sha256()
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
            digest.update(file_digest(path))
    return digest.hexdigest()


def frame_digest(table) -> str:
    """A hash of a DataFrame's cells, row by row (pandas' own hashing, far cheaper than writing it
    out); cells pandas cannot hash (lists) go through the CSV text instead."""
    import pandas as pd

    try:
        rows = pd.util.hash_pandas_object(table, index=False).to_numpy()
    except TypeError:
        return hashlib.sha256(table.to_csv(index=False).encode("utf-8")).hexdigest()
    return hashlib.sha256(rows.tobytes()).hexdigest()


def group_digests(table, groups) -> dict[str, str]:
    """A hash of the rows of each group of `table` (`groups`: one label per row, missing for none:
    grouped under ""), in table order: equal hashes, equal rows. Each group's slices of every
    column's bytes are hashed as they lie in memory (strings: their lengths, null marks and
    characters, straight from the Arrow buffers), with no per-row hash: for millions of rows
    pandas' row hashing of Arrow strings took seconds."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    from tiendo.compute.columns import runs_begin

    labels = pd.Series(groups)
    if labels.isna().any():
        labels = labels.fillna("")
    codes, names = pd.factorize(labels)
    if not len(codes):
        return {}
    # Runs of one group in table order. Tables often come in few runs (sorted by unit, or target
    # then unit): hashed where they lie. Otherwise the rows are put in group order first (one take).
    # Either way each group's hash reads the same bytes in the same order.
    order = None
    bounds = np.flatnonzero(runs_begin(codes))[1:]
    if len(bounds) >= _FEW_RUNS:
        order = np.argsort(codes, kind="stable")
        codes = codes[order]
        bounds = np.flatnonzero(runs_begin(codes))[1:]
    runs = list(zip(codes[np.r_[0, bounds]].tolist(), np.r_[0, bounds].tolist(), np.r_[bounds, len(codes)].tolist()))
    start = hashlib.sha256(repr((list(table.columns), [str(t) for t in table.dtypes])).encode("utf-8"))
    hashes = [start.copy() for _ in names]
    # Each group's row count first: with it, every column's part of the bytes has one reading only
    # (without it, a string's length bytes and characters could be read as other rows).
    for digest, rows in zip(hashes, np.bincount(codes, minlength=len(names)).tolist()):
        digest.update(rows.to_bytes(8, "little"))

    def update(stream, at=None) -> None:
        for group, start, end in runs:
            hashes[group].update(stream[start:end] if at is None else stream[at[start]:at[end]])

    for name in table.columns:
        column = _arrow_column(table[name])
        for digest in hashes:
            digest.update(str(column.type).encode("utf-8") + b"\0")
        if order is not None:
            column = column.take(pa.array(order))
        update(column.is_valid().to_numpy(zero_copy_only=False).data)
        if pa.types.is_large_string(column.type):
            column = column.fill_null("")
            _, offsets, data = column.buffers()
            offsets = np.frombuffer(offsets, dtype=np.int64)[column.offset: column.offset + len(column) + 1]
            update(np.diff(offsets).astype(np.int32).data)
            update(memoryview(data) if data is not None else memoryview(b""), offsets)
            continue
        if column.null_count:  # a missing cell's bytes: always zero (the null marks tell it apart)
            column = column.fill_null(pa.scalar(False if pa.types.is_boolean(column.type) else 0, type=column.type))
        values = np.ascontiguousarray(column.to_numpy(zero_copy_only=False))
        update(values.view(f"u{values.dtype.itemsize}").data)  # raw bytes (dates and bools as well)
    return {str(name): digest.hexdigest() for name, digest in zip(names, hashes)}


_FEW_RUNS = 2000


def _arrow_column(values):
    """One Arrow array of a column: numbers, booleans and dates as they are, text as text. Cells of
    mixed or unknown kind (object columns: lists, numbers beside text; categories) are hashed by
    their repr, cell by cell, so that 1, 1.0 and "1" stay apart and no cell's bytes depend on what
    other rows hold."""
    import pandas as pd
    import pyarrow as pa

    def by_repr():
        return pa.array([None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else repr(v)
                         for v in values.astype(object)], type=pa.large_string())

    if values.dtype == object or isinstance(values.dtype, pd.CategoricalDtype):
        return by_repr()
    try:
        column = pa.array(values, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OverflowError):
        return by_repr()
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    kind = column.type
    if pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_boolean(kind) \
            or pa.types.is_timestamp(kind) or pa.types.is_date(kind) or pa.types.is_duration(kind):
        return column
    try:
        return column.cast(pa.large_string())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return by_repr()


_CODE: str | None = None


def code_version() -> str:
    """tiendo's own code: a new version of any module makes every cached result stale."""
    global _CODE
    if _CODE is None:
        _CODE = digest_files(PACKAGE)
    return _CODE


def write_atomically(target: Path, write: Callable[[str], None]) -> None:
    """`write(path)` into a temporary file beside `target`, then rename it: a build stopped halfway
    never leaves half a file where a reader looks."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(handle)
    try:
        write(temporary)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Store:
    """A folder of cached files named by the hash of what they were made from. It remembers which
    entries this build asked for, and `prune` forgets the rest (the cache stays the size of one
    build). Without a folder nothing is kept: every entry is made anew."""

    def __init__(self, directory: Path | None):
        self.directory = directory
        self.used: set[str] = set()

    def entry(self, key: str, suffix: str) -> Path | None:
        name = hashlib.sha256(key.encode("utf-8")).hexdigest() + suffix
        self.used.add(name)
        return self.directory / name if self.directory else None

    def prune(self) -> None:
        if self.directory is None or not self.directory.is_dir():
            return
        for path in self.directory.iterdir():
            if path.name not in self.used:
                path.unlink(missing_ok=True)


class PickleCache(Store):
    def get(self, parts: tuple, make: Callable[[], object]):
        """make(), or what an earlier make() with the same `parts` returned."""
        path = self.entry(repr(parts), ".pickle")
        if path is not None and path.exists():
            try:
                with path.open("rb") as stream:
                    return pickle.load(stream)
            except Exception:  # a damaged or outdated entry is only a cache miss
                path.unlink(missing_ok=True)
        value = make()
        if path is not None:
            write_pickle(path, value)
        return value


def write_pickle(path: Path, value) -> None:
    """A cache entry's file, written whole or not at all."""
    def dump(temporary: str) -> None:
        with open(temporary, "wb") as stream:  # streamed: a national cycle is 2 GB of pickle
            pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)

    write_atomically(path, dump)
