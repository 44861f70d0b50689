"""How often Python's cycle collector runs, per kind of work (measured at national scale).

tiendo's own stages make millions of short-lived objects and keep their data in pandas/Arrow
columns with few reference cycles: a collection every 100,000 new objects instead of every 700
(`few_collections`). MkDocs is the opposite: it keeps most of what it makes until the build ends,
and each of those rare collections then walks 100,000 objects fresh out of the cache: 4.5 s of
collections for the 12,000 national unit pages, against 1.4 s with Python's own thresholds
(`python_defaults`), which MkDocs runs under when it runs alone."""
from __future__ import annotations

import contextlib
import gc

PYTHON_DEFAULTS = (700, 10, 10)  # CPython's own thresholds (gc.get_threshold() in a fresh interpreter)
FEW = (100_000, 50, 100)


@contextlib.contextmanager
def thresholds(values: tuple[int, int, int]):
    saved = gc.get_threshold()
    gc.set_threshold(*values)
    try:
        yield
    finally:
        gc.set_threshold(*saved)


def few_collections():
    return thresholds(FEW)


def python_defaults():
    return thresholds(PYTHON_DEFAULTS)
