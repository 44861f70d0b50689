"""Files made in parts and kept in the cache are the same bytes as made whole."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from tiendo.render.downloads import csv_bytes
from tiendo.render.file_cache import FileCache


def _table(cycles: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"cycle": cycles, "unit": [f"Đơn vị {i}" for i in range(len(cycles))],
                         "percent": [i / 3 for i in range(len(cycles))],
                         "note": ["=SUM(A1)" if i == 1 else None for i in range(len(cycles))]})


def _joined(parts) -> bytes:
    return b"".join(part.result() for part in parts)


def test_a_csv_made_by_cycle_parts_is_the_whole_file_byte_for_byte(tmp_path: Path):
    for cycles in (["2024-12-31"] * 3 + ["2025-06-30"] * 2 + ["2025-12-31"] * 4,  # in cycle order
                   ["2025-12-31", "2024-12-31", "2025-12-31", "2024-12-31"],  # mixed: still the same file
                   ["2025-12-31"] * 5):  # one cycle: one part
        table = _table(cycles)
        parts = FileCache(tmp_path / "cache").csv(table)
        assert _joined(parts) == csv_bytes(table)
        assert _joined(parts).startswith("\ufeffcycle,unit".encode("utf-8"))
        assert b"'=SUM(A1)" in _joined(parts)  # the formula guard holds in every part


def test_a_new_latest_cycle_leaves_the_earlier_parts_in_the_cache(tmp_path: Path):
    cache = tmp_path / "cache"
    before = _table(["2024-12-31"] * 3 + ["2025-12-31"] * 3)
    first = FileCache(cache)
    _joined(first.csv(before))
    assert first.made == 2
    after = before.copy()
    after.loc[5, "percent"] = 0.99  # one agency sent its file again: only the latest cycle moves
    again = FileCache(cache)
    assert _joined(again.csv(after)) == csv_bytes(after)
    assert again.made == 1


def test_a_long_table_is_made_in_blocks_and_an_empty_one_is_its_header(tmp_path: Path, monkeypatch):
    from tiendo.render import file_cache

    monkeypatch.setattr(file_cache, "CSV_BLOCK_ROWS", 2)
    table = _table(["2024-12-31"] * 3 + ["2025-12-31"] * 4)
    parts = FileCache(tmp_path / "cache").csv(table)
    assert len(parts) == 4  # 2 + 1 rows of 2024, 2 + 2 of 2025: a new 2025 leaves 2024's blocks as they were
    assert _joined(parts) == csv_bytes(table)
    empty = table.iloc[0:0]
    assert _joined(FileCache(None).csv(empty)) == csv_bytes(empty) == "\ufeffcycle,unit,percent,note\n".encode("utf-8")
