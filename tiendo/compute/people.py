"""One row per person from the language rows: a person counts once, with their best row."""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tiendo.compute.columns import run_starts, runs_begin, sorted_order

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
    if rows["staff_id"].isna().any():  # groupby would drop them: so do we
        rows = rows[rows["staff_id"].notna()]
    # Work on row positions in (staff_id, file, row) order (a stable sort, like sort_values(kind=
    # "stable")), never on a sorted copy of the rows: a person's rows are one contiguous run, so each
    # per-person value is a reduction over runs (np.*.reduceat), with no Python per person.
    order = sorted_order(rows, [("staff_id", "ascending"), ("source_file", "ascending"), ("source_row", "ascending")])
    new_person = run_starts(rows["staff_id"], order)
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
        subset = rows[["staff_id", *PERSON_FIELDS]].take(order[np.repeat(many, sizes)])
        gaps = [column for column in PERSON_FIELDS if subset[column].isna().any()]
        if gaps:
            firsts = subset.groupby("staff_id", sort=True)[gaps].first()
            positions = np.flatnonzero(many)
            for column in gaps:
                filled = people[column].copy()
                filled.iloc[positions] = firsts[column].to_numpy()
                people[column] = filled

    level = rows["level"].to_numpy()[order].astype("int64")
    specialized = rows["specialized"].to_numpy()[order].astype(bool)
    exempt = rows["exempt"].to_numpy()[order].astype(bool)
    people["exempt"] = np.logical_or.reduceat(exempt, starts)
    best_level = np.maximum.reduceat(level, starts)
    people["level"] = best_level
    people["level_specialized"] = np.maximum.reduceat(np.where(specialized, level, 0), starts)
    # Best row: the first of the person's rows (in file order) with their best level.
    is_best = np.flatnonzero(level == best_level[person_of_row])
    first_best = is_best[runs_begin(person_of_row[is_best])]
    best_rows = order[first_best]
    del level, specialized, exempt, is_best, first_best
    people["best_language"] = rows["language"].array.take(best_rows)
    people["evidence"] = rows["evidence"].array.take(best_rows)
    people["languages"] = _languages(rows["language"], order, person_of_row, starts, many)
    people["tier"] = people["unit_code"].map(units.set_index("unit_code")["tier"])
    people["age"] = age_on(people["birth_date"], ref_date)
    return people


def _languages(language: pd.Series, order: np.ndarray, person_of_row: np.ndarray, starts: np.ndarray,
               many: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """", ".join(sorted(set of the person's non-empty languages)) per person: one row's language
    as it is; for the few people with several rows, their distinct languages in sorted order
    joined by pyarrow (no Python per person)."""
    out = language.take(order[starts]).fillna("")
    if not many.any():
        return out.array
    rows = np.flatnonzero(many[person_of_row])  # sorted positions of the rows of people with several
    values = language.take(order[rows])
    kept = (values.notna() & (values != "")).to_numpy()
    rows = rows[kept]
    codes, distinct = pd.factorize(values[kept], sort=True)  # sorted distinct: codes compare as the text
    person = person_of_row[rows]
    by = np.lexsort((codes, person))
    person, codes = person[by], codes[by]
    fresh = runs_begin(person, codes)
    person, codes = person[fresh], codes[fresh]
    multi = np.flatnonzero(many)
    counts = np.bincount(np.searchsorted(multi, person), minlength=len(multi))
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    listed = pa.LargeListArray.from_arrays(pa.array(offsets), pa.array(np.asarray(distinct, dtype=object)[codes],
                                                                           type=pa.large_string()))
    out.iloc[multi] = pc.binary_join(listed, pa.scalar(", ", type=pa.large_string())).to_numpy(zero_copy_only=False)
    return out.array
