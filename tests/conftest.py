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


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The shipped example built once per test run, the way a user builds it: `python build.py`."""
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("example-site")
    result = subprocess.run([sys.executable, "build.py", "--out", str(out)], cwd=REPO, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "Đã dựng xong" in result.stdout
    return out


def target_summary(plan) -> list[tuple]:
    """A plan's targets as comparable tuples (year, group, tiers, percent, level, specialised, age
    limit, focus text)."""
    return [(t.year, t.group, list(t.tiers), t.percent, t.min_level, t.specialized, t.age_limit,
             t.focus.text if t.focus else None) for t in plan.targets]
