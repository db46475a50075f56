"""Parameter points for sweeps, ensembles and sensitivity analyses.

``--vary KEY=V1,V2`` lists values (full factorial across keys); ``--range
KEY=LO:HI`` gives an interval for Latin-hypercube samples and sensitivity
analysis. Every key is checked against the scenario reference before anything
runs: unknown keys get the nearest valid one, ranges must lie inside what the
key allows.
"""

from __future__ import annotations

import itertools
import tomllib
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

import numpy as np
from scipy.stats import qmc

from sim.params import ParamInfo, hints, info_of
from sim.scenario.config import Design, Placement, Scenario
from sim.scenario.errors import ScenarioError, nearest

NUMERIC = (int, float)


@dataclass(frozen=True)
class KeySpec:
    """A scenario key's type and allowed values."""

    key: str
    type: type
    info: ParamInfo


def key_spec(scenario: Scenario, dotted: str, flag: str) -> KeySpec:
    """The type and allowed values of a dotted scenario key.

    Raises:
        ScenarioError: the key does not exist (with the nearest valid key) or is a table.
    """
    parts = dotted.split(".")
    cls: Any = Scenario
    node: Any = scenario
    walked = []
    i = 0
    named_top = {"placements": (scenario.placements, Placement), "designs": (scenario.designs, Design)}
    while i < len(parts):
        part = parts[i]
        walked.append(part)
        tables = None
        if cls is Scenario and part in named_top:
            tables, inner = named_top[part]
        elif is_dataclass(cls) and part in hints(cls) and typing.get_origin(hints(cls)[part]) is Mapping:
            tables, inner = getattr(node, part), typing.get_args(hints(cls)[part])[1]
        if tables is not None:
            if i + 1 >= len(parts) or parts[i + 1] not in tables:
                name = parts[i + 1] if i + 1 < len(parts) else ""
                raise ScenarioError(
                    "",
                    flag,
                    f"unknown name '{name}' under '{'.'.join(walked)}' in '{dotted}'",
                    allowed=", ".join(tables),
                    suggestion=nearest(name, tables),
                )
            node, cls = tables[parts[i + 1]], inner
            walked.append(parts[i + 1])
            i += 2
            continue
        if not is_dataclass(cls):
            break
        names = {f.name: f for f in fields(cls) if "cxsim" in f.metadata}
        if part not in names:
            options = list(names) + (list(named_top) if cls is Scenario else [])
            raise ScenarioError(
                "",
                flag,
                f"unknown key '{'.'.join(walked)}'",
                allowed=", ".join(options),
                suggestion=(".".join([*walked[:-1], nearest(part, options)]) if nearest(part, options) else None),
            )
        tp = hints(cls)[part]
        if typing.get_origin(tp) is tuple:  # an array of tables: the next part is an index
            items = getattr(node, part)
            if i + 1 >= len(parts) or not parts[i + 1].isdigit() or int(parts[i + 1]) >= len(items):
                raise ScenarioError(
                    "", flag, f"'{dotted}' needs an element index", allowed=f"{'.'.join(walked)}.0 to .{len(items) - 1}"
                )
            node, cls = items[int(parts[i + 1])], typing.get_args(tp)[0]
            walked.append(parts[i + 1])
            i += 2
            continue
        if is_dataclass(tp):
            node, cls = getattr(node, part), tp
            i += 1
            continue
        if i != len(parts) - 1:
            raise ScenarioError(
                "", flag, f"'{'.'.join(walked)}' is a value, not a table", allowed=f"'{'.'.join(walked)}'"
            )
        return KeySpec(dotted, tp, info_of(names[part]))
    raise ScenarioError(
        "", flag, f"'{dotted}' names a table, not a value", allowed="a dotted key from docs/scenario-reference.md"
    )


def parse_value(text: str) -> Any:
    """A command-line value as TOML would read it (numbers, booleans, quoted or bare strings)."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text.strip()


def parse_vary(items: Sequence[str], scenario: Scenario) -> dict[str, list[Any]]:
    """``KEY=V1,V2,...`` options as {key: values}; keys checked now, values when points are built."""
    grid: dict[str, list[Any]] = {}
    for item in items:
        key, sep, values = item.partition("=")
        if not sep or not values.strip():
            raise ScenarioError(
                "",
                "--vary",
                f"'{item}' is not KEY=V1,V2,...",
                allowed="for example --vary reorganisation.per_year=0,1,2",
            )
        key_spec(scenario, key.strip(), "--vary")
        grid[key.strip()] = [parse_value(v) for v in values.split(",") if v.strip()]
    return grid


def parse_ranges(items: Sequence[str], scenario: Scenario) -> dict[str, tuple[float, float, KeySpec]]:
    """``KEY=LO:HI`` options, each inside what its key allows."""
    ranges = {}
    for item in items:
        key, sep, bounds = item.partition("=")
        lo_text, colon, hi_text = bounds.partition(":")
        if not sep or not colon:
            raise ScenarioError(
                "",
                "--range",
                f"'{item}' is not KEY=LO:HI",
                allowed="for example --range events.bug_spikes_per_year=0:4",
            )
        spec = key_spec(scenario, key.strip(), "--range")
        if spec.type not in NUMERIC:
            raise ScenarioError("", "--range", f"'{spec.key}' is not a number", allowed="a numeric key")
        try:
            lo, hi = float(lo_text), float(hi_text)
        except ValueError:
            raise ScenarioError(
                "", "--range", f"'{bounds}' is not two numbers LO:HI", allowed="for example 0:4"
            ) from None
        if not lo < hi:
            raise ScenarioError("", "--range", f"empty range {bounds} for '{spec.key}'", allowed="LO smaller than HI")
        info = spec.info
        if (info.lo is not None and lo < info.lo) or (info.hi is not None and hi > info.hi):
            raise ScenarioError(
                "", "--range", f"{lo:g}:{hi:g} goes outside what '{spec.key}' allows", allowed=info.allowed()
            )
        ranges[spec.key] = (lo, hi, spec)
    return ranges


def factorial_points(grid: dict[str, list[Any]]) -> list[dict[str, Any]]:
    """Every combination of the listed values."""
    keys = list(grid)
    return [dict(zip(keys, combo, strict=True)) for combo in itertools.product(*(grid[k] for k in keys))]


def scale(unit: np.ndarray, ranges: dict[str, tuple[float, float, KeySpec]]) -> list[dict[str, Any]]:
    """Points in [0, 1]^d mapped onto the ranges (integers rounded)."""
    points = []
    for row in np.atleast_2d(unit):
        point = {}
        for u, (key, (lo, hi, spec)) in zip(row, ranges.items(), strict=True):
            value = lo + float(u) * (hi - lo)
            point[key] = round(value) if spec.type is int else value
        points.append(point)
    return points


def lhs_points(ranges: dict[str, tuple[float, float, KeySpec]], n: int, seed: int) -> list[dict[str, Any]]:
    """``n`` Latin-hypercube points over the ranges (scipy.stats.qmc), reproducible from ``seed``."""
    sampler = qmc.LatinHypercube(d=len(ranges), seed=np.random.default_rng(seed))
    return scale(sampler.random(n), ranges)
