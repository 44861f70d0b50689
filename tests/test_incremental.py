"""Rebuilds that redo only what changed must give exactly the site a full build gives."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tiendo.cli import main

SMALL = FIXTURES / "small"


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _assert_same_sites(built: Path, fresh: Path) -> None:
    """Both audiences' published folders hold the same files with the same bytes."""
    for audience in ("public", "internal"):
        ours, full = _files(built / audience), _files(fresh / audience)
        assert ours.keys() == full.keys(), audience
        assert [name for name in full if ours[name] != full[name]] == [], audience


def _build(data: Path, out: Path, *extra: str) -> dict:
    timings = out.parent / f"{out.name}-timings.json"
    assert main(["--data", str(data), "--content", str(SMALL / "content"), "--out", str(out),
                 "--timings-json", str(timings), *extra]) == 0
    return json.loads(timings.read_text(encoding="utf-8"))


def _change_one_agency(data: Path) -> None:
    """The Sở Nội vụ sends its file again: one person passed bậc 4, one newcomer; a commune unit is
    gone from the list of units (its people are now reported as errors)."""
    cycle = data / "2025-12-31"
    roster = cycle / "so-noi-vu.csv"
    text = roster.read_text(encoding="utf-8")
    text = text.replace("TN0000002,Lưu Văn Bảo,15/03/1980,Nam,S1,Công chức,Không,Chuyên viên,Không,Tiếng Anh,B1,",
                        "TN0000002,Lưu Văn Bảo,15/03/1980,Nam,S1,Công chức,Không,Chuyên viên,Không,Tiếng Anh,B2,")
    text += "TN0000099,Đỗ Minh Tâm,02/02/1992,Nam,S1,Công chức,Không,Chuyên viên,Không,Tiếng Anh,Bậc 4,,Có,,,\n"
    roster.write_text(text, encoding="utf-8")
    units = [line for line in (cycle / "don_vi.csv").read_text(encoding="utf-8").splitlines(keepends=True)
             if not line.startswith("X1,")]
    (cycle / "don_vi.csv").write_text("".join(units), encoding="utf-8")


def test_a_rebuild_after_one_agency_changed_equals_a_full_build(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(SMALL / "data", data)
    first = _build(data, tmp_path / "incremental")
    _change_one_agency(data)
    again = _build(data, tmp_path / "incremental")
    fresh = _build(data, tmp_path / "fresh")
    _assert_same_sites(tmp_path / "incremental", tmp_path / "fresh")  # the commune's page is gone in both
    assert not (tmp_path / "incremental" / "internal" / "don-vi" / "x1").exists()
    # MkDocs redid only the pages whose Markdown changed
    assert first["rebuilt_pages"] == first["pages"] and fresh["rebuilt_pages"] == fresh["pages"]
    assert again["rebuilt_pages"]["internal"] < fresh["rebuilt_pages"]["internal"]
    # Sở Y tế and its hospital sent nothing new: their unit pages were kept, not made again
    assert again["kept_files"] >= 2 and fresh["kept_files"] == 0 == first["kept_files"]


def test_a_build_stopped_halfway_is_followed_by_a_full_one(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(SMALL / "data", data)
    out = tmp_path / "site"
    _build(data, out)
    _change_one_agency(data)
    # a build stopped while MkDocs was writing leaves no record of a complete build: the next one
    # must not trust the half-updated folder
    record = out / ".tiendo" / "internal" / "site.state.json"
    assert record.exists()
    record.unlink()
    (out / ".tiendo" / "internal" / "site" / "index.html").write_text("half written", encoding="utf-8")
    rebuilt = _build(data, out)
    assert rebuilt["rebuilt_pages"]["internal"] == rebuilt["pages"]["internal"]
    assert "half written" not in (out / "internal" / "index.html").read_text(encoding="utf-8")


def test_each_rebuild_equals_a_full_build_when_the_starting_folder_is_two_builds_behind(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(SMALL / "data", data)
    _build(data, tmp_path / "site")
    _change_one_agency(data)
    _build(data, tmp_path / "site")
    # the hospital sends a new file: its head of department now holds IELTS 6.5
    roster = data / "2025-12-31" / "benh-vien.csv"
    roster.write_text(roster.read_text(encoding="utf-8").replace(";Tiếng Anh;TOEIC 650;", ";Tiếng Anh;IELTS 6.5;"),
                      encoding="utf-8")
    third = _build(data, tmp_path / "site")
    _build(data, tmp_path / "fresh")
    _assert_same_sites(tmp_path / "site", tmp_path / "fresh")
    assert third["rebuilt_pages"]["internal"] < third["pages"]["internal"]
    assert third["kept_files"] >= 2  # Sở Nội vụ's and the district's pages, unchanged this time


def test_a_unit_file_missing_from_the_work_folder_is_made_again_in_full(tmp_path: Path):
    """The record says the Sở Y tế's pages are unchanged, but the hospital's data file is gone from
    the work folder (deleted by hand, a cleaning tool): the page is made again with its tables,
    not with empty ones."""
    data = tmp_path / "data"
    shutil.copytree(SMALL / "data", data)
    out = tmp_path / "site"
    _build(data, out)
    (out / ".tiendo" / "internal" / "docs" / "don-vi" / "b1.js").unlink()
    _change_one_agency(data)
    again = _build(data, out)
    _build(data, tmp_path / "fresh")
    _assert_same_sites(out, tmp_path / "fresh")  # the hospital's tables as a full build makes them
    assert again["rebuilt_pages"]["internal"] < again["pages"]["internal"]


def test_damaged_cache_files_only_cost_time(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(SMALL / "data", data)
    out = tmp_path / "site"
    _build(data, out)
    before = {audience: _files(out / audience) for audience in ("public", "internal")}
    cache = out / ".tiendo" / "cache"
    damaged = [p for p in cache.rglob("*") if p.is_file()]
    assert any(p.suffix == ".pickle" for p in damaged) and any(p.suffix == ".parquet" for p in damaged)
    for path in damaged:
        path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    again = _build(data, out, "--force")
    assert {audience: _files(out / audience) for audience in ("public", "internal")} == before
    # the leak guard's process could not read its damaged entries: it looked again in the build's own
    assert again["guard_fallback"] is True


def test_after_a_unit_merge_a_new_file_in_the_latest_cycle_leaves_earlier_cycles_computed(tmp_path: Path):
    """Earlier cycles are rolled up through today's units: a new roster in the latest cycle, with
    the units unchanged, must not make them be computed again (at national scale, seconds)."""
    merge = FIXTURES / "merge"
    data = tmp_path / "data"
    shutil.copytree(merge / "data", data)

    def build(out: Path) -> dict:
        timings = tmp_path / f"{out.name}-timings.json"
        assert main(["--data", str(data), "--content", str(merge / "content"), "--out", str(out),
                     "--timings-json", str(timings)]) == 0
        return json.loads(timings.read_text(encoding="utf-8"))

    assert build(tmp_path / "incremental")["computed_cycles"] == 2
    roster = data / "2025-12-31" / "ds.csv"
    roster.write_text(roster.read_text(encoding="utf-8") + "MG000009,Kiều Văn Mậu,1990,XN,Công chức,Không,Tiếng Anh,Bậc 4\n",
                      encoding="utf-8")
    assert build(tmp_path / "incremental")["computed_cycles"] == 1
    assert build(tmp_path / "fresh")["computed_cycles"] == 2
    _assert_same_sites(tmp_path / "incremental", tmp_path / "fresh")
    # today's units changed: the earlier cycle is rolled up through the new tree, computed again
    units = data / "2025-12-31" / "don_vi.csv"
    units.write_text(units.read_text(encoding="utf-8") + "XM,UBND xã Mới Hai,P,Xã\n", encoding="utf-8")
    assert build(tmp_path / "incremental")["computed_cycles"] == 2


def test_unit_changes_of_an_earlier_folder_reach_a_later_cycle_kept_in_the_cache(tmp_path: Path):
    """A cycle's rows with an old unit code are put under the new unit by the don_vi_chuyen_doi.csv of
    its own folder or an earlier one, not a later one (tests/fixtures/merge_old_codes: X2 → XN said in
    2025-09-30, an X2 row in 2025-12-31). When that line moves to the latest folder, the cycle between,
    whose own folder did not change (nor did the changes of all cycles together), is read again: the
    same site and the same problems as a fresh build."""
    fixture = FIXTURES / "merge_old_codes"
    data = tmp_path / "data"
    shutil.copytree(fixture / "data", data)
    out = tmp_path / "site"

    def problems(target: Path) -> dict[str, tuple[int, int]]:  # cycle → (errors, warnings)
        assert main(["--data", str(data), "--content", str(fixture / "content"), "--out", str(target)]) == 0
        summary = json.loads((target / ".tiendo" / "last-build.json").read_text(encoding="utf-8"))["summary"]
        return {e["cycle"]: (e["errors"], e["warnings"]) for e in summary["earlier_problems"]}

    assert problems(out)["2025-12-31"] == (0, 1)  # X2's row counted under XN, said once
    changes = data / "2025-09-30" / "don_vi_chuyen_doi.csv"
    changes.write_text("".join(line for line in changes.read_text(encoding="utf-8").splitlines(keepends=True)
                               if not line.startswith("X2,")), encoding="utf-8")
    (data / "2026-06-30" / "don_vi_chuyen_doi.csv").write_text("Mã đơn vị cũ,Mã đơn vị mới,Ngày\nX2,XN,01/07/2025\n",
                                                                encoding="utf-8")
    assert problems(out)["2025-12-31"] == (1, 0)  # X2 is said to be XN only from 2026-06-30: its row is not counted
    assert problems(tmp_path / "fresh")["2025-12-31"] == (1, 0)
    _assert_same_sites(out, tmp_path / "fresh")


@pytest.mark.parametrize("start_method", ["forkserver", "spawn"])
def test_charts_and_workbooks_made_in_worker_processes_equal_those_made_in_one(tmp_path: Path, monkeypatch,
                                                                                start_method: str):
    """Worker processes (forkserver on Linux, spawn on Windows) draw the charts and write the
    workbooks while pages are written; the sites are the same as with everything in one process."""
    from tiendo.render import workers

    if start_method not in __import__("multiprocessing").get_all_start_methods():
        pytest.skip(f"no {start_method} on this system")
    monkeypatch.setattr(workers, "START_METHOD", start_method)
    pooled = _build(SMALL / "data", tmp_path / "pooled", "--jobs", "2")
    alone = _build(SMALL / "data", tmp_path / "alone", "--jobs", "0")
    _assert_same_sites(tmp_path / "pooled", tmp_path / "alone")
    assert pooled["guard_fallback"] is False is alone["guard_fallback"]  # the guard ran in its own process
    assert pooled["files_made"] == alone["files_made"] > 0
    assert pooled["file_work_seconds"] > 0
    assert pooled["file_workers"] >= 1 and alone["file_workers"] == 0  # made elsewhere, or here


def test_an_earlier_cycle_kept_without_its_rows_is_read_again_when_its_results_or_secrets_are_made_again(
        tmp_path: Path):
    """The cache keeps an earlier cycle without its rows (at national scale, gigabytes read for
    nothing on every build). When its indicators must be computed again (a target changed) or its
    secrets are gone from the cache, its rows are read again: same site as a fresh build, and the
    leak guard still knows the people of that cycle."""
    merge = FIXTURES / "merge"
    data, content = tmp_path / "data", tmp_path / "content"
    shutil.copytree(merge / "data", data)
    shutil.copytree(merge / "content", content)
    earlier = data / "2024-12-31" / "ds.csv"  # someone who left before the latest cycle
    earlier.write_text(earlier.read_text(encoding="utf-8") + "MG000008,Kiều Văn Giáp,1979,X2,Công chức,Không,Tiếng Anh,Bậc 2\n",
                       encoding="utf-8")
    out = tmp_path / "site"

    def build(target: Path, *extra: str) -> int:
        return main(["--data", str(data), "--content", str(content), "--out", str(target), *extra])

    assert build(out) == 0
    plan = content / "plans" / "ke-hoach.md"
    plan.write_text(plan.read_text(encoding="utf-8").replace("- 25% cán bộ", "- 30% cán bộ"), encoding="utf-8")
    assert build(out) == 0  # both cycles computed again, the earlier one from rows read again
    assert build(tmp_path / "fresh") == 0
    _assert_same_sites(out, tmp_path / "fresh")
    assert "30 %" in (out / "public" / "index.html").read_text(encoding="utf-8")

    # Kiều Văn Giáp is in the 2024 roster only: a page that names him must not be published
    shutil.rmtree(out / ".tiendo" / "cache" / "secrets")
    (content / "pages").mkdir()
    (content / "pages" / "tin-tuc.md").write_text("# Tin tức\n\nChúc mừng ông Kiều Văn Giáp.\n", encoding="utf-8")
    before = _files(out / "public")
    assert build(out) == 2
    assert _files(out / "public") == before


def test_a_file_rewritten_with_the_same_size_and_time_is_still_seen(tmp_path: Path, monkeypatch):
    """File digests are kept between builds by file status (size, times, identity), so an unchanged
    national data folder is not read again only to be hashed. A file rewritten with the same size
    and its old modification time restored still changes its change time: it is hashed again."""
    import os
    import time

    from tiendo import cache

    monkeypatch.setattr(cache, "_RACY_SECONDS", 0.0)  # trust every recorded digest at once
    data = tmp_path / "data"
    shutil.copytree(SMALL / "data", data)
    out = tmp_path / "site"
    _build(data, out)
    assert (out / ".tiendo" / "cache" / "digests.json").exists()
    cache._FILE_DIGESTS.clear()  # as in a new process: only the index on disk is known
    assert _build(data, out)["timings"] == {"không có gì thay đổi": 0.0}

    roster = data / "2025-12-31" / "so-noi-vu.csv"
    before = roster.stat()
    text = roster.read_text(encoding="utf-8")
    assert "Lưu Văn Bảo,15/03/1980,Nam,S1,Công chức,Không,Chuyên viên,Không,Tiếng Anh,B1," in text
    time.sleep(0.01)
    roster.write_text(text.replace("Lưu Văn Bảo,15/03/1980,Nam,S1,Công chức,Không,Chuyên viên,Không,Tiếng Anh,B1,",
                                   "Lưu Văn Bảo,15/03/1980,Nam,S1,Công chức,Không,Chuyên viên,Không,Tiếng Anh,B2,"),
                      encoding="utf-8")
    os.utime(roster, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert roster.stat().st_size == before.st_size and roster.stat().st_mtime_ns == before.st_mtime_ns
    cache._FILE_DIGESTS.clear()
    listed = _listed_below(out, "Lưu Văn Bảo")
    again = _build(data, out)
    assert again["timings"] != {"không có gì thay đổi": 0.0}
    assert _listed_below(out, "Lưu Văn Bảo") != listed  # B1 → B2 (bậc 4): the published page says so


def _listed_below(site: Path, name: str) -> list[list]:
    """The rows of `name` in the "people below target" lists of the internal unit pages, as drawn."""
    from tests.htmlpage import data_sections

    return sorted(row for path in (site / "internal" / "don-vi").glob("*/index.html")
                  for section in data_sections(path) if section["id"] == "nguoi-chua-dat"
                  for row in section["rows"] if row[0] == name)


def _die(*_args):
    import os

    os._exit(9)  # as the system's out-of-memory killer would


def test_a_guard_process_that_dies_while_gathering_is_replaced_by_this_one(tmp_path: Path, monkeypatch):
    """The leak guard's process is killed while it gathers its secrets: the public site is built
    and scanned in the build's own process instead, and a planted name is still caught."""
    import multiprocessing

    from tiendo import pipeline
    from tiendo.render import workers

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this system: the killed process must inherit the patched function")
    _build(SMALL / "data", tmp_path / "plain", "--jobs", "0")
    monkeypatch.setattr(workers, "START_METHOD", "fork")
    monkeypatch.setattr(pipeline, "prepare", _die)  # only ever run in the guard's (forked) process below
    survived = _build(SMALL / "data", tmp_path / "survived", "--jobs", "1")
    assert survived["guard_fallback"] is True
    _assert_same_sites(tmp_path / "survived", tmp_path / "plain")

    content = tmp_path / "content"
    shutil.copytree(SMALL / "content", content)
    (content / "pages").mkdir()
    (content / "pages" / "tin-tuc.md").write_text("# Tin tức\n\nChúc mừng bà Phạm Thị Quỳnh Anh.\n", encoding="utf-8")
    assert "Phạm Thị Quỳnh Anh" in (SMALL / "data" / "2025-12-31" / "so-noi-vu.csv").read_text(encoding="utf-8")
    assert main(["--data", str(SMALL / "data"), "--content", str(content), "--out", str(tmp_path / "leaky"),
                 "--jobs", "1"]) == 2
    assert not (tmp_path / "leaky" / "public").exists()


def test_an_earlier_cycle_read_again_keeps_the_problems_found_in_its_unit_changes(tmp_path: Path):
    """A bad line in an earlier cycle's don_vi_chuyen_doi.csv is one problem, whether that cycle
    comes from the cache whole or is read again because a target changed."""
    merge = FIXTURES / "merge"
    data, content = tmp_path / "data", tmp_path / "content"
    shutil.copytree(merge / "data", data)
    shutil.copytree(merge / "content", content)
    (data / "2024-12-31" / "don_vi_chuyen_doi.csv").write_text(
        "Mã đơn vị cũ,Mã đơn vị mới,Ngày\nX9,,01/07/2024\n", encoding="utf-8")
    out = tmp_path / "site"

    def problems() -> list[dict]:  # the earlier cycle's are counted apart from the latest cycle's
        assert main(["--data", str(data), "--content", str(content), "--out", str(out)]) == 0
        summary = json.loads((out / ".tiendo" / "last-build.json").read_text(encoding="utf-8"))["summary"]
        return [{"cycle": "2025-12-31", "errors": summary["errors"], "warnings": summary["warnings"]},
                *summary["earlier_problems"]]

    first = problems()
    assert [e["cycle"] for e in first[1:]] == ["2024-12-31"] and first[1]["errors"] + first[1]["warnings"] >= 1
    plan = content / "plans" / "ke-hoach.md"
    plan.write_text(plan.read_text(encoding="utf-8").replace("- 25% cán bộ", "- 30% cán bộ"), encoding="utf-8")
    assert problems() == first  # the earlier cycle's rows were read again for its indicators


_PARENT = __import__("os").getpid()


def _die_in_the_helper(path, parquet_files):
    """write_secrets_of_files, except in another process: there it dies as if killed."""
    import os

    from tiendo.leakguard import write_secrets_of_files

    if os.getpid() != _PARENT:
        os._exit(9)
    return write_secrets_of_files(path, parquet_files)


def _marked_in_the_helper(path, parquet_files):
    """write_secrets_of_files, leaving a mark (the entry's path) when run in another process."""
    import os

    from tiendo.leakguard import write_secrets_of_files

    write_secrets_of_files(path, parquet_files)
    if os.getpid() != _PARENT:
        with open(Path(path).parent.parent / "made-by-helper.txt", "a", encoding="utf-8") as marks:
            marks.write(path + "\n")


def _two_cycles(tmp_path: Path) -> Path:
    """The small fixture's three roster files in two cycles (the earlier cycle's under other names:
    files of their own in the parse cache)."""
    from tiendo.load.rosters import roster_files

    data = tmp_path / "data"
    if not data.exists():
        shutil.copytree(SMALL / "data", data)
        shutil.copytree(data / "2025-12-31", data / "2024-12-31")
        for roster in roster_files(data / "2024-12-31"):
            roster.rename(roster.with_name("2024-" + roster.name))
    return data


def _gathered_secrets(tmp_path: Path, name: str, helper_process: bool = False) -> tuple:
    """The secrets of two cycles of three files each, made from the cache in tmp_path/name (empty
    the first time), in this process alone or shared with a helper process."""
    from tiendo.leakguard import gather
    from tiendo.pipeline import analyse, secret_sources
    from tiendo.render.workers import Workers
    from tiendo.settings import load_settings

    settings = load_settings(data_dir=_two_cycles(tmp_path), content_dir=SMALL / "content", out_dir=tmp_path / name)
    analysis = analyse(settings, cache_dir=tmp_path / name / "cache")
    helper = Workers(1) if helper_process else None
    try:
        entries, loose = secret_sources(analysis, tmp_path / name / "secrets", helper=helper)
    finally:
        if helper is not None:
            helper.close()
    assert entries and all(path.exists() for path in entries)
    assert len(loose.ids) == 0  # with a cache folder every secret is in an entry
    secrets = gather([str(p) for p in entries], loose, [], [])
    return secrets.ids, secrets.names, secrets.dates, secrets.first_words, secrets.lengths


def test_the_guard_s_secrets_made_in_two_processes_are_the_ones_made_in_one(tmp_path: Path, monkeypatch):
    """A cold cache: the entries of the leak guard's secrets are shared between the build's process
    and the guard's, which reads its files from the parse cache; what they hold is what one process
    alone makes. When the guard's process dies while making its share, the build's makes it."""
    import multiprocessing
    import pickle

    from tiendo import pipeline
    from tiendo.render import workers

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this system: the helper must inherit the patched function")
    alone = _gathered_secrets(tmp_path, "alone")
    assert alone[0] and alone[1] and alone[2]  # staff IDs, names and birth dates of both cycles
    monkeypatch.setattr(workers, "START_METHOD", "fork")
    monkeypatch.setattr(pipeline, "write_secrets_of_files", _marked_in_the_helper)
    assert _gathered_secrets(tmp_path, "shared", helper_process=True) == alone
    made = (tmp_path / "shared" / "made-by-helper.txt").read_text(encoding="utf-8").split()
    assert made and any(pickle.loads(Path(path).read_bytes()).ids for path in made)  # real work, done there

    monkeypatch.setattr(pipeline, "write_secrets_of_files", _die_in_the_helper)
    assert _gathered_secrets(tmp_path, "died", helper_process=True) == alone


def test_a_damaged_parse_cache_file_is_read_again_for_the_guard_s_secrets(tmp_path: Path):
    """An earlier cycle comes whole from the cycle cache, so its parsed files are first read when
    its secrets must be made again: a damaged one is parsed again, not a failed build."""
    import shutil as _shutil

    alone = _gathered_secrets(tmp_path, "alone")
    for parsed in (tmp_path / "alone" / "cache" / "rosters").glob("*.parquet"):
        parsed.write_bytes(b"not parquet")
    _shutil.rmtree(tmp_path / "alone" / "secrets")
    assert _gathered_secrets(tmp_path, "alone") == alone
