"""Breakdowns of every target: by language, gender and age band, and the level distribution of
each group. Pure: people in, tables out."""
from __future__ import annotations

import numpy as np
import pandas as pd

from tiendo.compute.indicators import PeopleColumns, UnitTree
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


def _dimension_codes(people: pd.DataFrame, bounds: list[int]) -> dict[str, tuple[np.ndarray, pd.Index]]:
    """Each person's gender, age band and language as an integer code into that dimension's
    distinct values, sorted (what a sorted groupby on the value would give; -1 = no value, not
    counted). Labels are worked out once per distinct raw value, not once per person."""
    # gender: Nam / Nữ / Không rõ
    codes, raw = pd.factorize(people["gender"])
    gender = [GENDER_LABELS.get(g, UNKNOWN) for g in raw] + [UNKNOWN]  # the last: a missing gender
    # age band: [low, next low) as pd.cut(right=False) with a last bound of 200; else Không rõ
    labels = age_band_labels(bounds)
    edges = np.asarray([*bounds, 200], dtype="float64")
    age = people["age"].to_numpy(dtype="float64", na_value=np.nan)
    band = np.searchsorted(edges, age, side="right") - 1
    band = np.where((age >= edges[0]) & (age < edges[-1]), band, len(labels))
    # language: the best row's language when it has a level, else Chưa có ngoại ngữ
    spoken, languages = pd.factorize(people["best_language"])
    level = people["level"].to_numpy(dtype="int64")
    has = (level > 0) & (spoken >= 0) & (pd.Series(list(languages) + [""]).to_numpy(dtype=object)[spoken] != "")
    missing = (level > 0) & (spoken < 0)  # a missing language with a level: no value, as groupby drops it
    language = np.where(has, spoken, len(languages))
    return {
        "gender": _sorted_codes(np.where(codes >= 0, codes, len(raw)), gender),
        "age_band": _sorted_codes(band, [*labels, UNKNOWN]),
        "language": _sorted_codes(np.where(missing, -1, language), [*languages, NO_LANGUAGE]),
    }


def _sorted_codes(index: np.ndarray, names: list[str]) -> tuple[np.ndarray, pd.Index]:
    """Per person an index into `names` (or -1) → codes into the sorted distinct names in use."""
    present = np.zeros(len(names), dtype=bool)
    present[np.unique(index[index >= 0])] = True
    values = sorted({names[i] for i in np.flatnonzero(present)})
    rank = {name: code for code, name in enumerate(values)}
    recode = np.array([rank.get(name, -1) for name in names] + [-1], dtype=np.int64)
    return recode[index], pd.Index(np.asarray(values, dtype=object))


def _cells(codes: np.ndarray, values: pd.Index, population: np.ndarray, achieved: np.ndarray) -> pd.DataFrame:
    """value, population, achieved for the values someone of the population holds, values sorted."""
    counted = population & (codes >= 0)
    pop = np.bincount(codes[counted], minlength=len(values))
    ach = np.bincount(codes[counted & achieved], minlength=len(values))
    present = np.flatnonzero(pop > 0)
    return pd.DataFrame({"value": _taken(values, present), "population": pop[present].astype("int64"),
                         "achieved": ach[present].astype("int64")})


def _taken(values: pd.Index, positions: np.ndarray) -> pd.Index:
    # An empty group-by gives object keys; concatenated with text keys the column stays object.
    return values.take(positions) if len(positions) else pd.Index([], dtype=object)


def target_breakdowns(people: pd.DataFrame, targets: list[Target], groups: dict[str, GroupDef], cycle: str,
                      bounds: list[int]) -> pd.DataFrame:
    """One row per target × dimension × value: population, achieved, percent."""
    codes = _dimension_codes(people, bounds)
    frames = []
    columns = PeopleColumns(people)
    for target in targets:
        masks = columns.masks(target, groups[target.group])
        population = masks.population.to_numpy(dtype=bool)
        achieved = masks.achieved.to_numpy(dtype=bool)
        for dimension in DIMENSIONS:
            table = _cells(*codes[dimension], population, achieved)
            frames.append(table.assign(cycle=cycle, target_key=target.key, dimension=dimension))
    if not frames:
        return pd.DataFrame(columns=["cycle", "target_key", "dimension", "value", "population", "achieved", "percent"])
    out = pd.concat(frames, ignore_index=True)
    out["percent"] = (out["achieved"] * 100 / out["population"].where(out["population"] > 0)).astype("float64")
    return out[["cycle", "target_key", "dimension", "value", "population", "achieved", "percent"]]


def level_distributions(people: pd.DataFrame, targets: list[Target], groups: dict[str, GroupDef],
                        cycle: str) -> pd.DataFrame:
    """People of each target's population by best level (0 = none … 6)."""
    level = people["level"].to_numpy(dtype="int64")  # (an empty people frame holds objects)
    known = (level >= 0) & (level <= 6)
    rows = []
    columns = PeopleColumns(people)
    for target in targets:
        masks = columns.masks(target, groups[target.group])
        counts = np.bincount(level[masks.population.to_numpy(dtype=bool) & known], minlength=7)
        rows.append({"cycle": cycle, "target_key": target.key, **{f"level_{i}": int(counts[i]) for i in range(7)}})
    return pd.DataFrame(rows)


def unit_breakdowns(people: pd.DataFrame, units: pd.DataFrame, targets: list[Target], groups: dict[str, GroupDef],
                    cycle: str, bounds: list[int]) -> pd.DataFrame:
    """The same breakdowns for every unit at every depth (its own people and its subtree's)."""
    codes = _dimension_codes(people, bounds)
    tree = UnitTree.of(units)
    where = tree.positions(people["unit_code"])
    # Rows come out by unit code, then value (the order of a sorted groupby).
    unit_order = np.argsort(tree.codes.to_numpy(), kind="stable")
    unit_labels = pd.Series(tree.codes).take(unit_order).reset_index(drop=True)
    frames = []
    columns = PeopleColumns(people)
    for target in targets:
        masks = columns.masks(target, groups[target.group])
        population = masks.population.to_numpy(dtype=bool) & (where >= 0)
        achieved = masks.achieved.to_numpy(dtype=bool)
        for dimension in DIMENSIONS:
            value_codes, values = codes[dimension]
            counted = population & (value_codes >= 0)
            width = len(values)
            cell = where[counted] * width + value_codes[counted]
            size = len(tree.codes) * width
            own = np.stack([np.bincount(cell, minlength=size),
                            np.bincount(cell[achieved[counted]], minlength=size)], axis=1)
            rolled = tree.roll_up(own.reshape(len(tree.codes), width, 2))[unit_order]
            unit_at, value_at = np.nonzero(rolled[:, :, 0] > 0)
            frames.append(pd.DataFrame({
                "unit": unit_labels.take(unit_at).reset_index(drop=True),
                "value": _taken(values, value_at),
                "population": rolled[unit_at, value_at, 0].astype("int64"),
                "achieved": rolled[unit_at, value_at, 1].astype("int64"),
            }).assign(cycle=cycle, target_key=target.key, dimension=dimension))
    if not frames:
        return pd.DataFrame(columns=["cycle", "unit", "target_key", "dimension", "value", "population", "achieved",
                                     "percent"])
    out = pd.concat(frames, ignore_index=True)
    out["percent"] = (out["achieved"] * 100 / out["population"].where(out["population"] > 0)).astype("float64")
    return out[["cycle", "unit", "target_key", "dimension", "value", "population", "achieved", "percent"]]
