"""The plan page: the document itself, with headings, highlighted targets, links, and no markup
smuggled in by the text."""
from __future__ import annotations

import markdown

from tests.conftest import FIXTURES
from tiendo.load.plans import parse_plan, read_plan
from tiendo.render.plan_page import plan_markdown

EXTENSIONS = ["attr_list", "md_in_html", "tables", "admonition", "toc"]


def render(plan) -> str:
    links = {t.key: f"nhom/{t.group}.md#{t.key}" for t in plan.targets}
    return markdown.markdown(plan_markdown(plan, links), extensions=EXTENSIONS)


def test_headings_lists_and_linked_targets():
    html = render(read_plan(FIXTURES / "plans" / "word-paste.txt"))
    assert '<h2 id="muc-ii">II. MỤC TIÊU</h2>' in html
    assert html.count('class="admonition tip"') == 4
    assert 'href="nhom/cbcc.md#cbcc-2025"' in html and 'href="nhom/vien_chuc_lanh_dao.md#vien_chuc_lanh_dao-2030"' in html


def test_hostile_text_is_shown_not_run():
    plan = parse_plan("I. MỤC TIÊU\n\n- <script>alert(1)</script> [x](javascript:alert(1)) {{ 7*7 }} | a | b |\n"
                      "- 60% viên chức <b>đạt</b> bậc 4 trở lên vào năm 2025 <img src=x onerror=alert(1)>.")
    html = render(plan)
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert 'href="javascript' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html


def test_tasks_become_a_table_with_statuses_and_the_roadmap_a_timeline():
    from datetime import date

    plan = read_plan(FIXTURES.parent.parent / "content" / "plans" / "ke-hoach-tinh-ha-son.md")
    statuses = [{"agency": "Sở Nội vụ", "number": "a", "status": "Đã hoàn thành", "note": "Báo cáo quý"}]
    html = markdown.markdown(plan_markdown(plan, {}, as_of=date(2025, 6, 30), task_status=statuses), extensions=EXTENSIONS)
    assert "<td>Sở Nội vụ</td>\n<td>a</td>" in html and "<td>Đã hoàn thành</td>\n<td>Báo cáo quý</td>" in html
    assert "<td>Giai đoạn 2021 - 2025</td>" in html
    assert "<strong>Đang thực hiện</strong> (số liệu đến 30/06/2025)" in html
