"""Teaching commands of the ``cxsim`` command line: ``dashboard`` and ``lessons``.

Solara is imported only by ``cxsim dashboard`` (through the server it starts),
so the other commands run without the ``dashboard`` extra.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from pathlib import Path

from sim.scenario.errors import ScenarioError
from sim.scenario.load import load_scenario

LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 8765
CULL_TIMEOUT = "2m"
"""How long Solara keeps a tab's session (and its models) after the tab lost its connection without
closing (a closed tab frees it at once). Solara's own default is 24 hours."""


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``dashboard`` and ``lessons`` subcommands."""
    dash = sub.add_parser(
        "dashboard", help="start the educators' dashboard (a SolaraViz page in the browser, loopback by default)"
    )
    dash.add_argument(
        "scenario", nargs="?", help="scenario file to open first, added to the menu (default: the menu's first)"
    )
    dash.add_argument("--host", default=LOOPBACK, help=f"address to listen on (default {LOOPBACK}: this machine only)")
    dash.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0 = any free)")
    dash.add_argument(
        "--scenarios",
        type=Path,
        metavar="DIR",
        help="folder of scenario files for the menu, lessons in its lessons/ subfolder (default: the scenarios/ shipped with cxsim)",
    )
    dash.add_argument(
        "--cull",
        default=CULL_TIMEOUT,
        metavar="DURATION",
        help=f"free a disconnected tab's session after this long (default {CULL_TIMEOUT}; Solara's own default is 24h)",
    )
    dash.set_defaults(func=cmd_dashboard)

    les = sub.add_parser("lessons", help="list the guided lessons (scenarios/lessons/) with what each one shows")
    les.add_argument("folder", nargs="?", type=Path, help="folder of lesson files (default: scenarios/lessons)")
    les.set_defaults(func=cmd_lessons)


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port from 0 to 65535, got {text!r}")
    return value


def _check_duration(text: str) -> None:
    """A duration Solara understands ('90s', '2m', '1h'), or a one-paragraph error."""
    import re

    if not re.fullmatch(r"\d+(\.\d+)?(s|m|h|d)?", str(text).strip()):
        raise ScenarioError(
            "command line",
            "--cull",
            f"{text!r} is not a duration",
            allowed="a number with s, m, h or d, e.g. 90s or 2m",
        )


def cmd_lessons(args: argparse.Namespace) -> int:
    """``cxsim lessons``: every lesson's title, file, question, change, watch and what the model shows."""
    from sim.dashboard.lessons import describe, lessons_dir, load_lessons

    folder = args.folder if args.folder is not None else lessons_dir()
    if not folder.is_dir():
        raise ScenarioError(str(folder), "", "folder not found", allowed="a folder of lesson .toml files")
    lessons = load_lessons(folder)
    if not lessons:
        raise ScenarioError(str(folder), "", "holds no lesson files", allowed="scenario files with a [lesson] table")
    print(f"{len(lessons)} lessons in {folder} - open one with: cxsim dashboard FILE (or pick it in the page)\n")
    print("\n\n".join(describe(path, scenario) for path, scenario in lessons))
    return 0


def server_command(host: str, port: int) -> list[str]:
    """The command that serves the page: Solara's server in production mode (no reloader, and no
    "first run" check that would load a page from solara.dev), no browser opened, no version check."""
    return [
        sys.executable,
        "-m",
        "solara",
        "run",
        "sim.dashboard.app",
        "--host",
        host,
        "--port",
        str(port),
        "--no-open",
        "--no-check-version",
        "--production",
    ]


def server_env(scenario: Path | None, scenarios: Path | None = None, cull: str = CULL_TIMEOUT) -> dict[str, str]:
    """Environment for the server: no telemetry, no badge over the charts, short culling of closed
    sessions, the folder of scenarios, the scenario to open first."""
    env = dict(os.environ)
    env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"
    env["SOLARA_CHECK_HOOKS"] = "off"
    env["SOLARA_THEME_SHOW_BANNER"] = "False"  # the "This website runs on Solara" badge covered chart labels
    env["SOLARA_THEME_TITLE"] = "cxsim dashboard"
    env["SOLARA_KERNEL_CULL_TIMEOUT"] = cull
    # Two glibc arenas instead of one per thread (play loops, websocket handlers): memory a closed
    # tab freed goes back to the system instead of staying scattered over many arenas.
    env.setdefault("MALLOC_ARENA_MAX", "2")
    for name, path in (("CXSIM_DASHBOARD_SCENARIO", scenario), ("CXSIM_SCENARIOS_DIR", scenarios)):
        if path is not None:
            env[name] = str(path.expanduser().resolve())
        else:
            env.pop(name, None)
    return env


def cmd_dashboard(args: argparse.Namespace) -> int:
    """``cxsim dashboard``: check the scenario and the offline assets, then become the Solara server."""
    scenario = Path(args.scenario) if args.scenario else None
    if scenario is not None:
        load_scenario(scenario)  # bad input stops here with the usual one-paragraph message
    scenarios = getattr(args, "scenarios", None)
    if scenarios is not None and not scenarios.is_dir():
        raise ScenarioError(str(scenarios), "", "folder not found", allowed="a folder of scenario .toml files")
    if scenarios is not None and not any(scenarios.glob("*.toml")):
        raise ScenarioError(str(scenarios), "", "holds no scenario files", allowed="a folder of scenario .toml files")
    cull = getattr(args, "cull", CULL_TIMEOUT)
    _check_duration(cull)
    if importlib.util.find_spec("solara") is None:
        print('error: the dashboard needs the dashboard extra: pip install -e ".[dashboard]"', file=sys.stderr)
        return 2
    from sim.dashboard import assets

    try:
        assets.ensure(verbose=True)
    except RuntimeError as exc:
        print(f"warning: {exc}; the page will try to load them from the internet", file=sys.stderr)
    where = f"http://{args.host}:{args.port}" if args.port else f"http://{args.host} (port chosen by the server)"
    if args.host not in (LOOPBACK, "localhost", "::1"):
        print(f"warning: listening on {args.host}: other machines on the network can open the page", file=sys.stderr)
    print(f"cxsim dashboard: serving on {where} - press Ctrl-C to stop", flush=True)
    command = server_command(args.host, args.port)
    os.execve(command[0], command, server_env(scenario, scenarios, cull))  # the server takes over this process
    return 0  # not reached
