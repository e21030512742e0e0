"""Deals, scorecards and problems to and from JSON-ready dictionaries (for `check --json`, the store, export).

`to_jsonable` turns any of winplan's dataclasses into plain dicts/lists with ISO dates; the `*_from_dict`
functions rebuild the typed objects, so what the store keeps reads back equal to what was saved.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any, TypeVar

from generator.core.binding import decode_more
from generator.core.i18n import Bilingual
from generator.core.model import Deal, Problem
from generator.core.scorecard import Scorecard

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
    return decode_more(_build(Deal, document))


def scorecard_from_dict(document: dict[str, Any]) -> Scorecard:
    """Rebuild a Scorecard from `to_jsonable(scorecard)`."""
    return _build(Scorecard, document)


def problem_from_dict(document: dict[str, Any]) -> Problem:
    """Rebuild a Problem from `to_jsonable(problem)` (or `Problem.to_dict()`)."""
    return _build(Problem, document)


def _build(cls: type[T], document: dict[str, Any]) -> T:
    convert = _converter(typing.cast(Any, cls))
    assert convert is not None  # a dataclass always has one
    built: T = convert(document)
    return built


Converter = Callable[[Any], Any]


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


@functools.cache
def _converter(hint: Any) -> Converter | None:
    """The function that turns JSON data (never None) into a value of type `hint`; None when JSON holds it as is.

    Built once per type hint, so decoding a model runs no type inspection: only the conversions it needs.
    """
    hint, origin, arguments = _shape(hint)
    if origin is typing.Literal or hint is str or hint is int or hint is bool or hint is Any:
        return None
    if origin is tuple:
        if len(arguments) == 2 and arguments[1] is Ellipsis:
            return _tuple_of(_converter(arguments[0]))
        return _fixed_tuple(tuple(_converter(argument) for argument in arguments))
    if origin is dict:
        return _dict_of(_converter(arguments[1]))
    if origin is list:
        return _list_of(_converter(arguments[0]))
    if hint is date:
        return date.fromisoformat
    if hint is datetime:
        return datetime.fromisoformat
    if hint is float:
        return _to_float
    if hint is Bilingual:
        return _bilingual
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _dataclass_of(hint)
    return None


def _optional(convert: Converter | None, value: Any) -> Any:
    return value if value is None or convert is None else convert(value)


def _to_float(value: Any) -> Any:
    return float(value) if isinstance(value, int) else value  # JSON writes 3.0 as 3


def _bilingual(value: Any) -> Bilingual:
    return Bilingual(value["zh"], value["en"])


def _tuple_of(item: Converter | None) -> Converter:
    if item is None:
        return tuple
    return lambda values: tuple([None if value is None else item(value) for value in values])


def _fixed_tuple(items: tuple[Converter | None, ...]) -> Converter:
    return lambda values: tuple([_optional(item, value) for item, value in zip(items, values, strict=True)])


def _dict_of(item: Converter | None) -> Converter:
    if item is None:
        return dict
    return lambda values: {key: None if value is None else item(value) for key, value in values.items()}


def _list_of(item: Converter | None) -> Converter:
    if item is None:
        return list
    return lambda values: [None if value is None else item(value) for value in values]


def _dataclass_of(cls: type) -> Converter:
    """Build `cls` from its JSON dict: fields JSON holds as is are copied, the others converted; absent ones
    take their defaults."""
    fields = [(name, _converter(hint)) for name, hint in _field_hints(cls)]
    plain = tuple(name for name, convert in fields if convert is None)
    converted = tuple((name, convert) for name, convert in fields if convert is not None)
    # A frozen dataclass's __init__ sets each field through object.__setattr__, which is most of the time a
    # decode takes. When the document has every field and __init__ would do nothing but assign them (no
    # __post_init__, no init=False field, no slots), the instance's __dict__ is filled directly instead:
    # the same object __init__ would make, as unpickling makes it.
    direct = (not hasattr(cls, "__post_init__") and "__slots__" not in vars(cls)
              and all(f.init for f in dataclasses.fields(cls)))
    count = len(fields)
    new = object.__new__

    def build(document: dict[str, Any]) -> Any:
        arguments = {name: document[name] for name in plain if name in document}
        for name, convert in converted:
            if name in document:
                value = document[name]
                arguments[name] = None if value is None else convert(value)
        if direct and len(arguments) == count:
            made: Any = new(cls)
            made.__dict__.update(arguments)
            return made
        return cls(**arguments)

    return build
