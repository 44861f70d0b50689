"""Breakdowns, nominees, classes and budget on the hand-made roster, against hand computation
(the people of tests/fixtures/small are described in test_indicators.py)."""
from __future__ import annotations

import pandas as pd
import pytest

from tests.compute.test_indicators import REF, targets
from tiendo.compute.breakdowns import target_breakdowns
from tiendo.compute.changes import change_counts, level_changes
from tiendo.compute.people import people_table
from tiendo.compute.training import budget, classes, nearest_nominations, nominees
from tiendo.config import _read_yaml, CONFIG_DIR, load_groups
from tiendo.levels import default_table
from tiendo.load.rosters import load_rosters
from tiendo.load.units import load_units
from tiendo.validate import validate


@pytest.fixture(scope="module")
def world():
    from tests.conftest import FIXTURES

    cycle_dir = FIXTURES / "small" / "data" / "2025-12-31"
    units, _ = load_units(cycle_dir)
    rows = validate(load_rosters(cycle_dir), units, default_table(), REF).rows
    return units, people_table(rows, units, REF)


def cells(table, key, dimension):
    part = table[(table["target_key"] == key) & (table["dimension"] == dimension)]
    return {r.value: (r.population, r.achieved) for r in part.itertuples()}


def test_breakdowns_by_gender_age_band_and_language(world):
    units, people = world
    table = target_breakdowns(people, targets(), load_groups(), "2025-12-31", [0, 30, 40, 50])
    assert cells(table, "cbcc-2025", "gender") == {"Nữ": (2, 2), "Nam": (4, 2)}
    # ages on 31/12/2025: TN1 35, TN6 33 | TN2 45, TN5 40 (that very day) | TN3 55, TN7 50 (born "1975")
    assert cells(table, "cbcc-2025", "age_band") == {"30–39 tuổi": (2, 2), "40–49 tuổi": (2, 1), "Từ 50 tuổi": (2, 1)}
    # TN6's best row is French (DELF B2) over English (Bậc 2); TN7 holds no language
    assert cells(table, "cbcc-2025", "language") == {"Tiếng Anh": (4, 3), "Tiếng Pháp": (1, 1),
                                                     "Chưa có ngoại ngữ": (1, 0)}


def test_nominees_ranked_focus_first_and_just_enough_for_each_unit(world):
    units, people = world
    table = nominees(people, targets(), load_groups())
    chosen = table[table["nominated"]]
    by_target = {key: sorted(part["staff_id"]) for key, part in chosen.groupby("target_key")}
    # cbcc-2025 and the xã 2025 targets are met in every unit: nobody to nominate
    assert "cbcc-2025" not in by_target
    # cbcc-2030 (35 %, specialised): S1 needs ceil(1,05) = 2 → TN1 (focus: leader, 35), TN3 (leader);
    # H1 needs 2 − 1 (TN6) = 1 → TN5 (leader, 40: not in the focus group)
    assert by_target["cbcc-2030"] == ["TN0000001", "TN0000003", "TN0000005"]
    s1 = table[(table["target_key"] == "cbcc-2030") & (table["unit_code"] == "S1")].sort_values("rank")
    assert list(s1["staff_id"]) == ["TN0000001", "TN0000003", "TN0000002"]
    assert list(s1["focus"]) == [True, False, False]
    assert by_target["vien_chuc-2025"] == ["TN0000103"]  # needs ceil(2,4) − 2 = 1: the closest (bậc 3)
    assert by_target["vien_chuc-2030"] == ["TN0000102", "TN0000103"]
    assert by_target["cbcc_xa_lanh_dao-2030"] == ["TN0000202"]


def test_each_person_counted_once_classes_and_budget(world):
    units, people = world
    table = nominees(people, targets(), load_groups())
    chosen = nearest_nominations(table, targets())
    assert sorted(chosen["staff_id"]) == ["TN0000001", "TN0000003", "TN0000005", "TN0000102", "TN0000103",
                                         "TN0000202"]
    assert chosen.set_index("staff_id").loc["TN0000103", "target_key"] == "vien_chuc-2025"  # earliest deadline
    grouped = classes(chosen, class_size=2)
    english_b4 = grouped[(grouped["language"] == "Tiếng Anh") & (grouped["start_level"] == 4)
                         & (grouped["mode"] == "Chưa đăng ký")]
    assert int(english_b4["people"].sum()) == 4 and int(english_b4["classes"].sum()) == 2
    costs = _read_yaml(str(CONFIG_DIR / "costs.yml"))
    money = budget(chosen, dict(zip(units["unit_code"], units["field"])), costs).set_index("source")
    spec = costs["specialized_course_cost"]
    # state budget: TN1, TN3, TN5 (specialised course each) and TN202 (bậc 2 → 3)
    assert (money.loc["ngan_sach", "people"], money.loc["ngan_sach", "cost"]) == (4, 3 * spec + costs["course_cost"][3])
    # the hospital's own funds: TN103 (bậc 3 → 4) and TN102 (specialised course)
    assert money.loc["don_vi_su_nghiep", "cost"] == costs["course_cost"][4] + spec


def test_changes_since_the_previous_cycle():
    before = pd.DataFrame({"unit_code": ["A", "A", "B"], "level": [2, 3, 4]}, index=["p1", "p2", "p3"])
    now = pd.DataFrame({"unit_code": ["A", "A", "B"], "level": [3, 3, 4]}, index=["p1", "p2", "p4"])
    changes = level_changes(before, now).set_index("staff_id")["change"].to_dict()
    assert changes == {"p1": "up", "p2": "same", "p3": "left", "p4": "joined"}
    counts = change_counts(level_changes(before, now), {"A": "A", "B": "B"}).set_index("unit")
    assert counts.loc["A", "up"] == 1 and counts.loc["B", "left"] == 1 and counts.loc["B", "joined"] == 1


def test_breakdowns_for_every_unit_roll_up_the_tree(world):
    from tiendo.compute.breakdowns import unit_breakdowns

    units, people = world
    table = unit_breakdowns(people, units, targets(), load_groups(), "2025-12-31", [0, 30, 40, 50])
    s1 = table[(table["unit"] == "S1") & (table["target_key"] == "cbcc-2025") & (table["dimension"] == "gender")]
    assert {r.value: (r.population, r.achieved) for r in s1.itertuples()} == {"Nam": (2, 1), "Nữ": (1, 1)}
    root = table[(table["unit"] == "P") & (table["target_key"] == "cbcc-2025") & (table["dimension"] == "gender")]
    assert {r.value: (r.population, r.achieved) for r in root.itertuples()} == {"Nữ": (2, 2), "Nam": (4, 2)}
