"""Team settings: stage probabilities, scoring weights and thresholds, site title and language.

Defaults follow DOMAIN.md; a `winplan.toml` in the working folder (or given with --config) overrides any of
them. Unknown keys are an error, so a typo never silently changes a forecast.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, TypeVar

from generator.errors import ConfigError
from generator.i18n import Language, parse_language
from generator.reader.conversions import MAX_AMOUNT, MAX_AMOUNT_LIMIT
from generator.vocabulary import STAGES

CONFIG_FILE = "winplan.toml"
T = TypeVar("T", "Thresholds", "HealthWeights")


@dataclass(frozen=True)
class Thresholds:
    walk_away_below: float = 40.0  # worth-winning score under this -> walk away
    pursue_at_least: float = 60.0  # every group at least this -> pursue
    gap_min_weight: float = 10.0  # criterion weight (percent) from which trailing counts as a gap
    gap_min_points: float = 1.0  # points behind the best competitor that make a gap
    quadrant_split: float = 50.0  # planning matrix split on both axes
    eb_min_support: int = 1  # the economic buyer is supportive from this support on
    coach_min_support: int = 2  # a coach counts from this support on
    opposition_max_support: int = -2  # a high-influence stakeholder at or below this opposes
    stale_days: int = 30  # no update for more than this many days -> stale
    scope_tolerance: float = 0.01  # relative difference allowed between scope total and amount
    full_assessment_stage: int = 5  # from this stage number on, the assessment should be complete


@dataclass(frozen=True)
class HealthWeights:
    assessment: float = 0.35
    competition: float = 0.25
    stakeholders: float = 0.25
    actions: float = 0.15


@dataclass(frozen=True)
class ReadingRules:
    max_amount: float = MAX_AMOUNT  # a money cell above this is an error and its amount is left out


@dataclass(frozen=True)
class Config:
    stage_probabilities: dict[str, float] = field(
        default_factory=lambda: {stage.code: stage.probability for stage in STAGES}
    )
    influence_weights: dict[str, float] = field(
        default_factory=lambda: {"high": 3.0, "medium": 2.0, "low": 1.0}
    )
    health_weights: HealthWeights = field(default_factory=HealthWeights)
    thresholds: Thresholds = field(default_factory=Thresholds)
    site_title: str = "winplan"
    language: Language = "zh"
    reading: ReadingRules = field(default_factory=ReadingRules)


DEFAULT_CONFIG = Config()


def load_config(path: Path | None = None) -> Config:
    """Read `path` (or ./winplan.toml when it exists) over the defaults."""
    if path is None:
        candidate = Path.cwd() / CONFIG_FILE
        if not candidate.exists():
            return DEFAULT_CONFIG
        path = candidate
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ConfigError(f"{path}: no such file") from error
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from error
    return config_from_mapping(document, str(path))


def config_from_mapping(document: dict[str, Any], source: str = "config") -> Config:
    """Build a Config from a parsed TOML document, rejecting unknown keys and out-of-range values."""
    config = DEFAULT_CONFIG
    known = {"stage_probabilities", "influence_weights", "health_weights", "thresholds", "site", "reading"}
    unknown = set(document) - known
    if unknown:
        raise ConfigError(f"{source}: unknown section(s) {sorted(unknown)}; known: {sorted(known)}")

    if "stage_probabilities" in document:
        probabilities = dict(config.stage_probabilities)
        for code, value in _table(document, "stage_probabilities", source).items():
            if code not in probabilities:
                raise ConfigError(f"{source}: [stage_probabilities] {code!r} is not a stage; use {list(probabilities)}")
            number = _number(value, f"[stage_probabilities] {code}", source)
            if number > 1:
                number = number / 100  # accept 60 as well as 0.6
            if not 0 <= number <= 1:
                raise ConfigError(f"{source}: [stage_probabilities] {code} must be between 0 and 1 (or 0-100)")
            probabilities[code] = number
        config = replace(config, stage_probabilities=probabilities)

    if "influence_weights" in document:
        weights = dict(config.influence_weights)
        for code, value in _table(document, "influence_weights", source).items():
            if code not in weights:
                raise ConfigError(f"{source}: [influence_weights] {code!r} must be one of {list(weights)}")
            weights[code] = _number(value, f"[influence_weights] {code}", source)
        config = replace(config, influence_weights=weights)

    if "health_weights" in document:
        config = replace(config, health_weights=_dataclass_over(
            config.health_weights, _table(document, "health_weights", source), "health_weights", source))
    if "thresholds" in document:
        config = replace(config, thresholds=_dataclass_over(
            config.thresholds, _table(document, "thresholds", source), "thresholds", source))

    if "reading" in document:
        reading = _table(document, "reading", source)
        unknown_reading = set(reading) - {"max_amount"}
        if unknown_reading:
            raise ConfigError(f"{source}: [reading] unknown key(s) {sorted(unknown_reading)}; known: max_amount")
        if "max_amount" in reading:
            bound = _number(reading["max_amount"], "[reading] max_amount", source)
            if not 0 < bound <= MAX_AMOUNT_LIMIT:
                raise ConfigError(f"{source}: [reading] max_amount must be above 0 and at most {MAX_AMOUNT_LIMIT:g}")
            config = replace(config, reading=ReadingRules(bound))

    if "site" in document:
        site = _table(document, "site", source)
        unknown_site = set(site) - {"title", "language"}
        if unknown_site:
            raise ConfigError(f"{source}: [site] unknown key(s) {sorted(unknown_site)}; known: title, language")
        if "title" in site:
            config = replace(config, site_title=str(site["title"]))
        if "language" in site:
            try:
                config = replace(config, language=parse_language(str(site["language"])))
            except ValueError as error:
                raise ConfigError(f"{source}: [site] language: {error}") from error
    return config


def _table(document: dict[str, Any], key: str, source: str) -> dict[str, Any]:
    value = document[key]
    if not isinstance(value, dict):
        raise ConfigError(f"{source}: [{key}] must be a table")
    return value


def _number(value: Any, what: str, source: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{source}: {what} must be a number, not {value!r}")
    if not math.isfinite(value):  # TOML has inf and nan; no setting means them, and JSON cannot hold them
        raise ConfigError(f"{source}: {what} must be a finite number, not {value!r}")
    return float(value)


def _dataclass_over(current: T, overrides: dict[str, Any], section: str, source: str) -> T:
    names = {f.name: f for f in fields(current)}
    changes: dict[str, Any] = {}
    for key, value in overrides.items():
        if key not in names:
            raise ConfigError(f"{source}: [{section}] unknown key {key!r}; known: {sorted(names)}")
        number = _number(value, f"[{section}] {key}", source)
        changes[key] = int(number) if isinstance(getattr(current, key), int) else number
    return replace(current, **changes)
