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
