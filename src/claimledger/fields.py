"""The vocabulary of the claim's one definition (`model.Claim`), and the views derived from it.

Each field of a claim, and of the values nested in it (actor, location, place, attribution,
span), says in its metadata (`spec(...)`) what the ledger does with it: the column that stores
it, its entries in the JSON and CSV/Parquet forms, whether review may edit it and which API
filter searches it. The claims table's columns, the row mapping both ways, the export columns,
review's editable fields and the API's response model are walks over the definition, so a field
added there reaches all of them (and a migration adds its column).

Storage flattens nested values: a nested field's `column` is the prefix of its fields' columns
(`actor_` + `id` = `actor_id`); a nested optional value is absent when its key field's column is
NULL. A NULL column reads back as the field's default, so a column added by a later migration
leaves older rows valid.
"""

from __future__ import annotations

import dataclasses
import operator
import types
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import MISSING, dataclass
from typing import Any

KEY = "claimledger"

Get = Callable[[Any], Any]


def _same(value: Any) -> Any:
    return value


@dataclass(frozen=True, slots=True)
class Public:
    """One entry of a public form (JSON, CSV): its name, its type, and how it is read from the
    field's value."""

    name: str
    type: Any
    get: Get = _same


@dataclass(frozen=True, slots=True)
class Edit:
    """Review may correct the field: `kind` is the value it takes (text, number, flag, time, or
    one review resolves: kind (a kind of the registry), modality (one of MODALITIES), actor (an actor of the knowledge base),
    origin (text, its actor re-resolved), place (text, re-resolved through the gazetteer)); `name`
    is what review calls it (the field's name unless given). On a nested value (an actor), `shows`
    names its field that the form shows and the audit keeps; the edit writes all its columns."""

    kind: str
    name: str = ""
    shows: str = ""
    required: bool = False  # may not be emptied
    maximum: float | None = None  # a number: at most this
    not_above: tuple[str, ...] = ()  # a number: at most these fields' values (by review name)


@dataclass(frozen=True, slots=True)
class Spec:
    column: str | None = None  # a value: its column (default: the field's name); nested: the prefix
    length: int | None = None  # at most this many characters (a bounded column type)
    nullable: bool | None = None  # None: NULL exactly when the value can be None
    encode: Get | None = None  # value -> column, for values a column cannot hold as they are
    decode: Get | None = None  # column -> value
    json: tuple[Public, ...] | None = None  # None: one entry, the field's own name, type and value
    csv: tuple[Public, ...] | None = None  # None: as json (CSV also names the Parquet columns)
    edit: Edit | None = None
    filter: tuple[str, ...] = ()  # the API's filter parameters that search this field
    key: bool = False  # in a nested value: its column being NULL means the value is absent


def spec(**options: Any) -> dict[str, Spec]:
    """Field metadata for the definition: `field(default=None, metadata=spec(edit=Edit("text")))`."""
    return {KEY: Spec(**options)}


def spec_of(f: dataclasses.Field[Any]) -> Spec:
    found = f.metadata.get(KEY)
    return found if isinstance(found, Spec) else Spec()


def optional_of(hint: Any) -> tuple[Any, bool]:
    """`X | None` -> (X, True); anything else -> (hint, False)."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) < len(typing.get_args(hint)):
            return (args[0] if len(args) == 1 else typing.Union[tuple(args)]), True
    return hint, False


def _nested(hint: Any) -> type | None:
    """The dataclass a field holds (`Actor | None` -> Actor), or None for a plain value."""
    inner = optional_of(hint)[0]
    return inner if isinstance(inner, type) and dataclasses.is_dataclass(inner) else None


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _default(f: dataclasses.Field[Any]) -> Any:
    if f.default is not MISSING:
        return f.default
    if f.default_factory is not MISSING:
        return f.default_factory()
    return None


# -- storage ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the claims table, as the definition gives it."""

    name: str
    path: tuple[str, ...]  # attribute names from the claim down to the value
    type: type  # the value's Python type (str, float, int, bool), None stripped
    length: int | None
    nullable: bool
    default: Any  # what an insert that leaves it out stores (None: nothing)


def columns(cls: type) -> tuple[Column, ...]:
    """The columns that store `cls`, in definition order."""
    return tuple(_columns(cls, "", (), False))


def _columns(cls: type, prefix: str, path: tuple[str, ...], under_optional: bool) -> Iterator[Column]:
    hints = _hints(cls)
    for f in dataclasses.fields(cls):
        s = spec_of(f)
        inner, optional = optional_of(hints[f.name])
        if (nested := _nested(inner)) is not None:
            yield from _columns(nested, prefix + (s.column or ""), (*path, f.name), under_optional or optional)
            continue
        default = _default(f)
        stored = s.encode(default) if s.encode else default
        nullable = s.nullable if s.nullable is not None else optional or under_optional
        base = getattr(inner, "__supertype__", None) or typing.get_origin(inner) or inner  # KindName -> str
        yield Column(prefix + (s.column or f.name), (*path, f.name), base, s.length, nullable, stored)


class RowMapping:
    """A dataclass to the claims table's row and back, compiled once from the definition."""

    def __init__(self, cls: type) -> None:
        self.cls = cls
        self._write = _writer(cls, "")
        self._read = _reader(cls, "")

    def to_row(self, value: Any) -> dict[str, Any]:
        row: dict[str, Any] = {}
        self._write(value, row)
        return row

    def from_row(self, row: Any) -> Any:
        """`row`: a SQLAlchemy Row (or any named tuple) with the columns as fields. Read as a
        dict: a Row's attribute lookup costs several times a dict's, per column of every claim."""
        return self._read(dict(zip(row._fields, row, strict=True)))


Write = Callable[[Any, dict[str, Any]], None]


def _writer(cls: type, prefix: str) -> Write:
    """Fills a row with the columns of a `cls` value (or of None: an absent nested value)."""
    hints = _hints(cls)
    steps: list[tuple[str, str, Get | None, Write | None]] = []  # attribute, column, encode, nested
    for f in dataclasses.fields(cls):
        s = spec_of(f)
        inner = _nested(hints[f.name])
        if inner is not None:
            steps.append((f.name, "", None, _writer(inner, prefix + (s.column or ""))))
        else:
            steps.append((f.name, prefix + (s.column or f.name), s.encode, None))

    def write(value: Any, row: dict[str, Any]) -> None:
        for attr, column, encode, sub in steps:
            v = getattr(value, attr) if value is not None else None
            if sub is not None:
                sub(v, row)
            else:
                row[column] = encode(v) if encode else v

    return write


def _reader(cls: type, prefix: str) -> Get:
    hints = _hints(cls)
    leaves: list[tuple[str, str, Any, Get | None]] = []  # attribute, column, default, decode
    nested: list[tuple[str, Get]] = []
    key: str | None = None
    for f in dataclasses.fields(cls):
        s = spec_of(f)
        inner, _ = optional_of(hints[f.name])
        if (sub := _nested(inner)) is not None:
            nested.append((f.name, _reader(sub, prefix + (s.column or ""))))
            continue
        column = prefix + (s.column or f.name)
        if s.key:
            key = column
        leaves.append((f.name, column, _default(f), s.decode or (bool if inner is bool else None)))

    def read(row: dict[str, Any]) -> Any:
        if key is not None and row[key] is None:
            return None
        values: dict[str, Any] = {}
        for attr, column, default, decode in leaves:
            v = row[column]
            values[attr] = default if v is None else decode(v) if decode else v
        for attr, sub in nested:
            values[attr] = sub(row)
        return cls(**values)

    return read


# -- public forms -----------------------------------------------------------------------------------


def json_entries(cls: type) -> tuple[Public, ...]:
    """The entries of the JSON form, each reading the whole value (`entry.get(claim)`)."""
    return tuple(_entries(cls, lambda s: s.json))


def csv_entries(cls: type) -> tuple[Public, ...]:
    """The CSV (and Parquet) columns, each reading the whole value; None is a blank cell."""
    return tuple(_entries(cls, lambda s: s.csv if s.csv is not None else s.json))


def _entries(cls: type, pick: Callable[[Spec], tuple[Public, ...] | None]) -> Iterator[Public]:
    hints = _hints(cls)
    for f in dataclasses.fields(cls):
        declared = pick(spec_of(f))
        for entry in declared if declared is not None else (Public(f.name, hints[f.name]),):
            yield Public(entry.name, entry.type, _of_field(f.name, entry.get))


def _of_field(attr: str, get: Get) -> Get:
    if get is _same:
        return operator.attrgetter(attr)
    return lambda value: get(getattr(value, attr))


@dataclass(frozen=True, slots=True)
class Editable:
    name: str
    column: str
    kind: str
    required: bool
    length: int | None = None  # text: at most this many characters (its column's bound)
    maximum: float | None = None
    not_above: tuple[str, ...] = ()
    prefix: str = ""  # a nested value's edit: the prefix of the columns it writes ("actor_")


def editable(cls: type) -> tuple[Editable, ...]:
    """The fields review may correct, with the column each edit writes and the bounds of its value
    (review checks every edit against them)."""
    found: list[Editable] = []
    for column in columns(cls):
        for depth in range(1, len(column.path)):  # the nested values on the way to this column
            outer = _field_at(cls, column.path[:depth])
            e = spec_of(outer).edit
            if e is not None and column.path[depth:] == (e.shows,):
                leaf = _field_at(cls, column.path)
                prefix = column.name[: len(column.name) - len(spec_of(leaf).column or leaf.name)]
                found.append(Editable(e.name or outer.name, column.name, e.kind, e.required, column.length,
                                      e.maximum, e.not_above, prefix))
        f = _field_at(cls, column.path)
        e = spec_of(f).edit
        if e is not None:
            found.append(Editable(e.name or f.name, column.name, e.kind, e.required, column.length, e.maximum,
                                  e.not_above))
    return tuple(found)


def filters(cls: type) -> dict[str, tuple[str, ...]]:
    """API filter parameter -> the (top-level) fields it searches."""
    found: dict[str, tuple[str, ...]] = {}
    for f in dataclasses.fields(cls):
        for name in spec_of(f).filter:
            found[name] = (*found.get(name, ()), f.name)
    return found


def _field_at(cls: type, path: Sequence[str]) -> dataclasses.Field[Any]:
    hints: Mapping[str, Any] = _hints(cls)
    for f in dataclasses.fields(cls):
        if f.name == path[0]:
            if len(path) == 1:
                return f
            return _field_at(optional_of(hints[f.name])[0], path[1:])
    raise KeyError(path[0])
