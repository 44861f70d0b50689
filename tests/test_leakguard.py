"""The leak guard on a built folder: what it must find, and what it may skip."""
from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

from tiendo.leakguard import Secrets, scan, words


def _site(tmp_path: Path) -> Path:
    import material

    site = tmp_path / "site"
    theme_file = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "lunr" / "wordcut.js"
    (site / "assets" / "javascripts" / "lunr").mkdir(parents=True)
    shutil.copyfile(theme_file, site / "assets" / "javascripts" / "lunr" / "wordcut.js")
    (site / "index.html").write_text("<p>Tỷ lệ đạt 25,3 %</p>", encoding="utf-8")
    return site


def _secrets() -> Secrets:
    secrets = Secrets()
    secrets.add_names(["Nguyễn Thị Đào", "An"])
    secrets.add_ids(["HS0001234", "12"])
    return secrets


def test_names_are_found_however_they_are_written(tmp_path: Path):
    site = _site(tmp_path)
    decomposed = unicodedata.normalize("NFD", "NGUYỄN THỊ ĐÀO")
    (site / "a.html").write_text(f"<td>{decomposed}</td>", encoding="utf-8")
    (site / "b.csv").write_text("x,nguyen-thi-dao,hs0001234\n", encoding="utf-8")
    found = {(leak.file, leak.kind, leak.text) for leak in scan(site, _secrets())}
    assert found == {("a.html", "họ tên", "nguyen thi dao"), ("b.csv", "họ tên", "nguyen thi dao"),
                     ("b.csv", "mã CBCCVC", "hs0001234")}


def test_theme_files_are_skipped_only_while_they_are_the_theme_s_own(tmp_path: Path):
    site = _site(tmp_path)
    secrets = _secrets()
    assert scan(site, secrets) == []  # one-word names and two-digit IDs are no secrets
    copied = site / "assets" / "javascripts" / "lunr" / "wordcut.js"
    copied.write_text(copied.read_text(encoding="utf-8") + "\n// Nguyễn Thị Đào\n", encoding="utf-8")
    assert [(leak.file, leak.text) for leak in scan(site, secrets)] == [
        ("assets/javascripts/lunr/wordcut.js", "nguyen thi dao")]


def test_allowed_names_and_plan_text():
    secrets = _secrets()
    secrets.allow_all_in("Người ký: Nguyễn Thị Đào, Giám đốc")
    assert "nguyen thi dao" in secrets.allowed
    assert words("  Trường   THPT\nLê-Lợi ") == "truong thpt le loi"


def test_secrets_made_per_file_and_merged_find_ids_of_several_words(tmp_path: Path):
    """Secrets are made per roster file and merged: an ID written with a dash ("HN-0012345" reads
    as two words) and a long name from one file are found as surely as those of the other."""
    site = _site(tmp_path)
    (site / "a.html").write_text("<td>HN 0012345</td><td>Tôn Nữ Thị Minh Khai Hoàng</td>", encoding="utf-8")
    first, second = Secrets(), Secrets()
    first.add_ids(["HN-0012345"])
    second.add_names(["Tôn Nữ Thị Minh Khai Hoàng"])
    second.add_ids(["HS0001234"])
    merged = Secrets()
    for part in (first, second):
        merged.merge(part)
    found = {(leak.kind, leak.text) for leak in scan(site, merged)}
    assert found == {("mã CBCCVC", "hn 0012345"), ("họ tên", "ton nu thi minh khai hoang")}


def test_secrets_gathered_from_cache_entries_then_scanned(tmp_path: Path):
    """The guard's process gathers the secrets kept per roster file (pickled), less the plan's and
    the office's allowed names, and scans the built site with them."""
    import pickle

    from tiendo.leakguard import prepare, scan_prepared

    site = _site(tmp_path)
    (site / "a.html").write_text("<p>Nguyễn Thị Đào ký; Trần Văn Hùng trình.</p><td>HS0001234</td>", encoding="utf-8")
    entry = tmp_path / "secrets.pickle"
    entry.write_bytes(pickle.dumps(_secrets()))
    loose = Secrets()
    loose.add_names(["Trần Văn Hùng"])
    assert prepare([str(entry)], loose, ["Người ký: Nguyễn Thị Đào"], []) == 3  # two names and one ID
    assert {(leak.kind, leak.text) for leak in scan_prepared(str(site))} == {
        ("họ tên", "tran van hung"), ("mã CBCCVC", "hs0001234")}


def test_a_workbooks_cell_positions_are_not_staff_ids_but_its_cells_are_read(tmp_path: Path):
    from openpyxl import Workbook

    site = _site(tmp_path)
    book = Workbook()
    for row in range(1, 12):
        book.active.append([f"Đơn vị {row}", row])
    book.save(site / "chi-tieu.xlsx")  # its XML names cell A10: <c r="A10">
    secrets = Secrets()
    secrets.add_ids(["A10"])
    assert scan(site, secrets) == []
    book.active.append(["A10", 0])  # the ID itself in a cell is found
    book.save(site / "chi-tieu.xlsx")
    assert {(leak.file, leak.text) for leak in scan(site, secrets)} == {("chi-tieu.xlsx", "a10")}
