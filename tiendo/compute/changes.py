"""What changed since the previous cycle: who moved up a level, who joined, who left. Pure."""
from __future__ import annotations

import numpy as np
import pandas as pd

from tiendo.compute.columns import crosstab, lookup

CHANGES = ("same", "joined", "left", "up", "down")  # codes 0…4 of level_changes
KINDS = ("up", "down", "same", "joined", "left")  # columns of change_counts


def level_changes(previous: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """Person level (internal): staff_id, unit_code (current, or last known for leavers),
    level_before, level_now, change ∈ {up, down, same, joined, left}."""
    before = previous[["unit_code", "level"]].rename(columns={"level": "level_before", "unit_code": "unit_before"})
    now = current[["unit_code", "level"]].rename(columns={"level": "level_now"})
    both = now.join(before, how="outer")
    both["unit_code"] = both["unit_code"].fillna(both["unit_before"])
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
    return both.drop(columns="unit_before").rename_axis("staff_id").reset_index()


def change_counts(changes: pd.DataFrame, unit_of: dict[str, str]) -> pd.DataFrame:
    """Counts per reporting unit (unit_of maps a unit code to the unit it is reported under)."""
    counts = crosstab(lookup(changes["unit_code"], unit_of).rename("unit"), changes["change"])
    for column in KINDS:
        if column not in counts:
            counts[column] = 0
    return counts[list(KINDS)].reset_index()
