"""What the command line prints: one screen, in Vietnamese, numbers the Vietnamese way."""
from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from tiendo.config import column_label
from tiendo.render.format import fmt_date, fmt_int, fmt_number, fmt_percent, fmt_target
from tiendo.settings import command_options


def print_summary(summary, settings) -> None:
    console = Console()
    title = (f"Không có gì thay đổi từ lần dựng trước — trang giữ nguyên (kỳ {fmt_date(summary.cycle.ref_date)}); "
             "thêm --force để dựng lại" if summary.unchanged else f"Đã dựng xong — kỳ {fmt_date(summary.cycle.ref_date)}")
    table = Table(title=title, show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    table.add_row("Người được tính", f"{fmt_int(summary.people)} ({fmt_int(summary.rows)} dòng ngoại ngữ)")
    table.add_row("Không áp dụng", fmt_int(summary.exempt))
    table.add_row("Chỉ tiêu", fmt_int(summary.targets))
    # the commands to go on with, for the folders this build used (a --out elsewhere is served from there)
    validate = "python build.py validate" + command_options(settings, "data_dir", "content_dir")
    serve = "python build.py serve {}" + command_options(settings, "out_dir")
    data_label = f"Dữ liệu kỳ {fmt_date(summary.cycle.ref_date)}" if summary.earlier_problems else "Dữ liệu"
    table.add_row(data_label, f"{fmt_int(summary.errors)} lỗi, {fmt_int(summary.warnings)} cảnh báo"
                  + (f" — xem trang «Chất lượng dữ liệu» hoặc {validate}" if summary.errors or summary.warnings else ""))
    for earlier in summary.earlier_problems:  # the page shows the latest cycle only: validate lists these
        table.add_row(f"Dữ liệu kỳ {fmt_date(earlier['cycle'])}",
                      f"{fmt_int(earlier['errors'])} lỗi, {fmt_int(earlier['warnings'])} cảnh báo — xem "
                      f"{validate} --cycle {earlier['cycle']}")
    for audience, path in summary.sites.items():
        label = "Trang công khai" if audience == "public" else "Trang nội bộ"
        table.add_row(label, f"{path}/  ({fmt_int(summary.pages.get(audience, 0))} trang)")
    table.add_row("Biểu đồ", fmt_int(summary.charts))
    table.add_row("Xem thử", f"{serve.format('public')}   |   {serve.format('internal')}")
    console.print(table)
    for note in summary.plan_notes:
        console.print(f"[yellow]Kế hoạch:[/yellow] {escape(note)}", highlight=False)
    if summary.mkdocs_warnings:
        console.print(f"[yellow]MkDocs cảnh báo {len(summary.mkdocs_warnings)} điều:[/yellow]")
        for line in summary.mkdocs_warnings[:10]:
            console.print("  " + line, markup=False)


def _group_name(key: str, groups: dict | None) -> str:
    """A target group as the office names it (config/groups.yml), its key if unknown."""
    group = (groups or {}).get(key)
    return group.short if group is not None else key


def print_targets(data: dict, groups: dict | None = None, tiers: dict[str, str] | None = None) -> None:
    """`groups`, `tiers`: config.load_groups and config.tier_labels, to name them as the office does."""
    console = Console(soft_wrap=True)
    console.print(f"[bold]{escape(data.get('title') or data.get('source') or '')}[/bold]", markup=True)
    meta = [x for x in (data.get("issuer"), data.get("number"), data.get("date")) if x]
    if meta:
        console.print(" · ".join(meta), markup=False)
    for t in data["targets"]:
        extra = " và ngoại ngữ chuyên ngành" if t["specialized"] else ""
        age = f", dưới {t['age_limit']} tuổi" if t["age_limit"] else ""
        where = ", ".join((tiers or {}).get(tier, tier).lower() for tier in t["tiers"])
        console.print(f"{t['year']} · {_group_name(t['group'], groups)} (cấp {where}{age}): {fmt_target(t['percent'])} "
                      f"đạt bậc {t['min_level']} trở lên{extra}", markup=False, highlight=False)
        console.print(f"    «{t['quote']}»", markup=False, highlight=False)
    if not data["targets"]:
        console.print("[yellow]Không đọc được chỉ tiêu nào từ văn bản này.[/yellow] Nếu kế hoạch có chỉ tiêu, ghi chúng "
                      "vào tệp .targets.yml: «python build.py targets <tệp kế hoạch> --write» viết sẵn tệp để sửa.", markup=True)
    for item in data.get("unparsed", []):
        console.print(f"[yellow]Chưa hiểu được:[/yellow] {escape(item['quote'])} — {escape(item.get('reason', ''))}",
                      markup=True, highlight=False)


def print_indicators(records: list[dict], status_labels: dict, groups: dict | None = None) -> None:
    """One line per target: readable in a narrow terminal and in a log file."""
    console = Console(soft_wrap=True)
    for r in records:
        where = r["unit"] or "toàn địa bàn"
        cycle = fmt_date(r["cycle"])
        what = f"{_group_name(r['group'], groups)} {r['year']}" + (" (yêu cầu cả ngoại ngữ chuyên ngành)" if r.get("specialized") else "")
        console.print(
            f"{cycle} · {where} · {what}: {fmt_percent(r['percent'])} "
            f"({fmt_int(r['achieved'])}/{fmt_int(r['population'])} người), chỉ tiêu {fmt_target(r['target_percent'])}, "
            f"còn thiếu {fmt_int(r['missing_people'])} — {status_labels.get(r['status'], r['status'])}",
            markup=False, highlight=False)


def print_validation(report: dict, labels: dict[str, str]) -> None:
    """`labels`: template key → the header the office sees (config.column_labels)."""
    console = Console(soft_wrap=True)
    table = Table("Tệp", "Dòng đọc", "Được tính", "Bị loại", title=f"Kỳ {fmt_date(report['cycle'])}", title_justify="left")
    for f in report["files"]:
        table.add_row(escape(f["file"]), fmt_int(f["rows_read"]), fmt_int(f["rows_counted"]), fmt_int(f["rows_rejected"]))
    console.print(table)
    errors = sum(1 for p in report["problems"] if p["severity"] == "error")
    warnings = len(report["problems"]) - errors
    for p in report["problems"]:
        where = f"{p['file']}" + (f", dòng {p['row']}" if p["row"] is not None else "") + (
            f", cột {column_label(p['column'], labels)}" if p["column"] else "")
        label = "LỖI" if p["severity"] == "error" else "cảnh báo"
        console.print(f"{label}: {where}: {p['message']}", markup=False, highlight=False)
    console.print(f"{fmt_int(errors)} lỗi, {fmt_int(warnings)} cảnh báo.", markup=False)


def _seconds(value) -> str:
    return "–" if value is None else f"{fmt_number(value, 1 if value >= 1 else 2)} s"


def _ratio(value) -> str:
    return "–" if value is None else f"{fmt_number(value, 2)} ×"


def _megabytes(value) -> str:
    return "–" if value is None else f"{fmt_int(round(value))} MB"


STAGE_LABELS = {"load + validate + compute": "đọc + kiểm tra + tính",  # a build's stages, as the reader sees them
               "view public": "tính số liệu trang công khai", "render public": "viết trang công khai",
               "mkdocs public": "MkDocs trang công khai",
               "view internal": "tính số liệu trang nội bộ (đề cử bồi dưỡng, từng đơn vị)",
               "render internal": "viết trang nội bộ",
               "mkdocs internal": "MkDocs trang nội bộ",
               # names, staff IDs and birth dates folded for the guard (this process; from the cache when there)
               "leak guard secrets": "gom tên, mã, ngày sinh cho bộ quét rò rỉ",
               # the guard's process builds the public site with MkDocs, then scans it
               "leak guard": "chờ MkDocs và quét rò rỉ trang công khai",
               "publish": "xuất bản (đổi tên thư mục)",
               # the time this process still spent on them or waited for them: they are made elsewhere
               "charts + downloads public": "chờ biểu đồ, tệp tải về công khai",
               "charts + downloads internal": "chờ biểu đồ, tệp tải về nội bộ"}


def print_bench(result: dict) -> None:
    """The benchmark in three tables: the builds stage by stage, the side-by-side yardsticks, the goals."""
    console = Console()
    data, builds, machine = result["data"], result["builds"], result["machine"]
    scale_label = {"small": "nhỏ", "province": "tỉnh", "national": "cả nước"}.get(result["scale"], result["scale"])
    shape = "cả nước, 34 tỉnh" if result["shape"] == "country" else "một tỉnh"
    console.print(f"[bold]Đo hiệu năng — quy mô {scale_label} ({shape}): {fmt_int(data['staff'])} người, "
                  f"{fmt_int(data['units'])} đơn vị, {data['cycles']} kỳ, {fmt_int(data['rows'])} dòng ở kỳ cuối[/bold]",
                  highlight=False)
    memory = f"{fmt_number(machine['memory_gb'], 0)} GB" if machine.get("memory_gb") else "?"
    load = machine.get("load_average", {})
    console.print(f"Máy {machine.get('cpus')} nhân, {memory}, Python {machine.get('python')}, ngày "
                  f"{fmt_date(result['date'])}; tải trung bình 1 phút lúc bắt đầu / kết thúc: "
                  f"{fmt_number(load.get('start', [0])[0], 1)} / {fmt_number(load.get('end', [0])[0], 1)}. "
                  f"Sinh dữ liệu: {_seconds(data['seconds'])}, {_megabytes(data['peak_mb'])}.", highlight=False)

    table = Table(title="Dựng (mỗi lần một tiến trình con)", title_justify="left")
    table.add_column("Bước")
    names = {"full": "Dựng đầy đủ", "unchanged": "Dựng lại, không đổi", "one_file": "Dựng lại, một tệp đổi"}
    for name in names.values():
        table.add_column(name, justify="right")
    stages = list(dict.fromkeys(stage for b in builds.values() for stage in b["timings"]))
    for stage in stages:
        table.add_row("  " + STAGE_LABELS.get(stage, stage), *[_seconds(builds[k]["timings"].get(stage)) for k in names])
    table.add_row("[bold]Tổng (thời gian thực, cả khởi động Python)[/bold]",
                  *[f"[bold]{_seconds(builds[k]['wall'])}[/bold]" for k in names])
    table.add_row("Bộ nhớ đỉnh", *[_megabytes(builds[k]["peak_mb"]) for k in names])
    table.add_row("Số trang (công khai / nội bộ)",
                  *[f"{fmt_int(builds[k]['pages'].get('public'))} / {fmt_int(builds[k]['pages'].get('internal'))}"
                    for k in names])
    table.add_row("Số biểu đồ", *[fmt_int(builds[k]["charts"]) for k in names])
    rebuilt = [builds[k].get("details", {}).get("rebuilt_pages") for k in names]
    if any(isinstance(r, dict) for r in rebuilt):  # incremental builds: pages MkDocs rendered this time
        table.add_row("Trang MkDocs dựng lần này (công khai / nội bộ)",
                      *[f"{fmt_int(r.get('public'))} / {fmt_int(r.get('internal'))}" if isinstance(r, dict) else "–"
                        for r in rebuilt])
    console.print(table)
    console.print(f"Tệp đổi ở lần dựng thứ ba: {builds['one_file'].get('changed_file', '–')} (thêm một người).",
                  highlight=False)
    if builds["unchanged"].get("rebuilt"):
        console.print("[yellow]Lưu ý:[/yellow] lần dựng lại khi không có gì đổi đã dựng lại toàn bộ: có tệp mã, cấu hình "
                      "hay dữ liệu bị sửa trong lúc đo? Con số của dòng đó không phải thời gian bỏ qua.", highlight=False)

    side = Table(title="So sánh ngay trong lần chạy này", title_justify="left")
    side.add_column("Phần việc")
    side.add_column("tiendo", justify="right")
    side.add_column("Thước đo", justify="right")
    side.add_column("Tỷ lệ", justify="right")
    cost, floors = result["page_cost"], result["mkdocs_floor"]
    for audience, label in (("public", "công khai"), ("internal", "nội bộ")):
        part = cost["by_audience"].get(audience)
        floor = floors[audience]
        if part is None:
            side.add_row(f"Trang {label}", "–", _seconds(floor["seconds"]), "–")
            continue
        side.add_row(f"Trang {label}: viết {_seconds(part['render'])} + MkDocs {_seconds(part['mkdocs'])}; "
                     f"MkDocs trần {fmt_int(floor['pages'])} trang",
                     _seconds(part["render"] + part["mkdocs"]), _seconds(floor["seconds"]), _ratio(part["ratio"]))
        side.add_row(f"  riêng MkDocs trang {label} / MkDocs trần", _seconds(part["mkdocs"]),
                     _seconds(floor["seconds"]), _ratio(part["mkdocs_ratio"]))
    side.add_row("[bold]Trang, cả hai trang[/bold]", _seconds(cost["tiendo_seconds"]), _seconds(cost["floor_seconds"]),
                 f"[bold]{_ratio(cost['ratio'])}[/bold]")
    if cost.get("with_view") is not None:
        side.add_row("  kể cả tính số liệu trang (đề cử, số liệu từng đơn vị)",
                     _seconds(cost["tiendo_seconds"] + cost["views_seconds"]), _seconds(cost["floor_seconds"]),
                     _ratio(cost["with_view"]))
    if cost.get("files_seconds") is not None:
        side.add_row("  kể cả biểu đồ và tệp tải về (vẽ, ghi Excel/CSV)", _seconds(cost["tiendo_seconds"] + cost["files_seconds"]),
                     _seconds(cost["floor_seconds"]), _ratio(cost["with_files"]))
    duck = result["duckdb"]
    side.add_row(f"Tính chỉ tiêu kỳ {fmt_date(duck['cycle'])}: people_table + compute_indicators; "
                 f"DuckDB 1 truy vấn ({duck['duckdb_threads']} luồng)",
                 _seconds(duck["tiendo_seconds"]), _seconds(duck["duckdb_seconds"]), f"[bold]{_ratio(duck['ratio'])}[/bold]")
    console.print(side)
    check = "✓ khớp" if duck["equal"] else "✗ KHÁC"
    console.print(f"Số liệu DuckDB so với tiendo: {check} — {fmt_int(duck['counts_compared'])} số "
                  f"({duck['targets']} chỉ tiêu × {fmt_int(duck['units'])} đơn vị và toàn địa bàn × 5 số đếm), "
                  f"{fmt_int(duck['people'])} người, {fmt_int(duck['rows'])} dòng (kể cả người thêm ở lần dựng thứ "
                  f"ba); đọc + kiểm tra kỳ đó "
                  f"{_seconds(duck['load_validate_seconds'])}; lấy lần nhanh nhất của {duck['repeat']} lần chạy.",
                  highlight=False)

    rounds = len(result.get("rounds") or [None])
    goals = Table(title="Mục tiêu (issue #7)", title_justify="left")
    goals.add_column("Mục tiêu")
    goals.add_column("Ngưỡng", justify="right")
    goals.add_column("Đo được", justify="right")
    goals.add_column("Đạt", justify="center")
    for goal in result["goals"]:
        show = {"s": _seconds, "MB": _megabytes, "×": _ratio}[goal["unit"]]
        limit = goal["limit"]
        limit = f"≤ {fmt_number(limit / 1024, 0)} GB" if goal["unit"] == "MB" and limit >= 1024 else \
            f"≤ {fmt_number(limit, 0 if float(limit).is_integer() else 1)} {goal['unit']}"
        mark = "—" if goal["met"] is None else ("[green]✓[/green]" if goal["met"] else "[red]✗[/red]")
        if goal["met"] and goal.get("met_in_every_round") is False:
            mark = "[yellow]✓ (không phải mọi lượt)[/yellow]"
        measured = show(goal["value"])
        if rounds > 1 and goal.get("range") and (span := span_text(goal["range"], show)):
            measured += f" ({span})"
        goals.add_row(goal["label"], limit, measured, mark)
    if rounds > 1:
        console.print(f"{rounds} lượt đo trên cùng dữ liệu; các bảng trên là lượt {result['round_shown']}, lượt có chi "
                      "phí trang ở giữa (hai lượt: lượt cao hơn). Trong ngoặc: thấp nhất–cao nhất của mọi lượt.",
                      highlight=False)
    console.print(goals)
    if any(goal["met"] is None for goal in result["goals"]):
        console.print("—: mục tiêu của quy mô khác; chỉ xét khi đo đúng cỡ dữ liệu của quy mô đó "
                      "(tỉnh, --scale province: 60.000 người, 600 đơn vị, 3 kỳ; cả nước, --scale national: 2,5 triệu người, "
                      "12.000 đơn vị, 2 kỳ). Hai tỷ lệ (chi phí trang, tính chỉ tiêu) xét ở mọi cỡ.",
                      highlight=False)
    if result.get("work"):
        console.print(f"Dữ liệu, trang và nhật ký giữ ở «{result['work']}».", highlight=False)


def span_text(low_high: list[float], show) -> str:
    """"12,5–14,1 s": a range over the benchmark's rounds, each end written by `show`, the unit once;
    "" when both ends read the same."""
    low, high = (show(v) for v in low_high)
    unit = high.rsplit(" ", 1)[-1] if " " in high else ""
    if unit and low.endswith(" " + unit):
        low = low[: -len(unit) - 1]
    return "" if f"{low} {unit}".strip() == high else f"{low}–{high}"
