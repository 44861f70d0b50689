"""The benchmark: `python build.py bench --scale small|province|national` (issue #7).

Generates clean data of the asked size, builds both sites in a child process (so peak memory is the
build's own, read from the kernel for that process alone), rebuilds with nothing changed and after
one agency's file really changed, then measures two yardsticks in the same run on the same machine:
a bare MkDocs site with as many pages as each site, and one DuckDB query computing the same
indicator counts as tiendo (tiendo/bench_duckdb.py; the counts must be equal). Every goal of the
issue is checked against its threshold. A benchmark, not a timed test: it reports, it never asserts
a speed."""
from __future__ import annotations

import csv
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tiendo.config import PROJECT_DIR

AUDIENCES = ("public", "internal")


@dataclass(frozen=True)
class Scale:
    staff: int
    units: int | None
    cycles: int
    shape: str  # synth's shape: "province" or "country"
    label: str


SCALES = {
    "small": Scale(3_000, None, 2, "province", "nhỏ"),
    "province": Scale(60_000, 600, 3, "province", "tỉnh"),
    "national": Scale(2_500_000, 12_000, 2, "country", "cả nước"),
}

# The goals of issue #7: (key, what, scale it applies to or None for every scale, limit, unit).
# Scale goals are judged only on the scale's own data size; the ratios at any size.
GOALS = (
    ("province_full", "Tỉnh: dựng đầy đủ cả hai trang", "province", 20.0, "s"),
    ("province_unchanged", "Tỉnh: dựng lại khi không có gì đổi", "province", 3.0, "s"),
    ("province_one_file", "Tỉnh: dựng lại sau khi một tệp đơn vị đổi", "province", 6.0, "s"),
    ("national_full", "Cả nước: dựng đầy đủ cả hai trang", "national", 300.0, "s"),
    ("national_memory", "Cả nước: bộ nhớ đỉnh khi dựng đầy đủ", "national", 6144.0, "MB"),
    ("national_one_file", "Cả nước: dựng lại sau khi một tệp đơn vị đổi", "national", 30.0, "s"),
    ("page_cost", "Trang: (viết trang + MkDocs) / MkDocs trần cùng số trang (tính số liệu trang, biểu đồ, tệp tải về tính riêng)", None, 1.5, "×"),
    ("compute", "Tính chỉ tiêu: tiendo / DuckDB cùng chỉ tiêu", None, 2.0, "×"),
)


class BenchError(Exception):
    """A step of the benchmark failed (message in Vietnamese)."""


@dataclass
class Child:
    wall: float  # seconds
    peak_mb: float  # the child's own peak resident memory (and its children's)
    stdout: str
    stderr: str


def run_child(args: list[str], work: Path, name: str) -> Child:
    """Run one child process and read its own peak memory from wait4 (RUSAGE_CHILDREN would keep
    the largest of all children so far). Output goes to files: no pipe can fill up and block."""
    out_path, err_path = work / f"{name}.out", work / f"{name}.err"
    # Each step starts with the disk's pending writes flushed: creating files costs several times
    # more while the system writes back hundreds of MB (measured here: 24,000 small files 0.8 s, and
    # 3.3-4.1 s right after 3 GB were written). Otherwise one step (synth's data above all) slows the
    # next, and the bare MkDocs floor, measured last, runs on a calmer disk than the builds.
    os.sync()
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.perf_counter()
        process = subprocess.Popen(args, stdout=out, stderr=err, cwd=PROJECT_DIR)
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:  # Ctrl-C: leave no build running behind us
            process.kill()
            process.wait()
            raise
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    child = Child(wall, usage.ru_maxrss / 1024, out_path.read_text(encoding="utf-8", errors="replace"),
                  err_path.read_text(encoding="utf-8", errors="replace"))
    if process.returncode != 0:
        raise BenchError(f"Bước «{name}» dừng với mã {process.returncode}:\n{child.stderr[-3000:]}")
    return child


def _build(data: Path, content: Path, out: Path, work: Path, name: str) -> dict:
    timings = work / f"{name}-timings.json"
    child = run_child([sys.executable, str(PROJECT_DIR / "build.py"), "--data", str(data), "--content", str(content),
                       "--out", str(out), "--timings-json", str(timings)], work, name)
    measured = json.loads(timings.read_text(encoding="utf-8"))
    stages = measured.get("timings", {})
    known = {"timings", "pages", "charts"}
    # The workers that drew charts and wrote workbooks had memory of their own: added (their peaks
    # and the build's may not coincide, so this is an upper bound, never an underestimate).
    workers_mb = measured.get("peak_mb", {}).get("workers (sum)", 0.0)
    return {"wall": child.wall, "peak_mb": child.peak_mb + workers_mb, "workers_peak_mb": workers_mb,
            "timings": stages,
            "rebuilt": any(stage.startswith(("render", "mkdocs")) for stage in stages),  # False: skipped, unchanged
            "pages": measured.get("pages", {}), "charts": measured.get("charts", 0),
            # whatever else the build reports (pages MkDocs rendered again, files from its caches …)
            "details": {key: value for key, value in measured.items() if key not in known}}


def _changed_file(cycle_dir: Path) -> Path:
    from tiendo.load.rosters import roster_files

    return next(p for p in roster_files(cycle_dir) if p.suffix.lower() == ".csv")


def change_one_file(cycle_dir: Path) -> Path:
    """One agency sends its file again with one more person (bậc 4, tiếng Anh); the rest as before."""
    agency = _changed_file(cycle_dir)
    rows = list(csv.reader(io.StringIO(agency.read_text(encoding="utf-8-sig"))))
    header = rows[0]
    newcomer = list(rows[1])
    for column, value in (("Mã CBCCVC", "BENCH0000001"), ("Ngoại ngữ", "Tiếng Anh"), ("Trình độ ngoại ngữ", "Bậc 4")):
        newcomer[header.index(column)] = value
    rows.append(newcomer)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    agency.write_text("\ufeff" + buffer.getvalue(), encoding="utf-8")
    return agency


# Times MkDocs alone in a fresh interpreter: imports first (untimed), then load_config + build,
# once per config given.
_FLOOR_DRIVER = """import json, sys, time
from mkdocs.commands.build import build
from mkdocs.config import load_config
seconds = []
for config in sys.argv[1:]:
    start = time.perf_counter()
    build(load_config(config_file=config))
    seconds.append(time.perf_counter() - start)
print(json.dumps(seconds))
"""


def mkdocs_floors(pages: dict[str, int], work: Path, suffix: str = "") -> dict:
    """For each site, as many small pages (a heading and a small table), outside the nav like
    tiendo's unit pages, built by MkDocs with the project's own mkdocs.yml (theme, search,
    extensions)."""
    configs = []
    for audience, count in pages.items():
        docs = work / f"floor-{audience}-docs"
        shutil.rmtree(docs, ignore_errors=True)
        docs.mkdir(parents=True)
        (docs / "index.md").write_text("# Trang chủ\n", encoding="utf-8")
        for i in range(max(0, count - 1)):
            (docs / f"p{i}.md").write_text(f"# Trang {i}\n\n| a | b |\n|---|---|\n| {i} | {i * 2} |\n",
                                           encoding="utf-8")
        config = work / f"floor-{audience}.yml"
        config.write_text(f"INHERIT: {PROJECT_DIR / 'mkdocs.yml'}\ndocs_dir: {docs.name}\n"
                          f"site_dir: floor-{audience}-site\nnav:\n  - Trang chủ: index.md\n", encoding="utf-8")
        configs.append(str(config))
    child = run_child([sys.executable, "-c", _FLOOR_DRIVER, *configs], work, "mkdocs-floor" + suffix)
    seconds = json.loads(child.stdout.strip().splitlines()[-1])
    for audience in pages:
        shutil.rmtree(work / f"floor-{audience}-docs", ignore_errors=True)
        shutil.rmtree(work / f"floor-{audience}-site", ignore_errors=True)
    return {audience: {"pages": count, "seconds": s} for (audience, count), s in zip(pages.items(), seconds)}


def page_cost(timings: dict, floors: dict) -> dict:
    """tiendo's cost of pages (writing the Markdown, then MkDocs) per site, against the bare MkDocs
    floor for as many pages. Computing what the pages show (the view: nominees, unit breakdowns) is
    compute, and charts and downloads are files, not pages: each reported beside it ("views",
    "files"), and in "with_view" / "with_files" the same ratio counting it too."""
    by_audience = {}
    for audience in AUDIENCES:
        render = timings.get(f"render {audience}")
        mkdocs = timings.get(f"mkdocs {audience}")
        floor = floors[audience]["seconds"]
        if render is None or mkdocs is None:
            by_audience[audience] = None
            continue
        files = timings.get(f"charts + downloads {audience}", 0.0)
        by_audience[audience] = {"render": render, "files": files, "mkdocs": mkdocs, "floor": floor,
                                 "ratio": (render + mkdocs) / floor, "mkdocs_ratio": mkdocs / floor,
                                 "with_files": (render + files + mkdocs) / floor}
    known = [part for part in by_audience.values() if part]
    complete = len(known) == len(AUDIENCES)
    tiendo = sum(p["render"] + p["mkdocs"] for p in known) if complete else None
    files = sum(p["files"] for p in known) if complete else None
    views = sum(timings.get(f"view {a}", 0.0) for a in AUDIENCES)
    floor = sum(floors[a]["seconds"] for a in AUDIENCES)
    return {"tiendo_seconds": tiendo, "files_seconds": files, "views_seconds": views, "floor_seconds": floor,
            "ratio": tiendo / floor if tiendo is not None else None,
            "with_view": (tiendo + views) / floor if tiendo is not None else None,
            "with_files": (tiendo + files) / floor if tiendo is not None else None, "by_audience": by_audience}


def judge(result: dict) -> list[dict]:
    """Each goal: its limit, the value measured, met (True/False) or None when it does not apply
    to this run (another scale, or a size other than the scale's own)."""
    values = _figures(result)
    rounds = result.get("rounds") or [values]
    scale = SCALES[result["scale"]]
    own_size = (result["requested"]["staff"], result["requested"]["units"], result["requested"]["cycles"]) == \
        (scale.staff, scale.units, scale.cycles)
    goals = []
    for key, label, goal_scale, limit, unit in GOALS:
        figure = key.split("_", 1)[1] if goal_scale else key
        value = values[figure]
        applies = goal_scale is None or (goal_scale == result["scale"] and own_size)
        met = None if not applies or value is None else bool(value <= limit)
        spread = [r[figure] for r in rounds if r[figure] is not None]
        goals.append({"goal": key, "label": label, "limit": limit, "unit": unit, "value": value if applies else None,
                      "met": met,
                      # over all rounds: a goal met in the round shown may not be met in every round
                      "range": [min(spread), max(spread)] if applies and spread else None,
                      "met_in_every_round": None if met is None else all(v <= limit for v in spread)})
    return goals


def _machine() -> dict:
    memory = None
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            memory = int(handle.readline().split()[1]) / 1024 / 1024
    except (OSError, ValueError, IndexError):
        pass
    return {"cpus": os.cpu_count(), "memory_gb": memory, "python": platform.python_version(),
            "system": platform.platform(terse=True)}


def run(scale: str, staff: int | None = None, units: int | None = None, cycles: int | None = None,
        keep: Path | None = None, shape: str | None = None, repeat: int = 1) -> dict:
    """Generate the data once, then measure `repeat` rounds on it (see `measure_round`). This
    machine's figures swing from one run to the next: the report shows the round whose page cost is
    the median (of two, the higher: never the better one by choice), and the range of every goal's
    value over all rounds."""
    spec = SCALES[scale]
    staff, cycles = staff or spec.staff, cycles or spec.cycles
    units = units or (spec.units if staff == spec.staff else None)
    shape = shape or spec.shape
    work = Path(keep).resolve() if keep else Path(tempfile.mkdtemp(prefix="tiendo-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    data, content = work / "data", work / "content"
    for stale in (data, work / "site"):
        shutil.rmtree(stale, ignore_errors=True)
    load_before = os.getloadavg()
    try:
        synth_args = [sys.executable, str(PROJECT_DIR / "build.py"), "synth", "--out", str(data), "--seed", "1",
                      "--staff", str(staff), "--cycles", str(cycles), "--shape", shape, "--clean",
                      "--summary-json", str(work / "synth.json")]
        if units:
            synth_args += ["--units", str(units)]
        synth = run_child(synth_args, work, "synth")
        summary = json.loads((work / "synth.json").read_text(encoding="utf-8"))
        shutil.copytree(PROJECT_DIR / "content", content, dirs_exist_ok=True)
        rounds = [measure_round(data, content, work, data / summary["cycles"][-1], f"-{number}" if repeat > 1 else "")
                  for number in range(1, repeat + 1)]
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    shown = sorted(range(len(rounds)), key=lambda i: rounds[i]["page_cost"]["ratio"] or 0.0)[len(rounds) // 2]
    result = {
        "scale": scale, "shape": shape, "date": date.today().isoformat(),
        "requested": {"staff": staff, "units": units, "cycles": cycles},
        # other work on the machine while measuring (1, 5, 15-minute load averages, at start and end)
        "machine": {**_machine(), "load_average": {"start": [round(x, 2) for x in load_before],
                                                   "end": [round(x, 2) for x in os.getloadavg()]}},
        "data": {"staff": summary["staff"], "units": summary["units"], "cycles": len(summary["cycles"]),
                 "rows": summary["roster_rows"], "files": len(summary["files"]), "seconds": synth.wall,
                 "peak_mb": synth.peak_mb},
        **rounds[shown],
        "pages": rounds[shown]["builds"]["full"]["pages"], "charts": rounds[shown]["builds"]["full"]["charts"],
        "work": str(work) if keep else None,
        "round_shown": shown + 1,
        "rounds": [_figures(r) for r in rounds],
    }
    result["goals"] = judge(result)
    return result


def measure_round(data: Path, content: Path, work: Path, latest_cycle: Path, suffix: str = "") -> dict:
    """One round: a full build into an empty folder (its caches live there, so they start empty
    too), a rebuild with nothing changed, a rebuild after one agency's file changed, DuckDB on the
    same data, and the bare MkDocs floor for as many pages. The changed file is put back after the
    round: every round measures the data as generated."""
    out = work / "site"
    shutil.rmtree(out, ignore_errors=True)
    full = _build(data, content, out, work, "full" + suffix)
    unchanged = _build(data, content, out, work, "unchanged" + suffix)
    agency = _changed_file(latest_cycle)
    original = agency.read_bytes()
    try:
        change_one_file(latest_cycle)
        one_file = _build(data, content, out, work, "one_file" + suffix)
        one_file["changed_file"] = str(agency.relative_to(data))
        duck = work / f"duckdb{suffix}.json"
        try:
            run_child([sys.executable, "-m", "tiendo.bench_duckdb", "--data", str(data), "--content", str(content),
                       "--json", str(duck)], work, "duckdb" + suffix)
        except BenchError as exc:
            if duck.exists() and not json.loads(duck.read_text(encoding="utf-8")).get("equal", True):
                differences = json.loads(duck.read_text(encoding="utf-8"))["differences"]
                raise BenchError("DuckDB và tiendo tính ra số khác nhau (một trong hai sai):\n  "
                                 + "\n  ".join(differences)) from exc
            raise
        duckdb = json.loads(duck.read_text(encoding="utf-8"))
    finally:
        agency.write_bytes(original)
    floors = mkdocs_floors({a: full["pages"].get(a, 0) for a in AUDIENCES}, work, suffix)
    return {"builds": {"full": full, "unchanged": unchanged, "one_file": one_file}, "mkdocs_floor": floors,
            "page_cost": page_cost(full["timings"], floors), "duckdb": duckdb}


def _figures(measured: dict) -> dict:
    """What each goal is judged on, in one round."""
    builds = measured["builds"]
    return {"full": builds["full"]["wall"], "unchanged": builds["unchanged"]["wall"],
            "one_file": builds["one_file"]["wall"], "memory": builds["full"]["peak_mb"],
            "page_cost": measured["page_cost"]["ratio"], "compute": measured["duckdb"]["ratio"]}
