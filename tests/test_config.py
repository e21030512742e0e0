from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import DEFAULT_CONFIG, config_from_mapping, load_config
from generator.errors import ConfigError


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
    ({"stage_probabilities": {"won": 0.5}}, "'won' is not a stage"),
    ({"stage_probabilities": {"tender": 150}}, "between 0 and 1"),
    ({"thresholds": {"stale": 3}}, "unknown key 'stale'"),
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
