"""The units file and the other files of a cycle folder as offices name and fill them."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from tiendo.cli import main
from tiendo.levels import default_table
from tiendo.load.rosters import load_rosters, roster_files
from tiendo.load.tasks import load_task_status
from tiendo.load.units import UnitsError, load_unit_changes, load_units, read_unit_tree
from tiendo.validate import validate

UNITS = "Mã đơn vị,Tên đơn vị,Mã đơn vị cấp trên,Cấp\nP,UBND tỉnh A,,Tỉnh\nHS.S01,Sở B,P,Tỉnh\nH1,UBND huyện C,P,Huyện\n"
HEADER = "Mã CBCCVC,Họ và tên,Ngày sinh,Mã đơn vị,Đối tượng,Ngoại ngữ,Trình độ ngoại ngữ"


def write_xlsx(path: Path, rows: list[list]) -> None:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)


def unit_rows(text: str) -> list[list[str]]:
    return [line.split(",") for line in text.strip().splitlines()]


def validated(folder: Path, roster: str, units_text: str = UNITS):
    (folder / "don_vi.csv").write_text(units_text, encoding="utf-8")
    (folder / "ds.csv").write_text(HEADER + "\n" + roster, encoding="utf-8")
    tree = read_unit_tree(folder)
    return validate(load_rosters(folder), tree.table, default_table(), date(2025, 12, 31), dropped_units=tree.dropped)


def test_the_units_file_named_as_offices_name_it_is_the_units_file_not_a_roster(tmp_path: Path):
    write_xlsx(tmp_path / "Don vi.XLSX", unit_rows(UNITS))
    (tmp_path / "Nhiem-vu.csv").write_text("Cơ quan,Nhiệm vụ,Trạng thái\nSở B,1,Đang thực hiện\n", encoding="utf-8")
    (tmp_path / "ds.csv").write_text(HEADER + "\nA1,Lê Văn An,1980,HS.S01,Công chức,Tiếng Anh,B1\n", encoding="utf-8")
    units, problems = load_units(tmp_path)
    assert list(units["unit_code"]) == ["P", "HS.S01", "H1"] and not problems
    assert [p.name for p in roster_files(tmp_path)] == ["ds.csv"]
    loaded = load_rosters(tmp_path)
    assert not loaded.unread and not loaded.problems  # neither file is "not read", neither is a roster
    status, _ = load_task_status(tmp_path)
    assert status["status"].tolist() == ["Đang thực hiện"]


def test_the_same_units_list_saved_twice_is_read_once_two_different_lists_stop(tmp_path: Path):
    (tmp_path / "don_vi.csv").write_text(UNITS, encoding="utf-8")
    write_xlsx(tmp_path / "don_vi.xlsx", unit_rows(UNITS))
    units, problems = load_units(tmp_path)
    assert len(units) == 3
    [said] = problems
    assert said.file == "don_vi.xlsx" and said.severity == "warning" and said.message.endswith("kỳ đã có «don_vi.csv». Hai tệp cùng nội dung.")
    write_xlsx(tmp_path / "don_vi.xlsx", unit_rows(UNITS + "X9,Sở mới,P,Tỉnh\n"))
    with pytest.raises(UnitsError, match="hai danh mục đơn vị khác nhau, «don_vi.csv» và «don_vi.xlsx»"):
        load_units(tmp_path)


def test_a_units_file_without_a_column_says_which_in_vietnamese_and_the_cycle(tmp_path: Path):
    folder = tmp_path / "2025-06-30"
    folder.mkdir()
    (folder / "don_vi.csv").write_text("Mã đơn vị,Tên đơn vị,Trực thuộc\nP,UBND tỉnh A,\n", encoding="utf-8")
    with pytest.raises(UnitsError) as error:
        load_units(folder)
    message = str(error.value)
    assert "«don_vi.csv» của kỳ «2025-06-30» thiếu cột bắt buộc: Cấp" in message
    assert "tier" not in message and "unit_code" not in message


def test_a_signature_block_under_the_units_table_is_not_read_as_units(tmp_path: Path):
    signed = UNITS + ",,,\nNgười lập biểu,,,\n,Nguyễn Thị Hoa,,\nTM. ỦY BAN NHÂN DÂN,,,\n(Ký, ghi rõ họ tên),,,\n"
    (tmp_path / "don_vi.csv").write_text(signed.replace("(Ký, ghi rõ họ tên)", '"(Ký, ghi rõ họ tên)"'),
                                         encoding="utf-8")
    units, problems = load_units(tmp_path)
    assert len(units) == 3 and not problems
    # a unit row without a code above the footer is still an error, never skipped quietly
    (tmp_path / "don_vi.csv").write_text(UNITS + ",Sở chưa có mã,P,Tỉnh\nNgười lập biểu,,,\n", encoding="utf-8")
    _, problems = load_units(tmp_path)
    assert [(p.row, p.column, p.severity) for p in problems] == [(5, "unit_code", "error")]


def test_people_of_a_unit_dropped_for_its_tier_are_told_why(tmp_path: Path):
    result = validated(tmp_path, "A1,Lê Văn An,1980,X1,Công chức,Tiếng Anh,B1\n",
                       UNITS + "X1,Trung tâm D,P,Cấp đặc biệt\n")
    [problem] = [p for p in result.problems if p.column == "unit_code"]
    assert problem.severity == "error"
    assert problem.message == ("Đơn vị «X1» có trong danh mục đơn vị nhưng dòng 5 của «don_vi.csv» không ghi rõ cấp "
                               "(Tỉnh / Huyện / Xã): dòng không được tính.")


def test_a_unit_code_written_another_way_counts_under_the_listed_code(tmp_path: Path):
    result = validated(tmp_path, "\n".join([
        "A1,Lê Văn An,1980,hs.s01,Công chức,Tiếng Anh,B1",  # case
        "A2,Lê Văn Bình,1980,HS.S1,Công chức,Tiếng Anh,B1",  # a zero dropped (a code typed as a number)
        "A3,Lê Văn Cường,1980,HS-S01 ,Công chức,Tiếng Anh,B1",  # another separator
        "A4,Lê Văn Dũng,1980,HS.S02,Công chức,Tiếng Anh,B1",  # another unit: still an error
    ]))
    assert result.rows["unit_code"].tolist() == ["HS.S01"] * 3
    said = [(p.row, p.severity, p.value) for p in result.problems if p.column == "unit_code"]
    assert said == [(2, "warning", "hs.s01"), (3, "warning", "HS.S1"), (4, "warning", "HS-S01"), (5, "error", "HS.S02")]
    assert "viết khác danh mục đơn vị: tính vào đơn vị «HS.S01»" in result.problems[0].message


def test_two_listed_units_fitting_one_spelling_are_not_guessed(tmp_path: Path):
    result = validated(tmp_path, "A1,Lê Văn An,1980,s1,Công chức,Tiếng Anh,B1\n",
                       "Mã đơn vị,Tên đơn vị,Mã đơn vị cấp trên,Cấp\nP,UBND tỉnh A,,Tỉnh\nS1,Sở B,P,Tỉnh\nS01,Sở C,P,Tỉnh\n")
    assert result.rows.empty
    assert [p.severity for p in result.problems if p.column == "unit_code"] == ["error"]


def test_unit_changes_name_their_rows_and_refuse_a_loop(tmp_path: Path):
    (tmp_path / "don_vi_chuyen_doi.csv").write_text(
        "Mã đơn vị cũ,Mã đơn vị mới\nH1,X1\nH1,X2\nA,B\nB,A\nH2,X1\n", encoding="utf-8")
    mapping, problems, file, rows = load_unit_changes(tmp_path)
    assert mapping == {"H1": "X1", "H2": "X1"} and (file, rows) == ("don_vi_chuyen_doi.csv", {"H1": 2, "H2": 6})
    said = [(p.row, p.severity) for p in problems]
    assert said == [(3, "error"), (4, "error"), (5, "error")]
    assert "đã chuyển thành «X1» ở dòng 2" in problems[0].message
    assert "vòng (A → B → A)" in problems[1].message


def test_a_change_to_a_unit_not_listed_names_its_file_and_row(tmp_path: Path, capsys):
    from tests.conftest import FIXTURES

    data = tmp_path / "data"
    for cycle in ("2024-12-31", "2025-12-31"):
        (data / cycle).mkdir(parents=True)
        (data / cycle / "don_vi.csv").write_text(UNITS, encoding="utf-8")
        (data / cycle / "ds.csv").write_text(HEADER + "\nA1,Lê Văn An,1980,HS.S01,Công chức,Tiếng Anh,B1\n",
                                             encoding="utf-8")
    (data / "2025-12-31" / "Don vi chuyen doi.csv").write_text("Mã đơn vị cũ,Mã đơn vị mới\n\nH1,XZ\n",
                                                               encoding="utf-8")
    code = main(["validate", "--data", str(data), "--content", str(FIXTURES / "small" / "content"),
                 "--format", "json"])
    problems = json.loads(capsys.readouterr().out)["problems"]
    [change] = [p for p in problems if p["column"] == "new_code"]
    assert (change["file"], change["row"], change["value"]) == ("Don vi chuyen doi.csv", 3, "XZ")
    assert code in (0, 1)


def test_synth_leaves_an_offices_own_files_in_a_folder_of_the_same_date(tmp_path: Path):
    from tiendo.synth import generate

    first = generate(tmp_path, seed=1, staff=300, cycles=1, last_cycle="2025-12-31")
    folder = tmp_path / first.cycles[0]
    (folder / "so-noi-vu.csv").write_text(HEADER + "\nA1,Lê Văn An,1980,HS.S01,Công chức,Tiếng Anh,B1\n",
                                          encoding="utf-8")
    (folder / "nhiem_vu.csv").write_text("Cơ quan,Nhiệm vụ,Trạng thái\nSở B,1,Xong\n", encoding="utf-8")
    province = {p.name for p in folder.glob("HS.*.csv")}
    generate(tmp_path, seed=1, staff=400, units=60, cycles=1, last_cycle="2025-12-31", shape="country")
    names = {p.name for p in folder.glob("*.csv")}
    assert province and not province & names  # the first run's files went
    assert {"so-noi-vu.csv", "nhiem_vu.csv", "don_vi.csv"} <= names and any(n.startswith("VN.") for n in names)
