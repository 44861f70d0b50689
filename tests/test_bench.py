"""The benchmark at a tiny size: every part of the report is there and DuckDB counts what tiendo
counts. A benchmark is not a timed test: structure and equality are checked, never speed."""
from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tiendo.bench import GOALS
from tiendo.bench_duckdb import compare, differences, duckdb_counts, load_inputs, long_form, tiendo_counts
from tiendo.cli import main
from tiendo.compute.indicators import COUNTS
from tiendo.render.summary import print_bench, span_text


@pytest.fixture(scope="module")
def bench(tmp_path_factory) -> tuple[dict, Path]:
    """`python build.py bench … --format json`, run once for the module (capsys is per test: stdout
    goes to a file)."""
    work = tmp_path_factory.mktemp("bench")
    out = work / "report.json"
    with open(out, "w", encoding="utf-8") as handle, contextlib.redirect_stdout(handle):
        code = main(["bench", "--scale", "small", "--staff", "300", "--units", "30", "--cycles", "2",
                     "--repeat", "2", "--format", "json", "--keep", str(work / "kept")])
    assert code == 0
    return json.loads(out.read_text(encoding="utf-8")), work / "kept"


def test_the_report_has_every_part(bench):
    result, kept = bench
    assert result["scale"] == "small" and result["shape"] == "province"
    assert result["data"]["cycles"] == 2 and result["data"]["units"] == 30 and 250 <= result["data"]["staff"] <= 350
    for name in ("full", "unchanged", "one_file"):
        build = result["builds"][name]
        assert build["wall"] > 0 and build["peak_mb"] > 0 and build["timings"]
        assert build["pages"]["public"] > 0 and build["pages"]["internal"] > 0
    full = result["builds"]["full"]["timings"]
    assert {"view public", "render public", "mkdocs public", "view internal", "render internal", "mkdocs internal"} <= set(full)
    assert result["builds"]["full"]["rebuilt"] and result["builds"]["one_file"]["rebuilt"]
    assert set(result["builds"]["one_file"]["timings"]) == set(full)
    # one agency's file really changed for the third build (DuckDB, run after it, reads one row more:
    # test_duckdb_counts_what_tiendo_counts), and was put back for the next round
    changed = kept / "data" / result["builds"]["one_file"]["changed_file"]
    assert "BENCH0000001" not in changed.read_text(encoding="utf-8-sig")
    assert (kept / "one_file-1.out").exists() and (kept / "one_file-2.out").exists()  # each round's own logs
    for audience in ("public", "internal"):
        floor = result["mkdocs_floor"][audience]
        assert floor["pages"] == result["pages"][audience] and floor["seconds"] > 0
        part = result["page_cost"]["by_audience"][audience]
        assert part["ratio"] == pytest.approx((part["render"] + part["mkdocs"]) / floor["seconds"])
    cost = result["page_cost"]
    assert cost["ratio"] > 0 and result["charts"] > 0
    # the view computation is kept out of the goal's ratio and reported beside it
    assert cost["views_seconds"] > 0
    assert cost["views_seconds"] == pytest.approx(full["view public"] + full["view internal"])
    assert cost["with_view"] == pytest.approx((cost["tiendo_seconds"] + cost["views_seconds"]) / cost["floor_seconds"])


def test_duckdb_counts_what_tiendo_counts(bench):
    duck = bench[0]["duckdb"]
    assert duck["equal"] is True and duck["differences"] == []
    assert duck["cells"] == duck["targets"] * (duck["units"] + 1)  # every target × (territory, every unit)
    assert duck["counts_compared"] == duck["cells"] * len(COUNTS) and duck["targets"] == 10
    assert duck["rows"] == bench[0]["data"]["rows"] + 1  # the latest cycle, with the newcomer
    assert duck["tiendo_seconds"] > 0 and duck["duckdb_seconds"] > 0
    assert duck["ratio"] == pytest.approx(duck["tiendo_seconds"] / duck["duckdb_seconds"])


def test_every_goal_is_judged(bench):
    result = bench[0]
    goals = {g["goal"]: g for g in result["goals"]}
    assert list(goals) == [key for key, *_ in GOALS]
    for key in ("province_full", "province_unchanged", "province_one_file", "national_full", "national_memory",
                "national_one_file"):
        assert goals[key]["met"] is None and goals[key]["value"] is None  # another scale's size
    assert goals["page_cost"]["value"] == result["page_cost"]["ratio"]
    assert goals["compute"]["value"] == result["duckdb"]["ratio"]
    for key in ("page_cost", "compute"):
        assert goals[key]["met"] == (goals[key]["value"] <= goals[key]["limit"])


def test_the_text_report(bench, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # a wide terminal: no heading wrapped over two lines
    print_bench(bench[0])
    text = capsys.readouterr().out
    for part in ("Đo hiệu năng", "Dựng đầy đủ", "Dựng lại, không đổi", "Dựng lại, một tệp đổi", "Bộ nhớ đỉnh",
                 "Số trang", "Số biểu đồ", "MkDocs trần", "DuckDB", "✓ khớp", "Mục tiêu (issue #7)", "≤ 1,5 ×",
                 "≤ 6 GB", "viết trang nội bộ"):
        assert part in text, part


@pytest.mark.parametrize("fixture", ["small", "merge"])
def test_duckdb_equals_tiendo_on_the_fixtures(fixture):
    """The small fixture has several languages per person, exemptions, a focus group with an age
    limit; the merge fixture has units that took over a district (don_vi_chuyen_doi.csv)."""
    result = compare(FIXTURES / fixture / "data", FIXTURES / fixture / "content", repeat=1)
    assert result["equal"] and result["cells"] > 0


def test_a_different_count_is_caught():
    inputs = load_inputs(FIXTURES / "small" / "data", FIXTURES / "small" / "content")
    ours = tiendo_counts(inputs)
    theirs = long_form(duckdb_counts(inputs), inputs.targets)
    cells, problems = differences(ours, theirs)
    assert cells == len(ours) and problems == []
    row = theirs.index[(theirs["unit"].isna()) & (theirs["target_key"] == inputs.targets[0].key)][0]
    theirs.loc[row, "achieved"] += 1
    _, problems = differences(ours, theirs)
    assert len(problems) == 1 and inputs.targets[0].key in problems[0] and "achieved" in problems[0]


def test_rounds_are_reported_with_the_median_one_shown_and_every_goal_s_range(bench):
    result = bench[0]
    rounds = result["rounds"]
    assert len(rounds) == 2 and result["round_shown"] in (1, 2)
    # of two rounds, the one with the higher page cost is shown: never the better one by choice
    assert result["page_cost"]["ratio"] == max(r["page_cost"] for r in rounds)
    assert rounds[result["round_shown"] - 1]["full"] == result["builds"]["full"]["wall"]
    for goal in result["goals"]:
        if goal["met"] is None:
            assert goal["range"] is None
            continue
        figure = goal["goal"]
        values = [r[figure] for r in rounds]
        assert goal["range"] == [min(values), max(values)] and min(values) <= goal["value"] <= max(values)
        assert goal["met_in_every_round"] == all(v <= goal["limit"] for v in values)


def test_the_text_report_says_which_round_it_shows(bench, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    print_bench(bench[0])
    out = capsys.readouterr().out
    assert f"2 lượt đo trên cùng dữ liệu; các bảng trên là lượt {bench[0]['round_shown']}" in out
    low, high = (f"{v:.2f}".replace(".", ",") for v in bench[0]["goals"][-2]["range"])  # page cost
    if low == high:  # both rounds read the same: the range is not written, the figure once
        assert f"{high} ×" in out and f"{low}–{high}" not in out
    else:
        assert f"{low}–{high} ×" in out


def test_a_range_whose_ends_read_the_same_is_not_written():
    ratio = lambda v: f"{v:.2f}".replace(".", ",") + " ×"  # noqa: E731 - how the report writes a ratio
    assert span_text([2.261, 2.258], ratio) == ""
    assert span_text([2.21, 2.26], ratio) == "2,21–2,26 ×"
