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


class PeopleColumns:
    """The person columns that targets' masks are made of, read once per people frame as numpy;
    each membership test (category in …, tier in …, age under …) is done once per distinct set of
    values, not once per target (ten targets share two or three of each)."""

    def __init__(self, people: pd.DataFrame):
        self.people = people
        self._cache: dict[tuple, np.ndarray] = {}

    def _get(self, key: tuple, make) -> np.ndarray:
        if key not in self._cache:
            self._cache[key] = np.asarray(make(), dtype=bool)
        return self._cache[key]

    def flag(self, column: str) -> np.ndarray:
        return self._get(("flag", column), lambda: self.people[column].astype(bool).to_numpy())

    def isin(self, column: str, values: tuple) -> np.ndarray:
        return self._get(("isin", column, tuple(values)), lambda: self.people[column].isin(values).to_numpy())

    def under(self, age_limit: int) -> np.ndarray:
        # Unknown age: not provably under the limit, so not in an age-limited group.
        return self._get(("under", age_limit),
                         lambda: self.people["age"].lt(age_limit).fillna(False).astype(bool).to_numpy())

    def at_least(self, column: str, level: int) -> np.ndarray:
        return self._get(("at_least", column, level), lambda: (self.people[column] >= level).to_numpy())

    def masks(self, target: Target, group: GroupDef) -> TargetMasks:
        """Who counts for a target. Exempt people are outside every population (DOMAIN.md)."""
        population = ~self.flag("exempt") & self.isin("category", group.categories)
        in_tier = self.isin("tier", target.tiers)
        for tier in target.tiers:  # units that took over a unit of that tier (don_vi_chuyen_doi.csv)
            if f"also_{tier}" in self.people:
                in_tier = in_tier | self.flag(f"also_{tier}")
        population &= in_tier
        if group.leaders:
            population &= self.flag("is_leader")
        if group.needs_language:
            population &= self.flag("needs_language")
        if target.age_limit is not None:
            population &= self.under(target.age_limit)
        level_only = population & self.at_least("level", target.min_level)
        achieved = (population & self.at_least("level_specialized", target.min_level)) if target.specialized \
            else level_only
        focus = np.zeros(len(population), dtype=bool)
        if target.focus is not None:
            focus = population.copy()
            if target.focus.leaders:
                focus &= self.flag("is_leader")
            if target.focus.age_limit is not None:
                focus &= self.under(target.focus.age_limit)
        index = self.people.index
        return TargetMasks(pd.Series(population, index=index), pd.Series(achieved, index=index),
                           pd.Series(level_only, index=index), pd.Series(focus, index=index),
                           pd.Series(focus & achieved, index=index))


def target_masks(people: pd.DataFrame, target: Target, group: GroupDef) -> TargetMasks:
    """Who counts for a target. Exempt people are outside every population (DOMAIN.md)."""
    return PeopleColumns(people).masks(target, group)


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


@dataclass(frozen=True)
class UnitTree:
    """The unit tree as positions, for rolling counts up without joining people to ancestors:
    a unit's subtree total is its own count plus its children's totals, added deepest first."""

    codes: pd.Index  # unit codes in the order of the units table
    parent: np.ndarray  # position of each unit's parent; -1 for a root (no parent, or one not in the table)
    by_depth: tuple[np.ndarray, ...]  # positions of the units at depth d, for d = 1, 2, …

    @classmethod
    def of(cls, units: pd.DataFrame) -> "UnitTree":
        codes = pd.Index(units["unit_code"])
        parent = codes.get_indexer(units["parent_code"].fillna("")).astype(np.int64)
        depth = np.zeros(len(codes), dtype=np.int64)
        above = parent.copy()
        for _ in range(len(codes)):  # the loader has removed loops; the bound only guards against one
            up = above >= 0
            if not up.any():
                break
            depth[up] += 1
            above[up] = parent[above[up]]
        levels = tuple(np.flatnonzero(depth == d) for d in range(1, int(depth.max(initial=0)) + 1))
        return cls(codes, parent, levels)

    def positions(self, unit_codes: pd.Series) -> np.ndarray:
        """Each code's position in the tree; -1 for a code that is not a unit."""
        return self.codes.get_indexer(unit_codes)

    def own_counts(self, positions: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
        """How many people (where `mask`) each unit has as its own staff."""
        chosen = positions if mask is None else positions[mask]
        return np.bincount(chosen[chosen >= 0], minlength=len(self.codes))

    def roll_up(self, own: np.ndarray) -> np.ndarray:
        """Subtree totals from own totals (first axis: units)."""
        total = np.array(own, copy=True)
        for level in reversed(self.by_depth):
            np.add.at(total, self.parent[level], total[level])
        return total


def compute_indicators(people: pd.DataFrame, units: pd.DataFrame, targets: list[Target],
                       groups: dict[str, GroupDef], cycle: str, *, by_unit: bool = True) -> pd.DataFrame:
    """One row per target × (territory, every unit): counts, percentages, missing people.

    `unit` is None for the whole territory. Units with nobody in a population still get a row
    (population 0, percent NaN) so every unit page can say so."""
    rolled = by_unit and not units.empty
    if rolled:
        tree = UnitTree.of(units)
        where = tree.positions(people["unit_code"])
        unit_column = pd.concat([pd.Series([None], dtype=object),
                                 pd.Series(units["unit_code"].to_numpy(), dtype=object)], ignore_index=True)
    else:
        unit_column = pd.Series([None], dtype=object)

    columns = PeopleColumns(people)
    rows = []
    for target in targets:
        masks = columns.masks(target, groups[target.group])
        counts = {}
        for name in COUNTS:
            mask = getattr(masks, name).to_numpy(dtype=bool)
            territory = np.array([np.count_nonzero(mask)], dtype=np.int64)
            if rolled:
                counts[name] = np.concatenate([territory, tree.roll_up(tree.own_counts(where, mask))]).astype(np.int64)
            else:
                counts[name] = territory
        part = pd.DataFrame(counts)
        part.insert(0, "unit", unit_column)
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
