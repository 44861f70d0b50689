"""Validate: roster text → typed language rows, with every problem named by file, row and column.

A row with an error is not counted (and reported); a row with a warning is counted with the
assumption stated. Every data row read ends up counted or rejected: nothing disappears.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import repeat
from typing import Callable

import numpy as np
import pandas as pd

from tiendo.compute.people import age_on
from tiendo.config import column_labels, columns_config, load_values
from tiendo.levels import EquivalenceTable, language_named
from tiendo.load.rosters import RosterLoad, rows_listed
from tiendo.model import FileReport, Problem
from tiendo.text import Distinct, fold

_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")  # a time after it: exports
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_YEAR = re.compile(r"^(\d{4})\.?$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")  # «3/1986»: the first of the month, as a bare year is 1 January
_WORDED = re.compile(r"^(?:ngay\s*(\d{1,2})\s*)?thang\s*(\d{1,2})\s*(?:nam|/)\s*(\d{4})$")  # «Ngày 05 tháng 3 năm 1986» (folded)
_SERIAL = re.compile(r"^(\d{4,5})(?:\.0+)?$")
EXCEL_EPOCH = date(1899, 12, 30)


@dataclass
class Validated:
    rows: pd.DataFrame  # one row per person and language, typed; only counted rows
    problems: list[Problem] = field(default_factory=list)
    files: list[FileReport] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


def parse_date(text: str, *, reference_year: int | None = None) -> tuple[date | None, bool]:
    """A date as offices type it → (date, understood). Blank → (None, True).

    dd/mm/yyyy (a time after it set aside), d/m/yy, yyyy-mm-dd, an Excel serial number, «Ngày 05 tháng 3 năm
    1986», a month and year (→ its first day), or a bare year (→ 1 January of it, so that age is counted in
    calendar years, as personnel records usually do)."""
    text = (text or "").strip()
    if not text:
        return None, True
    try:
        if match := _DMY.match(text):
            day, month, year = int(match[1]), int(match[2]), int(match[3])
            if year < 100:  # two-digit years: the century that is not in the future
                pivot = (reference_year or date.today().year) % 100
                year += 2000 if year <= pivot else 1900
            return date(year, month, day), True
        if match := _YMD.match(text):
            return date(int(match[1]), int(match[2]), int(match[3])), True
        if match := _YEAR.match(text):
            return date(int(match[1]), 1, 1), True
        if match := _SERIAL.match(text):
            return EXCEL_EPOCH + timedelta(days=int(match[1])), True
        if match := _MONTH_YEAR.match(text):
            return date(int(match[2]), int(match[1]), 1), True
        if match := _WORDED.match(fold(text).strip()):
            return date(int(match[3]), int(match[2]), int(match[1] or 1)), True
    except ValueError:
        return None, False
    return None, False


class _Lookup:
    """Folded value → meaning, for the small vocabularies of config/values.yml. With `prefix`,
    "Công chức cấp xã" or "Viên chức (hạng III)" mean what their first words say."""

    def __init__(self, mapping: dict[str, list[str]], prefix: bool = False):
        self.index = {fold(word): key for key, words in mapping.items() for word in words}
        self.prefixes = sorted(((w, k) for w, k in self.index.items() if len(w) > 3), key=lambda p: -len(p[0])) \
            if prefix else []

    def __call__(self, text: str):
        key = fold(text)
        if key in self.index:
            return self.index[key]
        return next((meaning for word, meaning in self.prefixes if key.startswith(word + " ")
                     or key.startswith(word + "(")), None)


class _Findings:
    """Problems found a whole column at a time (a mask per check); Problem objects are made only for
    the rows flagged, from the few columns they name, so a file where every row is wrong stays fast."""

    def __init__(self, rows: pd.DataFrame, earlier: list[Problem]):
        self.rows = rows
        self.problems: list[Problem] = list(earlier)
        self.rejected = pd.Series(False, index=rows.index)

    def add(self, mask: pd.Series, column: str, expected: str, severity: str,
            message: str | Callable[[str], str] | pd.Series) -> None:
        """`message`: one text, a function of the cell's value, or one text per row."""
        if severity == "error":
            self.rejected |= mask
        if not mask.any():
            return
        flagged = self.rows.loc[mask, ["source_file", "source_row", column]]
        files, rows, cells = (flagged[name].tolist() for name in flagged.columns)  # lists: fast to walk
        if isinstance(message, pd.Series):
            texts = message[mask].tolist()
        elif callable(message):
            texts = map(message, cells)
        else:
            texts = repeat(message)
        for file, row, value, text in zip(files, rows, cells, texts):
            self.problems.append(Problem(file, int(row), column, value, expected, severity, text))


def _code_key(code: str) -> str:
    """A unit code as it may be mistyped: no case, separators or leading zeros ("hs-s1" = "HS.S01";
    Excel drops the zeros of a code typed as a number)."""
    return _LEADING_ZEROS.sub("", _NOT_ALNUM.sub("", fold(code)))


_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_LEADING_ZEROS = re.compile(r"(?<![0-9])0+(?=[0-9])")


def _respell_units(rows: pd.DataFrame, known: set[str]) -> tuple[pd.DataFrame, list[Problem]]:
    """Rows that write a listed unit's code another way (case, separators, leading zeros), where
    exactly one unit fits, are counted under the catalogue's code, each with a warning."""
    by_key: dict[str, str | None] = {}
    for code in known:
        key = _code_key(code)
        by_key[key] = None if key in by_key else code  # two units fit: no guess

    def fix(code: str):
        return None if not code or code in known else by_key.get(_code_key(code))

    respelled = Distinct(rows["unit_code"]).map(fix)
    moved = respelled.notna().to_numpy()
    if not moved.any():
        return rows, []
    flagged = rows.loc[moved, ["source_file", "source_row", "unit_code"]]
    problems = [Problem(file, int(row), "unit_code", code, "một mã trong don_vi.csv", "warning",
                        f"Mã đơn vị «{code}» viết khác danh mục đơn vị: tính vào đơn vị «{listed}».")
                for file, row, code, listed in zip(*(flagged[c].tolist() for c in flagged.columns),
                                                   respelled[moved].tolist())]
    fixed = rows["unit_code"].to_numpy(dtype=object, copy=True)
    fixed[moved] = respelled[moved].to_numpy(dtype=object)
    return rows.assign(unit_code=pd.Series(fixed, index=rows.index, dtype=rows["unit_code"].dtype)), problems


# «Có (TA chuyên ngành Y)», «Có - Y khoa», «Không (kiêm nhiệm Phó khoa)»: the first word says it, the rest is a note
_NOTED_YES_NO = re.compile(r"^(co|khong|chua)\s*[(\-–,:;]")


def yes_no_reader(values: dict) -> Callable[[str], bool | None]:
    """A «Có/Không» cell (config/values.yml), also with a note after the word; None if neither."""
    plain = _Lookup({True: values["yes_words"], False: values["no_words"]})

    def read(text: str) -> bool | None:
        said = plain(text)
        if said is None and (noted := _NOTED_YES_NO.match(fold(text))):
            return noted[1] == "co"
        return said
    return read


def leader_posts(values: dict) -> re.Pattern:
    """The posts of a leader or manager (config/values.yml), to be searched in folded text."""
    return re.compile("|".join(rf"\b{re.escape(key)}" + (r"\b" if key[-1].isalnum() else "")
                               for key in map(fold, values["leader_posts"])))


def leader_flag(yes_no: Callable[[str], bool | None], values: dict) -> Callable[[str], bool | None]:
    """The leaders' column read as "Có"/"Không", or as the post written there instead («Trưởng
    phòng», «Có (Phó GĐ)», «LĐ»): a leader."""
    posts = leader_posts(values)

    def read(text: str) -> bool | None:
        said = yes_no(text)
        if said is not None:
            return said
        return True if posts.search(fold(text)) else None
    return read


# A "Không áp dụng" note that says the programme does apply: «Không thuộc diện», «Không miễn», «Chưa có bằng»,
# «Không phải giáo viên ngoại ngữ», «Đang học tiếng Anh» (only «Không áp dụng …» itself says it does not)
_APPLIES = re.compile(r"^(?:khong(?! ap dung)|chua|dang (?:hoc|on|ap dung)|phai (?:hoc|ap dung)|can hoc)\b")


def exemption_applies(values: dict) -> Callable[[str], bool]:
    """Whether a "Không áp dụng" cell leaves the person under the programme: empty, "Không", or a note
    that says so."""
    not_exempt = {fold(v) for v in values["not_exempt"]}
    return lambda text: (key := fold(text)) in not_exempt or bool(_APPLIES.match(key))


def unlisted_exemption(values: dict) -> Callable[[str], bool]:
    """Whether a "Không áp dụng" cell gives a reason that is none of Đề án 1659's (a plain "x" or
    "Có" gives none: not said)."""
    reasons = [fold(word) for word in values["exempt_reasons"]]
    plain = {fold(v) for v in values["yes_words"]}
    applies = exemption_applies(values)
    return lambda text: not applies(text) and (key := fold(text)) not in plain and not any(reason in key for reason in reasons)


def exemption_message(text: str) -> str:
    return (f"Lý do không áp dụng «{text}» không thuộc các trường hợp của Đề án (giáo viên, giảng viên ngoại ngữ; "
            "công chức làm công tác đối ngoại; người có bằng đại học ngoại ngữ hoặc học bằng ngoại ngữ): người này vẫn "
            "không được tính vào chỉ tiêu nào. Nếu người này thuộc diện áp dụng, xóa ô này.")


# A whole file with nobody marked in these columns (or without the column): its people are left out
# of the groups that need the mark. Few rows prove nothing: a small unit may have no leader.
_SILENT_AT_LEAST = {"is_leader": 10, "needs_language": 5}


def silent_columns(rows: pd.DataFrame, category: pd.Series, units: pd.DataFrame,
                   rejected: pd.Series, posts: re.Pattern | None = None) -> list[Problem]:
    """One warning per file whose leaders' column is empty for all its people (a file of ten at
    least, or any whose «Chức vụ» names a leader's post: `posts`), or whose "requires a foreign
    language" column is empty for all its commune cán bộ, công chức. Counted per file code with
    bincount: a national roll-up has millions of rows."""
    labels = columns_config()["roster"]
    file_of, files = pd.factorize(rows["source_file"], sort=True)
    tier = Distinct(rows["unit_code"]).map(dict(zip(units["unit_code"], units["tier"])).get)
    counted = ~rejected.to_numpy()
    scopes = {"is_leader": counted,
              "needs_language": counted & category.isin(["can_bo", "cong_chuc"]).to_numpy() & (tier == "xa").to_numpy()}
    problems = []
    for column, scope in scopes.items():
        size = np.bincount(file_of[scope], minlength=len(files))
        said = np.bincount(file_of[scope & (rows[column] != "").to_numpy()], minlength=len(files))
        silent = (said == 0) & (size >= _SILENT_AT_LEAST[column])
        if column == "is_leader" and posts is not None and ((said == 0) & (size > 0)).any():
            # a commune of seven whose «Chức vụ» says «Chủ tịch», «Phó Chủ tịch»: its leaders are missing too
            titled = Distinct(rows["position"]).map(lambda text: bool(text) and bool(posts.search(fold(text))))
            silent |= (said == 0) & (np.bincount(file_of[scope & titled.to_numpy(dtype=bool)], minlength=len(files)) > 0)
        for position in np.flatnonzero(silent):
            count, header = int(size[position]), labels[column][0]
            if column == "is_leader":
                message = (f"Cột «{header}» trống ở cả {count} người của tệp (hoặc tệp không có cột này): không ai trong "
                           "tệp được tính là lãnh đạo, quản lý, nên các chỉ tiêu về lãnh đạo, quản lý thiếu người của "
                           "tệp. Ghi «Có» cho người giữ chức vụ lãnh đạo, quản lý.")
            else:
                message = (f"Cột «{header}» trống ở cả {count} cán bộ, công chức cấp xã của tệp (hoặc tệp không có cột "
                           "này): không ai được tính vào nhóm cán bộ, công chức cấp xã ở vị trí có yêu cầu sử dụng ngoại "
                           "ngữ. Ghi «Có» cho người ở vị trí có yêu cầu.")
            problems.append(Problem(files[position], None, column, None, "«Có» cho một số người", "warning", message))
    return problems


_LANGUAGELESS_AT_LEAST = 5  # people with a level and no language, all of a file's: said once for the file


def languageless(rows: pd.DataFrame, leveled: np.ndarray) -> tuple[np.ndarray, list[Problem]]:
    """Rows with a level but no language name, to be said one by one, and one warning for each file
    where that is everyone with a level (a form with no «Ngoại ngữ» column: one line, not one a person)."""
    nameless = leveled & (rows["language"] == "").to_numpy()
    if nameless.any():  # «Anh B2, Tin học B» in the level column names its language
        levels = Distinct(rows["level"])
        nameless &= ~levels.spread(levels.values.map(language_named).astype(bool)).to_numpy()
    if not nameless.any():
        return nameless, []
    file_of, files = pd.factorize(rows["source_file"], sort=True)
    with_level = np.bincount(file_of[leveled], minlength=len(files))
    without = np.bincount(file_of[nameless], minlength=len(files))
    whole = (without == with_level) & (without >= _LANGUAGELESS_AT_LEAST)
    label = columns_config()["roster"]["language"][0]
    problems = [Problem(files[i], None, "language", None, "tên ngoại ngữ", "warning",
                        f"Không ai trong {int(without[i])} người có trình độ của tệp được ghi tên ngoại ngữ (cột «{label}» "
                        "trống hoặc tệp không có cột này): vẫn tính (mọi ngoại ngữ đều được tính). Ghi tên ngoại ngữ "
                        "để số liệu theo từng ngoại ngữ đầy đủ.") for i in np.flatnonzero(whole)]
    return nameless & ~whole[file_of], problems


def degree_major_column(rows: pd.DataFrame, unparsed: pd.Series) -> tuple[pd.Series, list[Problem]]:
    """A personnel list's «Chuyên ngành» is the major of a degree («Xây dựng», «Luật»), not «Ngoại ngữ chuyên
    ngành» (Có / Không): in a file where most filled cells of the column are no yes or no (three at least),
    the column is said once for the file, not once a row, and read as «Không» as any value not understood.
    Returns the rows still to be said one by one, and the files' problems."""
    filled = rows["specialized"] != ""
    counts = pd.DataFrame({"file": rows["source_file"], "bad": unparsed, "filled": filled}).groupby(
        "file", sort=False)[["bad", "filled"]].sum()
    majors = counts.index[(counts["bad"] >= 3) & (counts["bad"] * 2 >= counts["filled"])]
    if not len(majors):
        return unparsed, []
    in_major = rows["source_file"].isin(majors)
    label = column_labels()["specialized"]
    problems = []
    for file, part in rows.loc[in_major & unparsed, ["source_file", "source_row", "specialized"]].groupby(
            "source_file", sort=False):
        shown = ", ".join(f"«{cell}»" for cell in part["specialized"].drop_duplicates().head(3))
        problems.append(Problem(file, int(part["source_row"].iat[0]), "specialized", part["specialized"].iat[0],
                                "Có / Không", "warning",
                                f"Cột được đọc là «{label}» ghi ngành học ({shown}), không phải có hay không có ngoại ngữ "
                                f"chuyên ngành: không đọc cột này, mọi người của tệp coi là không có ngoại ngữ chuyên "
                                f"ngành. Nếu tệp có cột «{label}» riêng, đặt đúng tên đó cho nó."))
    return unparsed & ~in_major, problems


def levels_in_language_column(rows: pd.DataFrame, equivalences: EquivalenceTable,
                              degrees: list[str]) -> tuple[pd.DataFrame, list[Problem]]:
    """Personnel-software lists write the level in «Ngoại ngữ» («Anh B2», «TOEIC 650»), with no level column
    or a «Trình độ» one holding the degree («Đại học», «Thạc sĩ»): where a row's level cell is empty or a
    degree and its «Ngoại ngữ» cell reads as a level, that cell is the level, and its language the one it
    names. Said once per file (before, everyone of such a list was bậc 0 without a word)."""
    degree_words = tuple(fold(word) for word in degrees)
    cells = Distinct(rows["level"])
    degree = cells.spread(cells.values.map(  # «Cử nhân tiếng Anh» is a degree that exempts: it stays
        lambda text: fold(text).startswith(degree_words) and not equivalences.read(text).exempt).astype(bool))
    bare = cells.spread(cells.values.map(lambda text: fold(text) in degree_words).astype(bool))
    rows, named = _degree_named_in_language_column(rows, bare & (rows["language"] != ""), degree, equivalences)
    open_rows = ((rows["level"] == "") | degree) & (rows["language"] != "")
    if not open_rows.any():
        return rows, named
    reading = equivalences.read_many(rows.loc[open_rows, "language"])
    moved = pd.Series(False, index=rows.index)
    moved[open_rows] = (reading["level"].fillna(0).gt(0) | reading["exempt"]).to_numpy()
    if not moved.any():
        return rows, named
    was = rows.loc[moved, ["source_file", "source_row", "language", "level"]]
    rows = rows.assign(level=rows["level"].mask(moved, rows["language"]),
                       language=rows["language"].mask(moved, Distinct(rows["language"]).map(language_named)))
    labels = column_labels()
    problems = []
    for file, part in was.groupby("source_file", sort=False):
        shown = ", ".join(f"«{cell}»" for cell in part["language"].drop_duplicates().head(3))
        degrees_seen = part["level"][part["level"] != ""].drop_duplicates().head(2)
        why = (f"cột «{labels['level']}» ghi bằng cấp ({', '.join(f'«{d}»' for d in degrees_seen)}), không phải trình "
               "độ ngoại ngữ" if len(degrees_seen) else f"cột «{labels['level']}» trống hoặc tệp không có cột này")
        problems.append(Problem(file, int(part["source_row"].iat[0]), "level", part["language"].iat[0],
                                f"trình độ ở cột «{labels['level']}»", "warning",
                                f"{len(part)} dòng của tệp ghi trình độ ở cột «{labels['language']}» ({shown}) và {why}: "
                                f"trình độ đọc từ cột «{labels['language']}», tên ngoại ngữ theo chữ trong ô."))
    return rows, named + problems


def _degree_named_in_language_column(rows: pd.DataFrame, bare: pd.Series, degree: pd.Series,
                                     equivalences: EquivalenceTable) -> tuple[pd.DataFrame, list[Problem]]:
    """«Cử nhân» in the level column and «Tiếng Anh» in «Ngoại ngữ», in a file whose level column holds levels
    (most of its cells are no degree): a degree in that language, read as «Cử nhân Tiếng Anh» (it exempts as
    the table says), said once per file. Where the level column holds degrees (a personnel form's «Trình độ»:
    Đại học, Thạc sĩ), a degree is the person's own and nothing is read into it."""
    if not bare.any():
        return rows, []
    language = Distinct(rows.loc[bare, "language"])
    only_language = language.spread(language.values.map(
        lambda text: bool(language_named(text)) and not (equivalences.read(text).level or equivalences.read(text).exempt)))
    file_of, files = pd.factorize(rows["source_file"], sort=True)
    written = (rows["level"] != "").to_numpy()
    degrees_in_file = np.bincount(file_of[degree.to_numpy() & written], minlength=len(files))
    levels_file = degrees_in_file * 2 < np.bincount(file_of[written], minlength=len(files))
    joined = pd.Series(False, index=rows.index)
    joined[bare] = only_language.to_numpy(dtype=bool) & levels_file[file_of[bare.to_numpy()]]
    if not joined.any():
        return rows, []
    was = rows.loc[joined, ["source_file", "source_row", "level"]]
    rows = rows.assign(level=rows["level"].mask(joined, rows["level"] + " " + rows["language"]))
    labels = column_labels()
    problems = []
    for file, part in was.groupby("source_file", sort=False):
        shown = ", ".join(f"«{cell}»" for cell in rows.loc[part.index, "level"].drop_duplicates().head(3))
        problems.append(Problem(file, int(part["source_row"].iat[0]), "level", part["level"].iat[0],
                                f"trình độ ở cột «{labels['level']}»", "warning",
                                f"{len(part)} dòng của tệp chỉ ghi bằng cấp ở cột «{labels['level']}» và tên ngoại ngữ ở "
                                f"cột «{labels['language']}»: đọc là bằng về ngoại ngữ đó ({shown}). Nếu không phải, ghi "
                                "trình độ ngoại ngữ của người đó."))
    return rows, problems


def validate(load: RosterLoad, units: pd.DataFrame, equivalences: EquivalenceTable,
             ref_date: date, dropped_units: dict[str, str] | None = None) -> Validated:
    """`dropped_units`: codes the units file has on rows it could not use (code → why)."""
    values = load_values()
    yes_no = yes_no_reader(values)
    category_of = _Lookup(values["categories"], prefix=True)
    gender_of = _Lookup(values["genders"])

    as_written, continued = _continuation_rows(load.rows)
    as_written, unpadded = zero_dropped_ids(as_written, ref_date.year)  # before the rows are grouped by ID
    reference = _first_rows(as_written)  # once: at national scale each pass over the IDs costs a second
    rows = _person_fields_from_first_row(as_written, reference)
    rows, in_language_column = levels_in_language_column(rows, equivalences, values["degrees"])
    known_units = set(units["unit_code"])
    rows, respelled = _respell_units(rows, known_units)
    found = _Findings(rows, load.problems)
    found.problems.extend(continued)
    found.problems.extend(unpadded)
    found.problems.extend(repeated_rows(as_written, reference))
    found.problems.extend(in_language_column)
    found.problems.extend(respelled)
    report = found.add

    # Identity and place: without them a row cannot be counted anywhere.
    report(rows["staff_id"] == "", "staff_id", "mã CBCCVC", "error", "Thiếu mã CBCCVC: dòng không được tính.")
    dropped_units = dropped_units or {}
    report((rows["unit_code"] != "") & ~rows["unit_code"].isin(known_units), "unit_code",
           "một mã trong don_vi.csv", "error",
           lambda code: f"Đơn vị «{code}» có trong danh mục đơn vị nhưng {dropped_units[code]}: dòng không được tính."
           if code in dropped_units else
           f"Mã đơn vị «{code}» không có trong danh mục đơn vị (don_vi.csv): dòng không được tính.")
    report(rows["unit_code"] == "", "unit_code", "một mã trong don_vi.csv", "error",
           "Thiếu mã đơn vị: dòng không được tính.")

    category = Distinct(rows["category"]).map(category_of)
    report(category.isna(), "category", "Cán bộ / Công chức / Viên chức", "error",
           lambda text: "Thiếu đối tượng (Cán bộ / Công chức / Viên chức): dòng không được tính."
           if not text else f"Không nhận ra đối tượng «{text}»: dòng không được tính.")

    flags = {}
    leader = leader_flag(yes_no, values)
    for column, meaning in (("is_leader", "lãnh đạo, quản lý"), ("needs_language", "yêu cầu sử dụng ngoại ngữ"),
                            ("specialized", "ngoại ngữ chuyên ngành")):
        distinct = Distinct(rows[column])
        parsed = distinct.values.map(leader if column == "is_leader" else yes_no)
        unparsed = distinct.spread(parsed.isna())
        if column == "specialized" and unparsed.any():  # a degree's «Chuyên ngành» (Xây dựng, Luật): said once a file
            unparsed, per_file = degree_major_column(rows, unparsed)
            found.problems.extend(per_file)
        report(unparsed, column, "Có / Không", "warning",
               lambda text, m=meaning: f"Không hiểu giá trị «{text}» ở cột {m}: coi là «Không».")
        flags[column] = distinct.spread(parsed.fillna(False).astype(bool))

    birth_date, bad_birth, future_birth = _birth_dates(rows["birth_date"], ref_date)
    report(bad_birth, "birth_date", "dd/mm/yyyy hoặc năm sinh", "warning",
           lambda text: f"Ngày sinh «{text}» không hợp lệ: không tính được tuổi của người này.")
    report(future_birth, "birth_date", "ngày trước ngày chốt số liệu", "warning",
           lambda text: f"Ngày sinh «{text}» sau ngày chốt số liệu: không tính được tuổi.")
    implausible = implausible_age(birth_date, ref_date, values["plausible_age"])
    report(implausible, "birth_date", age_expected(values["plausible_age"]), "warning",
           lambda text: age_message(text, values["plausible_age"]))
    birth_date = birth_date.mask(implausible)  # «12/03/20» read as 2020: no leader aged 5 in «dưới 40 tuổi»

    level = equivalences.read_many(rows["level"])
    unknown_level = level["level"].isna() & ~level["exempt"].astype(bool)
    report(unknown_level, "level", "Bậc 1–6, A1–C2 hoặc chứng chỉ trong bảng quy đổi", "warning",
           lambda text: f"Không nhận ra trình độ «{text}»: coi như chưa có trình độ ngoại ngữ.")
    report(level["warning"].notna() & ~unknown_level, "level", "Bậc 1–6, A1–C2 hoặc chứng chỉ trong bảng quy đổi",
           "warning", level["warning"])
    per_row, per_file = languageless(rows, level["level"].fillna(0).gt(0).to_numpy())
    report(pd.Series(per_row, index=rows.index), "language", "tên ngoại ngữ", "warning",
           "Có trình độ nhưng không ghi ngoại ngữ: vẫn tính (mọi ngoại ngữ đều được tính).")
    found.problems.extend(per_file)

    exemption = Distinct(rows["exemption"])
    exempt_col = exemption.spread(~exemption.values.map(exemption_applies(values)).astype(bool))
    exempt = exempt_col | level["exempt"].astype(bool)
    report(exemption.spread(exemption.values.map(unlisted_exemption(values))), "exemption",
           "lý do không áp dụng theo Đề án", "warning", exemption_message)

    conflict = _conflicts(rows, reference)
    found.problems.extend(_conflict_problems(rows, conflict, reference))
    rejected = found.rejected | conflict
    found.problems.extend(silent_columns(rows, category, units, rejected, leader_posts(values)))
    found.problems.extend(_disagreements(as_written, reference, rejected, {
        "unit_code": rows["unit_code"], "category": category, "is_leader": flags["is_leader"],
        "needs_language": flags["needs_language"], "birth_date": birth_date}))
    found.problems.extend(same_person_two_ids(rows, birth_date, rejected, reference))

    typed = pd.DataFrame({
        "staff_id": rows["staff_id"],
        "full_name": rows["full_name"],
        "birth_date": birth_date,
        "gender": Distinct(rows["gender"]).map(gender_of),
        "unit_code": rows["unit_code"],
        "category": category,
        "is_leader": flags["is_leader"],
        "position": rows["position"],
        "needs_language": flags["needs_language"],
        "language": rows["language"],
        "level_text": rows["level"],
        "level": level["level"].fillna(0).astype("int64"),
        "evidence": level["evidence"],
        "specialized": flags["specialized"],
        "exempt": exempt,
        "exemption": rows["exemption"].where(exempt_col, _degree_exemption(level["exempt"])),
        "training_need": rows["training_need"],
        "training_mode": rows["training_mode"],
        "source_file": rows["source_file"],
        "source_row": rows["source_row"],
    })
    # Most cycles reject few rows or none: without a filter the columns are shared, not copied.
    counted = (typed[~rejected] if rejected.any() else typed).reset_index(drop=True)
    # the files read, then what else was in the folder (none of it read: its problem says so)
    files = _file_reports(load.rows_read | dict.fromkeys(load.unread, 0), rows["source_file"], rejected)
    problems = found.problems
    problems.sort(key=lambda p: (p.file, p.row or 0, p.column or ""))
    return Validated(rows=counted, problems=problems, files=files)


def implausible_age(birth_date: pd.Series, ref_date: date, bounds: list[int]) -> pd.Series:
    """Born so that the person is younger or older at the reference date than anyone in service
    (config/values.yml plausible_age): a year mistyped («12/03/20» read as 2020, 1918 for 1981)."""
    age = age_on(birth_date, ref_date)  # the age the targets' «dưới 40 tuổi» reads
    return ((age < bounds[0]) | (age > bounds[1])).fillna(False).astype(bool)


def age_expected(bounds: list[int]) -> str:
    return f"tuổi từ {bounds[0]} đến {bounds[1]} ở ngày chốt số liệu"


def age_message(text: str, bounds: list[int]) -> str:
    return (f"Ngày sinh «{text}» cho một tuổi ngoài {bounds[0]}–{bounds[1]} ở ngày chốt số liệu: có thể gõ nhầm năm; "
            "người này vẫn được tính, tuổi coi như không rõ (không vào nhóm giới hạn tuổi).")


def _birth_dates(text: pd.Series, ref_date: date) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(birth date as datetime64, not understood, after the reference date), parsed once per
    distinct spelling; a date after the reference date is kept as unknown."""
    distinct = Distinct(text)
    parsed = distinct.values.map(lambda t: parse_date(t, reference_year=ref_date.year))
    birth_date = parsed.map(lambda pair: pair[0])
    bad = ~parsed.map(lambda pair: pair[1])
    future = birth_date.map(lambda d: d is not None and d > ref_date)
    birth_date = pd.to_datetime(birth_date.where(~future, None), errors="coerce")
    return distinct.spread(birth_date), distinct.spread(bad), distinct.spread(future)


def _degree_exemption(exempt_by_level: pd.Series) -> pd.Series:
    """The exemption text of a person exempt by a foreign-language degree written as their level."""
    return Distinct(exempt_by_level).map(lambda e: "Bằng đại học ngoại ngữ (theo cột trình độ)" if e else "")


# Who the person is: a person's second language row often leaves these blank (or the cells are
# merged over the person's rows, which reads the same), meaning "as on the row above".
_PERSON_TEXT = ("full_name", "birth_date", "gender", "unit_code", "category", "is_leader", "position", "needs_language")


def _first_rows(rows: pd.DataFrame) -> np.ndarray:
    """For every row, the position of the first row with its staff ID (file order, then row order)."""
    codes, _ = pd.factorize(rows["staff_id"])
    _, first = np.unique(codes, return_index=True)  # codes count from 0 in order of first appearance
    return first[codes]


def _continuation_rows(rows: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """A row with a language but no staff ID, name, unit or category, right under a person's row:
    that person's next language, as a list with cells merged over a person's rows reads once saved
    as CSV. It takes the person's staff ID (the rest follows from the first row), with a warning."""
    if rows.empty:
        return rows, []
    bare = np.ones(len(rows), dtype=bool)
    for column in ("staff_id", "full_name", "unit_code", "category"):
        bare &= (rows[column] == "").to_numpy()
    bare &= ((rows["language"] != "") | (rows["level"] != "")).to_numpy()
    candidates = np.flatnonzero(bare)
    candidates = candidates[candidates > 0]
    if not len(candidates):
        return rows, []
    staff = rows["staff_id"].to_numpy(dtype=object, copy=True)
    files, numbers = rows["source_file"].to_numpy(), rows["source_row"].to_numpy()
    problems = []
    for index in candidates:  # in order, so that a third language follows the second
        above = index - 1
        if staff[above] == "" or files[above] != files[index] or numbers[index] - numbers[above] != 1:
            continue
        staff[index] = staff[above]
        problems.append(Problem(
            files[index], int(numbers[index]), "staff_id", "", "mã CBCCVC", "warning",
            f"Dòng không ghi mã CBCCVC, họ tên, đơn vị, đối tượng, chỉ ghi ngoại ngữ: coi là ngoại ngữ khác của người "
            f"ở dòng trên (mã «{staff[above]}»), như khi ô được gộp (merge) qua các dòng của một người.",
            related_rows=(int(numbers[above]),)))
    if not problems:
        return rows, []
    rows = rows.copy()
    rows["staff_id"] = pd.Series(staff, index=rows.index, dtype=rows["staff_id"].dtype)
    return rows, problems


def _person_fields_from_first_row(rows: pd.DataFrame, reference: np.ndarray) -> pd.DataFrame:
    """Who a person is, from the first of their rows in a file that says it: a later row takes what
    it leaves blank from there (instead of being rejected for a missing unit or category), and a
    first row left blank takes it from a later row ("Có" in the leaders' column of the second row).
    Only the rows of people with several rows are looked at (a national roll-up has millions)."""
    later = np.flatnonzero(reference != np.arange(len(rows)))
    if not len(later):
        return rows
    staff, files = rows["staff_id"].take(later).to_numpy(), rows["source_file"]
    later = later[(staff != "") & (files.take(later).to_numpy() == files.take(reference[later]).to_numpy())]
    first_of = reference[later]
    filled = None
    for column in _PERSON_TEXT:
        said_later = rows[column].take(later).to_numpy(dtype=object)
        said_first = rows[column].take(first_of).to_numpy(dtype=object)
        given = np.flatnonzero((said_later != "") & (said_first == ""))
        blank = said_later == ""
        if not len(given) and not (blank & (said_first != "")).any():
            continue
        values = rows[column].to_numpy(dtype=object, copy=True)
        if len(given):  # `later` ascends, so np.unique's first index is the earliest row that says it
            persons, earliest = np.unique(first_of[given], return_index=True)
            values[persons] = said_later[given[earliest]]
        values[later[blank]] = values[first_of[blank]]
        filled = rows.copy() if filled is None else filled
        filled[column] = pd.Series(values, index=rows.index, dtype=rows[column].dtype)
    return rows if filled is None else filled


def _conflicts(rows: pd.DataFrame, reference: np.ndarray) -> pd.Series:
    """Rows that claim a staff ID already used by another file or by another person (`reference`:
    for every row the position of the first row with its staff ID, file order then row order)."""
    with_id = (rows["staff_id"] != "").to_numpy()
    files, _ = pd.factorize(rows["source_file"])
    other_file = with_id & (files != files[reference])
    names = rows["full_name"]
    first_names = names.take(reference)
    # Names compare folded ("Nguyễn Văn A" = "NGUYỄN VĂN A"); only rows whose text differs need folding.
    differ = np.flatnonzero(with_id & np.asarray(names.array != first_names.array, dtype=bool))
    other_person = np.zeros(len(rows), dtype=bool)
    other_person[differ] = [fold(a) != fold(b) for a, b in zip(names.iloc[differ], first_names.iloc[differ])]
    return pd.Series(other_file | other_person, index=rows.index)


def _conflict_problems(rows: pd.DataFrame, conflict: pd.Series, reference: np.ndarray) -> list[Problem]:
    flagged = np.flatnonzero(conflict.to_numpy())
    if not len(flagged):
        return []
    columns = ["staff_id", "full_name", "source_file", "source_row"]
    these = zip(*(rows[name].iloc[flagged].tolist() for name in columns))
    firsts = zip(*(rows[name].iloc[reference[flagged]].tolist() for name in columns))
    problems = []
    for (staff_id, name, file, row), (_, ref_name, ref_file, ref_row) in zip(these, firsts):
        problems.append(Problem(
            file, int(row), "staff_id", staff_id, "mã CBCCVC không trùng", "error",
            f"Mã CBCCVC «{staff_id}» đã dùng cho «{ref_name}» ở tệp «{ref_file}» dòng {int(ref_row)}; "
            f"dòng này («{name}», tệp «{file}») không được tính đến khi hai đơn vị thống nhất.",
            related_rows=(int(ref_row),)))
    return problems


def zero_dropped_ids(rows: pd.DataFrame, reference_year: int) -> tuple[pd.DataFrame, list[Problem]]:
    """A staff ID typed into a General cell is a number to Excel, which drops its leading zeros: a citizen ID
    «001085012345» becomes «1085012345». Such an ID, where a row elsewhere has the same digits after zeros and
    the same person (folded name; birth date too where both rows give one), is counted under the zeros' form,
    with one warning per file (before, one person counted twice, silently). Rows of another name keep their
    ID: the conflict check says the rest. Whole columns are looked at only to find the few IDs concerned."""
    ids = rows["staff_id"]
    padded = ids.str.startswith("0").to_numpy(dtype=bool)
    if not padded.any():
        return rows, []
    bare = ~padded & ids.str.isdigit().to_numpy(dtype=bool)  # what Excel leaves of a number: no zero in front
    if not bare.any():
        return rows, []
    written = ids[padded]
    stripped = written.str.lstrip("0")
    matched = stripped.isin(pd.unique(ids[bare])).to_numpy(dtype=bool)  # citizen IDs all start with 0: many rows
    if not matched.any():
        return rows, []
    padded_of: dict[str, str] = {}
    for key, spelling in zip(stripped[matched].tolist(), written[matched].tolist()):
        if len(spelling) > len(padded_of.get(key, "")):  # «01…» and «001…» both written: the one with all zeros
            padded_of[key] = spelling
    involved = np.flatnonzero(ids.isin([*padded_of, *padded_of.values()]).to_numpy(dtype=bool))
    seen = rows.take(involved)[["staff_id", "full_name", "birth_date", "source_file", "source_row"]]
    positions: dict[str, list[int]] = {}  # into `seen`
    for at, staff_id in enumerate(seen["staff_id"].tolist()):
        positions.setdefault(staff_id, []).append(at)
    names, births, files, numbers = (seen[column].tolist() for column in seen.columns[1:])

    def who(staff_id: str) -> tuple[str, date | None]:
        """The person an ID's rows give: the first name and birth date written on them."""
        at = positions[staff_id]
        name = next((names[i] for i in at if names[i]), "")
        birth = next((births[i] for i in at if births[i]), "")
        return fold(name), parse_date(birth, reference_year=reference_year)[0]

    staff = ids.to_numpy(dtype=object, copy=True)
    by_file: dict[str, dict[str, list[int]]] = {}  # file → the ID without zeros → its rows, in `seen`
    born: dict[str, date | None] = {}  # the birth date both IDs' rows give, if they do
    for short, full in padded_of.items():
        if short not in positions:  # the digits are there only as a row's own ID after zeros: nothing lost
            continue
        (name, birth), (full_name, full_birth) = who(short), who(full)
        if not name or name != full_name or (birth and full_birth and birth != full_birth):
            continue  # another person, or not known to be the same
        staff[involved[positions[short]]] = full
        born[short] = birth if birth and full_birth else None
        for at in positions[short]:
            by_file.setdefault(files[at], {}).setdefault(short, []).append(at)
    if not by_file:
        return rows, []
    label = columns_config()["roster"]["staff_id"][0]
    problems = []
    for file, by_id in sorted(by_file.items()):
        said = []
        for short, at in sorted(by_id.items(), key=lambda item: numbers[item[1][0]]):
            there = positions[padded_of[short]][0]  # the first row written with the zeros
            where = f"dòng {numbers[there]}" if files[there] == file else f"tệp «{files[there]}» dòng {numbers[there]}"
            said.append((at[0], there, f"«{short}» (dòng {rows_listed([numbers[i] for i in at], 5)}) là "
                                       f"«{padded_of[short]}» ({where})"))
        first, there, _ = said[0]
        short, full = ids.iat[involved[first]], staff[involved[first]]
        fix = (f"Excel bỏ các số 0 ở đầu khi mã được gõ vào ô định dạng General (coi là số). Để sửa: định dạng cột "
               f"«{label}» là Text (Văn bản) rồi gõ lại mã, hoặc gõ dấu nháy đơn trước mã ('{full}).")
        if len(said) == 1:
            same = f"cùng họ tên «{names[first] or names[there]}»" + (
                f", cùng ngày sinh {born[short]:%d/%m/%Y}" if born[short] else "")
            message = f"Mã CBCCVC {said[0][2]} đã mất các số 0 ở đầu: {same} nên tính là một người, theo mã «{full}». {fix}"
        else:
            shown = "; ".join(text for *_, text in said[:3]) + (f"; và {len(said) - 3} mã khác" if len(said) > 3 else "")
            message = (f"{len(said)} mã CBCCVC của tệp là mã ghi ở dòng khác đã mất các số 0 ở đầu ({shown}): cùng "
                       "họ tên (và ngày sinh, khi cả hai dòng có ghi) nên mỗi cặp tính là một người, theo mã có các số "
                       f"0. {fix}")
        problems.append(Problem(file, int(numbers[first]), "staff_id", short, "mã CBCCVC đủ các số 0 ở đầu", "warning",
                                message, related_rows=(int(numbers[there]),)))
    return rows.assign(staff_id=pd.Series(staff, index=rows.index, dtype=ids.dtype)), problems


def repeated_rows(rows: pd.DataFrame, reference: np.ndarray) -> list[Problem]:
    """A row that repeats an earlier row of its file cell for cell (a row copied twice): the person is
    counted once all the same, and the file is told once which rows to delete. Only the rows of people
    with several rows are compared."""
    later = np.flatnonzero(reference != np.arange(len(rows)))
    later = later[(rows["staff_id"].take(later) != "").to_numpy()]  # rows without an ID are rejected, said so
    if not len(later):
        return []
    involved = np.union1d(later, reference[later])
    # first the person, language and level alone (numbers: fast), then whole rows, of the few left
    key = reference[involved].astype(np.int64)
    for column in ("language", "level"):
        codes, spellings = pd.factorize(rows[column].take(involved))
        key = key * (len(spellings) + 1) + codes
    involved = involved[pd.Series(key).duplicated(keep=False).to_numpy()]
    part = rows.take(involved)[[column for column in rows.columns if column != "source_row"]]
    twins = part.duplicated(keep=False).to_numpy()
    if not twins.any():
        return []
    part = part[twins]
    group = part.groupby(list(part.columns), sort=False, dropna=False).ngroup().to_numpy()
    _, first = np.unique(group, return_index=True)  # the first row of each set of equal rows
    positions = involved[twins]
    numbers = rows["source_row"].to_numpy()
    problems = []
    files = part["source_file"].to_numpy(dtype=object)
    for file in dict.fromkeys(files.tolist()):
        here = np.flatnonzero(files == file)
        again = here[first[group[here]] != here]
        pairs = [(int(numbers[positions[i]]), int(numbers[positions[first[group[i]]]])) for i in again]
        at = positions[again[0]]
        staff_id, name = rows["staff_id"].iat[at], rows["full_name"].iat[at]
        if len(pairs) == 1:
            row, original = pairs[0]
            message = (f"Dòng {row} ghi lại y hệt dòng {original} (mã CBCCVC «{staff_id}», «{name}»): người này vẫn chỉ "
                       "được tính một lần. Xóa dòng thừa.")
        else:
            shown = ", ".join(f"dòng {row} (như dòng {original})" for row, original in pairs[:5])
            more = f" và {len(pairs) - 5} dòng khác" if len(pairs) > 5 else ""
            message = (f"{len(pairs)} dòng của tệp ghi lại y hệt một dòng trước: {shown}{more}. Mỗi người vẫn chỉ được "
                       "tính một lần. Xóa các dòng thừa.")
        problems.append(Problem(file, pairs[0][0], "staff_id", staff_id, "mỗi dòng một người với một ngoại ngữ",
                                "warning", message, related_rows=(pairs[0][1],)))
    return problems


def same_person_two_ids(rows: pd.DataFrame, birth_date: pd.Series, rejected: pd.Series,
                        reference: np.ndarray) -> list[Problem]:
    """Two counted people with the same folded name and the same birth date under two staff IDs, in one
    unit or with IDs one typing slip apart: probably one person written twice, an ID mistyped once. Not
    merged (two people can share a name and a birthday) but said once per pair. Across a whole country
    thousands of namesakes share a birthday, so other pairs are not said: they would bury the few real
    ones. A year alone («1980») is no birth date to share. Found a whole column at a time (names folded
    once per spelling); only the pairs found are written one by one."""
    person = np.flatnonzero((reference == np.arange(len(rows))) & ~rejected.to_numpy()
                            & (rows["staff_id"] != "").to_numpy() & birth_date.notna().to_numpy())
    if len(person) < 2:
        return []
    spelling, spellings = pd.factorize(rows["full_name"])
    folded, _ = pd.factorize(np.array([fold(text) for text in spellings.tolist()], dtype=object))
    folded[(spellings == "").nonzero()[0]] = -1  # no name: no one to compare
    name = folded[spelling[person]]
    named = name >= 0
    named[named] = np.bincount(name[named])[name[named]] > 1  # a name no one else has: no pair (cheap to drop)
    person, name = person[named], name[named].astype(np.int64)
    if len(person) < 2:
        return []
    day = birth_date.take(person).to_numpy(dtype="datetime64[D]").astype(np.int64)
    key = name * (int(day.max() - day.min()) + 1) + (day - day.min())
    shared = np.flatnonzero(pd.Series(key).duplicated(keep=False).to_numpy())
    if not len(shared):
        return []
    written = Distinct(rows["birth_date"].take(person[shared]))
    shared = shared[~written.map(lambda text: bool(_YEAR.match(text) or _MONTH_YEAR.match(text))).to_numpy(dtype=bool)]
    order = shared[np.argsort(key[shared], kind="stable")]  # file and row order within a key
    person, key = person[order], key[order]
    # every pair (i, j) of one key, i before j, as indices into `person`
    start = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    end = np.r_[start[1:], len(key)]
    later = np.repeat(end, end - start) - np.arange(len(key)) - 1  # how many of its key come after each person
    i = np.repeat(np.arange(len(key)), later)
    j = i + 1 + (np.arange(len(i)) - np.repeat(np.cumsum(later) - later, later))
    if not len(i):
        return []
    ids, units = (rows[column].take(person).to_numpy(dtype=object) for column in ("staff_id", "unit_code"))
    same_unit = units[i] == units[j]
    slip = np.zeros(len(i), dtype=bool)
    slip[~same_unit] = one_slip(ids, i[~same_unit], j[~same_unit])
    flagged = np.flatnonzero(same_unit | slip)
    problems = []
    for first, second, in_unit in zip(person[i[flagged]], person[j[flagged]], same_unit[flagged]):
        file, number, staff_id, unit = (rows[column].iat[first] for column in
                                        ("source_file", "source_row", "staff_id", "unit_code"))
        other_file, other_number, other_id, full_name = (rows[column].iat[second] for column in
                                                         ("source_file", "source_row", "staff_id", "full_name"))
        where = f"dòng {int(number)}" if file == other_file else f"tệp «{file}» dòng {int(number)}"
        why = f"cùng đơn vị «{unit}»" if in_unit else "hai mã chỉ khác nhau một ký tự"
        problems.append(Problem(
            other_file, int(other_number), "staff_id", other_id, "mỗi người một mã CBCCVC", "warning",
            f"Mã CBCCVC «{other_id}» và mã «{staff_id}» ({where}) cùng họ tên «{full_name}», cùng ngày sinh "
            f"{pd.Timestamp(birth_date.iat[first]):%d/%m/%Y}, {why}: có thể là một người được ghi hai lần, một lần gõ "
            "nhầm mã; đang được tính là hai người. Kiểm tra hồ sơ của hai dòng: nếu là một người, sửa mã cho đúng và "
            "xóa dòng thừa; nếu là hai người khác nhau, không cần sửa.", related_rows=(int(number),)))
    return problems


def one_slip(ids: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Whether IDs ids[i] and ids[j], different, are one typing slip apart: one character changed, two
    neighbours swapped («HS1600003», «HS1600030»), or one character more or less. Each ID is laid out
    once as a row of a fixed-width array of code points; the pairs compare rows."""
    if not len(i):
        return np.zeros(0, dtype=bool)
    text = np.asarray(ids, dtype=str)
    width = int(np.char.str_len(text).max()) + 1
    points = text.astype(f"U{width}").view(np.uint32).reshape(len(text), width)
    length = (points != 0).sum(axis=1)
    longer = length[i] >= length[j]  # compare the longer (x) with the shorter (y)
    x, y = points[np.where(longer, i, j)], points[np.where(longer, j, i)]
    extra = np.abs(length[i] - length[j])
    differ = x != y
    count = differ.sum(axis=1)
    at = differ.argmax(axis=1)  # the first position that differs
    pairs, nxt = np.arange(len(i)), np.minimum(at + 1, width - 1)
    changed = (extra == 0) & (count == 1)
    swapped = ((extra == 0) & (count == 2) & differ[pairs, nxt]
               & (x[pairs, at] == y[pairs, nxt]) & (x[pairs, nxt] == y[pairs, at]))
    # one character more in x at `at`: the rest of x, one place on, is y from there
    shifted = np.ones_like(differ)
    shifted[:, :-1] = x[:, 1:] == y[:, :-1]
    rest_equal = np.where(np.arange(width)[None, :] >= at[:, None], shifted, True).all(axis=1)
    return changed | swapped | ((extra == 1) & rest_equal)


def _disagreements(as_written: pd.DataFrame, reference: np.ndarray, rejected: pd.Series,
                   meanings: dict[str, pd.Series]) -> list[Problem]:
    """A person's counted rows (their languages) that say otherwise than the first on who the person
    is: the first row is used, and the later one is named so that the office can check. A row left
    blank there is the usual way of filling the list, not a disagreement. Only the rows of people
    with several rows are looked at."""
    if as_written.empty:
        return []
    repeated = np.zeros(len(as_written), dtype=bool)
    later = reference != np.arange(len(as_written))
    repeated[later] = True
    repeated[reference[later]] = True
    counted = np.flatnonzero(repeated & ~rejected.to_numpy())
    if not len(counted):
        return []
    staff = as_written["staff_id"].take(counted).to_numpy(dtype=object)
    keep = staff != ""
    counted, staff = counted[keep], staff[keep]
    labels = columns_config()["roster"]
    problems = []
    for column, meaning in meanings.items():
        text = as_written[column].take(counted).to_numpy(dtype=object)
        said = np.flatnonzero(text != "")
        if not len(said):
            continue
        person = reference[counted[said]]  # the person's first row anywhere: one number per staff ID
        persons, first = np.unique(person, return_index=True)
        reference_at = said[first[np.searchsorted(persons, person)]]  # index into `counted` of the person's first
        value = meaning.take(counted).to_numpy(dtype=object)
        differ = np.flatnonzero((reference_at != said)
                                & np.asarray(pd.Series(value[said]).ne(pd.Series(value[reference_at])), dtype=bool))
        for this, ref in zip(said[differ], reference_at[differ]):
            number, ref_number = (int(as_written["source_row"].iat[counted[i]]) for i in (this, ref))
            problems.append(Problem(
                as_written["source_file"].iat[counted[this]], number, column, text[this], f"như dòng {ref_number}",
                "warning", f"Cùng người (mã CBCCVC «{staff[this]}») nhưng dòng này ghi «{labels[column][0]}» "
                f"«{text[this]}», dòng {ref_number} ghi «{text[ref]}»: dùng dòng {ref_number}.",
                related_rows=(ref_number,)))
    return problems


def _file_reports(rows_read: dict[str, int], source_file: pd.Series, rejected: pd.Series) -> list[FileReport]:
    loaded = source_file.value_counts()
    rejected_in = source_file[rejected].value_counts()
    reports = []
    for name, read in sorted(rows_read.items()):
        here = int(loaded.get(name, 0))
        rejected_here = int(rejected_in.get(name, 0)) + (read - here)  # whole-file rejections
        reports.append(FileReport(name, read, read - rejected_here, rejected_here))
    return reports
