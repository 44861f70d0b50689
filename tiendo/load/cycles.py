"""Finding the reporting cycles: one folder per reference date under the data directory."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from tiendo.load.folders import visible_entries
from tiendo.model import Cycle, Problem
from tiendo.text import fold

# How offices name a cycle's folder: ISO first (the documented form), then day first as dates are
# written in Vietnam, with any separator; "Kỳ 30.6.2025", "Năm 2025" name it too.
_ISO = re.compile(r"^(\d{4})[-_./ ](\d{1,2})[-_./ ](\d{1,2})$|^(\d{4})(\d{2})(\d{2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[-_./ ](\d{1,2})[-_./ ](\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_LEAD = re.compile(r"^(?:ky bao cao|ky|nam|dot|so lieu|du lieu)\b\W*")


class DataDirError(Exception):
    """The data folder cannot be used at all (message in Vietnamese)."""


def _date_parts(name: str) -> tuple[int, int, int] | None:
    """(year, month, day) a folder name gives, valid or not; None when it names no date."""
    text = _LEAD.sub("", fold(name).strip())
    if match := _ISO.match(text):
        parts = [int(g) for g in match.groups() if g is not None]
        return parts[0], parts[1], parts[2]
    if match := _DAY_FIRST.match(text):
        return int(match[3]), int(match[2]), int(match[1])
    if match := _YEAR.match(text):
        return int(match[1]), 12, 31
    return None


def cycle_date(name: str) -> date | None:
    """"2025-06-30", "30-06-2025", "Kỳ 30.6.2025" → that date; "2025" → 31/12/2025 (DOMAIN.md);
    anything else, or a date that does not exist, → None."""
    parts = _date_parts(name)
    try:
        return date(*parts) if parts else None
    except ValueError:
        return None


def find_cycles(data_dir: Path | str) -> list[Cycle]:
    """Every cycle folder, oldest first. What else the data folder holds is listed by
    `unread_in_data_dir`; a folder named by a date that does not exist stops here."""
    root = Path(data_dir)
    if not root.is_dir():
        raise DataDirError(f"Không tìm thấy thư mục dữ liệu «{root}».")
    cycles = []
    for child in root.iterdir():
        if not child.is_dir():
            continue
        ref = cycle_date(child.name)
        if ref is None and _date_parts(child.name):
            raise DataDirError(
                f"Thư mục «{child.name}» đặt tên theo ngày chốt số liệu nhưng ngày đó không có: đổi tên thành "
                "ngày đúng, dạng YYYY-MM-DD (ví dụ 2025-06-30)."
            )
        if ref is not None:
            cycles.append(Cycle(name=child.name, ref_date=ref, path=str(child)))
    cycles.sort(key=lambda c: c.ref_date)
    seen: dict[date, str] = {}
    for cycle in cycles:
        if cycle.ref_date in seen:
            raise DataDirError(
                f"Hai thư mục «{seen[cycle.ref_date]}» và «{cycle.name}» cùng chỉ ngày "
                f"{cycle.ref_date:%d/%m/%Y}: hãy giữ một (thư mục kia đổi tên hoặc chuyển ra khỏi thư mục dữ liệu)."
            )
        seen[cycle.ref_date] = cycle.name
    if not cycles:
        raise DataDirError(
            f"Thư mục «{root}» không có kỳ báo cáo nào: cần thư mục con tên YYYY-MM-DD "
            "(ngày chốt số liệu) hoặc YYYY (31/12 của năm đó)."
        )
    return cycles


def unread_in_data_dir(data_dir: Path | str) -> list[Problem]:
    """What the data folder holds beside its cycle folders: a roster put there, a copy of a cycle
    ("2025-06-30 - Copy"), a zip; none of it is read, each is said (a cycle must never vanish
    without a word)."""
    problems = []
    for child in visible_entries(Path(data_dir)):
        if child.is_dir() and cycle_date(child.name):
            continue
        if child.is_dir():
            message = (f"Thư mục «{child.name}» trong thư mục dữ liệu không phải một kỳ báo cáo (tên cần là ngày chốt "
                       "số liệu, ví dụ 2025-06-30, hoặc một năm, ví dụ 2025): không đọc. Nếu đó là một kỳ, đổi tên "
                       "thư mục; nếu là bản sao, chuyển ra ngoài.")
        else:
            message = (f"Tệp «{child.name}» nằm ngoài các thư mục kỳ: không đọc. Danh sách và tệp don_vi.csv của một "
                       "kỳ để trong thư mục của kỳ đó (ví dụ data/2025-06-30/).")
        problems.append(Problem(child.name, None, None, None, "thư mục kỳ báo cáo", "warning", message))
    return problems


def future_cycles(cycles: list[Cycle], today: date) -> list[Problem]:
    """A cycle dated after `today`: a year mistyped (2052 for 2025), or the next cycle's folder made
    early and filled as files arrive; either way it would be published as the latest, so it is said."""
    return [Problem(c.name, None, None, None, "ngày chốt số liệu không muộn hơn hôm nay", "warning",
                    f"Thư mục «{c.name}» chỉ ngày chốt số liệu {c.ref_date:%d/%m/%Y}, sau hôm nay "
                    f"({today:%d/%m/%Y}), và được tính như kỳ mới nhất: nếu gõ nhầm ngày, đổi tên thư mục; nếu là "
                    "kỳ sau đang gom tệp, chuyển nó ra khỏi thư mục dữ liệu tới khi đủ.")
            for c in cycles if c.ref_date > today]
