"""The shipped example: `python build.py` with no argument builds it, and what the home page
says agrees with `indicators --format json`."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests import htmlpage as page
from tiendo.render.format import fmt_int, fmt_percent

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built(example_site) -> Path:
    return example_site


@pytest.fixture(scope="module")
def indicators() -> list[dict]:
    result = subprocess.run([sys.executable, "build.py", "indicators", "--format", "json"], cwd=REPO,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_indicator_json_has_the_contract_fields(indicators):
    assert len(indicators) == 10  # five groups × 2025 and 2030 in the example plan
    for record in indicators:
        for key in ("year", "group", "tiers", "min_level", "specialized", "target_percent", "population",
                    "achieved", "percent", "missing_people", "quote", "cycle", "unit", "status", "ratio",
                    "met_at_deadline", "projected_year"):
            assert key in record
        assert record["cycle"] == "2025-06-30" and record["unit"] is None
        assert 0 <= record["achieved"] <= record["population"]


def test_home_page_agrees_with_the_indicators(built, indicators):
    home = built / "public" / "index.html"
    labels = {"cbcc": "Cán bộ, công chức cấp tỉnh, cấp huyện", "vien_chuc": "Viên chức",
              "vien_chuc_lanh_dao": "Viên chức giữ chức vụ lãnh đạo, quản lý"}
    for record in indicators:
        if record["group"] not in labels:
            continue
        row = page.row_starting(home, f"{labels[record['group']]} ({record['year']})")
        assert row[3] == fmt_percent(record["percent"])
        assert row[4] == fmt_int(record["population"])
        assert row[6] == fmt_int(record["missing_people"])


def test_every_target_page_and_unit_page_is_built(built):
    for group in ("cbcc", "vien_chuc", "vien_chuc_lanh_dao", "cbcc_xa", "cbcc_xa_lanh_dao"):
        assert (built / "public" / "nhom" / group / "index.html").exists()
    units = list((built / "internal" / "don-vi").iterdir())
    assert len(units) > 200
    assert (built / "public" / "ke-hoach" / "index.html").exists()
    plan = page.text(built / "public" / "ke-hoach" / "index.html")
    assert "25% cán bộ, công chức cấp tỉnh, cấp huyện" in plan


def test_charts_have_alt_text_that_states_the_finding(built):
    html = (built / "public" / "index.html").read_text(encoding="utf-8")
    assert 'alt="Biểu đồ tỷ lệ đạt so với chỉ tiêu của từng nhóm: ' in html
    assert (built / "public" / "assets" / "charts" / "tong-hop.svg").exists()


def test_data_quality_page_groups_problems_by_agency(built):
    path = built / "internal" / "chat-luong-du-lieu" / "index.html"
    rows = [row for table in page.tables(path) for row in table if row and row[0].endswith(".csv")]
    counts = {row[0]: row for row in rows if len(row) == 7}
    assert counts, "no per-file table"
    for row in counts.values():
        read, counted, rejected = (int(x.replace(".", "")) for x in row[2:5])
        assert read == counted + rejected
    assert any(row[1].startswith("UBND") for row in counts.values())
    text = page.text(path)
    assert "Mã đơn vị «HS.X99» không có trong danh mục đơn vị" in text
    assert "giao tiếp tốt" in text
