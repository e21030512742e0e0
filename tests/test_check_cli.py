"""`winplan check`: the text report, the JSON document (validated against docs/check.schema.json), exit codes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from reader_workbooks import DEAL_ID, filled_workbook

from generator.cli.main import cli
from generator.reader.calamine_backend import read_raw_calamine

AS_OF = "2026-11-20"


def _check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", "--as-of", AS_OF, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def schema(repo_root: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((repo_root / "docs" / "check.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(document)
    return document


@pytest.fixture(scope="module")
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("check")
    empty = folder / "empty.xlsx"
    empty.write_bytes(b"")
    return {
        "good_zh": filled_workbook(folder / "good_zh.xlsx", "zh"),
        "good_en": filled_workbook(folder / "good_en.xlsx", "en"),
        "bad": filled_workbook(folder / "bad.xlsx", "zh", {"amount": "¥1,200,000", "stage": "快签了"}),
        "no_id": filled_workbook(folder / "no_id.xlsx", "en", {"deal_id": None}),
        "empty": empty,
    }


def test_text_report_in_chinese(workbooks: dict[str, Path]) -> None:
    code, output = _check(str(workbooks["good_zh"]))
    assert code == 0
    assert "华东机械 · ERP 升级" in output and DEAL_ID in output
    assert "资格确认" in output and "加权金额: 720,000" in output  # 60% of 1,200,000
    assert "没有问题" in output
    assert "\x1b[" not in output  # no colours when not printing to a terminal


def test_text_report_in_english_shows_problems_with_cell_and_fix(workbooks: dict[str, Path]) -> None:
    code, output = _check("--lang", "en", str(workbooks["bad"]))
    assert code == 0
    assert "Problems (2):" in output
    raw = read_raw_calamine(workbooks["bad"])
    amount, stage = raw.names["amount"], raw.names["stage"]
    assert f"warning  {amount.sheet}!{amount.ref}" in output and "[number-as-text]" in output
    assert f"error  {stage.sheet}!{stage.ref}" in output and "快签了" in output
    assert "Pick one from the drop-down" in output


def test_json_matches_the_schema(workbooks: dict[str, Path], schema: dict[str, Any]) -> None:
    paths = [str(workbooks[key]) for key in ("good_zh", "good_en", "bad", "no_id", "empty")]
    code, output = _check("--json", *paths)
    assert code == 2  # the empty file is unreadable
    document = json.loads(output)
    jsonschema.validate(document, schema)
    assert document["as_of"] == AS_OF
    assert [w["path"] for w in document["workbooks"]] == paths
    good_zh, good_en, bad, no_id, empty = document["workbooks"]
    assert good_zh["deal"]["stage"] == good_en["deal"]["stage"] == "shortlisted"
    assert good_zh["deal"]["language"] == "zh" and good_en["deal"]["language"] == "en"
    assert good_zh["scores"]["weighted_amount"] == pytest.approx(720_000)
    assert good_zh["problems"] == [] and good_zh["readable"] and not good_zh["stale_scores"]
    assert {p["code"] for p in bad["problems"]} == {"number-as-text", "value-not-in-list"}
    assert bad["deal"]["stage"] is None and bad["deal"]["amount"] == 1_200_000
    assert no_id["deal"]["deal_id"] == "" and no_id["scores"]["weighted_amount"] == pytest.approx(720_000)
    assert [p["code"] for p in no_id["problems"]] == ["deal-id-missing"]
    assert not empty["readable"] and [p["code"] for p in empty["problems"]] == ["empty-file"]


def test_schema_rejects_a_broken_document(schema: dict[str, Any]) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"as_of": AS_OF, "workbooks": [{"path": "x"}]}, schema)


def test_exit_codes(workbooks: dict[str, Path], tmp_path: Path) -> None:
    assert _check(str(workbooks["good_zh"]), "--strict")[0] == 0
    assert _check(str(workbooks["bad"]))[0] == 0
    assert _check(str(workbooks["bad"]), "--strict")[0] == 1
    assert _check(str(workbooks["good_zh"]), str(tmp_path / "missing.xlsx"))[0] == 2
    code, output = _check(str(workbooks["empty"]), "--lang", "en")
    assert code == 2 and "[empty-file]" in output


def test_stale_scores_are_reported(tmp_path: Path) -> None:
    path = filled_workbook(tmp_path / "stale.xlsx", "en", {"score_weighted_amount": 1, "score_as_of": None})
    code, output = _check("--lang", "en", str(path))
    assert code == 0 and "out of date" in output
    document = json.loads(_check("--json", str(path))[1])
    assert document["workbooks"][0]["stale_scores"] is True


def test_check_never_writes(workbooks: dict[str, Path]) -> None:
    path = workbooks["bad"]
    before = hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns
    _check(str(path), "--json")
    _check(str(path))
    assert (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) == before


def test_the_documented_example_matches_the_schema(repo_root: Path, schema: dict[str, Any]) -> None:
    text = (repo_root / "docs" / "check-json.md").read_text(encoding="utf-8")
    example = text.split("```json\n", 1)[1].split("```", 1)[0]
    jsonschema.validate(json.loads(example), schema)
    codes = {match for match in text.split("`") if match.islower() and "-" in match and " " not in match}
    assert {"wrong-type", "value-not-in-list", "invalid-deal-id", "zip-bomb", "sheet-too-large"} <= codes
