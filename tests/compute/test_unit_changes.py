"""A unit merge across cycles (tests/fixtures/merge): district H1 and communes X1, X2 became the
new commune XN on 01/07/2025 (don_vi_chuyen_doi.csv)."""
from __future__ import annotations

import json

from tests.conftest import FIXTURES
from tiendo.cli import main

MERGE = FIXTURES / "merge"


def indicators(capsys, *extra) -> list[dict]:
    main(["indicators", "--data", str(MERGE / "data"), "--content", str(MERGE / "content"), "--format", "json",
          *extra])
    return json.loads(capsys.readouterr().out)


def find(records, group, cycle, unit=None):
    return next(r for r in records if r["group"] == group and r["cycle"] == cycle and r["unit"] == unit)


def test_older_cycle_keeps_its_tiers_and_rolls_up_into_todays_unit(capsys):
    every = indicators(capsys, "--all")
    # 2024: the district's two civil servants are "cấp huyện" (M1 bậc 4, M2 bậc 2) → 1 of 2
    old = find(every, "cbcc", "2024-12-31")
    assert (old["population"], old["achieved"]) == (2, 1)
    commune_old = find(every, "cbcc_xa", "2024-12-31")
    assert (commune_old["population"], commune_old["achieved"]) == (2, 1)  # M3 bậc 3, M4 bậc 1
    # …and the same people appear under today's unit XN, so the unit has a trend across the change
    assert find(every, "cbcc", "2024-12-31", "XN")["population"] == 2


def test_district_targets_are_computed_on_the_unit_that_took_over(capsys):
    latest = indicators(capsys)
    # 2025: XN took over district H1, so its civil servants count for the "cấp huyện" target: all
    # four (M1 bậc 4 reaches it) → 1 of 4; the commune target still needs the language requirement.
    cbcc = find(latest, "cbcc", "2025-12-31")
    assert (cbcc["population"], cbcc["achieved"]) == (4, 1)
    commune = find(latest, "cbcc_xa", "2025-12-31")
    assert (commune["population"], commune["achieved"]) == (2, 1)


# tests/fixtures/merge_old_codes: district H1 and communes X1, X2 became XN on 01/07/2025, said by the
# don_vi_chuyen_doi.csv of cycle 2025-09-30. Its roster still writes X1 (which its don_vi.csv still lists,
# «(cũ, đến 30/6/2025)») and X2 (which it no longer lists); the later cycles' rosters still write one old code.
OLD_CODES = FIXTURES / "merge_old_codes"


def run(capsys, command, *extra) -> tuple[int, object]:
    code = main([command, "--data", str(OLD_CODES / "data"), "--content", str(OLD_CODES / "content"),
                 "--format", "json", *extra])
    return code, json.loads(capsys.readouterr().out)


def test_rows_with_old_unit_codes_are_counted_under_the_new_unit_with_one_warning_a_file(capsys):
    code, report = run(capsys, "validate", "--cycle", "2025-09-30")
    assert code == 0
    assert [(f["file"], f["rows_read"], f["rows_counted"], f["rows_rejected"]) for f in report["files"]] == [
        ("xn.csv", 3, 3, 0)]
    [problem] = [p for p in report["problems"] if p["column"] == "unit_code"]  # one for the file, not one a row
    assert (problem["file"], problem["row"], problem["severity"]) == ("xn.csv", 3, "warning")
    message = problem["message"]
    assert "«X1» nay là «XN» (dòng 3); «X2» nay là «XN» (dòng 4)" in message
    assert "theo «don_vi_chuyen_doi.csv»:" in message and "ghi mã đơn vị mới thay cho mã cũ" in message
    # all three civil servants of the commune are XN's, not one (X2's row rejected, X1's under the old unit)
    _, records = run(capsys, "indicators", "--cycle", "2025-09-30", "--all")
    assert find(records, "cbcc_xa", "2025-09-30", "XN")["population"] == 3
    assert find(records, "cbcc_xa", "2025-09-30")["population"] == 3


def test_an_old_unit_code_in_a_later_cycle_is_counted_under_the_new_unit(capsys):
    code, report = run(capsys, "validate")  # 2026-06-30: the change was said in an earlier cycle's folder
    assert code == 0 and report["cycle"] == "2026-06-30"
    assert [(f["rows_counted"], f["rows_rejected"]) for f in report["files"]] == [(3, 0)]
    [problem] = [p for p in report["problems"] if p["column"] == "unit_code"]
    assert problem["row"] == 3 and problem["severity"] == "warning"
    assert "theo «don_vi_chuyen_doi.csv» của kỳ «2025-09-30»: «X1» nay là «XN» (dòng 3)" in problem["message"]
    _, every = run(capsys, "indicators", "--all", "--unit", "XN")
    latest = find(every, "cbcc_xa", "2026-06-30", "XN")
    assert (latest["population"], latest["achieved"]) == (3, 2)  # Lò Thị Bính's bậc 4 is XN's
    # the cycle before the change keeps its rows, rolled up into XN for the trend: X1 and X2's two people
    assert find(every, "cbcc_xa", "2024-12-31", "XN")["population"] == 2
