"""The ``cxsim`` command line: the top-level parser and the exit codes.

One module per command group, each a thin shell over library functions:
:mod:`sim.cli.run` (run, validate, placements), :mod:`sim.cli.batch` (compare,
sweep, sensitivity, robust, report), :mod:`sim.cli.verify` (patterns, calibrate)
and :mod:`sim.cli.dashboard` (dashboard, lessons).

Bad input (a missing or malformed scenario, an unknown key or placement, an
out-of-range value) prints one paragraph saying what is wrong and exits with
status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from sim.batch import BatchInterrupted
from sim.cli import batch as cli_batch
from sim.cli import dashboard as cli_dashboard
from sim.cli import run as cli_run
from sim.cli import verify as cli_verify
from sim.scenario.errors import ScenarioError


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``cxsim`` console script (and ``python -m sim``)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ScenarioError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BatchInterrupted as exc:
        print(str(exc), file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into head & co.
        sys.stderr.close()
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cxsim",
        description="Agent-based simulation of customer-experience governance.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    cli_run.register(sub)
    cli_batch.register(sub)
    cli_dashboard.register(sub)
    cli_verify.register(sub)
    return parser


if __name__ == "__main__":
    sys.exit(main())
