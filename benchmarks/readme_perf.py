"""The tables of README's "Hiệu năng" section, from benchmark JSON files (no figure typed by hand):

    python build.py bench --scale province --repeat 3 --format json > province.json
    python build.py bench --scale national --repeat 2 --format json > national.json
    python benchmarks/readme_perf.py province.json national.json

With several rounds (--repeat), the tables show the round the benchmark shows (page cost in the
middle; of two, the higher) and the goals table the range over every round.
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tiendo.render.format import fmt_int, fmt_number
from tiendo.bench import GOALS
from tiendo.render.summary import STAGE_LABELS, span_text

GOAL_LABELS = {key: what for key, what, *_ in GOALS}  # the code's wording, not the one a JSON file carries

def s(x, d=1): return "–" if x is None else f"{fmt_number(x, d)} s"
def mb(x): return "–" if x is None else (f"{fmt_number(x / 1024, 1)} GB" if x >= 1024 else f"{fmt_int(round(x))} MB")
def r(x): return "–" if x is None else f"{fmt_number(x, 2)} ×"
def ok(goal): return "—" if goal["met"] is None else ("✓" if goal["met"] else "✗")

runs = [json.load(open(p)) for p in sys.argv[1:]]
label = {"province": "Tỉnh", "national": "Cả nước"}
out = []
out.append("| Quy mô | Dữ liệu | Dựng đầy đủ | Dựng lại, không đổi | Dựng lại, một tệp đổi | Bộ nhớ đỉnh (đầy đủ) |")
out.append("|---|---|---:|---:|---:|---:|")
for run in runs:
    d, b = run["data"], run["builds"]
    pages = b["full"]["pages"]
    rebuilt = b["one_file"].get("details", {}).get("rebuilt_pages") or {}
    out.append(f"| {label[run['scale']]} | {fmt_int(d['staff'])} người, {fmt_int(d['units'])} đơn vị, {d['cycles']} kỳ, "
               f"{fmt_int(d['rows'])} dòng ở kỳ cuối; {fmt_int(pages['public'])} + {fmt_int(pages['internal'])} trang | "
               f"{s(b['full']['wall'])} | {s(b['unchanged']['wall'])} | {s(b['one_file']['wall'])} "
               f"(MkDocs dựng lại {fmt_int(rebuilt.get('public'))} + {fmt_int(rebuilt.get('internal'))} trang) | "
               f"{mb(b['full']['peak_mb'])}"
               + (f" (tiến trình phụ {mb(b['full']['workers_peak_mb'])})" if b['full'].get('workers_peak_mb') else "") + " |")
out.append("")
out.append("Từng bước của tiến trình chính (giây). Biểu đồ SVG, tệp Excel, CSV được làm ở tiến trình phụ trong lúc "
           "tiến trình chính viết trang; dòng «chờ biểu đồ, tệp tải về» là thời gian tiến trình chính còn phải đợi chúng, "
           "dòng cuối là thời gian CPU tiến trình phụ đã dùng:")
out.append("")
stages = ["load + validate + compute", "leak guard secrets", "view public", "render public", "charts + downloads public", "mkdocs public",
          "view internal", "render internal", "charts + downloads internal", "mkdocs internal", "leak guard", "publish"]
head = "| Bước | " + " | ".join(f"{label[r_['scale']]}: đầy đủ | {label[r_['scale']]}: một tệp đổi" for r_ in runs) + " |"
out.append(head)
out.append("|---|" + "---:|" * (2 * len(runs)))
for stage in stages:
    cells = []
    for run in runs:
        for kind in ("full", "one_file"):
            cells.append(fmt_number(run["builds"][kind]["timings"].get(stage, 0.0), 2))
    out.append(f"| {STAGE_LABELS[stage]} | " + " | ".join(cells) + " |")
cells = [fmt_number(run["builds"][kind].get("details", {}).get("file_work_seconds", 0.0), 2)
         for run in runs for kind in ("full", "one_file")]
out.append("| *tiến trình phụ: vẽ biểu đồ, ghi Excel, CSV (CPU)* | " + " | ".join(cells) + " |")
out.append("")
out.append("So sánh ngay trong cùng lần chạy:")
out.append("")
out.append("| Quy mô | Trang: viết + MkDocs / MkDocs trần cùng số trang | riêng MkDocs / MkDocs trần (công khai; nội bộ) | kể cả tính số liệu trang | kể cả biểu đồ, tệp tải về | Tính chỉ tiêu: tiendo / DuckDB (số liệu khớp) |")
out.append("|---|---:|---:|---:|---:|---:|")
for run in runs:
    pc, duck = run["page_cost"], run["duckdb"]
    fl = run["mkdocs_floor"]
    pub, intr = pc["by_audience"]["public"], pc["by_audience"]["internal"]
    out.append(f"| {label[run['scale']]} | {s(pc['tiendo_seconds'])} / {s(pc['floor_seconds'])} = {r(pc['ratio'])} | "
               f"{r(pub['mkdocs_ratio'])}; {r(intr['mkdocs_ratio'])} ({s(intr['mkdocs'])} / {s(fl['internal']['seconds'])} cho {fmt_int(fl['internal']['pages'])} trang) | "
               f"{r(pc.get('with_view'))} | {r(pc['with_files'])} | {fmt_number(duck['tiendo_seconds'], 2)} s / {fmt_number(duck['duckdb_seconds'], 2)} s = {r(duck['ratio'])}"
               f" ({'khớp' if duck['equal'] else 'KHÁC'} {fmt_int(duck['counts_compared'])} số) |")
out.append("")
out.append("Mục tiêu của issue #7:")
out.append("")
out.append("| Mục tiêu | Ngưỡng | Đo được (thấp nhất–cao nhất của các lượt) | Đạt |")
out.append("|---|---:|---:|:---:|")
seen = set()
for run in runs:
    for g in run["goals"]:
        if g["met"] is None and g["goal"] in seen:
            continue
        if g["met"] is None:
            continue
        key = (g["goal"], run["scale"])
        if key in seen: continue
        seen.add(key)
        unit = g["unit"]
        show = {"s": s, "MB": mb, "×": r}[unit]
        limit = f"≤ {fmt_number(g['limit'] / 1024, 0)} GB" if unit == "MB" else f"≤ {fmt_number(g['limit'], 1 if not float(g['limit']).is_integer() else 0)} {unit}"
        what = GOAL_LABELS.get(g["goal"], g["label"]) + ("" if g["goal"].startswith(("province", "national")) else f" ({label[run['scale']].lower()})")
        spread = g.get("range") if len(run.get("rounds") or []) > 1 else None
        measured = show(g["value"])
        if spread and (span := span_text(spread, show)):
            measured += f" ({span})"
        mark = ok(g) + (" (không phải mọi lượt)" if g["met"] and g.get("met_in_every_round") is False else "")
        out.append(f"| {what} | {limit} | {measured} | {mark} |")
print("\n".join(out))
for run in runs:
    m = run["machine"]
    rounds = len(run.get("rounds") or [None])
    print(f"\n<!-- {run['scale']}: load {m['load_average']}; {rounds} round(s), shown: {run.get('round_shown', 1)} -->")
