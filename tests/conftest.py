from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
SHARED_PLANS = REPO.parent / "shared" / "plans"


@pytest.fixture
def small_dir() -> Path:
    return FIXTURES / "small"


def shared_plan(name: str) -> Path:
    path = SHARED_PLANS / name
    if not path.exists():
        pytest.skip(f"../shared/plans/{name} không có ở đây (chỉ có khi chạy cạnh thư mục shared/)")
    return path
