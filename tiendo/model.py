"""Small, plain data shared by the pipeline stages (load → validate → compute → render → publish).

Nothing here does I/O; every stage can import it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Tier keys, from the top of the administration down. A person's tier is their unit's tier.
TIERS = ("trung_uong", "tinh", "huyen", "xa")
LOCAL_TIERS = ("tinh", "huyen", "xa")

# Canonical roster columns (DOMAIN.md "Roster template"), in template order.
ROSTER_COLUMNS = (
    "staff_id",
    "full_name",
    "birth_date",
    "gender",
    "unit_code",
    "category",
    "is_leader",
    "position",
    "needs_language",
    "language",
    "level",
    "certificate_date",
    "specialized",
    "exemption",
    "training_need",
    "training_mode",
)
REQUIRED_ROSTER_COLUMNS = ("staff_id", "full_name", "unit_code", "category")

UNIT_COLUMNS = ("unit_code", "unit_name", "parent_code", "tier", "unit_type", "field")


@dataclass(frozen=True)
class Focus:
    """The "tập trung vào …" sub-group of a target: reported beside it, not a filter of it."""

    leaders: bool = True
    age_limit: int | None = None  # "dưới 40 tuổi" → 40 (age < 40 at the cycle's reference date)
    text: str = ""


@dataclass(frozen=True)
class Target:
    """One quantitative target of a plan, with the exact sentence it was read from."""

    year: int
    group: str  # a key of config/groups.yml
    tiers: tuple[str, ...]  # subset of TIERS the group is counted in
    percent: float  # 0–100
    min_level: int  # bậc 1–6
    specialized: bool  # also requires "ngoại ngữ chuyên ngành"
    quote: str
    age_limit: int | None = None  # restricts the group itself ("… dưới 40 tuổi")
    focus: Focus | None = None

    @property
    def key(self) -> str:
        """A stable identifier, used for anchors, file names and joins."""
        return f"{self.group}-{self.year}"


@dataclass(frozen=True)
class PlanBlock:
    """One block of a plan's text, as the reader understood its structure."""

    kind: str  # "heading" | "paragraph" | "item"
    text: str
    level: int = 0  # heading depth (1 = "I.", 2 = "1.", 3 = "a)" …) or list nesting
    number: str = ""  # the numbering as written: "II", "1", "2.1", "a", "-"
    target_keys: tuple[str, ...] = ()  # targets whose quote lies in this block
    section: str = ""  # "tasks" (Tổ chức thực hiện), "roadmap" (Lộ trình) or ""


@dataclass(frozen=True)
class Task:
    """One task the plan assigns to an agency (Tổ chức thực hiện)."""

    agency: str
    number: str  # "a", "b", … or "1", "2", … in the agency's list
    text: str


@dataclass(frozen=True)
class Phase:
    """One step of the plan's roadmap (Lộ trình): a year or a span of years."""

    label: str  # as written: "Năm 2020", "Giai đoạn 2021 - 2025"
    start: int
    end: int
    text: str


@dataclass
class Plan:
    source: str  # file name the plan was read from
    title: str
    issuer: str | None = None
    number: str | None = None
    date: str | None = None  # dd/mm/yyyy as written in the plan, when present
    targets: list[Target] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)  # target-like sentences not understood
    unparsed_reasons: list[str] = field(default_factory=list)  # why, beside each
    blocks: list[PlanBlock] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    roadmap: list[Phase] = field(default_factory=list)
    targets_source: str = "text"  # "text" (read from the plan) or "reviewed" (<plan>.targets.yml)
    notes: list[str] = field(default_factory=list)  # where the text and the reviewed file disagree


@dataclass(frozen=True)
class Problem:
    """A data problem, in the shape of DOMAIN.md's `validate` JSON."""

    file: str
    row: int | None  # the row number as Excel shows it; None for a file-level problem
    column: str | None  # template key
    value: str | None
    expected: str
    severity: str  # "error" (row not counted) | "warning" (counted, assumption in message)
    message: str  # Vietnamese
    related_rows: tuple[int, ...] = ()  # other rows involved (e.g. the other side of a conflict)

    def as_json(self) -> dict:
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "expected": self.expected,
            "severity": self.severity,
            "message": self.message,
        }


@dataclass(frozen=True)
class FileReport:
    file: str
    rows_read: int
    rows_counted: int
    rows_rejected: int


@dataclass(frozen=True)
class Cycle:
    """A reporting cycle: data/<YYYY-MM-DD>/ (or data/<YYYY>/ = 31 December)."""

    name: str  # folder name
    ref_date: date
    path: str

    @property
    def iso(self) -> str:
        return self.ref_date.isoformat()
