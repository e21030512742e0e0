"""The site on a phone (390 px wide, headless Debian Chromium): flags and next action before the facts, nothing
wider than the screen, wide tables scrolling in their own box, short stakeholder rows, the risk column in view."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.core.config import DEFAULT_CONFIG
from generator.core.wording.site import word
from generator.site import build_site
from tests.site_browser_support import browser_on
from tests.site_dataset import history

pytestmark = pytest.mark.browser

PHONE_WIDTH = 390
HOSTILE_ACCOUNT = "accounts/script-alert-1-script-7-7-include-x-00000001.html"
MAX_STAKEHOLDER_ROW = 120  # px; a row squeezed into 11 narrow columns was 280


@pytest.fixture(scope="module")
def phone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str]]:
    root = tmp_path_factory.mktemp("phone-site")
    build_site(history(), root / "site", "zh", DEFAULT_CONFIG, strict=True)
    with browser_on(root / "site", tmp_path_factory.mktemp("profile"), width=PHONE_WIDTH, height=844) as (driver, base):
        # A desktop window cannot be narrower than 500 px: emulate the phone's screen, as DevTools' device mode does.
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": PHONE_WIDTH, "height": 844, "deviceScaleFactor": 1, "mobile": True})
        yield driver, base


def _open(driver: Any, url: str) -> None:
    driver.get(url)
    deadline = time.monotonic() + 20
    while driver.execute_script("return document.readyState") != "complete":
        assert time.monotonic() < deadline, "the page did not load"
        time.sleep(0.1)
    time.sleep(0.3)  # charts draw after load; their width counts too


def _overflow(driver: Any) -> int:
    """How many pixels the page is wider than the screen (0 when nothing sticks out)."""
    width: int = driver.execute_script(
        "return Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth")
    return width


def test_the_browser_is_phone_sized(phone: tuple[Any, str]) -> None:
    driver, base = phone
    _open(driver, base + "index.html")
    assert driver.execute_script("return window.innerWidth") == PHONE_WIDTH


@pytest.mark.parametrize("page", ["index.html", "accounts.html", "reps.html", "quality.html", HOSTILE_ACCOUNT,
                                  "reps/img-src-x-onerror-alert-1-63b586b4.html"])
def test_no_page_is_wider_than_the_phone(phone: tuple[Any, str], page: str) -> None:
    driver, base = phone
    _open(driver, base + page)
    assert _overflow(driver) <= 0, page


def test_flags_and_next_action_come_before_the_facts(phone: tuple[Any, str]) -> None:
    driver, base = phone
    _open(driver, base + HOSTILE_ACCOUNT)
    tops = driver.execute_script("""
        const top = selector => document.querySelector(selector).getBoundingClientRect().top;
        return [top('.wp-flag'), top('.wp-next'), top('.wp-facts > div')];""")
    flag, next_action, fact = tops
    assert flag < fact and next_action < fact, tops
    assert next_action < driver.execute_script("return window.innerHeight") * 2  # within the first two screens


def test_the_next_actions_date_is_never_broken_across_lines(phone: tuple[Any, str]) -> None:
    """Chromium breaks "2026-11-01" after a hyphen when the date ends a long text; the date keeps to one line."""
    driver, base = phone
    _open(driver, base + HOSTILE_ACCOUNT)
    lines = driver.execute_script("""
        return [...document.querySelectorAll('.wp-next .wp-date, .wp-facts .wp-date')].map(date => {
            const range = document.createRange(); range.selectNodeContents(date);
            return [date.textContent, new Set([...range.getClientRects()].map(box => Math.round(box.top))).size];
        });""")
    assert lines and all(count == 1 for _, count in lines), lines
    assert {text for text, _ in lines} == {"(2026-11-01)"}


def test_wide_tables_scroll_inside_their_own_box(phone: tuple[Any, str]) -> None:
    driver, base = phone
    _open(driver, base + HOSTILE_ACCOUNT)
    boxes = driver.execute_script("""
        return Array.from(document.querySelectorAll('.wp-table')).map(box => [
            box.getBoundingClientRect().right, box.scrollWidth, box.clientWidth, getComputedStyle(box).overflowX]);""")
    assert boxes
    assert all(right <= PHONE_WIDTH + 0.5 for right, _s, _c, _o in boxes), boxes
    wide = [box for box in boxes if box[1] > box[2]]
    assert wide, "the stakeholder and action tables are wider than a phone: they should scroll"
    assert all(overflow == "auto" for _r, _s, _c, overflow in wide)


def test_stakeholder_rows_are_short(phone: tuple[Any, str]) -> None:
    driver, base = phone
    _open(driver, base + HOSTILE_ACCOUNT)
    heights = driver.execute_script("""
        const heading = Array.from(document.querySelectorAll('h2'))
            .find(h => h.textContent.trim().startsWith(arguments[0]));
        const rows = [];
        for (let node = heading.nextElementSibling; node && node.tagName !== 'H2'; node = node.nextElementSibling) {
            node.querySelectorAll('tbody tr').forEach(row => rows.push(row.getBoundingClientRect().height));
        }
        return rows;""", word("stakeholders", "zh"))
    assert len(heights) == 3, heights  # the dataset's three people
    assert max(heights) <= MAX_STAKEHOLDER_ROW, heights


def test_the_risk_column_of_biggest_risks_is_on_screen(phone: tuple[Any, str]) -> None:
    driver, base = phone
    for page in ("index.html", "reps/img-src-x-onerror-alert-1-63b586b4.html"):
        _open(driver, base + page)
        cells = driver.execute_script("""
            return Array.from(document.querySelectorAll('table.wp-risks tbody tr')).map(row => {
                const box = row.lastElementChild.getBoundingClientRect();
                return [box.left, box.right, box.width];});""")
        assert cells, page
        assert all(left >= 0 and right <= PHONE_WIDTH and width > PHONE_WIDTH / 2 for left, right, width in cells), (
            page, cells)



def test_row_names_leave_the_figures_beside_them_in_view(phone: tuple[Any, str]) -> None:
    """A row header (trust factor, decision factor, software area, person, procurement step) takes at most half the
    screen, so what follows it in the row starts in the screen's first three quarters, before any scrolling."""
    driver, base = phone
    _open(driver, base + HOSTILE_ACCOUNT)
    rows = driver.execute_script("""
        return Array.from(document.querySelectorAll('.wp-table tbody th[scope=row]')).map(th => {
            const next = th.nextElementSibling;
            return [th.textContent.trim().slice(0, 20), th.getBoundingClientRect().width,
                    next ? next.getBoundingClientRect().left : 0];});""")
    assert len(rows) > 20, rows  # people, criteria, relationship plan, trust, uniqueness, software, factors, steps
    wide = [row for row in rows if row[1] > PHONE_WIDTH / 2 or row[2] > PHONE_WIDTH * 0.75]
    assert wide == []

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("page", ["index.html", HOSTILE_ACCOUNT])
def test_axe_finds_nothing_serious_on_a_phone(phone: tuple[Any, str], page: str) -> None:
    """Tables that scroll inside their own box on a phone are reachable by keyboard (axe: scrollable-region-focusable,
    serious, on the stakeholder, criteria and other wide tables and on the relationship map)."""
    if not AXE.is_file():
        from tests.conftest import _require_tool

        _require_tool("tests/node_modules/axe-core (npm ci in tests/)")
    driver, base = phone
    _open(driver, base + page)
    driver.execute_script("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    time.sleep(0.2)
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map("
        "v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))));")
    assert [v for v in result if v["impact"] in ("serious", "critical")] == []
    scrolling = driver.execute_script(
        "return Array.from(document.querySelectorAll('.wp-table')).filter(b => b.scrollWidth > b.clientWidth + 1)"
        ".map(b => b.tabIndex)")
    assert scrolling and all(index == 0 for index in scrolling)  # the check above met scrolling boxes
