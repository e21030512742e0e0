"""Team settings: stage probabilities, scoring weights and thresholds, currency and rates, site title and language.

Each setting is described once, in `SETTINGS` (section, key, kind, default, range, unit, what it means): the
defaults of the dataclasses below, the reading and checking of a `winplan.toml` and the table in
docs/configuration.md all come from it (tests/test_config.py checks the table). Unknown keys, wrong types,
out-of-range and contradictory values are refused, each as "<file>: [section] key: reason", so a typo never
silently changes a forecast. `[currency]` (a base and a table of rates keyed by currency) is read by `_currency`.

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
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any, Literal, TypeVar

from generator.core.errors import ConfigError
from generator.core.i18n import Language, parse_language
from generator.core.vocabulary import STAGES
from generator.reader.conversions import MAX_AMOUNT, MAX_AMOUNT_LIMIT

CONFIG_FILE = "winplan.toml"
P = TypeVar("P", bound=PurePath)

Kind = Literal["number", "whole number", "probability", "text", "language"]


class _Refused(Exception):
    """A value a setting does not take; the argument is the reason, to follow "[section] key: "."""


@dataclass(frozen=True)
class Setting:
    """One key of winplan.toml: where it is, what it takes, its default and what it means."""

    section: str
    key: str
    kind: Kind
    default: Any
    doc: str
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""  # e.g. "points", "days": said in the docs and in a refusal
    above_minimum: bool = False  # the minimum itself is refused (a bound of 0 would refuse every amount)

    def read(self, value: Any) -> Any:
        """The setting's value from a parsed TOML value; `_Refused` with the reason when it cannot be one."""
        if self.kind == "text":
            if not isinstance(value, str):
                raise _Refused(f"must be text in quotes, not {value!r}")
            return value
        if self.kind == "language":
            if not isinstance(value, str):
                raise _Refused(f"must be zh or en in quotes, not {value!r}")
            try:
                return parse_language(value)
            except ValueError as error:
                raise _Refused(str(error)) from error
        number = _finite_number(value)
        if self.kind == "probability" and number > 1:
            number = number / 100  # accept 60 as well as 0.6
        if self.kind == "whole number":
            if not number.is_integer():
                raise _Refused(f"must be a whole number{self._of_unit()}, not {value!r}")
            number = int(number)
        if not self._in_range(number):
            raise _Refused(f"must be {self.range_text()}, not {value!r}")
        return number

    @property
    def shown_default(self) -> str:
        """The default as it would be written in winplan.toml."""
        if isinstance(self.default, str):
            return f'"{self.default}"'
        return f"{self.default:g}" if isinstance(self.default, float) else str(self.default)

    def range_text(self) -> str:
        """The values allowed, in words: "between 0 and 100 points", "at least 0"."""
        unit = f" {self.unit}" if self.unit else ""
        low, high = _shown(self.minimum), _shown(self.maximum)
        if self.kind == "probability":
            return "between 0 and 1 (or 0-100 percent)"
        if self.kind == "language":
            return "zh or en"
        if self.minimum is not None and self.maximum is not None:
            if self.above_minimum:
                return f"above {low} and at most {high}{unit}"
            return f"between {low} and {high}{unit}"
        if self.minimum is not None:
            return f"above {low}{unit}" if self.above_minimum else f"at least {low}{unit}"
        return ""

    def _in_range(self, number: float) -> bool:
        if self.kind == "probability":
            return 0 <= number <= 1
        if self.minimum is not None and (number <= self.minimum if self.above_minimum else number < self.minimum):
            return False
        return self.maximum is None or number <= self.maximum

    def _of_unit(self) -> str:
        return f" of {self.unit}" if self.unit else ""


def _finite_number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Refused(f"must be a number, not {value!r}")
    if not math.isfinite(value):  # TOML has inf and nan; no setting means them, and JSON cannot hold them
        raise _Refused(f"must be a finite number, not {value!r}")
    return float(value)


def _shown(number: float | None) -> str:
    return "" if number is None else f"{number:g}"


def _stage_probability(code: str, label: str, probability: float) -> Setting:
    return Setting("stage_probabilities", code, "probability", probability,
                   f"win probability of an open deal at stage {label}")


def _weight(section: str, key: str, default: float, doc: str) -> Setting:
    return Setting(section, key, "number", default, doc, minimum=0)


def _support(key: str, default: int, doc: str) -> Setting:
    return Setting("thresholds", key, "whole number", default, doc, minimum=-3, maximum=3)


SETTINGS: tuple[Setting, ...] = (
    Setting("site", "title", "text", "winplan", "the site's title"),
    Setting("site", "language", "language", "zh", "language of the site, the reports and new workbooks: zh or en "
            "(--lang overrides)"),
    *(_stage_probability(stage.code, f"{stage.number} ({stage.label.zh}, {stage.label.en})", stage.probability)
      for stage in STAGES),
    _weight("influence_weights", "high", 3.0, "weight of a high-influence stakeholder in the support index"),
    _weight("influence_weights", "medium", 2.0, "weight of a medium-influence stakeholder"),
    _weight("influence_weights", "low", 1.0, "weight of a low-influence stakeholder"),
    _weight("health_weights", "assessment", 0.35, "share of the opportunity assessment in deal health"),
    _weight("health_weights", "competition", 0.25, "share of the competitive position"),
    _weight("health_weights", "stakeholders", 0.25, "share of stakeholder support"),
    _weight("health_weights", "actions", 0.15, "share of the action plan"),
    Setting("thresholds", "walk_away_below", "number", 40.0, "a worth-winning score under this -> walk away",
            minimum=0, maximum=100, unit="points"),
    Setting("thresholds", "pursue_at_least", "number", 60.0, "all three assessment groups at least this -> pursue",
            minimum=0, maximum=100, unit="points"),
    Setting("thresholds", "gap_min_weight", "number", 10.0, "criterion weight from which trailing a competitor "
            "is a gap", minimum=0, maximum=100, unit="percent"),
    Setting("thresholds", "gap_min_points", "number", 1.0, "rating points behind the best competitor that make a "
            "gap (ratings are 1-5)", minimum=0, maximum=4, unit="points"),
    Setting("thresholds", "quadrant_split", "number", 50.0, "planning matrix split on both axes",
            minimum=0, maximum=100, unit="points"),
    _support("eb_min_support", 1, "the economic buyer counts as supportive from this support on"),
    _support("coach_min_support", 2, "a coach counts from this support on"),
    _support("opposition_max_support", -2, "a high-influence stakeholder at or below this support opposes"),
    Setting("thresholds", "stale_days", "whole number", 30, "no update for more than this many days -> stale",
            minimum=0, unit="days"),
    Setting("thresholds", "scope_tolerance", "number", 0.01, "fraction by which the scope split may differ from "
            "the amount", minimum=0, maximum=1),
    Setting("thresholds", "full_assessment_stage", "whole number", 5, "from this stage number on, the assessment "
            "should be complete", minimum=1, maximum=len(STAGES)),
    Setting("thresholds", "contact_stale_days", "whole number", 30, "an economic buyer or coach not contacted for "
            "more than this many days -> key-contact-stale", minimum=0, unit="days"),
    Setting("reading", "max_amount", "number", MAX_AMOUNT, "a money cell (amount, budget, scope split) above this "
            "is an error and its amount is left out", minimum=0, maximum=MAX_AMOUNT_LIMIT, above_minimum=True),
)
SECTIONS: tuple[str, ...] = (*dict.fromkeys(setting.section for setting in SETTINGS), "currency")
_BY_KEY = {(setting.section, setting.key): setting for setting in SETTINGS}


def section_defaults(section: str) -> dict[str, Any]:
    """The default of every key of `section`, in the schema's order."""
    return {setting.key: setting.default for setting in SETTINGS if setting.section == section}


def _default(section: str, key: str) -> Any:
    return _BY_KEY[section, key].default


_DEFAULT_LANGUAGE: Language = _default("site", "language")


@dataclass(frozen=True)
class Thresholds:
    """The `[thresholds]` section (each field is described in `SETTINGS`)."""

    walk_away_below: float = _default("thresholds", "walk_away_below")
    pursue_at_least: float = _default("thresholds", "pursue_at_least")
    gap_min_weight: float = _default("thresholds", "gap_min_weight")
    gap_min_points: float = _default("thresholds", "gap_min_points")
    quadrant_split: float = _default("thresholds", "quadrant_split")
    eb_min_support: int = _default("thresholds", "eb_min_support")
    coach_min_support: int = _default("thresholds", "coach_min_support")
    opposition_max_support: int = _default("thresholds", "opposition_max_support")
    stale_days: int = _default("thresholds", "stale_days")
    scope_tolerance: float = _default("thresholds", "scope_tolerance")
    full_assessment_stage: int = _default("thresholds", "full_assessment_stage")
    contact_stale_days: int = _default("thresholds", "contact_stale_days")


@dataclass(frozen=True)
class HealthWeights:
    """The `[health_weights]` section: the deal health blend (parts that cannot be computed are left out)."""

    assessment: float = _default("health_weights", "assessment")
    competition: float = _default("health_weights", "competition")
    stakeholders: float = _default("health_weights", "stakeholders")
    actions: float = _default("health_weights", "actions")


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
    """The `[reading]` section: bounds the reader applies to cells."""

    max_amount: float = _default("reading", "max_amount")


@dataclass(frozen=True)
class Config:
    stage_probabilities: dict[str, float] = field(default_factory=lambda: section_defaults("stage_probabilities"))
    influence_weights: dict[str, float] = field(default_factory=lambda: section_defaults("influence_weights"))
    health_weights: HealthWeights = field(default_factory=HealthWeights)
    thresholds: Thresholds = field(default_factory=Thresholds)
    currency: CurrencySettings = field(default_factory=CurrencySettings)
    site_title: str = _default("site", "title")
    language: Language = _DEFAULT_LANGUAGE
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
    """Build a Config from a parsed TOML document; ConfigError naming every key that is unknown, wrong or contradictory.

    Each line of the error is "<source>: [section] key: reason". Contradictions are looked for once every value
    is valid on its own.
    """
    problems: list[str] = []
    values: dict[tuple[str, str], Any] = {key: setting.default for key, setting in _BY_KEY.items()}
    given: set[tuple[str, str]] = set()
    currency = CurrencySettings()
    for section, table in document.items():
        if section not in SECTIONS:
            problems.append(f"{source}: [{section}]: unknown section; known: {', '.join(SECTIONS)}")
        elif not isinstance(table, dict):
            problems.append(f"{source}: [{section}]: must be a table, not {table!r}")
        elif section == "currency":
            try:
                currency = _currency(table, source)
            except ConfigError as error:
                problems.append(error.message)
        else:
            for key, value in table.items():
                problem = _read_key(section, key, value, values, given)
                if problem:
                    problems.append(f"{source}: [{section}] {key}: {problem}")
    if not problems:
        problems = [f"{source}: {problem}" for problem in _contradictions(values, given)]
    if problems:
        raise ConfigError("\n".join(problems))
    return _assemble(values, currency)


def _read_key(section: str, key: str, value: Any, values: dict[tuple[str, str], Any],
              given: set[tuple[str, str]]) -> str:
    """Read one key into `values`; the reason it cannot be read, or "" when it was."""
    setting = _BY_KEY.get((section, key))
    if setting is None:
        known = ", ".join(section_defaults(section))
        return f"not a stage; the stages are {known}" if section == "stage_probabilities" \
            else f"unknown key; known: {known}"
    try:
        values[section, key] = setting.read(value)
    except _Refused as refused:
        return str(refused)
    given.add((section, key))
    return ""


def _assemble(values: dict[tuple[str, str], Any], currency: CurrencySettings) -> Config:
    def section(name: str) -> dict[str, Any]:
        return {key: value for (where, key), value in values.items() if where == name}

    return Config(
        stage_probabilities=section("stage_probabilities"),
        influence_weights=section("influence_weights"),
        health_weights=HealthWeights(**section("health_weights")),
        thresholds=Thresholds(**section("thresholds")),
        currency=currency,
        site_title=values["site", "title"],
        language=values["site", "language"],
        reading=ReadingRules(**section("reading")),
    )


@dataclass(frozen=True)
class _Order:
    """Settings of one section whose values must not decrease along `keys` (each valid on its own)."""

    section: str
    keys: tuple[str, ...]
    why: str
    strictly: bool = False  # each must be below the next, not only at most


@dataclass(frozen=True)
class _SomeWeight:
    """A section whose values are weights that cannot all be zero."""

    section: str
    why: str


# Values that are each in range but contradict one another. Stage probabilities may go down from one stage to
# the next: a team may know that its tenders are won less often than its negotiations, and the forecast only
# multiplies each deal's amount by its own stage's number.
CONTRADICTIONS: tuple[_Order | _SomeWeight, ...] = (
    _Order("thresholds", ("walk_away_below", "pursue_at_least"),
           "a deal scoring between them would be both walked away from and pursued"),
    _Order("thresholds", ("opposition_max_support", "eb_min_support"),
           "an economic buyer would be supportive and opposed at once", strictly=True),
    _Order("thresholds", ("opposition_max_support", "coach_min_support"),
           "a stakeholder would be a coach and opposed at once", strictly=True),
    _Order("influence_weights", ("low", "medium", "high"),
           "a more influential stakeholder would count for less"),
    _SomeWeight("health_weights", "deal health would have nothing to blend"),
    _SomeWeight("influence_weights", "the support index would divide by zero"),
)


def _contradictions(values: dict[tuple[str, str], Any], given: set[tuple[str, str]]) -> list[str]:
    """One "[section] key: reason" per contradiction, naming a key the file set (a default is said to be one)."""
    found = []
    for rule in CONTRADICTIONS:
        if isinstance(rule, _SomeWeight):
            keys = tuple(section_defaults(rule.section))
            if all(values[rule.section, key] == 0 for key in keys):
                found.append(f"[{rule.section}] {', '.join(keys)}: all 0, so {rule.why}; give one a weight above 0")
            continue
        for lower, upper in zip(rule.keys, rule.keys[1:], strict=False):
            low, high = values[rule.section, lower], values[rule.section, upper]
            if low > high or (rule.strictly and low == high):
                found.append(_out_of_order(rule, lower, upper, low, high, given))
    return found


def _out_of_order(rule: _Order, lower: str, upper: str, low: float, high: float,
                  given: set[tuple[str, str]]) -> str:
    def shown(key: str, value: float) -> str:
        return f"{value:g}" + ("" if (rule.section, key) in given else ", the default")

    relation, inverse = ("below", "above") if rule.strictly else ("at most", "at least")
    if (rule.section, upper) in given and (rule.section, lower) not in given:
        return f"[{rule.section}] {upper}: {high:g} must be {inverse} {lower} ({shown(lower, low)}), or {rule.why}"
    return f"[{rule.section}] {lower}: {low:g} must be {relation} {upper} ({shown(upper, high)}), or {rule.why}"


_CURRENCY_CODE = re.compile(r"[A-Z]{3}")


def _currency_code(value: Any) -> str:
    code = value.strip().upper() if isinstance(value, str) else ""
    if not _CURRENCY_CODE.fullmatch(code):
        raise _Refused(f"must be a three-letter currency code such as CNY or USD, not {value!r}")
    return code


def _currency(section: dict[str, Any], source: str) -> CurrencySettings:
    """`[currency]`: a base currency and `[currency.rates]`, base units per one unit of each other currency."""
    def refuse(where: str, reason: str) -> ConfigError:
        return ConfigError(f"{source}: {where}: {reason}")

    for key in section:
        if key not in ("base", "rates"):
            raise refuse(f"[currency] {key}", "unknown key; known: base, rates")
    if "base" not in section:
        raise refuse("[currency] base", 'missing; write base = "CNY" (the currency totals are shown in)')
    try:
        base = _currency_code(section["base"])
    except _Refused as refused:
        raise refuse("[currency] base", str(refused)) from None
    table = section.get("rates", {})
    if not isinstance(table, dict):
        raise refuse("[currency] rates", f"must be a table ([currency.rates]), not {table!r}")
    rates: dict[str, float] = {}
    for key, value in table.items():
        try:
            code = _currency_code(key)
            rate = _finite_number(value)
        except _Refused as refused:
            raise refuse(f"[currency.rates] {key}", str(refused)) from None
        if rate <= 0:
            raise refuse(f"[currency.rates] {key}", f"must be a positive number of {base} per {code}")
        if code == base and rate != 1:
            raise refuse(f"[currency.rates] {key}", "is the base currency; its rate is 1 (leave it out)")
        if code in rates:
            raise refuse(f"[currency.rates] {key}", f"{code} is given twice")
        if code != base:
            rates[code] = rate
    return CurrencySettings(base, rates)


def settings_table() -> str:
    """The Markdown table of every setting, as docs/configuration.md shows it (tests/test_config.py checks)."""
    lines = ["| section | key | type | default | allowed | meaning |", "|---|---|---|---|---|---|"]
    for setting in SETTINGS:
        lines.append(f"| `[{setting.section}]` | `{setting.key}` | {setting.kind} | `{setting.shown_default}` | "
                     f"{setting.range_text() or '-'} | {setting.doc} |")
    lines.append('| `[currency]` | `base` | currency code | none (no conversion) | three letters, e.g. `"CNY"`; '
                 "required in `[currency]` | the currency every total is shown in |")
    lines.append("| `[currency.rates]` | a currency code, e.g. `USD` | number | none | above 0 | "
                 "base units per one unit of that currency |")
    return "\n".join(lines) + "\n"


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
