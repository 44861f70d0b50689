"""Synthetic rosters: the shipped example (a fictional province, tỉnh Hà Sơn) and benchmark data.

Two shapes: `province` (one province with departments, districts and communes; the example) and
`country` (the national roll-up of 34 provinces; from 1 July 2025 tiers tỉnh and xã only, older
cycles still have districts, with a don_vi_chuyen_doi.csv saying which commune took each over).
Deterministic for a seed; vectorised (no Python loop per person) so that millions of rows are
practical. Levels are written the many ways real rosters write them, and a handful of realistic
mistakes are planted in the last cycle so the data-quality page has something to show."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tiendo.compute.columns import runs_begin

PROVINCE = "Hà Sơn"
ROOT = "HS"
SHAPES = ("province", "country")
LAST_CYCLE = {"province": "2025-06-30", "country": "2025-12-31"}

# The country shape: root = the national roll-up (no staff of its own), 34 provinces and cities.
COUNTRY_ROOT = "VN"
COUNTRY_NAME = "Cả nước (34 tỉnh, thành phố)"
PROVINCES = 34
CITIES = 6  # centrally-run cities (thành phố trực thuộc trung ương) among them
REFORM = date(2025, 7, 1)  # two-tier local government: no district tier from this date
CHANGE_HEADERS = ["Mã đơn vị cũ", "Mã đơn vị mới", "Ngày"]
COMMUNE_SCHOOLS = ["Trường Mầm non", "Trường Tiểu học", "Trường THCS"]

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


def _service_units(departments: dict[str, str], count: int, places) -> list[tuple]:
    """`count` public service units of the departments (name → code), in turn: two upper secondary
    schools under the education department, a regional hospital under the health department, a
    service centre under one of the departments (also in place of a school or hospital whose
    department is missing). Takes one name from `places` per unit."""
    codes = list(departments.values())
    rows = []
    for j in range(count):
        roll = j % 4
        if roll in (0, 1) and "Sở Giáo dục và Đào tạo" in departments:
            parent, name, field = departments["Sở Giáo dục và Đào tạo"], f"Trường THPT {next(places)}", "Giáo dục"
        elif roll == 2 and "Sở Y tế" in departments:
            parent, name, field = departments["Sở Y tế"], f"Bệnh viện Đa khoa khu vực {next(places)}", "Y tế"
        else:
            parent = codes[j % len(codes)]
            name, field = f"Trung tâm Dịch vụ công {next(places)}", ""
        rows.append((f"{parent}.{j + 1:03d}", name, parent, "Tỉnh", "Đơn vị sự nghiệp", field, "service"))
    return rows


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
    rows += _service_units(departments, dept_services, places)
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


def _in_province(name: str, label: str, place: str) -> str:
    """A department's name in a given province: "Sở Nội vụ tỉnh Đông Sơn", "Văn phòng Thành ủy Tây Giang"."""
    if "Tỉnh ủy" in name:
        return name.replace("Tỉnh ủy", f"{'Thành ủy' if label == 'thành phố' else 'Tỉnh ủy'} {place}")
    if name.endswith(" tỉnh"):
        return f"{name[:-len(' tỉnh')]} {label} {place}"
    return f"{name} {label} {place}"


def build_country(n_units: int, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]:
    """The country after the 1 July 2025 reform and before it: (today's tree, the old tree, old code →
    new code). Today: the national roll-up, 34 provinces and cities, each with its departments and
    their public service units, and its communes with their schools (about 28 % of the units are
    communes: ≈ 3,300 for 12,000 units). Before: the same, plus districts (tier Huyện) with a few
    offices between each province and its communes; each district's units went to one of its
    communes. `n_units` counts today's units."""
    root = (COUNTRY_ROOT, COUNTRY_NAME, "", "Trung ương", "Cơ quan hành chính", "", "root")
    n_provinces = min(PROVINCES, max(1, (n_units - 1) // 8))
    places = iter(_place_names(n_units * 2 + 50, rng))
    today, before, mapping = [root], [root], {}
    for p in range(1, n_provinces + 1):
        budget = (n_units - 1) // n_provinces + (1 if p <= (n_units - 1) % n_provinces else 0)
        code, label, place = f"{COUNTRY_ROOT}.T{p:02d}", "thành phố" if p <= CITIES else "tỉnh", next(places)
        province = [(code, f"UBND {label} {place}", COUNTRY_ROOT, "Tỉnh", "Cơ quan hành chính", "",
                     "admin_tinh")]
        n_departments = min(len(DEPARTMENTS), max(2, budget // 22))
        n_communes = max(1, round(budget * 0.28))
        n_services = max(0, budget - 1 - n_departments - n_communes)
        departments = {}
        for i, (name, kind, field) in enumerate(DEPARTMENTS[:n_departments], start=1):
            departments[name] = f"{code}.S{i:02d}"
            province.append((departments[name], _in_province(name, label, place), code, "Tỉnh", kind, field,
                             "admin_tinh"))
        dept_services = n_services * 35 // 100
        province += _service_units(departments, dept_services, places)
        communes, schools = [], []
        for k in range(1, n_communes + 1):
            kind = "phường" if k % 3 == 0 else ("đặc khu" if k == n_communes and p % 5 == 0 else "xã")
            communes.append((f"{code}.X{k:03d}", f"UBND {kind} {next(places)}", code, "Xã", "Cơ quan hành chính", "",
                             "commune"))
        for m in range(n_services - dept_services):
            commune = communes[m % n_communes][0]
            school = COMMUNE_SCHOOLS[(m // n_communes) % len(COMMUNE_SCHOOLS)]
            schools.append((f"{commune}.T{m // n_communes + 1:02d}", f"{school} {next(places)}", commune, "Xã",
                            "Đơn vị sự nghiệp", "Giáo dục", "service"))
        today += province + communes + schools
        # Before the reform: districts between the province and its communes, each with offices.
        n_districts = max(1, n_communes // 5)
        districts, old_communes = [], []
        for d in range(1, n_districts + 1):
            members = [c for i, c in enumerate(communes) if i * n_districts // n_communes == d - 1]
            district, place = f"{code}.H{d:02d}", next(places)
            kind = "thành phố" if d == 1 else ("thị xã" if d == 2 else "huyện")
            districts.append((district, f"UBND {kind} {place}", code, "Huyện", "Cơ quan hành chính", "",
                              "admin_huyen"))
            mapping[district] = members[0][0]
            for i, office in enumerate(DISTRICT_OFFICES[:3], start=1):
                districts.append((f"{district}.P{i}", f"{office} {kind} {place}", district, "Huyện",
                                  "Cơ quan hành chính", "", "admin_huyen"))
                mapping[f"{district}.P{i}"] = members[i % len(members)][0]
            old_communes += [(c[0], c[1], district, *c[3:]) for c in members]
        before += province + districts + old_communes + schools
    columns = ["code", "name", "parent", "tier", "type", "field", "kind"]
    return pd.DataFrame(today, columns=columns), pd.DataFrame(before, columns=columns), mapping


# -- people ----------------------------------------------------------------------------------------
_KIND_WEIGHT = {"admin_tinh": 22.0, "admin_huyen": 9.0, "service": 26.0, "commune": 18.0}


def _choice(rng, options, size, p=None):
    p = None if p is None else np.asarray(p, dtype=float) / np.sum(p)
    return np.asarray(options, dtype=object)[rng.choice(len(options), size=size, p=p)]


def _people(units: pd.DataFrame, staff: int, ref: date, rng: np.random.Generator, first_id: int = 1,
            root: str = ROOT, root_weight: float = 4) -> pd.DataFrame:
    weights = units["kind"].map(_KIND_WEIGHT).fillna(0).to_numpy() * rng.uniform(0.5, 1.5, len(units))
    weights[(units["code"] == root).to_numpy()] = root_weight
    counts = rng.multinomial(staff, weights / weights.sum())
    unit_index = np.repeat(np.arange(len(units)), counts)
    n = len(unit_index)
    kind = units["kind"].to_numpy()[unit_index]
    # Name tests once per unit, not once per person.
    unit_names = units["name"].astype(str)
    per_unit = pd.DataFrame({"needs": unit_names.str.contains("Ngoại vụ|Du lịch").to_numpy(),
                             "foreign": unit_names.str.contains("Ngoại vụ").to_numpy(),
                             "school": unit_names.str.startswith("Trường").to_numpy()})
    people = pd.DataFrame({"unit_code": units["code"].astype("str").array.take(unit_index), "kind": kind,
                           "unit_name": unit_names.array.take(unit_index),
                           "field": units["field"].astype("str").array.take(unit_index)})
    people["staff_id"] = _staff_ids(root, first_id, n)
    service = kind == "service"
    commune = kind == "commune"
    female_p = np.where(service, 0.62, 0.42)
    people["gender"] = np.where(rng.random(n) < female_p, "Nữ", "Nam")
    category = np.where(service, "Viên chức", np.where(rng.random(n) < np.where(commune, 0.5, 0.12), "Cán bộ", "Công chức"))
    people["category"] = category
    people["is_leader"] = rng.random(n) < np.where(commune, 0.2, np.where(service, 0.09, 0.16))
    age = np.clip(rng.normal(41, 9, n), 23, 59.9)
    age = np.where(people["is_leader"], np.clip(age + 4, 28, 59.9), age)
    # Birth date as a day number (date.toordinal): int(a * 365.25) days before the reference date.
    people["birth"] = ref.toordinal() - (age * 365.25).astype(np.int64)
    people["needs_language"] = commune & (rng.random(n) < 0.32) | per_unit["needs"].to_numpy()[unit_index]
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
    foreign = per_unit["foreign"].to_numpy()[unit_index]
    exempt_p = np.where(foreign, 0.3, np.where(service, 0.035, 0.012))
    exempt = rng.random(n) < exempt_p
    people["exemption"] = np.where(
        exempt, np.where(foreign, "Công chức làm công tác ngoại vụ",
                         np.where(per_unit["school"].to_numpy()[unit_index], "Giáo viên ngoại ngữ",
                                  _choice(rng, ["Có bằng đại học ngoại ngữ", "Tốt nghiệp đại học ở nước ngoài"], n))), "")
    people.loc[exempt, "level"] = np.maximum(people.loc[exempt, "level"], 5)
    people.loc[exempt & (people["language"] == ""), "language"] = "Tiếng Anh"
    people["full_name"] = _names(people["gender"].to_numpy(), rng)
    people["position"] = _positions(people, rng)
    return people.drop(columns=["kind", "unit_name", "field"])


def _staff_ids(root: str, first: int, n: int) -> pd.Series:
    """root + the number on 7 digits (more when needed), as f"{root}{i:07d}" would write it."""
    numbers = pd.Series(np.arange(first, first + n), dtype="int64").astype("str")
    return root + numbers.str.zfill(7)


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
    index, names = pd.factorize(people["unit_name"])  # tests once per unit name
    names = pd.Series(names, dtype="str")
    school = names.str.startswith("Trường").to_numpy()[index]
    health = names.str.contains("Bệnh viện|Y tế").to_numpy()[index]
    commune = names.str.contains("^UBND (?:xã|phường|thị trấn|đặc khu)").to_numpy()[index]
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
             next_id: int, **where) -> tuple[pd.DataFrame, int]:
    """One year later: a few leave, a few join, some move up a level. Returns the people and the
    next free staff number (the joiners have the highest)."""
    n = len(people)
    stay = rng.random(n) > 0.03
    moved = people[stay].copy()
    up = (moved["level"] < 6) & (rng.random(len(moved)) < 0.12)
    moved.loc[up, "level"] += 1
    moved.loc[up & (moved["language"] == ""), "language"] = "Tiếng Anh"
    moved["upgraded"] = up
    joiners = _people(units, max(1, int(n * 0.04)), ref, rng, first_id=next_id, **where)
    joiners["upgraded"] = False
    return pd.concat([moved, joiners], ignore_index=True), next_id + len(joiners)


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


def _level_texts(language: pd.Series | np.ndarray, level: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A spelling for each (language, level), drawn group by group in (language, level) order."""
    out = np.empty(len(level), dtype=object)
    codes, languages = pd.factorize(language if isinstance(language, pd.Series) else pd.Series(language), sort=True)
    key = codes.astype(np.int64) * 8 + np.asarray(level, dtype=np.int64)
    order = np.argsort(key, kind="stable")
    bounds = np.flatnonzero(runs_begin(key[order]))[1:]  # where each (language, level) group after the first begins
    for index in np.split(order, bounds) if len(order) else []:
        lang, lvl = languages[key[index[0]] // 8], int(key[index[0]] % 8)
        out[index] = _choice(rng, _spellings(lang, lvl), len(index))
    return out


def _day_texts(days: np.ndarray) -> np.ndarray:
    """Day numbers (date.toordinal) → "dd/mm/yyyy"; each distinct day formatted once."""
    unique, inverse = np.unique(days, return_inverse=True)
    texts = np.array([f"{d.day:02d}/{d.month:02d}/{d.year}" for d in map(date.fromordinal, unique.tolist())],
                     dtype=object)
    return texts[inverse.reshape(-1)]


# -- rows ------------------------------------------------------------------------------------------------
def _roster_rows(people: pd.DataFrame, ref: date, rng: np.random.Generator) -> pd.DataFrame:
    n = len(people)
    rows = pd.DataFrame({
        "Mã CBCCVC": people["staff_id"].array,
        "Họ và tên": people["full_name"].array,
        "Ngày sinh": _day_texts(people["birth"].to_numpy()),
        "Giới tính": people["gender"].array,
        "Mã đơn vị": people["unit_code"].array,
        "Đối tượng": people["category"].array,
        "Lãnh đạo, quản lý": np.where(people["is_leader"], "Có", np.where(rng.random(n) < 0.3, "", "Không")),
        "Chức vụ": people["position"].array,
        "Yêu cầu sử dụng ngoại ngữ": np.where(people["needs_language"], "Có", np.where(rng.random(n) < 0.4, "", "Không")),
        "Ngoại ngữ": people["language"].array,
        "Trình độ ngoại ngữ": _level_texts(people["language"], people["level"].to_numpy(), rng),
        "Ngày cấp": np.where(people["level"] > 0, _day_texts(ref.toordinal() - rng.integers(60, 3000, n)), ""),
        "Ngoại ngữ chuyên ngành": np.where(people["specialized"], "Có", np.where(people["level"] > 0, "Không", "")),
        "Không áp dụng": people["exemption"].array,
    })
    below = (people["level"].to_numpy() < 4) & (people["exemption"] == "").to_numpy() & (rng.random(n) < 0.3)
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


def _plant_problems(rows: pd.DataFrame, root: str = ROOT) -> pd.DataFrame:
    """A handful of mistakes offices really meet, each in a different agency's file."""
    rows = rows.copy()
    agency = rows["_agency"]
    sizes = agency.value_counts()
    agencies = sorted(sizes.index, key=lambda a: (-int(sizes[a]), a))
    pick = lambda k: rows.index[agency == agencies[k % len(agencies)]][1]  # noqa: E731
    rows.loc[pick(0), "Mã đơn vị"] = f"{root}.X99"  # a unit not in don_vi.csv
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
    """The top-level agency (child of the root) of each unit code: its file. Worked out once per
    distinct code."""
    index, unique = pd.factorize(codes)
    agencies = pd.Series(unique, dtype="str").str.split(".").str[:2].str.join(".").to_numpy()
    return pd.Series(agencies[index], index=codes.index, dtype="str")


# -- writing -------------------------------------------------------------------------------------------
def _csv_field(values: pd.Series) -> pa.Array:
    """One column as CSV text the way pandas' to_csv writes it (Python's csv, QUOTE_MINIMAL with
    "\n" line ends): quoted when it holds a comma, a quote or a line feed; missing = empty."""
    if isinstance(values.dtype, pd.StringDtype):  # Arrow-backed already: no copy through Python objects
        column = pa.array(values.array).cast(pa.large_string())
    else:
        column = pa.array(values.to_numpy(dtype=object, na_value=None), type=pa.large_string())
    column = pc.fill_null(column, "")
    needs = pc.match_substring_regex(column, '[,"\n]')
    if pc.any(needs).as_py():
        quote, nothing = pa.scalar('"', pa.large_string()), pa.scalar("", pa.large_string())
        quoted = pc.binary_join_element_wise(quote, pc.replace_substring(column, '"', '""'), quote, nothing)
        column = pc.if_else(needs, quoted, column)
    return column


SYNTH_RECORD = ".tiendo-synth.txt"  # hidden: never read as a roster


def _remove_earlier_synth(folder: Path) -> None:
    """Remove what an earlier synth run wrote in this folder (its record lists it), and nothing else:
    an office's own rosters or nhiem_vu.csv in a folder of the same date stay."""
    record = folder / SYNTH_RECORD
    if record.exists():
        for name in record.read_text(encoding="utf-8").splitlines():
            if name and "/" not in name and name not in (".", ".."):
                (folder / name).unlink(missing_ok=True)
        record.unlink()


def _remember_synth(folder: Path, paths: list[Path]) -> None:
    (folder / SYNTH_RECORD).write_text("".join(f"{p.name}\n" for p in paths), encoding="utf-8")


def _write_rosters(rows: pd.DataFrame, folder: Path) -> list[Path]:
    """One file per agency (`_agency`), rows in their order: the bytes pandas' to_csv(index=False,
    encoding="utf-8-sig", lineterminator="\n") writes, built column-wise with Arrow (several times
    faster, a fraction of the memory at millions of rows)."""
    import csv
    import io

    codes, agencies = pd.factorize(rows["_agency"], sort=True)
    order = np.argsort(codes, kind="stable")
    bounds = np.r_[np.flatnonzero(runs_begin(codes[order])), len(order)]  # each agency's first row, then the end
    data = rows.drop(columns="_agency").take(order)
    header = io.StringIO()
    csv.writer(header, lineterminator="\n").writerow(list(data.columns))
    head = ("\ufeff" + header.getvalue()).encode("utf-8")
    text = lambda value: pa.scalar(value, pa.large_string())  # noqa: E731
    lines = pc.binary_join_element_wise(*[_csv_field(data[c]) for c in data.columns], text(","))
    lines = pc.binary_join_element_wise(lines, text(""), text("\n"))  # each line + "\n"
    del data
    if isinstance(lines, pa.ChunkedArray):
        lines = lines.combine_chunks()
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int64)[lines.offset: lines.offset + len(lines) + 1]
    body = memoryview(lines.buffers()[2])
    paths = []
    for k, name in enumerate(agencies):
        path = folder / f"{name}.csv"
        with open(path, "wb") as handle:
            handle.write(head)
            handle.write(body[offsets[bounds[k]]: offsets[bounds[k + 1]]])
        paths.append(path)
    return paths


def generate(out_dir, *, seed: int = 1, staff: int = 3000, units: int | None = None, cycles: int = 2,
             last_cycle: str | None = None, inject_problems: bool = True, shape: str = "province") -> SynthSummary:
    """Write `cycles` yearly cycles ending on `last_cycle` (default 30/6/2025 for a province,
    31/12/2025 for the country) into `out_dir`. `units` counts the units of the newest cycle."""
    if shape not in SHAPES:
        raise ValueError(f"shape must be one of {SHAPES}, not {shape!r}")
    out = Path(out_dir)
    rng = np.random.default_rng(seed)
    n_units = units or max(40, staff // 12)
    if shape == "country":
        tree, old_tree, mapping = build_country(n_units, rng)
        where = {"root": COUNTRY_ROOT, "root_weight": 0}
    else:
        tree, old_tree, mapping = build_units(n_units, rng), None, {}
        where = {"root": ROOT, "root_weight": 4}
    last = date.fromisoformat(last_cycle or LAST_CYCLE[shape])
    refs = [date(last.year - (cycles - 1 - i), last.month, last.day) for i in range(cycles)]
    trees = [old_tree if old_tree is not None and ref < REFORM else tree for ref in refs]
    people = _people(trees[0], staff, refs[0], rng, **where)
    next_id = len(people) + 1
    files: list[str] = []
    rows_written = 0
    for position, ref in enumerate(refs):
        units_now = trees[position]
        reformed = position > 0 and trees[position - 1] is not units_now
        if reformed:  # the staff of a dissolved district unit now work in the commune that took it over
            people["unit_code"] = people["unit_code"].map(mapping).fillna(people["unit_code"])
        if position:
            people, next_id = _advance(people, units_now, ref, rng, next_id, **where)
        folder = out / ref.isoformat()
        folder.mkdir(parents=True, exist_ok=True)
        _remove_earlier_synth(folder)
        units_table = units_now[["code", "name", "parent", "tier", "type", "field"]].copy()
        units_table.columns = UNIT_HEADERS
        units_table.to_csv(folder / "don_vi.csv", index=False, encoding="utf-8-sig", lineterminator="\n")
        files.append(str((folder / "don_vi.csv").relative_to(out)))
        if reformed:
            changes = pd.DataFrame({"old": list(mapping), "new": list(mapping.values()),
                                    "date": f"{REFORM:%d/%m/%Y}"})
            changes.columns = CHANGE_HEADERS
            changes.to_csv(folder / "don_vi_chuyen_doi.csv", index=False, encoding="utf-8-sig", lineterminator="\n")
            files.append(str((folder / "don_vi_chuyen_doi.csv").relative_to(out)))
        rows = _roster_rows(people, ref, rng)
        rows["_agency"] = _agency_of(rows["Mã đơn vị"])
        if inject_problems and position == len(refs) - 1:
            rows = _plant_problems(rows, where["root"])
        rows_written = len(rows)
        files += [str(path.relative_to(out)) for path in _write_rosters(rows, folder)]
        _remember_synth(folder, [out / name for name in files if Path(name).parent == Path(folder.name)])
        del rows
    return SynthSummary([r.isoformat() for r in refs], len(tree), int(len(people)), rows_written, files)
