"""Trust: same input same site, hostile text shown as text, broken input a clear message."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import FIXTURES
from tiendo.cli import main

SMALL = FIXTURES / "small"


def build(capsys, data: Path, content: Path, out: Path) -> tuple[int, str]:
    code = main(["--data", str(data), "--content", str(content), "--out", str(out)])
    return code, capsys.readouterr().err


def test_same_inputs_give_byte_identical_sites(capsys, tmp_path: Path):
    for name in ("a", "b"):
        assert build(capsys, SMALL / "data", SMALL / "content", tmp_path / name)[0] == 0
    for audience in ("public", "internal"):
        first = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a" / audience).rglob("*")
                 if p.is_file()}
        second = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b" / audience).rglob("*")
                  if p.is_file()}
        assert first.keys() == second.keys()
        different = [str(path) for path in first if first[path] != second[path]]
        assert different == []


HOSTILE = ["<script>alert(1)</script>", "| a | b |", "[x](javascript:alert(1))", "{{ 7*7 }}", "{% raw %}",
           "../../etc/passwd", "=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0"]


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, Path]:
    data, content = tmp_path / "data", tmp_path / "content"
    shutil.copytree(SMALL / "data", data)
    shutil.copytree(SMALL / "content", content)
    cycle = data / "2025-12-31"
    units = (cycle / "don_vi.csv").read_text(encoding="utf-8")
    units = units.replace("S1,Sở Nội vụ,", 'S1,"Sở <script>alert(1)</script> | a | b | [x](javascript:alert(1)) {{ 7*7 }} {% raw %}",')
    units = units.replace("S2,Sở Y tế,", '../../etc/passwd,"=HYPERLINK(""http://x"",""y"")",')
    units = units.replace("B1,Bệnh viện Đa khoa tỉnh,S2", "B1,Bệnh viện Đa khoa tỉnh,../../etc/passwd")
    units += "LOOP,Đơn vị tự là cấp trên của mình,LOOP,Tỉnh,Cơ quan hành chính,\n"
    units += "LONG," + "Tên rất dài " * 420 + ",P,Tỉnh,Cơ quan hành chính,\n"
    units += "Đ1,,P,Tỉnh,Cơ quan hành chính,\nD1,Đơn vị mã không dấu,P,Tỉnh,Cơ quan hành chính,\n"  # empty name; codes alike
    # characters YAML refuses or reads as line breaks (front matter carries unit names)
    units += "CTRL,Phòng\x7f\x85\x9d\u2028\u2029\ufffe\" \\ ---,P,Tỉnh,Cơ quan hành chính,\n"
    (cycle / "don_vi.csv").write_text(units, encoding="utf-8")
    plan = content / "plans" / "ke-hoach-thu-nghiem.md"
    plan.write_text(plan.read_text(encoding="utf-8") + "\n\n- <script>alert(1)</script> {{ 7*7 }} [x](javascript:alert(1))\n",
                    encoding="utf-8")
    (cycle / "nhiem_vu.csv").write_text("Cơ quan,Nhiệm vụ,Trạng thái,Ghi chú\nSở Nội vụ,a,<b>xong</b>,+cmd|' /C calc'!A0\n",
                                        encoding="utf-8")
    return data, content


def test_hostile_text_is_shown_never_run_templated_or_used_as_a_path(capsys, hostile, tmp_path: Path):
    data, content = hostile
    out = tmp_path / "site"
    code, err = build(capsys, data, content, out)
    assert code == 0, err
    for audience in ("public", "internal"):
        for page in (out / audience).rglob("*.html"):
            html = page.read_text(encoding="utf-8")
            assert "<script>alert(1)</script>" not in html, page
            assert 'href="javascript:' not in html, page
            assert "<b>xong</b>" not in html, page
    home = (out / "public" / "xep-hang" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in home and "{{ 7*7 }}" in home and "49" not in home.split("Sở")[1][:200]
    # unit pages are named by safe slugs, inside the site
    names = {p.name for p in (out / "internal" / "don-vi").iterdir()}
    assert "etc-passwd" in names and not (out / "etc").exists() and not Path("/etc/passwd.md").exists()
    assert {"d1", "d1-2"} <= names  # "Đ1" and "D1" differ only by a diacritic: two pages, two names
    assert len((out / "internal" / "don-vi" / "long" / "index.html").read_text(encoding="utf-8")) > 5000
    # every unit page read its front matter (a page whose front matter MkDocs cannot read shows it as
    # text and loses its template: no unit line, no tables)
    for page in (out / "internal" / "don-vi").glob("*/index.html"):
        html = page.read_text(encoding="utf-8")
        assert '<div class="tiendo-unit-head">' in html and "tiendo_unit_head:" not in html, page
    ctrl = (out / "internal" / "don-vi" / "ctrl" / "index.html").read_text(encoding="utf-8")
    assert "Mã đơn vị <strong>CTRL</strong>" in ctrl and "Phòng\x7f\x85\x9d\u2028\u2029\ufffe" in ctrl
    # spreadsheets keep formula-looking text as text
    book = load_workbook(out / "public" / "downloads" / "chi-tieu.xlsx")
    cells = [c for row in book.active.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert cells and all(c.data_type == "s" for c in cells)
    csv_text = (out / "public" / "downloads" / "chi-tieu.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in csv_text and "\n=HYPERLINK" not in csv_text and ",=HYPERLINK" not in csv_text


def test_a_unit_that_is_its_own_parent_is_reported(capsys, hostile, tmp_path: Path):
    data, content = hostile
    main(["validate", "--data", str(data), "--content", str(content), "--format", "json"])
    out = capsys.readouterr().out
    assert "LOOP" in out and "vòng lặp" in out


@pytest.mark.parametrize("content,expected", [
    (b"", "thiếu cột"),
    ("Mã CBCCVC,Họ và tên,Mã đơn vị,Đối tượng\n".encode(), None),  # a header only: nothing to count, no error
    (bytes(range(256)) * 50, "không"),
    (b"PK\x03\x04 truncated", "Excel"),
])
def test_broken_roster_files_give_a_clear_message(capsys, tmp_path: Path, content, expected):
    data = tmp_path / "data"
    shutil.copytree(SMALL / "data", data)
    name = "hong.xlsx" if content.startswith(b"PK") else "hong.csv"
    (data / "2025-12-31" / name).write_bytes(content)
    code = main(["validate", "--data", str(data), "--content", str(SMALL / "content"), "--format", "json"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    if expected is None:
        assert code == 0
    else:
        assert code == 1 and name in out and expected in out


def test_a_cycle_without_a_unit_list_is_a_clear_error(capsys, tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(SMALL / "data", data)
    (data / "2025-12-31" / "don_vi.csv").unlink()
    code = main(["validate", "--data", str(data), "--content", str(SMALL / "content")])
    err = capsys.readouterr().err
    assert code == 2 and "don_vi.csv" in err and "2025-12-31" in err and "Traceback" not in err


def test_a_name_in_a_task_note_stops_the_build(capsys, tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(SMALL / "data", data)
    (data / "2025-12-31" / "nhiem_vu.csv").write_text(
        "Cơ quan,Nhiệm vụ,Trạng thái,Ghi chú\nSở Nội vụ,a,Đang làm,Giao bà Hứa Thị Diệp theo dõi\n", encoding="utf-8")
    code, err = build(capsys, data, SMALL / "content", tmp_path / "site")
    assert code == 2 and "hua thi diep" in err and "ke-hoach" in err
    assert not (tmp_path / "site" / "public").exists()


def test_a_large_file_with_one_bad_row_in_the_middle(capsys, tmp_path: Path):
    """~50 MB of roster: every row counted but the bad one, which is named by its row number."""
    data = tmp_path / "data" / "2025-12-31"
    data.mkdir(parents=True)
    shutil.copy(SMALL / "data" / "2025-12-31" / "don_vi.csv", data / "don_vi.csv")
    header = ("Mã CBCCVC,Họ và tên,Ngày sinh,Mã đơn vị,Đối tượng,Ghi chú dài của đơn vị,Ngoại ngữ,Trình độ ngoại ngữ\n")
    filler = "x" * 360
    rows = [f"L{i:07d},Nguyễn Văn Số {i},01/01/1980,S1,Công chức,{filler},Tiếng Anh,Bậc 3\n" for i in range(120_000)]
    bad = len(rows) // 2
    rows[bad] = f"L{bad:07d},Nguyễn Văn Lỗi,01/01/1980,KHONGCO,Công chức,{filler},Tiếng Anh,Bậc 3\n"
    (data / "lon.csv").write_text(header + "".join(rows), encoding="utf-8")
    assert (data / "lon.csv").stat().st_size > 48_000_000
    code = main(["validate", "--data", str(tmp_path / "data"), "--content", str(SMALL / "content"), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert report["files"] == [{"file": "lon.csv", "rows_read": 120_000, "rows_counted": 119_999, "rows_rejected": 1}]
    assert [(p["row"], p["column"], p["value"]) for p in report["problems"] if p["severity"] == "error"] == [
        (bad + 2, "unit_code", "KHONGCO")]
    # and, once for the file, that nobody in it is marked as a leader (it has no such column)
    assert [(p["row"], p["column"]) for p in report["problems"] if p["severity"] == "warning"] == [(None, "is_leader")]


def test_a_cycle_whose_rosters_have_no_rows_still_builds(capsys, tmp_path: Path):
    data = tmp_path / "data" / "2025-12-31"
    data.mkdir(parents=True)
    shutil.copy(SMALL / "data" / "2025-12-31" / "don_vi.csv", data / "don_vi.csv")
    (data / "chi-co-tieu-de.csv").write_text("Mã CBCCVC,Họ và tên,Mã đơn vị,Đối tượng\n", encoding="utf-8")
    code, err = build(capsys, tmp_path / "data", SMALL / "content", tmp_path / "site")
    assert code == 0, err
    assert (tmp_path / "site" / "public" / "index.html").exists()
