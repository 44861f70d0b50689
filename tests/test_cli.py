"""The command-line contract other tools rely on: subcommands, JSON shapes, exit codes."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, shared_plan
from tiendo.cli import main
from tiendo.pipeline import BuildError

SMALL = FIXTURES / "small"


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_targets_json_of_a_real_plan(capsys):
    code, out, _ = run(capsys, "targets", str(shared_plan("hai-duong-2020.md")), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["issuer"] == "UBND tỉnh Hải Dương" and len(data["targets"]) == 10


def test_targets_json_of_a_fixture_plan(capsys):
    code, out, _ = run(capsys, "targets", str(FIXTURES / "plans" / "word-paste.txt"), "--format", "json")
    assert code == 0 and len(json.loads(out)["targets"]) == 4


def test_indicators_json_default_cycle_unit_and_all(capsys):
    base = ["--data", str(SMALL / "data"), "--content", str(SMALL / "content"), "--format", "json"]
    code, out, _ = run(capsys, "indicators", *base)
    records = json.loads(out)
    assert code == 0 and len(records) == 10 and all(r["unit"] is None for r in records)
    cbcc = next(r for r in records if r["group"] == "cbcc" and r["year"] == 2025)
    assert (cbcc["population"], cbcc["achieved"], cbcc["missing_people"]) == (6, 4, 0)
    assert cbcc["percent"] == pytest.approx(66.6667, abs=1e-3) and cbcc["status"] == "achieved"
    code, out, _ = run(capsys, "indicators", *base, "--unit", "H1")
    unit = json.loads(out)
    assert {r["unit"] for r in unit} == {"H1"}
    assert next(r for r in unit if r["group"] == "cbcc" and r["year"] == 2025)["population"] == 3
    code, out, _ = run(capsys, "indicators", *base, "--all")
    every = json.loads(out)
    assert len(every) == 10 * 7  # territory + six units, one cycle
    code, _, err = run(capsys, "indicators", *base, "--cycle", "2019-01-01")
    assert code == 2 and "2025-12-31" in err


def test_the_text_of_targets_and_indicators_names_groups_and_tiers_as_the_office_does(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")
    code, out, _ = run(capsys, "indicators", "--data", str(SMALL / "data"), "--content", str(SMALL / "content"))
    assert code == 0
    assert "31/12/2025 · toàn địa bàn · CBCC tỉnh, huyện 2025: 66,7 % (4/6 người)" in out
    assert "CBCC tỉnh, huyện 2030 (yêu cầu cả ngoại ngữ chuyên ngành)" in out
    assert "cbcc " not in out and "vien_chuc" not in out
    plan = next((SMALL / "content" / "plans").glob("*.md"))
    code, out, _ = run(capsys, "targets", str(plan))
    assert code == 0 and "2025 · CBCC tỉnh, huyện (cấp tỉnh, huyện" in out and "tinh" not in out


def test_output_cut_by_its_reader_ends_quietly(tmp_path: Path):
    """`… --format json | head`: the reader closes the pipe early; the command stops without an
    error message, with the exit code Unix tools give then."""
    import subprocess
    import sys

    # the shipped example: every unit's indicators are megabytes, far more than a pipe holds
    command = [sys.executable, str(Path(__file__).resolve().parent.parent / "build.py"), "indicators", "--all",
               "--format", "json"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.read(10)
    process.stdout.close()  # as head does after its lines
    err = process.stderr.read().decode("utf-8")
    assert process.wait() == 141 and "Lỗi" not in err and "Traceback" not in err


def test_validate_json_and_exit_codes(capsys, tmp_path: Path):
    code, out, _ = run(capsys, "validate", "--data", str(SMALL / "data"), "--content", str(SMALL / "content"),
                       "--format", "json")
    report = json.loads(out)
    assert code == 0 and report["problems"] == []
    assert {f["file"]: f["rows_read"] for f in report["files"]} == {
        "benh-vien.csv": 5, "so-noi-vu.csv": 8, "xa-bo-song.csv": 4}
    broken = tmp_path / "data"
    shutil.copytree(SMALL / "data", broken)
    with open(broken / "2025-12-31" / "so-noi-vu.csv", "a", encoding="utf-8") as handle:
        handle.write("TN0000009,Hà Văn Mới,01/01/1990,Nam,S99,Công chức,Không,,Không,,,,,,,\n")
    code, out, _ = run(capsys, "validate", "--data", str(broken), "--content", str(SMALL / "content"),
                       "--format", "json")
    report = json.loads(out)
    assert code == 1
    [problem] = report["problems"]
    assert problem == {"file": "so-noi-vu.csv", "row": 10, "column": "unit_code", "value": "S99",
                       "expected": "một mã trong don_vi.csv", "severity": "error",
                       "message": "Mã đơn vị «S99» không có trong danh mục đơn vị (don_vi.csv): dòng không được tính."}
    assert {f["file"]: (f["rows_read"], f["rows_counted"], f["rows_rejected"]) for f in report["files"]}[
        "so-noi-vu.csv"] == (9, 8, 1)
    # The JSON names the column by its template key (the contract); what a person reads names it by
    # the header they see in the template, never by the key.
    code, out, _ = run(capsys, "validate", "--data", str(broken), "--content", str(SMALL / "content"))
    assert code == 1 and "so-noi-vu.csv, dòng 10, cột Mã đơn vị:" in out and "unit_code" not in out
    # --strict refuses to build while there is an error; without it the site is built.
    out_dir = tmp_path / "site"
    code, _, err = run(capsys, "--data", str(broken), "--content", str(SMALL / "content"), "--out", str(out_dir),
                       "--strict")
    assert code == 2 and "--strict" in err and "so-noi-vu.csv" in err
    assert "cột Mã đơn vị:" in err and "unit_code" not in err
    assert "kỳ 31/12/2025, tệp «so-noi-vu.csv», dòng 10" in err
    assert f"Xem toàn bộ: python build.py validate --data {broken} --content {SMALL / 'content'}" in err
    assert not (out_dir / "public").exists()


def test_a_name_planted_in_a_unit_name_stops_the_build(capsys, tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(SMALL / "data", data)
    units = data / "2025-12-31" / "don_vi.csv"
    units.write_text(units.read_text(encoding="utf-8").replace("Sở Nội vụ", "Sở Nội vụ (Lưu Văn Bảo phụ trách)"),
                     encoding="utf-8")
    code, _, err = run(capsys, "--data", str(data), "--content", str(SMALL / "content"), "--out", str(tmp_path / "s"))
    assert code == 2
    assert "thông tin cá nhân" in err and "luu van bao" in err
    assert not (tmp_path / "s" / "public").exists()


def test_unknown_data_folder_is_a_clear_error(capsys, tmp_path: Path):
    code, _, err = run(capsys, "validate", "--data", str(tmp_path / "khong-co"), "--content", str(SMALL / "content"))
    assert code == 2 and "Không tìm thấy thư mục dữ liệu" in err and "Traceback" not in err


def test_debug_may_come_before_the_subcommand(capsys, tmp_path: Path):
    """--debug shows the traceback instead of the one sentence, written before the subcommand or after."""
    missing = ["--data", str(tmp_path / "khong-co"), "--content", str(SMALL / "content")]
    for argv in (["validate", *missing, "--debug"], ["--debug", "validate", *missing]):
        with pytest.raises(BuildError, match="khong-co"):
            main(argv)
    assert run(capsys, "validate", *missing)[0] == 2  # without it: one sentence, exit code 2


def test_the_commands_suggested_after_a_build_use_its_own_folders(capsys, monkeypatch, tmp_path: Path):
    """Built with --out elsewhere, the summary's "serve" line serves that site, not the default one;
    its "validate" hint reads the same data."""
    monkeypatch.setenv("COLUMNS", "400")  # one line per table row: the commands are read whole
    broken = tmp_path / "data"
    shutil.copytree(SMALL / "data", broken)
    with open(broken / "2025-12-31" / "so-noi-vu.csv", "a", encoding="utf-8") as handle:
        handle.write("TN0000009,Hà Văn Mới,01/01/1990,Nam,S99,Công chức,Không,,Không,,,,,,,\n")
    out_dir = tmp_path / "trang"
    code, out, _ = run(capsys, "--data", str(broken), "--content", str(SMALL / "content"), "--out", str(out_dir))
    assert code == 0
    assert f"python build.py serve public --out {out_dir}" in out
    assert f"python build.py validate --data {broken} --content {SMALL / 'content'}" in out
    code, _, err = run(capsys, "serve", "public", "--out", str(tmp_path / "khong-co"))
    assert code == 2 and "khong-co" in err  # serve reads --out as the summary writes it


def test_suggested_commands_name_only_the_folders_that_are_not_the_default_ones_quoted_for_the_shell():
    import shlex

    from tiendo.settings import command_options, load_settings

    assert command_options(load_settings(), "data_dir", "content_dir", "out_dir") == ""
    spaced = load_settings(data_dir="du lieu/kỳ 2025", out_dir="-trang")
    words = shlex.split(command_options(spaced, "data_dir", "content_dir", "out_dir"))
    # the words the shell hands to build.py: each folder whole, and one that starts with "-" is not an option
    assert words == ["--data", "du lieu/kỳ 2025", "--out", "./-trang"]


def test_a_file_missing_several_columns_is_told_by_their_headers(capsys, tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(SMALL / "data", data)
    (data / "2025-12-31" / "thieu-cot.csv").write_text("Họ và tên,Giới tính\nHà Văn Mới,Nam\n", encoding="utf-8")
    code, out, _ = run(capsys, "validate", "--data", str(data), "--content", str(SMALL / "content"))
    assert code == 1
    line = next(text for text in out.splitlines() if "thieu-cot.csv," in text)
    assert "Mã CBCCVC" in line and "Mã đơn vị" in line and "staff_id" not in line and "unit_code" not in line


def test_template_and_synth(capsys, tmp_path: Path):
    code, out, _ = run(capsys, "template", str(tmp_path / "mau.xlsx"))
    assert code == 0 and (tmp_path / "mau.xlsx").exists()
    code, out, _ = run(capsys, "synth", "--out", str(tmp_path / "d"), "--staff", "300", "--cycles", "1")
    assert code == 0 and "300" in out or "người" in out
    assert (tmp_path / "d" / "2025-06-30" / "don_vi.csv").exists()


def test_a_plan_without_targets_is_a_clear_error(capsys, tmp_path: Path):
    content = tmp_path / "content" / "plans"
    content.mkdir(parents=True)
    shutil.copy(FIXTURES / "plans" / "no-targets.txt", content)
    code, _, err = run(capsys, "indicators", "--data", str(SMALL / "data"), "--content", str(tmp_path / "content"))
    assert code == 2 and "Không đọc được chỉ tiêu nào" in err and "no-targets.txt" in err


def test_a_worker_process_that_died_is_explained_with_what_to_do():
    """A worker killed mid-build (the system out of memory) surfaces as BrokenProcessPool: the
    office gets one sentence saying the site is untouched and how to run without workers."""
    from concurrent.futures.process import BrokenProcessPool

    from tiendo.messages import explain

    message = explain(BrokenProcessPool("A process in the process pool was terminated abruptly"))
    assert "giữ nguyên" in message and "--jobs 0" in message and "BrokenProcessPool" not in message


def test_the_build_summary_counts_problems_per_cycle_as_the_page_and_validate_show_them(capsys, monkeypatch,
                                                                                        tmp_path: Path):
    """An error in an earlier cycle is not counted as the latest cycle's (the data-quality page and
    validate show the latest cycle): it has a line of its own, with the validate command listing it."""
    monkeypatch.setenv("COLUMNS", "400")  # one line per table row
    data = tmp_path / "data"
    shutil.copytree(SMALL / "data", data)
    shutil.copytree(data / "2025-12-31", data / "2024-12-31")
    with open(data / "2024-12-31" / "so-noi-vu.csv", "a", encoding="utf-8") as handle:
        handle.write("TN0000009,Hà Văn Mới,01/01/1990,Nam,S99,Công chức,Không,,Không,,,,,,,\n")
    options = ["--data", str(data), "--content", str(SMALL / "content")]
    out_dir = tmp_path / "trang"
    for _ in range(2):  # built, then nothing changed: the summary kept from the first build says the same
        code, out, _ = run(capsys, *options, "--out", str(out_dir))
        assert code == 0
        assert "Dữ liệu kỳ 31/12/2025 │ 0 lỗi, 0 cảnh báo" in out
        command = f"python build.py validate --data {data} --content {SMALL / 'content'} --cycle 2024-12-31"
        assert f"Dữ liệu kỳ 31/12/2024 │ 1 lỗi, 0 cảnh báo — xem {command}" in out
    assert "Không có gì thay đổi" in out
    page = (out_dir / "internal" / "chat-luong-du-lieu" / "index.html").read_text(encoding="utf-8")
    assert "S99" not in page  # the page lists the latest cycle's problems, and says where the earlier ones are
    assert "Kỳ 31/12/2024: <strong>1</strong> lỗi, <strong>0</strong> cảnh báo" in page
    assert f"<code>{command}</code>" in page
    code, out, _ = run(capsys, *command.split()[2:])  # the command as the summary gives it lists the error
    assert code == 1 and "so-noi-vu.csv, dòng 10, cột Mã đơn vị:" in out
    code, _, err = run(capsys, *options, "--out", str(tmp_path / "strict"), "--strict")
    assert code == 2 and "kỳ 31/12/2024, tệp «so-noi-vu.csv», dòng 10" in err  # --strict: an error in any cycle


def test_help_and_usage_errors_are_in_vietnamese(capsys):
    with pytest.raises(SystemExit) as shown:
        main(["serve", "--help"])
    out = capsys.readouterr().out
    assert shown.value.code == 0
    assert "Cách dùng: python build.py serve" in out and "hiện hướng dẫn này rồi thoát" in out
    assert "cổng (mặc định 8000)" in out and "usage:" not in out and "options:" not in out
    with pytest.raises(SystemExit) as refused:
        main(["bench", "--scale", "tinh"])
    err = capsys.readouterr().err
    assert refused.value.code == 2
    assert "Lỗi (python build.py bench): tham số --scale: không có lựa chọn 'tinh'" in err and "error:" not in err


def test_a_quote_not_understood_is_printed_as_written(capsys, tmp_path):
    """Square brackets in a plan ("[i]", "[b]") are text, not terminal styling to swallow."""
    plan = tmp_path / "kh.txt"
    plan.write_text("KẾ HOẠCH\nHọc tập ngoại ngữ\nĐến năm 2025, 30% cán bộ, công chức [i] và viên chức [b] đạt trình độ "
                    "ngoại ngữ bậc 4 trở lên.\n", encoding="utf-8")
    _, out, _ = run(capsys, "targets", str(plan))
    assert "30% cán bộ, công chức [i] và viên chức [b] đạt" in out


def test_all_widens_to_every_unit_and_cycle_and_cycle_or_unit_still_narrow_it(capsys):
    merge = FIXTURES / "merge"  # two cycles, two units
    base = ["--data", str(merge / "data"), "--content", str(merge / "content"), "--format", "json"]

    def asked(*extra):
        code, out, _ = run(capsys, "indicators", *base, *extra)
        assert code == 0
        return {(r["cycle"], r["unit"]) for r in json.loads(out)}

    assert asked("--all") == {(c, u) for c in ("2024-12-31", "2025-12-31") for u in (None, "P", "XN")}
    assert asked("--all", "--cycle", "2024-12-31") == {("2024-12-31", u) for u in (None, "P", "XN")}
    assert asked("--all", "--unit", "XN") == {("2024-12-31", "XN"), ("2025-12-31", "XN")}
    assert asked("--unit", "XN") == {("2025-12-31", "XN")}


def test_two_clean_cycles_of_several_files_each_are_compared(tmp_path: Path, capsys):
    # Found by review: with two cycles of two files each, no row rejected and no one on two rows, every command
    # stopped with «lỗi không lường trước (TypeError …)»: the IDs of several files made a chunked Arrow array.
    units = "Mã đơn vị,Tên đơn vị,Mã đơn vị cấp trên,Cấp\nP,UBND tỉnh A,,Tỉnh\nS1,Sở B,P,Tỉnh\nS2,Sở C,P,Tỉnh\n"
    header = "Mã CBCCVC,Họ và tên,Mã đơn vị,Đối tượng,Lãnh đạo quản lý,Ngoại ngữ,Trình độ ngoại ngữ"
    for cycle, level in (("2024-12-31", "B1"), ("2025-12-31", "B2")):
        folder = tmp_path / "data" / cycle
        folder.mkdir(parents=True)
        (folder / "don_vi.csv").write_text(units, encoding="utf-8")
        for unit in ("S1", "S2"):
            (folder / f"{unit}.csv").write_text("\n".join(
                [header] + [f"{unit}-{i},Người {unit} {i},{unit},Công chức,Không,Tiếng Anh,{level}" for i in range(3)]),
                encoding="utf-8")
    code, out, err = run(capsys, "indicators", "--data", str(tmp_path / "data"), "--content", str(SMALL / "content"),
                         "--format", "json")
    assert code == 0, err
    cbcc = next(r for r in json.loads(out) if r["group"] == "cbcc" and r["year"] == 2025)
    assert (cbcc["population"], cbcc["achieved"]) == (6, 6)


def test_a_unit_with_people_last_cycle_and_no_one_now_is_said(tmp_path: Path, capsys):
    # Found by review: an agency that sent its list last cycle and not this one went without a word, its people
    # «không còn trong danh sách» on the changes page.
    units = "Mã đơn vị,Tên đơn vị,Mã đơn vị cấp trên,Cấp\nP,UBND tỉnh A,,Tỉnh\nS1,Sở Nội vụ,P,Tỉnh\nS2,Sở Văn hóa,P,Tỉnh\n"
    header = "Mã CBCCVC,Họ và tên,Mã đơn vị,Đối tượng,Lãnh đạo quản lý,Ngoại ngữ,Trình độ ngoại ngữ"
    for cycle, sent in (("2024-12-31", ("S1", "S2")), ("2025-12-31", ("S1",))):
        folder = tmp_path / "data" / cycle
        folder.mkdir(parents=True)
        (folder / "don_vi.csv").write_text(units, encoding="utf-8")
        for unit in sent:
            (folder / f"{unit}.csv").write_text("\n".join(
                [header] + [f"{unit}-{i},Người {unit} {i},{unit},Công chức,Không,Tiếng Anh,B2" for i in range(3)]),
                encoding="utf-8")
    code, out, _ = run(capsys, "validate", "--data", str(tmp_path / "data"), "--content", str(SMALL / "content"),
                       "--format", "json")
    said = [p for p in json.loads(out)["problems"] if p["file"] == "2025-12-31"]
    assert code == 0 and len(said) == 1 and said[0]["severity"] == "warning"
    assert "«Sở Văn hóa» (3 người)" in said[0]["message"] and "31/12/2024" in said[0]["message"]
