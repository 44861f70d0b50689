"""The column helpers (tiendo/compute/columns.py) promise what the plain pandas call gives, with
the same result and dtype: checked against that call on any small table (hypothesis)."""
from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from tiendo.compute.columns import crosstab, lookup, run_starts, runs_begin, sorted_order

# few distinct values, some missing, Vietnamese letters: ties, runs and code-point order all occur
text = st.one_of(st.none(), st.sampled_from(["", "a", "B", "Đ", "đơn vị", "ă", "Z", "Ấp 1"]))
texts = st.lists(text, max_size=30)


def series(values: list, name: str = "v") -> pd.Series:
    return pd.Series(values, dtype="str", name=name)


@settings(max_examples=200, deadline=None)
@given(texts, st.dictionaries(st.sampled_from(["", "a", "B", "Đ", "ă"]), st.integers(0, 5)))
def test_lookup_is_map(values, mapping):
    plain = series(values).map(mapping)
    pd.testing.assert_series_equal(lookup(series(values), mapping), plain)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(text, st.integers(0, 3)), max_size=30), st.sampled_from(["ascending", "descending"]))
def test_sorted_order_is_a_stable_sort_values_with_missing_last(rows, direction):
    frame = pd.DataFrame({"name": series([r[0] for r in rows]), "n": [r[1] for r in rows]})
    keys = [("name", direction), ("n", "ascending")]
    plain = frame.sort_values(["name", "n"], ascending=[direction == "ascending", True], kind="stable",
                              na_position="last")
    assert sorted_order(frame, keys).tolist() == plain.index.tolist()


@settings(max_examples=200, deadline=None)
@given(texts, st.randoms(use_true_random=False))
def test_run_starts_marks_where_equal_values_begin(values, random):
    order = list(range(len(values)))
    random.shuffle(order)
    taken = [values[i] for i in order]
    # a missing value equals nothing, not even another missing value
    expected = [i == 0 or taken[i] is None or taken[i] != taken[i - 1] for i in range(len(taken))]
    assert run_starts(series(values), np.array(order, dtype=np.int64)).tolist() == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2)), max_size=30))
def test_runs_begin_on_one_or_several_keys(pairs):
    first = np.array([p[0] for p in pairs], dtype=np.int64)
    second = np.array([p[1] for p in pairs], dtype=np.int64)
    assert runs_begin(first).tolist() == [i == 0 or pairs[i][0] != pairs[i - 1][0] for i in range(len(pairs))]
    assert runs_begin(first, second).tolist() == [i == 0 or pairs[i] != pairs[i - 1] for i in range(len(pairs))]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(text, text), max_size=30))
def test_crosstab_is_pandas_crosstab(pairs):
    rows, columns = series([p[0] for p in pairs], "unit"), series([p[1] for p in pairs], "change")
    mine, plain = crosstab(rows, columns), pd.crosstab(rows, columns)
    if plain.empty:
        assert mine.empty
    else:
        pd.testing.assert_frame_equal(mine, plain, check_dtype=False, check_index_type=False,
                                      check_column_type=False)
        assert mine.dtypes.eq("int64").all()
