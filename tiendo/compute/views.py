"""What each audience may see: plain tables built from the results. Pure.

The public view is made of aggregates only, after disclosure control; person-level frames are
never put into it. The internal view adds per-unit detail and the data problems."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from tiendo.compute.changes import change_counts
from tiendo.compute.columns import crosstab, lookup, runs_begin
from tiendo.compute.disclosure import suppress, suppress_distribution, suppress_parts
from tiendo.compute.indicators import UnitTree
from tiendo.compute.breakdowns import unit_breakdowns
from tiendo.compute.training import CHOSEN_COLUMNS, budget, classes, nearest_nominations, nominees
from tiendo.compute.progress import Assessment
from tiendo.compute.results import LEVELS, Results, level_distribution
from tiendo.config import GroupDef
from tiendo.model import FileReport, Plan, Problem, Target
from tiendo.text import fold

# Columns of the published indicator table (downloads), in order.
INDICATOR_COLUMNS = ("cycle", "unit", "unit_name", "year", "group", "tiers", "min_level", "specialized",
                     "target_percent", "population", "achieved", "percent", "missing_people",
                     "achieved_level_only", "percent_level_only", "focus_population", "focus_achieved",
                     "focus_percent", "quote")


@dataclass
class TargetView:
    target: Target
    label: str  # the group's label
    latest: dict  # territory row of the latest cycle (suppressed on the public site)
    assessment: Assessment
    series: list[dict]  # per cycle: date, percent, population
    top_units: pd.DataFrame  # latest cycle, one row per top-level unit


@dataclass
class SiteView:
    audience: str
    site_name: str
    territory: str
    cycles: list[tuple[str, date]]
    plans: list[Plan]
    groups: dict[str, GroupDef]
    targets: list[TargetView]
    stats: dict
    indicator_table: pd.DataFrame  # the download
    k: int
    task_status: list[dict] = field(default_factory=list)  # rows of data/<cycle>/nhiem_vu.csv
    top_units: pd.DataFrame | None = None  # unit_code, unit_name, tier, slug of the top-level units
    breakdowns: pd.DataFrame | None = None  # target × dimension × value (suppressed on the public site)
    levels: pd.DataFrame | None = None  # target × best level (suppressed on the public site)
    changes: pd.DataFrame | None = None  # per top-level unit (public) or every unit (internal): up/joined/left
    change_totals: dict = field(default_factory=dict)  # territory totals of up / joined / left
    registered: int = 0  # people who registered a training need (internal)
    # internal only
    units: pd.DataFrame | None = None  # unit_code, unit_name, parent_code, tier, slug, depth
    unit_indicators: pd.DataFrame | None = None  # latest cycle, every unit
    unit_levels: pd.DataFrame | None = None  # people by best level per unit (subtree)
    unit_people: pd.DataFrame | None = None  # people counts by category per unit (own staff)
    unit_headcount: pd.Series | None = None  # everyone in each unit's subtree (exempt people too)
    problems: list[Problem] = field(default_factory=list)  # the latest cycle's
    # earlier cycles with problems, newest first: {"cycle": "yyyy-mm-dd", "errors": n, "warnings": n}
    earlier_problems: list[dict] = field(default_factory=list)
    file_reports: list[FileReport] = field(default_factory=list)
    file_agencies: dict[str, str] = field(default_factory=dict)  # roster file → the agency that sent it
    unit_breakdowns: pd.DataFrame | None = None  # breakdowns for every unit at every depth
    nominees: pd.DataFrame | None = None  # people below target, ranked, per unit and target
    chosen: pd.DataFrame | None = None  # one row per nominated person (earliest target that needs them)
    classes: pd.DataFrame | None = None
    budget: pd.DataFrame | None = None

    @property
    def latest_date(self) -> date:
        return self.cycles[-1][1]

    @property
    def is_public(self) -> bool:
        return self.audience == "public"


def unit_slugs(codes: pd.Series) -> pd.Series:
    """Safe, unique file names for unit pages: ASCII, lower case, no path separators."""
    seen: dict[str, int] = {}
    slugs = []
    for code in codes:
        base = re.sub(r"[^a-z0-9]+", "-", fold(code)).strip("-")[:60] or "don-vi"
        count = seen.get(base, 0)
        seen[base] = count + 1
        slugs.append(base if count == 0 else f"{base}-{count + 1}")
    return pd.Series(slugs, index=codes.index)


def _depths(units: pd.DataFrame) -> pd.Series:
    parent = dict(zip(units["unit_code"], units["parent_code"]))
    depth = {}
    for code in units["unit_code"]:
        d, current = 0, parent.get(code, "")
        while current:
            d += 1
            current = parent.get(current, "")
        depth[code] = d
    return units["unit_code"].map(depth)


def top_level_units(units: pd.DataFrame) -> pd.DataFrame:
    """The units a reader looks for first: children of the single root (departments, districts),
    or the roots themselves when the tree has several."""
    roots = units[units["parent_code"] == ""]
    if len(roots) == 1:
        return units[units["parent_code"] == roots["unit_code"].iloc[0]]
    return roots


def _small(value, k: int) -> bool:
    return value is not None and 0 < value < k


def _suppress_counts(table: pd.DataFrame, columns: list[str], k: int) -> pd.DataFrame:
    """Counts of 1..k-1 people become None ("< k"); a share computed from a hidden count goes too."""
    out = table.copy()
    for column in columns:
        out[column] = out[column].astype("object").map(lambda v: None if _small(v, k) else v)
    if "percent" in out and "population" in out:
        hide = out["population"].isna() | out.get("achieved", pd.Series(False, index=out.index)).isna()
        out["percent"] = out["percent"].astype("object").where(~hide, None)
    return out


def make_view(results: Results, plans: list[Plan], groups: dict[str, GroupDef], *, audience: str,
              site_name: str, k: int, problems: list[Problem] | None = None,
              file_reports: list[FileReport] | None = None, earlier_problems: list[dict] | None = None,
              task_status: list[dict] | None = None,
              class_size: int = 35, costs: dict | None = None, age_bands: tuple[int, ...] = (0, 30, 40, 50)) -> SiteView:
    public = audience == "public"
    latest = results.latest
    units = latest.units
    names = dict(zip(units["unit_code"], units["unit_name"]))
    roots = units[units["parent_code"] == ""]
    territory = roots["unit_name"].iloc[0] if len(roots) == 1 else "Toàn địa bàn"

    def shown(table: pd.DataFrame) -> pd.DataFrame:
        return suppress(table, k) if public else table.assign(suppressed=False)

    top = top_level_units(units)
    top_codes = list(top["unit_code"])
    targets = []
    for target in results.targets:
        series = []
        for c in results.cycles:
            row = shown(c.indicators[(c.indicators["target_key"] == target.key) & c.indicators["unit"].isna()])
            row = row.iloc[0].to_dict() if len(row) else {}
            series.append({"date": c.cycle.ref_date, "percent": row.get("percent"),
                           "population": row.get("population"), "suppressed": row.get("suppressed", False)})
        latest_rows = latest.indicators[latest.indicators["target_key"] == target.key]
        territory_row = shown(latest_rows[latest_rows["unit"].isna()]).iloc[0].to_dict()
        by_top = latest_rows[latest_rows["unit"].isin(top_codes)].copy()
        by_top["unit_name"] = by_top["unit"].map(names)
        # one hidden unit could be recovered from the territory total: a second is hidden with it
        by_top = suppress_parts(by_top, k, ["target_key"]) if public else shown(by_top)
        by_top = by_top.sort_values("unit_name", key=lambda s: s.map(fold), kind="stable")
        assessment = results.assessments[target.key]
        if public and territory_row.get("suppressed"):  # a status would tell what the hidden numbers are
            assessment = Assessment("not_published", None, None, None, None, None, None)
        targets.append(TargetView(target, groups[target.group].label, territory_row,
                                  assessment, series, by_top.reset_index(drop=True)))

    stats = {**latest.stats, "targets": len(results.targets), "cycle": latest.cycle.ref_date}
    download = _indicator_download(results, names, top_codes, public, shown, k)
    view = SiteView(audience, site_name, territory, [(c.cycle.name, c.cycle.ref_date) for c in results.cycles],
                    plans, groups, targets, stats, download, k, list(task_status or []))
    all_slugs = unit_slugs(units["unit_code"])
    view.top_units = top.assign(slug=all_slugs[top.index])[["unit_code", "unit_name", "tier", "slug"]]
    breakdowns = latest.breakdowns if latest.breakdowns is not None else pd.DataFrame()
    levels = latest.levels if latest.levels is not None else pd.DataFrame()
    level_columns = [f"level_{i}" for i in range(7)]
    view.breakdowns = suppress_parts(breakdowns, k, ["target_key", "dimension"]) if public else breakdowns
    view.levels = suppress_distribution(levels, level_columns, k) if public and not levels.empty else levels
    if results.changes is not None:
        reporting = dict(zip(units["unit_code"], units["unit_code"]))
        if public:  # the public site reports changes by top-level unit only
            reporting = top_unit_map(units)
        counts = change_counts(results.changes, reporting)
        counts["unit_name"] = counts["unit"].map(names)
        counts = counts.sort_values("unit_name", key=lambda s: s.map(fold), kind="stable").reset_index(drop=True)
        view.changes = _suppress_counts(counts, ["up", "down", "same", "joined", "left"], k) if public else counts
        totals = {c: int(counts[c].sum()) for c in ("up", "joined", "left")}
        view.change_totals = {c: (None if public and _small(v, k) else v) for c, v in totals.items()}
    if public:
        return view

    view.units = units.assign(slug=all_slugs, depth=_depths(units))
    ind = latest.indicators[latest.indicators["unit"].notna()].copy()
    ind["unit_name"] = ind["unit"].map(names)
    view.unit_indicators = ind
    view.unit_levels, view.unit_headcount = _subtree_levels(latest.people, units)
    view.unit_people = crosstab(latest.people["unit_code"], latest.people["category"]) if len(latest.people) else None
    view.problems = list(problems or [])
    view.earlier_problems = list(earlier_problems or [])
    view.file_reports = list(file_reports or [])
    view.file_agencies = _file_agencies(latest.people, units)
    view.registered = int((latest.people["training_need"].fillna("") != "").sum()) if len(latest.people) else 0
    view.unit_breakdowns = unit_breakdowns(latest.people, units, results.targets, groups, latest.cycle.iso,
                                           list(age_bands))
    view.nominees = nominees(latest.people, results.targets, groups)
    # one row per person to train: only what the classes and the budget read is carried along
    view.chosen = nearest_nominations(view.nominees[CHOSEN_COLUMNS], results.targets)
    view.classes = classes(view.chosen, class_size)
    view.budget = budget(view.chosen, dict(zip(units["unit_code"], units["field"])), costs or {}) if costs else None
    return view


def top_unit_map(units: pd.DataFrame) -> dict[str, str]:
    """Each unit code → the top-level unit it belongs to (itself if it is one), in one pass."""
    top = set(top_level_units(units)["unit_code"])
    parent = dict(zip(units["unit_code"], units["parent_code"]))
    result: dict[str, str] = {}
    for code in parent:
        chain, current = [], code
        while current and current not in top and current not in result and parent.get(current) and current not in chain:
            chain.append(current)
            current = parent[current]
        answer = result.get(current, current)
        for link in chain:
            result[link] = answer
        result.setdefault(code, answer)
    return result

def _file_agencies(people: pd.DataFrame, units: pd.DataFrame) -> dict[str, str]:
    """The agency behind each roster file: the top-level unit most of its people belong to (on a
    tie, the first code in sorted order, as Series.mode gives it)."""
    if people.empty or "source_file" not in people:
        return {}
    names = dict(zip(units["unit_code"], units["unit_name"]))
    files, agencies = people["source_file"], lookup(people["unit_code"], top_unit_map(units))
    known = (files.notna() & agencies.notna()).to_numpy()
    if not known.any():
        return {}
    file, file_names = pd.factorize(files[known], sort=True)
    agency, agency_codes = pd.factorize(agencies[known], sort=True)
    pairs, counts = np.unique(file.astype(np.int64) * len(agency_codes) + agency, return_counts=True)
    file, agency = pairs // len(agency_codes), pairs % len(agency_codes)
    # Series.mode: the most frequent; on a tie, the first in sorted order (codes follow that order).
    order = np.lexsort((agency, -counts, file))
    first = order[runs_begin(file[order])]
    return {name: names.get(code, code)
            for name, code in zip(file_names.take(file[first]), agency_codes.take(agency[first]))}


def _subtree_levels(people: pd.DataFrame, units: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """People by best level (columns 0…6) of every unit's subtree, for units whose subtree has
    someone counted (not exempt); index `ancestor`, sorted by unit code. And everyone on the rosters
    of each unit's subtree, exempt people too (the people of the own-staff counts, rolled up),
    indexed by unit code: one lookup of 2.6 million codes at national scale serves both."""
    tree = UnitTree.of(units)
    where_all = tree.positions(people["unit_code"]) if len(people) else np.array([], dtype=np.int64)
    headcount = pd.Series(tree.roll_up(np.bincount(where_all[where_all >= 0], minlength=len(tree.codes))).astype("int64"),
                          index=pd.Index(tree.codes, name="unit_code"))
    if not len(people):
        return pd.DataFrame(), headcount
    counted = ~people["exempt"].astype(bool).to_numpy()
    if not counted.any():
        return level_distribution(people, by="unit_code"), headcount  # the empty table, as it always was
    where = where_all[counted]
    level = people["level"].to_numpy(dtype="int64")[counted]
    known = where >= 0
    where, level = where[known], level[known]
    shown = (level >= 0) & (level < len(LEVELS))
    size = len(tree.codes) * len(LEVELS)
    own = np.bincount(where[shown] * len(LEVELS) + level[shown], minlength=size).reshape(len(tree.codes), len(LEVELS))
    # A unit is listed when someone counted is in its subtree, whatever their level.
    listed = tree.roll_up(np.bincount(where, minlength=len(tree.codes))) > 0
    rolled = tree.roll_up(own)
    order = np.argsort(tree.codes.to_numpy(), kind="stable")
    order = order[listed[order]]
    levels = pd.DataFrame(rolled[order].astype("int64"), columns=pd.Index(list(LEVELS), dtype=object),
                          index=pd.Index(tree.codes.take(order), name="ancestor"))
    return levels, headcount


def _indicator_download(results: Results, names: dict, top_codes: list[str], public: bool, shown,
                        k: int) -> pd.DataFrame:
    """Territory and top-level units for every cycle (public); every unit (internal)."""
    frames = []
    for c in results.cycles:
        table = c.indicators
        if public:  # the territory, and its top-level units as the pages show them
            territory = table["unit"].isna()
            table = pd.concat([suppress(table[territory], k),
                               suppress_parts(table[table["unit"].isin(top_codes)], k, ["target_key"])]).sort_index()
        else:
            table = shown(table.copy())
        frames.append(table)
    table = pd.concat(frames, ignore_index=True)
    table["unit_name"] = table["unit"].map(lambda code: names.get(code, "") if code else "Toàn địa bàn")
    table["tiers"] = table["tiers"].map(lambda tiers: ",".join(tiers))
    columns = [c for c in INDICATOR_COLUMNS if c in table] + (["suppressed"] if public else [])
    return table[columns]
