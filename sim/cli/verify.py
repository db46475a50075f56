"""Commands that check the model against its sources: ``patterns`` (seed claims) and ``calibrate`` (published figures)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from sim.cli.options import positive_int
from sim.scenario.errors import ScenarioError
from sim.scenario.load import load_scenario
from sim.validation import patterns, patterns_report

ROOT = Path(__file__).resolve().parents[2]


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``patterns`` and ``calibrate`` to the ``cxsim`` parser."""
    pat = sub.add_parser("patterns", help="run every seed claim as a pattern and write docs/patterns.md")
    pat.add_argument("--replicates", type=positive_int, help="paired seeds per pattern (default: each pattern's own)")
    pat.add_argument("--only", help="comma-separated pattern names (file stems, e.g. 07_listening)")
    pat.add_argument("--folder", type=Path, help="folder of pattern files (default: experiments/patterns)")
    pat.add_argument("--scenario", help="organisation to run on (default: the default one with 2,000 customers)")
    pat.add_argument("--out", type=Path, default=Path("docs"), help="where patterns.md and figures/patterns/ go")
    pat.add_argument(
        "--data",
        type=Path,
        default=ROOT / "experiments" / "output" / "patterns",
        help="where contrasts.csv (every seed's contrast) goes",
    )
    pat.add_argument("--workers", type=positive_int, default=os.cpu_count() or 1, help="worker processes")
    pat.set_defaults(func=cmd_patterns)

    cal = sub.add_parser("calibrate", help="compare the model with published figures (targets and bands)")
    cal.add_argument("--replicates", type=positive_int, default=100, help="runs per scenario (default 100)")
    cal.add_argument("--workers", type=positive_int, default=os.cpu_count() or 1, help="worker processes")
    cal.add_argument("--out", type=Path, help="also write calibration.csv and calibration.md into this folder")
    cal.set_defaults(func=cmd_calibrate)


def cmd_patterns(args: argparse.Namespace) -> int:
    folder = args.folder or patterns.default_folder()
    chosen = patterns.load_patterns(folder)
    if args.only:
        names = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in names if n not in chosen]
        if unknown:
            raise ScenarioError(
                str(folder), "--only", f"unknown pattern(s) {', '.join(unknown)}", allowed=", ".join(chosen)
            )
        chosen = {n: chosen[n] for n in names}
    scenario = load_scenario(args.scenario) if args.scenario else None
    start = time.perf_counter()
    total_runs = sum(len(p.arms) * (args.replicates or p.replicates) for p in chosen.values())
    print(f"{len(chosen)} patterns, {total_runs} runs on {args.workers} worker(s) ...", file=sys.stderr)
    results = patterns.run_pattern_set(chosen, args.replicates, args.workers, scenario)
    figures = args.out / "figures" / "patterns"
    for result in results:
        patterns_report.pattern_figure(result, figures)
    if len(results) > 1:
        patterns_report.summary_figure(results, figures)
    command = "cxsim patterns" + (f" --replicates {args.replicates}" if args.replicates else "")
    md = patterns_report.write_markdown(results, args.out / "patterns.md", figures, command)
    csv_path = patterns_report.write_csv(results, args.data / "contrasts.csv")
    for r in results:
        for o in r.outcomes:
            print(f"{r.name:22s} {o.outcome:24s} {patterns_report.effect_text(o):40s} {o.status}")
    for line in patterns_report.mismatches(results):
        print(f"note: {line}", file=sys.stderr)
    print(f"{md}, {figures}/, {csv_path} ({time.perf_counter() - start:.0f} s)")
    return 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    from sim.validation import calibration

    results = calibration.run_all(args.replicates, args.workers)
    print(calibration.render_table(results))
    outside = [r.target.name for r in results if not r.inside]
    print(
        f"{len(results) - len(outside)} of {len(results)} targets inside their band"
        + (f"; outside: {', '.join(outside)}" if outside else "")
    )
    if args.out:
        calibration.write(results, args.out)
    return 0
