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
a bool, an integer an int. Paths are checked against the model the first time a field or table is used, so a typo
in the spec fails every test that reads a workbook instead of silently landing in `more_fields`.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import types
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

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


@functools.cache
def field_target(field: Field) -> Target:
    """Where `field` lands in a Deal."""
    where = f"field {field.name}"
    if field.to or field.name in _hints(Deal):
        return _checked(_resolve(Deal, field.to or field.name, where), field, where)
    return _more((MORE_FIELDS, field.name), field.kind)


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


@functools.cache
def table_attribute(table: Table) -> str | None:
    """The Deal attribute `table` fills; None for a table the model has none for (Deal.more_tables)."""
    name = table.to or _snake(table.name)
    if name in _hints(Deal):
        return name
    if table.to:
        raise LookupError(f"table {table.name}: Deal has no attribute {name!r}")
    return None


@functools.cache
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


@functools.cache
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
def assemble(cls: type, leaves: Mapping[Path, Any], **given: Any) -> Any:
    """An instance of dataclass `cls` from values by path (already as the model holds them) and whole attributes
    `given`; attributes no path reaches keep their defaults."""
    groups: dict[Step, dict[Path, Any]] = {}
    for path, value in leaves.items():
        groups.setdefault(path[0], {})[path[1:]] = value
    arguments = dict(given)
    for name, below in groups.items():
        assert isinstance(name, str)
        default = _attribute_default(cls, name)
        arguments[name] = _part(_without_none(_hints(cls)[name]), default, below)
    return cls(**arguments)


def _part(hint: Any, default: Any, leaves: dict[Path, Any]) -> Any:
    if () in leaves:
        return leaves[()]
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return assemble(hint, leaves)
    if typing.get_origin(hint) is tuple:
        slots = list(default)
        for (slot, *_), value in leaves.items():
            assert isinstance(slot, int)
            slots[slot] = value
        return tuple(slots)
    return {key: value for (key, *_), value in leaves.items()}  # a dict keyed by the last step


def deal_fields() -> tuple[Field, ...]:
    """Every field that fills part of a Deal, in spec order (the identity fields have their own checks)."""
    return tuple(f for f in spec.ALL_FIELDS.values() if f.name not in IDENTITY_FIELDS)


def build_deal(values: Mapping[str, Any], rows: Mapping[str, Iterable[Any]], **given: Any) -> Deal:
    """The Deal of the reader's field `values` (by name) and built table `rows` (by table name); `given` sets
    whole attributes the reader finds itself (deal_id, language, sources ...)."""
    leaves: dict[Path, Any] = {}
    for field in deal_fields():
        target = field_target(field)
        leaves[target.path] = target.model_value(values.get(field.name))
    tables: dict[Path, list[Any]] = {}
    for table in spec.ALL_TABLES.values():
        tables.setdefault(_table_path(table), []).extend(rows.get(table.name, ()))
    for path, items in tables.items():
        leaves[path] = tuple(items)
    deal: Deal = assemble(Deal, leaves, **given)
    return deal


def build_row(table: Table, values: Mapping[str, Any]) -> Any:
    """One row object of `table` from the reader's converted column `values` (by column key)."""
    leaves: dict[Path, Any] = {(name,): value for name, value in table.fixed}
    for column in table.columns:
        target = column_target(table, column)
        leaves[target.path] = target.model_value(values.get(column.key))
    if table_attribute(table) is None:
        return {path[0]: value for path, value in leaves.items()}
    return assemble(row_type(table), leaves)


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
    as fractions (the cells are percent-formatted)."""
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
