"""Numbers and dates as a Vietnamese reader writes them."""
from __future__ import annotations

from datetime import date, datetime

from hypothesis import given, strategies as st

from tiendo.render.format import fmt_date, fmt_int, fmt_number, fmt_percent, fmt_target


def test_a_date_and_a_cycle_name_read_the_same():
    assert fmt_date(date(2025, 6, 30)) == "30/06/2025"
    assert fmt_date("2025-06-30") == "30/06/2025"  # cycles are named by their ISO date
    assert fmt_date(datetime(2025, 12, 31, 8, 30)) == "31/12/2025"
    assert fmt_date(None) == "–"


@given(st.dates(min_value=date(1000, 1, 1)))  # strftime pads no year below 1000; no roster has one
def test_any_date_as_dd_mm_yyyy(day):
    assert fmt_date(day) == fmt_date(day.isoformat()) == f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def test_numbers_the_vietnamese_way():
    assert fmt_int(1234) == "1.234"
    assert fmt_percent(25.3) == "25,3 %"
    assert fmt_number(1234.5, 1) == "1.234,5"
    assert fmt_int(None) == fmt_percent(float("nan")) == "–"


def test_a_targets_percentage_is_quoted_as_the_plan_wrote_it():
    assert [fmt_target(v) for v in (25, 35.0, 33.3, 5.6, 12.5, None)] == ["25 %", "35 %", "33,3 %", "5,6 %", "12,5 %", "–"]
