"""The cycle collector's settings: tiendo's stages collect rarely, MkDocs runs under Python's own."""
import gc
from pathlib import Path

from tiendo.collector import FEW, PYTHON_DEFAULTS, few_collections, python_defaults
from tiendo.publish import load_mkdocs_config, mkdocs_build

# A MkDocs hook (test only: tiendo's mkdocs.yml has none) writes the thresholds MkDocs builds under.
HOOK = '''import gc
from pathlib import Path

def on_post_build(config, **kwargs):
    Path(config.site_dir, "thresholds.txt").write_text(repr(gc.get_threshold()))
'''


def test_mkdocs_builds_under_python_defaults_inside_a_build(tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Trang chủ\n", encoding="utf-8")
    (tmp_path / "hook.py").write_text(HOOK, encoding="utf-8")
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text("site_name: t\nhooks:\n  - hook.py\n", encoding="utf-8")
    with few_collections():
        assert gc.get_threshold() == FEW
        mkdocs_build(load_mkdocs_config(config_file))
        assert gc.get_threshold() == FEW  # tiendo's own stages go on collecting rarely
    assert (tmp_path / "site" / "thresholds.txt").read_text() == repr(PYTHON_DEFAULTS)


def test_thresholds_are_restored_after_an_error():
    before = gc.get_threshold()
    try:
        with python_defaults():
            gc.set_threshold(5, 5, 5)
            raise RuntimeError
    except RuntimeError:
        pass
    assert gc.get_threshold() == before


def test_python_defaults_are_a_fresh_interpreters():
    import subprocess
    import sys

    fresh = subprocess.run([sys.executable, "-c", "import gc; print(gc.get_threshold())"],
                           capture_output=True, text=True, check=True).stdout.strip()
    assert fresh == repr(PYTHON_DEFAULTS)
