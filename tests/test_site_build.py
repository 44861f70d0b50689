"""End to end: real roster files and a plan text in, two real MkDocs sites out.

Builds tests/fixtures/small (hand-made, numbers worked out in tests/compute/test_indicators.py)
into a temporary folder and reads the built HTML as a reader would."""
from __future__ import annotations

import csv
import html
import shutil
import unicodedata
from pathlib import Path

import pytest

from tiendo.cli import main

from tests import htmlpage as page

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "small"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    code = main(["--data", str(FIXTURE / "data"), "--content", str(FIXTURE / "content"), "--out", str(out)])
    assert code == 0
    return out


def roster_values(column: str) -> set[str]:
    values = set()
    for path in (FIXTURE / "data").rglob("*.csv"):
        if path.name == "don_vi.csv":
            continue
        text = path.read_text(encoding="utf-8-sig")
        dialect = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
        for record in csv.DictReader(text.splitlines(), delimiter=dialect):
            if record[column]:
                values.add(unicodedata.normalize("NFC", record[column]))
    return values


def test_both_sites_exist(built):
    assert (built / "public" / "index.html").exists()
    assert (built / "internal" / "index.html").exists()


def test_home_page_shows_each_target_with_its_numbers(built):
    home = built / "public" / "index.html"
    assert "31/12/2025" in page.text(home)
    # columns: group, year, target, achieved %, people in group, achieved, missing, status
    # cbcc 2025: 4 of 6 people reach bậc 4 → 66,7 %, target 25 %, nobody missing.
    assert page.row_starting(home, "Cán bộ, công chức cấp tỉnh, cấp huyện (2025)")[1:] == \
        ["2025", "25 %", "66,7 %", "6", "4", "0", "Đã đạt"]
    # cbcc 2030 (also specialised language): 1 of 6 → 16,7 %, 2 missing, one cycle only.
    assert page.row_starting(home, "Cán bộ, công chức cấp tỉnh, cấp huyện (2030)")[1:] == \
        ["2030", "35 %", "16,7 %", "6", "1", "2", "Chưa đủ dữ liệu để đánh giá xu hướng"]


def test_small_groups_are_suppressed_on_the_public_site_only(built):
    # viên chức 2025: 4 people (< 5): the public site does not publish the share; internal does.
    public = page.row_starting(built / "public" / "index.html", "Viên chức (2025)")
    internal = page.row_starting(built / "internal" / "index.html", "Viên chức (2025)")
    assert public[3:8] == ["không công bố", "< 5", "–", "–", "Không công bố (nhóm quá ít người)"]
    assert internal[3:7] == ["50,0 %", "4", "2", "1"] and internal[7] != public[7]


def test_every_unit_has_an_internal_page_and_only_top_level_units_a_public_one(built):
    internal_units = list((built / "internal" / "don-vi").rglob("index.html"))
    assert len(internal_units) == 7  # the index and one page per unit of don_vi.csv
    public_units = sorted(p.parent.name for p in (built / "public" / "don-vi").rglob("index.html"))
    assert public_units == ["don-vi", "h1", "s1", "s2"]  # the index and the province's direct children
    assert not (built / "public" / "don-vi" / "b1").exists()  # the hospital, one level down
    unit = page.text(built / "internal" / "don-vi" / "s1" / "index.html")
    assert "Sở Nội vụ" in unit and "NỘI BỘ — không công bố" in unit
    # the banner (drawn by the unit template) above the unit's name, the no-JavaScript note below it
    assert unit.index("NỘI BỘ — không công bố") < unit.index("Sở Nội vụ ¶") < unit.index("cần JavaScript để hiện")
    for other in ("index.html", "ke-hoach/index.html", "chat-luong-du-lieu/index.html"):  # every internal page
        text = page.text(built / "internal" / other)
        assert text.count("NỘI BỘ — không công bố") == 1 and text.index("NỘI BỘ — không công bố") < text.index("¶")
    assert "NỘI BỘ" not in page.text(built / "public" / "index.html")
    # the public page of Sở Y tế: its hospital's 4 viên chức are fewer than 5 → not published
    row = page.row_starting(built / "public" / "don-vi" / "s2" / "index.html", "Viên chức")
    assert row[3:6] == ["< 5", "–", "không công bố"]


def test_no_name_or_staff_id_anywhere_in_the_public_site(built):
    names = roster_values("Họ và tên")
    ids = roster_values("Mã CBCCVC")
    births = roster_values("Ngày sinh") - {v for v in roster_values("Ngày sinh") if len(v) == 4}
    assert names and ids
    for path in (built / "public").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".csv", ".svg", ".xml", ".js", ".txt"):
            text = unicodedata.normalize("NFC", html.unescape(path.read_text(encoding="utf-8", errors="replace")))
            for value in names | ids | births:
                assert value not in text, f"{value!r} found in {path}"


def test_internal_site_lists_data_problems_and_is_noindex(built):
    page = (built / "internal" / "chat-luong-du-lieu" / "index.html").read_text(encoding="utf-8")
    assert 'name="robots" content="noindex' in page
    assert 'noindex' not in (built / "public" / "index.html").read_text(encoding="utf-8")


def test_indicator_csv_is_published(built):
    text = (built / "public" / "downloads" / "chi-tieu.csv").read_text(encoding="utf-8-sig")
    header = text.splitlines()[0].split(",")
    assert header[:4] == ["cycle", "unit", "unit_name", "year"]
    assert "suppressed" in header


def test_failed_build_leaves_the_published_site_untouched(built, tmp_path):
    before = {p: p.read_bytes() for p in (built / "public").rglob("*") if p.is_file()}
    broken = tmp_path / "data"
    shutil.copytree(FIXTURE / "data", broken)
    (broken / "2025-12-31" / "don_vi.csv").unlink()
    code = main(["--data", str(broken), "--content", str(FIXTURE / "content"), "--out", str(built)])
    assert code == 2
    after = {p: p.read_bytes() for p in (built / "public").rglob("*") if p.is_file()}
    assert before == after


def test_unit_head_counts_include_exempt_people_and_add_up_the_subtree(built):
    # S1 has 4 people, one of them exempt (TN0000004); B1 5, one exempt (TN0000105): a unit's total
    # with its subunits counts the same people as its own staff, so it is never below it.
    def summary(code):  # what the head under the page's heading reads (placed by the theme from the front matter)
        import re

        markup = (built / "internal" / "don-vi" / code / "index.html").read_text(encoding="utf-8")
        head = re.search(r'</h1>.*?<div class="tiendo-unit-head">(.*?)</div>', markup, re.S)
        assert head, f"{code}: no unit head under the heading"
        return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", head.group(1))))

    assert "4 người của riêng đơn vị;" in summary("s1")
    assert "5 người của riêng đơn vị;" in summary("b1")
    assert "0 người của riêng đơn vị, 5 người kể cả các đơn vị trực thuộc" in summary("s2")
    assert "0 người của riêng đơn vị, 16 người kể cả các đơn vị trực thuộc" in summary("p")


def test_internal_unit_page_lists_the_people_below_target(built):
    # S1: TN1 and TN3 are nominated for the 2030 target (see tests/compute/test_training.py); TN2 is
    # below it too but not needed for the unit's share.
    rows = {row[1]: row for table in page.tables(built / "internal" / "don-vi" / "s1" / "index.html")
            for row in table if len(row) == 6 and row[1].startswith("TN")}
    assert rows["TN0000001"][0] == "Phạm Thị Quỳnh Anh" and rows["TN0000001"][5] == "Có"
    assert rows["TN0000002"][5] == ""
    assert "CBCC tỉnh, huyện 2030" in rows["TN0000003"][4]


def test_unit_page_data_file_writes_each_label_of_the_people_list_once(built):
    # The people list comes by column; positions, levels, targets and «Đề xuất» as codes into labels
    # written once per page (national scale: millions of rows, half the bytes).
    from tests.htmlpage import data_sections
    from tiendo.render.datatable import code_list

    path = built / "internal" / "don-vi" / "s1" / "index.html"
    (raw,) = [s for s in data_sections(path, raw=True) if s["id"] == "nguoi-chua-dat"]
    names, ids, *coded = raw["rows"]["by_column"]
    assert len(names) == len(ids) >= 3 and all(name and isinstance(name, str) for name in names)
    for column in coded:
        codes = code_list(column["codes"])  # one string, code i the character U+0100 + i
        assert isinstance(column["codes"], str)
        assert len(codes) == len(names) and len(set(column["labels"])) == len(column["labels"])
        assert sorted(set(codes)) == list(range(len(column["labels"])))  # only the labels used
    (drawn,) = [s for s in data_sections(path) if s["id"] == "nguoi-chua-dat"]
    assert [row[:2] for row in drawn["rows"]] == [[name, id_] for name, id_ in zip(names, ids)]


def test_training_page_counts_each_agency_s_nominees_as_its_workbook_lists_them(built):
    import re

    import openpyxl

    training = built / "internal" / "boi-duong" / "index.html"
    markup = training.read_text(encoding="utf-8")
    rows = [row for table in page.tables(training) for row in table if len(row) == 3 and row[2] == "tải về"]
    links = re.findall(r'href="([^"]*downloads/de-cu/[^"]+)"', markup)
    assert [row[0] for row in rows] == ["UBND huyện Một", "Sở Nội vụ", "Sở Y tế"] and len(links) == len(rows)
    # each agency's own units (tests/fixtures/small/data/2025-12-31/don_vi.csv)
    units_of = {"UBND huyện Một": {"UBND huyện Một", "UBND xã Bờ Sông"}, "Sở Nội vụ": {"Sở Nội vụ"},
                "Sở Y tế": {"Sở Y tế", "Bệnh viện Đa khoa tỉnh"}}
    for row, link in zip(rows, links):
        sheet = openpyxl.load_workbook((training.parent / html.unescape(link)).resolve(), read_only=True).active
        header, *records = list(sheet.iter_rows(values_only=True))
        people = {record[header.index("Mã CBCCVC")] for record in records}
        assert int(row[1]) == len(people) > 0, row[0]
        assert {record[header.index("Đơn vị")] for record in records} <= units_of[row[0]], row[0]


def test_a_rebuild_with_nothing_changed_keeps_the_sites(built, capsys):
    args = ["--data", str(FIXTURE / "data"), "--content", str(FIXTURE / "content"), "--out", str(built)]
    home = built / "public" / "index.html"
    stamp = home.stat().st_mtime_ns
    assert main(args) == 0
    assert "Không có gì thay đổi" in capsys.readouterr().out
    assert home.stat().st_mtime_ns == stamp
    assert main([*args, "--force"]) == 0
    assert "Đã dựng xong" in capsys.readouterr().out


def test_changes_page_counts_each_unit_public_as_a_table_internal_as_data(tmp_path):
    """tests/fixtures/merge: of the four people, MG000002 rose from bậc 2 to bậc 3, the other three
    kept their level; all four moved into the merged commune."""
    merge = FIXTURE.parent / "merge"
    out = tmp_path / "site"
    assert main(["--data", str(merge / "data"), "--content", str(merge / "content"), "--out", str(out)]) == 0
    header = ["Đơn vị", "Nâng trình độ", "Giữ nguyên", "Giảm (sửa số liệu)", "Mới", "Không còn"]
    # the public page reads without JavaScript; counts under 5 are not published
    assert page.tables(out / "public" / "thay-doi" / "index.html") == [[header, ["UBND xã Mới", "< 5", "< 5", "0", "0", "0"]]]
    # the internal page lists every unit (thousands at national scale) as data the script draws
    assert page.data_tables(out / "internal" / "thay-doi" / "index.html") == [[header, ["UBND xã Mới", "1", "3", "0", "0", "0"]]]


def test_heading_anchors_keep_the_vietnamese_letters(built):
    # Python-Markdown's default ids drop what has no ASCII form: "Đánh giá tiến độ" became "anh-gia-tien-do"
    import re

    markup = (built / "public" / "phuong-phap" / "index.html").read_text(encoding="utf-8")
    ids = re.findall(r'<h2 id="([^"]+)"', markup)
    assert "đánh-giá-tiến-độ" in ids and "nguồn-số-liệu" in ids
    assert all(unicodedata.is_normalized("NFC", i) for i in ids)
    assert 'href="#đánh-giá-tiến-độ"' in markup  # the table of contents leads to it
