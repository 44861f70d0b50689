"""The optional task-status file of a cycle: data/<cycle>/nhiem_vu.csv (agency, task number,
status, note), which fills the status column of the plan's "Tổ chức thực hiện" table."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from tiendo.config import columns_config
from tiendo.load.folders import TASKS, not_read, one_of
from tiendo.load.tables import TableError, build_alias_index, find_header, read_grid
from tiendo.model import Problem

COLUMNS = ("agency", "number", "status", "note")


def load_task_status(cycle_dir: Path) -> tuple[pd.DataFrame, list[Problem]]:
    path, others = one_of(TASKS, cycle_dir)
    empty = pd.DataFrame(columns=[*COLUMNS, "source_row"])
    if path is None:
        return empty, []
    name = path.name
    ignored = not_read(TASKS, path, others)
    try:
        grid = read_grid(path)
    except TableError as exc:
        return empty, [*ignored, Problem(name, None, None, None, "tệp CSV hoặc Excel", "warning", str(exc))]
    header = find_header(grid, build_alias_index(columns_config()["tasks"]), ("agency", "number", "status"))
    found = set(header.columns.values()) if header else set()
    missing = [c for c in ("agency", "number", "status") if c not in found]
    if header is None or missing:
        labels = ", ".join(columns_config()["tasks"][key][0] for key in missing) or "dòng tiêu đề"
        return empty, [*ignored, Problem(name, None, ", ".join(missing) or None, None,
                                         "các cột Cơ quan, Nhiệm vụ, Trạng thái, Ghi chú", "warning",
                                         f"Tệp «{name}» thiếu cột {labels}: bỏ qua trạng thái nhiệm vụ.")]
    records = []
    for offset, row in enumerate(grid.rows[header.data_start:], start=header.data_start):
        cells = {key: (row[pos] if pos < len(row) else "") for pos, key in header.columns.items()}
        if any(cells.values()):
            records.append({**{c: cells.get(c, "") for c in COLUMNS}, "source_row": grid.first_row + offset})
    return pd.DataFrame(records, columns=[*COLUMNS, "source_row"]), ignored
