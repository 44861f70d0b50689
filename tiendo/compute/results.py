"""From validated rows of every cycle to the tables the sites are made of. Pure."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from tiendo.compute.breakdowns import level_distributions, target_breakdowns
from tiendo.compute.changes import level_changes
from tiendo.compute.indicators import compute_indicators
from tiendo.compute.people import people_table
from tiendo.compute.remap import mark_takeovers, remap_people
from tiendo.compute.progress import Assessment, Thresholds, assess
from tiendo.config import GroupDef
from tiendo.model import Cycle, Target

LEVELS = (0, 1, 2, 3, 4, 5, 6)


@dataclass
class CycleResult:
    cycle: Cycle
    units: pd.DataFrame
    people: pd.DataFrame  # person level: internal only
    indicators: pd.DataFrame  # target × (territory, units)
    stats: dict = field(default_factory=dict)
    breakdowns: pd.DataFrame | None = None  # target × (gender, age band, language), territory
    levels: pd.DataFrame | None = None  # target × best level, territory


@dataclass
class Results:
    targets: list[Target]
    cycles: list[CycleResult]  # oldest first
    assessments: dict[str, Assessment]  # target key → status at the latest cycle
    changes: pd.DataFrame | None = None  # person level, latest vs previous cycle: internal only

    @property
    def latest(self) -> CycleResult:
        return self.cycles[-1]

    def territory_series(self) -> pd.DataFrame:
        """target × cycle rows for the whole territory."""
        frames = [c.indicators[c.indicators["unit"].isna()] for c in self.cycles]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def compute_cycle(cycle: Cycle, rows: pd.DataFrame, units: pd.DataFrame, targets: list[Target],
                  groups: dict[str, GroupDef], *, exclude_exempt: bool = True,
                  age_bands: list[int] = (0, 30, 40, 50), remap: dict[str, str] | None = None,
                  taken: dict[str, set[str]] | None = None, today_units: pd.DataFrame | None = None) -> CycleResult:
    """Indicators of one cycle. With unit changes: each person keeps the tier of the unit they were
    in then, units that took over another tier count for it too, and everyone is rolled up
    through today's unit tree (`today_units`) so that trends run across the change."""
    people = people_table(rows, units, cycle.ref_date)
    if taken:
        people = mark_takeovers(people, taken)
    if remap:
        people = remap_people(people, remap)
        units = today_units if today_units is not None else units
    counted_people = people if exclude_exempt else people.assign(exempt=False)
    indicators = compute_indicators(counted_people, units, targets, groups, cycle.iso)
    breakdowns = target_breakdowns(counted_people, targets, groups, cycle.iso, list(age_bands))
    levels = level_distributions(counted_people, targets, groups, cycle.iso)
    stats = {
        "rows": int(len(rows)),
        "people": int(len(people)),
        "exempt": int(people["exempt"].sum()) if len(people) else 0,
        "units": int(len(units)),
        "units_with_staff": int(people["unit_code"].nunique()) if len(people) else 0,
    }
    return CycleResult(cycle, units, people, indicators, stats, breakdowns, levels)


def results_of(targets: list[Target], cycles: list[CycleResult], thresholds: Thresholds) -> Results:
    changes = level_changes(cycles[-2].people, cycles[-1].people) if len(cycles) > 1 else None
    return Results(targets, cycles, assess_targets(targets, cycles, thresholds), changes)


def assess_targets(targets: list[Target], cycles: list[CycleResult], thresholds: Thresholds) -> dict[str, Assessment]:
    result = {}
    territories = [c.indicators[c.indicators["unit"].isna()] for c in cycles]
    for target in targets:
        series = []
        for c, territory in zip(cycles, territories):
            row = territory[territory["target_key"] == target.key]
            percent = row["percent"].iloc[0] if len(row) else None
            series.append((c.cycle.ref_date, None if pd.isna(percent) else float(percent)))
        result[target.key] = assess(series, target.percent, target.year, thresholds)
    return result


def level_distribution(people: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Counts of people by best level (0 = none … 6), optionally per value of column `by`."""
    counted = people[~people["exempt"].astype(bool)]
    if by is None:
        counts = counted["level"].value_counts().reindex(LEVELS, fill_value=0)
        return counts.to_frame("people").T
    table = pd.crosstab(counted[by], counted["level"]).reindex(columns=list(LEVELS), fill_value=0)
    return table


class UnknownCycle(LookupError):
    """Asked for a cycle the data folder does not have."""


def _number(value, digits: int = 4):
    if type(value) is float:  # the common case, without pd.isna's cost (240,000 rows × 4 at national scale)
        return None if value != value else round(value, digits)
    if value is None or pd.isna(value):
        return None
    return round(float(value), digits)


def indicator_records(results: Results, *, cycle: str | None = None, unit: str | None = None,
                      every_unit: bool = False, thresholds: Thresholds = Thresholds()) -> list[dict]:
    """The `indicators --format json` objects (DOMAIN.md): one per target × unit × cycle asked.

    Default: the latest cycle, whole territory. `every_unit` widens both to every unit and every
    cycle; a `cycle` or `unit` given still narrows its own side (every unit of one cycle; one unit
    in every cycle). The status of a row uses the cycles up to and including the row's own cycle,
    so a past cycle reads as it did then."""
    by_key = {t.key: t for t in results.targets}
    cycle_names = [c.cycle.iso for c in results.cycles]
    if cycle is not None or not every_unit:
        wanted = cycle or cycle_names[-1]
        if wanted not in cycle_names:
            raise UnknownCycle(wanted)
        chosen = [cycle_names.index(wanted)]
    else:
        chosen = list(range(len(results.cycles)))

    def asked(rows: pd.DataFrame) -> pd.DataFrame:
        if unit is not None:
            return rows[rows["unit"] == unit]
        return rows if every_unit else rows[rows["unit"].isna()]

    # Percent series per (target, unit) over all cycles, for the status of each row.
    history: dict[tuple, list] = {}
    for c in results.cycles:
        rows = asked(c.indicators)
        for key, unit_code, percent in zip(rows["target_key"].tolist(), rows["unit"].tolist(),
                                           rows["percent"].tolist()):
            history.setdefault((key, unit_code), []).append((c.cycle.ref_date, None if percent != percent else percent))

    # Many units share a series (no population, 0 %, 100 %…): assess each distinct one once.
    assessed: dict[tuple, object] = {}
    ref_dates: dict[str, object] = {}
    columns = ("cycle", "unit", "target_key", "population", "achieved", "percent", "missing_people",
               "achieved_level_only", "percent_level_only", "focus_population", "focus_achieved", "focus_percent")
    records = []
    for position in chosen:
        part = asked(results.cycles[position].indicators)
        values = [part[column].tolist() for column in columns]
        for (cycle_iso, unit_code, key, population, achieved, percent, missing, level_only, percent_level_only,
             focus_population, focus_achieved, focus_percent) in zip(*values):
            target = by_key[key]
            ref = ref_dates.get(cycle_iso)
            if ref is None:
                ref = ref_dates[cycle_iso] = pd.Timestamp(cycle_iso).date()
            series = tuple(point for point in history.get((key, unit_code), []) if point[0] <= ref)
            a = assessed.get((key, series))
            if a is None:
                a = assessed[(key, series)] = assess(list(series), target.percent, target.year, thresholds)
            records.append({
                "cycle": cycle_iso,
                "unit": unit_code,
                "year": target.year,
                "group": target.group,
                "tiers": list(target.tiers),
                "min_level": target.min_level,
                "specialized": target.specialized,
                "age_limit": target.age_limit,
                "target_percent": float(target.percent),
                "population": int(population),
                "achieved": int(achieved),
                "percent": _number(percent),
                "missing_people": int(missing),
                "achieved_level_only": int(level_only),
                "percent_level_only": _number(percent_level_only),
                "focus": None if target.focus is None else {
                    "leaders": target.focus.leaders, "age_limit": target.focus.age_limit, "text": target.focus.text,
                    "population": int(focus_population), "achieved": int(focus_achieved),
                    "percent": _number(focus_percent)},
                "status": a.status,
                "ratio": _number(a.ratio),
                "met_at_deadline": a.met_at_deadline,
                "projected_year": a.projected_year,
                "quote": target.quote,
            })
    return records
