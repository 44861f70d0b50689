"""What the command line prints: one screen, in Vietnamese, numbers the Vietnamese way."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table

from tiendo.render.format import fmt_int, fmt_percent


def print_summary(summary, settings) -> None:
    console = Console()
    title = (f"Không có gì thay đổi từ lần dựng trước — trang giữ nguyên (kỳ {summary.cycle.ref_date:%d/%m/%Y}); "
             "thêm --force để dựng lại" if summary.unchanged else f"Đã dựng xong — kỳ {summary.cycle.ref_date:%d/%m/%Y}")
    table = Table(title=title, show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    table.add_row("Người được tính", f"{fmt_int(summary.people)} ({fmt_int(summary.rows)} dòng ngoại ngữ)")
    table.add_row("Không áp dụng", fmt_int(summary.exempt))
    table.add_row("Chỉ tiêu", fmt_int(summary.targets))
    table.add_row("Dữ liệu", f"{fmt_int(summary.errors)} lỗi, {fmt_int(summary.warnings)} cảnh báo"
                  + (" — xem trang «Chất lượng dữ liệu» hoặc python build.py validate" if summary.errors or summary.warnings else ""))
    for audience, path in summary.sites.items():
        label = "Trang công khai" if audience == "public" else "Trang nội bộ"
        table.add_row(label, f"{path}/  ({fmt_int(summary.pages.get(audience, 0))} trang)")
    table.add_row("Biểu đồ", fmt_int(summary.charts))
    table.add_row("Xem thử", "python build.py serve public   |   python build.py serve internal")
    console.print(table)
    for note in summary.plan_notes:
        console.print(f"[yellow]Kế hoạch:[/yellow] {note}", highlight=False)
    if summary.mkdocs_warnings:
        console.print(f"[yellow]MkDocs cảnh báo {len(summary.mkdocs_warnings)} điều:[/yellow]")
        for line in summary.mkdocs_warnings[:10]:
            console.print("  " + line, markup=False)


def print_targets(data: dict) -> None:
    console = Console(soft_wrap=True)
    console.print(f"[bold]{data.get('title') or data.get('source')}[/bold]", markup=True)
    meta = [x for x in (data.get("issuer"), data.get("number"), data.get("date")) if x]
    if meta:
        console.print(" · ".join(meta), markup=False)
    for t in data["targets"]:
        extra = " và ngoại ngữ chuyên ngành" if t["specialized"] else ""
        age = f", dưới {t['age_limit']} tuổi" if t["age_limit"] else ""
        console.print(f"{t['year']} · {t['group']} ({', '.join(t['tiers'])}{age}): {fmt_percent(t['percent'], 0)} "
                      f"đạt bậc {t['min_level']} trở lên{extra}", markup=False, highlight=False)
        console.print(f"    «{t['quote']}»", markup=False, highlight=False)
    for item in data.get("unparsed", []):
        console.print(f"[yellow]Chưa hiểu được:[/yellow] {item['quote']} — {item.get('reason', '')}", markup=True)


def print_indicators(records: list[dict], status_labels: dict) -> None:
    """One line per target: readable in a narrow terminal and in a log file."""
    console = Console(soft_wrap=True)
    for r in records:
        where = r["unit"] or "toàn địa bàn"
        cycle = "/".join(reversed(r["cycle"].split("-")))
        console.print(
            f"{cycle} · {where} · {r['group']} {r['year']}: {fmt_percent(r['percent'])} "
            f"({fmt_int(r['achieved'])}/{fmt_int(r['population'])} người), chỉ tiêu {fmt_percent(r['target_percent'], 0)}, "
            f"còn thiếu {fmt_int(r['missing_people'])} — {status_labels.get(r['status'], r['status'])}",
            markup=False, highlight=False)


def print_validation(report: dict) -> None:
    console = Console(soft_wrap=True)
    table = Table("Tệp", "Dòng đọc", "Được tính", "Bị loại", title=f"Kỳ {report['cycle']}", title_justify="left")
    for f in report["files"]:
        table.add_row(f["file"], fmt_int(f["rows_read"]), fmt_int(f["rows_counted"]), fmt_int(f["rows_rejected"]))
    console.print(table)
    errors = sum(1 for p in report["problems"] if p["severity"] == "error")
    warnings = len(report["problems"]) - errors
    for p in report["problems"]:
        where = f"{p['file']}" + (f", dòng {p['row']}" if p["row"] is not None else "") + (
            f", cột {p['column']}" if p["column"] else "")
        label = "LỖI" if p["severity"] == "error" else "cảnh báo"
        console.print(f"{label}: {where}: {p['message']}", markup=False, highlight=False)
    console.print(f"{fmt_int(errors)} lỗi, {fmt_int(warnings)} cảnh báo.", markup=False)


def print_bench(result: dict) -> None:
    console = Console()
    full = result["full"]
    table = Table(title=(f"Đo hiệu năng — {result['scale']}: {fmt_int(result['staff'])} người, "
                         f"{fmt_int(result['units'])} đơn vị, {result['cycles']} kỳ"), title_justify="left")
    table.add_column("Bước")
    table.add_column("Giây", justify="right")
    table.add_row("Sinh dữ liệu (synth)", f"{result['synth']:.1f}")
    for stage, seconds in full["timings"].items():
        table.add_row(f"  {stage}", f"{seconds:.1f}")
    table.add_row("Dựng đầy đủ (cả hai trang)", f"{full['wall']:.1f}")
    table.add_row("Dựng lại, không có gì đổi", f"{result['unchanged']['wall']:.1f}")
    table.add_row("Dựng lại sau khi một tệp đơn vị đổi", f"{result['one_file']['wall']:.1f}")
    mkdocs = full["timings"].get("mkdocs internal", 0.0)
    table.add_row(f"MkDocs trần, {fmt_int(result['pages']['internal'])} trang (cùng máy, cùng lần chạy)",
                  f"{result['mkdocs_floor']:.1f}")
    table.add_row("Tỷ lệ MkDocs trang nội bộ / MkDocs trần", f"{mkdocs / result['mkdocs_floor']:.2f}")
    table.add_row("Bộ nhớ đỉnh (MB)", f"{full['peak_mb']:.0f}")
    table.add_row("Số trang (công khai / nội bộ)", f"{result['pages']['public']} / {result['pages']['internal']}")
    table.add_row("Số biểu đồ", str(result["charts"]))
    console.print(table)
