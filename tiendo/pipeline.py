"""The build, read as its own table of contents: load → validate → compute → render → publish.

Each stage is one call with plain data between them. Progress is reported through a callback
so that this module never prints."""
from __future__ import annotations

import os
import time
from functools import partial
from concurrent.futures.process import BrokenProcessPool
from datetime import date, datetime, timezone
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from tiendo.compute.changes import CHANGE_INPUT_COLUMNS, units_gone_silent
from tiendo.compute.remap import resolve, takeover_tiers, to_successors
from tiendo.compute.results import Results, compute_cycle, results_of
from tiendo.compute.views import make_view
from tiendo.config import column_label, column_labels, load_groups
from tiendo.leakguard import (SECRET_COLUMNS, DamagedEntry, Secrets, file_secrets, gather, prepare, scan_prepared,
                              write_secrets, write_secrets_of_files)
from tiendo.levels import EquivalenceTable
from tiendo.load.cycles import find_cycles, future_cycles, unread_in_data_dir
from tiendo.load.plans import PLAN_FORMAT_ADVICE, PLAN_SUFFIXES, REVIEWED_SUFFIX, PlanFileError, load_plan
from tiendo.cache import (PickleCache, code_version, digest_files, file_digest, frame_digest, load_digest_index,
                          save_digest_index)
from tiendo.load.cache import cache_key as parse_key, prune_cache
from tiendo.load.rosters import RosterLoad, rows_listed, load_rosters
from tiendo.load.tasks import load_task_status
from tiendo.load.folders import visible_entries
from tiendo.load.units import UnitChanges, load_unit_changes, read_unit_tree
from tiendo.model import Cycle, FileReport, Plan, Problem, Target
from tiendo.publish import build_site, check_public, import_mkdocs, swap_in, write_mkdocs_config
from tiendo.render.file_cache import FileCache
from tiendo.render.format import fmt_date, fmt_int
from tiendo.render.workers import Workers, job_count, peak_mb, warm_up
from tiendo.render.site import SiteRenderer
from tiendo.settings import AUDIENCES, Settings, command_options
from tiendo.validate import Validated, validate

Progress = Callable[[str], None]


class BuildError(Exception):
    """The build stopped; the message (Vietnamese) says why. Published sites are untouched."""


@dataclass
class CycleInput:
    cycle: Cycle
    units: pd.DataFrame
    unit_problems: list[Problem]
    rosters: RosterLoad
    validated: Validated
    task_status: pd.DataFrame
    task_problems: list[Problem]
    lean: bool = False  # kept without its rows (an earlier cycle from the cache): `rows_of` reads them again


def _lean(c: CycleInput) -> CycleInput:
    """The cycle as the cache keeps it: problems, file counts, units, but not its millions of rows,
    which are read only when its indicators or secrets must be made again (rarely)."""
    return replace(c, rosters=replace(c.rosters, rows=c.rosters.rows.iloc[0:0]),
                   validated=replace(c.validated, rows=c.validated.rows.iloc[0:0]), lean=True)


@dataclass
class Analysis:
    plans: list[Plan]
    targets: list[Target]
    inputs: list[CycleInput]  # oldest first
    results: Results
    cycle_keys: dict[str, tuple] = field(default_factory=dict)  # cycle name → what its cached results were made from
    computed_cycles: int = 0  # cycles whose indicators were computed this time (the others came from the cache)
    roster_cache: Path | None = None  # parsed roster files, to read a lean cycle's rows again
    unread_plan_files: list[str] = field(default_factory=list)  # in content/plans, not a plan tiendo reads
    unread_data: list[Problem] = field(default_factory=list)  # beside the cycle folders, not read

    @property
    def latest(self) -> CycleInput:
        return self.inputs[-1]

    def problems(self, cycle: CycleInput | None = None) -> list[Problem]:
        c = cycle or self.latest
        beside = self.unread_data if c is self.latest else []
        return [*beside, *c.unit_problems, *c.validated.problems, *c.task_problems]

    def file_reports(self, cycle: CycleInput | None = None) -> list[FileReport]:
        return (cycle or self.latest).validated.files


@dataclass
class BuildSummary:
    cycle: Cycle
    people: int
    rows: int
    exempt: int
    targets: int
    errors: int  # of the latest cycle: what the data-quality page and `validate` show by default
    warnings: int
    sites: dict[str, Path] = field(default_factory=dict)
    pages: dict[str, int] = field(default_factory=dict)
    charts: int = 0
    mkdocs_warnings: list[str] = field(default_factory=list)
    plan_notes: list[str] = field(default_factory=list)  # reviewed targets vs text, unread target sentences
    timings: dict[str, float] = field(default_factory=dict)  # stage → seconds (the benchmark prints them)
    unchanged: bool = False  # nothing read had changed: the published sites were kept as they were
    rebuilt_pages: dict[str, int] = field(default_factory=dict)  # pages MkDocs rendered this time
    kept_files: int = 0  # internal unit pages and nominee files of unchanged agencies, not made again
    peak_mb: dict[str, float] = field(default_factory=dict)  # process peak memory at the end of each stage
    files_made: int = 0  # charts drawn and spreadsheets written this time (the others came from the cache)
    computed_cycles: int = 0  # cycles whose indicators were computed (not taken from the cache)
    file_work_seconds: float = 0.0  # CPU time of making those files, in the worker processes
    file_workers: int = 0  # how many processes besides this one made them
    guard_fallback: bool = False  # the leak guard's own process failed (damaged cache entry): it ran here
    # earlier cycles that have problems, newest first: {"cycle": "yyyy-mm-dd", "errors": n, "warnings": n}
    earlier_problems: list[dict] = field(default_factory=list)


# -- load ------------------------------------------------------------------------------------------
def _plans_folder(content_dir: Path) -> list[Path]:
    """The files of content/plans, less hidden files and the lock file Word keeps beside an open
    document ("~$ke-hoach.docx")."""
    plans_dir = content_dir / "plans"
    if not plans_dir.is_dir():
        return []
    return [p for p in visible_entries(plans_dir) if p.is_file()]


def plan_files(content_dir: Path) -> list[Path]:
    return [p for p in _plans_folder(content_dir) if p.suffix.lower() in PLAN_SUFFIXES]


def unread_plan_files(content_dir: Path) -> list[str]:
    """Names of files in content/plans that are neither a plan tiendo reads nor a reviewed targets
    file: a .pdf or .doc of the plan would otherwise be passed over without a word."""
    return [p.name for p in _plans_folder(content_dir)
            if p.suffix.lower() not in PLAN_SUFFIXES and not p.name.lower().endswith(REVIEWED_SUFFIX)]


UNREAD_PLAN_NOTE = f"tiendo không đọc tệp này: {PLAN_FORMAT_ADVICE}; tệp khác: chuyển ra khỏi thư mục plans"


def load_plans(content_dir: Path) -> list[Plan]:
    files = plan_files(content_dir)
    if not files:
        unread = unread_plan_files(content_dir)
        also = f" Thư mục có {', '.join(f'«{n}»' for n in unread)}: {UNREAD_PLAN_NOTE}." if unread else ""
        raise BuildError(f"Không có văn bản kế hoạch nào trong «{content_dir / 'plans'}» "
                         f"(tệp {', '.join(PLAN_SUFFIXES)})." + also)
    try:
        return [load_plan(path) for path in files]
    except PlanFileError as exc:
        raise BuildError(str(exc)) from exc


def plan_targets(plans: list[Plan]) -> list[Target]:
    """The targets of all plans; one group-year may be set by one plan only."""
    seen: dict[str, str] = {}
    targets = []
    for plan in plans:
        for target in plan.targets:
            if target.key in seen:
                raise BuildError(f"Chỉ tiêu «{target.group}» năm {target.year} có ở cả hai kế hoạch "
                                 f"«{seen[target.key]}» và «{plan.source}»: giữ một.")
            seen[target.key] = plan.source
            targets.append(target)
    return targets


# old unit code → (new unit code, the unit-changes file that says so, the cycle of that file)
Moves = dict[str, tuple[str, str, str]]


def load_cycle(cycle: Cycle, equivalences: EquivalenceTable, roster_cache: Path | None = None,
               moves: Moves | None = None) -> CycleInput:
    """`moves`: the unit changes in force in this cycle (changes_in_force)."""
    path = Path(cycle.path)
    try:
        tree = read_unit_tree(path)
    except Exception as exc:  # a units file that cannot be used stops this cycle, with its reason
        raise BuildError(str(exc)) from exc
    rosters = load_rosters(path, roster_cache)
    if moves:  # before validation: a code of a unit that no longer exists is not "not listed"
        rosters = _to_successors(rosters, moves, set(tree.table["unit_code"]), cycle.name)
    validated = validate(rosters, tree.table, equivalences, cycle.ref_date, dropped_units=tree.dropped)
    task_status, task_problems = load_task_status(path)
    return CycleInput(cycle, tree.table, tree.problems, rosters, validated, task_status, task_problems)


def changes_in_force(cycles: list[Cycle], changes: list[UnitChanges]) -> dict[str, Moves]:
    """Cycle name → the unit changes of its own folder and of earlier ones (chains followed): a
    change holds from the cycle whose folder says it on, not before (older rows are re-mapped for
    trends only, at compute)."""
    mapping: dict[str, str] = {}
    said: dict[str, tuple[str, str]] = {}
    in_force: dict[str, Moves] = {}
    for cycle, change in zip(cycles, changes):
        mapping.update(change.mapping)
        said.update(dict.fromkeys(change.mapping, (change.file, cycle.name)))
        in_force[cycle.name] = {old: (new, *said[old]) for old, new in resolve(mapping).items()} if mapping else {}
    return in_force


def _to_successors(rosters: RosterLoad, moves: Moves, listed: set[str], cycle_name: str) -> RosterLoad:
    """Rows with an old unit code are counted under the new unit, when this cycle lists it (even if
    don_vi.csv still lists the old unit too), with one warning a file saying how to fix the roster."""
    rows, moved = to_successors(rosters.rows, {old: new for old, (new, *_) in moves.items() if new in listed})
    if not moved.any():
        return rosters
    problems = []
    for file, part in rosters.rows.loc[moved, ["source_file", "source_row", "unit_code"]].groupby(
            "source_file", sort=False):
        by_code = part.groupby("unit_code", sort=False)["source_row"]
        pairs = [f"«{old}» nay là «{moves[old][0]}» (dòng {rows_listed(numbers.tolist(), 6)})"
                 for old, numbers in by_code]
        more = f" và {len(pairs) - 6} mã khác" if len(pairs) > 6 else ""
        sources = dict.fromkeys(moves[old][1:] for old in part["unit_code"].unique())
        said = ", ".join(f"«{name}»" + ("" if of == cycle_name else f" của kỳ «{of}»") for name, of in sources)
        problems.append(Problem(
            file, int(part["source_row"].iat[0]), "unit_code", part["unit_code"].iat[0],
            "mã đơn vị mới (don_vi_chuyen_doi.csv)", "warning",
            f"{len(part)} dòng của tệp ghi mã đơn vị cũ, đã chuyển thành đơn vị mới theo {said}: "
            f"{'; '.join(pairs[:6])}{more}. Các dòng này được tính vào đơn vị mới. Sửa danh sách: ghi mã đơn vị mới "
            "thay cho mã cũ."))
    return replace(rosters, rows=rows, problems=[*rosters.problems, *problems])


# -- the stages, one call each ---------------------------------------------------------------------
def analyse(settings: Settings, progress: Progress = lambda _: None, *, cache_dir: Path | None = None) -> Analysis:
    """load → validate → compute: everything but the sites. With `cache_dir`, parsed roster files
    and whole cycles whose inputs are unchanged are taken from there (the build passes it)."""
    progress("Đọc kế hoạch")
    plans = load_plans(settings.content_dir)
    targets = plan_targets(plans)
    if not targets:
        unread = [q for plan in plans for q in plan.unparsed]
        hint = f" Câu chưa đọc được: «{unread[0]}»." if unread else ""
        raise BuildError(
            f"Không đọc được chỉ tiêu nào từ kế hoạch ({', '.join(p.source for p in plans)}).{hint} Kiểm tra văn bản, "
            "hoặc chạy «python build.py targets <tệp kế hoạch> --write» rồi ghi chỉ tiêu vào tệp .targets.yml.")
    progress("Đọc danh sách")
    try:
        cycles = find_cycles(settings.data_dir)
    except Exception as exc:
        raise BuildError(str(exc)) from exc
    equivalences = EquivalenceTable.from_csv(settings.config_dir / "equivalences.csv")
    cycle_cache = PickleCache(cache_dir / "cycles" if cache_dir else None)
    # The latest cycle is the one agencies keep sending files for: any change makes its entry stale,
    # and at national scale an entry is 2 GB to write. Only earlier cycles are kept whole.
    no_cache = PickleCache(None)
    roster_cache = cache_dir / "rosters" if cache_dir else None
    setup = (code_version(), digest_files(settings.config_dir)) if cache_dir else None
    changes = [load_unit_changes(Path(c.path)) for c in cycles]
    moves = changes_in_force(cycles, changes)
    # what a cycle's rows become depends on the unit changes of earlier folders too
    keys = {c.name: (setup, c.name, c.ref_date.isoformat(), digest_files(Path(c.path)),
                     sorted(moves[c.name].items())) if cache_dir else None for c in cycles}
    loaded: dict[str, CycleInput] = {}  # cycles read in full by this build

    def load(c: Cycle) -> CycleInput:
        loaded[c.name] = load_cycle(c, equivalences, roster_cache, moves[c.name])
        return _lean(loaded[c.name]) if cache_dir else loaded[c.name]

    def rows_of(c: CycleInput) -> CycleInput:
        if c.lean and c.cycle.name not in loaded:
            # only the rows: the problems already found for this cycle (unit changes among them) stay
            full = load_cycle(c.cycle, equivalences, roster_cache, moves[c.cycle.name])
            loaded[c.cycle.name] = replace(c, rosters=full.rosters, validated=full.validated, lean=False)
        return loaded.get(c.cycle.name, c)

    inputs = [(cycle_cache if c is not cycles[-1] else no_cache).get(("input", keys[c.name]), lambda c=c: load(c))
              for c in cycles]
    release_memory()  # the per-file columns the rosters were joined from
    progress("Tính chỉ tiêu")
    groups = load_groups(settings.config_dir)
    remap, taken = unit_changes(inputs, changes)
    today = inputs[-1].units
    options = (repr(targets), repr(groups), settings.exclude_exempt, tuple(settings.age_bands),
               sorted(remap.items()), sorted((k, sorted(v)) for k, v in taken.items()),
               # earlier cycles are rolled up through today's unit tree: its units, not its rosters
               frame_digest(today) if remap else None)
    made = []

    def compute(c: CycleInput):
        made.append(c.cycle.name)
        result = compute_cycle(c.cycle, rows_of(c).validated.rows, c.units, targets, groups,
                               exclude_exempt=settings.exclude_exempt, age_bands=settings.age_bands,
                               remap=remap if c is not inputs[-1] else None, taken=taken, today_units=today)
        if c is not inputs[-1]:  # of an earlier cycle's people, only what "changes since" compares is read
            result.people = result.people[CHANGE_INPUT_COLUMNS]
        return result

    computed = [(cycle_cache if c is not inputs[-1] else no_cache).get(
                    ("compute", keys[c.cycle.name], options), lambda c=c: compute(c)) for c in inputs]
    # Secrets of a file not in their cache are taken from the rows: the earlier cycles' rows, when
    # read, are kept for that; otherwise a file read again from the parse cache serves.
    inputs = [loaded.get(c.cycle.name, c) for c in inputs]
    loaded.clear()
    if cache_dir:
        cycle_cache.prune()
        prune_cache(roster_cache, {key for c in inputs for key in c.rosters.cache_keys})
    results = results_of(targets, computed, settings.thresholds)
    return Analysis(plans, targets, inputs, results, keys if cache_dir else {}, len(made), roster_cache,
                    unread_plan_files(settings.content_dir),
                    unread_in_data_dir(settings.data_dir) + future_cycles(cycles, date.today())
                    + _silent_units(results, inputs))


def _silent_units(results, inputs: list[CycleInput]) -> list[Problem]:
    """One warning when units that had people last cycle have no one in this one: a list not sent is
    otherwise read as everyone having left (the changes page would say «không còn trong danh sách»)."""
    if len(results.cycles) < 2:
        return []
    gone = units_gone_silent(results.cycles[-2].people, results.cycles[-1].people, inputs[-1].units)
    if gone.empty:
        return []
    shown = "; ".join(f"«{name}» ({fmt_int(people)} người)" for name, people in
                      zip(gone["unit_name"].head(8), gone["people"].head(8)))
    more = f" và {fmt_int(len(gone) - 8)} đơn vị khác" if len(gone) > 8 else ""
    previous = results.cycles[-2].cycle
    return [Problem(inputs[-1].cycle.name, None, "unit_code", None, "danh sách của mọi đơn vị đã có người ở kỳ trước",
                    "warning", f"{fmt_int(len(gone))} đơn vị có người ở kỳ {previous.ref_date:%d/%m/%Y} nhưng kỳ này không có "
                    f"ai: {shown}{more}. Đơn vị chưa gửi danh sách, hay gửi thiếu? Nếu chưa gửi, số liệu kỳ này thiếu người "
                    "của các đơn vị đó và trang thay đổi tính họ là không còn trong danh sách.")]


def unit_changes(inputs: list[CycleInput], read: list[UnitChanges]) -> tuple[dict[str, str], dict[str, set[str]]]:
    """All don_vi_chuyen_doi.csv mappings (`read`: each cycle's, as load_unit_changes read them; chains
    followed) and the tiers each new unit took over."""
    mapping: dict[str, str] = {}
    rows: dict[str, tuple[str, int, str]] = {}  # old code → the file, row and cycle that say so
    for c, changes in zip(inputs, read):
        mapping.update(changes.mapping)
        rows.update({old: (changes.file, row, c.cycle.name) for old, row in changes.rows.items()})
        c.unit_problems.extend(changes.problems)
    if not mapping:
        return {}, {}
    old_tiers: dict[str, str] = {}
    for c in inputs:
        old_tiers.update(dict(zip(c.units["unit_code"], c.units["tier"])))
    resolved = resolve(mapping)
    today = set(inputs[-1].units["unit_code"])
    for old, new in resolved.items():
        if new not in today:
            file, row, cycle = rows[old]
            said = "" if cycle == inputs[-1].cycle.name else f" (tệp của kỳ «{cycle}»)"
            inputs[-1].unit_problems.append(Problem(
                file, row, "new_code", new, "một mã trong don_vi.csv của kỳ mới nhất", "warning",
                f"Đơn vị «{old}» được chuyển thành «{new}»{said} nhưng «{new}» không có trong danh mục đơn vị kỳ "
                "mới nhất: số liệu cũ của đơn vị này chỉ được tính vào toàn địa bàn."))
    return resolved, takeover_tiers(resolved, old_tiers)


def _release_rows(analysis: Analysis) -> None:
    """Rendering reads the indicator tables, the problems and file counts, and the latest cycle's
    people: the raw and validated rows of every cycle and older cycles' people can go."""
    for c in analysis.inputs:
        c.rosters.rows = c.rosters.rows.iloc[0:0]
        c.validated.rows = c.validated.rows.iloc[0:0]
    for result in analysis.results.cycles[:-1]:
        result.people = result.people.iloc[0:0]
    release_memory(collect=True)


def release_memory(collect: bool = False) -> None:
    """Hand freed memory back to the system: Arrow's pool otherwise keeps what freed columns took
    (hundreds of MB at national scale) for Arrow alone. With `collect`, Python's cycles are
    collected first (a full collection costs a few tenths of a second on a national heap)."""
    import gc

    import pyarrow

    if collect:
        gc.collect()
    pyarrow.default_memory_pool().release_unused()


class _CycleFiles:
    """A cycle's roster files for the leak guard: each file's cache key (its parse-cache key, the
    code) and its rows, read again from the parse cache only if they were let go (the latest
    cycle's, after _release_rows) or never loaded (an earlier cycle from the cache)."""

    def __init__(self, cycle: CycleInput, roster_cache: Path | None):
        self.cycle, self.roster_cache = cycle, roster_cache
        self._rows = self._columns(cycle.rosters.rows) if len(cycle.rosters.rows) else None
        self._positions: dict | None = None

    def keys(self) -> list[tuple[str, tuple | None]]:
        folder = Path(self.cycle.cycle.path)
        # the parse cache's key of the file: its name and bytes, and what decides how it is read
        # (config/columns.yml, the loader): secrets made from rows read another way are others
        return [(name, ("secrets", parse_key(name, file_digest(folder / name)), code_version())
                 if (folder / name).is_file() else None) for name in sorted(self.cycle.rosters.rows_read)]

    def parsed(self, names: list[str]) -> list[str] | None:
        """These files as the parse cache keeps them (Parquet), if it has them all."""
        rosters = self.cycle.rosters
        if self.roster_cache is None or len(rosters.cache_keys) != len(rosters.rows_read):
            return None
        key_of = dict(zip(rosters.rows_read, rosters.cache_keys))  # both in the order the files were read
        paths = [self.roster_cache / f"{key_of[name]}.parquet" for name in names if name in key_of]
        return [str(p) for p in paths] if len(paths) == len(names) and all(p.is_file() for p in paths) else None

    def make(self, path: Path, names: list[str]) -> None:
        """The entry `path` of these files' secrets, from the rows in memory, else from the parse
        cache (three columns of these files only), else from the files read again (a damaged
        parse-cache file is parsed again there)."""
        parsed = self.parsed(names) if self._rows is None else None
        if parsed is not None:
            try:
                write_secrets_of_files(str(path), parsed)
                return
            except Exception:  # noqa: BLE001 (unreadable: read the files the way the build reads them)
                pass
        write_secrets(str(path), (self.rows_of([name]) for name in names))

    def rows_of(self, names: list[str]) -> pd.DataFrame:
        """The rows of these files (the columns secrets are made from), in one take; the cycle's
        rows are read again, whole, if they were let go."""
        if self._rows is None:
            self._rows = self._columns(load_rosters(Path(self.cycle.cycle.path), self.roster_cache).rows)
        if self._positions is None:  # row positions per file: the rows are copied only when needed
            self._positions = self._rows.groupby("source_file", sort=False).indices if len(self._rows) else {}
        positions = [self._positions[name] for name in names if name in self._positions]
        return self._rows.take(np.concatenate(positions)) if positions else self._rows.iloc[0:0]

    def parts(self, count: int) -> list[list[str]]:
        """The files in `count` groups of about as many rows, the same groups for the same files."""
        groups: list[list[str]] = [[] for _ in range(count)]
        rows = [0] * count
        for name, read in sorted(self.cycle.rosters.rows_read.items(), key=lambda item: (-item[1], item[0])):
            smallest = rows.index(min(rows))
            groups[smallest].append(name)
            rows[smallest] += read
        return [sorted(group) for group in groups]

    @staticmethod
    def _columns(rows: pd.DataFrame) -> pd.DataFrame:
        # only what file_secrets reads: each file's rows are taken from these (all ~20 columns of
        # a national cycle cost seconds to take, file by file)
        return rows[["source_file", *SECRET_COLUMNS]]


# An earlier cycle's secrets are kept in this many entries, so that two processes make them at once.
EARLIER_CYCLE_PARTS = 2


@dataclass
class _Entry:
    path: Path
    rows: int  # roster rows it is made from: to share the work evenly
    make: Callable[[], None]  # makes it in this process
    parsed: list[str] | None  # its files as the parse cache keeps them: another process reads them there


def secret_sources(analysis: Analysis, cache_dir: Path | None,
                   helper: Workers | None = None) -> tuple[list[Path], Secrets]:
    """Where every staff ID, name and birth date of every roster row read (counted or not) is kept:
    cache entries, made now where missing (shared with `helper`'s process, the leak guard's, which
    has nothing else to do yet) but not read here (the guard's process reads them), and, without a
    cache folder, the secrets themselves."""
    # Per roster file, keyed by its name and bytes: one agency's new file is the only one folded again.
    cache = PickleCache(cache_dir if analysis.cycle_keys else None)
    entries: list[Path] = []
    missing: list[_Entry] = []
    loose = Secrets()

    def take(parts: tuple, names: list[str], files: _CycleFiles) -> None:
        path = cache.entry(repr(parts), ".pickle") if parts else None
        if path is None:
            loose.merge(file_secrets(files.rows_of(names)))
            return
        entries.append(path)
        if not path.exists():
            read = files.cycle.rosters.rows_read
            missing.append(_Entry(path, sum(read.get(name, 0) for name in names), partial(files.make, path, names),
                                  files.parsed(names)))

    for c in analysis.inputs:
        files = _CycleFiles(c, analysis.roster_cache)
        # An earlier cycle's files do not change: its secrets are kept merged, in a few entries to read.
        key = analysis.cycle_keys.get(c.cycle.name) if c is not analysis.latest else None
        if key:
            for part, names in enumerate(files.parts(EARLIER_CYCLE_PARTS)):
                take(("cycle secrets", key, code_version(), part, EARLIER_CYCLE_PARTS), names, files)
        else:
            for name, file_key in files.keys():
                take(file_key, [name], files)
        # cycle by cycle: a cycle's rows read again for this are let go before the next one's
        _make(missing, helper)
        missing.clear()
    cache.prune()
    return entries, loose


def _make(missing: list[_Entry], helper: Workers | None) -> None:
    """Make the missing entries, about half of the rows in `helper`'s process (those it can read
    from the parse cache itself: nothing is copied or sent) and the rest here at the same time;
    what the helper could not make (its process died) is made here after it."""
    mine: list[_Entry] = []
    theirs: list[_Entry] = []
    load = {"mine": 0, "theirs": 0}
    for entry in sorted(missing, key=lambda e: -e.rows):
        side = "theirs" if helper is not None and helper.jobs > 0 and entry.parsed is not None \
            and load["theirs"] < load["mine"] else "mine"
        (mine if side == "mine" else theirs).append(entry)
        load[side] += entry.rows
    sent = [(entry, helper.submit(write_secrets_of_files, str(entry.path), entry.parsed)) for entry in theirs]
    for entry in mine:
        entry.make()
    for entry, done in sent:
        try:
            done.result()
        except Exception:  # noqa: BLE001 (the helper's process died: its share is made here)
            entry.make()


def allowances(analysis: Analysis, config_dir: Path) -> tuple[list[str], list[str]]:
    """The plans' texts (names printed in a plan, its signer's say, are a public document) and the
    lines of config/leak_allow.txt."""
    plan_texts = [" ".join(block.text for block in plan.blocks) for plan in analysis.plans]
    allow = config_dir / "leak_allow.txt"
    lines = [line.strip() for line in allow.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")] if allow.exists() else []
    return plan_texts, lines


def secrets_of(analysis: Analysis, config_dir: Path, cache_dir: Path | None = None) -> Secrets:
    """Every secret the leak guard looks for, gathered in this process. A damaged cache entry is
    removed and made again from its file's rows (read again where they were let go)."""
    damaged: set[str] = set()
    while True:
        entries, loose = secret_sources(analysis, cache_dir)
        try:
            return gather([str(p) for p in entries], loose, *allowances(analysis, config_dir))
        except DamagedEntry as exc:
            if exc.path in damaged:  # made again just now and still unreadable: not a cache matter
                raise
            damaged.add(exc.path)
            Path(exc.path).unlink(missing_ok=True)


class _Clock:
    """Wall time per stage, added up under each name."""

    def __init__(self):
        self.times: dict[str, float] = {}
        self.peak_mb: dict[str, float] = {}  # the process's peak memory when each stage ended
        self._name, self._start = None, 0.0

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        if self._name:
            self.times[self._name] = self.times.get(self._name, 0.0) + now - self._start
            self.peak_mb[self._name] = peak_mb()
        self._name, self._start = name, now


def fingerprint(settings: Settings) -> str:
    """A hash of everything a build reads: data, content, config, templates, mkdocs.yml and tiendo's
    own code. Equal fingerprints mean the published sites are already what a build would make."""
    import hashlib

    digest = hashlib.sha256()
    for root in (settings.data_dir, settings.content_dir, settings.config_dir, settings.templates_dir,
                 Path(__file__).resolve().parent):
        digest.update(digest_files(Path(root)).encode("ascii"))
    digest.update(settings.base_mkdocs.read_bytes())
    digest.update(repr((settings.strict, str(settings.out_dir.resolve()))).encode("utf-8"))
    return digest.hexdigest()


def _unchanged(settings: Settings, stamp: str) -> BuildSummary | None:
    """The summary of the last build when nothing it read has changed since, and its sites are there."""
    import json

    record = settings.work_dir / "last-build.json"
    if not record.exists() or not all((settings.out_dir / a / "index.html").exists() for a in AUDIENCES):
        return None
    try:
        saved = json.loads(record.read_text(encoding="utf-8"))
    except ValueError:
        return None
    if saved.get("fingerprint") != stamp:
        return None
    summary = saved["summary"]
    cycle = Cycle(summary["cycle"]["name"], date.fromisoformat(summary["cycle"]["ref_date"]), summary["cycle"]["path"])
    return BuildSummary(cycle, summary["people"], summary["rows"], summary["exempt"], summary["targets"],
                        summary["errors"], summary["warnings"], {a: Path(p) for a, p in summary["sites"].items()},
                        summary["pages"], summary["charts"], [], summary["plan_notes"], {"không có gì thay đổi": 0.0},
                        unchanged=True, earlier_problems=summary.get("earlier_problems", []))


def _remember(settings: Settings, stamp: str, summary: BuildSummary) -> None:
    import json

    data = {"fingerprint": stamp, "summary": {
        "cycle": {"name": summary.cycle.name, "ref_date": summary.cycle.ref_date.isoformat(), "path": summary.cycle.path},
        "people": summary.people, "rows": summary.rows, "exempt": summary.exempt, "targets": summary.targets,
        "errors": summary.errors, "warnings": summary.warnings, "sites": {a: str(p) for a, p in summary.sites.items()},
        "pages": summary.pages, "charts": summary.charts, "plan_notes": summary.plan_notes,
        "earlier_problems": summary.earlier_problems}}
    (settings.work_dir / "last-build.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def build(settings: Settings, progress: Progress = lambda _: None, *, force: bool = False) -> BuildSummary:
    digests = settings.work_dir / "cache" / "digests.json"
    load_digest_index(digests)
    stamp = fingerprint(settings)
    if not force and (previous := _unchanged(settings, stamp)) is not None:
        progress("Không có gì thay đổi")
        return previous
    warm_up(job_count(settings.jobs))  # the worker processes' server starts while the data is read
    clock = _Clock()

    def step(stage: str, timer: str | None = None) -> None:
        progress(stage)
        clock(timer or stage)

    clock("load + validate + compute")
    import_mkdocs()
    analysis = analyse(settings, progress, cache_dir=settings.work_dir / "cache")
    counts = {c.cycle.iso: _problem_counts(analysis.problems(c)) for c in analysis.inputs}
    errors = sum(e for e, _ in counts.values())
    if settings.strict and errors:  # an error in any cycle: every cycle's figures are published
        raise _strict_refusal(settings, analysis, errors)

    # What the leak guard looks for is taken now; then the row-level frames nobody reads any more
    # are let go before the sites are rendered (at national scale, gigabytes). The guard gathers
    # its secrets in a process of its own while the sites are written (millions of keys at
    # national scale), and builds and scans the public site there.
    clock("leak guard secrets")
    summary = _summary_of(analysis, counts)
    guard = Workers(min(1, job_count(settings.jobs)))
    try:
        _render_check_publish(settings, analysis, summary, clock, step, guard)
    finally:
        guard.close()  # on every way out, a failed build's too: no process is left behind
    _remember(settings, stamp, summary)
    save_digest_index(digests)
    return summary


def _strict_refusal(settings: Settings, analysis: Analysis, count: int) -> BuildError:
    """--strict: the build stops on data errors. The message shows the latest cycle's first error if
    it has one (what validate shows by default), else an earlier cycle's, and the command listing them."""
    cycle, first = next((c, p) for c in reversed(analysis.inputs) for p in analysis.problems(c)
                        if p.severity == "error")
    column = column_label(first.column, column_labels(settings.config_dir))
    command = "python build.py validate" + command_options(settings, "data_dir", "content_dir")
    if cycle is not analysis.latest:
        command += f" --cycle {cycle.cycle.iso}"
    return BuildError(f"Có {count} lỗi dữ liệu (chế độ --strict không dựng trang). Lỗi đầu tiên: "
                      f"kỳ {fmt_date(cycle.cycle.ref_date)}, tệp «{first.file}», dòng {first.row}, cột {column}: "
                      f"{first.message} Xem toàn bộ: {command}")


def _problem_counts(problems: list[Problem]) -> tuple[int, int]:
    errors = sum(1 for p in problems if p.severity == "error")
    return errors, len(problems) - errors


def _summary_of(analysis: Analysis, counts: dict[str, tuple[int, int]]) -> BuildSummary:
    """What a build reports of its data and plans; the render stages add what they made. Problems
    are counted per cycle (`counts`: cycle → errors, warnings), as the data-quality page and
    `validate` list them: the latest cycle's, and apart, each earlier cycle that has any."""
    latest = analysis.results.latest
    errors, warnings = counts.get(latest.cycle.iso, (0, 0))
    summary = BuildSummary(latest.cycle, latest.stats["people"], latest.stats["rows"], latest.stats["exempt"],
                           len(analysis.targets), errors, warnings, computed_cycles=analysis.computed_cycles)
    summary.earlier_problems = [{"cycle": cycle, "errors": e, "warnings": w}
                                for cycle, (e, w) in sorted(counts.items(), reverse=True)
                                if (e or w) and cycle != latest.cycle.iso]
    summary.plan_notes += [f"{name}: {UNREAD_PLAN_NOTE}." for name in analysis.unread_plan_files]
    for plan in analysis.plans:
        summary.plan_notes += [f"{plan.source}: {note}" for note in plan.notes]
        summary.plan_notes += [f"{plan.source}: chưa đọc được câu có dạng chỉ tiêu «{quote}»" for quote in plan.unparsed]
    return summary


def _render_check_publish(settings: Settings, analysis: Analysis, summary: BuildSummary, clock: "_Clock",
                          step: Callable[..., None], guard: Workers) -> None:
    """render → MkDocs → leak guard → publish, the part of `build` after the analysis; what it did
    goes into `summary`."""
    work = settings.work_dir
    secrets_dir = work / "cache" / "secrets"
    entries, loose = secret_sources(analysis, secrets_dir, helper=guard)
    gathered = guard.submit(prepare, [str(p) for p in entries], loose, *allowances(analysis, settings.config_dir))
    del loose
    _release_rows(analysis)
    groups = load_groups(settings.config_dir)
    new_sites: dict[str, Path] = {}
    file_seconds: dict[str, float] = {}
    workers = Workers(settings.jobs)
    file_cache = FileCache(work / "cache" / "files", workers)  # charts and spreadsheets
    epoch = int(datetime.combine(summary.cycle.ref_date, datetime.min.time(), tzinfo=timezone.utc).timestamp())
    try:
        # Both sites' pages first: the charts and workbooks they need are made meanwhile in other
        # processes, and each site waits for its own only when MkDocs is about to read them.
        renderers = {}
        for audience in AUDIENCES:
            # What the pages show (who to nominate, breakdowns by unit) is computed first, timed apart
            # from the writing of the pages.
            step(f"Dựng trang {'công khai' if audience == 'public' else 'nội bộ'}", f"view {audience}")
            view = make_view(analysis.results, analysis.plans, groups, audience=audience,
                             site_name=settings.site_name, k=settings.suppression_k,
                             problems=analysis.problems() if audience == "internal" else None,
                             file_reports=analysis.file_reports() if audience == "internal" else None,
                             earlier_problems=summary.earlier_problems if audience == "internal" else None,
                             task_status=analysis.latest.task_status.to_dict("records"),
                             class_size=settings.class_size, costs=settings.costs, age_bands=settings.age_bands)
            release_memory()  # what making the view took and let go (the internal one: GBs at national scale)
            clock(f"render {audience}")
            renderers[audience] = SiteRenderer(view, settings, work / audience / "docs", file_cache)
            renderers[audience].render()
        del view
        # Both views are made: the analysis (the latest cycle's people above all) is read no more.
        analysis.results.latest.people = analysis.results.latest.people.iloc[0:0]
        file_cache.forget()  # what is still being made is held by the pages waiting for it, no longer here
        for audience in AUDIENCES:
            clock(f"render {audience}")
            rendered = renderers.pop(audience).finish()  # the view goes with its renderer
            release_memory()  # before MkDocs, which holds every page it renders until it is done
            audience_dir = work / audience
            site_dir = audience_dir / "site"
            config = write_mkdocs_config(settings.base_mkdocs, audience_dir, rendered.docs_dir, site_dir,
                                         rendered.nav, audience, settings.site_name, rendered.extra_javascript,
                                         rendered.extra)
            clock(f"mkdocs {audience}")
            build_this_site = partial(build_site, config, site_dir, rendered.docs_dir, manifest=rendered.manifest,
                                      extra_entries=rendered.search_entries, source_date_epoch=epoch)
            if audience == "public":
                # MkDocs builds the public site in the guard's process, which then scans it, while
                # this one finishes the internal site (tasks of that one process run in order).
                build_public = build_this_site
                public_built = guard.submit(build_public)
                public_scanned = guard.submit(scan_prepared, str(site_dir))
            else:
                mkdocs_warnings, rebuilt = build_this_site()
                summary.mkdocs_warnings += mkdocs_warnings
                summary.rebuilt_pages[audience] = rebuilt
            summary.pages[audience] = rendered.pages
            summary.kept_files += rendered.kept
            summary.charts += rendered.charts
            file_seconds[audience] = rendered.file_seconds
            new_sites[audience] = site_dir
    finally:
        workers.close()
    file_cache.prune()
    summary.files_made = file_cache.made
    summary.file_work_seconds = file_cache.seconds
    workers_mb = {process: mb for process, mb in file_cache.processes.items() if process != os.getpid()}
    summary.file_workers = len(workers_mb)

    step("Kiểm tra rò rỉ thông tin cá nhân", "leak guard")
    try:
        try:
            (mkdocs_warnings, rebuilt), seconds, _, _ = public_built.result()
            clock.times["mkdocs public"] = seconds  # its own time, spent beside this process's work
        except BrokenProcessPool:  # the guard's process died (out of memory?): build the site here
            mkdocs_warnings, rebuilt = build_public()
        summary.mkdocs_warnings = mkdocs_warnings + summary.mkdocs_warnings
        summary.rebuilt_pages = {"public": rebuilt, **summary.rebuilt_pages}
        try:
            gathered.result()
            leaks, _, process, guard_mb = public_scanned.result()
            if process != os.getpid():  # the guard's own process
                workers_mb[process] = guard_mb
        except Exception:  # noqa: BLE001 (a damaged cache entry, a guard process that died: look here instead)
            summary.guard_fallback = True
            leaks = check_public(new_sites["public"], secrets_of(analysis, settings.config_dir, secrets_dir))
    finally:
        guard.close()
    if leaks:
        shown = "; ".join(f"{leak.kind} «{leak.text}» trong {leak.file}" for leak in leaks[:5])
        raise BuildError(f"Trang công khai chứa thông tin cá nhân ({len(leaks)} chỗ): {shown}. "
                         "Không xuất bản; trang cũ giữ nguyên. Nếu đó là tên một đơn vị trùng tên người "
                         "(ví dụ trường mang tên danh nhân), thêm dòng đó vào config/leak_allow.txt.")
    step("Xuất bản", "publish")
    try:
        swap_in(new_sites, settings.out_dir, work)
    except OSError as exc:
        raise BuildError(f"Không thay được trang đã xuất bản trong «{settings.out_dir}»: {exc}") from exc
    clock("")
    for audience, seconds in file_seconds.items():  # charts and downloads are not pages: their own line
        clock.times[f"render {audience}"] -= seconds
        clock.times[f"charts + downloads {audience}"] = seconds
    summary.timings = clock.times
    summary.peak_mb = clock.peak_mb
    if workers_mb:  # each worker's own peak: the machine needed the build's and theirs together
        summary.peak_mb["workers (sum)"] = sum(workers_mb.values())
    summary.sites = {audience: settings.out_dir / audience for audience in AUDIENCES}


def write_report(settings: Settings, path: Path | None = None) -> Path:
    """analyse → the internal view → the DOCX report of the latest cycle."""
    from tiendo.render.report import report_docx

    analysis = analyse(settings)
    view = make_view(analysis.results, analysis.plans, load_groups(settings.config_dir), audience="internal",
                     site_name=settings.site_name, k=settings.suppression_k, class_size=settings.class_size,
                     costs=settings.costs)
    path = path or Path(f"bao-cao-{analysis.results.latest.cycle.iso}.docx")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(report_docx(view, settings.status_labels))
    return path
