"""Reading roster files (one row per person and language) into canonical columns.

Load does not judge values: every data row of every readable file comes out as text, with the
file and the Excel row number it came from, so validate can report anything precisely and
`rows_read = rows_counted + rows_rejected` can be checked for every file.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl.utils.cell import get_column_letter

from tiendo.config import columns_config
from tiendo.cache import file_digest
from tiendo.load import cache
from tiendo.load.tables import (BIRTH_DATE_FEMALE, BIRTH_DAY, BIRTH_MONTH, CATEGORY_MARK, NAME_PART, COLUMN_NUMBER, FOOTER_ROWS, FOOTER_WORDS, GENDER_FEMALE_MARK,
                                 GENDER_MALE_MARK, LEVEL_PART, SUBTOTAL, TableError, build_alias_index, category_kinds,
                                 field_keys, header_field, header_key, Table, read_table)
from tiendo.load.folders import is_known_file, visible_entries
from tiendo.model import REQUIRED_ROSTER_COLUMNS, ROSTER_COLUMNS, Problem
from tiendo.text import INVISIBLE, fold

ROSTER_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".xls", ".ods", ".txt")  # calamine reads Excel 97-2003 and LibreOffice too
ROSTER_FORMATS = "CSV hoặc Excel (" + ", ".join(s for s in ROSTER_SUFFIXES if s not in (".csv", ".txt")) + ")"


@dataclass
class RosterLoad:
    rows: pd.DataFrame  # ROSTER_COLUMNS as text + source_file, source_row
    rows_read: dict[str, int] = field(default_factory=dict)  # per file, data rows seen
    problems: list[Problem] = field(default_factory=list)
    cache_keys: list[str] = field(default_factory=list)  # the parse-cache entries used (none without a cache)
    unread: list[str] = field(default_factory=list)  # other files and folders in the cycle folder (problems say so)


def _is_roster(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in ROSTER_SUFFIXES and not is_known_file(path)


def roster_files(cycle_dir: Path) -> list[Path]:
    return [p for p in visible_entries(cycle_dir) if _is_roster(p)]


def unread_entries(cycle_dir: Path) -> list[Problem]:
    """What else an office put in the cycle folder: a roster in a subfolder or saved as .docx or .pdf
    would otherwise leave its agency's staff out of every figure without a word."""
    problems = []
    for entry in visible_entries(cycle_dir):
        if _is_roster(entry) or is_known_file(entry):
            continue
        if entry.is_dir():
            message = (f"Thư mục «{entry.name}» không được đọc: tiendo chỉ đọc các tệp đặt thẳng trong thư mục kỳ "
                       f"«{cycle_dir.name}». Nếu trong đó có danh sách, chuyển tệp ra thư mục kỳ.")
        else:
            message = (f"Tệp «{entry.name}» không được đọc: danh sách phải là tệp {ROSTER_FORMATS}. "
                       "Nếu đây là danh sách, mở tệp và lưu lại dạng .xlsx; nếu không, chuyển tệp ra khỏi thư mục kỳ.")
        problems.append(Problem(entry.name, None, None, None, f"tệp {ROSTER_FORMATS}", "warning", message))
    return problems


def _empty_rows() -> pd.DataFrame:
    return pd.DataFrame({key: pd.Series(dtype="str") for key in (*ROSTER_COLUMNS, "source_file")}
                        | {"source_row": pd.Series(dtype="int64")})


def load_roster_file(path: Path, alias_index: dict[str, str], *,
                     fast: bool = True) -> tuple[pd.DataFrame, int, list[Problem]]:
    """One file → (rows, rows_read, problems). A file whose required columns are missing has all
    its rows counted as read and reported as rejected by one file-level problem. `fast=False`
    reads with the reference reader (the tests compare both)."""
    name = path.name
    try:
        table = read_table(path, alias_index, REQUIRED_ROSTER_COLUMNS, fast=fast)
    except TableError as exc:
        return _empty_rows(), 0, [Problem(name, None, None, None, f"tệp {ROSTER_FORMATS} theo mẫu",
                                          "error", str(exc))]
    header = table.header
    rows_read = len(table.excel_rows)
    found = field_keys(header)
    missing = [key for key in REQUIRED_ROSTER_COLUMNS if key not in found]
    if header is None or missing:
        labels = columns_config()["roster"]
        wanted = ", ".join(f"«{labels[key][0]}»" for key in (missing or REQUIRED_ROSTER_COLUMNS))
        header_row = table.header_row
        where = f"dòng tiêu đề {header_row}" if header else "không tìm thấy dòng tiêu đề"
        message = f"Tệp «{name}» thiếu cột {wanted} ({where}): không tính được dòng nào của tệp này."
        if sample := _lost_letters_sample(path):
            message = (f"Tệp «{name}» đã mất dấu tiếng Việt: chữ hiện thành «{sample}» (Excel lưu kiểu «CSV (Comma "
                       "delimited)» trên máy cài tiếng Anh đổi chữ có dấu thành «?», không lấy lại được từ tệp này). Mở "
                       "tệp Excel gốc, lưu lại kiểu «CSV UTF-8 (Comma delimited)» hoặc gửi tệp .xlsx: không tính được "
                       "dòng nào của tệp này.")
        elif sample := _legacy_font_sample(path):
            message = (f"Tệp «{name}» có vẻ được gõ bằng bảng mã cũ TCVN3 (ABC, phông .VnTime): chữ Việt hiện thành "
                       f"«{sample}». Chuyển tệp sang Unicode (ví dụ Unikey: Công cụ chuyển mã, từ TCVN3 sang Unicode) "
                       "rồi gửi lại: không tính được dòng nào của tệp này.")
        return _empty_rows(), rows_read, [Problem(
            name, header_row, ", ".join(missing) or None, None, "các cột bắt buộc của mẫu danh sách", "error", message)]
    if rows_read == 0:
        return _empty_rows(), 0, [Problem(
            name, table.header_row, None, None, "ít nhất một dòng danh sách", "warning",
            f"Tệp «{name}» có dòng tiêu đề nhưng không có dòng nào: đơn vị chưa điền danh sách, hay gửi nhầm tệp?")]

    sheets = []
    if table.other_sheets:  # one file, one sheet read: the rest would be left out without a word
        listed = ", ".join(f"«{sheet}»" for sheet in table.other_sheets)
        sheets.append(Problem(name, None, None, None, "một trang tính danh sách mỗi tệp", "warning",
                              f"Tệp «{name}» có {len(table.other_sheets) + 1} trang tính theo mẫu danh sách: chỉ đọc "
                              f"«{table.sheet}», không đọc {listed}. Chép các danh sách vào một trang tính, hoặc lưu "
                              "mỗi trang tính thành một tệp riêng."))
    if table.strays:  # a value typed far past the list (sheet_xml): named, not read
        shown = ", ".join(f"{cell} («{value}»)" if value else cell for cell, value in table.strays[:5])
        more = f" và {len(table.strays) - 5} ô khác" if len(table.strays) > 5 else ""
        sheets.append(Problem(name, None, None, None, "các ô của danh sách liền nhau", "warning",
                              f"Tệp «{name}» có ô nằm xa bảng danh sách: {shown}{more}. Các ô đó không được đọc; "
                              "nếu chỉ là gõ nhầm, xóa chúng rồi lưu lại (tệp sẽ mở, đọc nhanh hơn)."))
    pairs = _language_pairs(header)  # «Ngoại ngữ 1 | Trình độ | Ngoại ngữ 2 | Trình độ»: every pair read
    for position, others in header.twins.items():  # «Trình độ ngoại ngữ» twice: one read, the other said
        if pairs and header.columns.get(position) in ("language", "level"):
            continue
        others = [p for p in others if p not in header.columns]  # «Ngày sinh (Nam)», «Ngày sinh (Nữ)»: both read
        if position not in header.columns or not others:
            continue
        top = table.header_row
        letters = ", ".join(get_column_letter(p + 1) for p in sorted([position, *others]))
        why = ("các cột kia đang ẩn" if all(p in table.hidden for p in others) else "cột đầu tiên")
        sheets.append(Problem(name, top, header.columns[position], None, "mỗi cột một tên", "warning",
                              f"Tệp «{name}» có {len(others) + 1} cột cùng tên (cột {letters}): đọc cột "
                              f"{get_column_letter(position + 1)} ({why}). Nếu cần cột khác, xóa hoặc đổi tên các cột "
                              "không dùng."))
    positions = {key: pos for pos, key in header.columns.items()}
    frame = pd.DataFrame({key: table.column(positions.get(key)) for key in ROSTER_COLUMNS})
    if BIRTH_DATE_FEMALE in positions:  # "Ngày, tháng, năm sinh" over "Nam | Nữ": the column says the sex too
        female = table.column(positions[BIRTH_DATE_FEMALE])
        male_given, female_given = frame["birth_date"] != "", (female != "") & (frame["birth_date"] == "")
        frame.loc[female_given, "birth_date"] = female[female_given]
        unsaid = frame["gender"] == ""  # a Giới tính column, where filled, says it itself
        frame.loc[male_given & unsaid, "gender"] = "Nam"
        frame.loc[female_given & unsaid, "gender"] = "Nữ"
    if BIRTH_DAY in positions:  # «Ngày | Tháng | Năm»: one date, or the month and year, or the year
        day, month, year = (table.column(positions.get(key)).str.strip() for key in (BIRTH_DAY, BIRTH_MONTH, "birth_date"))
        given = (month != "") & (year != "")
        frame["birth_date"] = year.mask(given, (day + "/").where(day != "", "") + month + "/" + year)
    if names := sorted(pos for key, pos in positions.items() if key.startswith(NAME_PART)):
        # «Họ và chữ đệm | Tên»: the full name is written from its parts
        full = table.column(names[0])
        for part in [*(table.column(pos) for pos in names[1:]), frame["full_name"]]:
            full = full.str.cat(part, sep=" ")
        frame["full_name"] = full.str.replace(r"\s+", " ", regex=True).str.strip()
    if GENDER_MALE_MARK in positions or GENDER_FEMALE_MARK in positions:  # «Giới tính» over «Nam | Nữ», an «x»
        male, female = (_marked(table.column(positions.get(mark))) for mark in (GENDER_MALE_MARK, GENDER_FEMALE_MARK))
        unsaid = frame["gender"] == ""
        frame.loc[unsaid & male & ~female, "gender"] = "Nam"
        frame.loc[unsaid & female & ~male, "gender"] = "Nữ"
        frame.loc[unsaid & female & male, "gender"] = "Nam, Nữ"  # both marked: said back as it stands
    if marks := sorted(pos for key, pos in positions.items() if key.startswith(CATEGORY_MARK)):
        # «Đối tượng» over «CB | CC | VC», an «x»: the category is the marked column's label; two marks are said
        # back as they stand («CB, CC»), none leaves it blank (validate reports both)
        frame["category"] = _joined([table.column(pos).mask(marked, header.part_labels[pos]).where(marked, "")
                                     for pos in marks for marked in [_marked(table.column(pos))]], [""] * len(marks))[0]
    if pairs:  # each person's levels read together (the highest counts), and the languages they are in
        frame["level"] = _joined([table.column(level) for _, level in pairs], [""] * len(pairs))[0]
        frame["language"] = _joined([table.column(language).where(table.column(level).str.strip() != "", "")
                                     for language, level in pairs], [""] * len(pairs))[0]
    if parts := sorted(pos for key, pos in positions.items() if key.startswith(LEVEL_PART)):
        # «Trình độ ngoại ngữ» over «Tiếng Anh | Ngoại ngữ khác»: every level a person has, read together
        # (the highest counts), and the languages they are in
        frame["level"], language = _joined([_with_test(table.column(pos), header.part_tests.get(pos)) for pos in parts],
                                           [header.part_labels[pos] for pos in parts])
        frame["language"] = frame["language"].where(frame["language"] != "", language)
    frame["source_file"] = name
    frame["source_row"] = pd.Series(table.excel_rows, dtype="int64")
    if (footer := _footer_start(frame)) is not None:  # "Tổng cộng", "Người lập biểu", "(Ký, ghi rõ họ tên)" …
        frame, rows_read = frame.iloc[:footer].reset_index(drop=True), footer
    if (guide := _template_rows(frame)).any():  # «(dd/mm/yyyy)» under the header, «VD: HS0000000 | Nguyễn Văn A»
        sheets.append(_template_rows_problem(frame, guide, name))
        frame, rows_read = frame[~guide].reset_index(drop=True), rows_read - int(guide.sum())
    if (not_people := _not_people(frame, alias_index)).any():  # group headings, subtotals, headers again
        sheets.append(_not_people_problem(frame, not_people, name))
        frame, rows_read = frame[~not_people].reset_index(drop=True), rows_read - int(not_people.sum())
    if (unfilled := _prefilled_rows(frame)).any():  # the form's rows filled down in advance, nobody typed in
        sheets.append(_prefilled_problem(frame, unfilled, name))
        frame, rows_read = frame[~unfilled].reset_index(drop=True), rows_read - int(unfilled.sum())
    mangled, staff_ids = _canonicalise_staff_ids(frame, name)
    if mangled:  # «1.23457E+11»: not a person's ID any more; rows read, not counted (said)
        frame = frame.drop(index=mangled).reset_index(drop=True)
    sheets += staff_ids + _marked_cells(frame, table, name)
    return frame, rows_read, sheets + _unread_columns(name, table.header_row, header.unknown, found)


_TEMPLATE_HEAD = 5  # a form's guidance and example rows stand right under its header
# folded: «VD: HS0000000», «Ví dụ: Nguyễn Văn A», «(VD)»; not an ID «VD.0001» nor a name «Vi Dư Hùng»
_EXAMPLE = re.compile(r"^\(?(?:vd\s*(?::|\)|$)|vi du\s*:)")


def _template_rows(frame: pd.DataFrame) -> np.ndarray:
    """A form's rows under its header that are not people: how to fill each column, every cell in brackets
    («(Mã trên CSDL)», «(dd/mm/yyyy)», «(CB/CC/VC)»), and the example left in («VD: HS0000000 | Nguyễn Văn A»).
    Only the first rows are looked at."""
    head = frame.iloc[:_TEMPLATE_HEAD]
    found = np.zeros(len(frame), dtype=bool)
    if not len(head):
        return found
    cells = head[list(ROSTER_COLUMNS)]
    filled = (cells != "").sum(axis=1)
    bracketed = cells.apply(lambda column: column.str.fullmatch(r"\(.*\)")).sum(axis=1)
    example = head["staff_id"].map(fold).str.contains(_EXAMPLE) | head["full_name"].map(fold).str.contains(_EXAMPLE)
    found[:len(head)] = (((filled >= 2) & (bracketed == filled)) | example).to_numpy(dtype=bool)
    return found


def _template_rows_problem(frame: pd.DataFrame, guide: np.ndarray, name: str) -> Problem:
    rows = frame.loc[guide, ["source_row", "staff_id", "full_name"]]
    shown = ", ".join(f"{row} («{' | '.join(filter(None, (staff, person)))}»)"
                      for row, staff, person in rows.itertuples(index=False))
    return Problem(name, int(rows["source_row"].iat[0]), None, None, "dòng của một người", "warning",
                   f"Dòng {shown} của tệp là dòng hướng dẫn cách ghi hoặc dòng ví dụ của mẫu, không phải người: không "
                   "tính. Xóa các dòng này khỏi danh sách trước khi gửi.")


# The fields a person's row fills; a row with none of them is a heading or a total, not a person
_PERSON_KEYS = ("staff_id", "unit_code", "category", "birth_date", "language", "level", "gender", "position",
                "is_leader", "needs_language", "exemption", "certificate_date")


def _is_person_name(text: str) -> bool:
    """Whether a name cell holds a person's name (two to seven words of letters, «'» and «-» allowed, a
    note in brackets aside) rather than a heading: a unit's words («Văn phòng Sở», «TRUNG TÂM …»,
    «LÃNH ĐẠO SỞ»), a total («Cộng: 22 người»)."""
    words = re.sub(r"\([^)]*\)", " ", text).split()
    if not 2 <= len(words) <= 7 or not all(re.fullmatch(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", w) for w in words):
        return False
    return not _HEADING_WORDS.search(" " + " ".join(words).lower() + " ")


# Words of a unit's or a group's name, never of a person's (with their marks: «tỉnh» is not «Tình»)
_HEADING_WORDS = re.compile(r" (?:văn phòng|trung tâm|phòng|sở|ban|khối|đơn vị|lãnh đạo|bệnh viện|chi cục|ubnd|"
                            r"[uủ]ỷ ban|ủy ban|cộng|tổng|hội đồng|thanh tra|trường (?:thpt|thcs|tiểu học|mầm non|"
                            r"đại học|cao đẳng|trung cấp|chính trị)|chi cục|trạm|viện|xã|phường|huyện|tỉnh|"
                            r"thị trấn|người|danh sách|cán bộ|công chức|viên chức|chuyên viên|nhân viên|cán sự|giáo viên|"
                            r"cơ quan|sự nghiệp|mặt trận|đoàn thể|công đoàn|đoàn thanh niên|đảng (?:ủy|uỷ|bộ)|cơ quan đảng) "
                            # «Hội Nông dân», «Hội Liên hiệp Phụ nữ»: only first («Nguyễn Văn Hội» is a person)
                            r"|^ hội ")


def _not_people(frame: pd.DataFrame, alias_index: dict[str, str]) -> np.ndarray:
    """Rows inside the list that are not people: a group heading («I. KHỐI QUẢN LÝ NHÀ NƯỚC», «1 | Văn
    phòng Sở», «TÊN ĐƠN VỊ»), a subtotal («Cộng: 22 người») — nothing in any of a person's fields — and,
    where blocks of units were pasted one under another, their header and «(1) (2) …» rows again. Only
    rows whose staff ID has no digit are looked at (a national roll-up has millions)."""
    ids = frame["staff_id"]
    candidates = np.flatnonzero(~ids.str.contains(r"\d", regex=True).to_numpy(dtype=bool)
                                | ids.str.fullmatch(COLUMN_NUMBER).to_numpy(dtype=bool))
    found = np.zeros(len(frame), dtype=bool)
    if not len(candidates):
        return found
    rows = frame.iloc[candidates]
    # the heading or the subtotal may stand in the ID column too («KHỐI QUẢN LÝ NHÀ NƯỚC», «Cộng» beside the
    # STT): an ID without a digit is no person's field here
    others = [key for key in _PERSON_KEYS if key != "staff_id"]
    empty = np.all([(rows[key] == "").to_numpy() for key in others], axis=0)
    # a subtotal with its counts under some columns («Cộng | … | 2»)
    label = rows["full_name"].where(rows["full_name"] != "", rows["staff_id"])
    counts = np.all([rows[key].str.fullmatch(r"\d*").to_numpy(dtype=bool) for key in others], axis=0)
    empty |= counts & label.map(lambda text: bool(SUBTOTAL.match(fold(text)))).to_numpy(dtype=bool)
    # ... unless the name is a person's («Nguyễn Văn An», «NGUYỄN VĂN CƯỜNG», «H'Hen Niê»): a row half filled in
    empty &= ~rows["full_name"].map(_is_person_name).to_numpy(dtype=bool)
    empty &= ~rows["staff_id"].map(_is_person_name).to_numpy(dtype=bool)
    said = {key: rows[key].map(lambda cell, k=key: header_field(cell, alias_index)[0] == k).to_numpy(dtype=bool)
            for key in ("staff_id", "full_name", "unit_code", "category")}  # the header's own words again
    header_again = said["staff_id"] & (said["full_name"] | said["unit_code"] | said["category"])
    numbers = np.all([rows[key].str.fullmatch(COLUMN_NUMBER).to_numpy(dtype=bool)
                      for key in ("staff_id", "unit_code", "category")], axis=0)
    found[candidates] = empty | header_again | numbers
    return found


# What only a person typed in has: a template's rows filled down in advance (STT, the unit's code, «Công chức»,
# «Không») have none of these
_OWN_FIELDS = ("staff_id", "full_name", "birth_date", "gender", "position", "language", "level", "certificate_date")


def _prefilled_rows(frame: pd.DataFrame) -> np.ndarray:
    """Rows of a form filled down in advance with the unit's code, the category or «Không», with no one's
    ID, name, birth date, post or level: blank rows of the template, not people (each was an error)."""
    found = np.array((frame["staff_id"] == "") & (frame["full_name"] == ""), dtype=bool)  # few rows: only those looked at
    if found.any():
        rows = frame[found]
        found[found] = np.all([(rows[key] == "").to_numpy(dtype=bool) for key in _OWN_FIELDS], axis=0)
    return found


def _prefilled_problem(frame: pd.DataFrame, unfilled: np.ndarray, name: str) -> Problem:
    numbers = frame.loc[unfilled, "source_row"].tolist()
    shown = rows_listed(numbers, 6)
    return Problem(name, int(numbers[0]), None, None, "dòng của một người", "warning",
                   f"{len(numbers)} dòng của tệp chỉ có ô điền sẵn của mẫu (mã đơn vị, đối tượng, «Không»…), không có "
                   f"mã CBCCVC, họ tên, ngày sinh, trình độ của ai: dòng {shown}. Đó là dòng trống của mẫu, không tính. "
                   "Nếu là người chưa kịp điền, điền đủ rồi gửi lại.")


def _not_people_problem(frame: pd.DataFrame, not_people: np.ndarray, name: str) -> Problem:
    rows = frame.loc[not_people, ["source_row", "full_name", "staff_id"]]
    rows = rows.assign(full_name=rows["full_name"].where(rows["full_name"] != "", rows["staff_id"]))[
        ["source_row", "full_name"]]  # a heading in the ID column is named by its words too
    shown = [f"{row}" + (f" («{text}»)" if text else "") for row, text in rows.head(6).itertuples(index=False)]
    more = f" và {len(rows) - 6} dòng khác" if len(rows) > 6 else ""
    return Problem(name, int(rows["source_row"].iat[0]), None, None, "dòng của một người", "warning",
                   f"{len(rows)} dòng của tệp không phải người (tiêu đề nhóm, dòng cộng, dòng tiêu đề lặp lại): dòng "
                   f"{', '.join(shown)}{more}. Không tính các dòng này.")


def _marked_cells(frame: pd.DataFrame, table: Table, name: str) -> list[Problem]:
    """What the workbook marks on the list's rows that calamine reads as nothing: a formula never calculated
    or a formula's error in a cell of a read column («#N/A» from a VLOOKUP: before, a blank without a word),
    and hidden rows (counted like any other: said, in case they are people who left)."""
    marks, problems = table.marks, []
    rows = set(frame["source_row"].tolist()) if marks.errors or marks.hidden_rows or marks.uncached or marks.broken \
        else set()
    labels = columns_config()["roster"]
    for column, cells in _by_read_column(marks.broken, rows, table):  # a UTF-8 file with a few stray bytes
        key, letter = table.header.columns[column], get_column_letter(column + 1)
        row, text = cells[0]
        where = f"Ô {letter}{row}" if len(cells) == 1 else \
            f"{len(cells)} ô của cột {letter} (dòng {rows_listed([r for r, _ in cells], 6)})"
        problems.append(Problem(name, row, key, text, "chữ theo bảng mã UTF-8", "warning",
                                f"{where} (cột «{labels.get(key, [key])[0]}») có byte lạ, không phải chữ theo bảng mã "
                                f"UTF-8 như phần còn lại của tệp: hiện thành «\ufffd» («{text}»). Các ô khác đọc bình "
                                "thường. Gõ lại ô đó trong tệp rồi gửi lại."))
    for column, cells in _by_read_column(marks.uncached, rows, table):  # a program wrote them; nothing worked them out
        key, letter = table.header.columns[column], get_column_letter(column + 1)
        row, formula = cells[0]
        where = f"Ô {letter}{row}" if len(cells) == 1 else \
            f"{len(cells)} ô của cột {letter} (dòng {rows_listed([r for r, _ in cells], 6)})"
        problems.append(Problem(name, row, key, f"={formula}" if formula else "", "một giá trị đã tính", "warning",
                                f"{where} (cột «{labels.get(key, [key])[0]}») có công thức"
                                + (f" «={formula}»" if formula else "") + " chưa từng được tính (tệp do một phần mềm ghi "
                                "ra, chưa mở bằng Excel): coi như ô trống. Mở tệp bằng Excel, lưu lại rồi gửi lại."))
    for column, cells in _by_read_column(marks.errors, rows, table):
        key, letter = table.header.columns[column], get_column_letter(column + 1)
        label = labels.get(key, [key])[0]
        errors = ", ".join(sorted({f"«{error}»" for _, error in cells}))
        if len(cells) <= 5:
            problems += [Problem(name, row, key, error, "một giá trị, không phải lỗi công thức", "warning",
                                 f"Ô {letter}{row} (cột «{label}») có lỗi công thức «{error}»: coi như ô trống. Sửa công "
                                 "thức hoặc gõ giá trị rồi gửi lại.") for row, error in cells]
        else:
            problems.append(Problem(name, cells[0][0], key, cells[0][1], "một giá trị, không phải lỗi công thức",
                                    "warning", f"{len(cells)} ô của cột «{label}» (cột {letter}) có lỗi công thức ({errors}), "
                                    f"ở các dòng {rows_listed([r for r, _ in cells], 6)}: coi như ô trống. Sửa công thức "
                                    "hoặc gõ giá trị rồi gửi lại."))
    if hidden := sorted(row for row in marks.hidden_rows if row in rows):
        problems.append(Problem(name, hidden[0], None, None, "các dòng đều hiện", "warning",
                                f"Tệp «{name}» có {len(hidden)} dòng đang ẩn trong Excel (dòng {rows_listed(hidden, 8)}): vẫn "
                                "được tính như mọi dòng. Nếu đó là người đã chuyển đi, nghỉ hưu, xóa các dòng đó khỏi danh "
                                "sách."))
    return problems


def _by_read_column(cells: list[tuple[int, int, str]], rows: set[int], table: Table) -> list[tuple[int, list]]:
    """Marked cells (Excel row, 0-based column, text) on the list's rows and in a column read: by column,
    in column order, each as [(row, text), …]."""
    by_column: dict[int, list[tuple[int, str]]] = {}
    for row, column, text in cells:
        if row in rows and column in table.header.columns:
            by_column.setdefault(column, []).append((row, text))
    return sorted(by_column.items())


def rows_listed(numbers: list[int], limit: int) -> str:
    """«4, 5, 6 và 12 dòng khác»: the first rows of a problem, and how many more."""
    return ", ".join(map(str, numbers[:limit])) + (f" và {len(numbers) - limit} dòng khác" if len(numbers) > limit else "")


# What a staff ID may carry that does not tell one person from another: spaces (no-break ones too),
# zero-width and soft-hyphen characters pasted from the web or Word
_ID_NOISE = re.compile(rf"[\s{INVISIBLE}]+")
_INVISIBLE = re.compile(rf"[^\S ]|[{INVISIBLE}]")  # of those, what a reader cannot see


# A long number Excel showed in scientific form and a CSV kept so: «1.23457E+11», «1,23457E+11»
_SCIENTIFIC = r"\d(?:[.,]\d+)?[eE]\+?\d{1,2}"


def _canonicalise_staff_ids(frame: pd.DataFrame, name: str) -> tuple[list, list[Problem]]:
    """Staff IDs in one form, in place: upper case, without spaces or hidden characters. «hs0000132»,
    «HS 0000132» and «HS0000132» + a zero-width space are one person in every file and every cycle
    (before, each counted as a person of its own). Said once for the file, with an example. Returns
    too the rows whose ID Excel turned into scientific form (its digits lost: no one's ID), said once."""
    ids = frame["staff_id"]
    odd = ids.str.contains(r"[^A-Z0-9./_-]", regex=True)  # one pass; most IDs are only these characters
    if not odd.any():
        return [], []
    mangled = ids[odd][ids[odd].str.fullmatch(_SCIENTIFIC)].index.tolist()
    problems = [_scientific_problem(frame.loc[mangled], name)] if mangled else []
    odd[mangled] = False
    canonical = ids[odd].str.replace(_ID_NOISE, "", regex=True).str.upper()
    changed = canonical[canonical != ids[odd]]
    if changed.empty:
        return mangled, problems
    first = changed.index[0]
    frame.loc[changed.index, "staff_id"] = changed
    # the invisible characters shown by their code, the letters as written (not «KH\u1ed0I»)
    written = _INVISIBLE.sub(lambda match: f"\\u{ord(match[0]):04x}", ids.at[first])
    return mangled, problems + [Problem(
        name, int(frame.at[first, "source_row"]), "staff_id", ids.at[first], "mã CBCCVC viết hoa, liền", "warning",
        f"{len(changed)} mã CBCCVC của tệp có chữ thường, khoảng trắng hoặc ký tự ẩn: đọc theo dạng viết hoa, liền (ví "
        f"dụ «{written}» thành «{changed.at[first]}»), để một người là một mã ở mọi tệp, mọi kỳ.")]


def _scientific_problem(rows: pd.DataFrame, name: str) -> Problem:
    label = columns_config()["roster"]["staff_id"][0]
    numbers = rows["source_row"].tolist()
    shown = rows_listed(numbers, 8)
    return Problem(name, int(numbers[0]), "staff_id", rows["staff_id"].iat[0], "mã CBCCVC đủ chữ số", "error",
                   f"{len(numbers)} mã CBCCVC của tệp là số Excel hiện ở dạng khoa học («{rows['staff_id'].iat[0]}», "
                   f"dòng {shown}): tệp CSV giữ đúng chữ hiện trên màn hình, các chữ số cuối của mã đã mất, không biết "
                   f"là của ai, nên các dòng này không được tính. Trong tệp Excel gốc, định dạng cột «{label}» là Text "
                   "(Văn bản), gõ hoặc dán lại mã, rồi xuất lại tệp CSV.")


# What marks a box of «Nam | Nữ», «CB | CC | VC»: an «x», a tick, a «1»; a signer's name or «CHỦ TỊCH» under
# the column in the footer is no mark
_MARK = re.compile(r"\s*(?:[xX✓✔√vV•+*1]|có|Có|CÓ)\s*")


def _marked(column: pd.Series) -> pd.Series:
    return column.str.fullmatch(_MARK).fillna(False).astype(bool)


def _language_pairs(header) -> list[tuple[int, int]]:
    """(language column, level column) of each pair when a form repeats them («Ngoại ngữ 1 | Trình độ |
    Ngoại ngữ 2 | Trình độ»): each level with the language column just before it. [] for one pair."""
    def positions(key):
        read = next((pos for pos, k in header.columns.items() if k == key), None)
        return sorted([read, *header.twins.get(read, [])]) if read is not None else []
    languages, levels = positions("language"), positions("level")
    if len(languages) < 2 or len(languages) != len(levels):
        return []
    pairs = list(zip(languages, levels))
    return pairs if all(language < level for language, level in pairs) else []


def _with_test(column: pd.Series, test: str | None) -> pd.Series:
    """A bare number under a column headed by one test («IELTS» over «5») as that test's («IELTS 5»), which
    the level reader reads as a score, not as bậc 5."""
    if not test:
        return column
    bare = column.str.fullmatch(r"\s*\d+(?:[.,]\d+)?\s*")
    return column.mask(bare, test + " " + column.str.strip())


def _joined(columns: list[pd.Series], labels: list[str]) -> tuple[pd.Series, pd.Series]:
    """Each row's filled cells of `columns` joined by «; », and the labels of those columns the same way."""
    values = pd.Series("", index=columns[0].index, dtype="str")
    names = values.copy()
    for column, label in zip(columns, labels):
        filled = column.str.strip() != ""
        values = values.mask(filled, (values + "; ").where(values != "", "") + column)
        if label:  # a sub-header that names no language («Chứng chỉ quốc tế») names none here either
            names = names.mask(filled, (names + "; ").where(names != "", "") + label)
    return values, names


def _footer_start(frame: pd.DataFrame) -> int | None:
    """Where the form's footer begins: a totals line, the place and date, the signers and their names
    under the list, in whichever columns the form puts them (a right-hand block starting under
    «Đối tượng», counts under each column). The footer is the rows at the end with nothing of a
    person, from the first with footer words (and the rows just above it with nothing in a column
    read); not people, so not rows read. A person after the total (an ID, a unit, a category, a name
    with a birth date or a level) keeps the rows above it for validate to report."""
    tail = frame.iloc[max(0, len(frame) - FOOTER_ROWS):]
    if not len(tail) or not (tail["unit_code"].iat[-1] == "" or " " in tail["unit_code"].iat[-1]):
        return None  # the usual case, a person on the last row: nothing more to look at
    marked = np.any([tail[key].map(lambda cell: bool(cell) and bool(FOOTER_WORDS.search(fold(cell))))
                     for key in ROSTER_COLUMNS], axis=0)
    category_words = set(category_kinds())  # a footer row never has one in «Đối tượng»
    folded_category = tail["category"].map(fold)
    person = (tail["staff_id"].str.fullmatch(r"\S*\d\S*")  # an ID has a digit; a signer's name in its column none
              | tail["unit_code"].str.fullmatch(r"\S+")  # a code is one word; «THỦ TRƯỞNG ĐƠN VỊ» is not
              | folded_category.isin(category_words)
              | folded_category.map(lambda text: any(text.startswith(word + " ") for word in category_words if len(word) > 3))
              ).to_numpy(dtype=bool)
    # ... whatever its other cells say («Chủ tịch Hội Nông dân» in «Chức vụ», «tháng 6 năm 2020» in «Ngày cấp»);
    # a name with a date of birth or a level («B1», «IELTS 6.5») only without footer words: a signer's name may
    # stand in any column, the level's too, so a level without a digit does not tell
    person = person | ((tail["full_name"].map(_is_person_name)
                & (tail["birth_date"].str.contains(r"\d") | tail["level"].str.contains(r"\d"))).to_numpy(dtype=bool)
               & ~marked)
    start = len(tail)
    while start > 0 and not person[start - 1]:
        start -= 1
    if not marked[start:].any():
        return None
    first = start + int(marked[start:].argmax())
    blank = np.all([(tail[key] == "").to_numpy() for key in ROSTER_COLUMNS], axis=0)
    while first > start and blank[first - 1]:  # «Tổng cộng: 45 người» in the STT column, not read
        first -= 1
    return len(frame) - len(tail) + first


# Letters of Vietnamese typed in the TCVN3 (ABC) font encoding, read as Unicode: "Hä vµ tªn", "C«ng chøc"
_TCVN3_MARKS = re.compile(r"[µ¸¶·¹¨»¾¼½Æ«ª®ø¬]")  # none of them a letter of Windows-1258 Vietnamese
_VIETNAMESE = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")  # letters only Unicode text has


_LOST_LETTER = re.compile(r"[^\W\d_]\?|\?[^\W\d_]")


def _lost_letters_sample(path: Path) -> str | None:
    """The start of a text file's first lines when its Vietnamese letters became «?» (saved in a code
    page without them), for the message; None otherwise."""
    from tiendo.load.tables import XLSX_SUFFIXES, read_csv_text

    if path.suffix.lower() in XLSX_SUFFIXES:
        return None
    try:
        head = read_csv_text(path)[:5_000]
    except Exception:  # noqa: BLE001 (the file's own error is reported already)
        return None
    words = {word for word in re.split(r"[,;\t\r\n]", head) if _LOST_LETTER.search(word)}
    return head.splitlines()[0][:50] if len(words) >= 3 else None


def _legacy_font_sample(path: Path) -> str | None:
    """A few words of the file when they look like TCVN3 text, for the message; None otherwise."""
    from tiendo.load.tables import XLSX_SUFFIXES, read_grid

    try:
        if path.suffix.lower() in XLSX_SUFFIXES:
            cells = [cell for row in read_grid(path).rows[:30] for cell in row if cell]
        else:  # TCVN3 bytes are a single-byte code: read as Windows-1252 they show as the font does
            from tiendo.load.tables import read_csv_text

            raw = path.read_bytes()[:20_000]
            try:
                codecs.getincrementaldecoder("utf-8")().decode(raw, final=False)  # a cut last letter is fine
                unicode = True
            except UnicodeDecodeError:
                unicode = raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
            # Unicode text shows TCVN3 as its marks too; single-byte text is read as Windows-1252
            head = read_csv_text(path)[:20_000] if unicode else raw.decode("cp1252", "replace")
            cells = [cell.strip() for cell in re.split(r"[,;\t\r\n]", head) if cell.strip()]
    except Exception:  # noqa: BLE001 (the file's own error is reported already)
        return None
    marked = [cell for cell in cells if _TCVN3_MARKS.search(cell) and not _VIETNAMESE.search(cell.lower())]
    return max(marked, key=lambda cell: len(_TCVN3_MARKS.findall(cell)))[:40] if len(marked) >= 3 else None


# Words that show what an unrecognised header was meant to be ("Trình độ NN chính", "Lãnh đạo (x)")
_FIELD_HINTS = {"level": ("trinhdo", "chungchi"), "language": ("ngoaingu",), "is_leader": ("lanhdao",),
                "exemption": ("apdung", "mien"), "birth_date": ("ngaysinh", "namsinh", "sinhngay"),
                "specialized": ("chuyennganh",), "needs_language": ("yeucau",), "certificate_date": ("ngaycap",),
                "gender": ("gioitinh",)}
# ... and words that show a header is about something else: "Trình độ chuyên môn", "Lý luận chính trị"
_OTHER_SUBJECTS = ("chuyenmon", "hocvan", "lyluan", "chinhtri", "tinhoc", "quanlynhanuoc", "daotao")
_LANGUAGE_WORDS = ("ngoaingu", "nn", "tienganh")


def _unread_columns(name: str, header_row: int | None, unknown: list[str], found: set[str]) -> list[Problem]:
    """A header tiendo does not recognise is passed over like "STT" or "Quê quán"; when it looks like
    a field of the template that the file has no column for, every row would lose that field without
    a word: say so, once for the file."""
    labels = columns_config()["roster"]
    problems = []
    for field_key, hints in _FIELD_HINTS.items():
        if field_key in found:
            continue
        fitting = [cell for cell in unknown if any(hint in header_key(cell) for hint in hints)
                   and not any(word in header_key(cell) for word in _OTHER_SUBJECTS)]
        if not fitting:
            continue
        # of several, the one that names the foreign language ("Trình độ NN chính", not "Trình độ")
        cell = max(fitting, key=lambda c: any(word in header_key(c) for word in _LANGUAGE_WORDS))
        problems.append(Problem(
            name, header_row, field_key, cell, f"cột «{labels[field_key][0]}»", "warning",
            f"Cột «{cell}» không được đọc: tiendo không nhận ra tên cột này, nên mọi dòng của tệp coi như "
            f"không có «{labels[field_key][0]}». Đổi tên cột như mẫu, hoặc thêm tên này vào config/columns.yml."))
    return problems


# "Copy of HS.S05.xlsx", "HS.S07 (1).csv", "HS.S10 - bản cũ.csv" (folded): what is left of the name
_COPY_NAME = re.compile(r"^(?:copy of|ban sao(?: cua)?)\s+(.+)$|"
                        r"^(.+?)\s*(?:-\s*)?(?:\(\d{1,2}\)|copy(?: \d{1,2})?|ban sao|ban cu|\(cu\)|old)$")


def _copies(paths: list[Path]) -> tuple[dict[Path, Path], dict[Path, Path]]:
    """Files that are another file again, each → that file: a copy named after a roster beside it
    («Copy of HS.S05.xlsx», «HS.S07 (1).csv»), and a file with the very same bytes as one before
    it. Read, either would count the agency's staff twice, or an old list in place of the new one."""
    stems = {fold(p.stem): p for p in paths}
    named: dict[Path, Path] = {}
    for path in paths:
        match = _COPY_NAME.match(fold(path.stem))
        original = stems.get((match[1] or match[2]).strip()) if match else None
        if original is not None and original != path:
            named[path] = original
    by_size: dict[int, list[Path]] = {}
    for path in paths:
        if path not in named:
            by_size.setdefault(path.stat().st_size, []).append(path)
    identical: dict[Path, Path] = {}
    for same_size in by_size.values():
        seen: dict[str, Path] = {}
        for path in same_size if len(same_size) > 1 else []:
            digest = file_digest(path)
            if digest in seen:
                identical[path] = seen[digest]
            else:
                seen[digest] = path
    return named, identical


def load_rosters(cycle_dir: Path, cache_dir: Path | None = None) -> RosterLoad:
    """Every roster file of a cycle. With `cache_dir`, a file parsed by an earlier build (same
    name, same bytes, same loader) is read back from there instead: the result is the same."""
    alias_index = build_alias_index(columns_config()["roster"])
    frames, rows_read, problems, keys = [], {}, [], []
    paths = roster_files(cycle_dir)
    named, identical = _copies(paths)
    copies = []
    for path in paths:
        if path in named:
            message = (f"Tệp «{path.name}» có vẻ là bản sao của «{named[path].name}»: không đọc. Nếu đây mới là danh "
                       f"sách đúng, thay «{named[path].name}» bằng tệp này.")
        elif rows_read.get(identical.get(path, path).name):  # the same list again (two blank templates are not)
            message = f"Tệp «{path.name}» giống hệt tệp «{identical[path].name}»: chỉ đọc một lần."
        else:
            message = None
        if message:
            copies.append(Problem(path.name, None, None, None, "mỗi đơn vị một tệp", "warning", message))
            continue
        if cache_dir is None:
            frame, count, file_problems = load_roster_file(path, alias_index)
        else:
            key, (frame, count, file_problems) = _load_cached(path, alias_index, cache_dir)
            keys.append(key)
        frames.append(frame)
        rows_read[path.name] = count
        problems.extend(file_problems)
    unread = [*copies, *unread_entries(cycle_dir)]
    rows = pd.concat(frames, ignore_index=True) if frames else _empty_rows()
    return RosterLoad(rows=rows, rows_read=rows_read, problems=problems + unread, cache_keys=keys,
                      unread=[problem.file for problem in unread])


def _load_cached(path: Path, alias_index: dict[str, str], cache_dir: Path) -> tuple[str, cache.Entry]:
    key = cache.cache_key(path.name, file_digest(path))  # the build has hashed the file already
    entry = cache.read_entry(cache_dir, key)
    if entry is None:
        entry = load_roster_file(path, alias_index)
        cache.write_entry(cache_dir, key, entry)
    return key, entry
