"""The fast CSV path (pyarrow / pandas' C parser below a header found by the csv module) reads
exactly what the reference reader reads: same cells, same Excel row numbers, same rows skipped,
on generated files with quotes, embedded newlines and separators, blank and ragged rows, title
rows, two-row headers, column-number rows, byte-order marks, encodings and separators."""
from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.load.encodings import to_cp1258
from tiendo.config import columns_config
from tiendo.load.rosters import load_roster_file, load_rosters
from tiendo.load.tables import HEAD_ROWS, arrow_cells, build_alias_index, pandas_cells, parse_csv_body

ALIASES = build_alias_index(columns_config()["roster"])
SEPARATORS = [",", ";", "\t"]
# Characters that stress a CSV reader: quotes, every separator, every line break, spaces str.strip
# removes (and one it keeps: U+200B), Vietnamese letters composed and not.
TRICKY = st.sampled_from(['"', ",", ";", "\t", "\n", "\r", "\r\n", " ", "\xa0", "\u3000", "\x1c", "\u200b",
                          "Đ", "ạ", "e\u0301", "x", "1", "'", "\ufeff"])
CELL = st.one_of(st.lists(TRICKY, max_size=6).map("".join),
                 st.sampled_from(["", " ", "Công chức", "TN1", "01/02/1990"]))
LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r"])


def reference_records(body: str, delimiter: str) -> list[list[str]]:
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(body, newline=""), delimiter=delimiter)]


@st.composite
def csv_bodies(draw):
    """CSV text as agencies' tools write it (quoted where needed) or by hand (quotes anywhere)."""
    delimiter = draw(st.sampled_from(SEPARATORS))
    end = draw(LINE_ENDS)
    width = draw(st.integers(1, 5))
    lines = []
    for _ in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["quoted", "quoted", "raw", "blank", "short", "long"]))
        cells = draw(st.lists(CELL, min_size=width, max_size=width))
        if kind == "blank":
            lines.append("")
            continue
        if kind == "short":
            cells = cells[:draw(st.integers(1, width))]
        if kind == "long":
            cells = cells + ["extra"]
        if kind == "raw":  # typed by hand: quotes and separators land anywhere
            lines.append(delimiter.join(cells))
            continue
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter, lineterminator="").writerow(cells)
        lines.append(out.getvalue())
    body = end.join(lines) + draw(st.sampled_from(["", end]))
    return body, delimiter


def same_records(cells, expected) -> None:
    got = [[cell.strip() for cell in row] for row in zip(*(column.to_pylist() for column in cells))]
    assert len(got) == len(expected)
    for row, want in zip(got, expected):
        assert len(want) <= len(row)
        assert row == want + [""] * (len(row) - len(want))


@settings(max_examples=400, deadline=None)
@given(csv_bodies())
@example(('a,"b\n\nc",d\n\n1,2\n', ","))
@example(('"open quote,1\n2,3', ","))
@example(('x;"a""b";c\r\n"";;\r\n', ";"))
@example(('\n""', ","))
@example(("\ufeff,", ","))
def test_each_fast_parser_reads_what_the_csv_module_reads(case):
    """Each parser either reads every record as the csv module does or declines (None)."""
    body, delimiter = case
    expected = reference_records(body, delimiter)
    if not expected:
        return
    width, max_width = len(expected[0]), max(map(len, expected))
    for cells in (parse_csv_body(body, delimiter, width=width, max_width=max_width),
                  arrow_cells(body, delimiter, width), pandas_cells(body, delimiter, max_width)):
        if cells is not None:  # None: not sure, the reference reader takes the file
            same_records(cells, expected)


def test_a_plain_agency_file_takes_the_fast_path():
    body = "".join(f'TN{i},"Nguyễn Văn {i}",Công chức,"Chức vụ, chức danh"\r\n' for i in range(100))
    assert parse_csv_body(body, ",", width=4, max_width=4) is not None
    assert parse_csv_body(body + "\r\n\r\nTN9,x\r\n", ",", width=4, max_width=4) is not None  # blank, short rows
    assert parse_csv_body(body + "TN9,x,y,z,extra\r\n", ",", width=4, max_width=4) is None  # longer than the head's


# -- whole files: the fast and the reference path give the same load --------------------------------
HEADER = ["Mã CBCCVC", "Họ và tên", "Mã đơn vị", "Đối tượng", "Trình độ ngoại ngữ", "Ghi chú"]


ENCODINGS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-bom": lambda t: t.encode("utf-8-sig"),
    "utf-16": lambda t: t.encode("utf-16"),
    "windows-1258": to_cp1258,
}


@st.composite
def roster_files(draw):
    delimiter = draw(st.sampled_from(SEPARATORS))
    end = draw(LINE_ENDS)
    width = len(HEADER)
    top = []
    for _ in range(draw(st.integers(0, 3))):  # title rows, blank or not, shorter than the header
        top.append(draw(st.sampled_from(["DANH SÁCH CÁN BỘ", "", "UBND TỈNH" + delimiter * 2, delimiter * width])))
    header = [[*HEADER]]
    if draw(st.booleans()):  # a two-row header: a group label over its sub-columns
        header = [[*HEADER[:4], "Trình độ ngoại ngữ", ""], [""] * 4 + ["Trình độ", "Ngày cấp"]]
    if draw(st.booleans()):
        header.append([f"({i + 1})" for i in range(width)])
    rows = []
    plain = draw(st.integers(HEAD_ROWS - 10, HEAD_ROWS + 15))  # around the head's size
    for i in range(plain):
        rows.append([f"TN{i}", f"Nguyễn Văn {i}", "S1", "Công chức", "Bậc 4", ""])
    for _ in range(draw(st.integers(0, 8))):  # tricky rows anywhere
        at = draw(st.integers(0, len(rows)))
        kind = draw(st.sampled_from(["cells", "blank", "short", "spaces", "long"]))
        cells = draw(st.lists(CELL, min_size=width, max_size=width))
        rows.insert(at, {"cells": cells, "blank": [], "short": cells[:2], "spaces": [" ", "\xa0", ""] + [""] * 3,
                         "long": cells + ["x"]}[kind])
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=end)
    for line in top:
        out.write(line + end)
    writer.writerows([*header, *rows])
    encoding = draw(st.sampled_from(list(ENCODINGS)))
    return ENCODINGS[encoding](out.getvalue()), f"ds-{encoding}.csv"


def assert_same_load(folder: Path, name: str):
    fast = load_roster_file(folder / name, ALIASES, fast=True)
    reference = load_roster_file(folder / name, ALIASES, fast=False)
    assert fast[1:] == reference[1:]  # rows read, problems
    pd.testing.assert_frame_equal(fast[0], reference[0])
    return fast


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(roster_files())
def test_fast_and_reference_paths_load_the_same_rows(tmp_path: Path, case):
    raw, name = case
    folder = Path(tempfile.mkdtemp(dir=tmp_path))  # one folder per example (examples can repeat)
    (folder / name).write_bytes(raw)
    assert_same_load(folder, name)


@pytest.mark.parametrize("delimiter", SEPARATORS)
def test_a_big_file_with_title_rows_and_quoted_line_breaks(tmp_path: Path, delimiter: str):
    rows = [["UBND TỈNH HÀ SƠN"], ["DANH SÁCH"], [], HEADER]
    for i in range(5000):
        note = f"dòng 1\r\ndòng 2{delimiter} \"trích\"" if i % 97 == 0 else ""
        rows.append([f"TN{i}", f"  Trần Thị {i} ", "S1", "Viên chức", "B2", note] if i % 50 else [])
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    (tmp_path / "lon.csv").write_text(out.getvalue(), encoding="utf-8-sig")
    frame, read, problems = assert_same_load(tmp_path, "lon.csv")
    assert read == 4900 and problems == []
    assert frame["source_row"].iloc[0] == 6 and frame["full_name"].iloc[0] == "Trần Thị 1"
    [quoted] = frame.loc[frame["staff_id"] == "TN97", "source_row"]
    assert quoted == 5 + 97  # a record with line breaks inside is one row, as Excel shows it
    assert load_rosters(tmp_path).rows_read == {"lon.csv": 4900}
