"""Generate the scenario reference (``docs/scenario-reference.md``) from the config dataclasses.

Run ``python -m sim.scenario.reference > docs/scenario-reference.md`` after changing a
parameter; a test fails while the file and the code disagree.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from sim.mechanisms import MECHANISMS
from sim.params import VARIES, KeyDoc, hints, iter_keys
from sim.scenario.config import Placement, Scenario

INTRO = """# Scenario reference

Every key a scenario file may contain, generated from the code
(`python -m sim.scenario.reference > docs/scenario-reference.md`; a test keeps it current).
A key left out takes the default shown, which describes the default mid-size
organisation of `scenarios/default.toml`. Any other key is an error, as is a
value of the wrong type or outside its range.

Tables: `[scenario]`, `[lesson]` (guided lessons in `scenarios/lessons/` only),
`[simulation]`, `[organisation]` (with
`[organisation.departments.<name>]` for marketing, sales, service, operations,
product, it and finance), `[customers]` (with `[[customers.segments]]`),
`[acquisition]`, `[initiatives]` (with `[initiatives.types.<kind>]`),
`[issues]`, `[events]`, `[mechanisms]` (twenty on/off switches), one table per
mechanism holding its parameters, and `[placements.<name>]`.
"""

PLACEMENT_NOTE = """## Placements: `[placements.<name>]`

A placement is a bundle of the values below; the built-in presets are
`marketing`, `service`, `operations`, `ceo_overlay`, `cco_authority`,
`cco_advisory` and `distributed` (`cxsim placements` prints them). A table named
after a preset overrides only the keys it gives. Any other name defines a new
placement: give `based_on = "<placement>"` and the keys to change, or give every
key. Nothing in the model reads a placement's name.
"""


def _row(k: KeyDoc, varies: str) -> str:
    info = k.info
    allowed = info.allowed().replace("|", "\\|")
    default = repr(k.default) if k.default != VARIES else varies
    if isinstance(k.default, bool):
        default = "true" if k.default else "false"
    unit = info.unit or ""
    return f"| `{k.path}` | {k.type_name} | {allowed} | {default} | {unit} | {info.doc} |"


def _section(title: str, keys: Iterator[KeyDoc], varies: str = "per segment") -> list[str]:
    lines = [f"## {title}", "", "| key | type | allowed | default | unit | meaning |", "|---|---|---|---|---|---|"]
    lines += [_row(k, varies) for k in keys]
    lines.append("")
    return lines


def reference() -> str:
    """The full scenario reference as Markdown."""
    lines = [INTRO]
    mech_names = set(MECHANISMS)
    for f in dataclasses.fields(Scenario):
        if "cxsim" not in f.metadata or f.name in mech_names:
            continue
        cls = hints(Scenario)[f.name]
        lines += _section(f"`[{f.name}]`", iter_keys(cls, f"{f.name}."))
    for name, module in MECHANISMS.items():
        number = list(MECHANISMS).index(name) + 1
        lines += [f"## `[{name}]` - mechanism {number} [seed {module.SEED}]", "", module.CLAIM, ""]
        lines += _section(f"`[{name}]` parameters", iter_keys(module.Params, f"{name}."))[2:]
    lines += [PLACEMENT_NOTE]
    lines += _section("Placement keys", iter_keys(Placement, "placements.<name>.", VARIES), "per preset")[2:]
    lines.append(
        "| `placements.<name>.based_on` | string | a preset or a placement defined earlier | - |  | start from this placement's values (new placements only) |"
    )
    return "\n".join(lines) + "\n"


def all_keys() -> list[str]:
    """Every dotted scenario key (placement keys as ``placements.<name>.<key>``)."""
    keys = [k.path for k in iter_keys(Scenario)]
    keys += [k.path for k in iter_keys(Placement, "placements.<name>.")]
    return keys


if __name__ == "__main__":
    print(reference(), end="")
