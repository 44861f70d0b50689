"""Breakdowns of every target: by language, gender and age band, and the level distribution of
each group. Pure: people in, tables out."""
from __future__ import annotations

import pandas as pd

from tiendo.compute.indicators import target_masks
from tiendo.config import GroupDef
from tiendo.model import Target

DIMENSIONS = ("gender", "age_band", "language")
GENDER_LABELS = {"nam": "Nam", "nu": "Nữ"}
UNKNOWN = "Không rõ"
NO_LANGUAGE = "Chưa có ngoại ngữ"


def age_band_labels(bounds: list[int]) -> list[str]:
    labels = []
    for i, low in enumerate(bounds):
        high = bounds[i + 1] if i + 1 < len(bounds) else None
        if low == 0:
            labels.append(f"Dưới {high} tuổi")
        elif high is None:
            labels.append(f"Từ {low} tuổi")
        else:
            labels.append(f"{low}–{high - 1} tuổi")
    return labels


def _dimension_values(people: pd.DataFrame, bounds: list[int]) -> dict[str, pd.Series]:
    labels = age_band_labels(bounds)
    age = people["age"].astype("Float64")
    band = pd.cut(age, bins=[*bounds, 200], right=False, labels=labels).astype("object")
    return {
        "gender": people["gender"].map(lambda g: GENDER_LABELS.get(g, UNKNOWN)),
        "age_band": band.where(band.notna(), UNKNOWN),
        "language": people["best_language"].where((people["level"] > 0) & (people["best_language"] != ""), NO_LANGUAGE),
    }


def target_breakdowns(people: pd.DataFrame, targets: list[Target], groups: dict[str, GroupDef], cycle: str,
                      bounds: list[int]) -> pd.DataFrame:
    """One row per target × dimension × value: population, achieved, percent."""
    values = _dimension_values(people, bounds)
    frames = []
    for target in targets:
        masks = target_masks(people, target, groups[target.group])
        for dimension in DIMENSIONS:
            table = pd.DataFrame({"value": values[dimension], "population": masks.population.astype("int64"),
                                  "achieved": masks.achieved.astype("int64")})
            table = table[masks.population].groupby("value", sort=True)[["population", "achieved"]].sum()
            table = table.reset_index().assign(cycle=cycle, target_key=target.key, dimension=dimension)
            frames.append(table)
    if not frames:
        return pd.DataFrame(columns=["cycle", "target_key", "dimension", "value", "population", "achieved", "percent"])
    out = pd.concat(frames, ignore_index=True)
    out["percent"] = (out["achieved"] * 100 / out["population"].where(out["population"] > 0)).astype("float64")
    return out[["cycle", "target_key", "dimension", "value", "population", "achieved", "percent"]]


def level_distributions(people: pd.DataFrame, targets: list[Target], groups: dict[str, GroupDef],
                        cycle: str) -> pd.DataFrame:
    """People of each target's population by best level (0 = none … 6)."""
    rows = []
    for target in targets:
        masks = target_masks(people, target, groups[target.group])
        counts = people.loc[masks.population, "level"].value_counts().reindex(range(7), fill_value=0)
        rows.append({"cycle": cycle, "target_key": target.key, **{f"level_{i}": int(counts[i]) for i in range(7)}})
    return pd.DataFrame(rows)


def unit_breakdowns(people: pd.DataFrame, units: pd.DataFrame, targets: list[Target], groups: dict[str, GroupDef],
                    cycle: str, bounds: list[int]) -> pd.DataFrame:
    """The same breakdowns for every unit at every depth (its own people and its subtree's)."""
    from tiendo.compute.indicators import ancestor_pairs

    values = _dimension_values(people, bounds)
    pairs = ancestor_pairs(units)
    frames = []
    for target in targets:
        masks = target_masks(people, target, groups[target.group])
        for dimension in DIMENSIONS:
            own = pd.DataFrame({"unit_code": people["unit_code"], "value": values[dimension],
                                "population": masks.population.astype("int64"),
                                "achieved": masks.achieved.astype("int64")})[masks.population]
            own = own.groupby(["unit_code", "value"], sort=False)[["population", "achieved"]].sum().reset_index()
            rolled = pairs.merge(own, on="unit_code").groupby(["ancestor", "value"], sort=True)[
                ["population", "achieved"]].sum().reset_index().rename(columns={"ancestor": "unit"})
            frames.append(rolled.assign(cycle=cycle, target_key=target.key, dimension=dimension))
    if not frames:
        return pd.DataFrame(columns=["cycle", "unit", "target_key", "dimension", "value", "population", "achieved",
                                     "percent"])
    out = pd.concat(frames, ignore_index=True)
    out["percent"] = (out["achieved"] * 100 / out["population"].where(out["population"] > 0)).astype("float64")
    return out[["cycle", "unit", "target_key", "dimension", "value", "population", "achieved", "percent"]]
