"""One row per person from the language rows: a person counts once, with their best row."""
from __future__ import annotations

from datetime import date

import numpy as np
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


def _row_order(rows: pd.DataFrame) -> np.ndarray:
    """Positions of `rows` sorted by staff_id, source_file, source_row (stable), without copying
    the frame: integer codes of each key, then one lexsort."""
    staff, _ = pd.factorize(rows["staff_id"], sort=True)
    files, _ = pd.factorize(rows["source_file"], sort=True)
    source_row = rows["source_row"].to_numpy()
    return np.lexsort((np.arange(len(rows)), source_row, files, staff))


def people_table(rows: pd.DataFrame, units: pd.DataFrame, ref_date: date) -> pd.DataFrame:
    """Columns: staff_id (index), PERSON_FIELDS, tier, exempt, level (best bậc of any row),
    level_specialized (best bậc among rows that also have the specialised language), languages,
    age. Person attributes come from the person's first row."""
    if rows.empty:
        columns = [*PERSON_FIELDS, "tier", "exempt", "level", "level_specialized", "languages", "age",
                   "best_language", "evidence"]
        return pd.DataFrame(columns=columns).rename_axis("staff_id")
    if rows["staff_id"].isna().any():  # groupby would drop them: so do we
        rows = rows[rows["staff_id"].notna()]
    # Work on positions in (staff_id, file, row) order: a person's rows are then one contiguous run,
    # so every per-person value is a reduction over runs (np.*.reduceat), with no Python per person.
    order = _row_order(rows)
    staff = rows["staff_id"].to_numpy()[order]
    new_person = np.empty(len(order), dtype=bool)
    new_person[0] = True
    new_person[1:] = staff[1:] != staff[:-1]
    starts = np.flatnonzero(new_person)
    person_of_row = np.cumsum(new_person) - 1  # 0-based person number of each sorted row
    sizes = np.diff(np.append(starts, len(order)))
    first_rows = order[starts]

    people = rows[list(PERSON_FIELDS)].take(first_rows)
    people.index = pd.Index(rows["staff_id"].take(first_rows), name="staff_id")
    many = sizes > 1
    if many.any():
        # groupby().first() takes each column's first non-missing value: only people with several
        # rows can differ from their first row, so only they go through groupby.
        multi_rows = order[np.repeat(many, sizes)]
        subset = rows.take(multi_rows)
        firsts = subset.groupby("staff_id", sort=True)[list(PERSON_FIELDS)].first()
        positions = np.flatnonzero(many)
        for column in PERSON_FIELDS:
            if subset[column].isna().any():
                values = people[column].to_numpy(copy=True)
                values[positions] = firsts[column].to_numpy()
                people[column] = pd.array(values, dtype=people[column].dtype)

    level = rows["level"].to_numpy()[order].astype("int64")
    specialized = rows["specialized"].to_numpy()[order].astype(bool)
    exempt = rows["exempt"].to_numpy()[order].astype(bool)
    people["exempt"] = np.logical_or.reduceat(exempt, starts)
    best_level = np.maximum.reduceat(level, starts)
    people["level"] = best_level
    people["level_specialized"] = np.maximum.reduceat(np.where(specialized, level, 0), starts)
    # Best row: the first of the person's rows (in file order) with their best level.
    is_best = np.flatnonzero(level == best_level[person_of_row])
    first_best = is_best[np.r_[True, person_of_row[is_best[1:]] != person_of_row[is_best[:-1]]]]
    best_rows = order[first_best]
    people["best_language"] = rows["language"].array.take(best_rows)
    people["evidence"] = rows["evidence"].array.take(best_rows)
    people["languages"] = _languages(rows, order, starts, sizes, people.index)
    people["tier"] = people["unit_code"].map(units.set_index("unit_code")["tier"])
    people["age"] = age_on(people["birth_date"], ref_date)
    return people


def _languages(rows: pd.DataFrame, order: np.ndarray, starts: np.ndarray, sizes: np.ndarray,
               index: pd.Index) -> pd.Series:
    """", ".join(sorted(set of the person's non-empty languages)): one row's language as it is;
    the few people with several rows are joined in pandas."""
    language = rows["language"]
    out = language.take(order[starts]).fillna("")
    out.index = index
    many = sizes > 1
    if many.any():
        multi = rows.take(order[np.repeat(many, sizes)])[["staff_id", "language"]]
        multi = multi[multi["language"].notna() & (multi["language"] != "")].drop_duplicates()
        multi = multi.sort_values(["staff_id", "language"], kind="stable")
        joined = multi.groupby("staff_id", sort=False)["language"].agg(", ".join)
        out.iloc[np.flatnonzero(many)] = joined.reindex(index[many], fill_value="").to_numpy()
    return out
