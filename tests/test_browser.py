"""The sites in a real browser (Debian's Chromium driven by Playwright), served from a local web
server with every other address blocked: what a reader on an offline intranet gets."""
from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tiendo.render.format import fmt_percent

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = REPO / "test-artifacts"

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium không có trên máy (CI cài bằng apt: chromium)")
playwright_api = pytest.importorskip("playwright.sync_api", reason="chưa cài playwright (requirements.txt)")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def sites(example_site) -> Path:
    return example_site


@pytest.fixture(scope="module")
def servers(sites):
    started = {}
    for audience in ("public", "internal"):
        handler = functools.partial(_Quiet, directory=str(sites / audience))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started[audience] = (server, f"http://127.0.0.1:{server.server_address[1]}")
    yield {audience: url for audience, (_, url) in started.items()}
    for server, _ in started.values():
        server.shutdown()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"])
        yield launched
        launched.close()


@pytest.fixture
def visit(browser):
    """Open a page with the network closed except for the local server (and files on disk); record what
    happened."""
    contexts = []

    def open_page(url: str, **context_options):
        context = browser.new_context(**context_options)
        contexts.append(context)
        log = {"external": [], "console_errors": [], "failed": []}

        def route(r):
            if r.request.url.startswith(("http://127.0.0.1", "data:", "blob:", "file:")):  # local only
                r.continue_()
            else:
                log["external"].append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("console", lambda m: log["console_errors"].append(m.text) if m.type == "error" else None)
        page.on("requestfailed", lambda r: log["failed"].append(r.url))
        page.goto(url, wait_until="networkidle")
        return page, log

    yield open_page
    for context in contexts:
        context.close()


def indicator_records() -> list[dict]:
    result = subprocess.run([sys.executable, "build.py", "indicators", "--format", "json"], cwd=REPO,
                            capture_output=True, text=True, timeout=600)
    return json.loads(result.stdout)


def test_home_cards_show_the_right_numbers_offline(servers, visit):
    page, log = visit(servers["public"] + "/")
    cards = page.locator(".tiendo-cards li")
    records = indicator_records()
    assert cards.count() == len(records)
    texts = [cards.nth(i).inner_text() for i in range(cards.count())]
    for record in records:
        expected = f"Đạt {fmt_percent(record['percent'])} / chỉ tiêu {fmt_percent(record['target_percent'], 0)}"
        assert any(expected in text and str(record["year"]) in text for text in texts), expected
    assert log["external"] == [] and log["console_errors"] == [] and log["failed"] == []


def test_every_image_has_alt_text_on_every_main_page(servers, visit):
    for path in ("/", "/nhom/cbcc/", "/nhom/vien_chuc/", "/ke-hoach/", "/phuong-phap/", "/du-lieu/"):
        page, log = visit(servers["public"] + path)
        images = page.locator("img")
        for i in range(images.count()):
            alt = images.nth(i).get_attribute("alt") or ""
            assert len(alt) > 20, f"{path}: image without a meaningful alt text"
        assert log["external"] == [] and log["console_errors"] == []


def test_search_finds_vietnamese_words_without_diacritics(servers, visit):
    page, _ = visit(servers["public"] + "/")
    box = page.locator(".md-search__input").first
    box.click(force=True)
    box.type("vien chuc lanh dao", delay=30)  # real key presses: the search reacts to them
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    results = page.locator(".md-search-result__item").all_inner_texts()
    assert any("Viên chức" in text for text in results)


def test_internal_pages_carry_the_banner_and_noindex(servers, visit):
    page, log = visit(servers["internal"] + "/don-vi/")
    assert "NỘI BỘ — không công bố" in page.inner_text("body")
    assert page.locator('meta[name="robots"]').get_attribute("content").startswith("noindex")
    assert log["external"] == []


def test_phone_screenshot_of_the_home_page(servers, visit):
    page, log = visit(servers["public"] + "/", viewport={"width": 390, "height": 844}, device_scale_factor=2,
                      is_mobile=True, has_touch=True)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "trang-chu-dien-thoai.png"), full_page=True)
    # nothing wider than the phone: no sideways scrolling of the whole page
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    assert (ARTIFACTS / "trang-chu-dien-thoai.png").stat().st_size > 10_000


def _busiest_unit_page(site: Path) -> tuple[Path, list[dict]]:
    """The internal unit page with the longest list of people below target, and its sections."""
    from tests.htmlpage import data_sections

    best = None
    for path in (site / "internal" / "don-vi").glob("*/index.html"):
        sections = data_sections(path)
        below = next((s for s in sections if s["id"] == "nguoi-chua-dat"), None)
        if below and (best is None or len(below["rows"]) > best[2]):
            best = (path, sections, len(below["rows"]))
    assert best is not None, "no unit page lists people below target"
    return best[0], best[1]


def test_unit_page_draws_its_tables_and_filters_the_people(sites, servers, visit):
    path, sections = _busiest_unit_page(sites)
    url = servers["internal"] + "/" + path.parent.relative_to(sites / "internal").as_posix() + "/"
    page, log = visit(url)
    headings = page.locator(".tiendo-sections h2").all_inner_texts()
    assert headings == [s["title"] for s in sections]
    below = next(s for s in sections if s["id"] == "nguoi-chua-dat")
    table = page.locator("#nguoi-chua-dat ~ .md-typeset__scrollwrap table").first
    assert table.locator("tbody tr").count() == len(below["rows"])
    # every row as the data file has it (by column: names, codes, then labels looked up by code)
    drawn = [row.split("\t") for row in table.locator("tbody tr").all_inner_texts()]
    assert drawn == [[str(v) for v in row] for row in below["rows"]]
    # the filter finds a person typed without diacritics
    name = below["rows"][-1][0]
    folded = "".join(c for c in __import__("unicodedata").normalize("NFD", name.split()[-1])
                     if not __import__("unicodedata").combining(c)).replace("đ", "d").replace("Đ", "D")
    box = page.locator("#nguoi-chua-dat ~ input.tiendo-datatable__filter").first
    box.fill(folded.lower())
    visible = table.locator("tbody tr:not([hidden])")
    assert 1 <= visible.count() < len(below["rows"]) or len(below["rows"]) <= 1
    assert any(name == row.split("\t")[0] for row in visible.all_inner_texts())
    assert log["external"] == [] and log["console_errors"] == []
    # Unit pages carry a flat menu of the top-level pages (not the full nav): each link leads to its page
    menu = page.locator(".md-nav--primary > .md-nav__list > .md-nav__item > a")
    assert menu.all_inner_texts()[:2] == ["Trang chủ", "Chỉ tiêu theo nhóm"] and "Đơn vị" in menu.all_inner_texts()
    # and the tabs (drawn by the same template code) lead to the same pages
    tabs = page.locator(".md-tabs__list > .md-tabs__item > a")
    assert [text.strip() for text in tabs.all_text_contents()] == menu.all_inner_texts()
    assert [a.get_attribute("href") for a in tabs.all()] == [a.get_attribute("href") for a in menu.all()]
    page.locator(".md-nav--primary").get_by_role("link", name="Đơn vị", exact=True).click()
    page.wait_for_load_state()
    assert page.url.rstrip("/").endswith("/don-vi") and page.locator("h1").first.inner_text().startswith("Đơn vị")


def test_unit_page_opened_from_disk_draws_its_tables(sites, visit):
    # A copy of the internal site opened as files (file://): the data file beside the page still loads.
    path, sections = _busiest_unit_page(sites)
    page, log = visit(path.as_uri())
    assert page.locator(".tiendo-sections h2").all_inner_texts() == [s["title"] for s in sections]
    below = next(s for s in sections if s["id"] == "nguoi-chua-dat")
    assert page.locator("#nguoi-chua-dat ~ .md-typeset__scrollwrap table tbody tr").count() == len(below["rows"])
    # Only the search index is missing from disk (Material looks for search_index.js, which its offline
    # plugin writes; the sites are meant to be served): the page's own files all load.
    assert log["external"] == [] and [url for url in log["failed"] if not url.endswith("/search/search_index.js")] == []


def test_names_that_look_like_code_are_shown_as_text_on_unit_pages(tmp_path, browser, visit):
    from tests.conftest import FIXTURES
    from tiendo.cli import main

    data, content = tmp_path / "data", FIXTURES / "small" / "content"
    shutil.copytree(FIXTURES / "small" / "data", data)
    cycle = data / "2025-12-31"
    attack = '<img src=x onerror=window.pwned=1>'
    roster = cycle / "so-noi-vu.csv"
    roster.write_text(roster.read_text(encoding="utf-8").replace("Lưu Văn Bảo", f'"{attack} Bảo"'), encoding="utf-8")
    units = cycle / "don_vi.csv"
    province = 'UBND <b onmouseover="window.pwned=1">tỉnh</b> & Co'  # shown above S1 ("Trực thuộc"), as HTML
    units.write_text(units.read_text(encoding="utf-8")
                     .replace("S1,Sở Nội vụ,", 'S1,"Sở </script><script>window.pwned=1</script>",')
                     .replace("P,UBND tỉnh Thử Nghiệm,", f'P,"{province.replace(chr(34), chr(34) * 2)}",'), encoding="utf-8")
    assert main(["--data", str(data), "--content", str(content), "--out", str(tmp_path / "site")]) == 0
    handler = functools.partial(_Quiet, directory=str(tmp_path / "site" / "internal"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/don-vi"
        parent, log_parent = visit(f"{base}/p/")  # the unit's name, in a link cell of its parent
        assert "Sở </script><script>window.pwned=1</script>" in parent.locator(".tiendo-sections a").all_inner_texts()
        page, log = visit(f"{base}/s1/")  # the person's name, in the people table
        for shown in (parent, page):
            assert shown.evaluate("window.pwned") is None
            assert shown.locator(".tiendo-sections img, .tiendo-sections script").count() == 0
        assert f"{attack} Bảo" in page.locator(".tiendo-sections td").all_inner_texts()
        assert page.locator(".tiendo-unit-head a").all_inner_texts() == [province]
        assert page.locator(".tiendo-unit-head b, .tiendo-unit-head script").count() == 0
        assert page.locator("h1").first.inner_text().rstrip("¶") == "Sở </script><script>window.pwned=1</script>"
        assert log["console_errors"] == [] and log_parent["console_errors"] == []
    finally:
        server.shutdown()
