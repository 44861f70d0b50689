"""What changed since the previous cycle: who moved up a level, who joined, who left. Pure."""
from __future__ import annotations

import numpy as np
import pandas as pd

CHANGES = ("same", "joined", "left", "up", "down")


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
    table = changes.assign(unit=changes["unit_code"].map(unit_of))
    counts = pd.crosstab(table["unit"], table["change"])
    for column in ("up", "down", "same", "joined", "left"):
        if column not in counts:
            counts[column] = 0
    return counts[["up", "down", "same", "joined", "left"]].reset_index()
