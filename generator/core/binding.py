"""The spec bound to the typed model: which part of a `Deal` each field fills and which rows each table holds.

`spec.py` says what the workbook holds; `model.py` says what a deal is. This module joins them, so the reader
(`reader/parse.py`), the filler (`workbook/filler.py`) and the site take the mapping from one place:

- a `spec.Field` fills the Deal attribute named by its `to` path, or the attribute of the field's own name, or,
  when the model has no such attribute, `Deal.more_fields[name]`;
- a `spec.Table` fills the Deal attribute named by its `to` (default: its name in snake case), a tuple whose item
  type is the row type; each `spec.Column` fills the row type's attribute named by its `to` (default: its key).
  A table the model has no attribute for fills `Deal.more_tables[name]`, rows as {column key: value}.

A path is dotted; each step is read by the type it lands in: an attribute of a dataclass, a slot of a fixed
tuple ("competitors.0"), a key of a dict ("assessment.assess_margin"). How a cell's value becomes the model's is
derived from the attribute's type: nothing read becomes the attribute's default (text: ""), a yes/no choice becomes
a bool, an integer an int; the filler goes back the same way (codes -> labels of the workbook's language).
Paths, and the cell kind against the attribute's type, are checked the first time a field or table is used, so a
typo in the spec fails every test that reads a workbook instead of silently landing in `more_fields`.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from generator.core import spec
from generator.core.i18n import Language
from generator.core.model import Deal, MoreValue
from generator.core.spec import Column, Field, Kind, Table
from generator.core.vocabulary import VOCABULARIES

MORE_FIELDS = "more_fields"
MORE_TABLES = "more_tables"
TEXT_KINDS: tuple[Kind, ...] = ("text", "longtext", "uuid")
# Read by the reader's own identity checks, not through the binding (the harvest gives an empty deal_id an id).
IDENTITY_FIELDS = ("deal_id", "template_version")
_MISSING = object()

Step = str | int
Path = tuple[Step, ...]


@dataclass(frozen=True)
class Target:
    """Where one field or column lands in the model: its path, the attribute's type and its default."""

    path: Path
    hint: Any  # the attribute's type, Optional removed (object for more_fields / more_tables: any kind)
    default: Any  # what it holds when nothing was read

    def model_value(self, value: Any) -> Any:
        """A value as the reader converted it (None when blank or wrong) as this attribute holds it."""
        if value is None:
            return self.default
        if self.hint is bool:
            return value == "yes"  # the yes_no vocabulary's codes
        if self.hint is int:
            return int(value)
        return value


# --- paths ----------------------------------------------------------------------------------------------------
R = TypeVar("R")


def _by_identity(function: Callable[..., R]) -> Callable[..., R]:
    """Cache `function` by the identity of its arguments: hashing a spec Table (its columns, labels and default
    rows) on every row read would cost more than reading the row."""
    cache: dict[tuple[int, ...], tuple[tuple[object, ...], R]] = {}

    @functools.wraps(function)
    def cached(*arguments: object) -> R:
        key = tuple(map(id, arguments))
        found = cache.get(key)
        if found is None:
            found = cache[key] = (arguments, function(*arguments))  # the arguments kept: their ids stay theirs
        return found[1]

    return cached


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _without_none(hint: Any) -> Any:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        rest = tuple(a for a in typing.get_args(hint) if a is not type(None))
        if len(rest) == 1:
            return rest[0]
    return hint


@functools.cache
def _attribute_default(cls: type, name: str) -> Any:
    for item in dataclasses.fields(cls):
        if item.name == name:
            if item.default is not dataclasses.MISSING:
                return item.default
            if item.default_factory is not dataclasses.MISSING:
                return item.default_factory()
            return _MISSING
    raise KeyError(name)


def _resolve(root: type, text: str, where: str) -> Target:
    """Follow the dotted path `text` from type `root`; a step that does not exist is a spec error."""
    hint: Any = root
    default: Any = _MISSING
    path: list[Step] = []
    for step in text.split("."):
        hint = _without_none(hint)
        origin, arguments = typing.get_origin(hint), typing.get_args(hint)
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            if step not in _hints(hint):
                raise LookupError(f"{where}: {hint.__name__} has no attribute {step!r} (path {text!r})")
            default = _attribute_default(hint, step)
            hint = _hints(hint)[step]
            path.append(step)
        elif origin is tuple and step.isdigit() and int(step) < len(arguments) and Ellipsis not in arguments:
            default = default[int(step)] if isinstance(default, tuple) else _MISSING
            hint = arguments[int(step)]
            path.append(int(step))
        elif origin is dict:
            default = _MISSING
            hint = arguments[1]
            path.append(step)
        else:
            raise LookupError(f"{where}: cannot follow {step!r} of path {text!r} into {hint!r}")
    hint = _without_none(hint)
    if default is _MISSING:
        default = "" if hint is str else None
    return Target(tuple(path), hint, default)


# The model types each kind of cell may fill: what the reader's conversion of that kind gives, or an int/bool
# derived from it (Target.model_value).
_HINTS_OF_KIND: dict[str, tuple[Any, ...]] = {
    "text": (str,), "longtext": (str,), "uuid": (str,), "date": (date,), "amount": (float,), "percent": (float,),
    "rating": (float, int), "integer": (int,), "choice": (str,),
}


def _checked(target: Target, described: Field | Column, where: str) -> Target:
    """`target`, once its type is one the cell's kind can fill (a yes/no choice may fill a bool)."""
    allowed = _HINTS_OF_KIND[described.kind] + ((bool,) if described.vocabulary == "yes_no" else ())
    if target.hint not in allowed:
        raise TypeError(f"{where}: a {described.kind} cell cannot fill {target.hint!r} at {target.path}")
    return target


def _more(path: Path, kind: Kind) -> Target:
    """Where a field or column the model has no attribute for lands: text as "" when blank, others None."""
    text = kind in TEXT_KINDS
    return Target(path, str if text else object, "" if text else None)


@_by_identity
def field_target(field: Field) -> Target:
    """Where `field` lands in a Deal."""
    where = f"field {field.name}"
    if field.to or field.name in _hints(Deal):
        return _checked(_resolve(Deal, field.to or field.name, where), field, where)
    return _more((MORE_FIELDS, field.name), field.kind)


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


@_by_identity
def table_attribute(table: Table) -> str | None:
    """The Deal attribute `table` fills; None for a table the model has none for (Deal.more_tables)."""
    name = table.to or _snake(table.name)
    if name in _hints(Deal):
        return name
    if table.to:
        raise LookupError(f"table {table.name}: Deal has no attribute {name!r}")
    return None


@_by_identity
def row_type(table: Table) -> type:
    """The model type of one row of `table`: the item type of the Deal attribute it fills (dict for more_tables)."""
    attribute = table_attribute(table)
    if attribute is None:
        return dict
    hint = _hints(Deal)[attribute]
    arguments = typing.get_args(hint)
    if typing.get_origin(hint) is not tuple or len(arguments) != 2 or arguments[1] is not Ellipsis:
        raise LookupError(f"table {table.name}: Deal.{attribute} is not a tuple of rows")
    item: type = arguments[0]
    return item


@_by_identity
def column_target(table: Table, column: Column) -> Target:
    """Where `column` lands in one row of `table`."""
    if table_attribute(table) is None:
        return _more((column.key,), column.kind)
    where = f"table {table.name} column {column.key}"
    return _checked(_resolve(row_type(table), column.to or column.key, where), column, where)


def _table_path(table: Table) -> Path:
    attribute = table_attribute(table)
    return (attribute,) if attribute is not None else (MORE_TABLES, table.name)


# --- reading: values -> model ---------------------------------------------------------------------------------
class _Builder:
    """Builds a `cls` from values given in the order of `paths` (attributes no path reaches keep their defaults);
    the paths are grouped once, so building a row costs a constructor call, not a walk over its type."""

    def __init__(self, cls: type, paths: Sequence[Path]) -> None:
        self.cls = cls
        groups: dict[str, list[tuple[int, Path]]] = {}
        for index, path in enumerate(paths):
            assert isinstance(path[0], str)
            groups.setdefault(path[0], []).append((index, path[1:]))
        self.leaves: list[tuple[str, int]] = []
        self.nested: list[tuple[str, _Builder, tuple[int, ...]]] = []
        self.slots: list[tuple[str, tuple[Any, ...], tuple[tuple[int, int], ...]]] = []
        self.keys: list[tuple[str, tuple[tuple[Step, int], ...]]] = []
        for name, items in groups.items():
            hint = _without_none(_hints(cls)[name])
            if any(rest == () for _, rest in items):
                self.leaves.append((name, items[-1][0]))
            elif isinstance(hint, type) and dataclasses.is_dataclass(hint):
                self.nested.append((name, _Builder(hint, [rest for _, rest in items]),
                                    tuple(index for index, _ in items)))
            elif typing.get_origin(hint) is tuple:
                slots = tuple((int(rest[0]), index) for index, rest in items)
                self.slots.append((name, tuple(_attribute_default(cls, name)), slots))
            else:  # a dict, keyed by the path's last step
                self.keys.append((name, tuple((rest[0], index) for index, rest in items)))

    def build(self, values: Sequence[Any], **given: Any) -> Any:
        arguments = {name: values[index] for name, index in self.leaves}
        for name, builder, indexes in self.nested:
            arguments[name] = builder.build([values[index] for index in indexes])
        for name, default, slots in self.slots:
            filled = list(default)
            for slot, index in slots:
                filled[slot] = values[index]
            arguments[name] = tuple(filled)
        for name, keys in self.keys:
            arguments[name] = {key: values[index] for key, index in keys}
        return self.cls(**arguments, **given)


@dataclass(frozen=True)
class _RowPlan:
    targets: tuple[tuple[str, Target], ...]  # column key and where it lands, in column order
    fixed: tuple[Any, ...]  # the values of the table's fixed attributes, after the columns'
    builder: _Builder | None  # None for a row of Deal.more_tables (a dict)


@_by_identity
def _row_plan(table: Table) -> _RowPlan:
    targets = tuple((column.key, column_target(table, column)) for column in table.columns)
    paths = [target.path for _, target in targets] + [(name,) for name, _ in table.fixed]
    builder = None if table_attribute(table) is None else _Builder(row_type(table), paths)
    return _RowPlan(targets, tuple(value for _, value in table.fixed), builder)


def build_row(table: Table, values: Mapping[str, Any]) -> Any:
    """One row object of `table` from the reader's converted column `values` (by column key)."""
    plan = _row_plan(table)
    converted = [target.model_value(values.get(key)) for key, target in plan.targets]
    if plan.builder is None:
        return dict(zip([key for key, _ in plan.targets], converted, strict=True))
    return plan.builder.build([*converted, *plan.fixed])


def deal_fields() -> tuple[Field, ...]:
    """Every field that fills part of a Deal, in spec order (the identity fields have their own checks)."""
    return tuple(f for f in spec.ALL_FIELDS.values() if f.name not in IDENTITY_FIELDS)


@dataclass(frozen=True)
class _DealPlan:
    fields: tuple[tuple[str, Target], ...]  # field name and where it lands
    tables: tuple[tuple[str, ...], ...]  # per table path, after the fields': the tables filling it
    builder: _Builder


@_by_identity
def _deal_plan(fields: tuple[Field, ...], tables: tuple[Table, ...]) -> _DealPlan:
    targets = tuple((field.name, field_target(field)) for field in fields)
    by_path: dict[Path, list[str]] = {}
    for table in tables:
        by_path.setdefault(_table_path(table), []).append(table.name)
    paths = [target.path for _, target in targets] + list(by_path)
    return _DealPlan(targets, tuple(tuple(names) for names in by_path.values()), _Builder(Deal, paths))


def build_deal(values: Mapping[str, Any], rows: Mapping[str, Iterable[Any]], **given: Any) -> Deal:
    """The Deal of the reader's field `values` (by name) and built table `rows` (by table name); `given` sets
    whole attributes the reader finds itself (deal_id, language, sources ...)."""
    fields, tables = deal_fields(), tuple(spec.ALL_TABLES.values())
    plan = _deal_plan(*_interned(fields, tables))
    converted = [target.model_value(values.get(name)) for name, target in plan.fields]
    converted += [tuple(row for name in names for row in rows.get(name, ())) for names in plan.tables]
    deal: Deal = plan.builder.build(converted, **given)
    return deal


_INTERNED: dict[tuple[int, ...], tuple[Any, ...]] = {}


def _interned(*parts: tuple[Any, ...]) -> tuple[tuple[Any, ...], ...]:
    """`parts` as the same tuple objects each time they hold the same objects (so a plan is made once per spec)."""
    interned = []
    for part in parts:
        key = tuple(map(id, part))
        interned.append(_INTERNED.setdefault(key, part))
    return tuple(interned)


# --- filling: model -> cells ----------------------------------------------------------------------------------
def value_at(model: Any, path: Path) -> Any:
    """The value at `path` in a Deal or row (None for a dict key it has not got)."""
    for step in path:
        if isinstance(step, int):
            model = model[step]
        elif isinstance(model, dict):
            model = model.get(step)
        else:
            model = getattr(model, step)
    return model


def field_value(deal: Deal, name: str) -> Any:
    """What `deal` holds for the spec field `name`, as the model holds it."""
    return value_at(deal, field_target(spec.ALL_FIELDS[name]).path)


def cell_value(kind: Kind, vocabulary: str | None, value: Any, lang: Language) -> object:
    """A model value as a cell of a workbook in `lang` holds it: drop-down labels, yes/no for a bool, percentages
    (0-100 in the model) as fractions, since the template formats percent cells as % (the reader turns them back
    into percentages: reader/parse.py `_percent` for a single cell, `_criteria` for the criteria weights)."""
    if value is None:
        return None
    if isinstance(value, bool):
        value = "yes" if value else "no"
    if kind == "choice" and vocabulary:
        return VOCABULARIES[vocabulary].label(value, lang)
    if kind == "percent":
        return value / 100
    return value


def field_cells(deal: Deal, lang: Language) -> dict[str, object]:
    """The defined-name values that represent `deal` (its deal_id included, the template's version left alone)."""
    cells: dict[str, object] = {"deal_id": deal.deal_id}
    for field in deal_fields():
        cells[field.name] = cell_value(field.kind, field.vocabulary, field_value(deal, field.name), lang)
    return cells


def table_cells(deal: Deal, lang: Language) -> dict[str, list[dict[str, object]]]:
    """Each table's rows that represent `deal`, as {column key: cell value}."""
    tables: dict[str, list[dict[str, object]]] = {}
    for table in spec.ALL_TABLES.values():
        items = value_at(deal, _table_path(table)) or ()
        tables[table.name] = [
            {column.key: cell_value(column.kind, column.vocabulary,
                                    value_at(item, column_target(table, column).path), lang)
             for column in table.columns}
            for item in items if all(value_at(item, (name,)) == value for name, value in table.fixed)
        ]
    return tables


# --- the store ------------------------------------------------------------------------------------------------
def decode_more(deal: Deal) -> Deal:
    """`deal` as JSON gave it back, with the dates of its more_fields and more_tables as dates again (JSON alone
    cannot tell a date from text: the spec's kinds can)."""
    if not deal.more_fields and not deal.more_tables:
        return deal
    fields = {name: _decoded(spec.ALL_FIELDS.get(name), value) for name, value in deal.more_fields.items()}
    tables = {}
    for name, rows in deal.more_tables.items():
        table = spec.ALL_TABLES.get(name)
        kinds = {column.key: column for column in table.columns} if table is not None else {}
        tables[name] = tuple({key: _decoded(kinds.get(key), value) for key, value in row.items()} for row in rows)
    return dataclasses.replace(deal, more_fields=fields, more_tables=tables)


def _decoded(described: Field | Column | None, value: MoreValue) -> MoreValue:
    if described is not None and described.kind == "date" and isinstance(value, str):
        return date.fromisoformat(value)
    return value
