"""Charts drawn once: an SVG is kept under a hash of what it shows and of the code that draws it.

Drawing is the slow part of rendering (40–130 ms a chart with matplotlib). Both sites show mostly
the same charts, and a rebuild after one agency's file changed leaves most of them as they were."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Callable

import matplotlib

from tiendo.render import charts

_CODE = hashlib.sha256(Path(charts.__file__).read_bytes() + matplotlib.__version__.encode()).hexdigest()


class ChartCache:
    def __init__(self, directory: Path | None):
        self.directory = directory
        self.drawn = 0  # charts actually drawn (not found in the cache)
        self.used: set[str] = set()

    def svg(self, draw: Callable[..., str], *args) -> str:
        key = hashlib.sha256(f"{_CODE}|{draw.__name__}|{args!r}".encode("utf-8")).hexdigest()
        path = self.directory / f"{key}.svg" if self.directory else None
        self.used.add(f"{key}.svg")
        if path is not None and path.exists():
            return path.read_text(encoding="utf-8")
        svg = draw(*args)
        self.drawn += 1
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(svg, encoding="utf-8")
            os.replace(temporary, path)  # a build stopped halfway never leaves half a chart
        return svg

    def prune(self) -> None:
        """Forget charts this build did not ask for (the cache stays the size of one build)."""
        if self.directory is None or not self.directory.is_dir():
            return
        for path in self.directory.glob("*.svg"):
            if path.name not in self.used:
                path.unlink(missing_ok=True)
