"""Properties of the indicators that must hold for any roster (hypothesis)."""
from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from tiendo.compute.indicators import compute_indicators
from tiendo.config import load_groups
from tiendo.model import TIERS, Focus, Target

UNITS = pd.DataFrame({"unit_code": ["P", "A", "B", "X"], "unit_name": ["P", "A", "B", "X"],
                      "parent_code": ["", "P", "P", "B"], "tier": ["tinh", "tinh", "huyen", "xa"],
                      "unit_type": "", "field": ""})
TARGETS = [
    Target(2025, "cbcc", ("tinh", "huyen"), 25, 4, False, "q", focus=Focus(True, 40, "")),
    Target(2030, "vien_chuc", TIERS, 70, 4, True, "q"),
    Target(2025, "cbcc_xa_lanh_dao", ("xa",), 15, 3, False, "q", age_limit=40),
]

person = st.fixed_dictionaries({
    "unit_code": st.sampled_from(["P", "A", "B", "X"]),
    "category": st.sampled_from(["can_bo", "cong_chuc", "vien_chuc"]),
    "is_leader": st.booleans(), "needs_language": st.booleans(), "exempt": st.booleans(),
    "level": st.integers(0, 6), "spec": st.booleans(), "age": st.one_of(st.none(), st.integers(20, 65)),
})


def frame(people: list[dict]) -> pd.DataFrame:
    table = pd.DataFrame(people, columns=["unit_code", "category", "is_leader", "needs_language", "exempt", "level",
                                          "spec", "age"])
    table["tier"] = table["unit_code"].map(dict(zip(UNITS["unit_code"], UNITS["tier"])))
    table["level_specialized"] = table["level"].where(table["spec"].astype(bool), 0)
    table["age"] = table["age"].astype("Int64")
    return table.drop(columns="spec")


def indicators(people: list[dict]) -> pd.DataFrame:
    return compute_indicators(frame(people), UNITS, TARGETS, load_groups(), "2025-12-31")


@settings(max_examples=150, deadline=None)
@given(st.lists(person, max_size=40))
def test_counts_are_consistent(people):
    table = indicators(people)
    assert (table["achieved"] >= 0).all() and (table["achieved"] <= table["population"]).all()
    assert (table["focus_achieved"] <= table["focus_population"]).all()
    assert (table["focus_population"] <= table["population"]).all()
    assert (table["missing_people"] >= 0).all()
    # the province root holds everyone: its row equals the territory's
    for key, part in table.groupby("target_key"):
        territory = part[part["unit"].isna()].iloc[0]
        root = part[part["unit"] == "P"].iloc[0]
        assert territory["population"] == root["population"] and territory["achieved"] == root["achieved"]


@settings(max_examples=150, deadline=None)
@given(st.lists(person, max_size=40), person)
def test_adding_someone_at_or_above_the_level_never_lowers_a_percentage(people, newcomer):
    newcomer = {**newcomer, "level": 6, "spec": True}
    before = indicators(people).set_index(["target_key", "unit"])
    after = indicators(people + [newcomer]).set_index(["target_key", "unit"])
    both = before.join(after, suffixes=("_before", "_after"))
    known = both["percent_before"].notna()
    assert (both.loc[known, "percent_after"] >= both.loc[known, "percent_before"] - 1e-9).all()
