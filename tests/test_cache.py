"""tiendo.cache.group_digests: the per-agency hashes that decide which unit pages are made again."""
from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import tiendo.cache
from tiendo.cache import group_digests

texts = st.one_of(st.none(), st.text(max_size=6))
rows = st.lists(st.tuples(st.sampled_from(["A", "B", "C"]), texts, st.one_of(st.none(), st.integers(-5, 5)),
                          st.booleans()), max_size=30)


def _frame(data: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(data, columns=["group", "name", "level", "flag"])
    return frame.astype({"group": "str", "name": "str", "level": "Int64", "flag": "bool"})


def _by_hand(frame: pd.DataFrame) -> dict[str, list]:
    """What each group's hash stands for: its rows, in table order, cell by cell."""
    return {g: [tuple(None if pd.isna(v) else v for v in row) for row in part.itertuples(index=False)]
            for g, part in frame.groupby("group", sort=False)}


@settings(max_examples=150, deadline=None)
@given(rows, rows)
def test_two_groups_hash_alike_exactly_when_their_rows_are_alike(first, second):
    a, b = _frame(first), _frame(second)
    digests_a, digests_b = group_digests(a, a["group"]), group_digests(b, b["group"])
    rows_a, rows_b = _by_hand(a), _by_hand(b)
    assert digests_a.keys() == rows_a.keys()
    for group in rows_a.keys() & rows_b.keys():
        assert (digests_a[group] == digests_b[group]) == (rows_a[group] == rows_b[group]), group


@settings(max_examples=100, deadline=None)
@given(rows)
def test_rows_hashed_where_they_lie_or_put_in_group_order_first_give_the_same_hashes(data):
    frame = _frame(data)
    previous = tiendo.cache._FEW_RUNS
    try:
        tiendo.cache._FEW_RUNS = 10**9  # never reordered: each run of a group hashed where it lies
        in_place = group_digests(frame, frame["group"])
        tiendo.cache._FEW_RUNS = 0  # always reordered first
        reordered = group_digests(frame, frame["group"])
    finally:
        tiendo.cache._FEW_RUNS = previous
    assert in_place == reordered


def test_a_change_in_one_group_leaves_the_other_groups_hashes():
    frame = pd.DataFrame({"agency": ["Y", "X", "Y", "X"], "name": ["An", "Bình", None, "Dũng"],
                          "level": pd.array([1, None, 3, 4], dtype="Int64"),
                          "when": pd.to_datetime(["2020-01-01", None, "2021-01-01", None])})
    before = group_digests(frame, frame["agency"])
    # Y's first row changes: X's missing cells must not be hashed as anything taken from Y's
    frame.loc[0, ["name", "level", "when"]] = ["Ân", 2, pd.Timestamp("2020-01-02")]
    after = group_digests(frame, frame["agency"])
    assert before["X"] == after["X"] and before["Y"] != after["Y"]


def test_text_split_differently_and_missing_versus_empty_cells_hash_apart():
    def digest(names):
        frame = pd.DataFrame({"g": ["X"] * len(names), "name": pd.array(names, dtype="str")})
        return group_digests(frame, frame["g"])["X"]

    assert digest(["ab", "c"]) != digest(["a", "bc"])
    assert digest(["", "a"]) != digest([None, "a"])
    assert digest(["a", "b"]) != digest(["b", "a"])  # the order a page shows rows in


def test_dates_floats_lists_and_missing_group_labels_are_hashed():
    frame = pd.DataFrame({"g": ["X", None, "X"], "when": pd.to_datetime(["2025-01-01", None, "2025-12-31"]),
                          "share": [0.5, float("nan"), 1.0], "tiers": [["tinh"], [], ["xa", "huyen"]]})
    digests = group_digests(frame, frame["g"])
    assert set(digests) == {"X", ""}  # a row without a group is grouped under ""
    changed = frame.assign(tiers=[["tinh"], [], ["huyen", "xa"]])
    assert group_digests(changed, changed["g"])["X"] != digests["X"]
    assert group_digests(changed, changed["g"])[""] == digests[""]
    later = frame.assign(when=pd.to_datetime(["2025-01-02", None, "2025-12-31"]))
    assert group_digests(later, later["g"])["X"] != digests["X"]


def test_rows_cannot_be_read_as_other_rows_when_the_label_is_not_a_column():
    # one row whose text begins like a length field, against two rows that would give the same
    # bytes if the number of rows were not hashed
    one = "\x00\x7f\x7c\x00\x00" + "a" * 125 + "b" * 31871
    first = pd.DataFrame({"name": pd.array([one], dtype="str")})
    second = pd.DataFrame({"name": pd.array(["a" * 125, "b" * 31871], dtype="str")})
    assert group_digests(first, pd.Series(["X"]))["X"] != group_digests(second, pd.Series(["X", "X"]))["X"]
    empty = pd.DataFrame(index=range(3))  # no columns: the row count still tells groups apart
    assert len(set(group_digests(empty, pd.Series(["X", "Y", "Y"])).values())) == 2


def test_cells_of_mixed_kind_keep_their_kind_and_do_not_depend_on_other_groups():
    def digest(x_value, y_value):
        frame = pd.DataFrame({"g": ["X", "Y"], "v": pd.Series([x_value, y_value], dtype=object)})
        return group_digests(frame, frame["g"])["X"]

    assert digest(1, 2) == digest(1, 2.5) == digest(1, "b")  # Y's kind does not reach X's hash
    assert len({digest(1, 2.5), digest(1.0, 2.5), digest("1", 2.5)}) == 3
    categories = [pd.DataFrame({"g": ["X"], "v": pd.Categorical([value])}) for value in ("1", 1)]
    assert group_digests(categories[0], categories[0]["g"]) != group_digests(categories[1], categories[1]["g"])
