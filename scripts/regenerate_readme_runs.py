"""Rewrite the README's single-run and demo blocks from the commands beside them.

    python scripts/regenerate_readme_runs.py

tests/test_docs.py checks both blocks against a fresh run (the demo block in the slow suite).
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from sim.cli.main import main as cxsim

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DEFAULT = ROOT / "scenarios" / "default.toml"


def output(*args: str) -> str:
    """What ``cxsim ARGS`` prints, with paths as a user in the repository types them."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert cxsim(list(args)) == 0
    return buffer.getvalue().replace(str(ROOT) + "/", "")


def replace_block(text: str, anchor: str, body: str) -> str:
    """Replace the body of the first fenced block after ``anchor``."""
    start = text.index("```\n", text.index(anchor)) + 4
    end = text.index("```", start)
    return text[:start] + body + text[end:]


def main() -> None:
    text = README.read_text(encoding="utf-8")
    single = output("run", str(DEFAULT))
    text = replace_block(text, "One run of the default placement", "$ cxsim run scenarios/default.toml\n" + single)
    demo = output(
        "run",
        str(DEFAULT),
        "--placement",
        "marketing,service,operations,ceo_overlay",
        "--replicates",
        "20",
        "--seed",
        "1",
    )
    text = replace_block(text, "--replicates 20 --seed 1`):", demo)
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
