"""The parse cache: the same RosterLoad with or without it; unchanged files are read back, not parsed;
damaged entries are ignored and rewritten; pruning keeps only the keys asked for."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from tiendo.load.cache import prune_cache
from tiendo.load.rosters import RosterLoad, load_rosters

SMALL = Path(__file__).resolve().parents[1] / "fixtures" / "small" / "data" / "2025-12-31"


@pytest.fixture
def cycle(tmp_path: Path) -> Path:
    """The small example's rosters plus an Excel file, a file missing a column and a binary file."""
    folder = tmp_path / "2025-12-31"
    shutil.copytree(SMALL, folder)
    book = Workbook()
    book.active.append(["DANH SÁCH"])
    book.active.append(["Mã CBCCVC", "Họ và tên", "Mã đơn vị", "Đối tượng", "Ngày sinh"])
    book.active.append(["X1", "Lê Văn Excel", "S1", "Công chức", 1980.0])
    book.save(folder / "excel.xlsx")
    (folder / "thieu-cot.csv").write_text("Mã CBCCVC,Họ và tên\nZ1,Ai Đó\n", encoding="utf-8")
    (folder / "rac.csv").write_bytes(bytes(range(256)) * 4)
    return folder


def assert_same_load(got: RosterLoad, want: RosterLoad) -> None:
    pd.testing.assert_frame_equal(got.rows, want.rows)
    assert got.rows_read == want.rows_read
    assert got.problems == want.problems


def test_the_load_is_the_same_with_or_without_the_cache(cycle: Path, tmp_path: Path):
    cache_dir = tmp_path / "cache"
    plain = load_rosters(cycle)
    cold = load_rosters(cycle, cache_dir)  # parses and writes
    warm = load_rosters(cycle, cache_dir)  # reads back
    assert_same_load(cold, plain)
    assert_same_load(warm, plain)
    assert len(plain.problems) == 2 and plain.cache_keys == []
    assert cold.cache_keys == warm.cache_keys and len(set(cold.cache_keys)) == 6  # one per roster file
    assert sorted(p.name for p in cache_dir.iterdir()) == sorted(
        f"{key}.{ext}" for key in cold.cache_keys for ext in ("parquet", "json"))  # no temporary file left


def test_an_unchanged_file_is_read_back_not_parsed(cycle: Path, tmp_path: Path):
    cache_dir = tmp_path / "cache"
    first = load_rosters(cycle, cache_dir)
    # Plant a different (valid) entry under the key of so-noi-vu.csv: a reload that parsed the file
    # would not see it.
    key = first.cache_keys[sorted(first.rows_read).index("so-noi-vu.csv")]
    planted = pd.read_parquet(cache_dir / f"{key}.parquet")
    planted["full_name"] = "Tên trong bộ đệm"
    planted.to_parquet(cache_dir / f"{key}.parquet", index=False)
    again = load_rosters(cycle, cache_dir)
    assert set(again.rows.loc[again.rows["source_file"] == "so-noi-vu.csv", "full_name"]) == {"Tên trong bộ đệm"}


def test_a_changed_or_renamed_file_gets_a_new_entry_and_pruning_drops_the_old(cycle: Path, tmp_path: Path):
    cache_dir = tmp_path / "cache"
    before = load_rosters(cycle, cache_dir)
    with (cycle / "so-noi-vu.csv").open("a", encoding="utf-8") as handle:
        handle.write("TN9999999,Người Mới,01/01/1990,Nam,S1,Công chức,Không,,Không,,,,,,,\n")
    (cycle / "benh-vien.csv").rename(cycle / "benh-vien-2.csv")
    after = load_rosters(cycle, cache_dir)
    assert_same_load(after, load_rosters(cycle))
    assert len(set(after.cache_keys) - set(before.cache_keys)) == 2
    assert prune_cache(cache_dir, set(after.cache_keys)) == 4  # two stale entries, two files each
    assert {p.stem for p in cache_dir.iterdir()} == set(after.cache_keys)
    assert_same_load(load_rosters(cycle, cache_dir), after)


@pytest.mark.parametrize("damage", ["truncated parquet", "garbage json", "missing json", "empty parquet"])
def test_a_damaged_entry_is_ignored_and_rewritten(cycle: Path, tmp_path: Path, damage: str):
    cache_dir = tmp_path / "cache"
    first = load_rosters(cycle, cache_dir)
    key = first.cache_keys[0]
    parquet, meta = cache_dir / f"{key}.parquet", cache_dir / f"{key}.json"
    if damage == "truncated parquet":
        parquet.write_bytes(parquet.read_bytes()[:100])
    elif damage == "garbage json":
        meta.write_text("{not json", encoding="utf-8")
    elif damage == "missing json":
        meta.unlink()
    else:
        parquet.write_bytes(b"")
    reloaded = load_rosters(cycle, cache_dir)
    assert_same_load(reloaded, load_rosters(cycle))
    assert len(pd.read_parquet(parquet)) == int((first.rows["source_file"] == sorted(first.rows_read)[0]).sum())
    assert meta.exists()


def test_a_cache_that_cannot_be_written_costs_time_never_the_load(cycle: Path, tmp_path: Path):
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("a file where the cache folder should be", encoding="utf-8")
    assert_same_load(load_rosters(cycle, not_a_folder), load_rosters(cycle))


def test_pruning_removes_leftover_temporary_files_and_nothing_else(tmp_path: Path):
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    for name in ("a.parquet", "a.json", "b.parquet", "b.json", ".b.parquet.x1.tmp", "README.txt"):
        (cache_dir / name).write_text("x", encoding="utf-8")
    assert prune_cache(cache_dir, {"a"}) == 3
    assert sorted(p.name for p in cache_dir.iterdir()) == ["README.txt", "a.json", "a.parquet"]
    assert prune_cache(tmp_path / "no-such-folder", set()) == 0
