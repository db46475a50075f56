"""``cxsim run``, ``cxsim validate`` and ``cxsim placements``: one simulation, one scenario check, the placements.

Bad input (a missing or malformed scenario, an unknown key or placement, an
out-of-range value) prints one paragraph saying what is wrong and exits with
status 2.
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from pathlib import Path

import numpy as np
from scipy import stats

from sim.analysis.tables import render
from sim.batch.output import prepare_run_folder, write_run
from sim.batch.seeds import replicate_seeds
from sim.cli.options import nonnegative_int, positive_int
from sim.model.cxmodel import CXModel
from sim.scenario.config import Design, Placement, Scenario
from sim.scenario.errors import ScenarioError
from sim.scenario.load import load_scenario, placement_error, scenario_hash
from sim.scenario.placements import MAIN_PLACEMENTS

SUMMARY_ROWS: list[tuple[str, str]] = [
    ("follow-through (final, 0-1)", "follow_through_final"),
    ("follow-through (mean over run)", "follow_through_mean"),
    ("NPS (final, -100..100)", "nps_final"),
    ("retention of starting customers", "retention_final"),
    ("participation willingness", "participation_final"),
    ("initiatives started", "initiatives_started"),
    ("  rejected or left undecided", "initiatives_rejected"),
    ("  approved", "initiatives_approved"),
    ("    completed", "initiatives_completed"),
    ("      with a measured loyalty gain", "measured_gains"),
    ("    abandoned", "initiatives_abandoned"),
    ("    stalled at the end", "initiatives_stalled"),
    ("    in progress at the end", "initiatives_in_progress"),
    ("  dropped before a decision", "initiatives_dropped"),
    ("  scoping or awaiting a decision", "initiatives_pending"),
    ("share of settled initiatives failing", "failure_share"),
    ("weeks from proposal to approval", "weeks_to_approval"),
    ("CX leader departures", "leader_departures"),
    ("CX spend (total, money units)", "spend_total"),
    ("spend per measured gain", "cost_per_measured_gain"),
    ("share of invited customers taking part", "acceptance_rate"),
    ("gain quality of completed initiatives", "gain_quality"),
    ("revenue (total, money units)", "revenue_total"),
    ("margin net of CX spend (total)", "margin_total"),
    ("annual revenue lost to churn (total)", "churned_revenue_total"),
    ("customer lifetime value at the end", "customer_value_final"),
    ("CX programme NPV vs no programme", "programme_npv"),
    ("  with the base left at the end", "programme_npv_with_base"),
    ("CX programme return (x cost)", "programme_return"),
    ("payback week", "payback_week"),
]


def register(sub: argparse._SubParsersAction) -> None:
    """Add run, validate and placements to the ``cxsim`` parser."""

    run = sub.add_parser("run", help="run one simulation (or one per placement) and print a summary")
    run.add_argument("scenario", help="scenario TOML file")
    run.add_argument("--placement", help="placement name, a comma-separated list, 'main' (the four main ones) or 'all'")
    run.add_argument(
        "--design", help="governance design for every placement run (default: each placement's own design)"
    )
    run.add_argument("--seed", type=nonnegative_int, help="random seed (default: the scenario's)")
    run.add_argument("--weeks", type=positive_int, help="horizon in weeks (default: the scenario's)")
    run.add_argument(
        "--replicates",
        type=positive_int,
        default=1,
        help="runs per placement; with more than one, replicate k gets the k-th seed spawned from --seed and cells "
        "show mean ± 95%% CI (with one, --seed itself is used)",
    )
    run.add_argument("--out", type=Path, help="folder for timeseries.csv, initiatives.csv and manifest.json")
    run.add_argument(
        "--force", action="store_true", help="write into a non-empty --out folder that cxsim run did not create"
    )
    run.set_defaults(func=cmd_run)

    val = sub.add_parser("validate", help="check a scenario file and say what is wrong, or that it is fine")
    val.add_argument("scenario", help="scenario TOML file")
    val.set_defaults(func=cmd_validate)

    pl = sub.add_parser("placements", help="list placements (positions) and governance designs side by side")
    pl.add_argument("scenario", nargs="?", help="scenario TOML file (default: the built-in presets)")
    pl.set_defaults(func=cmd_placements)


def _placement_names(arg: str | None, scenario: Scenario) -> list[str]:
    if arg is None:
        return [scenario.simulation.placement]
    if arg == "main":
        names = list(MAIN_PLACEMENTS)
    elif arg == "all":
        names = list(scenario.placements)
    else:
        names = list(dict.fromkeys(n.strip() for n in arg.split(",") if n.strip()))  # drop repeats, keep order
    if not names:
        raise ScenarioError(
            scenario.source, "--placement", f"no placement named in {arg!r}", allowed="a name, a,b,..., main or all"
        )
    for name in names:
        if name not in scenario.placements:
            raise placement_error(scenario, name, "--placement", ", main, all")
    return names


def cmd_run(args: argparse.Namespace) -> int:
    """``cxsim run``: simulate and print a summary table (one column per placement)."""
    scenario = load_scenario(args.scenario)
    names = _placement_names(args.placement, scenario)
    if args.out is not None:
        prepare_run_folder(args.out, force=args.force)  # before simulating: a folder that cannot take the files
    digest = scenario_hash(args.scenario)
    master = args.seed if args.seed is not None else scenario.simulation.seed
    seeds = [master] if args.replicates == 1 else replicate_seeds(master, args.replicates)
    summaries: dict[str, list[dict]] = {}
    for name in names:
        summaries[name] = []
        for k, seed in enumerate(seeds):
            start = time.perf_counter()
            model = CXModel(scenario, placement=name, design=args.design, seed=seed, weeks=args.weeks)
            model.run()
            wall = time.perf_counter() - start
            summaries[name].append(model.summary())
            if args.out is not None:
                folder = args.out if len(names) == 1 else args.out / name
                if len(seeds) > 1:
                    folder = folder / f"replicate_{k:03d}"
                _write(folder, model, str(args.scenario), digest, wall, args.out)
            model.release()
    weeks = args.weeks if args.weeks is not None else scenario.simulation.weeks
    runs = (
        f"{len(seeds)} replicates (seeds spawned from {master}), mean ± 95% CI" if len(seeds) > 1 else f"seed {master}"
    )
    print(f"{scenario.scenario.name} ({args.scenario}) - {weeks} weeks, {runs}")
    rows = [[label, *(_summarise_cell([s[key] for s in summaries[n]]) for n in names)] for label, key in SUMMARY_ROWS]
    print(render(["metric", *names], rows))
    if len(names) > 1:
        print(
            "\nEvery placement meets the same seeds, hence the same events and customers; "
            + (
                "differences still include chance."
                if len(seeds) == 1
                else "a CI shows the spread of the mean over replicates."
            )
        )
    if args.out is not None:
        print(f"\nresults written to {args.out}")
    return 0


def _write(folder: Path, model: CXModel, scenario: str, digest: str, wall: float, out: Path) -> None:
    """One run's files, with a write error as one paragraph saying what is already in ``out``."""
    try:
        write_run(folder, model, scenario, digest, wall)
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        raise ScenarioError(
            "",
            "--out",
            f"cannot write to {out}: {exc.strerror or exc}{where}; the runs written before it are in {out}",
            allowed="free space or make the folder writable, then run the command again",
        ) from None


def _summarise_cell(values: list) -> object:
    """One value as is; several as 'mean ± half-width of the 95% CI' (t distribution)."""
    if len(values) == 1:
        return values[0]
    data = np.array([np.nan if v is None else v for v in values], dtype=float)
    data = data[np.isfinite(data)]
    if data.size == 0:
        return "-"
    mean = data.mean()
    if data.size < 2:
        return f"{mean:,.2f}"
    half = stats.t.ppf(0.975, data.size - 1) * data.std(ddof=1) / np.sqrt(data.size)
    return f"{mean:,.2f} ± {half:,.2f}"


def cmd_validate(args: argparse.Namespace) -> int:
    """``cxsim validate``: load the scenario; report the first problem or that it is fine."""
    scenario = load_scenario(args.scenario)
    on = sum(dataclasses.astuple(scenario.mechanisms))
    org = scenario.organisation
    print(
        f"{args.scenario}: OK - '{scenario.scenario.name}', {len(org.departments)} departments, "
        f"{len(org.executives)} executives, {scenario.customers.count:,} customers, "
        f"{scenario.simulation.weeks} weeks, placement '{scenario.simulation.placement}', "
        f"{on} of 20 mechanisms on, {len(scenario.placements)} placements, {len(scenario.designs)} designs."
    )
    return 0


def cmd_placements(args: argparse.Namespace) -> int:
    """``cxsim placements``: every placement (a position) and every design, values side by side."""
    scenario = load_scenario(args.scenario) if args.scenario else Scenario()
    for title, tables, cls in (
        ("placement", scenario.placements, Placement),
        ("design", scenario.designs, Design),
    ):
        names = list(tables)
        keys = [f.name for f in dataclasses.fields(cls) if f.name != "description"]
        rows = [[key, *(_cell(getattr(tables[n], key)) for n in names)] for key in keys]
        print(render([title, *names], rows))
        print()
        for name in names:
            print(f"{name}: {tables[name].description}")
        print()
    return 0


def _cell(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
