"""The validate stage as it was before vectorisation (commit 7a730f8), kept as the oracle the property
tests compare the fast implementation with. Not used by tiendo itself. The steps added since that are
not row-by-row checks (a person's rows completed from each other, their disagreements) are called from
tiendo.validate itself and tested on their own."""
from __future__ import annotations

import re

from datetime import date

import pandas as pd

from tiendo.config import load_values
from tiendo.levels import EquivalenceTable
from tiendo.load.rosters import RosterLoad
from tiendo.model import FileReport, Problem
from tiendo.validate import _first_rows as _first_rows_of
from tiendo.validate import (age_expected, age_message, degree_major_column, exemption_applies, exemption_message,
                             implausible_age, languageless, leader_flag, leader_posts, silent_columns, unlisted_exemption,
                             yes_no_reader)
from tiendo.validate import (Validated, _continuation_rows, _disagreements, _person_fields_from_first_row,
                             levels_in_language_column, parse_date, repeated_rows, same_person_two_ids,
                             zero_dropped_ids)
from tiendo.text import fold


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


def read_many(table: EquivalenceTable, values: pd.Series) -> pd.DataFrame:
    """EquivalenceTable.read_many before vectorisation."""
    unique = pd.unique(values.astype("object"))
    readings = {value: table.read(value) for value in unique}
    return pd.DataFrame({
        "level": values.map(lambda v: readings[v].level).astype("Int64"),
        "evidence": values.map(lambda v: readings[v].evidence),
        "test": values.map(lambda v: readings[v].test),
        "exempt": values.map(lambda v: readings[v].exempt).astype(bool),
        "warning": values.map(lambda v: readings[v].warning),
    }, index=values.index)


def validate(load: RosterLoad, units: pd.DataFrame, equivalences: EquivalenceTable,
             ref_date: date) -> Validated:
    values = load_values()
    yes_no = yes_no_reader(values)
    category_of = _Lookup(values["categories"], prefix=True)
    gender_of = _Lookup(values["genders"])

    as_written, continued = _continuation_rows(load.rows)
    as_written, unpadded = zero_dropped_ids(as_written, ref_date.year)
    reference = _first_rows_of(as_written)
    rows = _person_fields_from_first_row(as_written, reference).copy()
    rows, in_language_column = levels_in_language_column(rows, equivalences, values["degrees"])
    problems: list[Problem] = (list(load.problems) + continued + unpadded + repeated_rows(as_written, reference)
                               + in_language_column)
    known_units = set(units["unit_code"])

    def key(code: str) -> str:  # case, separators and leading zeros set aside
        return re.sub(r"(?<![0-9])0+(?=[0-9])", "", re.sub(r"[^a-z0-9]+", "", fold(code)))

    for idx in rows.index:
        code = rows.at[idx, "unit_code"]
        fits = [k for k in known_units if key(k) == key(code)] if code and code not in known_units else []
        if len(fits) == 1:
            problems.append(Problem(rows.at[idx, "source_file"], int(rows.at[idx, "source_row"]), "unit_code", code,
                                    "một mã trong don_vi.csv", "warning",
                                    f"Mã đơn vị «{code}» viết khác danh mục đơn vị: tính vào đơn vị «{fits[0]}»."))
            rows.at[idx, "unit_code"] = fits[0]
    rejected = pd.Series(False, index=rows.index)

    def report(mask: pd.Series, column: str, expected: str, severity: str, message) -> None:
        nonlocal rejected
        for idx in rows.index[mask]:
            row = rows.loc[idx]
            text = message(row) if callable(message) else message
            problems.append(Problem(row["source_file"], int(row["source_row"]), column, row[column],
                                    expected, severity, text))
        if severity == "error":
            rejected |= mask

    # Identity and place: without them a row cannot be counted anywhere.
    report(rows["staff_id"] == "", "staff_id", "mã CBCCVC", "error", "Thiếu mã CBCCVC: dòng không được tính.")
    report((rows["unit_code"] != "") & ~rows["unit_code"].isin(known_units), "unit_code",
           "một mã trong don_vi.csv", "error",
           lambda r: f"Mã đơn vị «{r['unit_code']}» không có trong danh mục đơn vị (don_vi.csv): dòng không được tính.")
    report(rows["unit_code"] == "", "unit_code", "một mã trong don_vi.csv", "error",
           "Thiếu mã đơn vị: dòng không được tính.")

    category = rows["category"].map(category_of)
    report(category.isna(), "category", "Cán bộ / Công chức / Viên chức", "error",
           lambda r: "Thiếu đối tượng (Cán bộ / Công chức / Viên chức): dòng không được tính."
           if not r["category"] else f"Không nhận ra đối tượng «{r['category']}»: dòng không được tính.")

    flags = {}
    for column, meaning in (("is_leader", "lãnh đạo, quản lý"), ("needs_language", "yêu cầu sử dụng ngoại ngữ"),
                            ("specialized", "ngoại ngữ chuyên ngành")):
        parsed = rows[column].map(leader_flag(yes_no, values) if column == "is_leader" else yes_no)
        unparsed = parsed.isna()
        if column == "specialized" and unparsed.any():  # the same helper: one warning a file for a degree's major
            unparsed, per_file = degree_major_column(rows, unparsed)
            problems.extend(per_file)
        report(unparsed, column, "Có / Không", "warning",
               lambda r, c=column, m=meaning: f"Không hiểu giá trị «{r[c]}» ở cột {m}: coi là «Không».")
        flags[column] = parsed.fillna(False).astype(bool)

    birth = rows["birth_date"].map(lambda t: parse_date(t, reference_year=ref_date.year))
    birth_date = birth.map(lambda pair: pair[0])
    bad_birth = ~birth.map(lambda pair: pair[1])
    report(bad_birth, "birth_date", "dd/mm/yyyy hoặc năm sinh", "warning",
           lambda r: f"Ngày sinh «{r['birth_date']}» không hợp lệ: không tính được tuổi của người này.")
    future_birth = birth_date.map(lambda d: d is not None and d > ref_date)
    report(future_birth, "birth_date", "ngày trước ngày chốt số liệu", "warning",
           lambda r: f"Ngày sinh «{r['birth_date']}» sau ngày chốt số liệu: không tính được tuổi.")
    birth_date = birth_date.where(~future_birth, None)
    implausible = implausible_age(birth_date, ref_date, values["plausible_age"])
    report(implausible, "birth_date", age_expected(values["plausible_age"]), "warning",
           lambda r: age_message(r["birth_date"], values["plausible_age"]))
    birth_date = birth_date.where(~implausible, None)

    level = read_many(equivalences, rows["level"])
    unknown_level = level["level"].isna() & ~level["exempt"].astype(bool)
    report(unknown_level, "level", "Bậc 1–6, A1–C2 hoặc chứng chỉ trong bảng quy đổi", "warning",
           lambda r: f"Không nhận ra trình độ «{r['level']}»: coi như chưa có trình độ ngoại ngữ.")
    assumed = level["warning"].notna() & ~unknown_level
    for idx in rows.index[assumed]:
        row = rows.loc[idx]
        problems.append(Problem(row["source_file"], int(row["source_row"]), "level", row["level"],
                                "Bậc 1–6, A1–C2 hoặc chứng chỉ trong bảng quy đổi", "warning",
                                level.at[idx, "warning"]))
    # One line per file where no one with a level has a language name: the rule's own helper (as silent_columns)
    per_row, per_file = languageless(rows, level["level"].fillna(0).gt(0).to_numpy())
    report(pd.Series(per_row, index=rows.index), "language", "tên ngoại ngữ", "warning",
           "Có trình độ nhưng không ghi ngoại ngữ: vẫn tính (mọi ngoại ngữ đều được tính).")
    problems.extend(per_file)

    exempt_col = ~rows["exemption"].map(exemption_applies(values)).astype(bool)
    exempt = exempt_col | level["exempt"].astype(bool)
    unlisted = unlisted_exemption(values)
    report(rows["exemption"].map(unlisted).astype(bool), "exemption", "lý do không áp dụng theo Đề án", "warning",
           lambda r: exemption_message(r["exemption"]))

    _report_conflicts(rows, rejected, problems)
    rejected |= _conflict_mask(rows)
    problems.extend(silent_columns(rows, category, units, rejected, leader_posts(values)))
    problems.extend(_disagreements(as_written, reference, rejected, {
        "unit_code": rows["unit_code"], "category": category, "is_leader": flags["is_leader"],
        "needs_language": flags["needs_language"], "birth_date": pd.to_datetime(birth_date, errors="coerce")}))
    problems.extend(same_person_two_ids(rows, pd.to_datetime(birth_date, errors="coerce"), rejected, reference))

    typed = pd.DataFrame({
        "staff_id": rows["staff_id"],
        "full_name": rows["full_name"],
        "birth_date": pd.to_datetime(birth_date, errors="coerce"),
        "gender": rows["gender"].map(gender_of),
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
        "exemption": rows["exemption"].where(exempt_col, level["exempt"].map(
            lambda e: "Bằng đại học ngoại ngữ (theo cột trình độ)" if e else "")),
        "training_need": rows["training_need"],
        "training_mode": rows["training_mode"],
        "source_file": rows["source_file"],
        "source_row": rows["source_row"],
    })
    counted = typed[~rejected].reset_index(drop=True)
    files = _file_reports(load.rows_read | dict.fromkeys(load.unread, 0), rows["source_file"], rejected)
    problems.sort(key=lambda p: (p.file, p.row or 0, p.column or ""))
    return Validated(rows=counted, problems=problems, files=files)


def _first_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """For each staff ID, the first row seen (file order, then row order): the reference row."""
    return rows.drop_duplicates("staff_id", keep="first").set_index("staff_id")


def _conflict_mask(rows: pd.DataFrame) -> pd.Series:
    """Rows that claim a staff ID already used by another file or by another person."""
    with_id = rows["staff_id"] != ""
    first = _first_rows(rows[with_id])
    ref_file = rows["staff_id"].map(first["source_file"])
    ref_name = rows["staff_id"].map(first["full_name"].map(fold))
    other_file = with_id & (rows["source_file"] != ref_file)
    other_person = with_id & (rows["full_name"].map(fold) != ref_name)
    return other_file | other_person


def _report_conflicts(rows: pd.DataFrame, rejected: pd.Series, problems: list[Problem]) -> None:
    mask = _conflict_mask(rows)
    if not mask.any():
        return
    first = _first_rows(rows[rows["staff_id"] != ""])
    for idx in rows.index[mask]:
        row = rows.loc[idx]
        ref = first.loc[row["staff_id"]]
        problems.append(Problem(
            row["source_file"], int(row["source_row"]), "staff_id", row["staff_id"], "mã CBCCVC không trùng",
            "error",
            f"Mã CBCCVC «{row['staff_id']}» đã dùng cho «{ref['full_name']}» ở tệp «{ref['source_file']}» "
            f"dòng {int(ref['source_row'])}; dòng này («{row['full_name']}», tệp «{row['source_file']}») "
            "không được tính đến khi hai đơn vị thống nhất.",
            related_rows=(int(ref["source_row"]),)))


def _file_reports(rows_read: dict[str, int], source_file: pd.Series, rejected: pd.Series) -> list[FileReport]:
    reports = []
    for name, read in sorted(rows_read.items()):
        in_file = source_file == name
        loaded = int(in_file.sum())
        rejected_here = int((in_file & rejected).sum()) + (read - loaded)  # whole-file rejections
        reports.append(FileReport(name, read, read - rejected_here, rejected_here))
    return reports
