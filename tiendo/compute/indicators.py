"""Indicators: for every target, who is in its population and who reaches its level, for the
whole territory and rolled up through the unit tree. Pure: DataFrames in, DataFrames out."""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from tiendo.config import GroupDef
from tiendo.model import Target

# Per-person flags computed for each target; their sums are the indicator's counts.
COUNTS = ("population", "achieved", "achieved_level_only", "focus_population", "focus_achieved")


@dataclass(frozen=True)
class TargetMasks:
    population: pd.Series
    achieved: pd.Series
    achieved_level_only: pd.Series
    focus_population: pd.Series
    focus_achieved: pd.Series


def target_masks(people: pd.DataFrame, target: Target, group: GroupDef) -> TargetMasks:
    """Who counts for a target. Exempt people are outside every population (DOMAIN.md)."""
    population = (~people["exempt"].astype(bool)) & people["category"].isin(group.categories)
    in_tier = people["tier"].isin(target.tiers)
    for tier in target.tiers:  # units that took over a unit of that tier (don_vi_chuyen_doi.csv)
        if f"also_{tier}" in people:
            in_tier |= people[f"also_{tier}"].astype(bool)
    population &= in_tier
    if group.leaders:
        population &= people["is_leader"].astype(bool)
    if group.needs_language:
        population &= people["needs_language"].astype(bool)
    if target.age_limit is not None:
        # Unknown age: not provably under the limit, so not in an age-limited group.
        population &= people["age"].lt(target.age_limit).fillna(False).astype(bool)
    level_only = population & (people["level"] >= target.min_level)
    achieved = (population & (people["level_specialized"] >= target.min_level)) if target.specialized else level_only
    focus = pd.Series(False, index=people.index)
    if target.focus is not None:
        focus = population.copy()
        if target.focus.leaders:
            focus &= people["is_leader"].astype(bool)
        if target.focus.age_limit is not None:
            focus &= people["age"].lt(target.focus.age_limit).fillna(False).astype(bool)
    return TargetMasks(population, achieved, level_only, focus, focus & achieved)


def required_count(percent: float, population: pd.Series | np.ndarray) -> np.ndarray:
    """ceil(percent % × population), exactly: 35 % of 20 is 7, not 8 by a floating-point hair."""
    share = Fraction(str(percent)) / 100
    pop = np.asarray(population, dtype="int64")
    return -((-pop * share.numerator) // share.denominator)


def ancestor_pairs(units: pd.DataFrame) -> pd.DataFrame:
    """(unit_code, ancestor) for every unit and each unit above it, itself included."""
    parent = dict(zip(units["unit_code"], units["parent_code"].fillna("")))
    pairs = pd.DataFrame({"unit_code": units["unit_code"], "ancestor": units["unit_code"]})
    frames = [pairs]
    current = pairs
    while True:
        up = current.assign(ancestor=current["ancestor"].map(parent).fillna(""))
        up = up[up["ancestor"] != ""]
        if up.empty:
            break
        frames.append(up)
        current = up
    return pd.concat(frames, ignore_index=True)


def compute_indicators(people: pd.DataFrame, units: pd.DataFrame, targets: list[Target],
                       groups: dict[str, GroupDef], cycle: str, *, by_unit: bool = True) -> pd.DataFrame:
    """One row per target × (territory, every unit): counts, percentages, missing people.

    `unit` is None for the whole territory. Units with nobody in a population still get a row
    (population 0, percent NaN) so every unit page can say so."""
    flags = pd.DataFrame(index=people.index)
    for target in targets:
        masks = target_masks(people, target, groups[target.group])
        for name in COUNTS:
            flags[f"{target.key}|{name}"] = getattr(masks, name).astype("int64")

    territory = flags.sum().to_frame().T.assign(unit=None)
    frames = [territory]
    if by_unit and not units.empty:
        per_unit = flags.groupby(people["unit_code"]).sum()
        pairs = ancestor_pairs(units)
        rolled = pairs.merge(per_unit, left_on="unit_code", right_index=True, how="left").fillna(0)
        rolled = rolled.drop(columns="unit_code").groupby("ancestor").sum()
        rolled = rolled.reindex(units["unit_code"], fill_value=0)
        frames.append(rolled.rename_axis("unit").reset_index())
    wide = pd.concat(frames, ignore_index=True)

    rows = []
    for target in targets:
        part = pd.DataFrame({name: wide[f"{target.key}|{name}"].astype("int64") for name in COUNTS})
        part.insert(0, "unit", wide["unit"])
        part.insert(0, "target_key", target.key)
        rows.append(_derive(part, target, cycle))
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()


def _percent(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    return (numerator * 100 / denominator.where(denominator > 0)).astype("float64")


def _derive(part: pd.DataFrame, target: Target, cycle: str) -> pd.DataFrame:
    part["cycle"] = cycle
    part["year"] = target.year
    part["group"] = target.group
    part["tiers"] = [list(target.tiers)] * len(part)
    part["min_level"] = target.min_level
    part["specialized"] = target.specialized
    part["target_percent"] = float(target.percent)
    part["percent"] = _percent(part["achieved"], part["population"])
    part["percent_level_only"] = _percent(part["achieved_level_only"], part["population"])
    part["focus_percent"] = _percent(part["focus_achieved"], part["focus_population"])
    required = required_count(target.percent, part["population"])
    part["missing_people"] = np.maximum(0, required - part["achieved"].to_numpy()).astype("int64")
    part["met"] = part["achieved"].to_numpy() >= required
    part["quote"] = target.quote
    return part
