"""Disclosure control: small cells hidden, and a second cell hidden where the first could be
recovered from the published total."""
from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from tiendo.compute.disclosure import complementary, suppress


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
