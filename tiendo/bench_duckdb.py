"""The benchmark's yardstick for compute: tiendo's indicator counts beside one DuckDB query of the same.

Used by `python build.py bench` only; nothing in the build imports this module (or DuckDB). It loads
and validates the latest cycle with tiendo's own functions, then times

  (a) tiendo: people_table + compute_indicators, every target × (territory, every unit rolled up
      through the unit tree), as the build computes the latest cycle;
  (b) DuckDB: one SQL statement, generated from the same Target and GroupDef objects, over the same
      validated rows DataFrame (DuckDB scans pandas directly),

checks that every count is equal (population, achieved, achieved_level_only, focus_population,
focus_achieved per target × unit) and reports tiendo's time over DuckDB's. Runs as its own process
so that its memory is not the benchmark's:

    python -m tiendo.bench_duckdb --data DIR --content DIR [--json OUT]
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from tiendo.compute.indicators import COUNTS, compute_indicators
from tiendo.compute.people import people_table
from tiendo.compute.remap import mark_takeovers, resolve, takeover_tiers
from tiendo.config import GroupDef, load_groups
from tiendo.levels import EquivalenceTable
from tiendo.load.cycles import find_cycles
from tiendo.load.units import load_unit_changes, load_units
from tiendo.model import TIERS, Target
from tiendo.pipeline import changes_in_force, load_cycle, load_plans, plan_targets
from tiendo.settings import load_settings

# The person's own attributes the counts need, taken from their first row (file, then row order).
PERSON_COLUMNS = ("unit_code", "category", "is_leader", "needs_language", "birth_date")
ROW_COLUMNS = ("staff_id", *PERSON_COLUMNS, "exempt", "level", "specialized", "source_file", "source_row")


class CountsDiffer(AssertionError):
    """DuckDB and tiendo disagree on at least one count: one of them is wrong."""


# -- the SQL ---------------------------------------------------------------------------------------
def _text(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _one_of(column: str, values) -> str:
    values = list(values)
    return f"{column} IN ({', '.join(_text(v) for v in values)})" if values else "FALSE"


def _column(target: Target, name: str) -> str:
    return '"' + f"{target.key}|{name}".replace('"', '""') + '"'


def target_conditions(target: Target, group: GroupDef, *, exclude_exempt: bool = True,
                      taken_tiers: frozenset[str] = frozenset()) -> dict[str, str]:
    """For each of COUNTS, a SQL condition on one person: compute.indicators.target_masks in SQL."""
    population = [_one_of("category", group.categories)]
    if exclude_exempt:  # exempt people are outside every population (DOMAIN.md)
        population.insert(0, "NOT exempt")
    in_tier = [_one_of("tier", target.tiers)] + [f"also_{tier}" for tier in target.tiers if tier in taken_tiers]
    population.append("(" + " OR ".join(in_tier) + ")")
    if group.leaders:
        population.append("is_leader")
    if group.needs_language:
        population.append("needs_language")
    if target.age_limit is not None:  # unknown age: not provably under the limit
        population.append(f"coalesce(age < {int(target.age_limit)}, FALSE)")
    pop = "(" + " AND ".join(population) + ")"
    level_only = f"{pop} AND level >= {int(target.min_level)}"
    achieved = f"{pop} AND level_specialized >= {int(target.min_level)}" if target.specialized else level_only
    conditions = {"population": pop, "achieved": achieved, "achieved_level_only": level_only}
    if target.focus is not None:
        parts = [pop]
        if target.focus.leaders:
            parts.append("is_leader")
        if target.focus.age_limit is not None:
            parts.append(f"coalesce(age < {int(target.focus.age_limit)}, FALSE)")
        focus = " AND ".join(parts)
        conditions.update(focus_population=focus, focus_achieved=f"({focus}) AND ({achieved})")
    conditions = {name: f"coalesce({condition}, FALSE)" for name, condition in conditions.items()}
    return {name: conditions.get(name, "FALSE") for name in COUNTS}


def indicator_sql(targets: list[Target], groups: dict[str, GroupDef], ref_date: date, *,
                  exclude_exempt: bool = True, taken_tiers: frozenset[str] = frozenset(), max_depth: int = 1000) -> str:
    """One statement over `roster` (validated rows), `unit_table` and, when some units
    took over others, `taken` (unit_code, also_<tier>…): one row for the territory (unit NULL) and
    one per unit, a column "<target key>|<count>" for each target and each of COUNTS."""
    columns = [(target, name, condition) for target in targets
               for name, condition in target_conditions(target, groups[target.group], exclude_exempt=exclude_exempt,
                                                        taken_tiers=taken_tiers).items()]
    first = ",\n        ".join(f"arg_min({c}, (source_file, source_row)) AS {c}" for c in PERSON_COLUMNS)
    also = "".join(f", coalesce(a.also_{tier}, FALSE) AS also_{tier}" for tier in TIERS if tier in taken_tiers)
    join_taken = " LEFT JOIN taken a ON a.unit_code = p.unit_code" if taken_tiers else ""
    month, day = ref_date.month, ref_date.day
    counts = ",\n        ".join(f"count_if({condition}) AS {_column(t, n)}" for t, n, condition in columns)
    totals = ", ".join(f"sum({_column(t, n)})::BIGINT AS {_column(t, n)}" for t, n, _ in columns)
    rolled = ", ".join(f"sum(p.{_column(t, n)}) AS {_column(t, n)}" for t, n, _ in columns)
    filled = ", ".join(f"coalesce(r.{_column(t, n)}, 0)::BIGINT AS {_column(t, n)}" for t, n, _ in columns)
    return f"""
WITH RECURSIVE
tree AS (SELECT unit_code, nullif(parent_code, '') AS parent_code, tier FROM unit_table),
people AS (  -- a person counts once: attributes of their first row, their best level
    SELECT staff_id,
        {first},
        bool_or(exempt) AS exempt,
        max(level) AS level,
        max(CASE WHEN specialized THEN level ELSE 0 END) AS level_specialized
    FROM roster GROUP BY staff_id),
person AS (  -- whole years of age at the reference date
    SELECT p.*, t.tier{also},
        {ref_date.year} - year(p.birth_date)
            - CASE WHEN month(p.birth_date) < {month} OR (month(p.birth_date) = {month} AND day(p.birth_date) <= {day})
                   THEN 0 ELSE 1 END AS age
    FROM people p LEFT JOIN tree t ON t.unit_code = p.unit_code{join_taken}),
per_unit AS (
    SELECT unit_code,
        {counts}
    FROM person GROUP BY unit_code),
closure(unit_code, ancestor, depth) AS (  -- every unit with itself and each unit above it
    SELECT unit_code, unit_code, 0 FROM tree
    UNION ALL
    SELECT c.unit_code, t.parent_code, c.depth + 1
    FROM closure c JOIN tree t ON t.unit_code = c.ancestor
    WHERE t.parent_code IS NOT NULL AND c.depth < {int(max_depth)}),
rolled AS (
    SELECT c.ancestor AS unit, {rolled}
    FROM closure c JOIN per_unit p ON p.unit_code = c.unit_code GROUP BY c.ancestor)
SELECT NULL::VARCHAR AS unit, {totals} FROM per_unit
UNION ALL
SELECT t.unit_code AS unit, {filled} FROM tree t LEFT JOIN rolled r ON r.unit = t.unit_code
"""


# -- the two sides ---------------------------------------------------------------------------------
@dataclass
class Inputs:
    cycle_iso: str
    ref_date: date
    rows: pd.DataFrame  # validated rows of the latest cycle
    units: pd.DataFrame
    targets: list[Target]
    groups: dict[str, GroupDef]
    taken: dict[str, set[str]]  # unit → tiers of the units it took over (don_vi_chuyen_doi.csv)
    exclude_exempt: bool
    load_seconds: float


def load_inputs(data_dir: Path, content_dir: Path) -> Inputs:
    """The latest cycle loaded and validated by tiendo, with the plans' targets and the unit changes
    of all cycles (as pipeline.analyse and pipeline.unit_changes read them)."""
    settings = load_settings(data_dir=data_dir, content_dir=content_dir)
    targets = plan_targets(load_plans(settings.content_dir))
    groups = load_groups(settings.config_dir)
    cycles = find_cycles(settings.data_dir)
    equivalences = EquivalenceTable.from_csv(settings.config_dir / "equivalences.csv")
    changes = [load_unit_changes(Path(cycle.path)) for cycle in cycles]
    start = time.perf_counter()
    # old unit codes in the latest rosters are put under their new units, as the build does
    latest = load_cycle(cycles[-1], equivalences, moves=changes_in_force(cycles, changes)[cycles[-1].name])
    load_seconds = time.perf_counter() - start
    mapping: dict[str, str] = {}
    old_tiers: dict[str, str] = {}
    for change in changes:
        mapping.update(change.mapping)
    if mapping:
        for cycle in cycles:
            units = latest.units if cycle is cycles[-1] else load_units(Path(cycle.path))[0]
            old_tiers.update(dict(zip(units["unit_code"], units["tier"])))
    taken = takeover_tiers(resolve(mapping), old_tiers) if mapping else {}
    return Inputs(cycles[-1].iso, cycles[-1].ref_date, latest.validated.rows, latest.units, targets, groups, taken,
                  settings.exclude_exempt, load_seconds)


def tiendo_counts(inputs: Inputs, rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """What the build computes for the latest cycle (pipeline → compute_cycle), counts only."""
    rows = inputs.rows if rows is None else rows
    people = people_table(rows, inputs.units, inputs.ref_date)
    if inputs.taken:
        people = mark_takeovers(people, inputs.taken)
    if not inputs.exclude_exempt:
        people = people.assign(exempt=False)
    indicators = compute_indicators(people, inputs.units, inputs.targets, inputs.groups, inputs.cycle_iso)
    return indicators[["target_key", "unit", *COUNTS]]


def duckdb_counts(inputs: Inputs, rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """The same counts from one DuckDB statement (wide: one column per target and count)."""
    import duckdb

    rows = inputs.rows if rows is None else rows
    taken_tiers = frozenset(tier for tiers in inputs.taken.values() for tier in tiers)
    sql = indicator_sql(inputs.targets, inputs.groups, inputs.ref_date, exclude_exempt=inputs.exclude_exempt,
                        taken_tiers=taken_tiers, max_depth=max(1, len(inputs.units)))
    with duckdb.connect() as con:
        con.register("roster", rows[list(ROW_COLUMNS)])
        con.register("unit_table", inputs.units[["unit_code", "parent_code", "tier"]])
        if taken_tiers:
            taken = pd.DataFrame({"unit_code": list(inputs.taken)})
            for tier in sorted(taken_tiers):
                taken[f"also_{tier}"] = [tier in inputs.taken[code] for code in taken["unit_code"]]
            con.register("taken", taken)
        return con.execute(sql).df()


def long_form(wide: pd.DataFrame, targets: list[Target]) -> pd.DataFrame:
    """DuckDB's wide result in tiendo's shape: target_key, unit, COUNTS."""
    frames = []
    for target in targets:
        part = pd.DataFrame({name: wide[f"{target.key}|{name}"].astype("int64") for name in COUNTS})
        part.insert(0, "unit", wide["unit"].astype(object).where(wide["unit"].notna(), None))
        part.insert(0, "target_key", target.key)
        frames.append(part)
    return pd.concat(frames, ignore_index=True)


def differences(ours: pd.DataFrame, theirs: pd.DataFrame, limit: int = 10) -> tuple[int, list[str]]:
    """(number of target × unit rows compared, the first differences in words)."""
    def keyed(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.assign(unit=frame["unit"].astype(object).where(frame["unit"].notna(), "(toàn địa bàn)"))
        return frame.set_index(["target_key", "unit"])[list(COUNTS)].astype("int64")

    a, b = keyed(ours), keyed(theirs)
    problems = []
    if a.index.has_duplicates or b.index.has_duplicates:
        problems.append("có cặp chỉ tiêu × đơn vị lặp lại")
    for key in a.index.difference(b.index)[:limit]:
        problems.append(f"{key[0]} × {key[1]}: có ở tiendo, không có ở DuckDB")
    for key in b.index.difference(a.index)[:limit]:
        problems.append(f"{key[0]} × {key[1]}: có ở DuckDB, không có ở tiendo")
    common = a.index.intersection(b.index)
    left, right = a.loc[common], b.loc[common]
    unequal = (left != right).any(axis=1)
    for key in left.index[unequal][:limit]:
        cols = [c for c in COUNTS if left.at[key, c] != right.at[key, c]]
        problems.append(f"{key[0]} × {key[1]}: " + ", ".join(
            f"{c} tiendo {left.at[key, c]} ≠ DuckDB {right.at[key, c]}" for c in cols))
    if int(unequal.sum()) > limit:
        problems.append(f"… và {int(unequal.sum()) - limit} cặp khác")
    return len(common), problems


def _best_of(repeat: int, work) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def compare(data_dir: Path, content_dir: Path, repeat: int | None = None) -> dict:
    """Load, time both sides (best of `repeat`; default 3 runs below 200,000 rows, else 1), check
    every count. Raises CountsDiffer when a count differs."""
    import duckdb

    inputs = load_inputs(data_dir, content_dir)
    repeat = repeat or (3 if len(inputs.rows) < 200_000 else 1)
    sample = inputs.rows.head(2000)  # warm both up (lazy imports, first query) outside the timing
    tiendo_counts(inputs, sample)
    duckdb_counts(inputs, sample)
    tiendo_seconds, ours = _best_of(repeat, lambda: tiendo_counts(inputs))
    duckdb_seconds, wide = _best_of(repeat, lambda: duckdb_counts(inputs))
    cells, problems = differences(ours, long_form(wide, inputs.targets))
    with duckdb.connect() as con:
        threads = int(con.execute("SELECT current_setting('threads')").fetchone()[0])
    result = {
        "cycle": inputs.cycle_iso, "rows": int(len(inputs.rows)), "people": int(inputs.rows["staff_id"].nunique()),
        "units": int(len(inputs.units)), "targets": len(inputs.targets), "cells": cells,
        "counts_compared": cells * len(COUNTS), "equal": not problems, "differences": problems,
        "load_validate_seconds": inputs.load_seconds, "tiendo_seconds": tiendo_seconds,
        "duckdb_seconds": duckdb_seconds, "ratio": tiendo_seconds / duckdb_seconds if duckdb_seconds else None,
        "repeat": repeat, "duckdb_threads": threads, "duckdb_version": duckdb.__version__,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    if problems:
        raise CountsDiffer(result)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tiendo.bench_duckdb",
                                     description="So chỉ tiêu tiendo tính với một truy vấn DuckDB (dùng cho bench).")
    parser.add_argument("--data", required=True)
    parser.add_argument("--content", required=True)
    parser.add_argument("--repeat", type=int)
    parser.add_argument("--json", help="ghi kết quả (JSON) vào tệp này")
    args = parser.parse_args(argv)
    try:
        result, code = compare(Path(args.data), Path(args.content), args.repeat), 0
    except CountsDiffer as exc:
        result, code = exc.args[0], 1
        print("Lỗi: DuckDB và tiendo tính ra số khác nhau:\n  " + "\n  ".join(result["differences"]), file=sys.stderr)
    text = json.dumps(result, ensure_ascii=False, indent=2)
    if args.json:
        Path(args.json).write_text(text, encoding="utf-8")
    else:
        print(text)
    return code


if __name__ == "__main__":
    sys.exit(main())
