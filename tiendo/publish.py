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

from tiendo.collector import python_defaults
from tiendo.leakguard import Leak, Secrets, scan


class PublishError(Exception):
    """The build cannot be published (message in Vietnamese); the old sites stay as they were."""


def write_mkdocs_config(base_config: Path, work: Path, docs_dir: Path, site_dir: Path, nav: list,
                        audience: str, site_name: str, extra_javascript: list[str] | None = None,
                        extra: dict | None = None) -> Path:
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
    if extra:  # MkDocs merges it into the base config's `extra:`
        config["extra"] = dict(extra)
    if audience == "internal":
        overrides = base_config.parent / "templates" / "overrides" / "internal"
        config["theme"] = {"name": "material", "custom_dir": os.path.relpath(overrides, work)}
    path = work / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def import_mkdocs() -> None:
    """Import MkDocs now, at the start of a build, not in its timed MkDocs stage: the benchmark's bare
    MkDocs floor imports it before its timer too, and the import is the same 0.1 s for any site."""
    import mkdocs.commands.build  # noqa: F401
    import mkdocs.config  # noqa: F401


def load_mkdocs_config(config_file: Path):
    """MkDocs' own reading of the audience's config (INHERIT included), loaded once per build."""
    from mkdocs.config import load_config

    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            return load_config(config_file=str(config_file))
    except Exception as exc:
        raise PublishError(f"MkDocs không đọc được cấu hình «{config_file}»: {exc}") from exc


def mkdocs_build(config, source_date_epoch: int | None = None, dirty: bool = False) -> list[str]:
    """Run MkDocs' own build of a loaded config; returns its warnings. MkDocs is only the renderer.

    `source_date_epoch` (from the data, not the clock) fixes the dates MkDocs writes (sitemap
    lastmod, gzip header), so the same inputs give the same bytes."""
    from mkdocs.commands.build import build

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
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()), python_defaults():
            build(config, dirty=dirty)
    except Exception as exc:  # MkDocs raises its own and plugin errors: name the stage
        raise PublishError(f"MkDocs không dựng được trang từ «{config.config_file_path}»: {exc}") from exc
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


def frame_of(config_file: Path, source_date_epoch: int | None) -> str:
    """Everything that shapes every page at once: the audience's config (nav, site name), the base
    mkdocs.yml it inherits, the theme override, MkDocs' and Material's versions, the build date.
    While it stays the same, a page's HTML depends only on its own Markdown."""
    import hashlib
    from importlib.metadata import version

    digest = hashlib.sha256()
    text = config_file.read_text(encoding="utf-8")
    digest.update(text.encode("utf-8"))
    config = yaml.safe_load(text) or {}
    base = (config_file.parent / config["INHERIT"]).resolve() if config.get("INHERIT") else None
    if base and base.is_file():
        digest.update(base.read_bytes())
    custom = (config.get("theme") or {}).get("custom_dir")
    if custom:
        for path in sorted((config_file.parent / custom).rglob("*")):
            if path.is_file():
                digest.update(path.as_posix().encode("utf-8") + path.read_bytes())
    digest.update(f"{version('mkdocs')}|{version('mkdocs-material')}|{version('pymdown-extensions')}|"
                  f"{source_date_epoch}".encode("utf-8"))  # pymdown-extensions: the heading ids
    return digest.hexdigest()


# What a built folder was made from is recorded beside it, in the work folder, never inside it
# (the folder itself is what readers get): <folder name>.state.json.
def _state_path(folder: Path, work: Path) -> Path:
    return work / f"{folder.name}.state.json"


def _read_state(folder: Path, work: Path) -> dict | None:
    """The record of the last complete MkDocs build of `folder`, if it is still that folder (same
    inode: a swap stopped halfway cannot pass one folder's record off as another's)."""
    path = _state_path(folder, work)
    if not path.exists() or not folder.is_dir():
        return None
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return None
    return state if state.get("inode") == folder.stat().st_ino else None


def build_site(config_file: Path, site_dir: Path, docs_dir: Path, *, manifest: dict[str, str],
               extra_entries: list[dict], source_date_epoch: int | None) -> tuple[list[str], int]:
    """MkDocs builds the site into `site_dir`. When that folder was last built completely with the
    same frame, only the pages and files whose source differs from what it was built from are
    rebuilt (MkDocs' dirty mode) and the rest are kept. Returns MkDocs' warnings and the number of
    pages MkDocs rendered."""
    work = site_dir.parent
    frame = frame_of(config_file, source_date_epoch)
    state = _read_state(site_dir, work)
    _state_path(site_dir, work).unlink(missing_ok=True)  # from here the folder may not match any record
    config = load_mkdocs_config(config_file)
    directory_urls = config.use_directory_urls
    pages = sorted(p for p in manifest if p.endswith(".md"))
    incremental = state is not None and state.get("frame") == frame
    if incremental:
        built_from: dict[str, str] = state["manifest"]
        stale = {p for p, digest in manifest.items() if built_from.get(p) != digest} | (built_from.keys() - manifest.keys())
        for relative in stale:  # MkDocs rebuilds what has no output
            target = Path(_file(relative, docs_dir, site_dir, directory_urls).abs_dest_path)
            target.unlink(missing_ok=True)
            if relative not in manifest and target.parent != site_dir and target.parent.is_dir() \
                    and not any(target.parent.iterdir()):
                target.parent.rmdir()
        # exactly the pages MkDocs' dirty mode will render: no output, or an output older than its source
        rebuilt = {p for p in pages if _file(p, docs_dir, site_dir, directory_urls).is_modified()}
    else:
        if site_dir.exists():
            shutil.rmtree(site_dir)
        rebuilt = set(pages)
    warnings = mkdocs_build(config, source_date_epoch=source_date_epoch, dirty=incremental)
    index_path = site_dir / "search" / "search_index.json"
    raw_index = None
    if index_path.exists():
        index = json.loads(index_path.read_text(encoding="utf-8"))
        if incremental and state.get("index") is not None:
            # MkDocs' dirty mode indexes only the pages it rendered: the others keep their entries.
            urls = {_page_url(p, docs_dir, site_dir, directory_urls) for p in rebuilt}
            existing = {_page_url(p, docs_dir, site_dir, directory_urls) for p in pages}
            kept = [d for d in state["index"] if _entry_page(d) in existing - urls]
            index["docs"] = kept + index.get("docs", [])
        index["docs"] = _canonical(index.get("docs", []))
        raw_index = index["docs"]
        index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        fold_search_index(site_dir, extra_entries)
    _state_path(site_dir, work).write_text(json.dumps(
        {"frame": frame, "inode": site_dir.stat().st_ino, "manifest": manifest, "index": raw_index},
        ensure_ascii=False), encoding="utf-8")
    return warnings, len(rebuilt)


def _file(relative: str, docs_dir: Path, site_dir: Path, directory_urls: bool):
    from mkdocs.structure.files import File

    return File(relative, str(docs_dir), str(site_dir), directory_urls)


def _page_url(relative: str, docs_dir: Path, site_dir: Path, directory_urls: bool) -> str:
    """A page's address as the search index writes it: the home page is "" (MkDocs says "./")."""
    url = _file(relative, docs_dir, site_dir, directory_urls).url
    return "" if url == "./" else url


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
    """Publish each new build with renames only, every new build being complete before the first:
    the built folder becomes the published site, and the site it replaces becomes the folder the
    next build starts from (MkDocs then redoes only what differs). Nothing is copied or deleted."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for audience, built in new_sites.items():
        target = out_dir / audience
        held = work / audience / "published"  # the published folder's record is kept under this name
        swap = built.parent / "swap"
        if swap.exists():
            shutil.rmtree(swap)
        if target.exists():
            target.rename(swap)
        try:
            built.rename(target)
        except OSError:
            if swap.exists() and not target.exists():
                swap.rename(target)  # put the published site back before reporting the failure
            raise
        # The records follow their folders: the new build's to "published", the old site's to "site".
        built_record, held_record = _state_path(built, work / audience), _state_path(held, work / audience)
        old_record = held_record.read_text(encoding="utf-8") if held_record.exists() else None
        held_record.unlink(missing_ok=True)
        if built_record.exists():
            os.replace(built_record, held_record)
        if swap.exists():
            swap.rename(built)
            if old_record is not None:
                built_record.write_text(old_record, encoding="utf-8")
        elif held_record.exists():
            # The first publish: no older site to start from next time, so a copy of this one
            # (a copy, not links: MkDocs rewrites some files in place).
            shutil.copytree(target, built, copy_function=shutil.copyfile)
            record = json.loads(held_record.read_text(encoding="utf-8"))
            record["inode"] = built.stat().st_ino
            built_record.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
