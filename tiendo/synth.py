"""Synthetic rosters of a fictional province (tỉnh Hà Sơn): the shipped example and benchmark data.

Deterministic for a seed; vectorised (no Python loop per person) so that millions of rows are
practical. Levels are written the many ways real rosters write them, and a handful of realistic
mistakes are planted in the last cycle so the data-quality page has something to show."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

PROVINCE = "Hà Sơn"
ROOT = "HS"

ROSTER_HEADERS = ["Mã CBCCVC", "Họ và tên", "Ngày sinh", "Giới tính", "Mã đơn vị", "Đối tượng", "Lãnh đạo, quản lý",
                  "Chức vụ", "Yêu cầu sử dụng ngoại ngữ", "Ngoại ngữ", "Trình độ ngoại ngữ", "Ngày cấp",
                  "Ngoại ngữ chuyên ngành", "Không áp dụng", "Nhu cầu bồi dưỡng", "Hình thức"]
UNIT_HEADERS = ["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Cấp", "Loại", "Lĩnh vực"]

DEPARTMENTS = [
    ("Văn phòng UBND tỉnh", "Cơ quan hành chính", ""), ("Sở Nội vụ", "Cơ quan hành chính", "Nội vụ"),
    ("Sở Giáo dục và Đào tạo", "Cơ quan hành chính", "Giáo dục"), ("Sở Y tế", "Cơ quan hành chính", "Y tế"),
    ("Sở Tài chính", "Cơ quan hành chính", "Tài chính"), ("Sở Ngoại vụ", "Cơ quan hành chính", "Ngoại vụ"),
    ("Sở Văn hóa, Thể thao và Du lịch", "Cơ quan hành chính", "Văn hóa"),
    ("Sở Nông nghiệp và Môi trường", "Cơ quan hành chính", "Nông nghiệp"),
    ("Sở Xây dựng", "Cơ quan hành chính", "Xây dựng"), ("Sở Tư pháp", "Cơ quan hành chính", "Tư pháp"),
    ("Sở Khoa học và Công nghệ", "Cơ quan hành chính", "Khoa học"), ("Sở Công Thương", "Cơ quan hành chính", "Công thương"),
    ("Văn phòng Tỉnh ủy", "Cơ quan Đảng, đoàn thể", ""), ("Ban Tổ chức Tỉnh ủy", "Cơ quan Đảng, đoàn thể", ""),
    ("Ủy ban Mặt trận Tổ quốc tỉnh", "Cơ quan Đảng, đoàn thể", ""), ("Thanh tra tỉnh", "Cơ quan hành chính", "Thanh tra"),
]
# Place-name syllables: no family names among them, so no unit name can contain a person's name.
PLACES_A = ["Đông", "Tây", "Nam", "Bắc", "Thượng", "Hạ", "Tân", "Phú", "Mỹ", "Vĩnh", "Thạnh", "Hòa", "Yên",
            "Kim", "Ngọc", "Thanh", "Thuận", "Phước", "Quảng", "Hưng"]
PLACES_B = ["Sơn", "Giang", "Khê", "Lộc", "Điền", "Xuân", "Thủy", "Lâm", "Phong", "Bình", "Thành", "Hải",
            "Hà", "Ninh", "Định", "Trạch", "Nguyên", "Châu", "Long", "Đức"]
DISTRICT_OFFICES = ["Phòng Nội vụ", "Phòng Tài chính - Kế hoạch", "Phòng Giáo dục và Đào tạo",
                    "Phòng Văn hóa, Khoa học và Thông tin", "Phòng Nông nghiệp và Môi trường"]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
          "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Đoàn", "Lương", "Cao", "Tô", "Mai", "Chu"]
FAMILY_P = np.array([31, 11, 9.5, 7, 5, 4, 4.5, 3.9, 3, 2.1, 2, 1.4, 1.3, 1.3, 1, 0.5, 0.6, 0.5, 0.4, 0.4, 0.4,
                     0.3, 0.3, 0.3])
MIDDLE = {"Nam": ["Văn", "Hữu", "Đức", "Minh", "Quang", "Thành", "Công", "Xuân", "Đình", "Ngọc"],
          "Nữ": ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Bích", "Thị", "Thị", "Mỹ", "Hồng"]}
GIVEN = {"Nam": ["Hùng", "Dũng", "Tuấn", "Minh", "Nam", "Hải", "Phong", "Quân", "Trung", "Khoa", "Cường", "Tâm",
                 "Thắng", "Toàn", "Việt", "Sơn", "Hiếu", "Nghĩa", "Phúc", "Khánh", "Huy", "Đạt", "Lợi", "Tín"],
         "Nữ": ["Lan", "Hương", "Hoa", "Mai", "Linh", "Trang", "Hằng", "Nga", "Thảo", "Yến", "Vân", "Hạnh", "Oanh",
                "Nhung", "Thủy", "Dung", "Phượng", "Quyên", "Diệp", "Uyên", "Ngân", "Châu", "Trinh", "Loan"]}

# Best-level distributions (bậc 0…6) by kind of person: the example lands near the plan's targets.
LEVEL_P = {
    "cbcc": [0.22, 0.09, 0.16, 0.31, 0.17, 0.04, 0.01],
    "vien_chuc": [0.12, 0.05, 0.10, 0.25, 0.38, 0.08, 0.02],
    "xa": [0.38, 0.15, 0.20, 0.19, 0.06, 0.02, 0.00],
}
LANGUAGES = ["Tiếng Anh", "Tiếng Trung", "Tiếng Pháp", "Tiếng Nhật", "Tiếng Hàn", "Tiếng Nga", "Tiếng Khmer", "Tiếng Lào"]
LANGUAGE_P = np.array([0.86, 0.04, 0.03, 0.025, 0.025, 0.01, 0.005, 0.005])
ROMAN = ["", "I", "II", "III", "IV", "V", "VI"]
CEFR = ["", "A1", "A2", "B1", "B2", "C1", "C2"]


@dataclass(frozen=True)
class SynthSummary:
    cycles: list[str]
    units: int
    staff: int
    roster_rows: int
    files: list[str]


# -- the unit tree ---------------------------------------------------------------------------------
def _place_names(count: int, rng: np.random.Generator) -> list[str]:
    pairs = [f"{a} {b}" for a in PLACES_A for b in PLACES_B]
    order = rng.permutation(len(pairs))
    names = [pairs[i] for i in order]
    while len(names) < count:  # very large trees: numbered names
        names += [f"{p} {len(names) // len(pairs) + 1}" for p in names[: len(pairs)]]
    return names[:count]


def build_units(n_units: int, rng: np.random.Generator) -> pd.DataFrame:
    """A province: departments with their public service units, districts with offices,
    schools, a health centre and communes. Columns: code, name, parent, tier, type, field, kind."""
    rows = [(ROOT, f"UBND tỉnh {PROVINCE}", "", "Tỉnh", "Cơ quan hành chính", "", "admin_tinh")]
    n_departments = min(len(DEPARTMENTS), max(6, n_units // 25))
    n_districts = max(3, n_units // 45)
    places = iter(_place_names(n_units * 2 + 50, rng))
    budget = n_units - 1 - n_departments - n_districts
    dept_services = max(3, int(budget * 0.15))
    for i, (name, kind, field) in enumerate(DEPARTMENTS[:n_departments], start=1):
        rows.append((f"{ROOT}.S{i:02d}", name, ROOT, "Tỉnh", kind, field, "admin_tinh"))
    # public service units of the departments: schools, hospitals, centres
    departments = {name: f"{ROOT}.S{i:02d}" for i, (name, _, _) in enumerate(DEPARTMENTS[:n_departments], start=1)}
    for j in range(dept_services):
        roll = j % 4
        if roll in (0, 1) and "Sở Giáo dục và Đào tạo" in departments:
            parent, name, field = departments["Sở Giáo dục và Đào tạo"], f"Trường THPT {next(places)}", "Giáo dục"
        elif roll == 2 and "Sở Y tế" in departments:
            parent, name, field = departments["Sở Y tế"], f"Bệnh viện Đa khoa khu vực {next(places)}", "Y tế"
        else:
            parent = list(departments.values())[j % n_departments]
            name, field = f"Trung tâm Dịch vụ công {next(places)}", ""
        rows.append((f"{parent}.{j + 1:03d}", name, parent, "Tỉnh", "Đơn vị sự nghiệp", field, "service"))
    remaining = n_units - len(rows) - n_districts
    per_district = max(4, remaining // n_districts)
    for d in range(1, n_districts + 1):
        code = f"{ROOT}.H{d:02d}"
        place = next(places)
        label = "thành phố" if d == 1 else ("thị xã" if d == 2 else "huyện")
        rows.append((code, f"UBND {label} {place}", ROOT, "Huyện", "Cơ quan hành chính", "", "admin_huyen"))
        slots = per_district if d < n_districts else max(4, n_units - len(rows))
        n_offices = min(len(DISTRICT_OFFICES), max(1, slots // 6))
        n_schools = max(1, slots // 4)
        n_communes = max(1, slots - n_offices - n_schools - 1)
        for k, office in enumerate(DISTRICT_OFFICES[:n_offices], start=1):
            rows.append((f"{code}.P{k}", f"{office} {label} {place}", code, "Huyện", "Cơ quan hành chính", "", "admin_huyen"))
        rows.append((f"{code}.YT", f"Trung tâm Y tế {label} {place}", code, "Huyện", "Đơn vị sự nghiệp", "Y tế", "service"))
        for k in range(1, n_schools + 1):
            school = "Trường THCS" if k % 2 else "Trường Tiểu học"
            rows.append((f"{code}.T{k:02d}", f"{school} {next(places)}", code, "Huyện", "Đơn vị sự nghiệp",
                         "Giáo dục", "service"))
        for k in range(1, n_communes + 1):
            kind = "phường" if (d == 1 and k % 2) else ("thị trấn" if k == 1 else "xã")
            rows.append((f"{code}.X{k:02d}", f"UBND {kind} {next(places)}", code, "Xã", "Cơ quan hành chính", "", "commune"))
    return pd.DataFrame(rows, columns=["code", "name", "parent", "tier", "type", "field", "kind"])


# -- people ----------------------------------------------------------------------------------------
_KIND_WEIGHT = {"admin_tinh": 22.0, "admin_huyen": 9.0, "service": 26.0, "commune": 18.0}


def _choice(rng, options, size, p=None):
    p = None if p is None else np.asarray(p, dtype=float) / np.sum(p)
    return np.asarray(options, dtype=object)[rng.choice(len(options), size=size, p=p)]


def _people(units: pd.DataFrame, staff: int, ref: date, rng: np.random.Generator, first_id: int = 1) -> pd.DataFrame:
    weights = units["kind"].map(_KIND_WEIGHT).to_numpy() * rng.uniform(0.5, 1.5, len(units))
    weights[units["code"] == ROOT] = 4
    counts = rng.multinomial(staff, weights / weights.sum())
    unit_index = np.repeat(np.arange(len(units)), counts)
    n = len(unit_index)
    kind = units["kind"].to_numpy()[unit_index]
    people = pd.DataFrame({"unit_code": units["code"].to_numpy()[unit_index], "kind": kind,
                           "unit_name": units["name"].to_numpy()[unit_index],
                           "field": units["field"].to_numpy()[unit_index]})
    people["staff_id"] = [f"{ROOT}{i:07d}" for i in range(first_id, first_id + n)]
    service = kind == "service"
    commune = kind == "commune"
    female_p = np.where(service, 0.62, 0.42)
    people["gender"] = np.where(rng.random(n) < female_p, "Nữ", "Nam")
    category = np.where(service, "Viên chức", np.where(rng.random(n) < np.where(commune, 0.5, 0.12), "Cán bộ", "Công chức"))
    people["category"] = category
    people["is_leader"] = rng.random(n) < np.where(commune, 0.2, np.where(service, 0.09, 0.16))
    age = np.clip(rng.normal(41, 9, n), 23, 59.9)
    age = np.where(people["is_leader"], np.clip(age + 4, 28, 59.9), age)
    people["birth"] = [ref - timedelta(days=int(a * 365.25)) for a in age]
    people["needs_language"] = commune & (rng.random(n) < 0.32) | (people["unit_name"].str.contains("Ngoại vụ|Du lịch"))
    group = np.where(service, "vien_chuc", np.where(commune, "xa", "cbcc"))
    level = np.zeros(n, dtype=int)
    for key, p in LEVEL_P.items():
        mask = group == key
        level[mask] = rng.choice(7, size=mask.sum(), p=p)
    younger = (age < 35) & (level < 6) & (rng.random(n) < 0.15)  # recent graduates hold more certificates
    level = level + younger
    people["level"] = level
    people["language"] = np.where(level > 0, _choice(rng, LANGUAGES, n, LANGUAGE_P), "")
    people["specialized"] = (level >= 3) & (rng.random(n) < np.where(service, 0.22, 0.12))
    exempt_p = np.where(people["unit_name"].str.contains("Ngoại vụ"), 0.3, np.where(service, 0.035, 0.012))
    exempt = rng.random(n) < exempt_p
    people["exemption"] = np.where(
        exempt, np.where(people["unit_name"].str.contains("Ngoại vụ"), "Công chức làm công tác ngoại vụ",
                         np.where(people["unit_name"].str.startswith("Trường"), "Giáo viên ngoại ngữ",
                                  _choice(rng, ["Có bằng đại học ngoại ngữ", "Tốt nghiệp đại học ở nước ngoài"], n))), "")
    people.loc[exempt, "level"] = np.maximum(people.loc[exempt, "level"], 5)
    people.loc[exempt & (people["language"] == ""), "language"] = "Tiếng Anh"
    people["full_name"] = _names(people["gender"].to_numpy(), rng)
    people["position"] = _positions(people, rng)
    return people.drop(columns=["kind", "unit_name", "field"])


def _names(gender: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    n = len(gender)
    family = _choice(rng, FAMILY, n, FAMILY_P)
    names = np.empty(n, dtype=object)
    for g in ("Nam", "Nữ"):
        mask = gender == g
        m = int(mask.sum())
        middle = _choice(rng, MIDDLE[g], m)
        given = _choice(rng, GIVEN[g], m)
        second = np.where(rng.random(m) < 0.35, _choice(rng, GIVEN[g], m) + " ", "")
        names[mask] = family[mask] + " " + middle + " " + second + given
    return names


def _positions(people: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    n = len(people)
    out = np.empty(n, dtype=object)
    leader = people["is_leader"].to_numpy()
    name = people["unit_name"].to_numpy()
    school = pd.Series(name).str.startswith("Trường").to_numpy()
    health = pd.Series(name).str.contains("Bệnh viện|Y tế").to_numpy()
    commune = pd.Series(name).str.contains("^UBND (?:xã|phường|thị trấn)").to_numpy()
    options = [
        (leader & school, ["Hiệu trưởng", "Phó Hiệu trưởng", "Tổ trưởng chuyên môn"]),
        (leader & health, ["Giám đốc", "Phó Giám đốc", "Trưởng khoa"]),
        (leader & commune, ["Chủ tịch UBND", "Phó Chủ tịch UBND", "Bí thư Đảng ủy"]),
        (leader, ["Giám đốc", "Phó Giám đốc", "Trưởng phòng", "Phó Trưởng phòng"]),
        (school, ["Giáo viên", "Giáo viên", "Nhân viên thiết bị", "Kế toán"]),
        (health, ["Bác sĩ", "Điều dưỡng", "Dược sĩ", "Kỹ thuật viên"]),
        (commune, ["Công chức Văn phòng - Thống kê", "Công chức Tư pháp - Hộ tịch", "Công chức Địa chính - Xây dựng",
                   "Công chức Văn hóa - Xã hội", "Công chức Tài chính - Kế toán"]),
        (np.ones(n, dtype=bool), ["Chuyên viên", "Chuyên viên chính", "Cán sự", "Kế toán viên"]),
    ]
    filled = np.zeros(n, dtype=bool)
    for mask, choices in options:
        take = mask & ~filled
        out[take] = _choice(rng, choices, int(take.sum()))
        filled |= take
    return out


def _advance(people: pd.DataFrame, units: pd.DataFrame, ref: date, rng: np.random.Generator,
             next_id: int) -> pd.DataFrame:
    """One year later: a few leave, a few join, some move up a level."""
    n = len(people)
    stay = rng.random(n) > 0.03
    moved = people[stay].copy()
    up = (moved["level"] < 6) & (rng.random(len(moved)) < 0.12)
    moved.loc[up, "level"] += 1
    moved.loc[up & (moved["language"] == ""), "language"] = "Tiếng Anh"
    moved["upgraded"] = up
    joiners = _people(units, max(1, int(n * 0.04)), ref, rng, first_id=next_id)
    joiners["upgraded"] = False
    return pd.concat([moved, joiners], ignore_index=True)


# -- how a level is written --------------------------------------------------------------------------
_IELTS = {3: ["4.0", "4.5", "5.0"], 4: ["5.5", "6.0", "6.5"], 5: ["7.0", "7.5", "8.0"], 6: ["8.5", "9.0"]}
_TOEIC = {3: ["450", "500", "550", "595"], 4: ["600", "650", "700", "785"], 5: ["850", "905", "950"]}
_TOEFL = {3: ["35", "42"], 4: ["61", "72", "85"], 5: ["98", "105"], 6: ["116"]}


def _spellings(language: str, level: int) -> list[str]:
    if level == 0:
        return ["", "", "Chưa có"]
    general = [f"Bậc {level}", f"bậc {ROMAN[level]}", str(level), CEFR[level], f"Bậc {level}/6",
               f"bậc {level} ({CEFR[level]})"]
    if language == "Tiếng Anh":
        extra = []
        if 3 <= level <= 5:
            extra += [f"VSTEP {CEFR[level]}"]
        if level in _IELTS:
            extra += [f"IELTS {s}" for s in _IELTS[level]]
        if level in _TOEIC:
            extra += [f"TOEIC {s}" for s in _TOEIC[level]]
        if level in _TOEFL:
            extra += [f"TOEFL iBT {s}" for s in _TOEFL[level]]
        if level <= 3:
            extra += [f"Chứng chỉ {'ABC'[level - 1]}"]
        return general * 2 + extra
    if language == "Tiếng Trung" and level >= 3:
        return [f"HSK {level}", f"HSK {level}", f"Bậc {level}"]
    if language == "Tiếng Nhật" and level >= 3:
        return [f"JLPT N{7 - level}", f"JLPT N{7 - level}", f"Bậc {level}"]
    if language == "Tiếng Hàn" and level >= 3:
        return [f"TOPIK {level}", f"Bậc {level}"]
    if language == "Tiếng Pháp" and level >= 3:
        return {3: ["DELF B1", "Bậc 3"], 4: ["DELF B2", "Bậc 4"], 5: ["DALF C1", "Bậc 5"], 6: ["DALF C2"]}[level]
    if language == "Tiếng Nga" and level >= 3:
        return [f"TRKI-{level - 2}", f"Bậc {level}"]
    return general


def _level_texts(language: np.ndarray, level: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    out = np.empty(len(level), dtype=object)
    keys = pd.Series(list(zip(language, level)))
    for (lang, lvl), index in keys.groupby(keys).groups.items():
        options = _spellings(lang, int(lvl))
        out[np.asarray(index)] = _choice(rng, options, len(index))
    return out


# -- rows ------------------------------------------------------------------------------------------------
def _roster_rows(people: pd.DataFrame, ref: date, rng: np.random.Generator) -> pd.DataFrame:
    n = len(people)
    fmt = lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}"  # noqa: E731
    rows = pd.DataFrame({
        "Mã CBCCVC": people["staff_id"].to_numpy(),
        "Họ và tên": people["full_name"].to_numpy(),
        "Ngày sinh": [fmt(d) for d in people["birth"]],
        "Giới tính": people["gender"].to_numpy(),
        "Mã đơn vị": people["unit_code"].to_numpy(),
        "Đối tượng": people["category"].to_numpy(),
        "Lãnh đạo, quản lý": np.where(people["is_leader"], "Có", np.where(rng.random(n) < 0.3, "", "Không")),
        "Chức vụ": people["position"].to_numpy(),
        "Yêu cầu sử dụng ngoại ngữ": np.where(people["needs_language"], "Có", np.where(rng.random(n) < 0.4, "", "Không")),
        "Ngoại ngữ": people["language"].to_numpy(),
        "Trình độ ngoại ngữ": _level_texts(people["language"].to_numpy(), people["level"].to_numpy(), rng),
        "Ngày cấp": np.where(people["level"] > 0,
                             [fmt(ref - timedelta(days=int(d))) for d in rng.integers(60, 3000, n)], ""),
        "Ngoại ngữ chuyên ngành": np.where(people["specialized"], "Có", np.where(people["level"] > 0, "Không", "")),
        "Không áp dụng": people["exemption"].to_numpy(),
    })
    below = (people["level"].to_numpy() < 4) & (people["exemption"].to_numpy() == "") & (rng.random(n) < 0.3)
    rows["Nhu cầu bồi dưỡng"] = np.where(below, "Bậc " + np.maximum(people["level"].to_numpy() + 1, 3).astype(str), "")
    rows["Hình thức"] = np.where(below, np.where(rng.random(n) < 0.6, "Trực tiếp", "Trực tuyến"), "")
    # ~6 % hold a second language: a second row, usually at a lower level.
    second = (people["level"].to_numpy() >= 2) & (rng.random(n) < 0.06)
    extra = rows[second].copy()
    second_level = np.maximum(people["level"].to_numpy()[second] - rng.integers(0, 3, int(second.sum())), 1)
    second_lang = np.where(people["language"].to_numpy()[second] == "Tiếng Anh",
                           _choice(rng, LANGUAGES[1:6], int(second.sum())), "Tiếng Anh")
    extra["Ngoại ngữ"] = second_lang
    extra["Trình độ ngoại ngữ"] = _level_texts(second_lang, second_level, rng)
    extra["Ngoại ngữ chuyên ngành"] = "Không"
    extra["Nhu cầu bồi dưỡng"] = ""
    extra["Hình thức"] = ""
    rows = pd.concat([rows, extra], ignore_index=True)
    return rows.sort_values(["Mã đơn vị", "Mã CBCCVC"], kind="stable").reset_index(drop=True)


def _plant_problems(rows: pd.DataFrame) -> pd.DataFrame:
    """A handful of mistakes offices really meet, each in a different agency's file."""
    rows = rows.copy()
    agency = rows["_agency"]
    agencies = sorted(set(agency), key=lambda a: (-int((agency == a).sum()), a))
    pick = lambda k: rows.index[agency == agencies[k % len(agencies)]][1]  # noqa: E731
    rows.loc[pick(0), "Mã đơn vị"] = f"{ROOT}.X99"  # a unit not in don_vi.csv
    rows.loc[pick(1), "Trình độ ngoại ngữ"] = "giao tiếp tốt"  # a level nobody can convert
    rows.loc[pick(2), "Đối tượng"] = ""  # no category
    rows.loc[pick(3), "Ngày sinh"] = "31/02/1985"  # an impossible date
    # one staff ID given to a second person in another agency's file
    duplicate = rows.loc[pick(4)].copy()
    target = pick(5)
    duplicate["Họ và tên"] = rows.loc[target, "Họ và tên"]
    duplicate["Mã đơn vị"] = rows.loc[target, "Mã đơn vị"]
    duplicate["_agency"] = rows.loc[target, "_agency"]
    rows = pd.concat([rows, duplicate.to_frame().T], ignore_index=True)
    return rows


def _agency_of(codes: pd.Series) -> pd.Series:
    """The top-level agency (child of the root) of each unit code: its file."""
    return codes.str.split(".").str[:2].str.join(".")


def generate(out_dir, *, seed: int = 1, staff: int = 3000, units: int | None = None, cycles: int = 2,
             last_cycle: str = "2025-06-30", inject_problems: bool = True) -> SynthSummary:
    out = Path(out_dir)
    rng = np.random.default_rng(seed)
    n_units = units or max(40, staff // 12)
    tree = build_units(n_units, rng)
    last = date.fromisoformat(last_cycle)
    refs = [date(last.year - (cycles - 1 - i), last.month, last.day) for i in range(cycles)]
    people = _people(tree, staff, refs[0], rng)
    next_id = len(people) + 1
    files: list[str] = []
    rows_written = 0
    for position, ref in enumerate(refs):
        if position:
            people = _advance(people, tree, ref, rng, next_id)
            next_id = int(people["staff_id"].str[len(ROOT):].astype(int).max()) + 1
        folder = out / ref.isoformat()
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.csv"):
            stale.unlink()
        units_table = tree[["code", "name", "parent", "tier", "type", "field"]].copy()
        units_table.columns = UNIT_HEADERS
        units_table.to_csv(folder / "don_vi.csv", index=False, encoding="utf-8-sig", lineterminator="\n")
        files.append(str((folder / "don_vi.csv").relative_to(out)))
        rows = _roster_rows(people, ref, rng)
        rows["_agency"] = _agency_of(rows["Mã đơn vị"])
        if inject_problems and position == len(refs) - 1:
            rows = _plant_problems(rows)
        for name, part in rows.groupby("_agency", sort=True):
            path = folder / f"{name}.csv"
            part.drop(columns="_agency").to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
            files.append(str(path.relative_to(out)))
        rows_written = len(rows)
    return SynthSummary([r.isoformat() for r in refs], len(tree), int(len(people)), rows_written, files)
