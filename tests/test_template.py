"""The Excel template agencies fill in: written by `template`, read back by the loader."""
from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from tiendo.cli import main
from tiendo.load.rosters import load_rosters
from tiendo.template import HEADER_ROW, SHEET


def test_template_has_headers_lists_and_instructions(tmp_path: Path):
    path = tmp_path / "mau.xlsx"
    assert main(["template", str(path)]) == 0
    book = load_workbook(path)
    assert book.sheetnames[:2] == ["Hướng dẫn", SHEET]
    sheet = book[SHEET]
    headers = [c.value for c in sheet[HEADER_ROW]]
    assert headers[:6] == ["Mã CBCCVC", "Họ và tên", "Ngày sinh", "Giới tính", "Mã đơn vị", "Đối tượng"]
    formulas = {str(dv.sqref).split(":")[0][:1]: dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert "F" in formulas  # Đối tượng has a drop-down
    lists = book["Danh mục"]
    column = formulas["F"].split("!")[1].split(":")[0].replace("$", "")[0]
    assert [lists[f"{column}{r}"].value for r in (1, 2, 3)] == ["Cán bộ", "Công chức", "Viên chức"]
    assert sheet.cell(row=HEADER_ROW + 1, column=3).number_format == "dd/mm/yyyy"


def test_a_filled_template_reads_back_exactly(tmp_path: Path):
    path = tmp_path / "cycle" / "so-tu-phap.xlsx"
    main(["template", str(path)])
    book = load_workbook(path)
    sheet = book[SHEET]
    typed = [
        ["SP0001", "Nguyễn Thị Mai", "12/03/1988", "Nữ", "S9", "Công chức", "Có", "Trưởng phòng", "Không",
         "Tiếng Anh", "Bậc 4", "01/06/2021", "Không", "", "", ""],
        ["SP0002", "Trần Văn Tùng", "1979", "Nam", "S9", "Viên chức", "Không", "", "", "Tiếng Trung", "HSK 4",
         "", "Có", "", "Bậc 5", "Trực tuyến"],
    ]
    for offset, values in enumerate(typed, start=1):
        for col, value in enumerate(values, start=1):
            sheet.cell(row=HEADER_ROW + offset, column=col, value=value or None)
    book.save(path)
    loaded = load_rosters(path.parent)
    rows = loaded.rows
    assert loaded.rows_read == {"so-tu-phap.xlsx": 2}
    assert list(rows["source_row"]) == [HEADER_ROW + 1, HEADER_ROW + 2]
    assert rows.drop(columns=["source_file", "source_row"]).values.tolist() == typed
