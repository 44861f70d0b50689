"""The benchmark: `python build.py bench --scale small|province|national`.

Generates clean data of the asked size, builds both sites in a child process (so peak memory is
the build's own), rebuilds with nothing changed and after one agency's file changed, and builds a
bare MkDocs site with the same number of pages side by side, so the ratios are measured in one run
on one machine."""
from __future__ import annotations

import csv
import io
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tiendo.config import PROJECT_DIR
from tiendo.synth import generate

SCALES = {"small": (3_000, None, 2), "province": (60_000, 600, 3), "national": (2_500_000, 12_000, 2)}


def _build(data: Path, content: Path, out: Path) -> dict:
    timings = out.parent / f"timings-{time.perf_counter_ns()}.json"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run([sys.executable, str(PROJECT_DIR / "build.py"), "--data", str(data), "--content",
                             str(content), "--out", str(out), "--timings-json", str(timings)],
                            capture_output=True, text=True)
    wall = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-2000:])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    data_out = json.loads(timings.read_text(encoding="utf-8"))
    data_out.update(wall=wall, peak_mb=max(peak, before) / 1024)
    return data_out


def _mkdocs_floor(pages: int, work: Path) -> float:
    """The same number of small pages, outside the nav, built by MkDocs with the same theme."""
    docs = work / "floor-docs"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# Trang chủ\n", encoding="utf-8")
    for i in range(pages - 1):
        (docs / f"p{i}.md").write_text(f"# Trang {i}\n\n| a | b |\n|---|---|\n| {i} | {i * 2} |\n", encoding="utf-8")
    config = work / "floor.yml"
    config.write_text(f"INHERIT: {PROJECT_DIR / 'mkdocs.yml'}\ndocs_dir: floor-docs\nsite_dir: floor-site\n"
                      "nav:\n  - Trang chủ: index.md\n", encoding="utf-8")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)], check=True,
                   capture_output=True)
    return time.perf_counter() - start


def run(scale: str, staff: int | None = None, units: int | None = None, cycles: int | None = None,
        keep: Path | None = None) -> dict:
    default_staff, default_units, default_cycles = SCALES[scale]
    staff, units, cycles = staff or default_staff, units or default_units, cycles or default_cycles
    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="tiendo-bench-"))
    data, content, out = work / "data", work / "content", work / "site"
    if data.exists():
        shutil.rmtree(data)
    start = time.perf_counter()
    summary = generate(data, seed=1, staff=staff, units=units, cycles=cycles, inject_problems=False)
    synth_seconds = time.perf_counter() - start
    shutil.copytree(PROJECT_DIR / "content", content, dirs_exist_ok=True)
    full = _build(data, content, out)
    unchanged = _build(data, content, out)
    last = data / summary.cycles[-1]
    agency = sorted(p for p in last.glob("*.csv") if p.name != "don_vi.csv")[0]
    # one agency sends its file again: one more person, the rest as before
    rows = list(csv.reader(io.StringIO(agency.read_text(encoding="utf-8-sig"))))
    newcomer = list(rows[1])
    newcomer[0], newcomer[10] = "BENCH0000001", "Bậc 4"
    rows.append(newcomer)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    agency.write_text("\ufeff" + buffer.getvalue(), encoding="utf-8")
    one_file = _build(data, content, out)
    pages = full["pages"]["internal"]
    floor = _mkdocs_floor(pages, work)
    result = {"scale": scale, "staff": summary.staff, "units": summary.units, "cycles": len(summary.cycles),
              "rows": summary.roster_rows, "synth": synth_seconds, "full": full, "unchanged": unchanged,
              "one_file": one_file, "mkdocs_floor": floor, "pages": full["pages"], "charts": full["charts"],
              "work": str(work)}
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
    return result
