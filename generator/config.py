"""Team settings: stage probabilities, scoring weights and thresholds, currency and rates, site title and language.

Defaults follow the domain contract (docs/domain.md); a `winplan.toml` overrides any of them. Unknown keys are
an error, so a typo never silently changes a forecast.

Which file applies is decided in one place, `find_config`: the nearest `winplan.toml` in a workbook's folder or
one of its parents (the team's shared folder root), unless `--config` names one. The Score button, `check`, the
harvest and the site all use it (docs/configuration.md).
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path, PurePath
from typing import Any, TypeVar

from generator.errors import ConfigError
from generator.i18n import Language, parse_language
from generator.reader.conversions import MAX_AMOUNT, MAX_AMOUNT_LIMIT
from generator.vocabulary import STAGES

CONFIG_FILE = "winplan.toml"
T = TypeVar("T", "Thresholds", "HealthWeights")
P = TypeVar("P", bound=PurePath)


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
    contact_stale_days: int = 30  # an EB or coach not contacted for more than this many days -> key-contact-stale


@dataclass(frozen=True)
class HealthWeights:
    assessment: float = 0.35
    competition: float = 0.25
    stakeholders: float = 0.25
    actions: float = 0.15


@dataclass(frozen=True)
class CurrencySettings:
    """The team's base currency and exchange rates (base units per one unit of each other currency).

    With no base, amounts are never converted and every total is kept per currency.
    """

    base: str = ""  # ISO 4217 code, e.g. CNY; "" = no conversion
    rates: dict[str, float] = field(default_factory=dict)  # e.g. {"USD": 7.10}: 1 USD = 7.10 CNY

    def rate(self, currency: str) -> float | None:
        """Base units per unit of `currency` (1 for the base itself); None without a base or without a rate."""
        if not self.base:
            return None
        if currency == self.base:
            return 1.0
        return self.rates.get(currency)


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
    currency: CurrencySettings = field(default_factory=CurrencySettings)
    site_title: str = "winplan"
    language: Language = "zh"
    reading: ReadingRules = field(default_factory=ReadingRules)


DEFAULT_CONFIG = Config()


def find_config(start: Path) -> Path | None:
    """The nearest winplan.toml in `start` (a folder, or a file's folder) or one of its parents, up to the root.

    Folders that cannot be looked into are passed over, so a locked-down parent on a file server never stops
    the search.
    """
    folder = Path(os.path.abspath(start))
    if not _is_dir(folder):
        folder = folder.parent
    for candidate in config_candidates(folder):
        try:
            if candidate.is_file():
                return candidate
        except OSError:  # e.g. permission denied on a parent folder
            continue
    return None


def config_candidates(folder: P) -> list[P]:
    """Where a winplan.toml for `folder` may be, nearest first: the folder, then each parent up to the root.

    Pure path arithmetic, so a Windows drive (C:\\Team\\Deals) or share (\\\\server\\share) stops at its
    root on any OS.
    """
    return [parent / CONFIG_FILE for parent in (folder, *folder.parents)]


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def load_config(path: Path | None = None) -> Config:
    """Read `path` over the defaults; without a path, the winplan.toml found from the working folder, if any."""
    if path is None:
        path = find_config(Path.cwd())
        if path is None:
            return DEFAULT_CONFIG
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ConfigError(f"{path}: no such file") from error
    except IsADirectoryError as error:
        raise ConfigError(f"{path} is a folder; give the path of the winplan.toml file") from error
    except OSError as error:
        raise ConfigError(f"{path}: cannot read it: {error.strerror}") from error
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from error
    return config_from_mapping(document, str(path))


def config_from_mapping(document: dict[str, Any], source: str = "config") -> Config:
    """Build a Config from a parsed TOML document, rejecting unknown keys and out-of-range values."""
    config = DEFAULT_CONFIG
    known = {"stage_probabilities", "influence_weights", "health_weights", "thresholds", "currency", "reading",
             "site"}
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

    if "currency" in document:
        config = replace(config, currency=_currency(_table(document, "currency", source), source))
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


_CURRENCY_CODE = re.compile(r"[A-Z]{3}")


def _currency_code(value: Any, what: str, source: str) -> str:
    code = str(value).strip().upper() if isinstance(value, str) else ""
    if not _CURRENCY_CODE.fullmatch(code):
        raise ConfigError(f"{source}: {what} must be a three-letter currency code such as CNY or USD, not {value!r}")
    return code


def _currency(section: dict[str, Any], source: str) -> CurrencySettings:
    unknown = set(section) - {"base", "rates"}
    if unknown:
        raise ConfigError(f"{source}: [currency] unknown key(s) {sorted(unknown)}; known: base, rates")
    if "base" not in section:
        raise ConfigError(f"{source}: [currency] needs base = \"CNY\" (the currency totals are shown in)")
    base = _currency_code(section["base"], "[currency] base", source)
    rates: dict[str, float] = {}
    for key, value in _table(section, "rates", source).items() if "rates" in section else ():
        code = _currency_code(key, f"[currency.rates] key {key!r}", source)
        rate = _number(value, f"[currency.rates] {code}", source)
        if not math.isfinite(rate) or rate <= 0:
            raise ConfigError(f"{source}: [currency.rates] {code} must be a positive number of {base} per {code}")
        if code == base and rate != 1:
            raise ConfigError(f"{source}: [currency.rates] {code} is the base currency; its rate is 1 (leave it out)")
        if code in rates:
            raise ConfigError(f"{source}: [currency.rates] {code} is given twice")
        if code != base:
            rates[code] = rate
    return CurrencySettings(base, rates)


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


@dataclass(frozen=True)
class TeamSettings:
    """The team settings one entry point uses, and the file they came from (None: the defaults)."""

    config: Config
    source: Path | None


class SettingsLookup:
    """Finds the team settings for workbooks and folders: `--config` when given, else the nearest winplan.toml.

    Each file is read once however many workbooks share it.
    """

    def __init__(self, override: Path | None = None) -> None:
        self.override = override
        self._loaded: dict[Path | None, TeamSettings] = {}
        if override is not None:  # a wrong --config is reported before any command runs
            self._load(override)

    def near(self, start: Path) -> TeamSettings:
        """The settings for a workbook or folder at `start`."""
        return self._load(self.override if self.override is not None else find_config(start))

    def for_harvest(self, folders: Sequence[Path]) -> TeamSettings:
        """The settings of a harvest: those found from each harvested folder, which must agree."""
        found = {team.source: team for team in map(self.near, folders)}
        if len(found) > 1:
            files = ", ".join(str(source) if source else "the defaults (no winplan.toml)" for source in found)
            raise ConfigError(f"the folders to harvest have different team settings ({files}); harvest them into "
                              "separate databases, or give one file with winplan --config PATH")
        return next(iter(found.values())) if found else self.near(Path.cwd())

    def for_site(self, harvested: Sequence[str]) -> TeamSettings:
        """The settings of a site built from a harvest of `harvested`: the harvest's own, else the working folder's.

        The harvest found its settings from its folders, so the site looks there too (a build may run from any
        folder); when those folders are out of reach or hold no winplan.toml, the working folder decides.
        """
        if self.override is not None:
            return self.near(Path.cwd())
        sources = {self.near(Path(folder)).source for folder in harvested if _is_dir(Path(folder))}
        sources.discard(None)
        if len(sources) == 1:
            return self._load(sources.pop())
        return self.near(Path.cwd())

    def _load(self, source: Path | None) -> TeamSettings:
        if source not in self._loaded:
            config = DEFAULT_CONFIG if source is None else load_config(source)
            self._loaded[source] = TeamSettings(config, source)
        return self._loaded[source]
