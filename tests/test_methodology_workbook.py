"""The seed 000/001 sections in the workbook: in both templates with their drop-downs, read back through
`winplan check --json`, exercised by the examples, and a workbook of template 1.0 (before them) still reading
and scoring exactly as the same deal does in today's template."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import jsonschema
import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.workbook.workbook import Workbook

from examples.deals import AS_OF, EXAMPLES, build_deal
from generator.cli.main import cli
from generator.core import spec, strict_json
from generator.core.i18n import LANGUAGES, Language
from generator.core.model import AssessmentNotes, Deal, DecisionFactor, SoftwareStrength
from generator.core.serialize import to_jsonable
from generator.core.vocabulary import VOCABULARIES
from generator.reader import read_workbook
from generator.scoring import score_deal
from generator.scoring.decision import decision_balance
from generator.scoring.software import software_comparison
from generator.scoring.upgrade import segment_move
from generator.store import Store
from generator.workbook.filler import deal_cells, fill_cells, fill_workbook

REPO = Path(__file__).resolve().parent.parent
TEMPLATE_1_0 = Path(__file__).resolve().parent / "template_1_0"  # xlsx_templates as committed before the sections
NEW_TABLES = ("RelationshipPlan", "TrustFactors", "Uniqueness", "SoftwareStrength", "DecisionFactors")
NEW_DEAL_FIELDS = ("relationship_plan", "trust_factors", "uniqueness", "assessment_notes", "swot_conclusions",
                   "initial_solution", "initial_quote", "product_line", "target_segment", "upgrade_strategy",
                   "software_strength", "decision_factors")
NEW_SCORES = ("relationship_gaps", "trust_index", "trust_rated", "uniqueness_coverage", "procurement_slipped")
EXAMPLE_OF: dict[Language, int] = {"zh": 0, "en": 10}


def _check_json(*paths: Path) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["check", "--json", "--as-of", AS_OF.isoformat(), *map(str, paths)])
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.output)
    schema = json.loads((REPO / "docs" / "check.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    return document


def _table(book: Workbook, name: str) -> tuple[str, list[list[Any]]]:
    for ws in book.worksheets:
        if name in ws.tables:
            rows = [[cell.value for cell in row] for row in ws[ws.tables[name].ref]]
            return ws.title, rows
    raise AssertionError(f"no table {name}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_template_offers_every_seed_section_in_its_language(templates: dict[Language, Path],
                                                                lang: Language) -> None:
    book = openpyxl.load_workbook(templates[lang])
    for name in NEW_TABLES:
        sheet, rows = _table(book, name)
        assert sheet == spec.SHEET_OF[name].title(lang)
        assert rows[0] == [column.label(lang) for column in spec.ALL_TABLES[name].columns]
    _, trust = _table(book, "TrustFactors")
    assert [row[:2] for row in trust[1:14]] == [[factor(lang), weight] for factor, weight in spec.TRUST_FACTOR_WEIGHTS]
    assert trust[1][1] == 4.70 and trust[13][1] == 2.40  # the seed's importance, highest and lowest
    _, steps = _table(book, "Procurement")
    assert len(steps) == 1 + 13
    assert steps[0][1] == spec.PROCUREMENT.column("responsible").label(lang)
    assert steps[5][0] == {"zh": "发标书 (RFP)", "en": "Issue the request for proposal (RFP)"}[lang]
    # drop-down where the seed gives a scale: the uniqueness area lists product / service / partner
    ws = book[spec.UNIQUENESS_SHEET.title(lang)]
    area = next(v for v in ws.data_validations.dataValidation if v.type == "list")
    lists = book[spec.LISTS_SHEET.title(lang)]
    sheet_ref = area.formula1.split("!")[1].replace("$", "")
    assert [cell.value for (cell,) in lists[sheet_ref]] == VOCABULARIES["uniqueness_area"].labels(lang)
    target = next(v for v in book[spec.RELATIONSHIP_SHEET.title(lang)].data_validations.dataValidation
                  if v.type == "whole")
    assert (target.formula1, target.formula2) == ("-3", "3")


def _list_source(book: Workbook, sheet: str, cell: str) -> list[Any]:
    """The labels the drop-down on `cell` of `sheet` offers (its list lives on the Lists sheet)."""
    ws = book[sheet]
    validation = next(v for v in ws.data_validations.dataValidation if v.type == "list" and cell in v.sqref)
    target, ref = validation.formula1.split("!")
    return [c.value for (c,) in book[target.strip("'")][ref.replace("$", "")]]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_template_offers_the_seed_001_and_software_sections(templates: dict[Language, Path],
                                                                lang: Language) -> None:
    book = openpyxl.load_workbook(templates[lang])
    sheet, software = _table(book, "SoftwareStrength")
    assert sheet == spec.SOFTWARE_SHEET.title(lang)
    assert [row[0] for row in software[1:6]] == {
        "zh": ["综合实力", "产品与技术", "行业优劣", "方案提供", "项目实施服务"],
        "en": ["Overall strength", "Product and technology", "Industry fit", "Solution", "Implementation service"],
    }[lang]
    ratings = [v for v in book[sheet].data_validations.dataValidation if v.type == "decimal"]
    assert {(v.formula1, v.formula2) for v in ratings} == {("1", "5")}
    assert {str(v.sqref) for v in ratings} == {"C4:C10", "D4:D10", "E4:E10"}  # us, competitor 1, competitor 2
    sheet, factors = _table(book, "DecisionFactors")
    assert sheet == spec.DECISION_SHEET.title(lang) and len(factors) == 1 + 9 + 2
    assert factors[1][0] == {"zh": "购买的重要性与紧迫程度", "en": "How important and urgent the purchase is"}[lang]
    assert factors[9][0] == {"zh": "销售员的推动力度", "en": "How hard the sales rep drives the deal"}[lang]
    assert _list_source(book, sheet, "B4") == VOCABULARIES["factor_standing"].labels(lang)
    names = {name: defined for name, defined in book.defined_names.items()}
    summary = spec.SUMMARY.title(lang)
    for name in ("product_line", "target_segment", "upgrade_strategy"):
        assert next(iter(names[name].destinations))[0] == summary
    target_cell = next(iter(names["target_segment"].destinations))[1].replace("$", "")
    assert _list_source(book, summary, target_cell) == ["A", "B", "C", "D"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_new_sections_read_back_and_score_through_check(tmp_path: Path, templates: dict[Language, Path],
                                                            lang: Language) -> None:
    deal = build_deal(EXAMPLES[EXAMPLE_OF[lang]])
    path = tmp_path / f"deal-{lang}.xlsx"
    fill_workbook(templates[lang], deal, path, lang=lang)
    (book,) = _check_json(path)["workbooks"]
    assert book["problems"] == []
    expected_deal = json.loads(strict_json.dumps(to_jsonable(deal)))
    expected_scores = json.loads(strict_json.dumps(score_deal(deal, AS_OF).to_dict()))
    for name in NEW_DEAL_FIELDS:
        assert book["deal"][name] == expected_deal[name], name
        assert expected_deal[name], f"the example leaves {name} empty"
    for name in NEW_SCORES:
        assert book["scores"][name] == expected_scores[name], name
    assert book["scores"]["trust_index"] is not None and book["scores"]["relationship_gaps"]


def _without_new_sections(deal: Deal) -> Deal:
    return dataclasses.replace(
        deal, relationship_plan=(), trust_factors=(), uniqueness=(), assessment_notes=AssessmentNotes(),
        swot_conclusions=("", "", ""), initial_solution="", initial_quote=None, product_line="",
        target_segment=None, upgrade_strategy="", software_strength=(), decision_factors=(),
        procurement=tuple(dataclasses.replace(step, responsible="") for step in deal.procurement),
        stakeholders=tuple(dataclasses.replace(person, reports_to="") for person in deal.stakeholders))


def _fill_template_1_0(deal: Deal, lang: Language, out: Path) -> None:
    """Fill the 1.0 template with what it can hold, as a rep's workbook of that version holds it."""
    template = TEMPLATE_1_0 / f"winplan-template-{lang}.xlsx"
    book = openpyxl.load_workbook(template)
    names = {name.lower() for name in book.defined_names}
    tables = {name for ws in book.worksheets for name in ws.tables}
    values, rows = deal_cells(deal, lang)
    assert not any(name in tables for name in NEW_TABLES) and "initial_quote" not in names
    fill_cells(template, {k: v for k, v in values.items() if k.lower() in names},
               {name: [{k: v for k, v in row.items() if k != "responsible"} for row in table]
                for name, table in rows.items() if name in tables}, out)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_workbook_of_template_1_0_reads_and_scores_as_before(tmp_path: Path, templates: dict[Language, Path],
                                                               lang: Language) -> None:
    deal = _without_new_sections(build_deal(EXAMPLES[EXAMPLE_OF[lang]]))
    old, new = tmp_path / f"old-{lang}.xlsx", tmp_path / f"new-{lang}.xlsx"
    _fill_template_1_0(deal, lang, old)
    fill_workbook(templates[lang], deal, new, lang=lang)
    old_book, new_book = _check_json(old, new)["workbooks"]
    assert old_book["problems"] == [] == new_book["problems"]  # no "missing name/column/table" for the additions
    assert old_book["scores"] == new_book["scores"]
    # The same deal, read from cells at other places (`sources` says where: the layouts differ).
    assert old_book["deal"].pop("sources") != new_book["deal"].pop("sources")
    assert old_book["deal"] == new_book["deal"]
    assert old_book["deal"]["template_version"] == "1.0"
    assert old_book["scores"]["trust_index"] is None and old_book["scores"]["relationship_gaps"] == []


def test_a_template_1_0_workbook_harvests_with_the_same_scores(tmp_path: Path) -> None:
    deal = _without_new_sections(build_deal(EXAMPLES[0]))
    share = tmp_path / "share"
    share.mkdir()
    _fill_template_1_0(deal, "zh", share / "old.xlsx")
    database = tmp_path / "history.sqlite"
    result = CliRunner().invoke(cli, ["harvest", str(share), "--db", str(database), "--as-of", AS_OF.isoformat(),
                                      "--json"])
    assert result.exit_code == 0, result.output
    with Store.open(str(database)) as store:
        latest = store.latest()
    assert latest is not None
    (record,) = latest.deals
    assert record.problems == ()
    assert record.scorecard == score_deal(deal, AS_OF)  # the deal scored directly, as it always was
    assert dataclasses.replace(record.deal, template_version="", language="zh") == deal


def test_the_committed_examples_exercise_every_new_section() -> None:
    deals = []
    for path in sorted((REPO / "examples" / "workbooks").glob("*.xlsx")):
        reading = read_workbook(path)
        assert reading.deal is not None, path.name
        deals.append(reading.deal)
    for name in NEW_DEAL_FIELDS:
        assert all(getattr(d, name) not in ("", None, (), ("", "", ""), AssessmentNotes()) for d in deals), name
    assert all(step.responsible for d in deals for step in d.procurement)
    assert {u.area for d in deals for u in d.uniqueness} == {"product", "service", "partner"}
    cards = [score_deal(d, AS_OF) for d in deals]
    flags = {f.code for card in cards for f in card.flags}
    assert {"procurement-step-slipped", "key-contact-stale"} <= flags
    moves = {segment_move(d) for d in deals}
    assert {"up", "same"} <= moves and {(d.segment, d.target_segment) for d in deals} >= {("B", "A"), ("C", "B")}
    standings = {c.standing for d in deals for c in software_comparison(d)}
    assert standings == {"lead", "level", "trail"}
    assert any(decision_balance(d).unfavourable for d in deals) and any(decision_balance(d).unrated for d in deals)
    assert len({d.product_line for d in deals}) >= 4
    coverages = {card.uniqueness_coverage for card in cards}
    assert min(c for c in coverages if c is not None) < 1 and 1.0 in coverages  # both covered and gaps shown


def test_wrong_values_in_the_new_sections_are_per_cell_problems(tmp_path: Path,
                                                                templates: dict[Language, Path]) -> None:
    deal = build_deal(EXAMPLES[0])
    values, rows = deal_cells(deal, "zh")
    rows["RelationshipPlan"] = [{"name": "王总", "target_support": 5}, {"name": "李工", "target_support": "很高"}]
    rows["TrustFactors"] = [{"factor": "积极主动承担责任", "importance": 4.7, "rating": 7}]
    rows["Uniqueness"] = [{"uniqueness": "合并报表", "area": "价格"}, {"customer_need": "no uniqueness"}]
    rows["SoftwareStrength"] = [{"area": "综合实力", "ours": 6, "competitor_1": "强"}, {"detail": "no area"}]
    rows["DecisionFactors"] = [{"factor": "购买金额", "standing": "很好"}]
    path = tmp_path / "wrong.xlsx"
    fill_cells(templates["zh"], {**values, "initial_quote": "很多", "target_segment": "E"}, rows, path)
    reading = read_workbook(path)
    assert reading.deal is not None
    found = sorted((p.code, p.sheet, p.cell) for p in reading.problems)
    relationship, trust, uniqueness, software, decision = (
        spec.SHEET_OF[name].title("zh")
        for name in ("RelationshipPlan", "TrustFactors", "Uniqueness", "SoftwareStrength", "DecisionFactors"))
    summary = spec.SUMMARY.title("zh")
    assert found == sorted([
        ("out-of-range", relationship, "B4"), ("wrong-type", relationship, "B5"),
        ("rating-out-of-range", trust, "C4"),
        ("value-not-in-list", uniqueness, "A4"), ("missing-required", uniqueness, "B5"),
        ("wrong-type", summary, "B33"), ("value-not-in-list", summary, "B20"),
        ("rating-out-of-range", software, "C4"), ("wrong-type", software, "D4"), ("missing-required", software, "A5"),
        ("value-not-in-list", decision, "B4"),
    ])
    assert reading.deal.target_segment is None
    assert reading.deal.software_strength == (SoftwareStrength("综合实力"),)  # the row without an area is left out
    assert reading.deal.decision_factors == (DecisionFactor("购买金额"),)
    assert [(r.name, r.target_support) for r in reading.deal.relationship_plan] == [("王总", None), ("李工", None)]
    assert reading.deal.trust_factors[0].rating is None and reading.deal.initial_quote is None
    # the row without a uniqueness is left out
    assert [(u.uniqueness, u.area) for u in reading.deal.uniqueness] == [("合并报表", None)]
