"""Charts and spreadsheets are made in other processes while this one writes pages and runs MkDocs.

Drawing a chart (matplotlib) and writing a workbook (XlsxWriter) are pure Python and hold the
interpreter for their whole time, so threads would not help; a small pool of processes does. Its
processes start from a server that has already imported matplotlib, pandas and XlsxWriter
(forkserver), not as copies of this process, which holds the rosters (gigabytes at national
scale). Where the system has no forkserver (Windows), they start afresh (spawn).

Each task returns its bytes and the seconds it took, so the build can report the work done
elsewhere as well as the time it waited for it."""
from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
import threading
import time
import traceback
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable

# What every worker needs: imported once in the server the workers start from. MkDocs too: the leak
# guard's worker builds the public site, and importing MkDocs there (0.1 s) happens while the data is read.
PRELOAD = ["tiendo.render.charts", "tiendo.render.downloads", "tiendo.render.workers", "mkdocs.commands.build",
           "mkdocs.config"]
MAX_JOBS = 4
# None: forkserver where the system has it, else spawn (Windows). Tests set "spawn" to check that path.
START_METHOD: str | None = None


def job_count(jobs: int | None = None) -> int:
    """How many worker processes: `jobs` as asked (--jobs), else one process for pages (this one)
    and the other cores for files; none on a one-core machine, where a second process would only
    take turns with the first."""
    if jobs is not None:
        return max(0, jobs)
    return max(0, min(MAX_JOBS, (os.cpu_count() or 1) - 1))


def timed(make: Callable, *args, **kwargs) -> tuple[bytes, float, int, float]:
    """make(*args, **kwargs), the CPU seconds it took, the process that did it and that process's
    peak memory in MB (a build's memory is its own plus its workers')."""
    start = time.process_time()
    try:
        data = make(*args, **kwargs)
    except Exception as exc:
        try:  # it goes back to the build's process pickled: one that cannot be would break the pool
            pickle.loads(pickle.dumps(exc))
        except Exception:  # noqa: BLE001
            raise RuntimeError(traceback.format_exc()) from None
        raise
    return data, time.process_time() - start, os.getpid(), peak_mb()


def peak_mb() -> float:
    try:
        import resource
    except ImportError:  # Windows: no resource module
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KB on Linux


def _context():
    methods = multiprocessing.get_all_start_methods()
    method = START_METHOD or ("forkserver" if "forkserver" in methods else "spawn")
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(PRELOAD)
    return context


def warm_up(jobs: int) -> None:
    """Start, in the background, the server that workers are forked from: it imports matplotlib,
    pandas and XlsxWriter first (most of a second), and the build would otherwise wait for that
    when it hands over its first chart. Started while the build reads its data, it is ready by then."""
    context = _context()
    if jobs == 0 or context.get_start_method() != "forkserver":
        return

    def start() -> None:
        try:
            process = context.Process(target=os.getpid)  # the first process the server forks: it is up
            process.start()
            process.join()
        except Exception:  # noqa: BLE001 (only a head start: the pool starts the server itself if need be)
            pass

    threading.Thread(target=start, name="tiendo-warm-up", daemon=True).start()


class Workers:
    """`submit(make, *args, **kwargs)` → a Future of `timed(make, *args, **kwargs)`. With `jobs` = 0 the work is done at
    once, in this process. The pool starts at the first task: a build that finds every file in
    its cache starts no process."""

    def __init__(self, jobs: int | None = None):
        self.jobs = job_count(jobs)
        self._pool: ProcessPoolExecutor | None = None

    def submit(self, make: Callable, *args, **kwargs) -> Future:
        if self.jobs == 0:
            done: Future = Future()
            try:
                done.set_result(timed(make, *args, **kwargs))
            except Exception as exc:  # noqa: BLE001 (handed over, raised where the result is read)
                done.set_exception(exc)
            return done
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.jobs, mp_context=_context())
        try:
            return self._pool.submit(timed, make, *args, **kwargs)
        except BrokenProcessPool as exc:  # a process died earlier: this task fails where it is read, like that one
            failed: Future = Future()
            failed.set_exception(exc)
            return failed

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
