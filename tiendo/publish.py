"""Publish: MkDocs turns each docs folder into a site; checks run on the built folders; only when
everything passed do the new sites replace the published ones (a failed build changes nothing)."""
from __future__ import annotations

import contextlib
import io
import json
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


def mkdocs_build(config_file: Path, source_date_epoch: int | None = None, dirty: bool = False) -> list[str]:
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
            build(config, dirty=dirty)
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
    # Dirty mode is tiendo's own choice, made only when the frame is unchanged: not a warning for the reader.
    return [line for line in stream.getvalue().splitlines()
            if line.strip() and "'dirty' build is being performed" not in line]


STATE_FILE = "site-state.json"  # beside the built folder: what it was built from


def frame_of(config_file: Path, source_date_epoch: int | None) -> str:
    """Everything that shapes every page at once: the audience's config (nav, site name), the base
    mkdocs.yml it inherits, the theme override, MkDocs' and Material's versions, the build date.
    While it stays the same, a page's HTML depends only on its own Markdown."""
    import hashlib
    from importlib.metadata import version

    import yaml as _yaml

    digest = hashlib.sha256()
    text = config_file.read_text(encoding="utf-8")
    digest.update(text.encode("utf-8"))
    config = _yaml.safe_load(text) or {}
    base = (config_file.parent / config.get("INHERIT", "")).resolve() if config.get("INHERIT") else None
    if base and base.is_file():
        digest.update(base.read_bytes())
    custom = (config.get("theme") or {}).get("custom_dir")
    if custom:
        for path in sorted((config_file.parent / custom).rglob("*")):
            if path.is_file():
                digest.update(path.as_posix().encode("utf-8") + path.read_bytes())
    digest.update(f"{version('mkdocs')}|{version('mkdocs-material')}|{source_date_epoch}".encode("utf-8"))
    return digest.hexdigest()


def forget_state(site_dir: Path) -> dict | None:
    """The record of the last complete MkDocs build of this folder, removed at once: a build that
    stops anywhere after this leaves no record, and the next build starts from a clean folder."""
    path = site_dir.parent / STATE_FILE
    if not path.exists():
        return None
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        state = None
    path.unlink()
    return state if site_dir.is_dir() else None


def build_site(config_file: Path, site_dir: Path, docs_dir: Path, *, state: dict | None, changed: set[str],
               removed: set[str], extra_entries: list[dict], source_date_epoch: int | None) -> tuple[list[str], int]:
    """MkDocs builds the site; when the last complete build had the same frame, only the pages and
    files whose source changed are rebuilt (MkDocs' dirty mode), the rest are kept as they were.
    Returns MkDocs' warnings and the number of pages MkDocs rendered."""
    from mkdocs.structure.files import File

    frame = frame_of(config_file, source_date_epoch)
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    directory_urls = _use_directory_urls(config_file)
    raw_index_path = site_dir.parent / "search-raw.json"
    incremental = (state is not None and state.get("frame") == frame and raw_index_path.exists())
    pages = sorted(str(p.relative_to(docs_dir).as_posix()) for p in docs_dir.rglob("*.md"))
    if incremental:
        for relative in changed | removed:  # MkDocs rebuilds what has no output
            target = Path(File(relative, str(docs_dir), str(site_dir), directory_urls).abs_dest_path)
            target.unlink(missing_ok=True)
            if relative in removed and target.parent != site_dir and target.parent.is_dir() \
                    and not any(target.parent.iterdir()):
                target.parent.rmdir()
        rebuilt = {_page_url(p, docs_dir, site_dir, directory_urls) for p in changed if p.endswith(".md")}
    else:
        if site_dir.exists():
            shutil.rmtree(site_dir)
        rebuilt = None
    warnings = mkdocs_build(config_file, source_date_epoch=source_date_epoch, dirty=incremental)
    index_path = site_dir / "search" / "search_index.json"
    if index_path.exists():
        index = json.loads(index_path.read_text(encoding="utf-8"))
        if incremental:
            # MkDocs' dirty mode indexes only the pages it rebuilt: the others keep their entries.
            previous = json.loads(raw_index_path.read_text(encoding="utf-8"))
            existing = {_page_url(p, docs_dir, site_dir, directory_urls) for p in pages}
            kept = [d for d in previous.get("docs", []) if _entry_page(d) in existing - rebuilt]
            index["docs"] = kept + index.get("docs", [])
        index["docs"] = _canonical(index.get("docs", []))
        raw_index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        fold_search_index(site_dir, extra_entries)
    (site_dir.parent / STATE_FILE).write_text(json.dumps({"frame": frame}), encoding="utf-8")
    return warnings, len(pages) if rebuilt is None else len(rebuilt)


def _use_directory_urls(config_file: Path) -> bool:
    from mkdocs.config import load_config

    with contextlib.redirect_stderr(io.StringIO()):
        return bool(load_config(config_file=str(config_file)).use_directory_urls)


def _page_url(relative: str, docs_dir: Path, site_dir: Path, directory_urls: bool) -> str:
    from mkdocs.structure.files import File

    return File(relative, str(docs_dir), str(site_dir), directory_urls).url


def _entry_page(entry: dict) -> str:
    return entry.get("location", "").split("#", 1)[0]


def _canonical(entries: list[dict]) -> list[dict]:
    """Entries grouped by page, pages in URL order, sections in page order: a full build and an
    incremental one give the same index, byte for byte."""
    order = {}
    for position, entry in enumerate(entries):
        order.setdefault(_entry_page(entry), position)
    return sorted(entries, key=lambda e: (_entry_page(e), order[_entry_page(e)]))


def fold_search_index(site_dir: Path, extra_entries: list[dict] | None = None) -> None:
    """Let "vien chuc" find "viên chức": MkDocs' search (lunr) does not fold Vietnamese diacritics,
    so each entry also carries its text without them. Done on the built folder, not in a plugin,
    so the site stays buildable by any tool that reads mkdocs.yml.

    `extra_entries` (plain text: location, title, text) index pages kept out of MkDocs' own index,
    such as unit pages, by their name rather than by every table cell."""
    import html
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
    """Replace each published site by a copy of its new build. Every copy is complete before the
    first rename, and each swap is two renames on one file system. The built folders stay where
    they are, for the next build to start from."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staged = {}
    for audience, built in new_sites.items():
        staging = work / f"new-{audience}"
        if staging.exists():
            shutil.rmtree(staging)
        shutil.copytree(built, staging, copy_function=shutil.copyfile)
        staged[audience] = staging
    for audience, new in staged.items():
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
