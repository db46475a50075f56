"""Validating one table of a scenario against its config dataclass: keys, types, ranges, choices.

Generic over the dataclasses declared with :func:`sim.params.param`, so the
scenario loader and the placement presets share one set of rules and messages.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
import re
import typing
from collections.abc import Mapping
from typing import Any

import numpy as np

from sim.params import Tables, hints, info_of
from sim.scenario.errors import ScenarioError, nearest

NAME = re.compile(r"^[a-z][a-z0-9_]*$")
RESERVED_NAMES = ("main", "all", "executive")  # command-line group words, and the executive office's home name
MAX_INT = 2**63 - 1  # integers beyond this are refused before any arithmetic or formatting


def check_name(name: Any, key: str, source: str) -> None:
    """A name of a department, executive, placement or design: lower-case identifier, not a reserved word."""
    if not isinstance(name, str) or not NAME.match(name) or name in RESERVED_NAMES:
        raise ScenarioError(
            source,
            key,
            f"{name!r} cannot be a name",
            allowed="lower-case letters, digits and underscores, starting with a letter; not "
            + ", ".join(repr(n) for n in RESERVED_NAMES),
        )


def build(cls: type, data: Any, prefix: str, source: str, extra_keys: tuple[str, ...] = ()) -> Any:
    """Build config dataclass ``cls`` from ``data``, validating every key and value.

    ``extra_keys`` are keys handled elsewhere that errors should still list as allowed.
    """
    where = prefix.rstrip(".")
    if not isinstance(data, Mapping):
        raise ScenarioError(source, where, f"expected a table, got {describe(data)}")
    fields = {f.name: f for f in dataclasses.fields(cls) if "cxsim" in f.metadata}
    retired = getattr(cls, "RETIRED", {})
    for key in data:
        if key in retired and key not in fields:
            raise ScenarioError(source, f"{prefix}{key}", "is no longer a key", allowed=retired[key])
        if key not in fields:
            known = [*fields, *extra_keys]
            raise ScenarioError(
                source,
                f"{prefix}{key}",
                "unknown key",
                allowed=list_keys(known),
                suggestion=nearest(str(key), known),
            )
    values = {
        name: coerce(hints(cls)[name], data[name], f"{prefix}{name}", fields[name], source)
        for name in fields
        if name in data
    }
    return cls(**values)


def coerce(tp: Any, value: Any, key: str, f: dataclasses.Field, source: str) -> Any:
    """Check one value against its declared type, range and choices."""
    if dataclasses.is_dataclass(tp):
        return build(tp, value, key + ".", source)
    if typing.get_origin(tp) is tuple:
        inner = typing.get_args(tp)[0]
        if not isinstance(value, list | tuple) or not value:
            raise ScenarioError(source, key, f"expected a non-empty array of tables, got {describe(value)}")
        return tuple(build(inner, item, f"{key}[{i}].", source) for i, item in enumerate(value))
    if typing.get_origin(tp) is Mapping:
        if not isinstance(value, Mapping):
            raise ScenarioError(source, key, f"expected a table of named tables, got {describe(value)}")
        inner = typing.get_args(tp)[1]
        tables = {}
        for name, table in value.items():
            check_name(name, f"{key}.{name}", source)
            tables[name] = build(inner, table, f"{key}.{name}.", source)
        return Tables(tables)
    info = info_of(f)
    if tp is bool:
        if not isinstance(value, bool | np.bool_):
            raise ScenarioError(source, key, f"expected true or false, got {describe(value)}")
        return bool(value)
    if tp is int:
        if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Integral):
            raise ScenarioError(source, key, f"expected an integer, got {describe(value)}", allowed=info.allowed())
        value = int(value)
        if abs(value) > MAX_INT:
            raise ScenarioError(source, key, f"{_short_int(value)} is too large", allowed=info.allowed())
        _check_range(value, key, info, source)
        return value
    if tp is float:
        if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
            raise ScenarioError(source, key, f"expected a number, got {describe(value)}", allowed=info.allowed())
        try:
            value = float(value)
        except OverflowError:  # an integer beyond the range of a float (10**400)
            raise ScenarioError(
                source, key, f"{_short_int(value)} is beyond the range of a number", allowed=info.allowed()
            ) from None
        if not math.isfinite(value):
            raise ScenarioError(source, key, f"expected a finite number, got {value}", allowed=info.allowed())
        _check_range(value, key, info, source)
        return value
    if tp is str:
        if not isinstance(value, str):
            raise ScenarioError(source, key, f"expected a string, got {describe(value)}")
        value = str(value)
        if info.choices is not None and value not in info.choices:
            raise ScenarioError(
                source,
                key,
                f"'{value}' is not allowed",
                allowed=info.allowed(),
                suggestion=nearest(value, info.choices),
            )
        return value
    raise TypeError(f"unsupported config type {tp!r} at {key}")  # a programming error, not bad input


def _check_range(value: float, key: str, info: Any, source: str) -> None:
    if (info.lo is not None and value < info.lo) or (info.hi is not None and value > info.hi):
        unit = f" ({info.unit})" if info.unit else ""
        raise ScenarioError(source, key, f"{value:g} is out of range{unit}", allowed=info.allowed())


def list_keys(keys: Any) -> str:
    """Keys for an error message ('no keys here' when there are none)."""
    keys = list(keys)
    return ", ".join(keys) if keys else "no keys here"


def describe(value: Any) -> str:
    """A value and its TOML kind, shortened, for an error message."""
    kind = {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "an array", dict: "a table"}
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
        text = _short_int(value)
    else:
        try:
            text = repr(value)
        except (RecursionError, ValueError):  # nested thousands deep, or an integer too long to print
            text = "..."
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{text} ({kind.get(type(value), type(value).__name__)})"


def _short_int(value: int) -> str:
    """A huge integer for a message: its sign and number of digits (printing it may be refused or take long)."""
    digits = value.bit_length() * 0.30103  # log10(2): cheap, and exact enough for a message
    return f"an integer of about {digits:,.0f} digits" if abs(value) > MAX_INT else str(value)
