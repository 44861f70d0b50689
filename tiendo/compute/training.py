"""Who to train next: per unit and target, the people below the target level ranked the way the
plans ask (the focus group first), how many to nominate for the unit to meet its share, the
classes they make, and what it costs by funding source. Pure."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from tiendo.compute.columns import lookup, run_starts, runs_begin, sorted_order
from tiendo.compute.indicators import PeopleColumns, required_count
from tiendo.config import GroupDef
from tiendo.model import Target
from tiendo.text import fold

# What nearest_nominations must be given for classes() and budget() to read of the people to train.
CHOSEN_COLUMNS = ["staff_id", "unit_code", "target_key", "nominated", "category", "level", "best_language",
                  "training_mode"]
NOMINEE_COLUMNS = ["unit_code", "target_key", "rank", "nominated", "focus", "staff_id", "full_name", "category",
                   "position", "is_leader", "age", "level", "best_language", "training_need", "training_mode"]


def nominees(people: pd.DataFrame, targets: list[Target], groups: dict[str, GroupDef]) -> pd.DataFrame:
    """Everyone in a target's population who has not reached it, ranked within their own unit.

    Rank: the target's focus sub-group first (leaders under 40), then leaders, then who is closest
    to the level, then who registered a training need, then the younger. The first
    `missing_people` of each unit are nominated: then the unit meets its own share."""
    if people.empty:
        return pd.DataFrame(columns=NOMINEE_COLUMNS)
    # Sort keys as numbers, once: unit codes by their sorted order (a missing code sorts last).
    unit, unit_values = pd.factorize(people["unit_code"], sort=True)
    unit = np.where(unit < 0, len(unit_values), unit)
    leader = people["is_leader"].to_numpy(dtype=bool)
    level = people["level"].to_numpy()
    registered = (people["training_need"].fillna("") != "").to_numpy(dtype=bool)
    age = people["age"].astype("Float64").fillna(999).to_numpy(dtype="float64")
    picked, ranks, chosen, focus, kept = [], [], [], [], []
    columns = PeopleColumns(people)
    for target in targets:
        masks = columns.masks(target, groups[target.group])
        population = masks.population.to_numpy(dtype=bool)
        achieved = masks.achieved.to_numpy(dtype=bool)
        below = np.flatnonzero(population & ~achieved)
        if not len(below):
            continue
        in_focus = masks.focus_population.to_numpy(dtype=bool)
        # np.lexsort: last key first; the position keeps ties in people order (a stable sort).
        order = below[np.lexsort((below, age[below], ~registered[below], -level[below], ~leader[below],
                                  ~in_focus[below], unit[below]))]
        units_sorted = unit[order]
        first = np.flatnonzero(runs_begin(units_sorted))
        rank = np.arange(len(order)) - np.repeat(first, np.diff(np.r_[first, len(order)])) + 1
        size = len(unit_values) + 1
        need = np.maximum(0, required_count(target.percent, np.bincount(unit[population], minlength=size))
                          - np.bincount(unit[achieved], minlength=size))
        picked.append(order)
        ranks.append(rank)
        chosen.append(rank <= need[units_sorted])
        focus.append(in_focus[order])
        kept.append(target.key)
    if not picked:
        return pd.DataFrame(columns=NOMINEE_COLUMNS)
    # One take of the person columns for all targets (no per-target copy of the people frame).
    fields = [c for c in NOMINEE_COLUMNS if c in people]
    table = people[fields].take(np.concatenate(picked)).rename_axis("staff_id").reset_index()
    which = np.repeat(np.arange(len(kept)), [len(p) for p in picked])
    table["target_key"] = pd.Series(kept).take(which).reset_index(drop=True)
    table["rank"] = np.concatenate(ranks).astype("int64")
    table["nominated"] = np.concatenate(chosen)
    table["focus"] = np.concatenate(focus)
    return table[NOMINEE_COLUMNS]


def _starting_language(row_language: pd.Series) -> pd.Series:
    return row_language.where(row_language.fillna("") != "", "Tiếng Anh (chưa đăng ký)")


def classes(chosen: pd.DataFrame, class_size: int) -> pd.DataFrame:
    """Nominees grouped into classes by language, starting level and mode."""
    if chosen.empty:
        return pd.DataFrame(columns=["language", "start_level", "goal", "mode", "people", "classes"])
    reached = chosen["level"] >= chosen["target_level"]  # has the level, lacks the specialised language
    table = pd.DataFrame({
        "language": _starting_language(chosen["best_language"]),
        "start_level": chosen["level"].astype(int),
        "goal": ("Bậc " + chosen["target_level"].astype(str)).where(~reached, "Ngoại ngữ chuyên ngành"),
        "mode": chosen["training_mode"].where(chosen["training_mode"].fillna("") != "", "Chưa đăng ký"),
    })
    keys = ["language", "start_level", "goal", "mode"]
    grouped = table.groupby(keys).size().rename("people").reset_index()
    grouped["classes"] = grouped["people"].map(lambda n: math.ceil(n / class_size))
    return grouped.sort_values(keys).reset_index(drop=True)


def nearest_nominations(nominated: pd.DataFrame, targets: list[Target]) -> pd.DataFrame:
    """One row per nominated person, for the earliest target that needs them (no double count)."""
    if nominated.empty:
        return nominated
    year = {t.key: t.year for t in targets}
    level = {t.key: t.min_level for t in targets}
    rows = np.flatnonzero(nominated["nominated"].to_numpy(dtype=bool))
    keys = nominated["target_key"].take(rows)
    # The earliest target, then the higher level; each person's first row. The people columns are
    # copied once, for the rows kept.
    table = pd.DataFrame({"staff_id": nominated["staff_id"].take(rows).reset_index(drop=True),
                          "target_year": lookup(keys, year).to_numpy(),
                          "target_level": lookup(keys, level).to_numpy()})
    order = sorted_order(table, [("staff_id", "ascending"), ("target_year", "ascending"),
                                 ("target_level", "descending")])
    first = run_starts(table["staff_id"], order)
    chosen = nominated.take(rows[order[first]]).reset_index(drop=True)
    return chosen.assign(target_year=lookup(chosen["target_key"], year),
                         target_level=lookup(chosen["target_key"], level))


def budget(chosen: pd.DataFrame, unit_fields: dict[str, str], costs: dict) -> pd.DataFrame:
    """Estimated cost by funding source: one course per bậc to climb, priced in config/costs.yml."""
    if chosen.empty:
        return pd.DataFrame(columns=["source", "label", "people", "courses", "cost"])
    course_cost = {int(k): float(v) for k, v in costs["course_cost"].items()}
    education = {fold(f) for f in costs.get("education_fields", [])}
    unit, unit_codes = pd.factorize(chosen["unit_code"])
    unit_is_education = np.array([fold(unit_fields.get(c, "")) in education for c in unit_codes] + [False])
    is_education = pd.Series(unit_is_education[unit], index=chosen.index)  # code -1 (missing): the False
    key = chosen["category"].where(~((chosen["category"] == "vien_chuc") & is_education), "vien_chuc_giao_duc")
    source = lookup(key, costs["funding"])
    specialised = float(costs.get("specialized_course_cost", 0))

    # Someone who has the level lacks only the specialised language: one specialised course. Priced
    # once per (from, to) pair, summed in the same order as per person.
    def price(start: int, goal: int) -> tuple[int, float]:
        steps = range(start + 1, goal + 1)
        return (len(steps) or 1), (sum(course_cost.get(level, 0.0) for level in steps) if len(steps) else specialised)

    start = chosen["level"].astype("int64").to_numpy()
    goal = chosen["target_level"].astype("int64").to_numpy()
    span = int(goal.max() - goal.min()) + 1
    pair, keys = pd.factorize((start - start.min()) * span + (goal - goal.min()))  # one code per (start, goal)
    priced = [price(int(k // span + start.min()), int(k % span + goal.min())) for k in keys]
    courses = np.array([p[0] for p in priced], dtype="int64")[pair]
    cost = np.array([p[1] for p in priced], dtype="float64")[pair]
    table = pd.DataFrame({"source": source, "courses": courses, "cost": cost})
    grouped = table.groupby("source").agg(people=("courses", "size"), courses=("courses", "sum"),
                                          cost=("cost", "sum")).reset_index()
    grouped["label"] = grouped["source"].map(costs["sources"])
    return grouped[["source", "label", "people", "courses", "cost"]]
