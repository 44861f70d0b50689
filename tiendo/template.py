"""The Excel roster template agencies fill in (`python build.py template OUT.xlsx`).

Headers are the template's own (first entry of each key in config/columns.yml), so a filled-in
template reads back through the same loader with no guessing."""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from tiendo.config import category_labels, columns_config
from tiendo.model import REQUIRED_ROSTER_COLUMNS, ROSTER_COLUMNS

SHEET = "Danh sách"
TITLE = "DANH SÁCH CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC VÀ TRÌNH ĐỘ NGOẠI NGỮ"
HEADER_ROW = 3  # a title row and a blank row above the header, as agencies usually keep
DATA_ROWS = 2000  # rows that carry drop-down lists and date formats

LANGUAGES = ("Tiếng Anh", "Tiếng Pháp", "Tiếng Trung", "Tiếng Nhật", "Tiếng Hàn", "Tiếng Nga", "Tiếng Đức",
             "Tiếng Khmer", "Tiếng Lào", "Tiếng Thái", "Tiếng Tây Ban Nha")
LEVELS = ("Chưa có", "Bậc 1", "Bậc 2", "Bậc 3", "Bậc 4", "Bậc 5", "Bậc 6")
EXEMPTIONS = ("Giáo viên, giảng viên ngoại ngữ", "Công chức làm công tác ngoại vụ",
              "Có bằng đại học ngoại ngữ trở lên", "Tốt nghiệp đại học học bằng tiếng nước ngoài")
MODES = ("Trực tiếp", "Trực tuyến")

HELP = {
    "staff_id": "Mã riêng của mỗi người, không trùng trong toàn địa bàn. Người có nhiều ngoại ngữ: ghi nhiều dòng cùng mã.",
    "full_name": "Họ và tên đầy đủ, có dấu. Chỉ dùng nội bộ, không công bố.",
    "birth_date": "dd/mm/yyyy (hoặc chỉ năm sinh). Dùng để xác định nhóm dưới 40 tuổi.",
    "gender": "Nam / Nữ.",
    "unit_code": "Mã đơn vị theo danh mục đơn vị (don_vi.csv) do cơ quan nội vụ cấp.",
    "category": "Cán bộ / Công chức / Viên chức.",
    "is_leader": "Có nếu giữ chức vụ lãnh đạo, quản lý từ cấp phòng và tương đương trở lên (ở xã: lãnh đạo xã).",
    "position": "Chức vụ hoặc chức danh.",
    "needs_language": "Có nếu công tác tại địa bàn hoặc lĩnh vực có yêu cầu sử dụng ngoại ngữ.",
    "language": "Tên ngoại ngữ, ví dụ Tiếng Anh.",
    "level": "Bậc theo khung 6 bậc (Bậc 1–6, A1–C2) hoặc chứng chỉ: IELTS 6.5, TOEIC 650, HSK 4, JLPT N3…; để trống nếu chưa có.",
    "certificate_date": "Ngày cấp chứng chỉ, dd/mm/yyyy.",
    "specialized": "Có nếu đã có ngoại ngữ chuyên ngành ở ngoại ngữ này.",
    "exemption": "Để trống; hoặc ghi lý do thuộc diện không áp dụng (giáo viên ngoại ngữ, ngoại vụ, bằng đại học ngoại ngữ…).",
    "training_need": "Bậc đăng ký bồi dưỡng, ví dụ Bậc 4.",
    "training_mode": "Trực tiếp / Trực tuyến.",
}


def _list_validation(values, sheet, column: int, first: int, last: int, lists_sheet, list_column: int) -> None:
    """A drop-down from a range on the lists sheet (an inline list is limited to 255 characters)."""
    letter = get_column_letter(list_column)
    for row, value in enumerate(values, start=1):
        lists_sheet.cell(row=row, column=list_column, value=value)
    source = f"'{lists_sheet.title}'!${letter}$1:${letter}${len(values)}"
    validation = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=False)
    validation.add(f"{get_column_letter(column)}{first}:{get_column_letter(column)}{last}")
    sheet.add_data_validation(validation)


def write_template(path: Path) -> Path:
    headers = columns_config()["roster"]
    yes_no = ("Có", "Không")
    categories = tuple(category_labels().values())

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    lists = book.create_sheet("Danh mục")
    sheet.cell(row=1, column=1, value=TITLE).font = Font(bold=True, size=13)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    first, last = HEADER_ROW + 1, HEADER_ROW + DATA_ROWS
    list_column = 0
    for col, key in enumerate(ROSTER_COLUMNS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=col, value=headers[key][0])
        cell.font = Font(bold=True, color="C00000" if key in REQUIRED_ROSTER_COLUMNS else "000000")
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(col)].width = 28 if key in ("full_name", "level", "exemption") else 16
        choices = {"category": categories, "is_leader": yes_no, "needs_language": yes_no, "specialized": yes_no,
                   "gender": ("Nam", "Nữ"), "language": LANGUAGES, "level": LEVELS, "training_need": LEVELS[1:],
                   "exemption": EXEMPTIONS, "training_mode": MODES}.get(key)
        if choices:
            list_column += 1
            _list_validation(choices, sheet, col, first, last, lists, list_column)
        if key in ("birth_date", "certificate_date"):
            for row in range(first, last + 1):
                sheet.cell(row=row, column=col).number_format = "dd/mm/yyyy"
        if key in ("staff_id", "unit_code", "level"):
            for row in range(first, last + 1):
                sheet.cell(row=row, column=col).number_format = "@"  # text: "0012" keeps its zeros
    sheet.freeze_panes = sheet.cell(row=first, column=3)
    lists.sheet_state = "hidden"

    guide = book.create_sheet("Hướng dẫn", 0)
    guide.column_dimensions["A"].width = 30
    guide.column_dimensions["B"].width = 100
    guide.cell(row=1, column=1, value="HƯỚNG DẪN ĐIỀN DANH SÁCH").font = Font(bold=True, size=13)
    guide.cell(row=2, column=1, value=f"Điền vào trang «{SHEET}», từ dòng {first}. Mỗi dòng là một người với một "
               "ngoại ngữ. Cột tiêu đề màu đỏ là bắt buộc. Không đổi tên, không xóa cột.")
    for row, key in enumerate(ROSTER_COLUMNS, start=4):
        guide.cell(row=row, column=1, value=headers[key][0]).font = Font(bold=True)
        guide.cell(row=row, column=2, value=HELP[key]).alignment = Alignment(wrap_text=True)
    book.active = book.index(sheet)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
