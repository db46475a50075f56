"""What a position inherits from the organisation it sits in: the inputs the mechanisms turn into outcomes.

Where CX sits acts only through quantities like these, computed at week 0 from
the scenario (nothing here is fitted or typed per placement): listening reach
(mechanism 7), the leader's clout from reporting level and boss (2 and 6), the
sponsor's clout from rank, P&L and budget (6, entering approval), the home
department's contacts and surge capacity (8), and - from the design - the CX
budget envelope (5) and staff cost (13).

    python -m sim.validation.inherited [SCENARIO] [--design NAME]   # the table docs/ODD.md section 7.6 quotes
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from sim.mechanisms import authority, budget_lever, cco_mandate, clout, listening
from sim.model.cxmodel import CXModel
from sim.scenario.config import Scenario
from sim.scenario.load import load_scenario

COLUMNS = (
    "listening reach",
    "positional clout",
    "borrowed factor",
    "leader clout (week 0)",
    "sponsor clout",
    "home contact share",
    "home surge capacity",
    "annual CX envelope",
    "staff cost per week",
)


def inherited(scenario: Scenario, placement: str, design: str | None = None) -> dict[str, float]:
    """The quantities of :data:`COLUMNS` for ``placement`` (under ``design``, default its own) at week 0."""
    model = CXModel(scenario, placement=placement, design=design, seed=0)
    home = model.home
    values = {
        "listening reach": listening.reach(model),
        "positional clout": authority.position_clout(model),
        "borrowed factor": clout.borrowed_factor(model),
        "leader clout (week 0)": model.leader_clout(),
        "sponsor clout": model.sponsor.clout,
        "home contact share": home.cfg.contact_share if home is not None else 0.0,
        "home surge capacity": home.cfg.surge_capacity if home is not None else float("nan"),
        "annual CX envelope": budget_lever.annual_envelope(model),
        "staff cost per week": cco_mandate.weekly_cost(model),
    }
    model.release()
    return values


def markdown(scenario: Scenario, placements: Sequence[str] | None = None, design: str | None = None) -> str:
    """One row per placement, one column per inherited quantity, as a Markdown table."""
    names = list(placements or scenario.placements)
    lines = ["| placement | " + " | ".join(COLUMNS) + " |", "|---|" + "---|" * len(COLUMNS)]
    for name in names:
        row = inherited(scenario, name, design)
        lines.append(f"| `{name}` | " + " | ".join(_cell(row[c]) for c in COLUMNS) + " |")
    return "\n".join(lines)


def _cell(x: float) -> str:
    if x != x:
        return "-"
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.3g}"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", help="scenario file (default: the default organisation)")
    parser.add_argument("--design", help="run every placement under this design (default: each its own)")
    args = parser.parse_args(argv)
    scenario = load_scenario(args.scenario) if args.scenario else Scenario()
    print(markdown(scenario, design=args.design))


if __name__ == "__main__":
    main()
