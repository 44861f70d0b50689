"""The page writer: a file is written only when its bytes change, what the build no longer makes
is removed, and files still being made elsewhere are written once they are."""
from __future__ import annotations

import hashlib
import os
from concurrent.futures import Future
from pathlib import Path

from tiendo.render.site import _Writer

OLD = 1_000_000_000  # a modification time long past (seconds)


def _done(data: bytes) -> Future:
    future: Future = Future()
    future.set_result(data)
    return future


def test_a_new_file_is_written_with_its_folders_and_its_sha256(tmp_path: Path):
    out = _Writer(tmp_path)
    out.write("don-vi/a/b.md", "# Đơn vị\n")
    assert (tmp_path / "don-vi" / "a" / "b.md").read_text(encoding="utf-8") == "# Đơn vị\n"
    assert out.manifest["don-vi/a/b.md"] == hashlib.sha256("# Đơn vị\n".encode("utf-8")).hexdigest()


def test_the_same_bytes_leave_the_file_untouched_other_bytes_rewrite_it(tmp_path: Path):
    page = tmp_path / "p.md"
    page.write_bytes(b"abc")
    os.utime(page, (OLD, OLD))
    _Writer(tmp_path).write("p.md", b"abc")
    assert page.stat().st_mtime == OLD  # MkDocs, publish and the browser cache see it unchanged
    _Writer(tmp_path).write("p.md", b"abd")  # same size, other bytes
    assert page.read_bytes() == b"abd" and page.stat().st_mtime != OLD
    _Writer(tmp_path).write("p.md", b"abcd")
    assert page.read_bytes() == b"abcd"


def test_what_the_build_no_longer_makes_is_removed_with_its_empty_folders(tmp_path: Path):
    for name in ("kept.md", "old/gone.md", "old/also.js", "made.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name, encoding="utf-8")
    out = _Writer(tmp_path)
    out.write("made.md", "made.md")
    out.keep("kept.md", hashlib.sha256(b"kept.md").hexdigest())  # left as the last build wrote it
    out.remove_stale()
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == ["kept.md", "made.md"]
    assert set(out.manifest) == {"kept.md", "made.md"}


def test_files_still_being_made_are_written_once_settled_their_parts_in_order(tmp_path: Path):
    out = _Writer(tmp_path)
    chart, parts = Future(), [_done(b"a,b\n"), _done(b"1,2\n")]
    out.write("assets/chart.svg", chart)
    out.write("downloads/t.csv", parts)
    out.remove_stale()  # a file still being made is not stale
    assert not (tmp_path / "assets" / "chart.svg").exists()
    chart.set_result(b"<svg/>")
    assert out.settle() >= 0
    assert (tmp_path / "assets" / "chart.svg").read_bytes() == b"<svg/>"
    assert (tmp_path / "downloads" / "t.csv").read_bytes() == b"a,b\n1,2\n"
    assert out.manifest["downloads/t.csv"] == hashlib.sha256(b"a,b\n1,2\n").hexdigest()
