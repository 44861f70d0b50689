"""The command line: thin. Parses arguments, calls one pipeline function, prints the outcome.

`python build.py` (= `build`) builds both sites; the other subcommands are the contract other
tools rely on: targets, indicators, validate, synth, serve."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from tiendo.collector import few_collections
from tiendo.settings import load_settings

# What argparse itself prints (help headings, usage errors), in Vietnamese: argparse looks each
# message up through its module's gettext function `_`, so that lookup is pointed at this table.
ARGPARSE_TEXT = {
    "usage: ": "Cách dùng: ",
    "options": "tùy chọn",
    "positional arguments": "tham số",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "%(prog)s: error: %(message)s\n": "Lỗi (%(prog)s): %(message)s. Xem thêm: %(prog)s --help\n",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "the following arguments are required: %s": "thiếu tham số: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "không có lựa chọn %(value)r (chọn một trong: %(choices)s)",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ: %(value)r",
    "expected one argument": "cần một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn %(option)s không rõ: có thể là %(matches)s",
    "not allowed with argument %s": "không dùng cùng tham số %s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
}
argparse._ = lambda text: ARGPARSE_TEXT.get(text, text)

DEBUG_HELP = "in chi tiết kỹ thuật của lỗi (traceback)"
FORMAT_HELP = "text: bảng để đọc (mặc định); json: cho chương trình khác đọc"

SUBCOMMANDS = ("build", "targets", "indicators", "validate", "synth", "template", "report", "bench", "serve")
BUILD_STAGES = 8  # progress callbacks of pipeline.build


def _paths(parser: argparse.ArgumentParser, *, out: bool = False) -> None:
    parser.add_argument("--data", help="thư mục dữ liệu (mặc định: data/)")
    parser.add_argument("--content", help="thư mục nội dung và kế hoạch (mặc định: content/)")
    if out:
        parser.add_argument("--out", help="thư mục xuất trang (mặc định: site/)")
    parser.add_argument("--debug", action="store_true", help=DEBUG_HELP)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python build.py",
                                     description="tiendo: dựng trang tiến độ học tập ngoại ngữ của CBCCVC.")
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("build", help="dựng trang công khai và nội bộ (mặc định)")
    _paths(p, out=True)
    p.add_argument("--strict", action="store_true", help="không dựng trang khi dữ liệu còn lỗi")
    p.add_argument("--force", action="store_true", help="dựng lại cả khi dữ liệu, nội dung, cấu hình không đổi")
    p.add_argument("--jobs", type=int, default=None,
                   help="số tiến trình phụ vẽ biểu đồ, ghi Excel, CSV trong khi viết trang "
                        "(mặc định: số nhân CPU trừ một, tối đa 4; 0: làm hết trong một tiến trình)")
    p.add_argument("--timings-json", help=argparse.SUPPRESS)  # used by `bench`

    p = sub.add_parser("targets", help="các chỉ tiêu đọc được từ một văn bản kế hoạch")
    p.add_argument("plan", help="tệp kế hoạch (.docx, .md hoặc .txt)")
    p.add_argument("--format", choices=("text", "json"), default="text", help=FORMAT_HELP)
    p.add_argument("--write", action="store_true",
                   help="ghi chỉ tiêu đọc được ra <kế hoạch>.targets.yml để cán bộ kiểm tra, sửa và dùng từ đó")
    p.add_argument("--force", action="store_true", help="cùng --write: ghi đè tệp đã duyệt có sẵn")
    p.add_argument("--debug", action="store_true", help=DEBUG_HELP)

    p = sub.add_parser("indicators", help="kết quả từng chỉ tiêu")
    _paths(p)
    p.add_argument("--cycle", help="kỳ báo cáo YYYY-MM-DD (mặc định: kỳ mới nhất)")
    p.add_argument("--unit", help="mã đơn vị: kết quả của đơn vị đó và các đơn vị trực thuộc")
    p.add_argument("--all", action="store_true",
                   help="mọi đơn vị × mọi kỳ; kèm --cycle: mọi đơn vị của kỳ đó; kèm --unit: đơn vị đó ở mọi kỳ")
    p.add_argument("--format", choices=("text", "json"), default="text", help=FORMAT_HELP)

    p = sub.add_parser("validate", help="kiểm tra danh sách, liệt kê lỗi theo tệp, dòng, cột")
    _paths(p)
    p.add_argument("--cycle", help="kỳ báo cáo YYYY-MM-DD (mặc định: kỳ mới nhất)")
    p.add_argument("--format", choices=("text", "json"), default="text", help=FORMAT_HELP)

    p = sub.add_parser("synth", help="sinh dữ liệu ví dụ (một tỉnh giả định, hoặc cả nước)")
    p.add_argument("--out", default="data", help="thư mục ghi dữ liệu (mặc định: data/)")
    p.add_argument("--seed", type=int, default=1, help="hạt ngẫu nhiên: cùng hạt, cùng dữ liệu (mặc định 1)")
    p.add_argument("--staff", type=int, default=3000,
                   help="khoảng bấy nhiêu người (mặc định 3.000; kỳ sau có thêm người mới vào, bớt người nghỉ)")
    p.add_argument("--units", type=int, default=None,
                   help="khoảng bấy nhiêu đơn vị ở kỳ mới nhất (mặc định: số người / 12, ít nhất 40; cỡ nhỏ "
                        "có thể nhiều hơn vì tỉnh luôn có vài sở, huyện)")
    p.add_argument("--cycles", type=int, default=2, help="số kỳ báo cáo, mỗi năm một kỳ (mặc định 2)")
    p.add_argument("--shape", choices=("province", "country"), default="province",
                   help="province: tỉnh Hà Sơn (sở, huyện, xã); country: cả nước, 34 tỉnh, thành phố, "
                        "từ 01/7/2025 chỉ còn cấp tỉnh và cấp xã")
    p.add_argument("--clean", action="store_true", help="không cài lỗi dữ liệu mẫu vào ví dụ")
    p.add_argument("--summary-json", help=argparse.SUPPRESS)  # used by `bench`
    p.add_argument("--debug", action="store_true", help=DEBUG_HELP)

    p = sub.add_parser("report", help="báo cáo kết quả thực hiện Kế hoạch của kỳ (DOCX) để sửa và ký")
    _paths(p)
    p.add_argument("--format", choices=("docx",), default="docx", help="định dạng (hiện chỉ có docx)")
    p.add_argument("--out", help="tệp ghi ra (mặc định: bao-cao-<kỳ>.docx)")

    p = sub.add_parser("bench", help="đo thời gian, bộ nhớ ở quy mô tỉnh hoặc cả nước, so với MkDocs trần và DuckDB")
    p.add_argument("--scale", choices=("small", "province", "national"), default="province",
                   help="small: 3.000 người; province: 60.000 người, 600 đơn vị, 3 kỳ; "
                        "national: 2,5 triệu người, 12.000 đơn vị, 2 kỳ (mặc định: province)")
    p.add_argument("--staff", type=int, help="số người (thay cho cỡ của --scale)")
    p.add_argument("--units", type=int, help="số đơn vị")
    p.add_argument("--cycles", type=int, help="số kỳ báo cáo")
    p.add_argument("--shape", choices=("province", "country"),
                   help="hình dạng dữ liệu (mặc định: country với national, province với quy mô khác)")
    p.add_argument("--repeat", type=int, default=1,
                   help="số lượt đo trên cùng dữ liệu (mặc định 1); bảng lấy lượt có chi phí trang ở giữa, "
                        "kèm khoảng dao động của mọi lượt")
    p.add_argument("--keep", help="giữ dữ liệu, trang đã dựng và nhật ký ở thư mục này")
    p.add_argument("--format", choices=("text", "json"), default="text", help=FORMAT_HELP)
    p.add_argument("--debug", action="store_true", help=DEBUG_HELP)

    p = sub.add_parser("template", help="ghi mẫu danh sách Excel cho các đơn vị điền")
    p.add_argument("out", nargs="?", default="mau-danh-sach.xlsx", help="tệp .xlsx sẽ ghi")
    p.add_argument("--debug", action="store_true", help=DEBUG_HELP)

    p = sub.add_parser("serve", help="xem thử trang đã dựng tại http://127.0.0.1:PORT")
    p.add_argument("audience", nargs="?", choices=("public", "internal"), default="public",
                   help="public: trang công khai (mặc định); internal: trang nội bộ")
    p.add_argument("--out", help="thư mục xuất trang (mặc định: site/)")
    p.add_argument("--port", type=int, default=8000, help="cổng (mặc định 8000)")
    p.add_argument("--debug", action="store_true", help=DEBUG_HELP)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    named = [i for i, word in enumerate(argv) if word in SUBCOMMANDS]
    if named and "--debug" in argv[:named[0]]:  # "--debug indicators …": every subcommand takes it
        argv = [word for word in argv[:named[0]] if word != "--debug"] + argv[named[0]:] + ["--debug"]
    if not argv or (argv[0] not in SUBCOMMANDS and argv[0] not in ("-h", "--help")):
        argv.insert(0, "build")
    args = make_parser().parse_args(argv)
    handler = globals()[f"cmd_{args.command}"]
    try:
        with few_collections():
            return handler(args)
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu; trang đã xuất bản giữ nguyên.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader stopped reading ("… --format json | head"): nothing failed, the output was cut.
        # Quietly, with the exit code Unix tools give then (128 + SIGPIPE); stdout goes nowhere from
        # here, or Python's own flush at exit would raise the same error again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:  # the user gets one clear sentence, the developer a traceback on --debug
        if getattr(args, "debug", False):
            raise
        from tiendo.messages import explain

        print(f"Lỗi: {explain(exc)}", file=sys.stderr)
        return 2


def _settings(args):
    return load_settings(data_dir=args.data, content_dir=args.content, out_dir=getattr(args, "out", None),
                         strict=getattr(args, "strict", False), jobs=getattr(args, "jobs", None))


def cmd_build(args) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from tiendo import pipeline
    from tiendo.render.summary import print_summary

    settings = _settings(args)
    console = Console(stderr=True)
    with Progress(TextColumn("{task.description:<40}"), BarColumn(), TimeElapsedColumn(),
                  console=console, transient=False) as bar:
        task = bar.add_task("Bắt đầu", total=BUILD_STAGES)

        def step(stage: str) -> None:
            bar.update(task, description=stage, advance=1)

        try:
            summary = pipeline.build(settings, step, force=args.force)
        finally:
            bar.update(task, completed=BUILD_STAGES)
    print_summary(summary, settings)
    if getattr(args, "timings_json", None):
        Path(args.timings_json).write_text(json.dumps({"timings": summary.timings, "pages": summary.pages,
                                                       "charts": summary.charts, "rebuilt_pages": summary.rebuilt_pages,
                                                       "files_made": summary.files_made, "kept_files": summary.kept_files,
                                                       "computed_cycles": summary.computed_cycles,
                                                       "file_work_seconds": summary.file_work_seconds,
                                                       "file_workers": summary.file_workers,
                                                       "guard_fallback": summary.guard_fallback,
                                                       "peak_mb": summary.peak_mb}), encoding="utf-8")
    return 0


def cmd_targets(args) -> int:
    from tiendo.load.plans import PLAN_FORMAT_ADVICE, PLAN_SUFFIXES, load_plan, plan_to_json, read_plan, reviewed_path, write_reviewed

    path = Path(args.plan)
    if not path.is_file():
        print(f"Lỗi: không tìm thấy tệp kế hoạch «{path}».", file=sys.stderr)
        return 2
    if path.suffix.lower() not in PLAN_SUFFIXES:
        print(f"Lỗi: «{path.name}» không phải tệp kế hoạch tiendo đọc được: {PLAN_FORMAT_ADVICE}.", file=sys.stderr)
        return 2
    if args.write:
        target = reviewed_path(path)
        if target.exists() and not args.force:
            print(f"Lỗi: «{target}» đã có (có thể đã được kiểm tra, sửa). Thêm --force để ghi đè.", file=sys.stderr)
            return 2
        plan = read_plan(path)
        write_reviewed(plan, target)
        print(f"Đã ghi {len(plan.targets)} chỉ tiêu ra «{target}». Kiểm tra từng chỉ tiêu với câu gốc (quote), "
              "sửa nếu cần; từ nay lần dựng nào cũng dùng tệp này.")
        return 0
    plan = load_plan(path)
    data = plan_to_json(plan)
    if args.format == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    from tiendo.config import load_groups, tier_labels
    from tiendo.render.summary import print_targets

    print_targets(data, load_groups(), tier_labels())
    return 0


def cmd_indicators(args) -> int:
    from tiendo import pipeline
    from tiendo.compute.results import UnknownCycle, indicator_records

    settings = _settings(args)
    analysis = pipeline.analyse(settings)
    try:
        records = indicator_records(analysis.results, cycle=args.cycle, unit=args.unit, every_unit=args.all,
                                    thresholds=settings.thresholds)
    except UnknownCycle:
        names = ", ".join(c.cycle.iso for c in analysis.results.cycles)
        print(f"Lỗi: không có kỳ báo cáo «{args.cycle}». Các kỳ có: {names}.", file=sys.stderr)
        return 2
    if args.unit and not records:
        print(f"Lỗi: không có đơn vị mã «{args.unit}» trong danh mục đơn vị của kỳ này.", file=sys.stderr)
        return 2
    if args.format == "json":
        print(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        from tiendo.config import load_groups
        from tiendo.render.summary import print_indicators

        print_indicators(records, settings.status_labels, load_groups(settings.config_dir))
    return 0


def cmd_validate(args) -> int:
    from tiendo import pipeline

    settings = _settings(args)
    analysis = pipeline.analyse(settings)
    chosen = analysis.latest
    if args.cycle:
        matches = [c for c in analysis.inputs if c.cycle.iso == args.cycle or c.cycle.name == args.cycle]
        if not matches:
            names = ", ".join(c.cycle.iso for c in analysis.inputs)
            print(f"Lỗi: không có kỳ báo cáo «{args.cycle}». Các kỳ có: {names}.", file=sys.stderr)
            return 2
        chosen = matches[0]
    problems = analysis.problems(chosen)
    files = analysis.file_reports(chosen)
    report = {
        "cycle": chosen.cycle.iso,
        "files": [{"file": f.file, "rows_read": f.rows_read, "rows_counted": f.rows_counted,
                   "rows_rejected": f.rows_rejected} for f in files],
        "problems": [p.as_json() for p in problems],
    }
    if args.format == "json":
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        from tiendo.config import column_labels
        from tiendo.render.summary import print_validation

        print_validation(report, column_labels(settings.config_dir))
    return 1 if any(p.severity == "error" for p in problems) else 0


def cmd_synth(args) -> int:
    from dataclasses import asdict

    from tiendo.render.format import fmt_int
    from tiendo.synth import generate

    if args.staff < 1 or args.cycles < 1 or (args.units is not None and args.units < 2):
        print("Lỗi: --staff và --cycles phải từ 1 trở lên, --units từ 2 trở lên.", file=sys.stderr)
        return 2
    summary = generate(Path(args.out), seed=args.seed, staff=args.staff, units=args.units, cycles=args.cycles,
                       inject_problems=not args.clean, shape=args.shape)
    if args.summary_json:
        Path(args.summary_json).write_text(json.dumps(asdict(summary), ensure_ascii=False), encoding="utf-8")
    print(f"Đã sinh {len(summary.cycles)} kỳ ({', '.join(summary.cycles)}) vào «{args.out}»: "
          f"{fmt_int(summary.units)} đơn vị, {fmt_int(summary.staff)} người, "
          f"{fmt_int(summary.roster_rows)} dòng ở kỳ cuối.")
    return 0


def cmd_report(args) -> int:
    from tiendo import pipeline

    settings = load_settings(data_dir=args.data, content_dir=args.content)
    path = pipeline.write_report(settings, Path(args.out) if args.out else None)
    print(f"Đã ghi báo cáo: {path}")
    return 0


def cmd_bench(args) -> int:
    from tiendo.bench import run
    from tiendo.render.summary import print_bench

    for name in ("staff", "units", "cycles", "repeat"):
        if getattr(args, name) is not None and getattr(args, name) < 1:
            print(f"Lỗi: --{name} phải từ 1 trở lên.", file=sys.stderr)
            return 2
    from tiendo.bench import BenchError

    try:
        result = run(args.scale, args.staff, args.units, args.cycles, Path(args.keep) if args.keep else None,
                     shape=args.shape, repeat=args.repeat)
    except BenchError as exc:
        if args.debug:
            raise
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print_bench(result)
    return 0


def cmd_template(args) -> int:
    from tiendo.template import write_template

    path = write_template(Path(args.out))
    print(f"Đã ghi mẫu danh sách: {path}")
    return 0


def cmd_serve(args) -> int:
    import functools
    import http.server

    out = Path(args.out) if args.out else load_settings().out_dir
    root = out / args.audience
    if not (root / "index.html").exists():
        print(f"Lỗi: chưa có trang «{root}». Chạy «python build.py» trước.", file=sys.stderr)
        return 2
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    except OSError as exc:  # the port is taken (another serve, another program)
        print(f"Lỗi: không mở được cổng {args.port} ({exc.strerror}): cổng đang được dùng? Thêm --port {args.port + 1}.",
              file=sys.stderr)
        return 2
    with server:
        name = "công khai" if args.audience == "public" else "nội bộ"
        print(f"Trang {name} tại http://127.0.0.1:{args.port}/ (Ctrl-C để dừng)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0
