"""The site built in strict mode from the small fixed dataset: pages, links, navigation, escaping, search index."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.core.config import DEFAULT_CONFIG
from generator.core.i18n import Language
from generator.site import SiteReport, build_site, generated_pages
from generator.site.render import GeneratedPages
from tests.site_dataset import HOSTILE, current_deals, history


@pytest.fixture(scope="module", params=["zh", "en"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
          ) -> tuple[SiteReport, GeneratedPages]:
    lang: Language = request.param
    root = tmp_path_factory.mktemp(f"site-{lang}")
    report = build_site(history(), root / "site", lang, DEFAULT_CONFIG, strict=True)
    return report, generated_pages(history(), lang, DEFAULT_CONFIG)


class _Tags(HTMLParser):
    """Collects every start tag with its attributes, and the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def _parse(path: Path) -> _Tags:
    parser = _Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_strict_build_writes_every_page(built: tuple[SiteReport, GeneratedPages]) -> None:
    report, _docs = built
    site = report.out
    assert report.accounts == 6 and report.reps == 4
    for name in ("index.html", "accounts.html", "reps.html", "quality.html", "about.html", "methodology.html"):
        assert (site / name).is_file(), name
    assert len(list((site / "accounts").glob("*.html"))) == 6
    assert len(list((site / "reps").glob("*.html"))) == 4


def test_no_page_runs_or_loads_anything_from_cell_text(built: tuple[SiteReport, GeneratedPages]) -> None:
    report, _docs = built
    for page in _pages(report.out):
        parsed = _parse(page)
        for tag, attrs in parsed.tags:
            assert not any(name.startswith("on") for name in attrs), (page, tag, attrs)
            if tag == "img":
                assert attrs.get("src") != "x", page
            for name in ("href", "src", "action", "formaction"):
                value = (attrs.get(name) or "").strip().lower()
                assert not value.startswith(("javascript:", "data:text", "vbscript:")), (page, tag, value)
            if tag == "script":
                # Only the theme's and our own scripts, and JSON data blocks.
                src = attrs.get("src")
                assert src is None or not urlsplit(src).scheme, (page, src)


def test_hostile_text_is_shown_as_the_same_text(built: tuple[SiteReport, GeneratedPages]) -> None:
    report, _docs = built
    account = next(p for p in (report.out / "accounts").glob("*.html") if "00000001" in p.name)
    visible = " ".join(_parse(account).text)
    for hostile in HOSTILE:
        assert hostile in visible, hostile
    raw = account.read_text(encoding="utf-8")
    assert "<script>alert" not in raw and "<img src=x" not in raw
    assert "root:x:0:0" not in raw  # the snippet marker did not include /etc/passwd


def test_titles_are_escaped_where_the_theme_prints_them(built: tuple[SiteReport, GeneratedPages]) -> None:
    report, _docs = built
    account = next(p for p in (report.out / "accounts").glob("*.html") if "00000001" in p.name)
    raw = account.read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", raw, re.S)
    assert title is not None and "&lt;script&gt;alert(1)&lt;/script&gt;" in title.group(1)


def test_only_http_links_leave_the_site_and_every_local_link_resolves(built: tuple[SiteReport, GeneratedPages]) -> None:
    report, _docs = built
    site = report.out
    external = []
    for page in _pages(site):
        if page.name == "404.html":
            continue  # MkDocs writes the error page with root-absolute links, for any depth
        for tag, attrs in _parse(page).tags:
            for name in ("href", "src"):
                value = attrs.get(name)
                if not value or value.startswith("#"):
                    continue
                parts = urlsplit(value)
                if parts.scheme:
                    assert parts.scheme in ("http", "https"), (page, value)
                    assert tag == "a", (page, tag, value)  # nothing is loaded from outside
                    external.append(value)
                    continue
                target = (page.parent / unquote(parts.path)).resolve()
                if parts.path == "" or value.endswith("/"):
                    continue
                assert target.exists(), (page, value)
    assert external == ["https://example.invalid/plan"] * len(external)


def test_navigation_stays_small(built: tuple[SiteReport, GeneratedPages]) -> None:
    report, _docs = built
    overview = (report.out / "index.html").read_text(encoding="utf-8")
    nav = re.search(r'<nav class="md-nav md-nav--primary[^"]*".*?</nav>', overview, re.S)
    assert nav is not None
    assert "accounts/" not in nav.group(0) and "reps/" not in nav.group(0)


def test_no_external_fonts_or_assets(built: tuple[SiteReport, GeneratedPages]) -> None:
    report, _docs = built
    for page in _pages(report.out):
        raw = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in raw and "fonts.gstatic" not in raw
        for tag, attrs in _parse(page).tags:
            if tag in ("link", "script", "img", "iframe", "source"):
                for name in ("href", "src"):
                    assert not urlsplit(attrs.get(name) or "").netloc, (page, tag, attrs)


def test_account_pages_have_every_section(built: tuple[SiteReport, GeneratedPages]) -> None:
    _report, docs = built
    page = next(src_uri for src_uri in docs.markdown if src_uri.startswith("accounts/") and "00000001" in src_uri)
    markdown = docs.page(page)
    for marker in ("wp-facts", "wp-flags", "wp-swot", "wp-relmap-svg", "chart-criteria", "wp-overdue",
                   "chart-history", "wp-source"):
        assert marker in markdown, marker


def test_search_index_has_chinese_words_from_inside_sentences(built: tuple[SiteReport, GeneratedPages]) -> None:
    report, _docs = built
    index = json.loads((report.out / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    tokens = {token for doc in index["docs"] for token in separator.split(doc["text"])}
    assert "财务" in tokens  # from 客户希望在年底前完成财务系统升级并统一集团报表


def test_account_search_entries_name_the_account_and_the_section(built: tuple[SiteReport, GeneratedPages]) -> None:
    """A search result shows which account and which section of it matched (Material lists sections of a page)."""
    report, _docs = built
    index = json.loads((report.out / "search" / "search_index.json").read_text(encoding="utf-8"))
    account = "accounts/script-alert-1-script-7-7-include-x-00000001.html"
    entries = {doc["location"]: doc for doc in index["docs"] if doc["location"].startswith(account)}
    assert account in entries and f"{account}#s-flags" in entries
    page = (report.out / unquote(account)).read_text(encoding="utf-8")
    for location, doc in entries.items():
        if "#" in location:
            assert f'id="{location.split("#")[1]}"' in page  # every section entry leads to its anchor
            assert doc["title"].startswith(entries[account]["title"] + " · ")
    stakeholders = next(doc for location, doc in entries.items() if location.endswith("#s-stakeholders"))
    for person in current_deals()[0].stakeholders:  # as text: Material's search inserts entries as HTML
        assert html.escape(person.name, quote=False) in stakeholders["text"].replace("\u200b", "")


def test_charts_are_inline_svg_with_cell_text_as_text(built: tuple[SiteReport, GeneratedPages]) -> None:
    report, _docs = built
    site = report.out
    raw = (site / "index.html").read_text(encoding="utf-8")
    charts = re.findall(r'<div class="wp-chart" id="chart-([a-z]+)"><svg class="wp-svg[^"]*"(.*?)</svg></div>', raw,
                        re.S)
    assert [name for name, _svg in charts] == ["movement", "funnel", "forecast", "reps", "matrix"]
    for _name, svg in charts:
        assert "<script" not in svg and "<img" not in svg and "<foreignObject" not in svg
    matrix = charts[4][1]
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;" in matrix  # the hostile customer, as text
    funnel = charts[1][1]
    assert funnel.count('class="wp-bar"') == 16  # 8 stages, amount and weighted
    for href in re.findall(r'<a href="([^"]+)">', funnel + charts[2][1] + charts[3][1] + matrix):
        target = site / unquote(urlsplit(href.replace("&amp;", "&")).path)
        assert target.is_file(), href  # every bar and point leads to a page of the site


JS_BUDGET = 1_500_000  # bytes of JavaScript any one page may load (issue 12)


def test_no_page_loads_more_than_the_javascript_budget(built: tuple[SiteReport, Path]) -> None:
    report, _docs = built
    site = report.out.resolve()
    assert not list(site.rglob("plotly*"))
    loads: dict[str, int] = {}
    for page in _pages(site):
        total = 0
        for tag, attrs in _parse(page).tags:
            src = attrs.get("src") if tag == "script" else None
            if src:
                assert not urlsplit(src).scheme and not src.startswith("//"), (page, src)  # served by the site
                path = unquote(urlsplit(src).path)  # 404.html links from the site root, other pages relatively
                script = (site / path.lstrip("/") if path.startswith("/") else page.parent / path).resolve()
                assert script.is_file() and site in script.parents, (page, src)
                total += script.stat().st_size
        loads[str(page.relative_to(site))] = total
    assert max(loads.values()) <= JS_BUDGET, max(loads.items(), key=lambda item: item[1])
    assert loads["index.html"] > 0  # the theme's and winplan's scripts are counted


def test_front_matter_titles_are_json_quoted(built: tuple[SiteReport, GeneratedPages]) -> None:
    _report, docs = built
    for src_uri in (page for page in docs.markdown if page.startswith("accounts/")):
        line = docs.markdown[src_uri].splitlines()[1]
        assert line.startswith("title: ")
        assert isinstance(json.loads(line[len("title: "):]), str)


def test_a_harvest_without_deals_still_builds(tmp_path: Path) -> None:
    from dataclasses import replace

    first = history()[0]
    empty = replace(first, deals=(), workbooks=first.workbooks[-2:], conflicts=())
    report = build_site([empty], tmp_path / "site", "en", DEFAULT_CONFIG, strict=True)
    assert report.accounts == 0 and report.reps == 0
    overview = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "This is the first harvest" in overview
    assert "The file cannot be opened" in (tmp_path / "site" / "quality.html").read_text(encoding="utf-8")


def test_the_site_serves_the_blank_templates_and_the_lite_wheel(built: tuple[SiteReport, GeneratedPages]) -> None:
    """Reps download the templates, and xlwings Lite installs the Score wheel, from the team's site."""
    import zipfile

    from generator.resources import blank_templates
    from generator.workbook.lite_wheel import wheel_name

    report, _pages = built
    downloads = report.out / "downloads"
    templates = sorted(blank_templates().glob("winplan-template-*.xls[xm]"))
    assert len(templates) == 4
    for template in templates:
        assert (downloads / template.name).read_bytes() == template.read_bytes()
    with zipfile.ZipFile(downloads / wheel_name()) as wheel:
        names = wheel.namelist()
    assert "worksheets/lite/main.py" in names and any(name.endswith(".dist-info/RECORD") for name in names)
