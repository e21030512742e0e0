"""Text typed with a Chinese input method's full-width letters and digits reads like plain text, everywhere.

One folding (generator.core.text.fold: NFKC, no whitespace, case-folded) decides both which language a drop-down value
is in and which code it is, so the two can no longer disagree; names fold with their words kept apart.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from reader_workbooks import filled_workbook

from generator.cli.main import cli
from generator.core.text import fold, fold_words
from generator.harvest.identity import DealFacts


def _check(path: Path) -> dict[str, object]:
    result = CliRunner().invoke(cli, ["check", "--as-of", "2026-11-23", "--json", str(path)])
    assert result.exit_code == 0, result.output
    workbook: dict[str, object] = json.loads(result.stdout)["workbooks"][0]
    return workbook


@pytest.mark.parametrize(("lang", "typed", "code"), [
    ("en", "Ｓｈｏｒｔｌｉｓｔｅｄ", "shortlisted"),  # full-width Latin letters
    ("en", "  technical   EXCHANGE ", "technical_exchange"),
    ("zh", "５ 资格确认", "shortlisted"),  # a full-width stage number
])
def test_a_full_width_or_spaced_drop_down_value_is_read_as_its_code(tmp_path: Path, lang: str, typed: str,
                                                                    code: str) -> None:
    workbook = _check(filled_workbook(tmp_path / "deal.xlsx", lang, {"stage": typed}))  # type: ignore[arg-type]
    deal = workbook["deal"]
    assert isinstance(deal, dict) and deal["stage"] == code, workbook["problems"]
    assert not [p for p in workbook["problems"] if isinstance(p, dict) and p.get("field") == "stage"]


def test_labels_fold_without_spaces_and_names_with_their_words_apart() -> None:
    assert fold("Ｔｅｃｈｎｉｃａｌ Exchange") == fold("technicalexchange") == "technicalexchange"
    assert fold_words("ＡＣＭＥ   Corp ") == "acme corp"
    assert DealFacts("ＡＣＭＥ Corp", "ERP").key == DealFacts("acme  corp", "erp").key
    assert DealFacts("Acme Corp", "ERP").key != DealFacts("AcmeCorp", "ERP").key
