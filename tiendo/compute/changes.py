"""What changed since the previous cycle: who moved up a level, who joined, who left. Pure."""
from __future__ import annotations

import pandas as pd


def level_changes(previous: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """Person level (internal): staff_id, unit_code (current, or last known for leavers),
    level_before, level_now, change ∈ {up, down, same, joined, left}."""
    before = previous[["unit_code", "level"]].rename(columns={"level": "level_before", "unit_code": "unit_before"})
    now = current[["unit_code", "level"]].rename(columns={"level": "level_now"})
    both = now.join(before, how="outer")
    both["unit_code"] = both["unit_code"].fillna(both["unit_before"])
    change = pd.Series("same", index=both.index)
    change[both["level_before"].isna()] = "joined"
    change[both["level_now"].isna()] = "left"
    known = both["level_before"].notna() & both["level_now"].notna()
    change[known & (both["level_now"] > both["level_before"])] = "up"
    change[known & (both["level_now"] < both["level_before"])] = "down"
    both["change"] = change
    return both.drop(columns="unit_before").rename_axis("staff_id").reset_index()


def change_counts(changes: pd.DataFrame, unit_of: dict[str, str]) -> pd.DataFrame:
    """Counts per reporting unit (unit_of maps a unit code to the unit it is reported under)."""
    table = changes.assign(unit=changes["unit_code"].map(unit_of))
    counts = pd.crosstab(table["unit"], table["change"])
    for column in ("up", "down", "same", "joined", "left"):
        if column not in counts:
            counts[column] = 0
    return counts[["up", "down", "same", "joined", "left"]].reset_index()
