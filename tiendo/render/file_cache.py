"""Files made once: a chart or a spreadsheet is kept under a hash of what it shows and of the code
that makes it, and made again only when one of them changes.

Drawing (40–130 ms a chart with matplotlib) and writing spreadsheets are the slow parts of
rendering. Both sites show mostly the same charts, and a rebuild after one agency's file changed
leaves most charts and downloads as they were."""
from __future__ import annotations

import hashlib
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Callable

from importlib.metadata import version

import numpy as np

from tiendo.cache import Store, frame_digest, write_atomically
from tiendo.compute.columns import runs_begin
from tiendo.render import downloads
from tiendo.render.workers import Workers

# matplotlib is imported only when a chart must really be drawn (0.4 s of every start otherwise)
_CHART_CODE = hashlib.sha256((Path(__file__).parent / "charts.py").read_bytes()
                             + version("matplotlib").encode()).hexdigest()
MAX_CSV_PARTS = 50  # more runs than that: the table is not in cycle order, made in blocks only
CSV_BLOCK_ROWS = 50_000  # rows a worker writes at once (a national table is 600.000: 600 MB in one go)
# what writes a CSV or a workbook: this code, pandas (to_csv) and XlsxWriter
_DOWNLOAD_CODE = hashlib.sha256(Path(downloads.__file__).read_bytes()
                                + f"{version('pandas')}|{version('xlsxwriter')}".encode()).hexdigest()


class FileCache(Store):
    """Charts and spreadsheets. Each entry is 64 hex characters of its content's sha256, then the
    content: a damaged entry is made again, never served. What is not in the cache is made by
    `workers` (other processes) while the caller goes on: `svg` and `xlsx` return a Future of
    bytes, `csv` a list of them (its parts, in order)."""

    def __init__(self, directory: Path | None, workers: Workers | None = None):
        super().__init__(directory)
        self.workers = workers or Workers(0)
        self.made = 0  # files actually made (not found in the cache)
        self.seconds = 0.0  # CPU time the making took, wherever it ran
        self.processes: dict[int, float] = {}  # the processes that made them → their peak memory (MB)
        self._asked: dict[str, Future] = {}  # both sites show many of the same charts: made once
        self._lock = threading.Lock()

    def forget(self) -> None:
        """Stop holding what was asked for (the bytes of every file): once both sites have asked,
        each file is held only by the page writer still waiting to write it."""
        self._asked.clear()

    def get(self, key: str, suffix: str, make: Callable, *args) -> Future:
        if key in self._asked:
            return self._asked[key]
        self._asked[key] = self._get(key, suffix, make, *args)
        return self._asked[key]

    def _get(self, key: str, suffix: str, make: Callable, *args) -> Future:
        path = self.entry(key, suffix)
        if path is not None and path.exists():
            stored = path.read_bytes()
            data = stored[64:]
            if stored[:64] == hashlib.sha256(data).hexdigest().encode("ascii"):
                found: Future = Future()
                found.set_result(data)
                return found
        self.made += 1
        result: Future = Future()

        def made(task: Future) -> None:  # in the pool's thread (or this one): keep the file, hand over its bytes
            try:
                data, seconds, process, peak = task.result()
                with self._lock:
                    self.seconds += seconds
                    self.processes[process] = max(peak, self.processes.get(process, 0.0))
                if path is not None:
                    write_atomically(path, lambda temporary: Path(temporary).write_bytes(
                        hashlib.sha256(data).hexdigest().encode("ascii") + data))
                result.set_result(data)
            except BaseException as exc:  # noqa: BLE001 (raised where the bytes are read)
                result.set_exception(exc)

        self.workers.submit(make, *args).add_done_callback(made)
        return result

    def svg(self, draw: str, *args) -> Future:
        """The SVG of tiendo.render.charts.<draw>(*args), as UTF-8 bytes."""
        return self.get(f"{_CHART_CODE}|{draw}|{args!r}", ".svg", draw_svg, draw, *args)

    def xlsx(self, sheets: dict, headers: dict | None = None) -> Future:
        """downloads.xlsx_bytes(sheets, headers), keyed by the tables' cells and column types."""
        parts = [_DOWNLOAD_CODE, repr(headers)]
        for title, table in sheets.items():
            parts += [title, repr(list(table.columns)), repr(list(table.dtypes.astype(str))), frame_digest(table)]
        return self.get("|".join(parts), ".xlsx", downloads.xlsx_bytes, sheets, headers)


    def csv(self, table, parts_by: str = "cycle") -> list[Future]:
        """downloads.csv_bytes(table), made in parts that follow one another: one per run of equal
        `parts_by` values (a cycle's rows), so a new file in the latest cycle leaves the earlier
        cycles' parts in the cache, and each run in blocks of CSV_BLOCK_ROWS rows, so a worker
        never holds a whole national table. The parts joined are the whole file, byte for byte."""
        runs = np.array([], dtype=int)
        if parts_by in table and len(table):
            values = table[parts_by].astype(str).to_numpy()
            runs = np.flatnonzero(runs_begin(values))[1:]
        if len(runs) > MAX_CSV_PARTS:
            runs = runs[:0]
        starts = [0, *runs.tolist()]
        bounds = sorted({b for start, end in zip(starts, [*starts[1:], len(table)])
                         for b in range(start, end, CSV_BLOCK_ROWS)} | {len(table)})
        if len(bounds) == 1:  # no rows: the header alone
            bounds = [0, 0]
        return [self._csv_part(table.iloc[start:end], start == 0) for start, end in zip(bounds, bounds[1:])]

    def _csv_part(self, part, header: bool) -> Future:
        key = "|".join([_DOWNLOAD_CODE, "csv", str(header), repr(list(part.columns)),
                        repr(list(part.dtypes.astype(str))), frame_digest(part)])
        return self.get(key, ".csv", downloads.csv_bytes, part, header)


def draw_svg(draw: str, *args) -> bytes:
    from tiendo.render import charts  # matplotlib: imported only where a chart is drawn

    return getattr(charts, draw)(*args).encode("utf-8")
