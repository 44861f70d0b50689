"""The plan as a page: the document itself, well formatted whatever the input looked like.

Sections become headings with stable anchors, items become lists, and each target sentence is
highlighted with a link to its live indicator. All plan text is escaped: it is shown, never run."""
from __future__ import annotations

import re
from datetime import date

from tiendo.config import load_groups
from tiendo.model import Plan, PlanBlock
from tiendo.render.format import fmt_date
from tiendo.render.markdown import md_escape
from tiendo.text import fold

_HEADING_MARK = {1: "##", 2: "###", 3: "####"}


def _anchor(path: list[str], used: set[str]) -> str:
    """"muc-ii-1-2": the heading's numbers from the top, so "1." under I and under II differ."""
    base = "muc-" + ("-".join(p for p in (re.sub(r"[^a-z0-9]+", "-", fold(x)).strip("-") for x in path) if p) or "x")
    anchor, n = base, 2
    while anchor in used:
        anchor, n = f"{base}-{n}", n + 1
    used.add(anchor)
    return anchor


def _label(block: PlanBlock) -> str:
    if not block.number:
        return ""
    if block.number.isalpha() and len(block.number) == 1 and block.number.islower():
        return f"{block.number}) "
    if block.number in "-+•*–":
        return ""
    return f"{block.number}. "


def _same_agency(a: str, b: str) -> bool:
    """"Sở Nội vụ" in the status file is "2. Sở Nội vụ" or "Sở Nội vụ tỉnh" in the plan."""
    fa, fb = fold(a).strip(" .:"), fold(b).strip(" .:")
    return bool(fa and fb) and (fa == fb or fa.startswith(fb) or fb.startswith(fa))


def task_table(plan: Plan, statuses: list[dict]) -> list[str]:
    """The "Tổ chức thực hiện" part as a table: agency → tasks, with the status where known."""
    lines = ["| Cơ quan | Nhiệm vụ | Nội dung | Trạng thái | Ghi chú |", "|---|---|---|---|---|"]
    previous = None
    for task in plan.tasks:
        match = next((s for s in statuses if _same_agency(s["agency"], task.agency)
                      and fold(s["number"]).strip(" .)") == fold(task.number)), None)
        agency = md_escape(task.agency) if task.agency != previous else ""
        previous = task.agency
        status = md_escape(match["status"]) if match else "–"
        note = md_escape(match["note"]) if match and match.get("note") else ""
        lines.append(f"| {agency} | {md_escape(task.number)} | {md_escape(task.text)} | {status} | {note} |")
    return lines


def roadmap_table(plan: Plan, as_of: date | None) -> list[str]:
    lines = ["| Giai đoạn | Nội dung | Tình trạng |", "|---|---|---|"]
    for phase in plan.roadmap:
        if as_of is None:
            state = "–"
        elif as_of.year > phase.end:
            state = "Đã qua"
        elif as_of.year < phase.start:
            state = "Sắp tới"
        else:
            state = f"**Đang thực hiện** (số liệu đến {fmt_date(as_of)})"
        lines.append(f"| {md_escape(phase.label)} | {md_escape(phase.text)} | {state} |")
    return lines


def plan_markdown(plan: Plan, target_links: dict[str, str], *, as_of: date | None = None,
                  task_status: list[dict] | None = None, roadmap_chart: str = "") -> str:
    lines = [f"# {md_escape(plan.title or 'Kế hoạch')}", ""]
    meta = [x for x in (plan.issuer, f"Số {plan.number}" if plan.number else None,
                        f"ngày {plan.date}" if plan.date else None) if x]
    if meta:
        lines += [" · ".join(md_escape(m) for m in meta), ""]
    lines += [f"Văn bản gốc: `{md_escape(plan.source)}`. Các câu chỉ tiêu được tô màu và dẫn tới kết quả "
              "mới nhất của chỉ tiêu đó.", ""]
    if plan.targets_source == "reviewed":
        lines += ['!!! info "Chỉ tiêu theo tệp đã được kiểm tra"', "",
                  "    Các chỉ tiêu dùng trên trang này lấy từ tệp chỉ tiêu đã được cán bộ kiểm tra.", ""]
        lines += [f"    - {md_escape(note)}" for note in plan.notes] + [""]
    if plan.unparsed:
        lines += ['!!! warning "Câu có dạng chỉ tiêu nhưng chưa đọc được"', ""]
        lines += [f"    - {md_escape(quote)}" for quote in plan.unparsed] + [""]
    used: set[str] = set()
    stack: dict[int, str] = {}  # heading level → its number (or first words)
    skip_title = fold(plan.title)
    shown_sections: set[str] = set()
    for block in plan.blocks:
        text = md_escape(block.text)
        if block.section == "tasks" and plan.tasks:
            if "tasks" not in shown_sections:
                shown_sections.add("tasks")
                lines += task_table(plan, task_status or []) + [""]
            continue
        if block.section == "roadmap" and plan.roadmap:
            if "roadmap" not in shown_sections:
                shown_sections.add("roadmap")
                lines += ([roadmap_chart, ""] if roadmap_chart else []) + roadmap_table(plan, as_of) + [""]
            continue
        if block.kind == "heading" and (fold(block.text) in ("ke hoach",) or fold(block.text) in skip_title):
            continue
        if block.kind == "heading":
            mark = _HEADING_MARK.get(block.level, "#####")
            stack = {level: n for level, n in stack.items() if level < block.level}
            stack[block.level] = block.number or block.text[:30]
            anchor = _anchor([stack[level] for level in sorted(stack)], used)
            lines += [f"{mark} {md_escape(_label(block))}{text} {{ #{anchor} }}", ""]
            continue
        prefix = "- " if block.kind == "item" and block.number in ("-", "+", "•", "*", "–") else ""
        number = f"**{md_escape(_label(block).strip())}** " if block.kind == "item" and _label(block) else ""
        if block.target_keys:
            links = [f"[{md_escape(_key_label(key))}]({target_links[key]})" for key in block.target_keys
                     if key in target_links]
            lines += ['!!! tip "Chỉ tiêu"', "", f"    {number}{text}", ""]
            if links:
                lines += ["    Kết quả: " + " · ".join(links), ""]
            continue
        lines += [f"{prefix}{number}{text}", ""]
    return "\n".join(lines)


def _key_label(key: str) -> str:
    group, _, year = key.rpartition("-")
    groups = load_groups()
    return f"{groups[group].short if group in groups else group} {year}"
