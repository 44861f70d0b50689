"""Settings of a build: config/settings.yml plus the paths given on the command line."""
from __future__ import annotations

import os
import shlex
import subprocess
from dataclasses import dataclass, field, fields
from pathlib import Path

from tiendo.compute.progress import Thresholds
from tiendo.config import CONFIG_DIR, PROJECT_DIR, _read_yaml

AUDIENCES = ("public", "internal")


@dataclass(frozen=True)
class Settings:
    data_dir: Path = PROJECT_DIR / "data"
    content_dir: Path = PROJECT_DIR / "content"
    out_dir: Path = PROJECT_DIR / "site"
    config_dir: Path = CONFIG_DIR
    templates_dir: Path = PROJECT_DIR / "templates"
    base_mkdocs: Path = PROJECT_DIR / "mkdocs.yml"
    strict: bool = False
    suppression_k: int = 5
    exclude_exempt: bool = True
    thresholds: Thresholds = Thresholds()
    status_labels: dict = field(default_factory=dict)
    status_colors: dict = field(default_factory=dict)
    site_name: str = ""
    internal_banner: str = ""
    age_bands: tuple[int, ...] = (0, 30, 40, 50)
    class_size: int = 35
    costs: dict = field(default_factory=dict)
    jobs: int | None = None  # worker processes for charts and workbooks (None: the machine decides)

    @property
    def work_dir(self) -> Path:
        """Where each build is assembled before it replaces the published sites."""
        return self.out_dir / ".tiendo"


def load_settings(*, data_dir=None, content_dir=None, out_dir=None, strict=False,
                  config_dir: Path = CONFIG_DIR, jobs: int | None = None) -> Settings:
    raw = _read_yaml(str(Path(config_dir) / "settings.yml"))
    progress = raw.get("progress", {})
    defaults = Settings()
    return Settings(
        data_dir=Path(data_dir) if data_dir else defaults.data_dir,
        content_dir=Path(content_dir) if content_dir else defaults.content_dir,
        out_dir=Path(out_dir) if out_dir else defaults.out_dir,
        config_dir=Path(config_dir),
        strict=strict,
        suppression_k=int(raw.get("suppression_k", 5)),
        exclude_exempt=bool(raw.get("exclude_exempt", True)),
        thresholds=Thresholds(on_track=float(progress.get("on_track", 0.95)),
                              needs_acceleration=float(progress.get("needs_acceleration", 0.60))),
        status_labels=dict(raw["status_labels"]),
        status_colors=dict(raw["status_colors"]),
        site_name=raw["site"]["name"],
        internal_banner=raw["site"]["internal_banner"],
        age_bands=tuple(int(b) for b in raw.get("age_bands", (0, 30, 40, 50))),
        class_size=int(raw.get("class_size", 35)),
        costs=_read_yaml(str(Path(config_dir) / "costs.yml")),
        jobs=jobs,
    )


_OPTIONS = {"data_dir": "--data", "content_dir": "--content", "out_dir": "--out"}


def command_options(settings: Settings, *names: str) -> str:
    """" --data DIR --out DIR …" for those of the folders (data_dir, content_dir, out_dir) that
    are not the default ones: a command suggested to the user works on the same folders as the
    one that suggested it. Quoted for the shell the user types in (cmd.exe on Windows)."""
    defaults = {f.name: f.default for f in fields(settings)}
    words = []
    for name in names:
        path = Path(getattr(settings, name))
        if path.resolve() == Path(defaults[name]).resolve():
            continue
        text = str(path) if path.is_absolute() or not str(path).startswith("-") else os.path.join(".", str(path))
        words += [_OPTIONS[name], text]
    if not words:
        return ""
    return " " + (subprocess.list2cmdline(words) if os.name == "nt" else shlex.join(words))
