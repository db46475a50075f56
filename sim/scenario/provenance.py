"""Where every default comes from: the source notes of ``scenarios/default.toml``, as a table.

The default scenario file annotates each key with where its value comes from
("seed NNN: ...", "published: ...", "assumption: ...", "calibrated: ...") -
either an inline comment or the comment block just above the key. This module
reads those notes back and renders them as the ODD's appendix, so the document
states the source or reasoning of every default and stays current (a test
compares the appendix with :func:`appendix`).

    python -m sim.scenario.provenance            # print the appendix
    python -m sim.scenario.provenance --write    # rewrite it inside docs/ODD.md
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / "scenarios" / "default.toml"
ODD = ROOT / "docs" / "ODD.md"
START, END = "<!-- provenance:start -->", "<!-- provenance:end -->"

_TABLE = re.compile(r"^\[\[?([\w.]+)\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^(\w+)\s*=\s*(.*)$")


@dataclass(frozen=True)
class Note:
    """One key of the default scenario, its value as written, and the note on its source."""

    key: str
    value: str
    source: str


def _split_inline(rest: str) -> tuple[str, str]:
    """Value text and inline comment of a ``key = value  # comment`` line (``#`` inside strings kept)."""
    in_string = False
    for i, ch in enumerate(rest):
        if ch == '"':
            in_string = not in_string
        elif ch == "#" and not in_string:
            return rest[:i].strip(), rest[i + 1 :].strip()
    return rest.strip(), ""


def notes(path: Path = DEFAULT) -> list[Note]:
    """Every key of ``path`` with the comment that explains its value, in file order."""
    tomllib.loads(path.read_text(encoding="utf-8"))  # refuse a malformed file before reading comments
    table, block, out = "", [], []
    segment_names: dict[str, int] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            block = []
            continue
        if line.startswith("#"):
            block.append(line.lstrip("#").strip())
            continue
        header = _TABLE.match(line)
        if header:
            table, block = header.group(1), []
            if line.startswith("[["):
                segment_names[table] = segment_names.get(table, 0) + 1
                table = f"{table}[{segment_names[table]}]"
            continue
        match = _KEY.match(line)
        if not match:
            continue
        value, inline = _split_inline(match.group(2))
        source = inline or " ".join(block)
        out.append(Note(f"{table}.{match.group(1)}" if table else match.group(1), value, source))
        block = []
    return _name_segments(out)


def _name_segments(rows: list[Note]) -> list[Note]:
    """Replace ``customers.segments[2]`` by the segment's own name (its ``name`` key)."""
    names = {r.key.rsplit(".", 1)[0]: r.value.strip('"') for r in rows if r.key.endswith("].name")}
    renamed = []
    for r in rows:
        table = r.key.rsplit(".", 1)[0]
        if table in names:
            base = table[: table.index("[")]
            r = Note(f"{base}[{names[table]}].{r.key.rsplit('.', 1)[1]}", r.value, r.source)
        renamed.append(r)
    return renamed


def appendix(path: Path = DEFAULT) -> str:
    """The ODD appendix: one row per default with its source note."""
    rows = [
        "| key | default | source or reasoning (from `scenarios/default.toml`) |",
        "|---|---|---|",
    ]
    for n in notes(path):
        value = n.value.replace("|", "\\|")
        rows.append(f"| `{n.key}` | `{value}` | {n.source.replace('|', '/')} |")
    return "\n".join([START, "", *rows, "", END])


def write_odd(odd: Path = ODD) -> None:
    """Replace the appendix between the markers in ``odd``."""
    text = odd.read_text(encoding="utf-8")
    start, end = text.index(START), text.index(END) + len(END)
    odd.write_text(text[:start] + appendix() + text[end:], encoding="utf-8")


if __name__ == "__main__":
    if "--write" in sys.argv[1:]:
        write_odd()
    else:
        print(appendix())
