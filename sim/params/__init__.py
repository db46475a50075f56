"""Declaring scenario parameters once, with their range, unit and meaning.

This is the lowest layer: the mechanisms declare their parameters with it and the
scenario package gathers them, so it imports nothing from ``sim``.

Every configurable value in cxsim is a field of a frozen dataclass declared with
:func:`param`. The metadata it carries (allowed range or choices, unit, a one-line
meaning) is the single source for three things: validation when a scenario file
is loaded, the generated scenario reference (``docs/scenario-reference.md``) and
the test that keeps the ODD document complete.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class ParamInfo:
    """What the loader and the documentation need to know about one parameter."""

    lo: float | None = None
    hi: float | None = None
    unit: str = ""
    doc: str = ""
    choices: tuple[str, ...] | None = None

    def allowed(self) -> str:
        """Plain-language statement of the allowed values, for errors and docs."""
        if self.choices is not None:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        if self.lo is not None and self.hi is not None:
            return f"between {_fmt(self.lo)} and {_fmt(self.hi)}"
        if self.lo is not None:
            return f"at least {_fmt(self.lo)}"
        if self.hi is not None:
            return f"at most {_fmt(self.hi)}"
        return "any"


def _fmt(x: float) -> str:
    if float(x).is_integer():
        return str(int(x))
    return f"{x:g}"


def param(
    default: Any = dataclasses.MISSING,
    *,
    lo: float | None = None,
    hi: float | None = None,
    unit: str = "",
    doc: str,
    choices: tuple[str, ...] | None = None,
    factory: Any = None,
) -> Any:
    """A dataclass field carrying validation and documentation metadata.

    Args:
        default: default value (omit and pass ``factory`` for mutable/compound defaults).
        lo, hi: inclusive bounds for numbers.
        unit: unit of measure, shown in docs and dashboard labels.
        doc: one-line meaning, shown in docs and error messages.
        choices: allowed values for a string.
        factory: zero-argument callable producing the default.
    """
    info = ParamInfo(lo=lo, hi=hi, unit=unit, doc=doc, choices=choices)
    if factory is not None:
        return field(default_factory=factory, metadata={"cxsim": info})
    return field(default=default, metadata={"cxsim": info})


def info_of(f: dataclasses.Field) -> ParamInfo:
    """The :class:`ParamInfo` of a field (an empty one if it was declared without :func:`param`)."""
    return f.metadata.get("cxsim", ParamInfo())


_HINTS: dict[type, dict[str, Any]] = {}


def hints(cls: type) -> dict[str, Any]:
    """Resolved type hints of a dataclass (cached; annotations are strings under PEP 563)."""
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


@dataclass(frozen=True, slots=True)
class KeyDoc:
    """One documented scenario key, as listed in the scenario reference."""

    path: str
    type_name: str
    default: Any
    info: ParamInfo


def type_name(tp: Any) -> str:
    """Short human name of a field type for docs and errors."""
    origin = typing.get_origin(tp)
    if origin is tuple:
        (inner, *_rest) = typing.get_args(tp)
        return f"array of {type_name(inner)}"
    if dataclasses.is_dataclass(tp):
        return "table"
    if origin is Mapping:
        return f"tables of {type_name(typing.get_args(tp)[1])} by name"
    return {bool: "bool", int: "integer", float: "number", str: "string"}.get(tp, str(tp))


VARIES = "varies"
"""Default shown for keys inside arrays of tables, whose defaults differ per element."""


def iter_keys(cls: type, prefix: str = "", instance: Any = None) -> Iterator[KeyDoc]:
    """Every leaf key of a config dataclass, depth first, as dotted paths.

    Nested dataclass fields become sub-tables (``organisation.opex_per_week``);
    an array of tables is documented once with ``[]`` in its path, and tables by
    name once with ``<name>`` (``organisation.departments.<name>.capacity``). Defaults are
    read from ``instance`` (default: ``cls()``), so per-department defaults show.
    """
    if instance is None:
        instance = cls()
    for f in dataclasses.fields(cls):
        if "cxsim" not in f.metadata:
            continue  # internal fields (a scenario's source, its resolved placements)
        tp = hints(cls)[f.name]
        path = f"{prefix}{f.name}"
        value = getattr(instance, f.name) if instance is not VARIES else VARIES
        if dataclasses.is_dataclass(tp):
            yield from iter_keys(tp, path + ".", value)
            continue
        if typing.get_origin(tp) is tuple:
            inner = typing.get_args(tp)[0]
            if dataclasses.is_dataclass(inner):
                yield from iter_keys(inner, path + "[].", VARIES)
                continue
        if typing.get_origin(tp) is Mapping:  # named tables: documented once, with <name>, at generic defaults
            yield from iter_keys(typing.get_args(tp)[1], path + ".<name>.")
            continue
        yield KeyDoc(path, type_name(tp), value, info_of(f))


class Tables(Mapping):
    """A read-only ``{name: table}`` mapping (departments, executives, placements, designs).

    Order is the order the scenario gives; unlike ``MappingProxyType`` it pickles and
    copies, so scenarios travel to worker processes.
    """

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, Any] | None = None) -> None:
        self._items = dict(items or {})

    def __getitem__(self, name: str) -> Any:
        return self._items[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Tables):
            return list(self._items.items()) == list(other._items.items())  # order matters: it fixes draw order
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Tables({list(self._items)})"

    def __getstate__(self) -> dict[str, Any]:
        return self._items

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._items = state
