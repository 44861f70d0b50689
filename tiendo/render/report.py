"""The cycle's report for the province's leaders: "Báo cáo kết quả thực hiện Kế hoạch", as a DOCX
in the layout of an administrative document, for the office to edit and sign."""
from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from tiendo.compute.views import SiteView
from tiendo.render import charts
from tiendo.render.downloads import fix_zip_times
from tiendo.render.format import fmt_date, fmt_int, fmt_percent, fmt_target

FONT = "Times New Roman"  # the font of Vietnamese administrative documents


def _style(document) -> None:
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    for section in document.sections:
        section.page_height, section.page_width = Cm(29.7), Cm(21)
        section.top_margin, section.bottom_margin = Cm(2), Cm(2)
        section.left_margin, section.right_margin = Cm(3), Cm(2)


def _paragraph(document, text: str = "", *, bold=False, italic=False, size=None, align=None, space_after=6):
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    return paragraph


def _table(document, header: list[str], rows: list[list[str]]):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(11)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values):
            cell.text = ""
            cell.paragraphs[0].add_run(str(text)).font.size = Pt(11)
    return table


def _header(document, view: SiteView) -> None:
    plan = view.plans[0] if view.plans else None
    issuer = (plan.issuer if plan and plan.issuer else view.territory).upper()
    grid = document.add_table(rows=1, cols=2)
    left, right = grid.rows[0].cells
    left.text, right.text = "", ""
    for cell, lines in ((left, [(issuer, True), ("Số:      /BC", False)]),
                        (right, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True), ("Độc lập - Tự do - Hạnh phúc", True),
                                 (f"…, ngày … tháng … năm {view.latest_date.year}", False)])):
        for i, (text, bold) in enumerate(lines):
            paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(text)
            run.bold = bold
            run.italic = not bold
            run.font.size = Pt(12)


def _subject(plan) -> str:
    """What the report reports on, as offices name a plan: by its number and date when the plan gives
    them («Kết quả thực hiện Kế hoạch số 01/KH-UBND ngày 10/12/2020 của UBND tỉnh …»), else by its title."""
    if plan is None:
        return "Kết quả thực hiện kế hoạch học tập ngoại ngữ của cán bộ, công chức, viên chức"
    if plan.number:
        return " ".join(part for part in (f"Kết quả thực hiện Kế hoạch số {plan.number}",
                                          f"ngày {plan.date}" if plan.date else "",
                                          f"của {plan.issuer}" if plan.issuer else "") if part)
    title = plan.title
    if title.lower().startswith("kế hoạch"):  # «Kế hoạch …» already names it
        return f"Kết quả thực hiện {title[0].lower() + title[1:]}"
    return f"Kết quả thực hiện Kế hoạch {title[0].lower() + title[1:]}"


def report_docx(view: SiteView, status_labels: dict) -> bytes:
    document = Document()
    _style(document)
    _header(document, view)
    plan = view.plans[0] if view.plans else None
    _paragraph(document, "")
    _paragraph(document, "BÁO CÁO", bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _paragraph(document, _subject(plan), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _paragraph(document, f"(số liệu đến ngày {fmt_date(view.latest_date)})", italic=True,
               align=WD_ALIGN_PARAGRAPH.CENTER)

    stats = view.stats
    _paragraph(document, "I. KHÁI QUÁT", bold=True)
    _paragraph(document, f"Số liệu tổng hợp từ danh sách cán bộ, công chức, viên chức do các cơ quan, đơn vị gửi về, "
                         f"kỳ báo cáo ngày {fmt_date(view.latest_date)}: {fmt_int(stats['people'])} người; trong đó "
                         f"{fmt_int(stats['exempt'])} người thuộc diện không áp dụng. Kế hoạch có "
                         f"{fmt_int(stats['targets'])} chỉ tiêu; "
                         f"{sum(1 for t in view.targets if t.assessment.status == 'achieved')} chỉ tiêu đã đạt.")

    _paragraph(document, "II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", bold=True)
    rows = []
    for i, t in enumerate(view.targets, start=1):
        r = t.latest
        rows.append([str(i), t.label, str(t.target.year), fmt_target(t.target.percent), fmt_int(r["population"]),
                     fmt_int(r["achieved"]), fmt_percent(r["percent"]), fmt_int(r["missing_people"]),
                     status_labels.get(t.assessment.status, t.assessment.status)])
    _table(document, ["STT", "Nhóm đối tượng", "Năm", "Chỉ tiêu", "Số người", "Đã đạt", "Tỷ lệ", "Còn thiếu",
                      "Đánh giá"], rows)
    png = charts.bars_against_target([f"{t.label} ({t.target.year})" for t in view.targets],
                                     [None if t.latest.get("percent") is None else float(t.latest["percent"])
                                      for t in view.targets],
                                     [float(t.target.percent) for t in view.targets],
                                     f"Tỷ lệ đạt so với chỉ tiêu, kỳ {fmt_date(view.latest_date)}", png=True)
    _paragraph(document, "")
    document.add_picture(io.BytesIO(png), width=Cm(15.5))

    _paragraph(document, "III. KẾT QUẢ THEO CƠ QUAN, ĐƠN VỊ", bold=True)
    nearest = min((t.target.year for t in view.targets), default=None)
    shown = [t for t in view.targets if t.target.year == nearest]
    header = ["Cơ quan, đơn vị", *[f"{view.groups[t.target.group].short} (chỉ tiêu {fmt_target(t.target.percent)})"
                                   for t in shown]]
    unit_rows = []
    if view.top_units is not None:
        for _, u in view.top_units.iterrows():
            cells = []
            for t in shown:
                match = t.top_units[t.top_units["unit"] == u["unit_code"]]
                if match.empty or match.iloc[0]["population"] in (0, None):
                    cells.append("–")
                else:
                    m = match.iloc[0]
                    cells.append(f"{fmt_percent(m['percent'])} ({fmt_int(m['achieved'])}/{fmt_int(m['population'])})")
            unit_rows.append([u["unit_name"], *cells])
    _paragraph(document, f"Các chỉ tiêu năm {nearest}: tỷ lệ đạt (số người đạt / số người trong nhóm).", italic=True)
    _table(document, header, unit_rows)

    _paragraph(document, "")
    _paragraph(document, "IV. ĐỀ XUẤT, KIẾN NGHỊ", bold=True)
    chosen = 0 if view.chosen is None else len(view.chosen)
    n_classes = 0 if view.classes is None else int(view.classes["classes"].sum())
    _paragraph(document, f"Để các cơ quan, đơn vị đạt phần chỉ tiêu của mình, cần cử {fmt_int(chosen)} người đi bồi "
                         f"dưỡng, dự kiến {fmt_int(n_classes)} lớp. Kinh phí dự kiến theo nguồn:")
    if view.budget is not None:
        _table(document, ["Nguồn kinh phí", "Số người", "Số khóa", "Kinh phí (đồng)"],
               [[b["label"], fmt_int(b["people"]), fmt_int(b["courses"]), fmt_int(b["cost"])]
                for b in view.budget.to_dict("records")])
    _paragraph(document, "")
    signature = document.add_table(rows=1, cols=2)
    left, right = signature.rows[0].cells
    left.text = ""
    run = left.paragraphs[0].add_run("Nơi nhận:")
    run.bold, run.italic = True, True
    left.add_paragraph("- Như trên;")
    left.add_paragraph("- Lưu: VT.")
    right.text = ""
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    right.paragraphs[0].add_run("TM. ỦY BAN NHÂN DÂN").bold = True
    document.core_properties.last_modified_by = "tiendo"
    document.core_properties.author = "tiendo"
    document.core_properties.title = f"Báo cáo kết quả thực hiện Kế hoạch, số liệu đến {fmt_date(view.latest_date)}"
    buffer = io.BytesIO()
    document.save(buffer)
    return fix_zip_times(buffer.getvalue())
