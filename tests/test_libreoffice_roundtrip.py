"""A workbook saved again by LibreOffice still reads as the same deal, with its names, tables and validations."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import openpyxl
import pytest
from conftest import _require_tool
from workbook_contents import workbook_contents

from examples.deals import EXAMPLES, build_deal
from generator.core import spec
from generator.core.i18n import Language
from generator.core.model import Deal
from generator.reader import read_workbook
from generator.workbook.filler import fill_workbook
from generator.workbook.template import write_template

pytestmark = pytest.mark.libreoffice
SOFFICE_TIMEOUT = 180  # seconds; a first start builds the private profile


@pytest.fixture(scope="module")
def resaved(tmp_path_factory: pytest.TempPathFactory) -> dict[Language, tuple[Path, Path, Deal]]:
    """A zh and an en example (SWOT tables grown), filled, then converted xlsx -> xlsx by LibreOffice."""
    soffice = _require_tool("soffice")  # the require_tool fixture's check; fixtures cannot feed a module scope
    folder = tmp_path_factory.mktemp("libreoffice")
    profile = folder / "profile"
    results: dict[Language, tuple[Path, Path, Deal]] = {}
    originals: list[Path] = []
    for lang, example in (("zh", EXAMPLES[0]), ("en", EXAMPLES[10])):
        template = folder / f"template-{lang}.xlsx"
        write_template(template, lang)
        deal = build_deal(example)
        extra = tuple(dataclasses.replace(item, item=f"{item.item} ({n})") for n in range(3) for item in deal.swot)
        order = ("strength", "weakness", "opportunity", "threat")
        swot = sorted(deal.swot + extra, key=lambda item: order.index(item.kind))  # as the tables list them
        deal = dataclasses.replace(deal, swot=tuple(swot))  # more rows than the template has: tables grow
        original = folder / f"deal-{lang}.xlsx"
        fill_workbook(template, deal, original, lang=lang)
        originals.append(original)
        results[lang] = (original, folder / "resaved" / original.name, deal)
    completed = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "xlsx", "--outdir", str(folder / "resaved"), *map(str, originals)],
        capture_output=True, text=True, timeout=SOFFICE_TIMEOUT, check=False,
    )
    for _, copy, _ in results.values():
        assert copy.exists(), f"LibreOffice did not write {copy.name}: {completed.stdout} {completed.stderr}"
    return results


LANGS: tuple[Language, ...] = ("zh", "en")


@pytest.mark.parametrize("lang", LANGS)
def test_the_deal_reads_the_same_after_libreoffice(resaved: dict[Language, tuple[Path, Path, Deal]],
                                                   lang: Language) -> None:
    original, copy, deal = resaved[lang]
    before, after = read_workbook(original), read_workbook(copy)
    assert before.deal is not None and after.deal is not None, (before.problems, after.problems)
    assert after.deal == before.deal
    assert dataclasses.replace(after.deal, template_version="", language=deal.language) == deal
    assert deal.relationship_plan and deal.trust_factors and deal.uniqueness  # the seed 000 sections too
    assert deal.software_strength and deal.decision_factors and deal.product_line and deal.target_segment
    assert deal.assessment_notes.worth and any(deal.swot_conclusions) and deal.procurement[0].responsible
    assert [p.code for p in after.problems] == [p.code for p in before.problems]


@pytest.mark.parametrize("lang", LANGS)
def test_names_and_tables_survive_libreoffice(resaved: dict[Language, tuple[Path, Path, Deal]],
                                              lang: Language) -> None:
    original, copy, _ = resaved[lang]
    before, after = workbook_contents(original), workbook_contents(copy)
    assert set(spec.ALL_FIELDS) | set(spec.ALL_OUTPUTS) <= set(after["names"])
    assert after["names"] == before["names"]  # same cells, same values
    assert after["tables"] == before["tables"]  # same refs, headers and rows


@pytest.mark.parametrize("lang", LANGS)
def test_validations_and_protection_survive_libreoffice(resaved: dict[Language, tuple[Path, Path, Deal]],
                                                        lang: Language) -> None:
    original, copy, _ = resaved[lang]
    before, after = openpyxl.load_workbook(original), openpyxl.load_workbook(copy)
    for ws in before.worksheets:
        kept = after[ws.title]
        resaved_rules = {str(dv.sqref): dv for dv in kept.data_validations.dataValidation}
        for rule in ws.data_validations.dataValidation:
            same = resaved_rules.get(str(rule.sqref))
            assert same is not None, f"{ws.title}!{rule.sqref} lost its validation"
            assert (same.type, same.prompt, same.promptTitle) == (rule.type, rule.prompt, rule.promptTitle)
            if rule.type is not None:  # LibreOffice drops the sheet quotes and writes 0 for unused formula2
                assert (same.formula1 or "").replace("'", "") == (rule.formula1 or "").replace("'", "")
                assert rule.formula2 is None or same.formula2 == rule.formula2
        assert len(resaved_rules) == len(ws.data_validations.dataValidation), ws.title
        assert bool(kept.protection.sheet) == bool(ws.protection.sheet), ws.title
