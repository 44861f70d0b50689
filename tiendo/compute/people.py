"""One row per person from the language rows: a person counts once, with their best row."""
from __future__ import annotations

from datetime import date

import pandas as pd

PERSON_FIELDS = ("full_name", "birth_date", "gender", "unit_code", "category", "is_leader", "position",
                 "needs_language", "training_need", "training_mode", "source_file")


def age_on(birth: pd.Series, ref: date) -> pd.Series:
    """Whole years of age at the reference date ("dưới 40 tuổi" = age < 40 on that date); NA when
    the birth date is unknown."""
    birth = pd.to_datetime(birth)
    had_birthday = (birth.dt.month < ref.month) | ((birth.dt.month == ref.month) & (birth.dt.day <= ref.day))
    age = ref.year - birth.dt.year - (~had_birthday).astype("int64")
    return age.astype("Int64")


def people_table(rows: pd.DataFrame, units: pd.DataFrame, ref_date: date) -> pd.DataFrame:
    """Columns: staff_id (index), PERSON_FIELDS, tier, exempt, level (best bậc of any row),
    level_specialized (best bậc among rows that also have the specialised language), languages,
    age. Person attributes come from the person's first row."""
    if rows.empty:
        columns = [*PERSON_FIELDS, "tier", "exempt", "level", "level_specialized", "languages", "age",
                   "best_language", "evidence"]
        return pd.DataFrame(columns=columns).rename_axis("staff_id")
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
