"""Batch commands of the ``cxsim`` command line: compare, sweep, sensitivity, robust, report."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from sim.analysis import comparison
from sim.analysis.tables import render
from sim.batch import Plan, arms_for, dask_executor, make_plan, run_plan
from sim.batch.executors import WorkerWatch, usable_cores
from sim.cli.options import nonnegative_int, positive_int, positive_seconds
from sim.cli.reporting import build_report
from sim.scenario.errors import ScenarioError
from sim.scenario.load import load_scenario, scenario_hash
from sim.scenario.placements import MAIN_PLACEMENTS


def add_batch_options(parser: argparse.ArgumentParser, replicates: int) -> None:
    """Options every batch command shares."""
    parser.add_argument("scenario", help="scenario TOML file")
    parser.add_argument(
        "--replicates", type=positive_int, default=replicates, help=f"runs per arm (default {replicates})"
    )
    parser.add_argument("--seed", type=nonnegative_int, help="master seed (default: the scenario's)")
    parser.add_argument("--weeks", type=positive_int, help="horizon in weeks (default: the scenario's)")
    parser.add_argument(
        "--workers",
        type=positive_int,
        default=usable_cores(),
        help="local worker processes (default: all usable cores; more than those are capped)",
    )
    parser.add_argument(
        "--scheduler", help="run on a Dask cluster: tcp://HOST:PORT of its scheduler (needs cxsim[cluster])"
    )
    parser.add_argument(
        "--scheduler-timeout",
        type=positive_seconds,
        default=20.0,
        help="seconds to wait for the Dask scheduler, and for workers when it has none: the batch then stops, "
        "keeping finished runs (default 20)",
    )
    parser.add_argument("--out", type=Path, help="output folder (default: runs/<command>-<scenario>)")
    parser.add_argument("--resume", action="store_true", help="finish a batch in --out, skipping recorded runs")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


def placement_names(arg: str | None, scenario, default: tuple[str, ...]) -> list[str]:
    """Placements named on the command line: a list, 'main' or 'all'."""
    if arg is None:
        return list(default)
    if arg == "main":
        return list(MAIN_PLACEMENTS)
    if arg == "all":
        return list(scenario.placements)
    names = list(dict.fromkeys(n.strip() for n in arg.split(",") if n.strip()))
    if not names:
        raise ScenarioError(
            scenario.source, "--placements", f"no placement named in {arg!r}", allowed="a,b,..., main or all"
        )
    return names


def execute(args: argparse.Namespace, plan: Plan) -> Path:
    """Run a plan locally or on Dask, then build its tables, figures and report."""
    out = args.out or Path("runs") / f"{plan.kind}-{Path(args.scenario).stem}"
    client = None
    executor = None
    health = None
    if args.scheduler:
        client, executor = dask_executor(args.scheduler, timeout=args.scheduler_timeout)
        health = WorkerWatch(client, args.scheduler, args.scheduler_timeout)
    try:
        run_plan(
            plan,
            out,
            executor=executor,
            workers=args.workers if executor is not None else capped_workers(args.workers),  # Dask: unused
            resume=args.resume,
            progress=not args.no_progress,
            scenario_path=str(args.scenario),
            scenario_sha=scenario_hash(args.scenario),
            window=64 if executor is not None else None,
            health=health,
        )
    finally:
        if client is not None:
            with contextlib.suppress(Exception):  # a scheduler that died mid-batch cannot be closed cleanly
                client.close(timeout=2)
    build_report(out)
    return out


def capped_workers(workers: int) -> int:
    """``--workers`` at most the cores this process may use (more only add memory), with a note when capped."""
    cores = usable_cores()
    if workers <= cores:
        return workers
    print(f"note: --workers {workers} capped at {cores}, the number of usable cores", file=sys.stderr)
    return cores


def design_names(args: argparse.Namespace, scenario) -> list[str] | None:
    """Designs named on the command line: ``--design NAME`` (one), ``--designs a,b|all``, or None (each placement's own)."""
    one, several = getattr(args, "design", None), getattr(args, "designs", None)
    if one and several:
        raise ScenarioError(
            "", "--design", "give --design (one design) or --designs (several), not both", allowed="one of them"
        )
    if one:
        return [one]
    if not several:
        return None
    if several == "all":
        return list(scenario.designs)
    names = list(dict.fromkeys(n.strip() for n in several.split(",") if n.strip()))
    if not names:
        raise ScenarioError(scenario.source, "--designs", f"no design named in {several!r}", allowed="a,b,... or all")
    return names


def add_design_options(parser: argparse.ArgumentParser, several: bool) -> None:
    """``--design`` (and, for commands that compare arms, ``--designs``)."""
    parser.add_argument(
        "--design", help="run every placement under this governance design (default: each placement's own)"
    )
    if several:
        parser.add_argument(
            "--designs",
            help="compare designs: a,b,... or 'all'; with one placement the arms are the designs, "
            "with several the placement x design grid",
        )


def cmd_compare(args: argparse.Namespace) -> int:
    """``cxsim compare``: placements (or designs, or both) under common random numbers, with effect sizes and P(best)."""
    scenario = load_scenario(args.scenario)
    placements = placement_names(args.placements, scenario, MAIN_PLACEMENTS)
    designs = design_names(args, scenario)
    labels = [a.label for a in arms_for(scenario, placements, designs)]
    baseline = args.baseline or labels[0]
    if baseline not in labels:
        raise ScenarioError(
            scenario.source,
            "--baseline",
            f"'{baseline}' is not among the compared arms",
            allowed=", ".join(labels),
        )
    metrics = _metrics(args.metrics)
    seed = scenario.simulation.seed if args.seed is None else args.seed
    plan = make_plan(
        scenario,
        placements,
        args.replicates,
        seed,
        weeks=args.weeks,
        kind="compare",
        meta={"baseline": baseline, "metrics": metrics, "designs": designs},
        designs=designs,
    )
    out = execute(args, plan)
    _, results = comparison.load(out)
    table = comparison.comparison_table(results, metrics, baseline, seed=seed)
    print(
        f"{scenario.scenario.name}: {len(labels)} arms{_design_note(designs)} x {args.replicates} replicates "
        f"(master seed {seed}, common random numbers), {plan.weeks} weeks"
    )
    for metric in metrics:
        rows = table[table["metric"] == metric]
        print(f"\n{comparison.label(metric)}")
        print(
            render(
                ["arm", "mean [95% CI]", f"vs {baseline} [95% CI]", "Cohen's d", "p (Holm)", "P(best)"],
                [_compare_row(r, baseline) for _, r in rows.iterrows()],
            )
        )
    print(f"\n{comparison.headline(table, metrics[0], baseline)}")
    print(f"\nresults, summary.csv, comparison.csv, figures/ and report.html in {out}")
    return 0


def _design_note(designs: list[str] | None) -> str:
    if designs is None:
        return " (each placement under its own design)"
    if len(designs) == 1:
        return f" (every placement under design '{designs[0]}')"
    return ""


def _compare_row(r, baseline: str) -> list[str]:
    return [
        r["placement"],
        with_ci(r["mean"], r["ci_low"], r["ci_high"]),
        "" if r["placement"] == baseline else with_ci(r["diff"], r["diff_low"], r["diff_high"], signed=True),
        fmt(r["cohens_d"], ".2f"),
        fmt(r["p_holm"], ".2g"),
        fmt(r["p_best"], ".0%"),
    ]


def fmt(x: float, spec: str = ".3g") -> str:
    """A number for a table cell; '-' when undefined."""
    return "-" if x is None or x != x else format(x, spec)  # x != x: NaN


def with_ci(mean: float, low: float, high: float, signed: bool = False) -> str:
    """'mean [low, high]', or just the mean when the interval is undefined."""
    spec = "+.3g" if signed else ".3g"
    if mean != mean:
        return "-"
    if low != low or high != high:
        return fmt(mean, spec)
    return f"{fmt(mean, spec)} [{fmt(low, spec)}, {fmt(high, spec)}]"


def _metrics(arg: str | None) -> list[str]:
    from sim.model.metrics import SUMMARY_FIELDS

    if not arg:
        return list(comparison.MAIN_METRICS)
    metrics = list(dict.fromkeys(m.strip() for m in arg.split(",") if m.strip()))
    if not metrics:
        raise ScenarioError(
            "", "--metrics", f"no metric named in {arg!r}", allowed="a,b,... of " + ", ".join(SUMMARY_FIELDS)
        )
    for m in metrics:
        if m not in SUMMARY_FIELDS:
            from sim.scenario.errors import nearest

            raise ScenarioError(
                "",
                "--metrics",
                f"unknown metric '{m}'",
                allowed=", ".join(SUMMARY_FIELDS),
                suggestion=nearest(m, SUMMARY_FIELDS),
            )
    return metrics


def cmd_sweep(args: argparse.Namespace) -> int:
    """``cxsim sweep``: a full-factorial grid (--vary) or Latin-hypercube sample (--lhs) of scenario keys."""
    from sim.batch.sampling import factorial_points, lhs_points, parse_ranges, parse_vary

    scenario = load_scenario(args.scenario)
    seed = scenario.simulation.seed if args.seed is None else args.seed
    if args.vary and (args.lhs or args.range):
        raise ScenarioError(
            "", "--vary", "choose either --vary (a grid) or --lhs with --range (a sample)", allowed="one design"
        )
    if args.vary:
        points, design = factorial_points(parse_vary(args.vary, scenario)), "grid"
    elif args.lhs and args.range:
        points, design = lhs_points(parse_ranges(args.range, scenario), args.lhs, seed), "lhs"
    else:
        raise ScenarioError(
            "", "--vary", "nothing to sweep", allowed="--vary KEY=V1,V2 (repeatable) or --lhs N with --range KEY=LO:HI"
        )
    placements = placement_names(args.placements, scenario, (scenario.simulation.placement,))
    metrics = _metrics(args.metrics)
    plan = make_plan(
        scenario,
        placements,
        args.replicates,
        seed,
        points=points,
        weeks=args.weeks,
        kind="sweep",
        designs=design_names(args, scenario),
        meta={"design": design, "metrics": metrics},
    )
    out = execute(args, plan)
    manifest, results = comparison.load(out)
    summary = comparison.summary_table(results, metrics, manifest["varied"])
    print(
        f"{scenario.scenario.name}: {len(points)} points x {len(placements)} placements x {args.replicates} replicates"
    )
    print(
        render(
            ["point", "placement", *manifest["varied"], *(comparison.label(m) for m in metrics)],
            _wide_rows(summary, manifest["varied"], metrics)[:60],
        )
    )
    print(f"\nresults, summary.csv, figures/ and report.html in {out}")
    return 0


def _wide_rows(summary, keys, metrics) -> list[list[str]]:
    rows = []
    for (point, placement), group in summary.groupby(["point", "placement"], sort=False):
        first = group.iloc[0]
        cells = []
        for m in metrics:
            r = group[group["metric"] == m].iloc[0]
            cells.append(
                f"{r['mean']:.3g} ± {(r['ci_high'] - r['ci_low']) / 2:.2g}" if r["n"] > 1 else f"{r['mean']:.3g}"
            )
        rows.append(
            [
                str(point),
                placement,
                *(f"{first[k]:g}" if isinstance(first[k], float) else str(first[k]) for k in keys),
                *cells,
            ]
        )
    return rows


def cmd_sensitivity(args: argparse.Namespace) -> int:
    """``cxsim sensitivity``: Morris or Sobol indices (SALib) of outcomes to ranged keys."""
    from sim.analysis import sensitivity
    from sim.batch.sampling import parse_ranges, scale

    scenario = load_scenario(args.scenario)
    if not args.range:
        raise ScenarioError("", "--range", "no key to analyse", allowed="--range KEY=LO:HI, repeated")
    ranges = parse_ranges(args.range, scenario)
    seed = scenario.simulation.seed if args.seed is None else args.seed
    prob = sensitivity.problem(ranges)
    x = sensitivity.sample(args.method, prob, args.samples, seed)
    # the unit-cube scaling of sampling.scale is undone here: SALib already samples inside the bounds
    unit = (x - np.array([b[0] for b in prob["bounds"]])) / np.array([b[1] - b[0] for b in prob["bounds"]])
    points = scale(unit, ranges)
    placement = args.placement or scenario.simulation.placement
    metrics = _metrics(args.metrics)
    plan = make_plan(
        scenario,
        [placement],
        args.replicates,
        seed,
        points=points,
        weeks=args.weeks,
        kind="sensitivity",
        designs=design_names(args, scenario),
        meta={
            "method": args.method,
            "samples": args.samples,
            "problem": prob,
            "metrics": metrics,
            "placement": placement,
            "sample": x.tolist(),  # SALib's unrounded sample, which the analysis needs
        },
    )
    out = execute(args, plan)
    table = pd.read_csv(out / "sensitivity.csv")
    value, conf = ("mu_star", "mu_star_conf") if args.method == "morris" else ("ST", "ST_conf")
    print(
        f"{scenario.scenario.name}: {args.method} on {len(ranges)} keys, {len(points)} points x {args.replicates} replicates ({placement})"
    )
    for metric in metrics:
        rows = table[table["metric"] == metric].sort_values(value, ascending=False)
        extra = [("S1", "S1_conf")] if args.method == "sobol" else [("sigma", None)]
        print(f"\n{comparison.label(metric)}")
        print(
            render(
                ["key", f"{value} ± 95% CI", *(e[0] + (" ± 95% CI" if e[1] else "") for e in extra)],
                [
                    [
                        r["key"],
                        f"{r[value]:.3g} ± {r[conf]:.2g}",
                        *((f"{r[e[0]]:.3g} ± {r[e[1]]:.2g}" if e[1] else f"{r[e[0]]:.3g}") for e in extra),
                    ]
                    for _, r in rows.iterrows()
                ],
            )
        )
    print(f"\nsensitivity.csv, figures/ and report.html in {out}")
    return 0


def cmd_robust(args: argparse.Namespace) -> int:
    """``cxsim robust``: placements across a Latin-hypercube ensemble of uncertain conditions."""
    from sim.analysis import robust
    from sim.batch.sampling import lhs_points, parse_ranges

    scenario = load_scenario(args.scenario)
    if not args.range:
        raise ScenarioError("", "--range", "no uncertain key", allowed="--range KEY=LO:HI, repeated")
    ranges = parse_ranges(args.range, scenario)
    seed = scenario.simulation.seed if args.seed is None else args.seed
    placements = placement_names(args.placements, scenario, MAIN_PLACEMENTS)
    metrics = _metrics(args.metrics)
    points = lhs_points(ranges, args.lhs, seed)
    plan = make_plan(
        scenario,
        placements,
        args.replicates,
        seed,
        points=points,
        weeks=args.weeks,
        kind="robust",
        designs=design_names(args, scenario),
        meta={"metrics": metrics, "design": "lhs"},
    )
    out = execute(args, plan)
    manifest, results = comparison.load(out)
    print(
        f"{scenario.scenario.name}: {len(placements)} placements across {len(points)} sampled conditions x {args.replicates} replicates"
    )
    for metric in metrics:
        res = robust.analyse(results, metric, manifest["varied"], comparison.higher_is_better(metric))
        print(f"\n{comparison.label(metric)}")
        print(
            render(
                ["placement", "share best [95% CI]", "mean regret", "90th pct regret", "max regret"],
                [
                    [
                        r["placement"],
                        f"{r['share_best']:.0%} [{r['share_low']:.0%}, {r['share_high']:.0%}]",
                        f"{r['mean_regret']:.3g}",
                        f"{r['p90_regret']:.3g}",
                        f"{r['max_regret']:.3g}",
                    ]
                    for _, r in res.table.iterrows()
                ],
            )
        )
        for sentence in res.sentences:
            print(f"  - {sentence}")
    print(f"\nrobust_*.csv, figures/ and report.html in {out}")
    return 0


def cmd_decompose(args: argparse.Namespace) -> int:
    """``cxsim decompose``: the placement x design grid on common seeds; how much each explains."""
    from sim.analysis import decompose

    scenario = load_scenario(args.scenario)
    placements = placement_names(args.placements, scenario, MAIN_PLACEMENTS)
    designs = design_names(args, scenario) or list(dict.fromkeys(scenario.placements[p].design for p in placements))
    if len(placements) < 2 or len(designs) < 2:
        raise ScenarioError(
            scenario.source,
            "--placements" if len(placements) < 2 else "--designs",
            "a decomposition needs at least two placements and two designs",
            allowed="--placements a,b,... and --designs x,y,...",
        )
    metrics = _metrics(args.metrics)
    seed = scenario.simulation.seed if args.seed is None else args.seed
    plan = make_plan(
        scenario,
        placements,
        args.replicates,
        seed,
        weeks=args.weeks,
        kind="decompose",
        meta={"metrics": metrics, "designs": designs, "baseline": f"{placements[0]}/{designs[0]}"},
        designs=designs,
    )
    out = execute(args, plan)
    _, results = comparison.load(out)
    print(
        f"{scenario.scenario.name}: {len(placements)} placements x {len(designs)} designs x {args.replicates} "
        f"replicates (master seed {seed}, common random numbers), {plan.weeks} weeks"
    )
    for metric in metrics:
        part = decompose.decompose(results, metric, seed=seed)
        print(
            f"\n{comparison.label(metric)}  (governance explains {_share(part.governance_share, part.governance_interval)} of the run-to-run variance)"
        )
        print(
            render(
                ["source", "share of governance variance [95% CI]"],
                [[s, _share(part.shares[s], part.intervals[s])] for s in decompose.SOURCES],
            )
        )
        dropped = f"; {part.seeds_dropped} seeds left out (undefined in some cell)" if part.seeds_dropped else ""
        print(f"  -> {part.verdict()} ({part.seeds_used} seeds{dropped})")
    print(f"\nresults, decomposition.csv, figures/ and report.html in {out}")
    return 0


def _share(value: float, interval: tuple[float, float]) -> str:
    if value != value:
        return "-"
    return f"{value:.0%} [{interval[0]:.0%}, {interval[1]:.0%}]"


def cmd_report(args: argparse.Namespace) -> int:
    """``cxsim report``: rebuild figures and report.html from a batch folder."""
    folder = Path(args.folder)
    if not folder.is_dir():
        raise ScenarioError("", "FOLDER", f"{folder} is not a folder", allowed=_REPORT_FOLDER)
    try:
        path = build_report(folder, key="FOLDER")
    except ScenarioError:
        raise
    except (KeyError, IndexError, TypeError, ValueError) as exc:  # a folder edited by hand into something else
        raise ScenarioError(
            "",
            "FOLDER",
            f"{folder} cannot be analysed ({type(exc).__name__}: {exc}); nothing in it was changed",
            allowed=_REPORT_FOLDER,
        ) from None
    print(f"report written to {path}")
    return 0


_REPORT_FOLDER = "a folder written by compare, sweep, sensitivity, robust or decompose"


def register(sub: argparse._SubParsersAction) -> None:
    """Add the batch commands to the ``cxsim`` parser."""
    compare = sub.add_parser("compare", help="compare placements over replicates, with CIs, effect sizes and P(best)")
    add_batch_options(compare, replicates=30)
    compare.add_argument("--placements", help="a,b,..., 'main' (default) or 'all'")
    add_design_options(compare, several=True)
    compare.add_argument("--baseline", help="arm the others are compared with (default: the first)")
    compare.add_argument("--metrics", help="comma-separated summary columns (default: the four final core metrics)")
    compare.set_defaults(func=cmd_compare)

    sweep = sub.add_parser("sweep", help="vary scenario keys on a grid (--vary) or a Latin hypercube (--lhs, --range)")
    add_batch_options(sweep, replicates=10)
    sweep.add_argument(
        "--vary", action="append", default=[], metavar="KEY=V1,V2", help="values of a key (repeat for a grid)"
    )
    sweep.add_argument("--lhs", type=positive_int, metavar="N", help="number of Latin-hypercube points")
    sweep.add_argument("--range", action="append", default=[], metavar="KEY=LO:HI", help="interval of a key for --lhs")
    sweep.add_argument("--placements", help="a,b,..., 'main' or 'all' (default: the scenario's placement)")
    add_design_options(sweep, several=False)
    sweep.add_argument("--metrics", help="comma-separated summary columns")
    sweep.set_defaults(func=cmd_sweep)

    sens = sub.add_parser(
        "sensitivity", help="global sensitivity (Morris or Sobol, with SALib) of outcomes to ranged keys"
    )
    add_batch_options(sens, replicates=2)
    sens.add_argument(
        "--method", choices=("morris", "sobol"), default="morris", help="Morris screening (default) or Sobol indices"
    )
    sens.add_argument("--range", action="append", default=[], metavar="KEY=LO:HI", help="interval of a key (repeat)")
    sens.add_argument(
        "--samples",
        type=positive_int,
        default=10,
        help="Morris trajectories, or Sobol base sample size (a power of 2); default 10",
    )
    sens.add_argument("--placement", help="placement to analyse (default: the scenario's)")
    add_design_options(sens, several=False)
    sens.add_argument("--metrics", help="comma-separated summary columns")
    sens.set_defaults(func=cmd_sensitivity)

    rob = sub.add_parser(
        "robust", help="placements across an ensemble of uncertain conditions: best share, regret, where each wins"
    )
    add_batch_options(rob, replicates=3)
    rob.add_argument(
        "--lhs", type=positive_int, default=40, metavar="N", help="number of sampled conditions (default 40)"
    )
    rob.add_argument(
        "--range", action="append", default=[], metavar="KEY=LO:HI", help="interval of an uncertain key (repeat)"
    )
    rob.add_argument("--placements", help="a,b,..., 'main' (default) or 'all'")
    add_design_options(rob, several=True)
    rob.add_argument("--metrics", help="comma-separated summary columns (default: the four final core metrics)")
    rob.set_defaults(func=cmd_robust)

    dec = sub.add_parser(
        "decompose",
        help="placement x design grid on common seeds: the share of variance due to placement, design, interaction",
    )
    add_batch_options(dec, replicates=20)
    dec.add_argument("--placements", help="a,b,..., 'main' (default) or 'all'")
    dec.add_argument("--designs", help="a,b,... or 'all' (default: the chosen placements' own designs)")
    dec.add_argument("--metrics", help="comma-separated summary columns (default: the four final core metrics)")
    dec.set_defaults(func=cmd_decompose)

    rep = sub.add_parser("report", help="rebuild figures and report.html from a batch folder")
    rep.add_argument("folder", help="output folder of compare, sweep, sensitivity or robust")
    rep.set_defaults(func=cmd_report)
