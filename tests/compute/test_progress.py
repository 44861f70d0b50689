"""The progress status method (DOMAIN.md), checked against numbers worked out by hand."""
from __future__ import annotations

import math
from datetime import date

import pytest

from tiendo.compute.progress import assess, years

D1, D2, D3 = date(2023, 12, 31), date(2024, 12, 31), date(2025, 12, 31)


def test_achieved_when_latest_reaches_target_exactly():
    assert assess([(D1, 10.0), (D2, 25.0)], 25, 2025).status == "achieved"


def test_one_cycle_is_insufficient_data():
    a = assess([(D2, 10.0)], 25, 2025)
    assert a.status == "insufficient_data" and a.ratio is None and a.projected_year is None


def test_zero_base_is_skipped_for_the_baseline():
    # The base is the earliest cycle above 0: here only one such cycle remains.
    assert assess([(D1, 0.0), (D2, 10.0)], 25, 2025).status == "insufficient_data"


def test_ratio_and_projection_by_hand():
    a = assess([(D1, 10.0), (D2, 12.0)], 25, 2030)
    span = years(D2) - years(D1)
    cagr_o = (12 / 10) ** (1 / span) - 1
    cagr_r = (25 / 10) ** (1 / (years(date(2030, 12, 31)) - years(D1))) - 1
    assert a.ratio == pytest.approx(cagr_o / cagr_r)
    assert a.status == "on_track"  # ≈ 0.2 / 0.14: well above 0,95
    expected_year = math.ceil(2000 + years(D1) + math.log(25 / 10) / math.log(1 + cagr_o))
    assert a.projected_year == expected_year


@pytest.mark.parametrize("current,status", [(10.4, "limited"), (9.0, "deterioration"), (11.2, "needs_acceleration")])
def test_thresholds(current, status):
    # Required growth from 10 % (end 2023) to 25 % by end 2030: ≈ 13,98 % a year.
    assert assess([(D1, 10.0), (D2, current)], 25, 2030).status == status


def test_met_at_deadline_after_the_deadline():
    a = assess([(D1, 10.0), (D2, 20.0), (date(2026, 6, 30), 22.0)], 20, 2024)
    assert a.met_at_deadline is True and a.status == "achieved"
    a = assess([(D1, 10.0), (D2, 15.0), (date(2026, 6, 30), 22.0)], 20, 2024)
    assert a.met_at_deadline is False and a.status == "achieved"
    assert assess([(D1, 10.0), (D2, 15.0)], 20, 2024).met_at_deadline is None  # not past yet


def test_a_group_with_nobody_at_the_latest_cycle_or_fallen_to_zero():
    # the latest cycle's rosters are not in yet: no status from the earlier cycles
    assert assess([(D1, 10.0), (D2, 15.0), (date(2025, 12, 31), None)], 25, 2030).status == "insufficient_data"
    assert assess([(D1, 10.0), (D2, 0.0)], 25, 2030).status == "deterioration"
