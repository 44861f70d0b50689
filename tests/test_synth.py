"""The synthetic province and country: realistic in shape, deterministic for a seed, any size."""
from __future__ import annotations

import filecmp
from pathlib import Path

import pandas as pd
import pytest

from tiendo.synth import ROSTER_HEADERS, UNIT_HEADERS, generate


def read(folder: Path) -> pd.DataFrame:
    frames = [pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8-sig")
              for p in sorted(folder.glob("*.csv")) if p.name not in ("don_vi.csv", "don_vi_chuyen_doi.csv")]
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("synth")
    return out, generate(out, seed=1)


def test_default_example_shape(example):
    out, summary = example
    assert summary.cycles == ["2024-06-30", "2025-06-30"]
    assert 2700 <= summary.staff <= 3300
    for cycle in summary.cycles:
        units = pd.read_csv(out / cycle / "don_vi.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
        assert list(units.columns) == UNIT_HEADERS
        assert set(units["Cấp"]) == {"Tỉnh", "Huyện", "Xã"}
        rows = read(out / cycle)
        assert list(rows.columns) == ROSTER_HEADERS
        people = rows.drop_duplicates("Mã CBCCVC")
        assert 2700 <= len(people) <= 3300
        assert set(people["Đối tượng"]) >= {"Cán bộ", "Công chức", "Viên chức"}
        assert (people["Lãnh đạo, quản lý"] == "Có").mean() > 0.08
        assert (people["Không áp dụng"] != "").sum() > 20
        commune = people["Mã đơn vị"].isin(units.loc[units["Cấp"] == "Xã", "Mã đơn vị"])
        assert (people.loc[commune, "Yêu cầu sử dụng ngoại ngữ"] == "Có").sum() > 50
        assert rows["Ngoại ngữ"].nunique() >= 5
        assert len(rows) > len(people)  # some people hold a second language
        under_40 = pd.to_datetime(people["Ngày sinh"], format="%d/%m/%Y", errors="coerce") > pd.Timestamp("1986-01-01")
        assert under_40.mean() > 0.2


def test_unit_codes_exist_except_the_planted_one(example):
    out, _ = example
    last = out / "2025-06-30"
    units = set(pd.read_csv(last / "don_vi.csv", dtype=str, encoding="utf-8-sig")["Mã đơn vị"])
    unknown = set(read(last)["Mã đơn vị"]) - units
    assert unknown == {"HS.X99"}
    assert set(read(out / "2024-06-30")["Mã đơn vị"]) <= units


def test_same_seed_same_bytes_other_seed_differs(tmp_path: Path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    generate(a, seed=7, staff=500)
    generate(b, seed=7, staff=500)
    generate(c, seed=8, staff=500)
    for path in a.rglob("*.csv"):
        assert filecmp.cmp(path, b / path.relative_to(a), shallow=False)
    pairs = [(p, c / p.relative_to(a)) for p in a.rglob("*.csv")]
    assert any(not q.exists() or not filecmp.cmp(p, q, shallow=False) for p, q in pairs)


def test_clean_data_has_no_planted_problem(tmp_path: Path):
    generate(tmp_path, seed=1, staff=600, inject_problems=False)
    rows = read(tmp_path / "2025-06-30")
    assert "giao tiếp tốt" not in set(rows["Trình độ ngoại ngữ"])
    assert "31/02/1985" not in set(rows["Ngày sinh"])
    assert rows.groupby("Mã CBCCVC")["Họ và tên"].nunique().max() == 1


def test_any_size(tmp_path: Path):
    summary = generate(tmp_path, seed=3, staff=20_000, units=200, cycles=3)
    assert len(summary.cycles) == 3 and 190 <= summary.units <= 215
    assert 19_000 <= summary.staff <= 21_500


def test_the_shipped_example_is_what_synth_writes(example):
    """data/ was made by `python build.py synth --seed 1`: faster code must write the same bytes."""
    out, summary = example
    shipped = Path(__file__).resolve().parents[1] / "data"
    for name in summary.files:
        assert (out / name).read_bytes() == (shipped / name).read_bytes(), name


def test_country_shape(tmp_path: Path):
    from tiendo.load.units import load_unit_changes, load_units

    summary = generate(tmp_path, seed=2, staff=8000, units=800, cycles=2, shape="country")
    assert summary.cycles == ["2024-12-31", "2025-12-31"] and summary.units == 800
    old_dir, new_dir = tmp_path / "2024-12-31", tmp_path / "2025-12-31"
    new, _ = load_units(new_dir)
    old, _ = load_units(old_dir)
    assert len(new) == 800
    root = new[new["parent_code"] == ""]
    assert list(root["unit_code"]) == ["VN"]
    provinces = new[new["parent_code"] == "VN"]
    assert len(provinces) == 34 and set(provinces["tier"]) == {"tinh"}
    # from 1 July 2025: tỉnh and xã only; before: districts too
    assert set(new.loc[new["unit_code"] != "VN", "tier"]) == {"tinh", "xa"}
    assert set(old["tier"]) == {"trung_uong", "tinh", "huyen", "xa"}
    communes = new[new["unit_name"].str.match("UBND (?:xã|phường|đặc khu) ")]
    assert 0.2 < len(communes) / len(new) < 0.35 and set(communes["parent_code"]) == set(provinces["unit_code"])
    # each district unit went to a commune of the same province
    mapping, problems, *_ = load_unit_changes(new_dir)
    assert not problems and mapping
    assert set(mapping) == set(old["unit_code"]) - set(new["unit_code"])
    assert set(mapping.values()) <= set(communes["unit_code"])
    assert all(a.split(".")[:2] == b.split(".")[:2] for a, b in mapping.items())
    # one file per province; everyone works in a unit of their cycle (but the planted mistake)
    assert sorted(p.stem for p in new_dir.glob("VN.T*.csv")) == sorted(provinces["unit_code"])
    old_rows, new_rows = read(old_dir), read(new_dir)
    assert set(old_rows["Mã đơn vị"]) <= set(old["unit_code"])
    assert set(new_rows["Mã đơn vị"]) - set(new["unit_code"]) == {"VN.X99"}
    in_districts = old_rows["Mã đơn vị"].isin(old.loc[old["tier"] == "huyen", "unit_code"])
    assert in_districts.sum() > 100
    assert "VN" not in set(old_rows["Mã đơn vị"]) | set(new_rows["Mã đơn vị"])  # the roll-up has no staff
    stayed = set(old_rows.loc[in_districts, "Mã CBCCVC"]) & set(new_rows["Mã CBCCVC"])
    moved_to = new_rows.loc[new_rows["Mã CBCCVC"].isin(stayed), "Mã đơn vị"]
    assert set(moved_to) <= set(communes["unit_code"])  # district staff now work in communes
