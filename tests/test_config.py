from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest

from generator.core.config import (
    DEFAULT_CONFIG,
    SETTINGS,
    HealthWeights,
    ReadingRules,
    Thresholds,
    config_from_mapping,
    load_config,
    section_defaults,
    settings_table,
)
from generator.core.errors import ConfigError


def test_defaults_follow_the_domain() -> None:
    assert DEFAULT_CONFIG.stage_probabilities["shortlisted"] == 0.60
    assert DEFAULT_CONFIG.stage_probabilities["contract_signed"] == 1.0
    assert DEFAULT_CONFIG.influence_weights == {"high": 3.0, "medium": 2.0, "low": 1.0}
    assert DEFAULT_CONFIG.thresholds.stale_days == 30
    assert DEFAULT_CONFIG.language == "zh"


def test_overrides_apply_and_percentages_are_accepted() -> None:
    config = config_from_mapping({
        "stage_probabilities": {"tender": 80},
        "thresholds": {"stale_days": 14, "pursue_at_least": 70},
        "health_weights": {"actions": 0.3},
        "site": {"title": "华东大区", "language": "en"},
    })
    assert config.stage_probabilities["tender"] == pytest.approx(0.8)
    assert config.stage_probabilities["qualified"] == 0.10
    assert config.thresholds.stale_days == 14 and isinstance(config.thresholds.stale_days, int)
    assert config.thresholds.pursue_at_least == 70.0
    assert config.health_weights.actions == 0.3
    assert (config.site_title, config.language) == ("华东大区", "en")


@pytest.mark.parametrize(("document", "fragment"), [
    ({"stages": {}}, "unknown section"),
    ({"stage_probabilities": {"won": 0.5}}, r"\[stage_probabilities\] won: not a stage"),
    ({"stage_probabilities": {"tender": 150}}, "between 0 and 1"),
    ({"thresholds": {"stale": 3}}, r"\[thresholds\] stale: unknown key; known: walk_away_below"),
    ({"thresholds": {"stale_days": "thirty"}}, "must be a number"),
    ({"site": {"language": "fr"}}, "unknown language"),
    ({"site": {"colour": "red"}}, "unknown key"),
])
def test_mistakes_are_rejected_with_a_clear_message(document: dict[str, object], fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment):
        config_from_mapping(document)  # type: ignore[arg-type]


def test_load_config_reads_toml_and_reports_bad_syntax(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text('[site]\ntitle = "Team"\n', encoding="utf-8")
    assert load_config(good).site_title == "Team"
    bad = tmp_path / "bad.toml"
    bad.write_text("[site\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(bad)
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "missing.toml")


def _refusal(tmp_path: Path, toml: str) -> str:
    """What winplan says about a winplan.toml holding `toml` (it must refuse it)."""
    path = tmp_path / "winplan.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    return raised.value.message


@pytest.mark.parametrize(("toml", "expected"), [
    ("[health_weights]\nactions = -0.1\n", "[health_weights] actions: must be at least 0, not -0.1"),
    ("[influence_weights]\nlow = -1\n", "[influence_weights] low: must be at least 0, not -1"),
    ("[thresholds]\nstale_days = 14.5\n", "[thresholds] stale_days: must be a whole number of days, not 14.5"),
    ("[thresholds]\nstale_days = -1\n", "[thresholds] stale_days: must be at least 0 days, not -1"),
    ("[thresholds]\neb_min_support = 4\n", "[thresholds] eb_min_support: must be between -3 and 3, not 4"),
    ("[thresholds]\neb_min_support = -3.5\n", "[thresholds] eb_min_support: must be a whole number, not -3.5"),
    ("[thresholds]\nwalk_away_below = 101\n", "[thresholds] walk_away_below: must be between 0 and 100 points"),
    ("[thresholds]\nfull_assessment_stage = 9\n", "[thresholds] full_assessment_stage: must be between 1 and 8"),
    ("[thresholds]\nscope_tolerance = true\n", "[thresholds] scope_tolerance: must be a number, not True"),
    ("[thresholds]\ngap_min_points = nan\n", "[thresholds] gap_min_points: must be a finite number, not nan"),
    ("[stage_probabilities]\ntender = -0.2\n", "[stage_probabilities] tender: must be between 0 and 1"),
    ('[site]\ntitle = 2026\n', "[site] title: must be text in quotes, not 2026"),
    ("[reading]\nmax_amount = 0\n", "[reading] max_amount: must be above 0 and at most 1e+18, not 0"),
    ("[thresholds]\nwalk_away_below = 70\n",
     "[thresholds] walk_away_below: 70 must be at most pursue_at_least (60, the default), or a deal"),
    ("[thresholds]\nwalk_away_below = 50\npursue_at_least = 45\n",
     "[thresholds] walk_away_below: 50 must be at most pursue_at_least (45), or a deal"),
    ("[thresholds]\npursue_at_least = 30\n",
     "[thresholds] pursue_at_least: 30 must be at least walk_away_below (40, the default)"),
    ("[thresholds]\nopposition_max_support = 1\n",
     "[thresholds] opposition_max_support: 1 must be below eb_min_support (1, the default)"),
    ("[health_weights]\nassessment = 0\ncompetition = 0\nstakeholders = 0\nactions = 0\n",
     "[health_weights] assessment, competition, stakeholders, actions: all 0, so deal health would have nothing"),
    ("[influence_weights]\nhigh = 1\n", "[influence_weights] high: 1 must be at least medium (2, the default)"),
    ("[currency]\nbase = \"RMB1\"\n", "[currency] base: must be a three-letter currency code"),
    ("[currency]\nbase = \"CNY\"\n[currency.rates]\nUSD = 0\n",
     "[currency.rates] USD: must be a positive number of CNY per USD"),
    ("[currency]\nrates = {}\n", "[currency] base: missing"),
    ("[sites]\ntitle = \"x\"\n", "[sites]: unknown section; known: site, stage_probabilities"),
    ("site = \"x\"\n", "[site]: must be a table, not 'x'"),
])
def test_a_setting_that_cannot_work_is_refused_with_file_key_and_reason(tmp_path: Path, toml: str,
                                                                        expected: str) -> None:
    message = _refusal(tmp_path, toml)
    assert message.startswith(f"{tmp_path / 'winplan.toml'}: {expected}"), message
    assert "\n" not in message  # one sentence


def test_every_mistake_in_a_file_is_named_at_once(tmp_path: Path) -> None:
    message = _refusal(tmp_path, "[thresholds]\nstale_days = 14.5\nstale = 3\n[health_weights]\nactions = -1\n")
    lines = message.splitlines()
    assert [line.split(": ")[1] for line in lines] == [
        "[thresholds] stale_days", "[thresholds] stale", "[health_weights] actions"]
    assert all(line.startswith(f"{tmp_path / 'winplan.toml'}: ") for line in lines)


def test_values_that_are_sensible_but_unusual_are_accepted() -> None:
    config = config_from_mapping({
        # A team that wins fewer tenders than negotiations may say so: probabilities need not rise by stage.
        "stage_probabilities": {"negotiation": 0.8, "tender": 0.5},
        "thresholds": {"stale_days": 14.0, "walk_away_below": 50, "pursue_at_least": 50, "eb_min_support": -2,
                       "opposition_max_support": -3, "coach_min_support": 3},
        "health_weights": {"assessment": 1, "competition": 0, "stakeholders": 0, "actions": 0},
        "influence_weights": {"high": 1, "medium": 1, "low": 1},
    })
    assert config.stage_probabilities["tender"] == 0.5
    assert config.thresholds.stale_days == 14 and isinstance(config.thresholds.stale_days, int)
    assert config.thresholds.walk_away_below == config.thresholds.pursue_at_least == 50.0
    assert config.health_weights == HealthWeights(1.0, 0.0, 0.0, 0.0)


def test_an_empty_file_is_the_defaults_and_the_dataclasses_default_to_the_schema(tmp_path: Path) -> None:
    empty = tmp_path / "winplan.toml"
    empty.write_text("", encoding="utf-8")
    assert load_config(empty) == DEFAULT_CONFIG
    for section, defaults in (("thresholds", asdict(Thresholds())), ("health_weights", asdict(HealthWeights())),
                              ("reading", asdict(ReadingRules()))):
        assert defaults == section_defaults(section)
    assert DEFAULT_CONFIG.stage_probabilities == section_defaults("stage_probabilities")
    assert DEFAULT_CONFIG.influence_weights == section_defaults("influence_weights")
    assert (DEFAULT_CONFIG.site_title, DEFAULT_CONFIG.language) == (
        section_defaults("site")["title"], section_defaults("site")["language"])


DOCS = Path(__file__).resolve().parent.parent / "docs" / "configuration.md"


def _documented_defaults() -> dict[tuple[str, str], str]:
    """{(section, key): default} of each row of the settings table in docs/configuration.md."""
    rows = [line for line in DOCS.read_text(encoding="utf-8").splitlines() if line.startswith("| `[")]
    cells = [[cell.strip().strip("`") for cell in row.strip("|").split("|")] for row in rows]
    return {(section, key): default for section, key, _kind, default, *_rest in cells}


def test_the_docs_list_exactly_the_schema_settings_with_their_defaults() -> None:
    documented = _documented_defaults()
    schema = {(f"[{setting.section}]", setting.key): setting.shown_default for setting in SETTINGS}
    assert {key: documented.get(key) for key in schema} == schema
    assert {section for section, _key in set(documented) - set(schema)} == {"[currency]", "[currency.rates]"}
    assert settings_table() in DOCS.read_text(encoding="utf-8"), (
        "refresh the table: python -c 'from generator.core.config import settings_table; print(settings_table())'")
