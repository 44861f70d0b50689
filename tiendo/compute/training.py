"""Who to train next: per unit and target, the people below the target level ranked the way the
plans ask (the focus group first), how many to nominate for the unit to meet its share, the
classes they make, and what it costs by funding source. Pure."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from tiendo.compute.indicators import required_count, target_masks
from tiendo.config import GroupDef
from tiendo.model import Target
from tiendo.text import fold

NOMINEE_COLUMNS = ["unit_code", "target_key", "rank", "nominated", "focus", "staff_id", "full_name", "category",
                   "position", "is_leader", "age", "level", "best_language", "training_need", "training_mode"]


def nominees(people: pd.DataFrame, targets: list[Target], groups: dict[str, GroupDef]) -> pd.DataFrame:
    """Everyone in a target's population who has not reached it, ranked within their own unit.

    Rank: the target's focus sub-group first (leaders under 40), then leaders, then who is closest
    to the level, then who registered a training need, then the younger. The first
    `missing_people` of each unit are nominated: then the unit meets its own share."""
    frames = []
    for target in targets:
        masks = target_masks(people, target, groups[target.group])
        below = people[masks.population & ~masks.achieved].copy()
        if below.empty:
            continue
        below["focus"] = masks.focus_population[below.index]
        below["registered"] = below["training_need"].fillna("") != ""
        below["_age"] = below["age"].astype("Float64").fillna(999)
        below = below.sort_values(["unit_code", "focus", "is_leader", "level", "registered", "_age"],
                                  ascending=[True, False, False, False, False, True], kind="stable")
        below["rank"] = below.groupby("unit_code").cumcount() + 1
        population = masks.population.groupby(people["unit_code"]).sum()
        achieved = masks.achieved.groupby(people["unit_code"]).sum()
        need = pd.Series(np.maximum(0, required_count(target.percent, population) - achieved.to_numpy()),
                         index=population.index)
        below["nominated"] = below["rank"] <= below["unit_code"].map(need).fillna(0)
        below["target_key"] = target.key
        frames.append(below.reset_index())
    if not frames:
        return pd.DataFrame(columns=NOMINEE_COLUMNS)
    return pd.concat(frames, ignore_index=True)[NOMINEE_COLUMNS]


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
    chosen = nominated[nominated["nominated"]].assign(
        target_year=lambda d: d["target_key"].map(year), target_level=lambda d: d["target_key"].map(level))
    chosen = chosen.sort_values(["staff_id", "target_year", "target_level"], ascending=[True, True, False])
    return chosen.drop_duplicates("staff_id").reset_index(drop=True)


def budget(chosen: pd.DataFrame, unit_fields: dict[str, str], costs: dict) -> pd.DataFrame:
    """Estimated cost by funding source: one course per bậc to climb, priced in config/costs.yml."""
    if chosen.empty:
        return pd.DataFrame(columns=["source", "label", "people", "courses", "cost"])
    course_cost = {int(k): float(v) for k, v in costs["course_cost"].items()}
    education = {fold(f) for f in costs.get("education_fields", [])}
    is_education = chosen["unit_code"].map(lambda c: fold(unit_fields.get(c, "")) in education)
    key = chosen["category"].where(~((chosen["category"] == "vien_chuc") & is_education), "vien_chuc_giao_duc")
    source = key.map(costs["funding"])
    specialised = float(costs.get("specialized_course_cost", 0))
    steps = [range(int(a) + 1, int(b) + 1) for a, b in zip(chosen["level"], chosen["target_level"])]
    # Someone who has the level lacks only the specialised language: one specialised course.
    courses = [len(s) or 1 for s in steps]
    cost = [sum(course_cost.get(level, 0.0) for level in s) if len(s) else specialised for s in steps]
    table = pd.DataFrame({"source": source, "courses": courses, "cost": cost})
    grouped = table.groupby("source").agg(people=("courses", "size"), courses=("courses", "sum"),
                                          cost=("cost", "sum")).reset_index()
    grouped["label"] = grouped["source"].map(costs["sources"])
    return grouped[["source", "label", "people", "courses", "cost"]]
