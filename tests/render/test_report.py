"""The DOCX report for the leaders: opened with python-docx, its tables read back."""
from __future__ import annotations

from pathlib import Path

from docx import Document

from tests.conftest import FIXTURES
from tiendo.cli import main

SMALL = FIXTURES / "small"


def build(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    assert main(["report", "--data", str(SMALL / "data"), "--content", str(SMALL / "content"),
                 "--out", str(path)]) == 0
    return path


def test_report_has_the_administrative_layout_and_the_results(tmp_path: Path):
    document = Document(build(tmp_path, "bao-cao.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text and "(số liệu đến ngày 31/12/2025)" in text
    # the plan named as offices name it (was «Kết quả thực hiện triển khai thực hiện Đề án …», its title)
    assert "Kết quả thực hiện Kế hoạch số 01/KH-UBND ngày 10/12/2020 của UBND tỉnh Thử Nghiệm" in text
    for heading in ("I. KHÁI QUÁT", "II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", "III. KẾT QUẢ THEO CƠ QUAN, ĐƠN VỊ",
                    "IV. ĐỀ XUẤT, KIẾN NGHỊ"):
        assert heading in text
    header = document.tables[0].rows[0].cells
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header[1].text and "UBND TỈNH THỬ NGHIỆM" in header[0].text
    results = document.tables[1]
    assert [c.text for c in results.rows[0].cells][:4] == ["STT", "Nhóm đối tượng", "Năm", "Chỉ tiêu"]
    cbcc = [c.text for c in results.rows[1].cells]
    assert cbcc == ["1", "Cán bộ, công chức cấp tỉnh, cấp huyện", "2025", "25 %", "6", "4", "66,7 %", "0", "Đã đạt"]
    units = document.tables[2]
    assert [row.cells[0].text for row in units.rows[1:]] == ["Sở Nội vụ", "Sở Y tế", "UBND huyện Một"]
    assert len(document.inline_shapes) == 1  # the chart


def test_same_data_same_report_bytes(tmp_path: Path):
    assert build(tmp_path, "a.docx").read_bytes() == build(tmp_path, "b.docx").read_bytes()
