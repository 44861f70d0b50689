"""Cycle folders as offices name them, and what else the data folder holds."""
from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tiendo.cli import main
from tiendo.load.cycles import DataDirError, cycle_date, find_cycles, future_cycles, unread_in_data_dir

SMALL = FIXTURES / "small"


@pytest.mark.parametrize("name,expected", [
    ("2025-06-30", date(2025, 6, 30)), ("2025", date(2025, 12, 31)), ("30-06-2025", date(2025, 6, 30)),
    ("2025-6-30", date(2025, 6, 30)), ("2025_06_30", date(2025, 6, 30)), ("20250630", date(2025, 6, 30)),
    ("Kỳ 30.6.2025", date(2025, 6, 30)), ("Ky 2025", date(2025, 12, 31)), ("2025-06-30 ", date(2025, 6, 30)),
    ("2025-06-31", None), ("2025-06-30 - Copy", None), ("cu", None),
])
def test_folder_names_of_a_cycle(name, expected):
    assert cycle_date(name) == expected


def test_what_the_data_folder_holds_beside_its_cycles_is_said(tmp_path: Path):
    for name in ("30-06-2025", "2025-06-30 - Copy", "luu tru"):
        (tmp_path / name).mkdir()
    (tmp_path / "Sở Y tế.xlsx").write_bytes(b"")
    assert [c.ref_date for c in find_cycles(tmp_path)] == [date(2025, 6, 30)]
    unread = unread_in_data_dir(tmp_path)
    assert sorted((p.file, p.severity) for p in unread) == [
        ("2025-06-30 - Copy", "warning"), ("Sở Y tế.xlsx", "warning"), ("luu tru", "warning")]
    messages = {p.file: p.message for p in unread}
    assert "không phải một kỳ báo cáo" in messages["luu tru"] and "ngoài các thư mục kỳ" in messages["Sở Y tế.xlsx"]
    (tmp_path / "2025-02-30").mkdir()
    with pytest.raises(DataDirError, match="2025-02-30"):
        find_cycles(tmp_path)


def test_validate_names_a_copy_of_a_cycle_folder(tmp_path: Path, capsys):
    data = tmp_path / "data"
    shutil.copytree(SMALL / "data", data)
    shutil.copytree(data / "2025-12-31", data / "2025-12-31 - Copy")
    code = main(["validate", "--data", str(data), "--content", str(SMALL / "content"), "--format", "json"])
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert code == 0  # said, as a warning: the cycle itself is read
    assert any(p["file"] == "2025-12-31 - Copy" and p["severity"] == "warning" for p in problems)


@pytest.mark.parametrize("written,tier", [
    ("Huyện/Thị xã", "huyen"), ("Tỉnh/Thành phố", "tinh"), ("Xã, phường, thị trấn", "xa"), ("Xã/Phường/Đặc khu", "xa"),
    ("Huyện, thị xã, thành phố", "huyen"), ("Cấp tỉnh", "tinh"), ("Tỉnh/Xã", None)])
def test_tiers_written_as_a_list_of_one_tiers_kinds(written, tier):
    from tiendo.load.units import parse_tier

    assert parse_tier(written) == tier


def test_a_city_is_the_top_tier_at_the_root_and_a_district_below_a_province(tmp_path: Path):
    from tiendo.load.units import load_units

    (tmp_path / "don_vi.csv").write_text("Mã ĐV,Tên đơn vị,Cấp trên,Cấp\nHP,UBND thành phố Hải Phòng,,Thành phố\n"
                                         "TN,UBND tỉnh Tây Ninh,,Tỉnh\nTN.TP,UBND thành phố Tây Ninh,TN,Thành phố\n",
                                         encoding="utf-8")
    units, problems = load_units(tmp_path)
    assert problems == []
    assert dict(zip(units["unit_code"], units["tier"])) == {"HP": "tinh", "TN": "tinh", "TN.TP": "huyen"}
    assert dict(zip(units["unit_code"], units["parent_code"]))["TN.TP"] == "TN"


def test_a_cycle_dated_after_today_is_said_not_refused(tmp_path: Path):
    for name in ("2025-06-30", "2052-06-30"):
        (tmp_path / name).mkdir()
    cycles = find_cycles(tmp_path)
    said = future_cycles(cycles, today=date(2026, 11, 25))
    assert [(p.file, p.severity) for p in said] == [("2052-06-30", "warning")]
    assert "30/06/2052, sau hôm nay (25/11/2026)" in said[0].message
    assert future_cycles(cycles, today=date(2052, 6, 30)) == []  # on the day itself: a cycle like any


def test_validate_says_the_latest_cycle_is_dated_in_the_future(tmp_path: Path, capsys):
    data = tmp_path / "data"
    shutil.copytree(SMALL / "data" / "2025-12-31", data / "2099-12-31")  # made early, or a mistyped year
    code = main(["validate", "--data", str(data), "--content", str(SMALL / "content"), "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert out["cycle"] == "2099-12-31"
    assert any(p["file"] == "2099-12-31" and p["severity"] == "warning" and "sau hôm nay" in p["message"]
               for p in out["problems"])
