"""Deals, scorecards and problems to and from JSON-ready dictionaries (for `check --json`, the store, export).

`to_jsonable` turns any of winplan's dataclasses into plain dicts/lists with ISO dates; the `*_from_dict`
functions rebuild the typed objects, so what the store keeps reads back equal to what was saved.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from datetime import date, datetime, time
from typing import Any, TypeVar

from generator.i18n import Bilingual
from generator.model import Deal, Problem
from generator.scorecard import Scorecard

T = TypeVar("T")


def to_jsonable(value: Any) -> Any:
    """Return `value` as JSON-ready data: dataclasses -> dicts, tuples -> lists, dates -> ISO strings."""
    if value is None or type(value) in _SCALARS:  # fast path: most values of a deal are plain scalars
        return value
    if isinstance(value, Bilingual):
        return value.to_dict()
    names = _field_names(type(value))  # type: ignore[arg-type]
    if names is not None:
        return {name: to_jsonable(getattr(value, name)) for name in names}
    if isinstance(value, dict):
        return {str(key): to_jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(item) for item in value]
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


_SCALARS = frozenset({str, int, float, bool})


@functools.cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """The field names of dataclass `cls`, or None for any other type (looked up once per type)."""
    return tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else None


def deal_from_dict(document: dict[str, Any]) -> Deal:
    """Rebuild a Deal from `to_jsonable(deal)`."""
    return _build(Deal, document)


def scorecard_from_dict(document: dict[str, Any]) -> Scorecard:
    """Rebuild a Scorecard from `to_jsonable(scorecard)`."""
    return _build(Scorecard, document)


def problem_from_dict(document: dict[str, Any]) -> Problem:
    """Rebuild a Problem from `to_jsonable(problem)` (or `Problem.to_dict()`)."""
    return _build(Problem, document)


def _build(cls: type[T], document: dict[str, Any]) -> T:
    fields = _field_hints(cls)  # type: ignore[arg-type]
    arguments = {name: _convert(hint, document[name]) for name, hint in fields if name in document}
    return cls(**arguments)


@functools.cache
def _field_hints(cls: type) -> tuple[tuple[str, Any], ...]:
    """Each field of dataclass `cls` with its resolved type (get_type_hints is slow: once per class)."""
    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


@functools.cache
def _shape(hint: Any) -> tuple[Any, Any, tuple[Any, ...]]:
    """A type hint without its Optional, with its origin and arguments (cached: typing's helpers are slow).

    A union of several scalars (e.g. str | float) comes back as a Literal: JSON already holds the right kind.
    """
    origin, arguments = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        candidates = [a for a in arguments if a is not type(None)]
        if len(candidates) == 1:
            return _shape(candidates[0])
        return hint, typing.Literal, ()
    return hint, origin, arguments


def _convert(hint: Any, value: Any) -> Any:
    if value is None or hint is str or hint is int or hint is bool:  # scalars pass through as JSON holds them
        return value
    hint, origin, arguments = _shape(hint)
    if origin is typing.Literal:
        return value
    if origin is tuple:
        if len(arguments) == 2 and arguments[1] is Ellipsis:
            return tuple(_convert(arguments[0], item) for item in value)
        return tuple(_convert(a, item) for a, item in zip(arguments, value, strict=True))
    if origin is dict:
        return {key: _convert(arguments[1], item) for key, item in value.items()}
    if origin is list:
        return [_convert(arguments[0], item) for item in value]
    if hint is date:
        return date.fromisoformat(value)
    if hint is datetime:
        return datetime.fromisoformat(value)
    if hint is float and isinstance(value, int):
        return float(value)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if hint is Bilingual:
            return Bilingual(value["zh"], value["en"])
        return _build(hint, value)
    return value
