"""Column tables: codes written as one string read back as the same codes, through the data file."""
import json

import numpy as np
from hypothesis import given, strategies as st

from tiendo.render.datatable import CODE_BASE, ColumnTable, Section, code_list, code_text, coded, data_file

LIMIT = 0xD800 - CODE_BASE  # the first code that would be written as a surrogate


@given(st.lists(st.integers(min_value=0, max_value=LIMIT + 5)))
def test_codes_read_back_as_written(codes):
    text = code_text(np.array(codes, dtype=np.int64))
    assert code_list(text) == codes
    assert isinstance(text, str) == (not codes or max(codes) < LIMIT)  # a list only past the limit


def _read_back(script: str) -> dict:
    prefix, _, value = script.partition('["h"] = ')
    assert prefix == "(window.tiendoSections = window.tiendoSections || {})" and value.endswith(";\n")
    return json.loads(value[:-2])


@given(st.lists(st.integers(min_value=0, max_value=LIMIT - 1), min_size=1, max_size=50))
def test_a_coded_column_survives_the_data_file(codes):
    labels = [f"nhãn {i}" for i in range(max(codes) + 1)]
    table = ColumnTable([[f"Người {i}" for i in range(len(codes))], coded(labels, code_text(np.array(codes)))])
    section = Section("s", "Tiêu đề", ["Họ và tên", "Nhãn"], table)
    (read,) = _read_back(data_file("h", [section]))["sections"]
    assert ColumnTable(read["rows"]["by_column"]).rows() == table.rows()
    assert [label for _, label in table.rows()] == [labels[c] for c in codes]


def test_the_characters_need_no_escape_in_a_script():
    # the first codes (the ones nearly every column uses) are plain characters in the file, not \\u escapes
    script = data_file("h", [Section("s", "t", ["a"], ColumnTable([coded(["x", "y"], code_text(np.array([0, 1, 1])))]))])
    assert "\u0100\u0101\u0101" in script
