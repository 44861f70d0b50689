"""What changed since the previous cycle: who moved up a level, who joined, who left. Pure."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tiendo.compute.columns import crosstab, lookup

CHANGES = ("same", "joined", "left", "up", "down")  # codes 0…4 of level_changes
KINDS = ("up", "down", "same", "joined", "left")  # columns of change_counts
CHANGE_INPUT_COLUMNS = ["unit_code", "level"]  # what level_changes reads of each cycle's people (by staff_id)


def level_changes(previous: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """Person level (internal): staff_id, unit_code (current, or last known for leavers),
    level_before, level_now, change ∈ {up, down, same, joined, left}."""
    both = _outer_join(previous, current)
    # One code per person, then one take of the labels (no string assignment per condition).
    level_before = both["level_before"].to_numpy(dtype="float64", na_value=np.nan)
    level_now = both["level_now"].to_numpy(dtype="float64", na_value=np.nan)
    code = np.zeros(len(both), dtype=np.int64)  # same
    code[np.isnan(level_before)] = 1
    code[np.isnan(level_now)] = 2
    known = ~np.isnan(level_before) & ~np.isnan(level_now)
    code[known & (level_now > level_before)] = 3
    code[known & (level_now < level_before)] = 4
    both["change"] = pd.Series(CHANGES).take(code).set_axis(both.index)
    return both.rename_axis("staff_id").reset_index()


def _outer_join(previous: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """unit_code (current, else previous), level_now, level_before for the sorted union of IDs: what
    `current.join(previous, how="outer")` gives, by Arrow's sort of the two ID columns instead of
    pandas' object-array join (2.5 million IDs a side)."""
    fast = (len(previous) and len(current) and previous.index.dtype == current.index.dtype
            and getattr(current.index.dtype, "storage", None) == "pyarrow")
    if fast:
        joined = _sorted_merge(previous, current)
        if joined is not None:
            return joined
    before = previous[["unit_code", "level"]].rename(columns={"level": "level_before", "unit_code": "unit_before"})
    now = current[["unit_code", "level"]].rename(columns={"level": "level_now"})
    both = now.join(before, how="outer")
    both["unit_code"] = both["unit_code"].fillna(both["unit_before"])
    return both.drop(columns="unit_before")


def _arrow_ids(index: pd.Index) -> pa.Array:
    """The IDs as one Arrow array: an index made of several files' rows is chunked, which concat_arrays refuses."""
    ids = pa.array(index, from_pandas=True)
    if isinstance(ids, pa.ChunkedArray):
        ids = ids.combine_chunks()
    return ids.cast(pa.large_string())


def _sorted_merge(previous: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame | None:
    """The outer join by one Arrow sort of both ID columns; None when an ID repeats on one side
    (the join would pair each copy: left to pandas)."""
    ids = pa.concat_arrays([_arrow_ids(current.index), _arrow_ids(previous.index)])
    order = pc.sort_indices(ids).to_numpy()
    ordered = ids.take(order)
    starts = np.ones(len(order), dtype=bool)
    starts[1:] = pc.not_equal(ordered[1:], ordered[:-1]).to_numpy(zero_copy_only=False)
    person = np.cumsum(starts) - 1
    is_now = order < len(current)
    people = int(person[-1]) + 1
    if np.bincount(person[is_now], minlength=people).max() > 1 or np.bincount(person[~is_now], minlength=people).max() > 1:
        return None
    now_at = np.full(people, -1, dtype=np.int64)
    before_at = now_at.copy()
    now_at[person[is_now]] = order[is_now]
    before_at[person[~is_now]] = order[~is_now] - len(current)
    index = pd.Index(pd.array(ordered.filter(pa.array(starts)).cast(pa.string()), dtype=current.index.dtype),
                     name=current.index.name)
    # each person's unit: the current one, else the last known (one take of both cycles' units)
    units = pd.concat([current["unit_code"], previous["unit_code"]], ignore_index=True)
    known = units.notna().to_numpy()
    at = np.where(before_at >= 0, len(current) + before_at, -1)
    at = np.where((now_at >= 0) & known[np.maximum(now_at, 0)], now_at, at)
    unit = units.array.take(at, allow_fill=True)
    return pd.DataFrame({"unit_code": unit,
                         "level_now": current["level"].array.take(now_at, allow_fill=True),
                         "level_before": previous["level"].array.take(before_at, allow_fill=True)}, index=index)


def change_counts(changes: pd.DataFrame, unit_of: dict[str, str]) -> pd.DataFrame:
    """Counts per reporting unit (unit_of maps a unit code to the unit it is reported under)."""
    counts = crosstab(lookup(changes["unit_code"], unit_of).rename("unit"), changes["change"])
    for column in KINDS:
        if column not in counts:
            counts[column] = 0
    return counts[list(KINDS)].reset_index()


def units_gone_silent(previous: pd.DataFrame, current: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Units of today's list that had people in the previous cycle and have no one in this one (their list
    not sent, or sent without them): unit_code, unit_name, people (before), most people first. Units no
    longer in the list (merged, closed) are not among them."""
    before = previous["unit_code"].value_counts()
    now = set(current["unit_code"].dropna().unique())
    names = dict(zip(units["unit_code"], units["unit_name"]))
    gone = before[[code not in now and code in names for code in before.index]]
    return pd.DataFrame({"unit_code": gone.index.astype(str), "unit_name": [names[code] for code in gone.index],
                         "people": gone.to_numpy(dtype=int)})
