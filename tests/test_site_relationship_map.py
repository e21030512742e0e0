"""The account page's relationship map: its layout, the escaped names in its SVG, the coverage gaps above it,
the optional "reports to" column as the reader finds it, and the map as Chromium draws it."""

from __future__ import annotations

import html
import re
import time
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.cell_range import CellRange
from reader_workbooks import GOOD_FIELDS, bare_workbook, filled_workbook

from generator.core.config import DEFAULT_CONFIG
from generator.core.i18n import Language
from generator.core.model import Deal, Stakeholder
from generator.reader import read_workbook
from generator.scoring import score_deal
from generator.scoring.flags import FLAG_CODES
from generator.site import build_site
from generator.site.context.relationship import (
    STAKEHOLDER_FLAG_CODES,
    MapNode,
    relationship_map,
    reporting_lines,
    stakeholder_flags,
)
from tests.site_dataset import AS_OF, HOSTILE, current_deals, harvest_of, history, previous_deals

HOSTILE_ACCOUNT = "accounts/script-alert-1-script-7-7-include-x-00000001.html"
ORG_DEAL = 2  # deal 2 of the dataset gets an org chart in the site tests below


def _deal(*people: Stakeholder) -> Deal:
    return replace(current_deals()[1], stakeholders=people)


def _overlap(a: MapNode, b: MapNode) -> bool:
    return a.x < b.x + b.width and b.x < a.x + a.width and a.y < b.y + b.height and b.y < a.y + a.height


def _assert_drawable(people: tuple[Stakeholder, ...], lang: Language = "en") -> Any:
    drawn = relationship_map(_deal(*people), lang)
    assert drawn is not None
    assert sorted(node.index for node in drawn.nodes) == list(range(len(people)))  # everyone once
    assert [node.name for node in sorted(drawn.nodes, key=lambda n: n.index)] == [
        " ".join(p.name.split()) or "?" for p in people]
    for node in drawn.nodes:
        assert node.x >= 0 and node.x + node.width <= drawn.width
        assert node.y >= 0 and node.y + node.height <= drawn.height
    for n, a in enumerate(drawn.nodes):
        for b in drawn.nodes[n + 1:]:
            assert not _overlap(a, b), (a.name, b.name)
    return drawn


# --- layout -------------------------------------------------------------------------------------------------
ORG = (
    Stakeholder("Chen CEO", role="economic_buyer", influence="high", support=2, reports_to="Board"),
    Stakeholder("Li CIO", role="technical_buyer", influence="high", support=-2, reports_to="chen  ceo"),
    Stakeholder("Wang CFO", role="influencer", influence="medium", support=None, reports_to="Chen CEO"),
    Stakeholder("Zhao", role="coach", influence="low", support=3, reports_to="Li CIO"),
    Stakeholder("Sun", role="user", influence="low", support=0, reports_to="Li CIO"),
)


def test_org_chart_goes_top_down_by_reporting_line() -> None:
    drawn = _assert_drawable(ORG)
    assert drawn.layout == "org"
    by_name = {node.name: node for node in drawn.nodes}
    ceo, cio, cfo, zhao, sun = (by_name[n] for n in ("Chen CEO", "Li CIO", "Wang CFO", "Zhao", "Sun"))
    def middle(node: MapNode) -> float:
        return node.y + node.height / 2

    assert ceo.y + ceo.height < cio.y and middle(cio) == middle(cfo)  # a manager above their reports
    assert cio.y + cio.height < zhao.y and middle(zhao) == middle(sun)
    assert min(zhao.centre, sun.centre) < cio.centre < max(zhao.centre, sun.centre)  # above the middle of reports
    assert len(drawn.lines) == 4  # one line per reporting line inside the table
    assert cio.width > zhao.width  # size shows influence
    assert (ceo.badge, cio.badge, cfo.badge, zhao.badge, sun.badge) == ("EB", "TB", "Inf", "Coa", "U")
    assert (ceo.tone, cio.tone, cfo.tone, zhao.tone, sun.tone) == ("s2", "s-2", "unknown", "s3", "s0")
    assert cfo.support == "?" and cio.support == "-2" and ceo.support == "+2"


def test_people_whose_manager_is_not_in_the_table_start_at_the_top() -> None:
    people = (
        Stakeholder("A", reports_to="Somebody else"),
        Stakeholder("B", reports_to="A"),
        Stakeholder("C", reports_to=""),
    )
    drawn = _assert_drawable(people)
    a, b, c = sorted(drawn.nodes, key=lambda n: n.index)
    assert a.y == c.y < b.y
    assert reporting_lines(people) == [None, 0, None]


def test_a_reporting_cycle_or_self_reference_does_not_loop() -> None:
    people = (
        Stakeholder("A", reports_to="C"),
        Stakeholder("B", reports_to="A"),
        Stakeholder("C", reports_to="B"),
        Stakeholder("Self", reports_to="self"),
        Stakeholder("D", reports_to="Self"),
    )
    assert reporting_lines(people) == [None, 0, 1, None, 3]  # the cycle is cut at its first row
    drawn = _assert_drawable(people)
    assert drawn.layout == "org" and len(drawn.lines) == 3


def test_a_long_reporting_chain_is_drawn_without_recursion() -> None:
    people = tuple(Stakeholder(f"P{n}", reports_to=f"P{n - 1}" if n else "") for n in range(1500))
    managers = reporting_lines(people)
    assert managers[0] is None and managers[-1] == 1498
    drawn = relationship_map(_deal(*people), "en")
    assert drawn is not None and len(drawn.nodes) == 1500 and len(drawn.lines) == 1499


def test_without_reports_to_a_grid_by_influence_with_unknown_support_in_its_own_lane() -> None:
    people = (
        Stakeholder("User low", role="user", influence="low", support=1),
        Stakeholder("Coach", role="coach", influence="high", support=3),
        Stakeholder("EB", role="economic_buyer", influence="high", support=-1),
        Stakeholder("Unknown high", role="technical_buyer", influence="high", support=None),
        Stakeholder("No influence", role=None, influence=None, support=0),
        Stakeholder("Unknown low", role="coordinator", influence="low", support=None),
    )
    drawn = _assert_drawable(people)
    assert drawn.layout == "grid" and drawn.lines == ()
    by_name = {node.name: node for node in drawn.nodes}
    lane = next(lane for lane in drawn.lanes if lane.kind == "unknown")
    for node in drawn.nodes:
        inside = lane.x <= node.x and node.x + node.width <= lane.x + lane.width
        assert inside == (node.tone == "unknown"), node.name
    assert by_name["EB"].x < by_name["Coach"].x  # role order within a row: EB first
    assert by_name["EB"].y == by_name["Coach"].y < by_name["User low"].y < by_name["No influence"].y
    assert by_name["Unknown high"].y == by_name["EB"].y  # the unknown lane keeps the influence rows
    assert by_name["No influence"].badge == ""


def test_a_crowded_row_wraps_and_the_map_stays_readable_width() -> None:
    people = tuple(Stakeholder(f"Person {n}", role="user", influence="medium", support=n % 7 - 3)
                   for n in range(11))
    drawn = _assert_drawable(people)
    assert drawn.width <= 900  # four boxes a line, then the row wraps
    assert len({node.y for node in drawn.nodes}) == 3


def test_names_fit_their_box_and_the_full_name_is_kept() -> None:
    long = "超长客户名称" * 6
    drawn = _assert_drawable((Stakeholder(long, influence="low", support=1), Stakeholder("Short", support=1)))
    first, second = sorted(drawn.nodes, key=lambda n: n.index)
    assert first.name == long and first.short_name.endswith("…") and len(first.short_name) < 9
    assert second.short_name == "Short"


def test_labels_in_both_languages() -> None:
    zh = relationship_map(_deal(*ORG), "zh")
    en = relationship_map(_deal(*ORG), "en")
    assert zh is not None and en is not None
    assert ("EB", "决策者") in zh.role_legend and ("EB", "Economic buyer") in en.role_legend
    assert [e.label for e in en.support_legend] == ["-3", "-2", "-1", "0", "+1", "+2", "+3", "Support unknown"]
    assert "关系图" in zh.title and "Relationship map" in en.title


def test_an_empty_table_draws_no_map() -> None:
    assert relationship_map(_deal(), "en") is None


def test_coverage_gaps_are_the_engine_s_people_flags() -> None:
    assert set(STAKEHOLDER_FLAG_CODES) <= set(FLAG_CODES)
    deal = _deal(Stakeholder("Li", role="user", influence="high", support=-3),
                 Stakeholder("Wu", role="user", influence="low", support=None))
    card = score_deal(deal, AS_OF, DEFAULT_CONFIG)
    codes = [flag.code for flag in stakeholder_flags(card.flags)]
    assert codes == ["no-economic-buyer", "no-coach", "high-influence-opposition", "stakeholders-unknown-support"]
    assert all(flag.code in STAKEHOLDER_FLAG_CODES for flag in stakeholder_flags(card.flags))
    assert any(flag.code not in STAKEHOLDER_FLAG_CODES for flag in card.flags)  # others exist and are left out


# --- the built site -----------------------------------------------------------------------------------------
def _org_history() -> list[Any]:
    """The site dataset with deal 2's people on an org chart, hostile names and reporting lines included."""
    people = (
        Stakeholder("<script>alert(1)</script>", "IT", "CIO", "economic_buyer", "high", 2),
        Stakeholder("{{ 7*7 }}", role="technical_buyer", influence="high", support=-2,
                    reports_to="<script>alert(1)</script>"),
        Stakeholder('<img src=x onerror=alert(1)>', role="coach", influence="low", support=None,
                    reports_to="{{ 7*7 }}"),
    )
    deals = current_deals()
    deals[ORG_DEAL - 1] = replace(deals[ORG_DEAL - 1], stakeholders=people)
    return [harvest_of(2, AS_OF, deals), harvest_of(1, history()[1].snapshot.as_of, previous_deals())]


def _built(lang: Language, tmp_path_factory: pytest.TempPathFactory) -> tuple[Language, Path]:
    root = tmp_path_factory.mktemp(f"relmap-{lang}")
    build_site(_org_history(), root / "site", lang, DEFAULT_CONFIG, strict=True)
    return lang, root / "site"


@pytest.fixture(scope="module", params=["zh", "en"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Language, Path]:
    return _built(request.param, tmp_path_factory)


@pytest.fixture(scope="module")
def zh_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Language, Path]:
    """One language is enough for the picture."""
    return _built("zh", tmp_path_factory)


class _Svg(HTMLParser):
    """The tags inside the page's relationship-map SVG and the text of its <text> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.titles: list[str] = []
        self.texts: list[str] = []
        self._current: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg" and any(k == "class" and v and "wp-relmap-svg" in v for k, v in attrs):
            self.inside = True
        if self.inside:
            self.tags.append((tag, dict(attrs)))
            self._current = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self.inside = False
        self._current = None

    def handle_data(self, data: str) -> None:
        if self.inside and self._current == "title":
            self.titles.append(data)
        elif self.inside and self._current == "text":
            self.texts.append(data)


def _account(site: Path, number: int) -> Path:
    return next((site / "accounts").glob(f"*-0000000{number}.html"))


def _svg_source(page: str) -> str:
    match = re.search(r"<svg class=\"wp-relmap-svg.*?</svg>", page, re.S)
    assert match, "no relationship map on the page"
    return match.group(0)


def test_the_svg_holds_every_name_escaped_and_no_markup_from_the_cells(site: tuple[Language, Path]) -> None:
    _lang, folder = site
    for number in (1, ORG_DEAL):
        page = _account(folder, number).read_text(encoding="utf-8")
        svg = _svg_source(page)
        people = {1: current_deals()[0], ORG_DEAL: _org_history()[0].deals[ORG_DEAL - 1].deal}[number].stakeholders
        parser = _Svg()
        parser.feed(page)
        assert {tag for tag, _ in parser.tags} <= {"svg", "title", "desc", "defs", "pattern", "line", "rect", "g",
                                                   "text", "tspan", "path"}
        assert not any(name.startswith("on") or (value or "").lstrip().lower().startswith("javascript")
                       for _, attrs in parser.tags for name, value in attrs.items())
        for person in people:
            assert str(html.escape(person.name, quote=True)).replace("{", "&#123;").replace("}", "&#125;") in svg
            assert sum(1 for title in parser.titles if title.startswith(person.name + " · ")) == 1  # once, as text
        for hostile in HOSTILE[:2]:
            assert hostile not in svg


def test_the_org_chart_and_the_reports_to_column(site: tuple[Language, Path]) -> None:
    lang, folder = site
    page = _account(folder, ORG_DEAL).read_text(encoding="utf-8")
    svg = _svg_source(page)
    assert "wp-relmap-org" in svg and svg.count('class="wp-rm-line"') == 2
    assert ("汇报对象" if lang == "zh" else "Reports to") in page
    assert "wp-rm-unknown" in svg  # the coach's support is unknown: hatched
    other = _account(folder, 1).read_text(encoding="utf-8")
    assert "wp-relmap-grid" in _svg_source(other)
    assert ("汇报对象" if lang == "zh" else "Reports to") not in other  # nobody fills it: no empty column


def test_coverage_gaps_sit_above_the_map(site: tuple[Language, Path]) -> None:
    lang, folder = site
    page = _account(folder, 1).read_text(encoding="utf-8")
    gaps = page.index("wp-relmap-gaps")
    assert gaps < page.index('class="wp-relmap"') < page.index("wp-relmap-svg")
    block = page[gaps:page.index("</div>", gaps)]
    expected = [flag.message(lang) for flag in history()[0].deals[0].scorecard.flags
                if flag.code in STAKEHOLDER_FLAG_CODES]
    assert expected and all(html.escape(message, quote=True) in block for message in expected)
    assert block.count("<li") == len(expected)


# --- the reader ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_reader_finds_reports_to_by_header_in_both_languages(tmp_path: Path, lang: Language) -> None:
    rows = [{"name": "王总", "role": "EB 决策者" if lang == "zh" else "EB Economic buyer"},
            {"name": "李工", "reports_to": " 王总 "}]
    path = filled_workbook(tmp_path / "deal.xlsx", lang, tables={"Stakeholders": rows})
    book = openpyxl.load_workbook(path)
    headers = {cell.value for ws in book.worksheets for table in ws.tables.values() if table.name == "Stakeholders"
               for cell in ws[table.ref.split(":")[0][1:]]}
    assert ("汇报对象" if lang == "zh" else "Reports to") in headers
    reading = read_workbook(path)
    assert reading.deal is not None
    assert [(p.name, p.reports_to) for p in reading.deal.stakeholders] == [("王总", ""), ("李工", "王总")]
    assert not [p for p in reading.problems if p.code == "missing-column"]


@pytest.mark.parametrize(("lang", "header"), [("zh", "Reports to"), ("en", "汇报对象"), ("en", " reports  TO ")])
def test_the_column_is_found_by_either_language_s_header_anywhere(tmp_path: Path, lang: Language,
                                                                   header: str) -> None:
    path = bare_workbook(tmp_path / "bare.xlsx", lang, GOOD_FIELDS[lang], {
        "Stakeholders": ([header, "Name", "Role"], [["Boss", "Ann", "Coa"], [None, "Boss", "EB"]]),
    })
    reading = read_workbook(path)
    assert reading.deal is not None
    assert [(p.name, p.reports_to) for p in reading.deal.stakeholders] == [("Ann", "Boss"), ("Boss", "")]
    missing = " ".join(p.message.en for p in reading.problems if p.code == "missing-column")
    assert "Reports to" not in missing and "Department" in missing  # other optional columns are still named


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_old_workbook_without_the_column_reads_without_a_problem(tmp_path: Path, lang: Language) -> None:
    new = filled_workbook(tmp_path / "new.xlsx", lang)
    old = tmp_path / "old.xlsx"
    _drop_column(new, old, "Stakeholders", "汇报对象" if lang == "zh" else "Reports to")
    reading, fresh = read_workbook(old), read_workbook(new)
    assert reading.deal is not None and fresh.deal is not None
    assert reading.deal.stakeholders == fresh.deal.stakeholders
    assert all(p.reports_to == "" for p in reading.deal.stakeholders)
    assert [p.code for p in reading.problems] == [p.code for p in fresh.problems]


def _drop_column(source: Path, target: Path, table_name: str, header: str) -> None:
    """Save `source` as `target` with one column of a table deleted, as a workbook from before that column."""
    book = openpyxl.load_workbook(source)
    for ws in book.worksheets:
        for table in ws.tables.values():
            if table.name != table_name:
                continue
            min_col, min_row, max_col, max_row = range_boundaries(table.ref)
            assert min_col is not None and min_row is not None and max_col is not None and max_row is not None
            headers = [ws.cell(min_row, col).value for col in range(min_col, max_col + 1)]
            ws.delete_cols(min_col + headers.index(header))
            table.ref = CellRange(min_col=min_col, min_row=min_row, max_col=max_col - 1, max_row=max_row).coord
            if table.autoFilter is not None:
                table.autoFilter.ref = table.ref
            table.tableColumns = [column for column in table.tableColumns if column.name != header]
            for number, column in enumerate(table.tableColumns, start=1):
                column.id = number
    book.save(target)
    check = openpyxl.load_workbook(target)
    assert not any(cell.value == header for ws in check.worksheets for row in ws.iter_rows() for cell in row)


# --- in the browser -----------------------------------------------------------------------------------------
@pytest.mark.browser
def test_chromium_draws_the_map_in_light_and_dark(zh_site: tuple[Language, Path],
                                                  tmp_path_factory: pytest.TempPathFactory) -> None:
    from tests.site_browser_support import browser_on, distinct_colours, png_pixels

    _lang, folder = zh_site
    shots = tmp_path_factory.mktemp("relmap-shots")
    with browser_on(folder, tmp_path_factory.mktemp("profile"), width=1280, height=1000) as (driver, base):
        for number in (1, ORG_DEAL):
            driver.get(base + _account(folder, number).relative_to(folder).as_posix())
            for scheme in ("default", "slate"):
                driver.execute_script(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
                figure = driver.find_element("id", "relationship-map")
                driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", figure)
                time.sleep(0.3)
                png = figure.screenshot_as_png
                (shots / f"account-{number}-{scheme}.png").write_bytes(png)
                width, height, _rows = png_pixels(png)
                assert width > 300 and height > 150
                assert distinct_colours(png) >= 12, f"the map of account {number} ({scheme}) looks blank"
                svg = driver.find_element("css selector", "#relationship-map svg")
                box = driver.execute_script("const r = arguments[0].getBoundingClientRect();"
                                            "return [r.width, r.height]", svg)
                assert box == [float(svg.get_attribute("width")), float(svg.get_attribute("height"))]  # not shrunk
                # every name is on screen as text, not only in a tooltip
                texts = driver.execute_script(
                    "return Array.from(document.querySelectorAll('#relationship-map text.wp-rm-name'))"
                    ".map(t => [t.textContent, t.getBBox().width, getComputedStyle(t).fill])")
                assert texts and all(text and width_ > 5 for text, width_, _fill in texts)
                fills = driver.execute_script(
                    "return Array.from(document.querySelectorAll('#relationship-map .wp-rm-box'))"
                    ".map(r => getComputedStyle(r).fill)")
                assert len(set(fills)) >= 2
        hostile = "return document.querySelectorAll('main [onerror], main img[src=\"x\"]').length"
        assert driver.execute_script(hostile) == 0
    print(f"screenshots in {shots}")
