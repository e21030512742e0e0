"""Adding a field to the spec is enough: the template, the filler, the reader, the store and the site carry it.

The fixture adds three test-only fields to the summary sheet of the spec (nothing else is edited), the way a
new field is added: a text, a date and a drop-down field the model has no attribute for. A template written from that
spec has them, a deal carrying values for them (Deal.more_fields) is filled into it and read back equal, and
the account page shows them with the spec's label, in the page and in search. Without the fixture the template
has no such cells, so the test does not pass by accident. A table added the same way (on a sheet of its own)
is written, filled and read back through Deal.more_tables, and shown on the account page as a section of its own
(the spec's title and column labels, values by column kind) that search finds, its cells kept as text.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from generator.core import binding, spec
from generator.core.config import DEFAULT_CONFIG
from generator.core.i18n import Bilingual as B
from generator.core.i18n import Language
from generator.core.model import Deal, Scope
from generator.core.serialize import deal_from_dict, to_jsonable
from generator.reader import read_workbook
from generator.site import build_site, generated_pages
from generator.site.context.account import AccountContext, build_account
from generator.site.context.common import build_index
from generator.site.search_entries import account_entries
from generator.workbook.filler import fill_cells, fill_workbook
from generator.workbook.template import write_template
from tests.deal_factory import healthy_deal
from tests.site_dataset import AS_OF, harvest_of

PARTNER = spec.Field("test_partner", B("合作伙伴", "Implementation partner"), optional=True)
KICKOFF = spec.Field("test_kickoff", B("启动会日期", "Kick-off meeting"), "date", optional=True)
PRIORITY = spec.Field("test_priority", B("优先级", "Priority"), "choice", "influence", optional=True)
ADDED = (PARTNER, KICKOFF, PRIORITY)
VALUES = {"test_partner": "东方咨询 Orient Consulting", "test_kickoff": date(2026, 12, 7), "test_priority": "high"}
RISKS = spec.Table("TestRisks", B("风险清单", "Risk register"), (
    spec.Column("risk", B("风险", "Risk"), "longtext", required=True, width=30),
    spec.Column("impact", B("影响", "Impact"), "choice", "influence"),
    spec.Column("review", B("复核日期", "Review date"), "date"),
), blank_rows=3, optional=True)
RISK_ROWS = ({"risk": "预算冻结 budget freeze", "impact": "high", "review": date(2026, 12, 1)},
             {"risk": "Key user leaves", "impact": None, "review": None})
# A cell a hostile or careless user typed: HTML, template syntax, Markdown emphasis and a javascript link.
HOSTILE_RISK = "<script>alert('risk')</script> {{ 7*7 }} **not bold** [x](javascript:alert(1))"


@pytest.fixture
def extended_spec(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The spec with the ADDED fields appended to the summary sheet's fields."""
    summary = dataclasses.replace(spec.SUMMARY, fields=(*spec.SUMMARY.fields, *ADDED))
    monkeypatch.setattr(spec, "SUMMARY", summary)
    monkeypatch.setattr(spec, "SHEETS", tuple(summary if s.key == "summary" else s for s in spec.SHEETS))
    for field in ADDED:
        monkeypatch.setitem(spec.ALL_FIELDS, field.name, field)
        monkeypatch.setitem(spec.SHEET_OF, field.name, summary)
    yield


@pytest.fixture
def extended_tables(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The spec with RISKS on a sheet of its own, before the scores."""
    sheet = spec.Sheet("test_risks", B("风险清单", "Risks"), tables=(RISKS,))
    at = spec.SHEETS.index(spec.SCORES_SHEET)
    monkeypatch.setattr(spec, "SHEETS", (*spec.SHEETS[:at], sheet, *spec.SHEETS[at:]))
    monkeypatch.setitem(spec.ALL_TABLES, RISKS.name, RISKS)
    monkeypatch.setitem(spec.SHEET_OF, RISKS.name, sheet)
    yield


def _deal(lang: Language, **changes: object) -> Deal:
    # The scope adds up to the amount so the deal reads back without a warning about it.
    return healthy_deal(language=lang, more_fields=dict(VALUES),
                        scope=Scope(application_software=600_000.0, services=400_000.0), **changes)


def _round_trip(tmp_path: Path, lang: Language, **changes: object) -> tuple[Deal, Deal]:
    template = tmp_path / f"template-{lang}.xlsx"
    write_template(template, lang)
    deal = _deal(lang, **changes)
    filled = tmp_path / f"deal-{lang}.xlsx"
    fill_workbook(template, deal, filled, lang=lang)
    reading = read_workbook(filled)
    assert reading.deal is not None, reading.problems
    assert [p for p in reading.problems if p.severity == "error"] == []
    return deal, reading.deal


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_field_added_to_the_spec_is_in_the_template_with_its_label(
        extended_spec: None, tmp_path: Path, lang: Language) -> None:
    template = tmp_path / "template.xlsx"
    write_template(template, lang)
    book = openpyxl.load_workbook(template)
    for field in ADDED:
        sheet, ref = next(iter(book.defined_names[field.name].destinations))
        assert sheet == spec.SUMMARY.title(lang)
        labels = [cell.value for row in book[sheet].iter_rows() for cell in row if cell.value is not None]
        assert field.label(lang) in labels, ref


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_field_added_to_the_spec_is_filled_and_read_back_equal(
        extended_spec: None, tmp_path: Path, lang: Language) -> None:
    deal, read = _round_trip(tmp_path, lang)
    assert read.more_fields == VALUES  # the drop-down's code, though the cell holds the label of `lang`
    book = openpyxl.load_workbook(tmp_path / f"deal-{lang}.xlsx")
    sheet, ref = next(iter(book.defined_names[PRIORITY.name].destinations))
    assert book[sheet][ref.replace("$", "")].value == ("高" if lang == "zh" else "High")
    assert read.sources["test_partner"].startswith(spec.SUMMARY.title(lang) + "!")
    assert dataclasses.replace(read, template_version=deal.template_version) == deal  # nothing else moved
    assert deal_from_dict(to_jsonable(read)).more_fields == VALUES  # the store keeps it, the date as a date


def test_a_field_added_to_the_spec_is_shown_on_the_account_page_and_found_by_search(
        extended_spec: None, tmp_path: Path) -> None:
    _, read = _round_trip(tmp_path, "en")
    harvest = harvest_of(1, AS_OF, [read])
    view = build_index(harvest, "en", DEFAULT_CONFIG).deals[0]
    account = build_account(view, [], build_index(harvest, "en", DEFAULT_CONFIG), "en")
    facts = {fact.label: fact for fact in account.facts}
    assert facts["Implementation partner"].value == "东方咨询 Orient Consulting"
    assert facts["Kick-off meeting"].value == "2026-12-07"
    assert facts["Priority"].value == "High"
    assert "东方咨询 Orient Consulting" in account_entries(account, "en")[0]["text"]
    docs = generated_pages([harvest], "en", DEFAULT_CONFIG)
    page = next(docs.page(uri) for uri in docs.markdown if uri.startswith("accounts/") and uri != "accounts.md")
    assert "<dt>Implementation partner</dt><dd>东方咨询 Orient Consulting</dd>" in page
    assert "<dt>Kick-off meeting</dt><dd>2026-12-07</dd>" in page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_table_added_to_the_spec_is_filled_and_read_back_equal(
        extended_spec: None, extended_tables: None, tmp_path: Path, lang: Language) -> None:
    deal, read = _round_trip(tmp_path, lang, more_tables={RISKS.name: RISK_ROWS})
    assert read.more_tables == {RISKS.name: RISK_ROWS}
    assert read.sources[RISKS.name].startswith("风险清单!" if lang == "zh" else "Risks!")
    assert dataclasses.replace(read, template_version=deal.template_version) == deal
    assert deal_from_dict(to_jsonable(read)).more_tables == {RISKS.name: RISK_ROWS}


def test_without_the_spec_field_the_workbook_has_no_place_for_it(tmp_path: Path) -> None:
    """The control: the unextended spec has no such field, so filling a deal that carries one fails loudly."""
    template = tmp_path / "template.xlsx"
    write_template(template, "zh")
    assert "test_partner" not in openpyxl.load_workbook(template).defined_names
    with pytest.raises(KeyError):
        binding.field_value(_deal("zh"), "test_partner")


def test_a_spec_path_the_model_has_not_got_is_an_error_not_a_silent_more_field() -> None:
    typo = spec.Field("scope_hardwre", B("硬件", "Hardware"), "amount", to="scope.hardwre")
    with pytest.raises(LookupError, match="Scope has no attribute 'hardwre'"):
        binding.field_target(typo)


def test_a_cell_kind_that_cannot_fill_the_model_attribute_is_an_error() -> None:
    wrong = spec.Field("amount_as_text", B("金额", "Amount"), "text", to="amount")  # text into a float
    with pytest.raises(TypeError, match="a text cell cannot fill"):
        binding.field_target(wrong)
    tender = spec.Field("tender_2", B("是否招标", "Tender?"), "choice", "yes_no", to="is_tender")
    assert binding.field_target(tender).model_value("no") is False  # a yes/no choice fills a bool


def _account_of(read: Deal, lang: Language) -> AccountContext:
    index = build_index(harvest_of(1, AS_OF, [read]), lang, DEFAULT_CONFIG)
    return build_account(index.deals[0], [], index, lang)


@pytest.mark.parametrize(("lang", "shown"), [
    ("en", ("Risk register", ("Risk", "Impact", "Review date"), "High", "Medium")),
    ("zh", ("风险清单", ("风险", "影响", "复核日期"), "高", "中")),
])
def test_a_table_added_to_the_spec_is_a_section_of_the_account_page_with_its_labels(
        extended_spec: None, extended_tables: None, tmp_path: Path, lang: Language,
        shown: tuple[str, tuple[str, ...], str, str]) -> None:
    rows = (*RISK_ROWS, {"risk": HOSTILE_RISK, "impact": "medium", "review": None})
    _, read = _round_trip(tmp_path, lang, more_tables={RISKS.name: rows})
    title, headers, high, medium = shown
    [table] = _account_of(read, lang).more_tables
    assert (table.title, table.headers) == (title, headers)
    assert table.rows == (("预算冻结 budget freeze", high, "2026-12-01"), ("Key user leaves", "–", "–"),
                          (HOSTILE_RISK, medium, "–"))  # the drop-down's label, the day; blank cells as a dash


def test_a_table_added_to_the_spec_is_on_the_built_page_and_in_search_as_text(
        extended_spec: None, extended_tables: None, tmp_path: Path) -> None:
    rows = (*RISK_ROWS, {"risk": HOSTILE_RISK, "impact": "medium", "review": None})
    _, read = _round_trip(tmp_path, "en", more_tables={RISKS.name: rows})
    entries = {entry["location"].partition("#")[2]: entry for entry in account_entries(_account_of(read, "en"), "en")}
    entry = entries["s-table-testrisks"]
    assert entry["title"].endswith(" · Risk register")
    for text in ("预算冻结 budget freeze", "High", "2026-12-01", "Key user leaves", HOSTILE_RISK):
        assert text in entry["text"], text
    assert "–" not in entry["text"]  # the page's dash for a blank cell is not something to search for

    harvest = harvest_of(1, AS_OF, [read])
    build_site([harvest], tmp_path / "site", "en", DEFAULT_CONFIG, strict=True)
    [page_file] = (tmp_path / "site" / "accounts").glob("*.html")
    page = page_file.read_text(encoding="utf-8")
    assert '<a id="s-table-testrisks"></a>' in page
    assert '<h2 id="risk-register">Risk register<a class="headerlink"' in page
    assert '<th scope="col">Risk</th><th scope="col">Impact</th><th scope="col">Review date</th>' in page
    assert "<td>预算冻结 budget freeze</td><td>High</td><td>2026-12-01</td>" in page
    # The hostile cell is shown as the text it is: no element, no template evaluated, no emphasis, no link.
    assert "<td>&lt;script&gt;alert(&#x27;risk&#x27;)&lt;/script&gt; &#123;&#123; 7*7 &#125;&#125; **not bold** " \
           "[x](javascript:alert(1))</td>" in page
    assert "<script>alert('risk')" not in page and "<strong>not bold" not in page
    assert 'href="javascript' not in page and "49" not in page.split("s-table-testrisks")[1].split("</table>")[0]
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    [found] = [doc for doc in index["docs"] if doc["location"].endswith("#s-table-testrisks")]
    # Material's search UI inserts the text as HTML: the index holds it escaped (Chinese split into words).
    assert "&lt;script&gt;alert('risk')&lt;/script&gt; {{ 7*7 }} **not bold**" in found["text"]
    assert "预算\u200b冻结\u200b budget freeze High" in found["text"] and "<script>" not in found["text"]


def test_a_table_added_to_the_spec_without_rows_shows_nothing(
        extended_spec: None, extended_tables: None, tmp_path: Path) -> None:
    _, read = _round_trip(tmp_path, "en")
    assert read.more_tables == {RISKS.name: ()}  # read, with no rows
    account = _account_of(read, "en")
    assert account.more_tables == ()
    assert not any("s-table-" in entry["location"] for entry in account_entries(account, "en"))
    docs = generated_pages([harvest_of(1, AS_OF, [read])], "en", DEFAULT_CONFIG)
    page = next(docs.page(uri) for uri in docs.markdown if uri.startswith("accounts/") and uri != "accounts.md")
    assert "Risk register" not in page and "s-table-" not in page


SHARE = spec.Field("test_share", B("钱包份额", "Share of wallet"), "percent", minimum=0, maximum=100, optional=True)


@pytest.fixture
def extended_percent(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The spec with a percentage field (SHARE) appended to the summary sheet's fields."""
    summary = dataclasses.replace(spec.SUMMARY, fields=(*spec.SUMMARY.fields, SHARE))
    monkeypatch.setattr(spec, "SUMMARY", summary)
    monkeypatch.setattr(spec, "SHEETS", tuple(summary if s.key == "summary" else s for s in spec.SHEETS))
    monkeypatch.setitem(spec.ALL_FIELDS, SHARE.name, summary.fields[-1])
    monkeypatch.setitem(spec.SHEET_OF, SHARE.name, summary)
    yield


def test_a_percentage_field_added_to_the_spec_is_written_as_a_fraction_and_read_back_as_a_percentage(
        extended_percent: None, tmp_path: Path) -> None:
    template = tmp_path / "template.xlsx"
    write_template(template, "en")
    deal = healthy_deal(language="en", more_fields={"test_share": 35.0},
                        scope=Scope(application_software=600_000.0, services=400_000.0))
    filled = tmp_path / "deal.xlsx"
    fill_workbook(template, deal, filled, lang="en")
    book = openpyxl.load_workbook(filled)
    sheet, ref = next(iter(book.defined_names[SHARE.name].destinations))
    assert book[sheet][ref.replace("$", "")].value == pytest.approx(0.35)  # a %-formatted cell holds the fraction
    reading = read_workbook(filled)
    assert reading.deal is not None and reading.deal.more_fields == {"test_share": pytest.approx(35.0)}


@pytest.mark.parametrize(("typed", "read"), [(0.35, 35.0), ("35%", 35.0), (35, 35.0), (1, 100.0), (150, None)])
def test_a_percentage_cell_reads_as_reps_type_it(extended_percent: None, tmp_path: Path, typed: object,
                                                  read: float | None) -> None:
    """0.35 is what Excel stores for 35% in a %-formatted cell, "35%" typed as text reads so too, 35 in a cell
    that lost its format is taken as 35%; above 100% is out of range, reported and left out."""
    template = tmp_path / "template.xlsx"
    write_template(template, "en")
    deal = healthy_deal(language="en", scope=Scope(application_software=600_000.0, services=400_000.0))
    filled = tmp_path / "deal.xlsx"
    fill_workbook(template, deal, filled, lang="en")
    typed_in = tmp_path / "typed.xlsx"
    fill_cells(filled, {SHARE.name: typed}, {}, typed_in)
    reading = read_workbook(typed_in)
    assert reading.deal is not None
    assert reading.deal.more_fields.get("test_share") == (None if read is None else pytest.approx(read))
    out_of_range = [p for p in reading.problems if p.code == "out-of-range" and p.sheet == spec.SUMMARY.title("en")]
    assert len(out_of_range) == (1 if read is None else 0)
