"""Reading the files an office edits (config/): group definitions, settings, equivalences.

One home for each fact: code asks this module, never a literal of its own.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
CONFIG_DIR = PROJECT_DIR / "config"


@dataclass(frozen=True)
class GroupDef:
    key: str
    label: str
    short: str
    categories: tuple[str, ...]
    leaders: bool
    needs_language: bool
    default_tiers: tuple[str, ...]


@lru_cache(maxsize=None)
def _read_yaml(path: str) -> dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def groups_config(config_dir: Path | str = CONFIG_DIR) -> dict:
    return _read_yaml(str(Path(config_dir) / "groups.yml"))


def load_groups(config_dir: Path | str = CONFIG_DIR) -> dict[str, GroupDef]:
    raw = groups_config(config_dir)["groups"]
    return {
        key: GroupDef(
            key=key,
            label=spec["label"],
            short=spec.get("short", spec["label"]),
            categories=tuple(spec["categories"]),
            leaders=bool(spec.get("leaders", False)),
            needs_language=bool(spec.get("needs_language", False)),
            default_tiers=tuple(spec.get("default_tiers", ())),
        )
        for key, spec in raw.items()
    }


def category_labels(config_dir: Path | str = CONFIG_DIR) -> dict[str, str]:
    return dict(groups_config(config_dir)["categories"])


def tier_labels(config_dir: Path | str = CONFIG_DIR) -> dict[str, str]:
    return dict(groups_config(config_dir)["tiers"])


def columns_config(config_dir: Path | str = CONFIG_DIR) -> dict:
    """Header aliases per template key (config/columns.yml)."""
    return _read_yaml(str(Path(config_dir) / "columns.yml"))


def column_labels(config_dir: Path | str = CONFIG_DIR) -> dict[str, str]:
    """Template key → the header a user sees in the template (the first entry in
    config/columns.yml): what a message about a cell calls its column ("cột Đối tượng", not
    "category"). A key of several files (unit_code) has the same header in each."""
    labels: dict[str, str] = {}
    for section in ("roster", "units", "unit_changes", "tasks"):
        for key, headers in columns_config(config_dir).get(section, {}).items():
            labels.setdefault(key, headers[0])
    return labels


def column_label(column: str | None, labels: dict[str, str]) -> str:
    """A problem's column as the office reads it; a file missing several columns names them all
    ("staff_id, unit_code" → "Mã CBCCVC, Mã đơn vị")."""
    if not column:
        return ""
    return ", ".join(labels.get(part, part) for part in column.split(", "))


def load_values(config_dir: Path | str = CONFIG_DIR) -> dict:
    """Vocabularies for cell values: yes/no, categories, genders (config/values.yml)."""
    return _read_yaml(str(Path(config_dir) / "values.yml"))
