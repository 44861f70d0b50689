"""What an office put in a folder, and which of it are tiendo's own files (the unit tree, the
unit changes, the task status) rather than rosters: one place for both, so the roster reader,
the units reader and the "not read" lists agree on every name."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tiendo.load.tables import XLSX_SUFFIXES
from tiendo.model import Problem
from tiendo.text import fold

# Hidden files, and the lock file Excel and Word keep beside an open document ("~$ds.xlsx").
_NOT_DOCUMENTS = (".", "~$")
TABLE_SUFFIXES = (".csv", *XLSX_SUFFIXES)  # what read_grid reads


def visible_entries(folder: Path) -> list[Path]:
    """The folder's files and subfolders, by name, less hidden files and Office lock files."""
    return sorted(p for p in folder.iterdir() if not p.name.startswith(_NOT_DOCUMENTS))


def name_key(path: Path) -> str:
    """A file name as offices vary it: «Don_vi.xlsx», «don vi.CSV», «ĐƠN-VỊ.xlsx» → "don vi"."""
    return re.sub(r"[\s_\-.]+", " ", fold(path.stem)).strip()


@dataclass(frozen=True)
class KnownFile:
    name: str  # the documented name, as messages give it ("don_vi.csv")
    keys: tuple[str, ...]  # name_key forms accepted

    def matches(self, path: Path) -> bool:
        return path.suffix.lower() in TABLE_SUFFIXES and name_key(path) in self.keys

    def find(self, folder: Path) -> list[Path]:
        """The folder's files of this kind, the documented name first, then CSV before Excel."""
        found = [p for p in visible_entries(folder) if p.is_file() and self.matches(p)]
        return sorted(found, key=lambda p: (p.name != self.name, p.suffix.lower() != ".csv", p.name))


UNITS = KnownFile("don_vi.csv", ("don vi", "danh muc don vi", "dm don vi"))
UNIT_CHANGES = KnownFile("don_vi_chuyen_doi.csv", ("don vi chuyen doi", "chuyen doi don vi"))
TASKS = KnownFile("nhiem_vu.csv", ("nhiem vu", "trang thai nhiem vu"))
KNOWN_FILES = (UNITS, UNIT_CHANGES, TASKS)


def is_known_file(path: Path) -> bool:
    """One of tiendo's own files of a cycle folder, not a roster."""
    return any(kind.matches(path) for kind in KNOWN_FILES)


def one_of(kind: KnownFile, folder: Path) -> tuple[Path | None, list[Path]]:
    """(the file of this kind that is read, the others of the same kind that are not): an office
    that saved don_vi.xlsx again as don_vi.csv has two."""
    found = kind.find(folder)
    return (found[0] if found else None), found[1:]


def not_read(kind: KnownFile, read: Path, others: list[Path], why: str = "Gộp hai tệp làm một.") -> list[Problem]:
    """The warning for each other file of a kind the cycle has one of."""
    return [Problem(other.name, None, None, None, f"một tệp {kind.name} mỗi kỳ", "warning",
                    f"Tệp «{other.name}» không được đọc: kỳ đã có «{read.name}». {why}") for other in others]
