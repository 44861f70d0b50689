"""Disclosure control: small cells hidden, and a second cell hidden where the first could be
recovered from the published total."""
from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from tiendo.compute.disclosure import complementary, suppress, suppress_distribution, suppress_parts


def table(populations):
    return pd.DataFrame({"unit": [f"U{i}" for i in range(len(populations))], "population": populations,
                         "achieved": [p // 2 for p in populations],
                         "percent": [50.0 if p else None for p in populations]})


def test_small_cell_hidden_and_a_second_one_to_protect_it():
    out = complementary(suppress(table([40, 3, 12, 25]), k=5), k=5)
    assert list(out["suppressed"]) == [False, True, True, False]  # U2 is the smallest other unit
    assert out.loc[1, "population"] is None and out.loc[2, "achieved"] is None and out.loc[2, "percent"] is None
    assert out.loc[0, "population"] == 40


def test_two_hidden_cells_need_no_third_and_zero_is_published():
    out = complementary(suppress(table([40, 3, 2, 0]), k=5), k=5)
    assert list(out["suppressed"]) == [False, True, True, False]
    assert out.loc[3, "population"] == 0


@given(st.lists(st.integers(0, 60), min_size=1, max_size=12), st.integers(2, 10))
def test_no_published_cell_counts_fewer_than_k_people(populations, k):
    out = complementary(suppress(table(populations), k=k), k=k)
    for value in out["population"]:
        assert value is None or value == 0 or value >= k
    hidden = out["suppressed"].sum()
    if sum(1 for p in populations if 0 < p < k) == 1 and sum(1 for p in populations if p >= k) >= 1:
        assert hidden >= 2  # the lone small cell is never the only one hidden


def test_a_split_of_a_group_hides_a_second_row_when_one_is_hidden():
    # the age bands of a group of 8: one band of 3 hidden alone could be read as 8 − 5
    table = pd.DataFrame({"target_key": ["t"] * 3, "dimension": ["age_band"] * 3, "value": ["<30", "30–39", "40–49"],
                          "population": [0, 3, 5], "achieved": [0, 1, 1], "percent": [None, 33.3, 20.0]})
    shown = suppress_parts(table, 5, ["target_key", "dimension"])
    assert shown["population"].tolist() == [0, None, None] and shown["suppressed"].tolist() == [False, True, True]
    # a row of 5 or more people keeps its count of people reached, small or not, as the group's own line does
    whole = suppress_parts(table.assign(population=[0, 6, 5]), 5, ["target_key", "dimension"])
    assert whole["achieved"].tolist() == [0, 1, 1]


def test_the_levels_of_a_group_are_published_whole_or_not_at_all():
    table = pd.DataFrame({"target_key": ["a", "b"], "level_0": [9, 1], "level_3": [1, 2]})
    shown = suppress_distribution(table, ["level_0", "level_3"], 5)
    assert shown[["level_0", "level_3"]].values.tolist() == [[9, 1], [None, None]]
