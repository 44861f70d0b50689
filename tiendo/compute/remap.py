"""Unit changes across cycles (mergers; from 1 July 2025 no district tier): older cycles are
re-mapped to today's units so trends run across the change, rows of the change's cycle and later
ones that still carry an old code are put under the new unit, and the plan's "cấp huyện" targets
are computed on the units that took over from district units. Pure."""
from __future__ import annotations

import numpy as np
import pandas as pd

from tiendo.model import TIERS


def resolve(mapping: dict[str, str]) -> dict[str, str]:
    """Follow chains (A → B, B → C gives A → C); a loop stops where it would repeat."""
    resolved = {}
    for old in mapping:
        seen, code = {old}, mapping[old]
        while code in mapping and mapping[code] not in seen:
            seen.add(code)
            code = mapping[code]
        resolved[old] = code
    return resolved


def remap_people(people: pd.DataFrame, mapping: dict[str, str]) -> pd.DataFrame:
    """Today's unit for each person (for roll-ups and trends); the tier stays the one of the unit
    they were in at the time, so a 2024 district civil servant still counts as "cấp huyện"."""
    if not mapping:
        return people
    if people.empty:
        return people.assign(unit_code=people["unit_code"].map(lambda c: mapping.get(c, c)))
    # Look each distinct code up once, not each person's; a missing code stays missing.
    codes, distinct = pd.factorize(people["unit_code"])
    today = pd.Series([mapping.get(code, code) for code in distinct] or [None])
    moved = today.take(np.maximum(codes, 0)).set_axis(people.index)
    return people.assign(unit_code=moved.where(codes >= 0, people["unit_code"]))


def to_successors(rows: pd.DataFrame, mapping: dict[str, str]) -> tuple[pd.DataFrame, np.ndarray]:
    """Roster rows that still carry the code of a unit that no longer exists (`mapping`: old code →
    its successor) put under the successor, and the mask of the rows moved. Unlike remap_people,
    this is done before validation, so the row takes the successor's place and tier: the person
    works there now."""
    moved = np.zeros(len(rows), dtype=bool)
    if not mapping or rows.empty:
        return rows, moved
    # Each distinct code looked up once (a national roster has millions of rows, thousands of codes)
    codes, distinct = pd.factorize(rows["unit_code"])
    successor = np.array([mapping.get(code, code) for code in distinct], dtype=object)
    moving = successor != np.asarray(distinct, dtype=object)
    if not moving.any():
        return rows, moved
    moved = (codes >= 0) & moving[np.maximum(codes, 0)]
    fixed = rows["unit_code"].to_numpy(dtype=object, copy=True)
    fixed[moved] = successor[codes[moved]]
    return rows.assign(unit_code=pd.Series(fixed, index=rows.index, dtype=rows["unit_code"].dtype)), moved


def takeover_tiers(mapping: dict[str, str], old_tiers: dict[str, str]) -> dict[str, set[str]]:
    """New unit → the tiers of the old units it took over (e.g. a new commune that took over a
    district's offices also carries "huyen")."""
    taken: dict[str, set[str]] = {}
    for old, new in mapping.items():
        if old in old_tiers:
            taken.setdefault(new, set()).add(old_tiers[old])
    return taken


def mark_takeovers(people: pd.DataFrame, taken: dict[str, set[str]]) -> pd.DataFrame:
    """Columns also_<tier>: True where the person's unit took over a unit of that tier."""
    also = {}
    for tier in TIERS:
        codes = {code for code, tiers in taken.items() if tier in tiers}
        also[f"also_{tier}"] = people["unit_code"].isin(codes)
    return people.assign(**also)  # no copy of the people frame's columns
