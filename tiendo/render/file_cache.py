"""Files made once: a chart or a spreadsheet is kept under a hash of what it shows and of the code
that makes it, and made again only when one of them changes.

Drawing (40–130 ms a chart with matplotlib) and writing spreadsheets are the slow parts of
rendering. Both sites show mostly the same charts, and a rebuild after one agency's file changed
leaves most charts and downloads as they were."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

from importlib.metadata import version

from tiendo.cache import Store, frame_digest, write_atomically
from tiendo.render import downloads

# matplotlib is imported only when a chart must really be drawn (0.4 s of every start otherwise)
_CHART_CODE = hashlib.sha256((Path(__file__).parent / "charts.py").read_bytes()
                             + version("matplotlib").encode()).hexdigest()
_DOWNLOAD_CODE = hashlib.sha256(Path(downloads.__file__).read_bytes()).hexdigest()


class FileCache(Store):
    """Charts and spreadsheets. Each entry is 64 hex characters of its content's sha256, then the
    content: a damaged entry is made again, never served."""

    def __init__(self, directory: Path | None):
        super().__init__(directory)
        self.made = 0  # files actually made (not found in the cache)

    def get(self, key: str, suffix: str, make: Callable[[], bytes]) -> bytes:
        path = self.entry(key, suffix)
        if path is not None and path.exists():
            stored = path.read_bytes()
            data = stored[64:]
            if stored[:64] == hashlib.sha256(data).hexdigest().encode("ascii"):
                return data
        data = make()
        self.made += 1
        if path is not None:
            write_atomically(path, lambda temporary: Path(temporary).write_bytes(
                hashlib.sha256(data).hexdigest().encode("ascii") + data))
        return data

    def svg(self, draw: str, *args) -> str:
        """The SVG of tiendo.render.charts.<draw>(*args)."""
        def make() -> bytes:
            from tiendo.render import charts

            return getattr(charts, draw)(*args).encode("utf-8")

        return self.get(f"{_CHART_CODE}|{draw}|{args!r}", ".svg", make).decode("utf-8")

    def xlsx(self, sheets: dict, headers: dict | None = None) -> bytes:
        """downloads.xlsx_bytes(sheets, headers), keyed by the tables' CSV text and column types."""
        parts = [_DOWNLOAD_CODE, repr(headers)]
        for title, table in sheets.items():
            parts += [title, repr(list(table.columns)), repr(list(table.dtypes.astype(str))), frame_digest(table)]
        return self.get("|".join(parts), ".xlsx", lambda: downloads.xlsx_bytes(sheets, headers))

