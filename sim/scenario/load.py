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
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sim.params import Tables
from sim.scenario.config import EXECUTIVE_OFFICE, Design, OrganisationConfig, Placement, Scenario
from sim.scenario.errors import ScenarioError, nearest
from sim.scenario.placements import load_design_presets, load_presets
from sim.scenario.validate import build, check_name, describe, list_keys


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file.

    Raises:
        ScenarioError: the file is missing, is not valid TOML, or holds a key,
            value or reference that is not allowed.
    """
    path = Path(path)
    source = str(path)
    data = parse_toml(read_scenario_text(path), source)
    try:
        return build_scenario(data, source)
    except RecursionError:
        raise ScenarioError(source, "", "is nested too deeply", allowed=SHALLOW) from None


MAX_BYTES = 1_000_000
"""Largest scenario file read (the default organisation's annotated file is about 40 kB)."""

SHALLOW = "tables and arrays nested a few levels deep, as in the scenario reference"


def read_scenario_text(path: Path) -> str:
    """A scenario file's text, refused before parsing when missing, unreadable, too large or not UTF-8.

    A UTF-8 byte-order mark is accepted (and dropped).

    Raises:
        ScenarioError: the file is missing, unreadable, over :data:`MAX_BYTES` or not UTF-8 text.
    """
    source = str(path)
    if not path.is_file():
        raise ScenarioError(source, "", "file not found", allowed="a path to an existing .toml scenario file")
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ScenarioError(
            source, "", f"cannot be read ({exc.strerror or exc})", allowed="a scenario file you may read"
        ) from None
    if len(raw) > MAX_BYTES:
        raise ScenarioError(
            source,
            "",
            f"is larger than {MAX_BYTES // 1_000_000} MB; nothing was parsed",
            allowed=f"a scenario file of at most {MAX_BYTES:,} bytes",
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ScenarioError(source, "", "is not a UTF-8 text file") from None


def parse_toml(text: str, source: str) -> dict[str, Any]:
    """TOML text as a mapping; every way it can fail (syntax, huge integers, deep nesting) as a ScenarioError."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(source, "", f"is not valid TOML ({exc})") from None
    except ValueError:  # an integer literal longer than Python converts (4,300 digits)
        raise ScenarioError(
            source, "", "holds an integer literal too long to read", allowed="integers of at most 4,300 digits"
        ) from None
    except RecursionError:
        raise ScenarioError(source, "", "is nested too deeply", allowed=SHALLOW) from None


def scenario_hash(path: str | Path) -> str:
    """SHA-256 of a scenario file's bytes (recorded in run manifests)."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError as exc:
        raise ScenarioError(str(path), "", f"cannot be read ({exc.strerror or exc})") from None


def build_scenario(data: Mapping[str, Any], source: str = "<scenario>") -> Scenario:
    """Validate a TOML-shaped mapping and turn it into a :class:`Scenario`."""
    if not isinstance(data, Mapping):
        raise ScenarioError(source, "", "expected a table of settings")
    body = {k: v for k, v in data.items() if k not in NAMED_TABLES}
    if "organisation" in body:
        body["organisation"] = merge_organisation(body["organisation"], source)
    scenario = build(Scenario, body, "", source, extra_keys=tuple(NAMED_TABLES))
    designs = resolve_named(data.get("designs", {}), Design, load_design_presets(), "designs", "design", source)
    given = data.get("placements", {})
    placements = resolve_named(given, Placement, load_presets(), "placements", "placement", source)
    _check_organisation(scenario.organisation, source)
    # A preset the file does not mention may not fit a free-form organisation (no
    # 'marketing' department, say): it is set aside with the reason, never used silently.
    unavailable = {
        name: reason
        for name, placement in placements.items()
        if not (isinstance(given, Mapping) and name in given)
        and (reason := _misfit(placement, scenario.organisation, designs))
    }
    placements = {n: p for n, p in placements.items() if n not in unavailable}
    scenario = dataclasses.replace(
        scenario,
        placements=Tables(placements),
        designs=Tables(designs),
        unavailable=Tables(unavailable),
        source=source,
    )
    _check_positions(scenario, source)
    _check_cross_fields(scenario, source)
    _check_lesson(scenario, source)
    return scenario


NAMED_TABLES = ("placements", "designs")


def merge_organisation(table: Any, source: str) -> Any:
    """The file's ``[organisation]`` laid over the default organisation (``template = "default"``).

    With the default template, a department or executive table named after one
    of the default organisation's changes only the keys it gives, and a new name
    adds one; with ``template = "none"`` the file's tables are the whole
    organisation. Values are validated afterwards, like any other table.
    """
    if not isinstance(table, Mapping):
        return table  # build() reports the wrong type
    template = table.get("template", "default")
    if template == "none":  # the file's tables are the whole organisation, even when it gives none
        return {"executives": {}, "departments": {}, **table}
    if template != "default":
        return table  # build() rejects the value
    merged = dict(table)
    defaults = OrganisationConfig()
    for key, default in (("executives", defaults.executives), ("departments", defaults.departments)):
        given = table.get(key, {})
        if not isinstance(given, Mapping):
            continue  # reported by build()
        combined = {name: dataclasses.asdict(value) for name, value in default.items()}
        for name, changes in given.items():
            if name in combined and isinstance(changes, Mapping):
                combined[name] = {**combined[name], **changes}
            else:
                combined[name] = changes
        merged[key] = combined
    return merged


def resolve_named(tables: Any, cls: type, presets: dict[str, Any], key: str, what: str, source: str) -> dict:
    """Presets, overridden and extended by a scenario's ``[placements.*]`` or ``[designs.*]`` tables.

    A table named after a preset overrides that preset's values. Any other name
    defines a new one: either ``based_on`` a preset (or one defined earlier in the
    file) plus changes, or every key given explicitly.
    """
    resolved = dict(presets)
    preset_names = tuple(presets)
    if not isinstance(tables, Mapping):
        raise ScenarioError(source, key, f"expected a table of {key}, got {describe(tables)}")
    required = [f.name for f in dataclasses.fields(cls) if f.name != "description"]
    for name, table in tables.items():
        where = f"{key}.{name}"
        check_name(name, where, source)
        if not isinstance(table, Mapping):
            raise ScenarioError(source, where, f"expected a table, got {describe(table)}")
        table = dict(table)
        base_name = table.pop("based_on", None)
        if base_name is not None and name in preset_names:
            raise ScenarioError(
                source,
                f"{where}.based_on",
                f"'{name}' is a built-in {what}; a table of that name overrides its values",
                allowed=f"based_on only in new {key} (give the new one another name)",
            )
        if base_name is not None:
            if not isinstance(base_name, str) or base_name not in resolved:
                raise ScenarioError(
                    source,
                    f"{where}.based_on",
                    f"unknown {what} {base_name!r}",
                    allowed=", ".join(resolved),
                    suggestion=nearest(str(base_name), resolved),
                )
            base = resolved[base_name]
        elif name in resolved:
            base = resolved[name]
        else:
            missing = [k for k in required if k not in table]
            if missing and not any(k in getattr(cls, "RETIRED", {}) for k in table):
                raise ScenarioError(
                    source,
                    where,
                    f"new {what} '{name}' is missing {', '.join(missing)}",
                    allowed="give every key, or based_on = one of " + ", ".join(resolved),
                    suggestion=nearest(str(name), preset_names),
                )
            base = cls()
        changes = build(cls, table, where + ".", source)
        resolved[name] = dataclasses.replace(base, **{k: getattr(changes, k) for k in table})
    return resolved


def _unknown(source: str, key: str, what: str, name: str, options: Any, extra: str = "") -> ScenarioError:
    return ScenarioError(
        source,
        key,
        f"unknown {what} '{name}'",
        allowed=", ".join(options) + extra,
        suggestion=nearest(name, options),
    )


def _check_organisation(org: OrganisationConfig, source: str) -> None:
    """References between executives and departments, and the shares that must add up."""
    executives, departments = org.executives, org.departments
    if not executives:
        raise ScenarioError(source, "organisation.executives", "no executive", allowed="at least one executive")
    if not departments:
        raise ScenarioError(source, "organisation.departments", "no department", allowed="at least one department")
    if org.chief_executive not in executives:
        raise _unknown(source, "organisation.chief_executive", "executive", org.chief_executive, executives)
    if org.bug_fixer and org.bug_fixer not in departments:
        raise _unknown(source, "organisation.bug_fixer", "department", org.bug_fixer, departments, " or ''")
    for name, dept in departments.items():
        if dept.head not in executives:
            raise _unknown(source, f"organisation.departments.{name}.head", "executive", dept.head, executives)
    for attr, rule in (("pnl_share", "at most"), ("budget_share", "at most"), ("contact_share", "exactly")):
        total = sum(getattr(d, attr) for d in departments.values())
        too_much = total > 1.0 + 1e-6
        if too_much or (rule == "exactly" and abs(total - 1.0) > 1e-6):
            raise ScenarioError(
                source,
                f"organisation.departments.*.{attr}",
                f"shares sum to {total:g}",
                allowed=f"a total of {rule} 1 across departments",
            )


def _misfit(p: Placement, org: OrganisationConfig, designs: Mapping[str, Design]) -> str:
    """Why a placement cannot sit in this organisation ('' when it can)."""
    if p.home != EXECUTIVE_OFFICE and p.home not in org.departments:
        return f"its home '{p.home}' is not a department of this organisation"
    if p.sponsor not in org.executives:
        return f"its sponsor '{p.sponsor}' is not an executive of this organisation"
    if p.design not in designs:
        return f"its design '{p.design}' is not defined"
    return ""


def placement_error(s: Scenario, name: str, key: str, extra: str = "") -> ScenarioError:
    """The error for a placement this scenario cannot run: unknown, or a preset that does not fit the organisation."""
    if name in s.unavailable:
        return ScenarioError(
            s.source,
            key,
            f"placement '{name}' does not fit this organisation: {s.unavailable[name]}",
            allowed=", ".join(s.placements) + extra,
        )
    return _unknown(s.source, key, "placement", name, s.placements, extra)


def _check_positions(s: Scenario, source: str) -> None:
    """Every placement sits in a department or the executive office, under an executive, with a known design."""
    homes = [*s.organisation.departments, EXECUTIVE_OFFICE]
    for name, p in s.placements.items():
        if p.home not in homes:
            raise _unknown(source, f"placements.{name}.home", "home", p.home, homes)
        if p.sponsor not in s.organisation.executives:
            raise _unknown(source, f"placements.{name}.sponsor", "executive", p.sponsor, s.organisation.executives)
        if p.design not in s.designs:
            raise _unknown(source, f"placements.{name}.design", "design", p.design, s.designs)
    sim = s.simulation
    if sim.placement not in s.placements:
        raise placement_error(s, sim.placement, "simulation.placement")
    if sim.design and sim.design not in s.designs:
        raise _unknown(source, "simulation.design", "design", sim.design, s.designs, " or '' (the placement's own)")


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
    weights = [getattr(s.initiatives.types, f.name).weight for f in dataclasses.fields(s.initiatives.types)]
    if sum(weights) <= 0:
        raise ScenarioError(
            source, "initiatives.types.*.weight", "all weights are zero", allowed="at least one positive weight"
        )
    if s.clout.pnl_weight + s.clout.budget_weight <= 0:
        raise ScenarioError(source, "clout", "pnl_weight and budget_weight are both zero", allowed="a positive sum")
    ev = s.events
    for low, high in (
        ("disruption_multiplier_min", "disruption_multiplier_max"),
        ("disruption_weeks_min", "disruption_weeks_max"),
    ):
        if getattr(ev, low) > getattr(ev, high):
            raise ScenarioError(
                source,
                f"events.{low}",
                f"{getattr(ev, low):g} exceeds events.{high} = {getattr(ev, high):g}",
                allowed=f"a value at most events.{high}",
            )


def _check_lesson(scenario: Scenario, source: str) -> None:
    """A lesson has a title and says what it asks, what to change and watch, and what the model shows."""
    lesson = scenario.lesson
    texts = {f.name: getattr(lesson, f.name) for f in dataclasses.fields(lesson) if f.name != "compare"}
    if not any(texts.values()) and not lesson.compare:
        return  # not a lesson
    for name, text in texts.items():
        if not text.strip():
            raise ScenarioError(
                source, f"lesson.{name}", "is empty", allowed="a non-empty text in every key of a [lesson] table"
            )
    if lesson.compare and lesson.compare not in scenario.placements:
        raise placement_error(scenario, lesson.compare, "lesson.compare", " or ''")


def apply_overrides(scenario: Scenario, overrides: Mapping[str, Any], label: str = "override") -> Scenario:
    """A copy of ``scenario`` with dotted keys replaced, validated like a file.

    The whole result is validated, so this also checks a ``Scenario`` built in code.

    Keys are dotted paths as in the scenario reference, e.g.
    ``"designs.marketing.budget_share"`` or ``"customers.segments.0.share"``.
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
    skip = ("source", "unavailable")  # derived on load
    return {f.name: _plain(getattr(scenario, f.name)) for f in dataclasses.fields(scenario) if f.name not in skip}


def _plain(value: Any) -> Any:
    """Config values as TOML-shaped dicts, lists and scalars (named tables keep their order)."""
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
