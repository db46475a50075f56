"""Solara's front-end files, kept on this machine so the dashboard works with no internet.

Solara's page loads its JavaScript and CSS (the Vuetify app, requirejs,
font-awesome, the draggable grid Mesa's SolaraViz uses) from a public CDN,
looking first in a local proxy cache (``<venv>/share/solara/cdn/<package>@<version>/``).
The ``dashboard`` extra installs ``solara-assets``, which fills that cache. This
module lists the exact package versions the installed Solara asks for, checks
that each is in the cache and, for any that is not (a newer Solara than
``solara-assets`` covers), fetches it from the npm registry with ``npm pack``.

Run ``python -m sim.dashboard.assets`` (the Makefile does, after installing);
it is idempotent and prints what it found or fetched. ``--check`` only reports
and exits with status 1 when something is missing.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from importlib import metadata
from pathlib import Path

# Exact-version package URLs in Solara's sources: "@scope/name@1.2.3/" or "name@1.2.3-alpha.2/".
_SPEC = re.compile(r"/((?:@[\w.-]+/)?[\w.-]+)@(\d+\.\d+\.\d+(?:-[\w.]+)?)/")
_SOURCES = (
    "server/templates/solara.html.j2",  # the page itself
    "widgets/vue/gridlayout.vue",  # SolaraViz's draggable grid
    "components/markdown.py",  # solara.Markdown: katex for maths, mermaid for diagrams
)


def cache_dir() -> Path:
    """Solara's asset proxy cache."""
    from solara.server import settings

    return Path(settings.assets.proxy_cache_dir)


def required() -> list[str]:
    """``package@version`` of every front-end package the installed Solara loads for this page."""
    import solara
    from solara.server import settings

    root = Path(solara.__file__).parent
    vuetify3 = int(metadata.version("ipyvuetify").split(".")[0]) >= 3
    text = "\n".join((root / rel).read_text(encoding="utf-8") for rel in _SOURCES if (root / rel).is_file())
    text += "\n" + settings.assets.fontawesome_path
    specs = []
    for name, version in _SPEC.findall(text):
        if name.endswith("solara-vuetify3-app") and not vuetify3:
            continue  # only used with ipyvuetify 3, which Mesa 3.3's SolaraViz cannot use
        spec = f"{name}@{version}"
        if spec not in specs:
            specs.append(spec)
    return specs


def missing(cache: Path | None = None) -> list[str]:
    """Required packages not in the cache."""
    cache = cache_dir() if cache is None else cache
    return [spec for spec in required() if not (cache / spec / "package.json").is_file()]


def fetch(spec: str, cache: Path) -> None:
    """Put npm package ``spec`` into ``cache/spec`` with ``npm pack`` (registry access needed once).

    Raises:
        RuntimeError: npm is missing or the package cannot be fetched.
    """
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError(f"{spec} is not in {cache} and npm is not installed to fetch it")
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            [npm, "pack", spec, "--silent", "--pack-destination", tmp],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        tarballs = list(Path(tmp).glob("*.tgz"))
        if done.returncode != 0 or not tarballs:
            raise RuntimeError(f"npm pack {spec} failed: {done.stderr.strip()[-500:]}")
        target = cache / spec
        partial = target.with_name(target.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        with tarfile.open(tarballs[0]) as tar:
            for member in tar.getmembers():
                parts = Path(member.name).parts[1:]  # strip the leading "package/" folder
                if not parts or member.issym() or member.islnk() or ".." in parts:
                    continue
                member.name = str(Path(*parts))
                tar.extract(member, partial, filter="data")
        shutil.rmtree(target, ignore_errors=True)
        partial.rename(target)  # only a complete copy ever carries the final name


def ensure(verbose: bool = True) -> list[str]:
    """Fetch whatever is missing; return the packages fetched."""
    cache = cache_dir()
    todo = missing(cache)
    for spec in todo:
        if verbose:
            print(f"fetching {spec} into {cache}")
        fetch(spec, cache)
    return todo


def main(argv: list[str] | None = None) -> int:
    """Command line: fill (default) or ``--check`` the offline asset cache."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report; exit 1 if anything is missing")
    args = parser.parse_args(argv)
    try:
        absent = missing() if args.check else (ensure() and missing())
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if absent:
        print(f"missing from {cache_dir()}: {', '.join(absent)}", file=sys.stderr)
        return 1
    print(f"dashboard assets: all {len(required())} front-end packages are in {cache_dir()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
