"""Loading and validating scenario files (TOML, read with the standard library).

Every problem becomes a :class:`~sim.scenario.errors.ScenarioError` naming the file, the
key path and what is allowed - unknown keys (with the nearest valid one), wrong
types, out-of-range values, broken cross-references, malformed TOML, missing
files. Nothing is silently defaulted except keys that are absent, whose
defaults are the documented default organisation.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sim.scenario.config import DEPARTMENTS, Placement, Placements, Scenario
from sim.scenario.errors import ScenarioError, nearest
from sim.scenario.placements import load_presets
from sim.scenario.validate import build, describe, list_keys

PLACEMENT_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
RESERVED_NAMES = ("main", "all")  # words the command line uses for groups of placements


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file.

    Raises:
        ScenarioError: the file is missing, is not valid TOML, or holds a key,
            value or reference that is not allowed.
    """
    path = Path(path)
    source = str(path)
    if not path.is_file():
        raise ScenarioError(source, "", "file not found", allowed="a path to an existing .toml scenario file")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(source, "", f"is not valid TOML ({exc})") from None
    except UnicodeDecodeError:
        raise ScenarioError(source, "", "is not a UTF-8 text file") from None
    return build_scenario(data, source)


def scenario_hash(path: str | Path) -> str:
    """SHA-256 of a scenario file's bytes (recorded in run manifests)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def build_scenario(data: Mapping[str, Any], source: str = "<scenario>") -> Scenario:
    """Validate a TOML-shaped mapping and turn it into a :class:`Scenario`."""
    if not isinstance(data, Mapping):
        raise ScenarioError(source, "", "expected a table of settings")
    body = {k: v for k, v in data.items() if k != "placements"}
    scenario = build(Scenario, body, "", source, extra_keys=("placements",))
    placements = resolve_placements(data.get("placements", {}), source)
    name = scenario.simulation.placement
    if name not in placements:
        raise ScenarioError(
            source,
            "simulation.placement",
            f"unknown placement '{name}'",
            allowed=", ".join(placements),
            suggestion=nearest(name, placements),
        )
    _check_cross_fields(scenario, source)
    _check_lesson(scenario.lesson, placements, source)
    return dataclasses.replace(scenario, placements=Placements(placements), source=source)


def resolve_placements(tables: Any, source: str) -> dict[str, Placement]:
    """Presets, overridden and extended by a scenario's ``[placements.*]`` tables.

    A table named after a preset overrides that preset's values. Any other name
    defines a new placement: either ``based_on`` a preset (or a placement defined
    earlier in the file) plus overrides, or every key given explicitly.
    """
    placements = load_presets()
    preset_names = tuple(placements)
    if not isinstance(tables, Mapping):
        raise ScenarioError(source, "placements", f"expected a table of placements, got {describe(tables)}")
    required = [f.name for f in dataclasses.fields(Placement) if f.name != "description"]
    for name, table in tables.items():
        key = f"placements.{name}"
        if not isinstance(name, str) or not PLACEMENT_NAME.match(name) or name in RESERVED_NAMES:
            raise ScenarioError(
                source,
                key,
                f"'{name}' cannot name a placement",
                allowed="lower-case letters, digits and underscores, starting with a letter; not 'main' or 'all'",
            )
        if not isinstance(table, Mapping):
            raise ScenarioError(source, key, f"expected a table, got {describe(table)}")
        table = dict(table)
        base_name = table.pop("based_on", None)
        if base_name is not None and name in preset_names:
            raise ScenarioError(
                source,
                f"{key}.based_on",
                f"'{name}' is a built-in placement; a table of that name overrides its values",
                allowed="based_on only in new placements (give the new one another name)",
            )
        if base_name is not None:
            if not isinstance(base_name, str) or base_name not in placements:
                raise ScenarioError(
                    source,
                    f"{key}.based_on",
                    f"unknown placement {base_name!r}",
                    allowed=", ".join(placements),
                    suggestion=nearest(str(base_name), placements),
                )
            base = placements[base_name]
        elif name in placements:
            base = placements[name]
        else:
            missing = [k for k in required if k not in table]
            if missing:
                raise ScenarioError(
                    source,
                    key,
                    f"new placement '{name}' is missing {', '.join(missing)}",
                    allowed="give every key, or based_on = one of " + ", ".join(placements),
                    suggestion=nearest(str(name), preset_names),
                )
            base = Placement()
        changes = build(Placement, table, key + ".", source)
        given = {k: getattr(changes, k) for k in table}
        placements[name] = dataclasses.replace(base, **given)
    return placements


def _check_cross_fields(s: Scenario, source: str) -> None:
    """Constraints that involve more than one key."""
    shares = [seg.share for seg in s.customers.segments]
    if abs(sum(shares) - 1.0) > 1e-6:
        raise ScenarioError(
            source, "customers.segments", f"segment shares sum to {sum(shares):g}", allowed="shares summing to 1"
        )
    names = [seg.name for seg in s.customers.segments]
    if len(set(names)) != len(names):
        raise ScenarioError(source, "customers.segments", "segment names repeat", allowed="distinct names")
    depts = s.organisation.departments
    for attr in ("pnl_share", "budget_share"):
        total = sum(getattr(getattr(depts, d), attr) for d in DEPARTMENTS)
        if total > 1.0 + 1e-9:
            raise ScenarioError(
                source, f"organisation.departments.*.{attr}", f"shares sum to {total:g}", allowed="a total of at most 1"
            )
    weights = [getattr(s.initiatives.types, f.name).weight for f in dataclasses.fields(s.initiatives.types)]
    if sum(weights) <= 0:
        raise ScenarioError(
            source, "initiatives.types.*.weight", "all weights are zero", allowed="at least one positive weight"
        )
    if s.clout.pnl_weight + s.clout.budget_weight <= 0:
        raise ScenarioError(source, "clout", "pnl_weight and budget_weight are both zero", allowed="a positive sum")


def _check_lesson(lesson: Any, placements: Mapping[str, Placement], source: str) -> None:
    """A lesson has a title and says what it asks, what to change and watch, and what the model shows."""
    texts = {f.name: getattr(lesson, f.name) for f in dataclasses.fields(lesson) if f.name != "compare"}
    if not any(texts.values()) and not lesson.compare:
        return  # not a lesson
    for name, text in texts.items():
        if not text.strip():
            raise ScenarioError(
                source, f"lesson.{name}", "is empty", allowed="a non-empty text in every key of a [lesson] table"
            )
    if lesson.compare and lesson.compare not in placements:
        raise ScenarioError(
            source,
            "lesson.compare",
            f"unknown placement '{lesson.compare}'",
            allowed=", ".join(placements) + " or ''",
            suggestion=nearest(lesson.compare, placements),
        )


def apply_overrides(scenario: Scenario, overrides: Mapping[str, Any], label: str = "override") -> Scenario:
    """A copy of ``scenario`` with dotted keys replaced, validated like a file.

    The whole result is validated, so this also checks a ``Scenario`` built in code.

    Keys are dotted paths as in the scenario reference, e.g.
    ``"placements.marketing.budget_share"`` or ``"customers.segments.0.share"``.
    """
    where = f"{scenario.source} ({label})"
    data = to_dict(scenario)
    for dotted, value in overrides.items():
        _set_path(data, str(dotted), value, where)
    return dataclasses.replace(build_scenario(data, where), source=scenario.source)


def _set_path(data: dict[str, Any], dotted: str, value: Any, source: str) -> None:
    parts = str(dotted).split(".")
    node: Any = data
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        so_far = ".".join(parts[: i + 1])
        if isinstance(node, list):
            if not part.isdigit() or int(part) >= len(node):
                raise ScenarioError(
                    source, so_far, "no such array element", allowed=f"an index from 0 to {len(node) - 1}"
                )
            idx = int(part)
            if last:
                node[idx] = value
            else:
                node = node[idx]
            continue
        if not isinstance(node, dict) or part not in node:
            options = list(node) if isinstance(node, dict) else []
            raise ScenarioError(
                source, so_far, "unknown key", allowed=list_keys(options), suggestion=nearest(part, options)
            )
        if last:
            node[part] = value
        else:
            node = node[part]


def to_dict(scenario: Scenario) -> dict[str, Any]:
    """The TOML-shaped mapping that :func:`build_scenario` turns back into ``scenario``."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(scenario):
        if f.name == "source":
            continue
        value = getattr(scenario, f.name)
        if f.name == "placements":
            out[f.name] = {name: dataclasses.asdict(p) for name, p in value.items()}
        else:
            out[f.name] = _plain(dataclasses.asdict(value))
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
