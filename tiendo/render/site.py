"""Render: a SiteView → the docs folder of one MkDocs site (pages, charts, downloads).

tiendo writes every page, chart and download itself; MkDocs only turns Markdown into HTML."""
from __future__ import annotations

import functools
import hashlib
import json
import os
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from markupsafe import Markup

from tiendo.cache import code_version, group_digests
from tiendo.compute.columns import lookup, runs_begin, sorted_order
from tiendo.compute.views import SiteView, TargetView, top_level_units, top_unit_map
from tiendo.config import category_labels, column_label, column_labels, tier_labels
from tiendo.render.file_cache import FileCache
from tiendo.render.environment import make_environment, md_link, yaml_text
from tiendo.render.format import fmt_date, fmt_int, fmt_percent, fmt_target
from tiendo.compute.breakdowns import UNKNOWN, age_band_labels
from tiendo.render.datatable import SCRIPT as TABLE_SCRIPT, ColumnTable, Section, code_text, coded, data_file, data_holder, link
from tiendo.render.markdown import md_escape
from tiendo.render.plan_page import plan_markdown
from tiendo.settings import command_options
from tiendo.text import fold

DICTIONARY = (
    ("cycle", "Ngày chốt số liệu của kỳ báo cáo (YYYY-MM-DD)"),
    ("unit", "Mã đơn vị; để trống = toàn địa bàn"),
    ("unit_name", "Tên đơn vị"),
    ("year", "Năm của chỉ tiêu"),
    ("group", "Mã nhóm đối tượng (cbcc, vien_chuc, vien_chuc_lanh_dao, cbcc_xa, cbcc_xa_lanh_dao, cbcc_trung_uong)"),
    ("tiers", "Các cấp tính trong nhóm (tinh, huyen, xa, trung_uong)"),
    ("min_level", "Bậc tối thiểu theo khung 6 bậc"),
    ("specialized", "Chỉ tiêu có yêu cầu ngoại ngữ chuyên ngành (True/False)"),
    ("target_percent", "Chỉ tiêu, %"),
    ("population", "Số người trong nhóm (không tính người thuộc diện không áp dụng)"),
    ("achieved", "Số người đạt chỉ tiêu"),
    ("percent", "Tỷ lệ đạt, %"),
    ("missing_people", "Số người còn thiếu để đạt chỉ tiêu"),
    ("achieved_level_only", "Số người đạt bậc (chưa xét ngoại ngữ chuyên ngành)"),
    ("percent_level_only", "Tỷ lệ đạt bậc (chưa xét ngoại ngữ chuyên ngành), %"),
    ("focus_population", "Số người của nhóm trọng tâm (lãnh đạo, quản lý dưới 40 tuổi) nếu kế hoạch nêu"),
    ("focus_achieved", "Số người của nhóm trọng tâm đạt chỉ tiêu"),
    ("focus_percent", "Tỷ lệ đạt của nhóm trọng tâm, %"),
    ("quote", "Câu chữ của chỉ tiêu trong kế hoạch"),
    ("suppressed", "True = ô có dưới k người, số liệu không công bố"),
    ("target_key", "Mã chỉ tiêu: nhóm-năm, ví dụ cbcc-2025 (tệp phân tách, trình độ)"),
    ("dimension, value", "Chiều phân tách (gender, age_band, language) và giá trị (tệp phân tách)"),
    ("level_0 … level_6", "Số người theo trình độ cao nhất: chưa có, bậc 1 … bậc 6 (tệp trình độ)"),
    ("up, same, down, joined, left", "Số người nâng trình độ, giữ nguyên, giảm, mới vào, không còn (tệp thay đổi)"),
)

XLSX_MAX_ROWS = 20_000
XLSX_SPLIT_ROWS = 5_000  # larger tables with several cycles: one workbook per cycle

NOMINEE_HEADERS = {"unit_name": "Đơn vị", "target": "Chỉ tiêu", "rank": "Thứ tự ưu tiên", "focus": "Nhóm trọng tâm",
                   "staff_id": "Mã CBCCVC", "full_name": "Họ và tên", "position": "Chức vụ",
                   "is_leader": "Lãnh đạo, quản lý", "age": "Tuổi", "level": "Bậc hiện có",
                   "best_language": "Ngoại ngữ", "training_need": "Nhu cầu bồi dưỡng", "training_mode": "Hình thức"}


@dataclass
class RenderedSite:
    docs_dir: Path
    nav: list = field(default_factory=list)
    pages: int = 0
    charts: int = 0
    search_entries: list[dict] = field(default_factory=list)  # added to the search index after MkDocs
    extra_javascript: list[str] = field(default_factory=list)
    manifest: dict[str, str] = field(default_factory=dict)  # every docs file → sha256 of its bytes
    file_seconds: float = 0.0  # of the rendering time, what charts and downloads took (they are not pages)
    kept: int = 0  # internal unit pages and nominee files of unchanged agencies, kept as the last build made them
    extra: dict = field(default_factory=dict)  # the config's `extra:` (templates read it)


class _Writer:
    """Writes files under docs_dir, only when their bytes changed (MkDocs and the browser cache
    see untouched files as untouched). Plain `os` calls on text paths: tens of thousands of files
    at national scale, and pathlib's objects cost more than the writing."""

    def __init__(self, root: Path):
        self.root = root
        self._root = str(root)
        self.written: set[str] = set()  # relative paths (as given, "/"-separated) this build has
        self.manifest: dict[str, str] = {}  # every file written: relative path → sha256 (publish compares)
        self.pending: dict[str, list[Future]] = {}  # files still being made elsewhere, in parts
        self.folders: set[str] = set()  # known to exist (thousands of unit files share one)

    def write(self, relative: str, content: str | bytes | Future | list[Future]) -> None:
        """Write the file; a Future (or parts, each a Future) is written once made (`settle`)."""
        self.written.add(relative)
        if isinstance(content, (Future, list)):
            self.pending[relative] = content if isinstance(content, list) else [content]
            return
        data = content.encode("utf-8") if isinstance(content, str) else content
        self.manifest[relative] = hashlib.sha256(data).hexdigest()
        path = os.path.join(self._root, relative)
        folder = os.path.dirname(path)
        if folder in self.folders or os.path.isdir(folder):
            try:  # read back only a file of the same size: another size is another content
                if os.stat(path).st_size == len(data):
                    with open(path, "rb") as existing:
                        if existing.read() == data:
                            return
            except FileNotFoundError:
                pass
        else:
            os.makedirs(folder, exist_ok=True)
        self.folders.add(folder)
        with open(path, "wb") as target:
            target.write(data)

    def settle(self) -> float:
        """Write the files still being made, once they are; the seconds spent waiting for them."""
        start = time.perf_counter()
        for relative, parts in sorted(self.pending.items()):
            self.write(relative, b"".join(part.result() for part in parts))
        self.pending.clear()
        return time.perf_counter() - start

    def keep(self, relative: str, digest: str) -> None:
        """A file left as the last build wrote it (its sha256 known): neither made nor removed."""
        self.written.add(relative)
        self.manifest[relative] = digest

    def remove_stale(self) -> None:
        """Remove the files this build did not write or keep, then the folders left empty."""
        for folder, _, files in os.walk(self._root, topdown=False):
            inside = os.path.relpath(folder, self._root).replace(os.sep, "/")
            prefix = "" if inside == "." else inside + "/"
            for name in files:
                if prefix + name not in self.written:
                    os.unlink(os.path.join(folder, name))
            if folder != self._root and not os.listdir(folder):
                os.rmdir(folder)


def _status(settings, key: str) -> tuple[str, str]:
    return settings.status_labels.get(key, key), settings.status_colors.get(key, "#999999")


def _count(value, k: int) -> str:
    """A published count: "< k" where disclosure control removed it."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return f"< {k}"
    return fmt_int(value)


def _level_text(target) -> str:
    text = f"bậc {target.min_level} trở lên"
    return text + " và ngoại ngữ chuyên ngành" if target.specialized else text


def _target_context(t: TargetView, view: SiteView, settings, link_prefix: str = "") -> dict:
    row, target, k = t.latest, t.target, view.k
    status_label, _ = _status(settings, t.assessment.status)
    suppressed = bool(row.get("suppressed"))
    population = row.get("population")
    percent_text = "không công bố" if suppressed else fmt_percent(row.get("percent"))
    detail = []
    a = t.assessment
    if a.met_at_deadline is not None:
        detail.append(("đã đạt" if a.met_at_deadline else "chưa đạt") + f" tại hạn 31/12/{target.year}")
    if a.ratio is not None:
        detail.append(f"tốc độ thực tế bằng {fmt_percent(a.ratio * 100, 0)} tốc độ cần có")
    if a.projected_year:
        detail.append(f"theo tốc độ hiện nay sẽ đạt vào năm {a.projected_year}")
    first = next((s for s in t.series if s["percent"] is not None), None)
    trend_text = ""
    if first and len(t.series) > 1 and not suppressed and first["date"] != view.latest_date:
        trend_text = f"Từ {fmt_date(first['date'])}: {fmt_percent(first['percent'])} → {percent_text}"
    focus_text = ""
    if target.focus and not suppressed:
        if row.get("focus_population") is None:
            focus_text = f"< {k} người"
        else:
            focus_text = (f"{fmt_percent(row.get('focus_percent'))} "
                          f"({_count(row.get('focus_achieved'), k)} / {_count(row.get('focus_population'), k)} người)")
    missing = row.get("missing_people")
    return {
        "key": target.key,
        "anchor": Markup(target.key),
        "year": target.year,
        "label": t.label,
        "quote": target.quote,
        "specialized": target.specialized,
        "status": Markup(a.status),
        "status_label": status_label,
        "status_detail": "; ".join(detail),
        "target_text": fmt_target(target.percent),
        "level_text": _level_text(target),
        "percent_text": percent_text,
        "level_only_text": "không công bố" if suppressed else fmt_percent(row.get("percent_level_only")),
        "population_text": _count(population, k) if population != 0 else "0",
        "achieved_text": _count(row.get("achieved"), k) if not suppressed else "–",
        "missing_text": "–" if suppressed or missing is None else fmt_int(missing),
        "people_text": (f"Nhóm có dưới {k} người: không công bố tỷ lệ.") if suppressed else
                       Markup(f"Còn thiếu **{md_escape(fmt_int(missing))}** người để đạt chỉ tiêu.") if missing else
                       "Không còn thiếu người nào.",
        "trend_text": trend_text,
        "focus_quote": target.focus.text if target.focus else "",
        "focus_text": focus_text,
        "link": md_link(f"{t.label} ({target.year})", f"{link_prefix}nhom/{target.group}.md#{target.key}"),
    }


class SiteRenderer:
    def __init__(self, view: SiteView, settings, docs_dir: Path, file_cache: FileCache | None = None):
        self.view = view
        self.file_cache = file_cache or FileCache(None)
        self.settings = settings
        self.env = make_environment(settings.templates_dir)
        docs_dir.mkdir(parents=True, exist_ok=True)
        self.out = _Writer(docs_dir)
        self.docs_dir = docs_dir
        self.charts = 0
        self.pages = 0
        self.search_entries: list[dict] = []
        self.file_seconds = 0.0
        self.kept: _KeptAgencies | None = None  # internal site only
        self.nav: list = []

    # -- helpers -------------------------------------------------------------------------------
    def page(self, relative: str, template: str, **context) -> None:
        text = self.env.get_template(template).render(view=self.view, **context)
        self.out.write(relative, text)
        self.pages += 1

    def data_sections(self, page: str, holder_id: str, sections: list[Section], in_markdown: bool = True) -> Markup:
        """Write the sections' data file beside `page` and return what the page carries: the holder
        and the script tag loading that file (directory URLs: page x/y.md is served as x/y/)."""
        data_path = _data_path(page)
        self.out.write(data_path, data_file(holder_id, sections))
        return data_holder(holder_id, f"../{Path(data_path).name}", in_markdown)

    def chart(self, name: str, alt: str, page_depth: int, draw, *args) -> Markup:
        """Draw (or take from the cache) `draw(*args)` as assets/charts/<name>.svg; the image's Markdown."""
        start = time.perf_counter()
        self.out.write(f"assets/charts/{name}.svg", self.file_cache.svg(draw, *args))
        self.file_seconds += time.perf_counter() - start
        self.charts += 1
        prefix = "../" * page_depth
        return Markup(f"![{md_escape(alt)}]({prefix}assets/charts/{name}.svg){{ .tiendo-chart }}")

    # -- pages ---------------------------------------------------------------------------------
    def render(self) -> None:
        """Write the pages; charts and workbooks not in the cache are still being made after it
        returns (`finish` waits for them)."""
        view, settings = self.view, self.settings
        targets = [_target_context(t, view, settings) for t in view.targets]
        self._home(targets)
        group_nav = self._groups()
        plan_nav = self._plans()
        self.page("phuong-phap.md", "methodology.md.j2",
                  groups=[(key, {"label": g.label, "description": _group_description(g)})
                          for key, g in view.groups.items() if any(t.target.group == key for t in view.targets)],
                  labels=settings.status_labels, thresholds=settings.thresholds,
                  exclude_exempt=settings.exclude_exempt)
        self._downloads()
        self._assets()
        nav = [{"Trang chủ": "index.md"}, {"Chỉ tiêu theo nhóm": group_nav}, *plan_nav,
               {"Phương pháp": "phuong-phap.md"}, {"Dữ liệu": "du-lieu.md"}]
        nav += self._changes()
        nav += self._ranking()
        if view.is_public:
            self._public_units()
            nav += [{"Đơn vị": "don-vi/index.md"}]
        if not view.is_public:
            self.kept = _KeptAgencies.open(self.docs_dir.parent / UNIT_PAGES_RECORD, view, self.settings)
            self._units()
            nav += self._training()
            self._problems()
            nav += [{"Đơn vị": "don-vi/index.md"}, {"Chất lượng dữ liệu": "chat-luong-du-lieu.md"}]
        nav += self._content_pages()
        self.out.remove_stale()
        self.nav = nav

    def finish(self) -> RenderedSite:
        """Wait for the charts and workbooks still being made, write them, and describe the site."""
        self.file_seconds += self.out.settle()
        if self.kept is not None:
            for record in self.kept.made_nominee_files.values():
                record[1] = self.out.manifest[record[0]]
            self.kept.save()
        scripts = [] if self.view.is_public else [TABLE_SCRIPT]
        # the internal theme (overrides/internal/main.html) draws the banner of every page from these
        extra = {} if self.view.is_public else {"tiendo_banner": self.settings.internal_banner,
                                                 "tiendo_note": INTERNAL_NOTE}
        return RenderedSite(self.docs_dir, self.nav, self.pages, self.charts, self.search_entries, scripts,
                            self.out.manifest, self.file_seconds, self.kept.count if self.kept else 0, extra)

    def _home(self, targets: list[dict]) -> None:
        view = self.view
        shown = [(t.label + f" ({t.target.year})", None if t.latest.get("suppressed") else t.latest.get("percent"),
                  float(t.target.percent)) for t in view.targets]
        met = sum(1 for t in view.targets if t.assessment.status == "achieved")
        summary = (f"**{met}/{len(view.targets)}** chỉ tiêu đã đạt tại kỳ {fmt_date(view.latest_date)}. "
                   "Mỗi chỉ tiêu được đánh giá riêng theo tốc độ tiến tới mục tiêu.")
        best = max((p for _, p, _ in shown if p is not None), default=None)
        alt = "Biểu đồ tỷ lệ đạt so với chỉ tiêu của từng nhóm: " + "; ".join(
            f"{label}: {fmt_percent(p) if p is not None else 'không công bố'} / chỉ tiêu {fmt_target(t)}"
            for label, p, t in shown)
        chart = self.chart("tong-hop", alt, 0, "bars_against_target",
                           [s[0] for s in shown], [s[1] for s in shown], [s[2] for s in shown],
                           f"Tỷ lệ đạt so với chỉ tiêu, kỳ {fmt_date(view.latest_date)}") if shown else ""
        self.page("index.md", "home.md.j2", targets=targets, summary_sentence=Markup(summary),
                  overview_chart=chart,
                  overview_table_note="" if best is not None else "Chưa có số liệu để vẽ biểu đồ.")

    def _groups(self) -> list:
        view, nav = self.view, []
        groups_in_plan = []
        for t in view.targets:
            if t.target.group not in groups_in_plan:
                groups_in_plan.append(t.target.group)
        for key in groups_in_plan:
            group = view.groups[key]
            contexts = []
            for t in (t for t in view.targets if t.target.group == key):
                ctx = _target_context(t, view, self.settings, link_prefix="../")
                ctx["series"] = [{"date": s["date"],
                                  "percent_text": "không công bố" if s["suppressed"] else fmt_percent(s["percent"]),
                                  "population_text": _count(s["population"], view.k) if s["population"] != 0 else "0"}
                                 for s in t.series]
                dates = [s["date"] for s in t.series]
                values = [None if s["suppressed"] else s["percent"] for s in t.series]
                ctx["trend_chart"] = self.chart(
                    f"xu-huong-{t.target.key}",
                    f"Tỷ lệ {group.label.lower()} đạt {_level_text(t.target)} qua các kỳ: " + "; ".join(
                        f"{fmt_date(d)}: {fmt_percent(v) if v is not None else 'không công bố'}"
                        for d, v in zip(dates, values)) + f"; chỉ tiêu {fmt_target(t.target.percent)} năm {t.target.year}.",
                    1, "trend", dates, values, float(t.target.percent), t.target.year,
                    f"{group.short}: tỷ lệ đạt qua các kỳ")
                ctx["units"], ctx["units_chart"] = self._unit_breakdown(t, group)
                ctx["breakdowns"] = self._breakdown_tables(t.target.key)
                ctx["levels"], ctx["level_note"] = self._level_row(t.target.key)
                contexts.append(ctx)
            self.page(f"nhom/{key}.md", "group.md.j2", group=group, targets=contexts)
            nav.append({group.short: f"nhom/{key}.md"})
        return nav

    def _breakdown_tables(self, key: str) -> list[dict]:
        table = self.view.breakdowns
        if table is None or table.empty:
            return []
        k, tables = self.view.k, []
        age_order = age_band_labels(list(self.settings.age_bands)) + [UNKNOWN]
        for dimension, title in (("gender", "Giới tính"), ("age_band", "Nhóm tuổi"), ("language", "Ngoại ngữ")):
            part = table[(table["target_key"] == key) & (table["dimension"] == dimension)]
            if part.empty:
                continue
            if dimension == "age_band":
                part = part.assign(_o=part["value"].map(lambda v: age_order.index(v) if v in age_order else 99))
                part = part.sort_values("_o")
            elif dimension == "language":
                part = part.assign(_o=part["population"].map(lambda v: -(v if v is not None else 0)))
                part = part.sort_values(["_o", "value"])
            rows = [{"value": r["value"], "population": _count(r["population"], k),
                     "achieved": _count(r["achieved"], k) if r["population"] is not None else "–",
                     "percent": "không công bố" if r["percent"] is None or pd.isna(r["percent"]) else fmt_percent(r["percent"])}
                    for _, r in part.iterrows()]
            tables.append({"title": title, "rows": rows})
        return tables

    def _level_row(self, key: str) -> tuple[Markup | str, str]:
        table = self.view.levels
        if table is None or table.empty or key not in set(table["target_key"]):
            return "", ""
        row = table[table["target_key"] == key].iloc[0]
        cells = [_count(row[f"level_{i}"], self.view.k) if row[f"level_{i}"] != 0 else "0" for i in range(7)]
        note = f"ô dưới {self.view.k} người ghi «< {self.view.k}»" if self.view.is_public else "số người"
        return Markup("| " + " | ".join(md_escape(c) for c in cells) + " |"), note

    def _changes(self) -> list:
        view = self.view
        if view.changes is None or len(view.cycles) < 2:
            return []
        table = view.changes
        totals = view.change_totals
        counts = ("up", "same", "down", "joined", "left")
        names = table["unit_name"].where(table["unit_name"].astype(bool) & table["unit_name"].notna(), table["unit"])
        cells = {c: [_count(v, view.k) if v != 0 else "0" for v in table[c].tolist()] for c in counts}
        rows = [{"name": name, **{c: cells[c][i] for c in counts}} for i, name in enumerate(names.tolist())]
        sections = None
        if not view.is_public:
            # every unit of the territory (12.000 at national scale): drawn from a data file, as unit pages are
            sections = self.data_sections("thay-doi.md", "thay-doi-du-lieu", [Section(
                "theo-don-vi", "Theo đơn vị", ["Đơn vị", *CHANGE_COLUMNS],
                [[r["name"], *(r[c] for c in counts)] for r in rows], numeric=[1, 2, 3, 4, 5], filter=True)])
        self.page("thay-doi.md", "changes.md.j2", rows=rows, sections=sections, columns=CHANGE_COLUMNS,
                  totals={key: _count(v, view.k) for key, v in totals.items()}, previous=view.cycles[-2][1])
        return [{"Thay đổi so với kỳ trước": "thay-doi.md"}]

    def _training(self) -> list:
        view = self.view
        if view.nominees is None:
            return []
        units = view.units
        names = dict(zip(units["unit_code"], units["unit_name"]))
        chosen = view.chosen
        agencies = []
        slugs = dict(zip(units["unit_code"], units["slug"]))
        for code, rows, count in _nominated_by_agency(view.nominees, self.kept.agency_of):
            kept = self.kept.keep_nominee_file(code, self.out, self.docs_dir)
            if kept:  # the agency's data is as the last build saw it: its file too
                agencies.append({"name": names.get(code, code), "count": count, "link": md_link("tải về", kept)})
                continue
            start = time.perf_counter()  # the workbook's table is a download's work, not a page's
            part = view.nominees.take(rows)  # only the agencies whose file is made: their rows
            labels = {key: self._target_label(key) for key in part["target_key"].unique()}
            sheet = part.assign(unit_name=part["unit_code"].map(names), target=part["target_key"].map(labels),
                                is_leader=np.where(part["is_leader"].astype(bool), "Có", "Không"),
                                focus=np.where(part["focus"].astype(bool), "Có", ""))
            sheet = sheet[["unit_name", "target", "rank", "focus", "staff_id", "full_name", "position", "is_leader",
                           "age", "level", "best_language", "training_need", "training_mode"]]
            if len(sheet) <= XLSX_MAX_ROWS:
                name = f"downloads/de-cu/{slugs[code]}.xlsx"
                self.out.write(name, self.file_cache.xlsx({"Đề cử": sheet}, NOMINEE_HEADERS))
            else:  # a whole province of a national roll-up: Excel would take minutes to write, CSV opens in it
                name = f"downloads/de-cu/{slugs[code]}.csv"
                self.out.write(name, self.file_cache.csv(sheet.rename(columns=NOMINEE_HEADERS)))
            self.file_seconds += time.perf_counter() - start
            self.kept.made_nominee_files[code] = [name, None]  # its sha256 once written (finish)
            agencies.append({"name": names.get(code, code), "count": count, "link": md_link("tải về", name)})
        classes = view.classes.to_dict("records") if view.classes is not None else []
        budget_rows = view.budget.to_dict("records") if view.budget is not None else []
        total = {"people": sum(b["people"] for b in budget_rows), "courses": sum(b["courses"] for b in budget_rows),
                 "cost": sum(b["cost"] for b in budget_rows)}
        registered = view.registered
        self.page("boi-duong.md", "training.md.j2", agencies=agencies, classes=classes, budget=budget_rows,
                  budget_total=total, total=len(chosen), registered=registered, class_size=self.settings.class_size,
                  currency=self.settings.costs.get("currency", "đồng"))
        return [{"Bồi dưỡng": "boi-duong.md"}]

    @functools.cached_property
    def _top_rows(self) -> list[tuple]:
        """(target view, {unit code: its top-level row}), made once: looked up per unit and target."""
        return [(t, {r["unit"]: r for r in t.top_units.to_dict("records")}) for t in self.view.targets]

    def _unit_rows(self, code: str) -> list[dict]:
        """One row per target for a top-level unit (public: suppressed as published)."""
        rows = []
        for t, by_code in self._top_rows:
            r = by_code.get(code)
            if r is None:
                continue
            hidden = bool(r.get("suppressed"))
            population = r["population"]
            rows.append({
                "key": t.target.key,
                "link": md_link(self.view.groups[t.target.group].short, f"../nhom/{t.target.group}.md#{t.target.key}"),
                "year": t.target.year, "target_text": fmt_target(t.target.percent),
                "population_text": "0" if population == 0 else _count(population, self.view.k),
                "achieved_text": "–" if hidden else fmt_int(r["achieved"]),
                "percent_text": "không công bố" if hidden else fmt_percent(r["percent"]),
                "missing_text": "–" if hidden else fmt_int(r["missing_people"]),
                "met_text": "–" if hidden or population == 0 else ("Đạt" if r["met"] else "Chưa đạt"),
                "_percent": None if hidden or population == 0 else float(r["percent"]),
                "_target": float(t.target.percent), "_met": None if hidden or population == 0 else bool(r["met"]),
            })
        return rows

    def _public_units(self) -> None:
        top = self.view.top_units
        index_rows = []
        for _, u in top.iterrows():
            self.page(_unit_page(u["slug"]), "top_unit.md.j2",
                      unit={"name": u["unit_name"], "targets": self._unit_rows(u["unit_code"])})
            index_rows.append({"link": md_link(u["unit_name"], f"{u['slug']}.md"),
                               "tier": tier_labels().get(u["tier"], u["tier"]), "children": None, "people": None})
        self.page("don-vi/index.md", "units_index.md.j2", units=index_rows)

    def _ranking(self) -> list:
        view = self.view
        top = view.top_units
        if top is None or top.empty or not view.targets:
            return []
        headers = [f"{view.groups[t.target.group].short} {t.target.year}" for t in view.targets]
        ranked = []
        for _, u in top.iterrows():
            rows = {r["key"]: r for r in self._unit_rows(u["unit_code"])}
            cells, met, counted, gaps = [], 0, 0, []
            for t in view.targets:
                r = rows.get(t.target.key)
                if r is None or r["_percent"] is None:
                    cells.append("–")
                    continue
                counted += 1
                met += int(bool(r["_met"]))
                gaps.append(r["_percent"] - r["_target"])
                cells.append(fmt_percent(r["_percent"]) + (" ✓" if r["_met"] else ""))
            mean_gap = sum(gaps) / len(gaps) if gaps else float("-inf")
            link = md_link(u["unit_name"], _unit_page(u["slug"]))
            ranked.append({"link": link, "met": met, "counted": counted, "cells": cells, "_gap": mean_gap,
                           "_name": fold(u["unit_name"])})
        # units have different groups: compare the share of their own targets met, then the gap
        ranked.sort(key=lambda r: (-(r["met"] / r["counted"]) if r["counted"] else 1, -r["_gap"], r["_name"]))
        for position, row in enumerate(ranked, start=1):
            row["rank"] = position
        self.page("xep-hang.md", "ranking.md.j2", headers=headers, rows=ranked)
        return [{"Xếp hạng đơn vị": "xep-hang.md"}]

    def _target_label(self, key: str) -> str:
        for t in self.view.targets:
            if t.target.key == key:
                return f"{t.label} ({t.target.year})"
        return key

    def _unit_breakdown(self, t: TargetView, group) -> tuple[list[dict], Markup | str]:
        view, k = self.view, self.view.k
        rows = []
        slugs = dict(zip(view.units["unit_code"], view.units["slug"])) if view.units is not None else {}
        labels, values = [], []
        for _, u in t.top_units.iterrows():
            if u["population"] == 0:
                continue
            suppressed = bool(u.get("suppressed"))
            name = u["unit_name"]
            rows.append({
                "name_cell": md_link(name, "../" + _unit_page(slugs[u["unit"]])) if u["unit"] in slugs else name,
                "population_text": _count(u["population"], k),
                "achieved_text": "–" if suppressed else fmt_int(u["achieved"]),
                "percent_text": "không công bố" if suppressed else fmt_percent(u["percent"]),
                "missing_text": "–" if suppressed else fmt_int(u["missing_people"]),
            })
            labels.append(name)
            values.append(None if suppressed else float(u["percent"]))
        if not rows:
            return rows, "Không có đơn vị nào có người thuộc nhóm này."
        shown = [v for v in values if v is not None]
        met = sum(1 for v in shown if v >= t.target.percent)
        alt = (f"Tỷ lệ đạt theo đơn vị, nhóm {group.label.lower()}, chỉ tiêu năm {t.target.year} "
               f"{fmt_target(t.target.percent)}: {met}/{len(shown)} đơn vị có số liệu công bố đã đạt"
               + (f"; cao nhất {fmt_percent(max(shown))}, thấp nhất {fmt_percent(min(shown))}." if shown else "."))
        return rows, self.chart(f"don-vi-{t.target.key}", alt, 1, "bars_against_target", labels, values,
                                float(t.target.percent), f"Tỷ lệ đạt theo đơn vị, chỉ tiêu năm {t.target.year}")

    def _plans(self) -> list:
        plans = self.view.plans
        nav = []
        links = {t.target.key: f"nhom/{t.target.group}.md#{t.target.key}" for t in self.view.targets}
        for index, plan in enumerate(plans):
            name = "ke-hoach.md" if len(plans) == 1 else f"ke-hoach-{index + 1}.md"
            front = f"---\ntitle: {yaml_text(plan.title or 'Kế hoạch')}\n---\n\n"
            chart = ""
            if plan.roadmap:
                phases = [(p.label, p.start, p.end) for p in plan.roadmap]
                now = "; ".join(f"{p.label} ({'đã qua' if self.view.latest_date.year > p.end else 'sắp tới' if self.view.latest_date.year < p.start else 'đang thực hiện'})"
                                for p in plan.roadmap)
                chart = self.chart(f"lo-trinh-{index + 1}",
                                   f"Lộ trình của kế hoạch; số liệu đến {fmt_date(self.view.latest_date)}: {now}.", 0,
                                   "timeline", phases, self.view.latest_date, "Lộ trình thực hiện")
            text = front + plan_markdown(plan, links, as_of=self.view.latest_date, task_status=self.view.task_status,
                                         roadmap_chart=chart)
            self.out.write(name, text)
            self.pages += 1
            nav.append({"Kế hoạch" if len(plans) == 1 else f"Kế hoạch {index + 1}": name})
        return nav

    def _downloads(self) -> None:
        view = self.view
        scope = "toàn địa bàn và các đơn vị cấp cao nhất" if view.is_public else "toàn địa bàn và mọi đơn vị"
        tables = [("chi-tieu", "Chỉ tiêu", view.indicator_table,
                   f"Kết quả từng chỉ tiêu, {scope}, mọi kỳ báo cáo")]
        if view.breakdowns is not None and not view.breakdowns.empty:
            tables.append(("phan-tach", "Phân tách", view.breakdowns,
                           "Từng chỉ tiêu theo giới tính, nhóm tuổi, ngoại ngữ (toàn địa bàn, kỳ mới nhất)"))
        if view.levels is not None and not view.levels.empty:
            tables.append(("trinh-do", "Trình độ", view.levels,
                           "Số người của mỗi nhóm theo trình độ cao nhất (level_0 = chưa có … level_6)"))
        if view.changes is not None:
            tables.append(("thay-doi", "Thay đổi", view.changes, "Thay đổi so với kỳ trước, theo đơn vị"))
        if view.unit_breakdowns is not None and not view.unit_breakdowns.empty:
            tables.append(("phan-tach-don-vi", "Phân tách theo đơn vị", view.unit_breakdowns,
                           "Từng chỉ tiêu theo giới tính, nhóm tuổi, ngoại ngữ cho mọi đơn vị (kỳ mới nhất)"))
        downloads = []
        start = time.perf_counter()
        for name, sheet, table, description in tables:
            self.out.write(f"downloads/{name}.csv", self.file_cache.csv(table))
            links = [md_link(name + ".csv", f"downloads/{name}.csv")]
            if "cycle" in table and len(table) > XLSX_SPLIT_ROWS and table["cycle"].nunique() > 1:
                # One workbook per cycle: a new cycle or one agency's new file leaves the workbooks
                # of earlier cycles as they were (taken from the cache, not written again).
                for cycle, part in table.groupby("cycle", sort=True):
                    if len(part) <= XLSX_MAX_ROWS:
                        self.out.write(f"downloads/{name}-{cycle}.xlsx", self.file_cache.xlsx({sheet: part}))
                        links.append(md_link(f"{name}-{cycle}.xlsx", f"downloads/{name}-{cycle}.xlsx"))
            elif len(table) <= XLSX_MAX_ROWS:  # beyond that, writing Excel costs more than it helps
                self.out.write(f"downloads/{name}.xlsx", self.file_cache.xlsx({sheet: table}))
                links.append(md_link(name + ".xlsx", f"downloads/{name}.xlsx"))
            downloads.append({"link": Markup(" · ".join(links)),
                              "description": f"{description} ({fmt_int(len(table))} dòng)"})
        self.file_seconds += time.perf_counter() - start
        self.page("du-lieu.md", "downloads.md.j2", downloads=downloads, dictionary=DICTIONARY)

    def _assets(self) -> None:
        css = (self.settings.templates_dir / "assets" / "tiendo.css").read_text(encoding="utf-8")
        # Black text on the Okabe–Ito colours keeps a contrast ratio above 4.5:1.
        css += "".join(f".tiendo-status--{key} {{ background: {colour}; }}\n"
                       for key, colour in self.settings.status_colors.items())
        self.out.write("assets/tiendo.css", css)
        if not self.view.is_public:
            self.out.write(TABLE_SCRIPT, (self.settings.templates_dir / TABLE_SCRIPT).read_bytes())
        for font in sorted((self.settings.templates_dir / "assets" / "fonts").iterdir()):
            self.out.write(f"assets/fonts/{font.name}", font.read_bytes())

    def _content_pages(self) -> list:
        pages_dir = self.settings.content_dir / "pages"
        nav = []
        if not pages_dir.is_dir():
            return nav
        for path in sorted(pages_dir.glob("*.md")):
            text = path.read_text(encoding="utf-8")
            self.out.write(f"trang/{path.name}", text)
            self.pages += 1
            title = next((line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("# ")), path.stem)
            nav.append({title: f"trang/{path.name}"})
        return nav

    # -- internal only -------------------------------------------------------------------------
    def _units(self) -> None:
        view = self.view
        units = view.units
        tiers = tier_labels()
        cats = category_labels()
        records = units.to_dict("records")
        children: dict[str, list] = {}
        for u in records:
            children.setdefault(u["parent_code"], []).append(u)
        levels = view.unit_levels if view.unit_levels is not None else pd.DataFrame()
        # everyone in the subtree, exempt people too: the same people as the own-staff counts
        people_total = view.unit_headcount.to_dict() if view.unit_headcount is not None else {}
        level_rows = {code: [int(v) for v in row] for code, row in
                      zip(levels.index, levels.reindex(columns=range(7), fill_value=0).to_numpy())} if len(levels) else {}
        own = view.unit_people if view.unit_people is not None else pd.DataFrame()
        own_rows = own.reindex(columns=list(cats), fill_value=0).to_dict("index") if len(own) else {}
        names = dict(zip(units["unit_code"], units["unit_name"]))
        slugs = dict(zip(units["unit_code"], units["slug"]))
        parents = dict(zip(units["unit_code"], units["parent_code"]))
        shorts = _short_labels(view)
        target_order = [t.target.key for t in view.targets]
        agency_of = self.kept.agency_of
        files_of: dict[str, list[str]] = {}  # agency → its unit pages and their data files
        for u in records:
            page_path = _unit_page(u["slug"])
            files_of.setdefault(agency_of.get(u["unit_code"]), []).extend((page_path, _data_path(page_path)))
        # An agency's pages are kept whole or made whole: what a page shows is gathered below only
        # for the agencies being made, so one file missing from the work folder remakes them all.
        kept_agencies = {a for a in self.kept.unchanged if self.kept.all_there(files_of.get(a, []), self.docs_dir)}
        build_codes = {u["unit_code"] for u in records if agency_of.get(u["unit_code"]) not in kept_agencies}
        by_unit: dict[str, list[dict]] = {}  # only the units whose pages are made (not kept)
        indicators = view.unit_indicators
        for r in indicators.loc[indicators["unit"].isin(build_codes), UNIT_TARGET_COLUMNS].to_dict("records"):
            by_unit.setdefault(r["unit"], []).append(r)
        # People lists are flattened one agency at a time: for the whole country at once they would
        # hold millions of rows as Python lists.
        nominees = view.nominees if view.nominees is not None else pd.DataFrame(columns=BELOW_INPUT)
        rows_of = _rows_by_agency(nominees, agency_of, nominees["unit_code"].isin(build_codes).to_numpy())
        nominees = nominees[BELOW_INPUT]
        below: dict[str, list[tuple]] = {}
        current_agency = None

        def child_rows(code):
            return [[link(c["unit_name"], f"../{slugs[c['unit_code']]}/"), tiers.get(c["tier"], c["tier"]),
                     fmt_int(int(people_total.get(c["unit_code"], 0)))]
                    for c in sorted(children.get(code, []), key=lambda c: c["unit_code"])]

        top = top_level_units(units)
        index_rows = [{"link": md_link(u["unit_name"], f"{u['slug']}.md"), "tier": tiers.get(u["tier"], u["tier"]),
                       "children": len(children.get(u["unit_code"], [])),
                       "people": int(people_total.get(u["unit_code"], 0))} for u in top.to_dict("records")]
        self.page("don-vi/index.md", "units_index.md.j2", units=index_rows)

        records.sort(key=lambda u: agency_of.get(u["unit_code"], ""))  # stable: tree order within an agency
        for u in records:
            code = u["unit_code"]
            page_path = _unit_page(u["slug"])
            tier = tiers.get(u["tier"], u["tier"])
            # Unit pages stay out of MkDocs' search index (every table cell would be indexed);
            # each is findable by its name and code instead.
            self.search_entries.append({
                "location": f"don-vi/{u['slug']}/", "title": u["unit_name"],
                "text": f"Mã đơn vị {code} · cấp {tier} · {fmt_int(int(people_total.get(code, 0)))} người"
                        + (f" · trực thuộc {names[parents[code]]}" if parents.get(code) else "")})
            if agency_of.get(code) != current_agency:  # units come agency by agency (see records order)
                current_agency = agency_of.get(code)
                rows = rows_of.pop(current_agency, None)
                below = _people_below(target_order, shorts, nominees.take(rows)) if rows is not None else {}
            data_path = _data_path(page_path)
            if code not in build_codes:
                self.kept.keep_files((page_path, data_path), self.out)
                self.pages += 1
                continue
            chain, current = [], parents.get(code, "")
            while current:  # directory URLs, built by the code (raw HTML: MkDocs does not rewrite it)
                chain.append(Markup('<a href="../{}/">{}</a>').format(slugs[current], names[current]))
                current = parents.get(current, "")
            own_counts = [int(own_rows.get(code, {}).get(key, 0)) for key in cats]
            level_row = level_rows.get(code, [0] * 7)
            target_rows, empty_groups, met = [], [], 0
            for r in by_unit.get(code, []):
                label = shorts.get(r["target_key"], r["group"])
                if r["population"] == 0:  # a school has no commune staff: one sentence, not a row of zeros
                    if label not in empty_groups:
                        empty_groups.append(label)
                    continue
                met += bool(r["met"])
                target_rows.append([label, str(r["year"]), fmt_target(r["target_percent"]), fmt_int(r["population"]),
                                    fmt_int(r["achieved"]), fmt_percent(r["percent"]), fmt_int(r["missing_people"]),
                                    "Đạt" if r["met"] else "Chưa đạt"])
            people_below = below.get(code, [])
            total = int(people_total.get(code, 0))
            summary = f"<strong>{fmt_int(sum(own_counts))}</strong> người của riêng đơn vị"
            if total != sum(own_counts):
                summary += f", <strong>{fmt_int(total)}</strong> người kể cả các đơn vị trực thuộc"
            summary += (f"; đạt <strong>{met}/{len(target_rows)}</strong> chỉ tiêu có người trong nhóm." if target_rows
                        else "; chưa có người thuộc nhóm của chỉ tiêu nào.")
            sections = [
                Section("nhan-su", f"Nhân sự (kỳ {fmt_date(view.latest_date)})", ["", *cats.values(), "Tổng"],
                        [["Của riêng đơn vị", *map(fmt_int, own_counts), fmt_int(sum(own_counts))]],
                        numeric=list(range(1, len(cats) + 2))),
                Section("trinh-do", "Trình độ ngoại ngữ", list(LEVEL_COLUMNS), [[fmt_int(n) for n in level_row]],
                        numeric=list(range(7)), intro="Trình độ cao nhất của người trong đơn vị và các đơn vị trực "
                        "thuộc (không tính người thuộc diện không áp dụng)."),
                Section("chi-tieu", "Chỉ tiêu", list(TARGET_COLUMNS) if target_rows else [], target_rows,
                        numeric=[1, 2, 3, 4, 5, 6],
                        intro=f"Đơn vị (kể cả các đơn vị trực thuộc) không có người thuộc nhóm: {'; '.join(empty_groups)}."
                        if empty_groups else ""),
            ]
            if people_below:
                sections.append(Section(
                    "nguoi-chua-dat", "Người chưa đạt chỉ tiêu (nhân sự của riêng đơn vị)", list(BELOW_COLUMNS),
                    people_below, numeric=[3], filter=len(people_below) > 10,
                    intro=f"{fmt_int(len(people_below))} người. «Đề xuất» = nằm trong số người cần cử đi bồi dưỡng để "
                          "đơn vị đạt phần chỉ tiêu của mình (xem trang Bồi dưỡng)."))
            kids = child_rows(code)
            if kids:
                sections.append(Section("don-vi-truc-thuoc", "Đơn vị trực thuộc", ["Đơn vị", "Cấp", "Số người"], kids,
                                        numeric=[2], filter=len(kids) > 10))
            context = {
                "code": code, "name": u["unit_name"], "tier": tier,
                "type": u["unit_type"], "field": u["field"], "parents": Markup(" › ").join(reversed(chain)),
                "summary": Markup(summary),
                "sections": self.data_sections(page_path, "don-vi-du-lieu", sections, in_markdown=False),
            }
            self.page(page_path, "unit.md.j2", unit=context)
            for made in (page_path, data_path):
                self.kept.made_pages[made] = self.out.manifest[made]

    def _problems(self) -> None:
        view = self.view
        labels = column_labels(self.settings.config_dir)
        by_file: dict[str, list] = {}
        for p in view.problems:
            by_file.setdefault(p.file, []).append(p)
        files = []
        reported = {f.file for f in view.file_reports}
        rows = list(view.file_reports) + [type("R", (), {"file": name, "rows_read": 0, "rows_counted": 0,
                                                          "rows_rejected": 0})() for name in by_file if name not in reported]
        for report in rows:
            problems = by_file.get(report.file, [])
            files.append({
                "file": report.file, "agency": view.file_agencies.get(report.file, ""), "rows_read": report.rows_read, "rows_counted": report.rows_counted,
                "rows_rejected": report.rows_rejected,
                "errors": sum(1 for p in problems if p.severity == "error"),
                "warnings": sum(1 for p in problems if p.severity == "warning"),
                "problems": [{"row": p.row if p.row is not None else "–",
                              "column_label": column_label(p.column, labels) or "–",
                              "value": p.value if p.value not in (None, "") else "(trống)", "expected": p.expected,
                              "severity_label": "Lỗi" if p.severity == "error" else "Cảnh báo",
                              "message": p.message} for p in problems],
            })
        validate = "python build.py validate" + command_options(self.settings, "data_dir", "content_dir")
        self.page("chat-luong-du-lieu.md", "problems.md.j2", files=files, validate=validate,
                  errors=sum(1 for p in view.problems if p.severity == "error"),
                  warnings=sum(1 for p in view.problems if p.severity == "warning"))


LEVEL_COLUMNS = ("Chưa có", "Bậc 1", "Bậc 2", "Bậc 3", "Bậc 4", "Bậc 5", "Bậc 6")
TARGET_COLUMNS = ("Nhóm đối tượng", "Năm", "Chỉ tiêu", "Số người trong nhóm", "Đã đạt", "Tỷ lệ", "Còn thiếu", "Đạt?")
CHANGE_COLUMNS = ("Nâng trình độ", "Giữ nguyên", "Giảm (sửa số liệu)", "Mới", "Không còn")
BELOW_COLUMNS = ("Họ và tên", "Mã CBCCVC", "Chức vụ", "Bậc hiện có", "Chưa đạt chỉ tiêu", "Đề xuất")


def _people_below(target_order: list[str], shorts: dict[str, str], nominees: pd.DataFrame) -> dict[str, ColumnTable]:
    """Per unit, one row per person below at least one target (BELOW_COLUMNS): the nominated first,
    then by level (highest first), name and code. The targets a person is below are joined in the
    plan's order (`target_order`). Vectorised on integer codes (a person is one staff ID, in one
    unit): a province has tens of thousands of rows, the country millions."""
    if nominees.empty:
        return {}
    person, _ = pd.factorize(nominees["staff_id"])  # numbered in order of first appearance
    if (person < 0).any():  # no staff ID: no person to list
        nominees, person = nominees[person >= 0], person[person >= 0]
        if nominees.empty:
            return {}
    count = int(person.max()) + 1
    first = _first_positions(person, count)  # each person's first row: name, unit, level
    nominated = np.bincount(person[nominees["nominated"].to_numpy(dtype=bool)], minlength=count) > 0
    # Which targets each person is below: a row of flags per person, one column per target in the
    # plan's order; each distinct row of flags is labelled once.
    keys = sorted(nominees["target_key"].unique(), key=lambda k: (target_order.index(k) if k in target_order
                                                                  else len(target_order), k))
    column = lookup(nominees["target_key"], {key: i for i, key in enumerate(keys)}).to_numpy(dtype=np.int64)
    below = np.zeros((count, len(keys)), dtype=bool)
    below[person, column] = True
    packed = np.packbits(below, axis=1)
    if packed.shape[1] <= 8:  # up to 64 targets: each row of flags as one number
        packed = np.pad(packed, ((0, 0), (0, 8 - packed.shape[1]))).view(np.uint64).ravel()
        combination, _ = pd.factorize(packed)
    else:
        combination = pd.MultiIndex.from_arrays(list(packed.T)).factorize()[0]
    labels = [", ".join(f"{shorts.get(key, key)} {key.rsplit('-', 1)[-1]}" for key, flag in zip(keys, flags) if flag)
              for flags in below[_first_positions(combination, int(combination.max()) + 1)]]
    people = nominees[["unit_code", "staff_id", "full_name", "position", "level"]].take(first).reset_index(drop=True)
    people["nominated"] = nominated
    order = sorted_order(people, [("unit_code", "ascending"), ("nominated", "descending"), ("level", "descending"),
                                  ("full_name", "ascending"), ("staff_id", "ascending")])
    # Columns of few distinct values as integer codes into a list of labels: each unit's file
    # carries only the labels its rows use.
    unit_codes, units = pd.factorize(people["unit_code"].take(order), use_na_sentinel=False)  # a unit's rows are together
    bounds = np.flatnonzero(runs_begin(unit_codes))[1:]
    starts, ends = np.r_[0, bounds].tolist(), np.r_[bounds, len(unit_codes)].tolist()
    levels = people["level"].to_numpy(dtype=float, na_value=np.nan)[order]
    known = (levels >= 0) & (levels < 7)
    level_codes = np.where(known, np.nan_to_num(levels), 7).astype(np.int64)
    position_codes, positions = pd.factorize(people["position"].take(order), use_na_sentinel=False)
    coded_columns = [_codes_by_unit(unit_codes, position_codes, list(positions)),
                     _codes_by_unit(unit_codes, level_codes, [fmt_int(n) for n in range(7)] + [""]),
                     _codes_by_unit(unit_codes, combination[order], labels),
                     _codes_by_unit(unit_codes, (~nominated[order]).astype(np.int64), ["Có", ""])]
    full_names = people["full_name"].take(order).tolist()
    staff_ids = people["staff_id"].take(order).tolist()
    result: dict[str, ColumnTable] = {}
    for unit, (code, first, last) in enumerate(zip(units, starts, ends)):
        result[code] = ColumnTable([full_names[first:last], staff_ids[first:last],
                                    *(coded(texts[label_start[unit]:label_start[unit + 1]], local[first:last])
                                      for local, texts, label_start in coded_columns)])
    return result


def _codes_by_unit(unit: np.ndarray, codes: np.ndarray, labels: list) -> tuple[str | list[int], list[str], list[int]]:
    """A coded column of many units' rows (`unit`: each row's unit, ascending) recoded unit by unit:
    (each row's code among its unit's labels (`code_text`: sliced by row like a list), those labels
    unit after unit, where each unit's begin)."""
    pairs, inverse = np.unique(unit.astype(np.int64) * len(labels) + codes, return_inverse=True)
    pair_unit = pairs // len(labels)
    label_start = np.searchsorted(pair_unit, np.arange(int(unit.max()) + 2))
    local = inverse.ravel() - label_start[unit]
    texts = [_label(labels[i]) for i in (pairs % len(labels)).tolist()]
    return code_text(local), texts, label_start.tolist()


def _label(value) -> str:
    return "" if pd.isna(value) else str(value)


def _first_positions(codes: np.ndarray, count: int) -> np.ndarray:
    """For codes 0…count-1, where each first occurs."""
    first = np.full(count, len(codes), dtype=np.int64)
    np.minimum.at(first, codes, np.arange(len(codes)))
    return first


def _rows_by_agency(table: pd.DataFrame, agency_of: dict[str, str], wanted: np.ndarray) -> dict[str, np.ndarray]:
    """The positions of the `wanted` rows of `table`, by the agency of their unit, in table order:
    positions, not copies of the rows (at national scale millions, and most agencies' pages are
    kept as they were). A unit outside the tree has no agency: its rows are left out."""
    rows = np.flatnonzero(wanted)
    if not len(rows):
        return {}
    agencies = lookup(table["unit_code"].take(rows), agency_of)
    known = agencies.notna().to_numpy()
    rows = rows[known]
    agency, names = pd.factorize(agencies[known], sort=True)
    order = np.argsort(agency, kind="stable")
    bounds = np.flatnonzero(runs_begin(agency[order]))[1:]
    return {names[agency[part[0]]]: rows[part] for part in np.split(order, bounds) if len(part)}


def _nominated_by_agency(nominees: pd.DataFrame | None, agency_of: dict[str, str]) -> list[tuple[str, np.ndarray, int]]:
    """(agency, positions of its nominated rows, how many people they are), by agency code."""
    if nominees is None or not len(nominees):
        return []
    by_agency = _rows_by_agency(nominees, agency_of, nominees["nominated"].to_numpy(dtype=bool))
    return [(agency, rows, nominees["staff_id"].take(rows).nunique()) for agency, rows in by_agency.items()]


# What a unit page's target table shows of the unit indicators: made into records for the page, and
# hashed to tell whether the page changed (one list, so the two cannot drift apart).
UNIT_TARGET_COLUMNS = ["unit", "target_key", "group", "year", "target_percent", "population", "achieved", "percent",
                       "missing_people", "met"]
BELOW_INPUT = ["unit_code", "staff_id", "full_name", "position", "level", "target_key", "nominated"]  # nominee columns


UNIT_PAGES_RECORD = "unit-pages.json"  # beside the docs folder: what each agency's pages were made from


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _short_labels(view: SiteView) -> dict[str, str]:
    """Target key → its group's short label."""
    return {t.target.key: view.groups[t.target.group].short for t in view.targets}


class _KeptAgencies:
    """The internal unit pages and nominee files of agencies whose data is as the last build saw
    it: kept, not made again (one agency's new file leaves the others untouched). The record of
    the last build is removed when rendering starts and written back at the end (`save`), so a
    build stopped halfway is followed by one that makes everything."""

    def __init__(self, path: Path, agency_of: dict[str, str], digests: dict, unchanged: set[str],
                 pages: dict[str, str], nominee_files: dict[str, list]):
        self.path, self.agency_of, self.digests, self.unchanged = path, agency_of, digests, unchanged
        self._pages, self._nominee_files = pages, nominee_files  # what the last build made
        self.made_pages: dict[str, str] = {}  # what this build has (made or kept): path → sha256
        self.made_nominee_files: dict[str, list] = {}  # agency → [path, sha256]
        self.count = 0

    @classmethod
    def open(cls, path: Path, view: SiteView, settings) -> "_KeptAgencies":
        previous = _read_json(path)
        path.unlink(missing_ok=True)
        agency_of = top_unit_map(view.units)
        digests = _agency_digests(view, agency_of, settings, _short_labels(view))
        same_frame = previous.get("global") == digests["global"]
        unchanged = {a for a in set(top_level_units(view.units)["unit_code"])
                     if same_frame and previous.get("agencies", {}).get(a) == digests["agencies"].get(a)}
        return cls(path, agency_of, digests, unchanged, previous.get("pages", {}) if same_frame else {},
                   previous.get("nominee_files", {}) if same_frame else {})

    def all_there(self, paths: list[str], docs_dir: Path) -> bool:
        """Every one of `paths` recorded by the last build and still in the docs folder."""
        root = str(docs_dir)  # plain os calls, as the page writer's: 24,000 files at national scale
        return all(relative in self._pages and os.path.exists(os.path.join(root, relative)) for relative in paths)

    def keep_files(self, paths: tuple[str, ...], out: _Writer) -> None:
        """Keep a unit's files (its page and its data file) as the last build made them (`all_there`)."""
        for relative in paths:
            out.keep(relative, self._pages[relative])
            self.made_pages[relative] = self._pages[relative]
        self.count += len(paths)

    def keep_nominee_file(self, agency: str, out: _Writer, docs_dir: Path) -> str | None:
        """The kept file's path, or None when the agency's file must be made."""
        kept = self._nominee_files.get(agency)
        if agency not in self.unchanged or not kept or not (docs_dir / kept[0]).exists():
            return None
        out.keep(*kept)
        self.made_nominee_files[agency] = kept
        self.count += 1
        return kept[0]

    def save(self) -> None:
        self.path.write_text(json.dumps({**self.digests, "pages": self.made_pages,
                                         "nominee_files": self.made_nominee_files}), encoding="utf-8")


def _agency_digests(view: SiteView, agency_of: dict[str, str], settings, shorts: dict[str, str]) -> dict:
    """A hash of everything the unit pages of each top-level agency show, and one of what every
    unit page shares (the cycle, the targets' labels, the template and tiendo's code, the units
    above the agencies). Equal hashes mean equal pages."""
    units = view.units
    outside = units[units["unit_code"].map(agency_of) == units["unit_code"]]  # roots, above every agency
    shared = hashlib.sha256(repr((
        view.latest_date.isoformat(), sorted(shorts.items()), tier_labels(), category_labels(),
        outside[["unit_code", "unit_name", "slug", "parent_code"]].to_dict("records"),
        (settings.templates_dir / "unit.md.j2").read_text(encoding="utf-8"),
        code_version(),  # all of tiendo: escaping and number formats shape the pages too
        )).encode("utf-8")).hexdigest()  # the banner is in the MkDocs config, not in the unit pages' Markdown
    parts: dict[str, list] = {}
    tables = [(units, "unit_code", ["unit_code", "unit_name", "parent_code", "tier", "unit_type", "field", "slug"])]
    if view.unit_indicators is not None:
        tables.append((view.unit_indicators, "unit", UNIT_TARGET_COLUMNS))
    for extra in (view.unit_levels, view.unit_people, view.unit_headcount):
        if extra is not None and len(extra):
            frame = extra.reset_index()
            tables.append((frame, frame.columns[0], list(frame.columns)))
    if view.nominees is not None and len(view.nominees):  # every column: the unit pages and the workbooks read many
        tables.append((view.nominees, "unit_code", list(view.nominees.columns)))
    for number, (table, key, columns) in enumerate(tables):
        for agency, digest in group_digests(table[columns], lookup(table[key], agency_of)).items():
            parts.setdefault(agency, []).append(f"{number}:{digest}")
    return {"global": shared, "agencies": {a: hashlib.sha256("|".join(h).encode()).hexdigest()
                                           for a, h in sorted(parts.items())}}


def _group_description(group) -> str:
    cats = category_labels()
    tiers = tier_labels()
    parts = [", ".join(cats[c].lower() for c in group.categories)]
    if group.leaders:
        parts.append("giữ chức vụ lãnh đạo, quản lý")
    if group.needs_language:
        parts.append("công tác ở địa bàn, lĩnh vực có yêu cầu sử dụng ngoại ngữ")
    parts.append("của đơn vị cấp " + ", ".join(tiers[t].lower() for t in group.default_tiers)
                 + " (hoặc các cấp kế hoạch nêu)")
    text = "; ".join(parts)
    return text[0].upper() + text[1:]


def _unit_page(slug: str) -> str:
    """A unit's page in the docs folder (both sites)."""
    return f"don-vi/{slug}.md"


def _data_path(page: str) -> str:
    """The data file of a page drawn from data: beside it, same name (don-vi/x.md → don-vi/x.js)."""
    return page.removesuffix(".md") + ".js"


INTERNAL_NOTE = "Trang nội bộ của cơ quan nội vụ: có số liệu chi tiết theo đơn vị và cá nhân."

