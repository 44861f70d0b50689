"""Publish: MkDocs turns each docs folder into a site; checks run on the built folders; only when
everything passed do the new sites replace the published ones (a failed build changes nothing)."""
from __future__ import annotations

import contextlib
import io
import logging
import os
import shutil
from pathlib import Path

import yaml

from tiendo.leakguard import Leak, Secrets, scan


class PublishError(Exception):
    """The build cannot be published (message in Vietnamese); the old sites stay as they were."""


def write_mkdocs_config(base_config: Path, work: Path, docs_dir: Path, site_dir: Path, nav: list,
                        audience: str, site_name: str, extra_javascript: list[str] | None = None) -> Path:
    """The audience's config: the project's plain mkdocs.yml plus what differs per audience."""
    config = {
        "INHERIT": os.path.relpath(base_config, work),
        "site_name": site_name + (" (nội bộ)" if audience == "internal" else ""),
        "docs_dir": os.path.relpath(docs_dir, work),
        "site_dir": os.path.relpath(site_dir, work),
        "nav": nav,
    }
    if extra_javascript:
        config["extra_javascript"] = list(extra_javascript)
    if audience == "internal":
        overrides = base_config.parent / "templates" / "overrides" / "internal"
        config["theme"] = {"name": "material", "custom_dir": os.path.relpath(overrides, work)}
    path = work / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def mkdocs_build(config_file: Path, source_date_epoch: int | None = None) -> list[str]:
    """Run MkDocs' own build; returns its warnings. MkDocs is only the renderer here.

    `source_date_epoch` (from the data, not the clock) fixes the dates MkDocs writes (sitemap
    lastmod, gzip header), so the same inputs give the same bytes."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.WARNING)
    saved_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if source_date_epoch is not None:
        os.environ["SOURCE_DATE_EPOCH"] = str(source_date_epoch)
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            config = load_config(config_file=str(config_file))
            build(config)
    except Exception as exc:  # MkDocs raises its own and plugin errors: name the stage
        raise PublishError(f"MkDocs không dựng được trang từ «{config_file}»: {exc}") from exc
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
        if source_date_epoch is not None:
            if saved_epoch is None:
                os.environ.pop("SOURCE_DATE_EPOCH", None)
            else:
                os.environ["SOURCE_DATE_EPOCH"] = saved_epoch
    return [line for line in stream.getvalue().splitlines() if line.strip()]


def fold_search_index(site_dir: Path, extra_entries: list[dict] | None = None) -> None:
    """Let "vien chuc" find "viên chức": MkDocs' search (lunr) does not fold Vietnamese diacritics,
    so each entry also carries its text without them. Done on the built folder, not in a plugin,
    so the site stays buildable by any tool that reads mkdocs.yml.

    `extra_entries` (plain text: location, title, text) index pages kept out of MkDocs' own index,
    such as unit pages, by their name rather than by every table cell."""
    import html
    import json
    import re

    from tiendo.text import strip_diacritics

    path = site_dir / "search" / "search_index.json"
    if not path.exists():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    for entry in extra_entries or []:
        # The theme shows titles and texts of the index as HTML: plain text is escaped first.
        index.setdefault("docs", []).append({"location": entry["location"],
                                             "title": html.escape(entry["title"], quote=False),
                                             "text": html.escape(entry.get("text", ""), quote=False)})
    for doc in index.get("docs", []):
        words = f"{doc.get('title') or ''} {doc.get('text') or ''}"
        bare = strip_diacritics(re.sub(r"<[^>]+>", " ", words))
        if bare != words:
            # Indexed, but hidden in the result preview: readers see the text as written.
            doc["text"] = f"{doc.get('text') or ''}<span hidden>{html.escape(bare)}</span>"
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def check_public(site_dir: Path, secrets: Secrets) -> list[Leak]:
    return scan(site_dir, secrets)


def swap_in(new_sites: dict[str, Path], out_dir: Path, work: Path) -> None:
    """Replace each published site by its new build. Every new build is complete before the
    first rename, and each swap is two renames on one file system."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for audience, new in new_sites.items():
        target = out_dir / audience
        old = work / f"old-{audience}"
        if old.exists():
            shutil.rmtree(old)
        if target.exists():
            target.rename(old)
        try:
            new.rename(target)
        except OSError:
            if old.exists() and not target.exists():
                old.rename(target)  # put the published site back before reporting the failure
            raise
        if old.exists():
            shutil.rmtree(old)
