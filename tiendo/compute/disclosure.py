"""Disclosure control for the public site: no cell about fewer than k people is published."""
from __future__ import annotations

import pandas as pd

# Columns that depend on the population; hidden together when the population is too small.
DEPENDENT = ("achieved", "percent", "achieved_level_only", "percent_level_only", "missing_people",
             "focus_population", "focus_achieved", "focus_percent", "met")


def suppress(table: pd.DataFrame, k: int) -> pd.DataFrame:
    """Rows whose population is 1..k-1 lose their numbers and gain `suppressed` = True.

    The population itself is kept out too (shown as "< k"); a population of 0 is no person
    and is published as 0. The focus sub-group follows the same rule on its own count."""
    out = table.copy()
    small = out["population"].between(1, k - 1)
    out["suppressed"] = small
    for column in DEPENDENT:
        if column in out:
            out[column] = out[column].astype("object").where(~small, None)
    out["population"] = out["population"].astype("object").where(~small, None)
    if "focus_population" in out:
        small_focus = out["focus_population"].map(lambda v: v is not None and 0 < v < k)
        for column in ("focus_population", "focus_achieved", "focus_percent"):
            out[column] = out[column].where(~small_focus, None)
        out["focus_suppressed"] = small_focus
    return out


def complementary(rows: pd.DataFrame, k: int) -> pd.DataFrame:
    """Rows that add up to a published total (units of the territory, categories of a group):
    when exactly one row is hidden, its numbers could be recovered by subtraction, so the next
    smallest row is hidden too."""
    out = rows.copy()
    if "suppressed" not in out or len(out) < 2:
        return out
    hidden = out["suppressed"].astype(bool)
    if hidden.sum() != 1:
        return out
    candidates = out[~hidden & (pd.to_numeric(out["population"], errors="coerce").fillna(0) > 0)]
    if candidates.empty:
        return out
    second = pd.to_numeric(candidates["population"], errors="coerce").idxmin()
    for column in ("population", *DEPENDENT):
        if column in out:
            out[column] = out[column].astype("object")
            out.at[second, column] = None
    out.at[second, "suppressed"] = True
    return out


def suppress_parts(table: pd.DataFrame, k: int, by: list[str]) -> pd.DataFrame:
    """Rows that split a published group (by gender, age band, language; units of the territory):
    the rule of `suppress` on each row's population, the same as the group's own numbers follow
    (a count under k is shown where its population is not, as on the group's own line), then within
    each split a lone hidden row takes the next smallest with it (`complementary`)."""
    out = suppress(table, k)
    if out.empty:
        return out
    parts = [complementary(part, k) for _, part in out.groupby(by, sort=False, dropna=False)]
    return pd.concat(parts).loc[out.index]


def suppress_distribution(table: pd.DataFrame, columns: list[str], k: int) -> pd.DataFrame:
    """A group's people by level (one row per group): published whole when the group has k people or
    more, as the group's own numbers are; hidden whole when it has 1..k-1."""
    out = table.copy()
    total = out[columns].sum(axis=1)
    small = total.between(1, k - 1)
    for column in columns:
        out[column] = out[column].astype("object").where(~small, None)
    out["suppressed"] = small
    return out
