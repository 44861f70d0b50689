"""Targets read from plan texts: both real plans exactly, and plans written the many ways real
plans are (tests/fixtures/plans), including one with no target and one sentence not understood."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURES, shared_plan
from tiendo.load.plans import parse_plan, plan_to_json, read_plan

ALL = ["trung_uong", "tinh", "huyen", "xa"]
FOCUS_HD = "tập trung vào cán bộ, công chức lãnh đạo, quản lý từ cấp phòng và tương đương trở lên dưới 40 tuổi"
FOCUS_DMC = "tập trung vào cán bộ, công chức lãnh đạo, quản lý cấp phòng và tương đương trở lên dưới 40 tuổi"


def summary(plan) -> list[tuple]:
    return [(t.year, t.group, list(t.tiers), t.percent, t.min_level, t.specialized, t.age_limit,
             t.focus.text if t.focus else None) for t in plan.targets]


def test_hai_duong_every_target_with_its_sentence():
    path = shared_plan("hai-duong-2020.md")
    plan = read_plan(path)
    text = path.read_text(encoding="utf-8")
    assert summary(plan) == [
        (2025, "cbcc", ["tinh", "huyen"], 25, 4, False, None, FOCUS_HD),
        (2025, "vien_chuc", ALL, 60, 4, False, None, None),
        (2025, "vien_chuc_lanh_dao", ALL, 50, 4, False, None, None),
        (2025, "cbcc_xa", ["xa"], 20, 3, False, None, None),
        (2025, "cbcc_xa_lanh_dao", ["xa"], 15, 3, False, None, None),
        (2030, "cbcc", ["tinh", "huyen"], 35, 4, True, None, FOCUS_HD),
        (2030, "vien_chuc", ALL, 70, 4, True, None, None),
        (2030, "vien_chuc_lanh_dao", ALL, 60, 4, True, None, None),
        (2030, "cbcc_xa", ["xa"], 30, 3, True, None, None),
        (2030, "cbcc_xa_lanh_dao", ["xa"], 25, 3, True, None, None),
    ]
    quotes = [t.quote for t in plan.targets]
    assert all(quote in text for quote in quotes)
    assert quotes[0] == ("25% cán bộ, công chức cấp tỉnh, cấp huyện (tập trung vào cán bộ, công chức lãnh đạo, "
                         "quản lý từ cấp phòng và tương đương trở lên dưới 40 tuổi) đạt trình độ ngoại ngữ bậc 4 "
                         "trở lên theo quy định.")
    assert quotes[1] == quotes[2] == ("60% viên chức và 50% viên chức giữ chức vụ lãnh đạo, quản lý đạt trình độ "
                                      "ngoại ngữ bậc 4 trở lên theo quy định.")
    assert quotes[5].endswith("bậc 4 trở lên và ngoại ngữ chuyên ngành;")
    assert (plan.issuer, plan.number, plan.date) == ("UBND tỉnh Hải Dương", None, "12/2020")
    assert plan.unparsed == []


def test_duong_minh_chau_every_target_and_no_invented_commune_target():
    path = shared_plan("duong-minh-chau-tay-ninh-2020.txt")
    plan = read_plan(path)
    text = path.read_text(encoding="utf-8")
    assert summary(plan) == [
        (2025, "cbcc", ["huyen"], 25, 4, False, None, FOCUS_DMC),
        (2025, "vien_chuc", ALL, 60, 4, True, None, None),
        (2025, "vien_chuc_lanh_dao", ALL, 50, 4, True, None, None),
        (2030, "cbcc", ["huyen"], 35, 4, True, None, FOCUS_DMC),
        (2030, "vien_chuc", ALL, 70, 4, True, None, None),
        (2030, "vien_chuc_lanh_dao", ALL, 60, 4, True, None, None),
    ]
    assert all(t.quote in text for t in plan.targets)
    assert plan.targets[1].quote == ("60% viên chức và 50% viên chức giữ chức vụ lãnh đạo, quản lý đạt trình độ "
                                     "ngoại ngữ bậc 4 trở lên theo quy định và ngoại ngữ chuyên ngành.")
    assert (plan.issuer, plan.number, plan.date) == ("UBND huyện Dương Minh Châu", None, None)
    assert plan.unparsed == []


def test_structure_of_a_plain_text_plan():
    plan = read_plan(shared_plan("duong-minh-chau-tay-ninh-2020.txt"))
    headings = [(b.number, b.text) for b in plan.blocks if b.kind == "heading" and b.level == 1]
    assert headings[:3] == [("I", "MỤC ĐÍCH, YÊU CẦU"), ("II", "NỘI DUNG THỰC HIỆN"), ("III", "Tổ chức thực hiện")]


def fixture(name: str):
    return read_plan(FIXTURES / "plans" / name)


def test_word_paste_with_other_numbering_typos_and_missing_commas():
    plan = fixture("word-paste.txt")
    assert summary(plan) == [
        (2025, "cbcc", ["tinh", "huyen"], 25, 4, False, None, None),
        (2025, "vien_chuc", ALL, 60, 4, False, None, None),
        (2030, "cbcc", ["tinh", "huyen"], 35, 4, True, None, None),
        (2030, "vien_chuc_lanh_dao", ALL, 60, 4, True, None, None),
    ]
    assert plan.issuer == "UBND tỉnh Bình Hòa" and plan.number == "88/KH-UBND" and plan.date == "05/02/2021"


def test_one_sentence_with_several_targets_split_by_semicolons_and_percent_words():
    plan = parse_plan("Mục tiêu\n\nĐến năm 2025: 25 phần trăm cán bộ, công chức cấp tỉnh đạt bậc 4 trở lên; "
                      "20 % cán bộ công chức xã, phường, thị trấn đạt trình độ B1 trở lên; 12,5% viên chức lãnh đạo "
                      "quản lý đạt Bậc 4/6.")
    assert summary(plan) == [
        (2025, "cbcc", ["tinh"], 25, 4, False, None, None),
        (2025, "cbcc_xa", ["xa"], 20, 3, False, None, None),
        (2025, "vien_chuc_lanh_dao", ALL, 12.5, 4, False, None, None),
    ]


def test_targets_in_a_table():
    plan = fixture("table.md")
    assert summary(plan) == [
        (2025, "cbcc", ["tinh", "huyen"], 25, 4, False, None, None),
        (2030, "cbcc", ["tinh", "huyen"], 35, 4, False, None, None),
        (2025, "vien_chuc", ALL, 60, 4, False, None, None),
        (2030, "vien_chuc", ALL, 70, 4, False, None, None),
    ]


def test_a_ministry_plan_with_central_groups():
    plan = fixture("ministry.md")
    assert summary(plan)[:2] == [
        (2025, "cbcc_trung_uong", ["trung_uong"], 50, 4, False, None, None),
        (2030, "cbcc_trung_uong", ["trung_uong"], 60, 4, True, None, None),
    ]
    assert plan.issuer == "Bộ Tư pháp"


def test_national_wording_with_an_age_limit_on_the_group_itself():
    plan = parse_plan("a) Đến năm 2025:\n- 15% cán bộ, công chức lãnh đạo, quản lý cấp xã dưới 40 tuổi công tác tại "
                      "các địa bàn hoặc lĩnh vực có yêu cầu sử dụng ngoại ngữ đạt trình độ ngoại ngữ bậc 3 trở lên.")
    assert summary(plan) == [(2025, "cbcc_xa_lanh_dao", ["xa"], 15, 3, False, 40, None)]


def test_a_news_summary_quoting_only_the_targets():
    plan = fixture("news.txt")
    assert [(t.year, t.group, t.percent) for t in plan.targets] == [
        (2025, "cbcc", 25), (2025, "vien_chuc", 60), (2030, "cbcc", 35), (2030, "vien_chuc", 70)]


def test_a_plan_that_stops_before_its_targets_has_none():
    plan = fixture("no-targets.txt")
    assert plan.targets == [] and plan.unparsed == []


def test_a_target_sentence_not_understood_is_reported_with_its_quote():
    plan = fixture("unclear.md")
    assert [t.group for t in plan.targets] == ["vien_chuc"]
    data = plan_to_json(plan)
    [item] = data["unparsed"]
    assert item["quote"] == "Phấn đấu 40% cán bộ, công chức các cơ quan đạt chuẩn ngoại ngữ theo quy định."
    assert "bậc" in item["reason"]


def test_decomposed_unicode_and_bom_read_the_same(tmp_path: Path):
    import unicodedata

    source = (FIXTURES / "plans" / "word-paste.txt").read_text(encoding="utf-8")
    path = tmp_path / "nfd.txt"
    path.write_bytes(b"\xef\xbb\xbf" + unicodedata.normalize("NFD", source).encode("utf-8"))
    assert summary(read_plan(path)) == summary(fixture("word-paste.txt"))


@pytest.mark.parametrize("name", ["word-paste.txt", "table.md", "ministry.md", "news.txt", "unclear.md"])
def test_json_shape(name):
    data = plan_to_json(fixture(name))
    assert set(data) == {"source", "title", "issuer", "number", "date", "targets", "unparsed"}
    for t in data["targets"]:
        assert set(t) == {"year", "group", "tiers", "percent", "min_level", "specialized", "age_limit", "focus", "quote"}


def test_group_written_before_the_percentage():
    plan = parse_plan("Mục tiêu đến năm 2025: tỷ lệ cán bộ, công chức cấp tỉnh đạt trình độ ngoại ngữ bậc 4 trở lên "
                      "là 25%.")
    assert summary(plan) == [(2025, "cbcc", ["tinh"], 25, 4, False, None, None)]


def test_year_from_a_bare_heading_and_a_mixed_group_is_reported():
    plan = parse_plan("a) Năm 2025:\n- 30% cán bộ, công chức, viên chức đạt bậc 3.\n- 60% viên chức đạt bậc 4.")
    assert summary(plan) == [(2025, "vien_chuc", ALL, 60, 4, False, None, None)]
    assert plan.unparsed == ["30% cán bộ, công chức, viên chức đạt bậc 3."]


def test_national_text_with_central_group_and_focus():
    plan = parse_plan("a) Đến năm 2025:\n- 50% cán bộ, công chức các cơ quan trung ương (tập trung vào cán bộ, công "
                      "chức lãnh đạo, quản lý từ cấp phòng và tương đương trở lên dưới 40 tuổi) đạt trình độ ngoại ngữ "
                      "bậc 4 trở lên theo quy định.")
    [target] = plan.targets
    assert (target.group, target.tiers, target.percent) == ("cbcc_trung_uong", ("trung_uong",), 50)
    assert target.focus is not None and target.focus.age_limit == 40 and target.age_limit is None


def test_who_does_what_and_the_roadmap_of_the_real_plan():
    plan = read_plan(shared_plan("hai-duong-2020.md"))
    agencies = list(dict.fromkeys(t.agency for t in plan.tasks))
    assert agencies[1:4] == ["Sở Nội vụ", "Sở Giáo dục và Đào tạo", "Sở Tài chính"]
    assert [t.number for t in plan.tasks if t.agency == "Sở Nội vụ"] == ["a", "b", "c", "d", "đ", "e"]
    assert [(p.label, p.start, p.end) for p in plan.roadmap] == [
        ("Năm 2020", 2020, 2020), ("Giai đoạn 2021 - 2025", 2021, 2025), ("Giai đoạn 2026 - 2030", 2026, 2030)]


def test_tasks_of_a_plain_text_plan_with_dash_items():
    plan = read_plan(shared_plan("duong-minh-chau-tay-ninh-2020.txt"))
    assert [(t.agency, t.number) for t in plan.tasks if t.agency == "Phòng Nội vụ huyện"] == [
        ("Phòng Nội vụ huyện", "1"), ("Phòng Nội vụ huyện", "2")]
    assert plan.roadmap == []


def test_reviewed_targets_file_wins_and_disagreements_are_noted(tmp_path: Path):
    from tiendo.cli import main
    from tiendo.load.plans import load_plan, reviewed_path

    plan_path = tmp_path / "ke-hoach.txt"
    plan_path.write_text((FIXTURES / "plans" / "word-paste.txt").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["targets", str(plan_path), "--write"]) == 0
    reviewed = reviewed_path(plan_path)
    assert reviewed.name == "ke-hoach.targets.yml"
    assert main(["targets", str(plan_path), "--write"]) == 2  # never overwrites a reviewed file silently
    unchanged = load_plan(plan_path)
    assert unchanged.targets_source == "reviewed" and unchanged.notes == []
    assert summary(unchanged) == summary(read_plan(plan_path))
    edited = reviewed.read_text(encoding="utf-8").replace("percent: 25", "percent: 30", 1)
    reviewed.write_text(edited, encoding="utf-8")
    plan = load_plan(plan_path)
    assert plan.targets[0].percent == 30
    assert plan.notes == ["Chỉ tiêu cbcc năm 2025: văn bản ghi tỷ lệ «25», tệp đã duyệt ghi «30» — dùng tệp đã duyệt."]


def test_a_broken_reviewed_file_is_a_clear_error(tmp_path: Path):
    from tiendo.load.plans import ReviewedTargetsError, load_plan

    plan_path = tmp_path / "kh.md"
    plan_path.write_text("- 60% viên chức đạt bậc 4 vào năm 2025.", encoding="utf-8")
    (tmp_path / "kh.targets.yml").write_text("targets:\n- year: 2025\n  group: nhan_vien\n  percent: 60\n  min_level: 4\n",
                                             encoding="utf-8")
    with pytest.raises(ReviewedTargetsError, match="kh.targets.yml.*nhan_vien"):
        load_plan(plan_path)


def test_targets_in_one_paragraph_joined_by_semicolons():
    plan = parse_plan("Đến năm 2025: 25% cán bộ, công chức cấp tỉnh, cấp huyện đạt trình độ ngoại ngữ bậc 4 trở lên "
                      "theo quy định; 60% viên chức và 50% viên chức giữ chức vụ lãnh đạo, quản lý đạt trình độ ngoại "
                      "ngữ bậc 4 trở lên theo quy định; 20% cán bộ, công chức cấp xã và 15% cán bộ, công chức lãnh đạo, "
                      "quản lý cấp xã công tác tại các địa bàn hoặc lĩnh vực có yêu cầu sử dụng ngoại ngữ đạt trình độ "
                      "ngoại ngữ bậc 3 trở lên theo quy định.")
    assert [(t.group, t.percent, t.min_level) for t in plan.targets] == [
        ("cbcc", 25, 4), ("vien_chuc", 60, 4), ("vien_chuc_lanh_dao", 50, 4), ("cbcc_xa", 20, 3),
        ("cbcc_xa_lanh_dao", 15, 3)]


def test_group_then_colon_then_percentage():
    plan = parse_plan("2. Mục tiêu đến năm 2030\n- Cán bộ, công chức cấp tỉnh, cấp huyện: 35% đạt trình độ ngoại ngữ "
                      "bậc 4 trở lên và ngoại ngữ chuyên ngành.\n- Viên chức: 70% đạt trình độ B2 trở lên.")
    assert summary(plan) == [(2030, "cbcc", ["tinh", "huyen"], 35, 4, True, None, None),
                             (2030, "vien_chuc", ALL, 70, 4, False, None, None)]


def test_a_ministry_plan_counts_its_civil_servants_as_central():
    plan = parse_plan("BỘ NỘI VỤ\n\nKẾ HOẠCH\nHọc tập ngoại ngữ\n\na) Đến năm 2025: phấn đấu 50% cán bộ, công chức các "
                      "cơ quan, đơn vị thuộc Bộ đạt trình độ ngoại ngữ bậc 4 trở lên.")
    assert plan.issuer == "Bộ Nội vụ"
    assert [(t.group, t.tiers) for t in plan.targets] == [("cbcc_trung_uong", ("trung_uong",))]
