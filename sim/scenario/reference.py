"""Generate the scenario reference (``docs/scenario-reference.md``) from the config dataclasses.

Run ``python -m sim.scenario.reference > docs/scenario-reference.md`` after changing a
parameter; a test fails while the file and the code disagree.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from sim.mechanisms import MECHANISMS
from sim.params import VARIES, KeyDoc, hints, iter_keys
from sim.scenario.config import Design, Placement, Scenario

INTRO = """# Scenario reference

Every key a scenario file may contain, generated from the code
(`python -m sim.scenario.reference > docs/scenario-reference.md`; a test keeps it current).
A key left out takes the default shown, which describes the default mid-size
organisation of `scenarios/default.toml`. Any other key is an error, as is a
value of the wrong type or outside its range.

Tables: `[scenario]`, `[lesson]` (guided lessons in `scenarios/lessons/` only),
`[simulation]`, `[organisation]` (with `[organisation.executives.<name>]` and
`[organisation.departments.<name>]`, names free), `[customers]` (with
`[[customers.segments]]`), `[acquisition]`, `[initiatives]` (with
`[initiatives.types.<kind>]`), `[issues]`, `[events]`, `[mechanisms]` (twenty
on/off switches), one table per mechanism holding its parameters,
`[placements.<name>]` and `[designs.<name>]`.

The organisation is data. With `organisation.template = "default"` (the
default) a scenario changes the default organisation: a department or executive
table named after one of its seven departments (marketing, sales, service,
operations, product, it, finance) or eight executives (ceo, cmo, head_of_sales,
head_of_service, coo, head_of_product, cio, cfo) changes only the keys it gives,
and a new name adds one (keys it leaves out take the generic defaults below).
With `template = "none"` the file lists its whole organisation. Names are
lower-case identifiers; nothing in the model reads them. Departments' contact
shares must sum to 1, their P&L and budget shares to at most 1; every
department names its head among the executives. The defaults shown for
`<name>` keys are the generic ones a new department or executive takes; the
default organisation's own values are in `scenarios/default.toml`.
"""

PLACEMENT_NOTE = """## Placements: `[placements.<name>]`

A placement is a position in the organisation: the CX team's home (a
department, or `executive` for the executive office), its sponsor (an
executive), the leader's reporting level, and the governance design it comes
with. The built-in presets are `marketing`, `service`, `operations`,
`ceo_overlay`, `cco_authority`, `cco_advisory` and `distributed`
(`cxsim placements` prints them). A table named after a preset overrides only the
keys it gives. Any other name defines a new placement: give
`based_on = "<placement>"` and the keys to change, or give every key. Nothing in
the model reads a placement's name. `listening_reach`, `surge_capacity` and
`friction` are no longer placement keys (they follow from the organisation), and
staff, budget lever, authority, escalation, incentives and overlay length belong
to a design; a placement table that sets them gets an error saying where they went.
"""

DESIGN_NOTE = """## Designs: `[designs.<name>]`

A governance design is what an organisation decides about its CX function
wherever it sits. The built-in presets are `standard` (the design placements are
compared at when only where CX sits should differ) and one per preset placement,
of the same name. Any design combines with any placement (`simulation.design`,
`cxsim run --design`, `cxsim compare --design/--designs`, `cxsim decompose`).
Tables override or define designs exactly like placements (`based_on` or every key).
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
    lines += ["", DESIGN_NOTE]
    lines += _section("Design keys", iter_keys(Design, "designs.<name>.", VARIES), "per preset")[2:]
    lines.append(
        "| `designs.<name>.based_on` | string | a preset or a design defined earlier | - |  | start from this design's values (new designs only) |"
    )
    return "\n".join(lines) + "\n"


def all_keys() -> list[str]:
    """Every dotted scenario key (placement keys as ``placements.<name>.<key>``)."""
    keys = [k.path for k in iter_keys(Scenario)]
    keys += [k.path for k in iter_keys(Placement, "placements.<name>.")]
    keys += [k.path for k in iter_keys(Design, "designs.<name>.")]
    return keys


if __name__ == "__main__":
    print(reference(), end="")
