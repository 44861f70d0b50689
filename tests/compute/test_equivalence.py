"""The vectorised compute stage gives exactly what the plain pandas versions it replaced gave.

Each `reference_*` below is the earlier, obviously-correct implementation (groupby per person,
an ancestor-pairs merge for roll-ups …), kept here as the specification; hypothesis feeds both
the same rosters and unit trees and the frames must be equal, dtypes included."""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tiendo.compute.indicators import COUNTS, _derive, ancestor_pairs, compute_indicators, target_masks
from tiendo.compute.people import PERSON_FIELDS, age_on, people_table
from tiendo.config import load_groups
from tiendo.model import TIERS, Focus, Target

REF = date(2025, 6, 30)
GROUPS = load_groups()
TARGETS = [
    Target(2025, "cbcc", ("tinh", "huyen"), 25, 4, False, "q", focus=Focus(True, 40, "")),
    Target(2030, "cbcc", ("tinh", "huyen"), 35, 4, True, "q", focus=Focus(True, 40, "")),
    Target(2030, "vien_chuc", TIERS, 70, 4, True, "q"),
    Target(2025, "vien_chuc_lanh_dao", TIERS, 50, 4, False, "q"),
    Target(2025, "cbcc_xa", ("xa",), 20, 3, False, "q"),
    Target(2025, "cbcc_xa_lanh_dao", ("xa",), 15, 3, False, "q", age_limit=40),
]
LANGUAGES = ["", "Tiếng Anh", "Tiếng Pháp", "Tiếng Nhật", "Tiếng Khmer"]


# -- the earlier implementations (the specification) ----------------------------------------------
def reference_people_table(rows: pd.DataFrame, units: pd.DataFrame, ref_date: date) -> pd.DataFrame:
    ordered = rows.sort_values(["staff_id", "source_file", "source_row"], kind="stable")
    grouped = ordered.groupby("staff_id", sort=True)
    people = grouped[list(PERSON_FIELDS)].first()
    people["exempt"] = grouped["exempt"].any()
    people["level"] = grouped["level"].max().astype("int64")
    spec_level = ordered["level"].where(ordered["specialized"], 0)
    people["level_specialized"] = spec_level.groupby(ordered["staff_id"]).max().astype("int64")
    best = ordered.sort_values(["staff_id", "level"], ascending=[True, False], kind="stable")
    best = best.drop_duplicates("staff_id").set_index("staff_id")
    people["best_language"] = best["language"]
    people["evidence"] = best["evidence"]
    people["languages"] = grouped["language"].agg(lambda s: ", ".join(sorted({v for v in s if v})))
    people["tier"] = people["unit_code"].map(units.set_index("unit_code")["tier"])
    people["age"] = age_on(people["birth_date"], ref_date)
    return people


def reference_indicators(people, units, targets, groups, cycle) -> pd.DataFrame:
    flags = pd.DataFrame(index=people.index)
    for target in targets:
        masks = target_masks(people, target, groups[target.group])
        for name in COUNTS:
            flags[f"{target.key}|{name}"] = getattr(masks, name).astype("int64")
    territory = flags.sum().to_frame().T.assign(unit=None)
    per_unit = flags.groupby(people["unit_code"]).sum()
    pairs = ancestor_pairs(units)
    rolled = pairs.merge(per_unit, left_on="unit_code", right_index=True, how="left").fillna(0)
    rolled = rolled.drop(columns="unit_code").groupby("ancestor").sum()
    rolled = rolled.reindex(units["unit_code"], fill_value=0)
    wide = pd.concat([territory, rolled.rename_axis("unit").reset_index()], ignore_index=True)
    rows = []
    for target in targets:
        part = pd.DataFrame({name: wide[f"{target.key}|{name}"].astype("int64") for name in COUNTS})
        part.insert(0, "unit", wide["unit"])
        part.insert(0, "target_key", target.key)
        rows.append(_derive(part, target, cycle))
    return pd.concat(rows, ignore_index=True)


# -- generated worlds ------------------------------------------------------------------------------
@st.composite
def unit_trees(draw) -> pd.DataFrame:
    """A tree of up to 12 units, depth up to 4, codes not in sorted order; some parents unknown."""
    count = draw(st.integers(1, 12))
    codes = [f"U{(i * 7) % 13:02d}" for i in range(count)]
    parents = [""]
    for i in range(1, count):
        parents.append(draw(st.one_of(st.sampled_from(codes[:i]), st.just(""), st.just("GONE"))))
    tiers = [draw(st.sampled_from(["tinh", "huyen", "xa"])) for _ in codes]
    return pd.DataFrame({"unit_code": codes, "unit_name": codes, "parent_code": parents, "tier": tiers,
                         "unit_type": "", "field": "", "source_row": range(2, count + 2)})


def rosters(unit_codes: list[str]):
    row = st.fixed_dictionaries({
        "staff_id": st.sampled_from([f"S{i:03d}" for i in (5, 1, 12, 3, 8, 40, 2, 9)]),
        "full_name": st.sampled_from(["Nguyễn Văn A", "Trần Thị B", "Lê C"]),
        "birth_date": st.one_of(st.none(), st.dates(date(1960, 1, 1), date(2004, 12, 31))),
        "gender": st.sampled_from(["nam", "nu", ""]),
        "unit_code": st.sampled_from([*unit_codes, "NOWHERE"]),
        "category": st.sampled_from(["can_bo", "cong_chuc", "vien_chuc"]),
        "is_leader": st.booleans(), "needs_language": st.booleans(),
        "position": st.sampled_from(["", "Chuyên viên", "Trưởng phòng"]),
        "language": st.sampled_from(LANGUAGES), "level": st.integers(0, 6),
        "evidence": st.sampled_from(["none", "framework", "equivalence"]),
        "specialized": st.booleans(), "exempt": st.booleans(),
        "training_need": st.one_of(st.none(), st.sampled_from(["", "Bậc 3", "Bậc 4"])),
        "training_mode": st.sampled_from(["", "Trực tiếp"]),
        "source_file": st.sampled_from(["b.csv", "a.csv"]), "source_row": st.integers(2, 9),
    })
    return st.lists(row, min_size=1, max_size=30)


def frame(rows: list[dict]) -> pd.DataFrame:
    table = pd.DataFrame(rows)
    table["birth_date"] = pd.to_datetime(table["birth_date"]).astype("datetime64[s]")
    return table


@st.composite
def worlds(draw):
    units = draw(unit_trees())
    return units, frame(draw(rosters(list(units["unit_code"]))))


# -- the properties --------------------------------------------------------------------------------
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds())
def test_people_table_is_the_groupby_per_person(world):
    units, rows = world
    pd.testing.assert_frame_equal(people_table(rows, units, REF), reference_people_table(rows, units, REF))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds())
def test_indicators_roll_up_like_the_ancestor_merge(world):
    units, rows = world
    people = reference_people_table(rows, units, REF)
    pd.testing.assert_frame_equal(compute_indicators(people, units, TARGETS, GROUPS, "2025-06-30"),
                                  reference_indicators(people, units, TARGETS, GROUPS, "2025-06-30"))
