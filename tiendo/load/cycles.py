"""Finding the reporting cycles: one folder per reference date under the data directory."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from tiendo.model import Cycle

_FULL_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


class DataDirError(Exception):
    """The data folder cannot be used at all (message in Vietnamese)."""


def cycle_date(name: str) -> date | None:
    """"2025-06-30" → that date; "2025" → 31/12/2025 (DOMAIN.md); anything else → None."""
    if match := _FULL_DATE.match(name):
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    if match := _YEAR.match(name):
        return date(int(match[1]), 12, 31)
    return None


def find_cycles(data_dir: Path | str) -> list[Cycle]:
    """Every cycle folder, oldest first. Folders with other names (config, archives) are ignored."""
    root = Path(data_dir)
    if not root.is_dir():
        raise DataDirError(f"Không tìm thấy thư mục dữ liệu «{root}».")
    cycles = []
    for child in root.iterdir():
        ref = cycle_date(child.name) if child.is_dir() else None
        if ref is not None:
            cycles.append(Cycle(name=child.name, ref_date=ref, path=str(child)))
    cycles.sort(key=lambda c: c.ref_date)
    seen: dict[date, str] = {}
    for cycle in cycles:
        if cycle.ref_date in seen:
            raise DataDirError(
                f"Hai thư mục «{seen[cycle.ref_date]}» và «{cycle.name}» cùng chỉ ngày "
                f"{cycle.ref_date:%d/%m/%Y}: hãy giữ một."
            )
        seen[cycle.ref_date] = cycle.name
    if not cycles:
        raise DataDirError(
            f"Thư mục «{root}» không có kỳ báo cáo nào: cần thư mục con tên YYYY-MM-DD "
            "(ngày chốt số liệu) hoặc YYYY (31/12 của năm đó)."
        )
    return cycles
