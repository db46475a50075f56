"""The ``cxsim`` command line: run, validate, placements.

Bad input (a missing or malformed scenario, an unknown key or placement, an
out-of-range value) prints one paragraph saying what is wrong and exits with
status 2.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from sim.config import Placement, Scenario
from sim.errors import ScenarioError, nearest
from sim.model import CXModel
from sim.output import write_run
from sim.placements import MAIN_PLACEMENTS
from sim.scenario import load_scenario, scenario_hash
from sim.tables import render

SUMMARY_ROWS: list[tuple[str, str]] = [
    ("follow-through (final, 0-1)", "follow_through_final"),
    ("follow-through (mean over run)", "follow_through_mean"),
    ("NPS (final, -100..100)", "nps_final"),
    ("retention of starting customers", "retention_final"),
    ("participation willingness", "participation_final"),
    ("initiatives proposed", "initiatives_proposed"),
    ("  approved", "initiatives_approved"),
    ("  rejected / undecided", "initiatives_rejected"),
    ("  completed", "initiatives_completed"),
    ("  stalled at the end", "initiatives_stalled"),
    ("  abandoned", "initiatives_abandoned"),
    ("  still in progress", "initiatives_in_progress"),
    ("  with a measured loyalty gain", "measured_gains"),
    ("weeks from proposal to approval", "weeks_to_approval"),
    ("CX leader departures", "leader_departures"),
    ("CX spend (total, money units)", "spend_total"),
    ("spend per measured gain", "cost_per_measured_gain"),
]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``cxsim`` console script (and ``python -m sim``)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ScenarioError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cxsim",
        description="Agent-based simulation of customer-experience governance.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="run one simulation (or one per placement) and print a summary")
    run.add_argument("scenario", help="scenario TOML file")
    run.add_argument("--placement", help="placement name, a comma-separated list, or 'main' for the four main ones")
    run.add_argument("--seed", type=_nonnegative_int, help="random seed (default: the scenario's)")
    run.add_argument("--weeks", type=_positive_int, help="horizon in weeks (default: the scenario's)")
    run.add_argument("--out", type=Path, help="folder for timeseries.csv, initiatives.csv and manifest.json")
    run.set_defaults(func=cmd_run)

    val = sub.add_parser("validate", help="check a scenario file and say what is wrong, or that it is fine")
    val.add_argument("scenario", help="scenario TOML file")
    val.set_defaults(func=cmd_validate)

    pl = sub.add_parser("placements", help="list placements with their parameter values side by side")
    pl.add_argument("scenario", nargs="?", help="scenario TOML file (default: the built-in presets)")
    pl.set_defaults(func=cmd_placements)
    return parser


def _positive_int(text: str) -> int:
    value = _nonnegative_int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def _nonnegative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a non-negative integer, got {text!r}")
    return value


def _placement_names(arg: str | None, scenario: Scenario) -> list[str]:
    if arg is None:
        return [scenario.simulation.placement]
    names = list(MAIN_PLACEMENTS) if arg == "main" else [n.strip() for n in arg.split(",") if n.strip()]
    if arg == "all":
        names = list(scenario.placements)
    for name in names:
        if name not in scenario.placements:
            raise ScenarioError(
                scenario.source,
                "--placement",
                f"unknown placement '{name}'",
                allowed=", ".join(scenario.placements) + ", main, all",
                suggestion=nearest(name, scenario.placements),
            )
    return names


def cmd_run(args: argparse.Namespace) -> int:
    """``cxsim run``: simulate and print a summary table (one column per placement)."""
    scenario = load_scenario(args.scenario)
    names = _placement_names(args.placement, scenario)
    digest = scenario_hash(args.scenario)
    summaries = []
    for name in names:
        start = time.perf_counter()
        model = CXModel(scenario, placement=name, seed=args.seed, weeks=args.weeks)
        model.run()
        wall = time.perf_counter() - start
        summaries.append(model.summary())
        if args.out is not None:
            folder = args.out if len(names) == 1 else args.out / name
            write_run(folder, model, str(args.scenario), digest, wall)
        model.release()
    seed = args.seed if args.seed is not None else scenario.simulation.seed
    weeks = args.weeks if args.weeks is not None else scenario.simulation.weeks
    print(f"{scenario.scenario.name} ({args.scenario}) - seed {seed}, {weeks} weeks")
    rows = [[label, *(s[key] for s in summaries)] for label, key in SUMMARY_ROWS]
    print(render(["metric", *names], rows))
    if args.out is not None:
        print(f"\nresults written to {args.out}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """``cxsim validate``: load the scenario; report the first problem or that it is fine."""
    scenario = load_scenario(args.scenario)
    on = sum(dataclasses.astuple(scenario.mechanisms))
    print(
        f"{args.scenario}: OK - '{scenario.scenario.name}', {scenario.customers.count:,} customers, "
        f"{scenario.simulation.weeks} weeks, placement '{scenario.simulation.placement}', "
        f"{on} of 20 mechanisms on, {len(scenario.placements)} placements."
    )
    return 0


def cmd_placements(args: argparse.Namespace) -> int:
    """``cxsim placements``: every placement's values side by side."""
    scenario = load_scenario(args.scenario) if args.scenario else Scenario()
    names = list(scenario.placements)
    keys = [f.name for f in dataclasses.fields(Placement) if f.name != "description"]
    rows = [[key, *(_cell(getattr(scenario.placements[n], key)) for n in names)] for key in keys]
    print(render(["parameter", *names], rows))
    print()
    for name in names:
        print(f"{name}: {scenario.placements[name].description}")
    return 0


def _cell(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


if __name__ == "__main__":
    sys.exit(main())
