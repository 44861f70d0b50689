"""Indicators of the hand-made roster in tests/fixtures/small, against values computed by hand.

The fixture (one cycle, 31/12/2025): see the comments beside each expected number."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tiendo.compute.indicators import compute_indicators, required_count
from tiendo.compute.people import people_table
from tiendo.config import load_groups
from tiendo.levels import default_table
from tiendo.load.rosters import load_rosters
from tiendo.load.units import load_units
from tiendo.model import TIERS, Focus, Target
from tiendo.validate import validate

REF = date(2025, 12, 31)
FOCUS = Focus(leaders=True, age_limit=40, text="tập trung vào …")


def targets() -> list[Target]:
    all_tiers = TIERS
    return [
        Target(2025, "cbcc", ("tinh", "huyen"), 25, 4, False, "q", focus=FOCUS),
        Target(2030, "cbcc", ("tinh", "huyen"), 35, 4, True, "q", focus=FOCUS),
        Target(2025, "vien_chuc", all_tiers, 60, 4, False, "q"),
        Target(2030, "vien_chuc", all_tiers, 70, 4, True, "q"),
        Target(2025, "vien_chuc_lanh_dao", all_tiers, 50, 4, False, "q"),
        Target(2025, "cbcc_xa", ("xa",), 20, 3, False, "q"),
        Target(2030, "cbcc_xa", ("xa",), 30, 3, True, "q"),
        Target(2025, "cbcc_xa_lanh_dao", ("xa",), 15, 3, False, "q"),
        Target(2030, "cbcc_xa_lanh_dao", ("xa",), 25, 3, True, "q", age_limit=40),
    ]


@pytest.fixture
def table(small_dir: Path):
    cycle_dir = small_dir / "data" / "2025-12-31"
    units, _ = load_units(cycle_dir)
    validated = validate(load_rosters(cycle_dir), units, default_table(), REF)
    people = people_table(validated.rows, units, REF)
    result = compute_indicators(people, units, targets(), load_groups(), "2025-12-31")
    return result.set_index(["target_key", result["unit"].fillna("*")])


def row(table, key: str, unit: str = "*") -> dict:
    return table.loc[(key, unit)].to_dict()


def test_cbcc_province_and_district(table):
    # People of S1 and H1 (tỉnh, huyện), cán bộ or công chức, not exempt: TN1, TN2, TN3, TN5, TN6,
    # TN7 (TN4 works in foreign affairs: exempt). Bậc 4+: TN1 (Bậc 4), TN3 (IELTS 6.5), TN5
    # (Bậc 4/6), TN6 (DELF B2 on her second row) → 4 of 6.
    r = row(table, "cbcc-2025")
    assert (r["population"], r["achieved"]) == (6, 4)
    assert r["percent"] == pytest.approx(400 / 6)
    assert r["missing_people"] == 0  # ceil(25 % × 6) = 2 ≤ 4
    # Focus: leaders under 40 on 31/12/2025: TN1 (35). TN5 turns 40 that very day: not under 40.
    assert (r["focus_population"], r["focus_achieved"]) == (1, 1)


def test_specialised_variant_counts_one_row_with_both(table):
    # 2030 also needs "ngoại ngữ chuyên ngành" on the same row: only TN6's French row (DELF B2, Có).
    r = row(table, "cbcc-2030")
    assert (r["population"], r["achieved"], r["achieved_level_only"]) == (6, 1, 4)
    assert r["missing_people"] == 2  # ceil(35 % × 6) = ceil(2,1) = 3; 3 − 1


def test_vien_chuc(table):
    # B1: five viên chức, TN105 exempt (foreign-language degree) → 4; bậc 4+: TN101 (B2), TN102
    # (TOEIC 650) → 2 of 4 = 50 %; 60 % needs ceil(2,4) = 3 → 1 missing.
    r = row(table, "vien_chuc-2025")
    assert (r["population"], r["achieved"], r["missing_people"]) == (4, 2, 1)
    r = row(table, "vien_chuc-2030")
    assert (r["population"], r["achieved"], r["missing_people"]) == (4, 1, 2)  # ceil(2,8)=3 − TN101
    r = row(table, "vien_chuc_lanh_dao-2025")
    assert (r["population"], r["achieved"], r["missing_people"]) == (1, 1, 0)


def test_commune_groups_need_the_language_requirement(table):
    # X1: TN201, TN202, TN204 have "Yêu cầu sử dụng ngoại ngữ" = Có; TN203 (Bậc 5) does not and
    # is outside the group. Bậc 3+: TN201, TN204 → 2 of 3.
    r = row(table, "cbcc_xa-2025")
    assert (r["population"], r["achieved"], r["missing_people"]) == (3, 2, 0)
    r = row(table, "cbcc_xa-2030")
    assert (r["population"], r["achieved"]) == (3, 1)  # TN204's Khmer row is specialised
    r = row(table, "cbcc_xa_lanh_dao-2025")
    assert (r["population"], r["achieved"]) == (2, 1)  # TN202 (A2), TN204 (Bậc 3)
    # The age limit restricts the group itself: TN204 is 45, only TN202 (30) remains.
    r = row(table, "cbcc_xa_lanh_dao-2030")
    assert (r["population"], r["achieved"], r["missing_people"]) == (1, 0, 1)


def test_roll_up_through_the_unit_tree(table):
    # Sở Y tế has no staff of its own; its hospital's viên chức roll up to it and to the province.
    assert row(table, "vien_chuc-2025", "S2")["population"] == 4
    assert row(table, "vien_chuc-2025", "P")["population"] == 4
    assert row(table, "cbcc-2025", "H1")["population"] == 3  # TN5, TN6, TN7 (X1 is xã tier)
    assert row(table, "cbcc_xa-2025", "H1")["population"] == 3  # the commune rolls up to its district
    empty = row(table, "cbcc-2025", "B1")
    assert empty["population"] == 0 and empty["missing_people"] == 0


@pytest.mark.parametrize("percent,population,expected", [
    (35, 20, 7), (25, 6, 2), (35, 6, 3), (20, 5, 1), (60, 0, 0), (12.5, 8, 1), (33.3, 3, 1), (100, 7, 7),
])
def test_required_count_is_exact(percent, population, expected):
    assert int(required_count(percent, [population])[0]) == expected
