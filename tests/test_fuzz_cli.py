"""The command line fed random scenarios and random arguments: it exits 0 or 2, never with a traceback.

Bounded and deterministic (a fixed number of examples, derandomised), and kept
fast: simulations are a few weeks of a few hundred customers, on one worker.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.cli.main import main

BASE = '[scenario]\nname = "Fuzz"\n[customers]\ncount = 300\n'

HOSTILE_VALUES = st.one_of(
    st.sampled_from(["1" + "0" * 400, "9" * 5000, "[" * 3000 + "]" * 3000]),  # the cases users met, drawn often
    st.integers(min_value=-(10**6), max_value=10**6).map(str),
    st.sampled_from(["1" + "0" * 400, "-" + "9" * 30, "nan", "inf", "-inf", "1e400", "0.0", "1.5", "-0.25"]),
    st.sampled_from(['"x"', '"marketing"', "true", "[]", "[1, 2]", "{}", "{ a = 1 }", "[[1]]" * 1, '""']),
    st.sampled_from(["[" * 200 + "]" * 200, "{ a = " * 100 + "1" + " }" * 100]),
)
KEYS = st.sampled_from(
    [
        ("organisation", "opex_per_week"),
        ("designs.marketing", "budget_share"),
        ("events", "bug_spikes_per_year"),
        ("simulation", "seed"),
        ("simulation", "placement"),
        ("simulation", "weeks"),
        ("follow_up", "discipline"),
        ("scenario", "nmae"),
        ("nonsense", "key"),
        ("placements.mine", "based_on"),
    ]
)


@st.composite
def scenario_text(draw) -> bytes:
    """The base scenario with random settings appended, sometimes with raw junk, a BOM or bad bytes."""
    lines = [BASE]
    for table, key in draw(st.lists(KEYS, max_size=4, unique=True)):
        lines.append(f"[{table}]\n{key} = {draw(HOSTILE_VALUES)}\n")
    text = "".join(lines).encode()
    extra = draw(st.sampled_from(["", "bom", "junk", "bytes"]))
    if extra == "bom":
        text = b"\xef\xbb\xbf" + text
    elif extra == "junk":
        text += draw(st.text(max_size=40)).encode("utf-8", "surrogatepass")
    elif extra == "bytes":
        text += draw(st.binary(max_size=20))
    return text


WORDS = st.sampled_from(
    ["marketing", "service", "main", "all", ",", "", " , ", "sevrice", "marketing,service", "x" * 200]
)
SMALL = st.sampled_from(["1", "2", "0", "-1", "x", "1e400", "100000"])
METRICS = st.sampled_from([",", "nps_final", "nps_fnal", "weeks_to_approval", "nps_final,retention_final", ""])
VARY = st.sampled_from(
    ["events.bug_spikes_per_year=0,2", "customers.count=5", "nope=1", "follow_up.discipline=1e400", "=", "a=b=c"]
)


@st.composite
def command(draw, scenario: str, out: str) -> list[str]:
    """A random command line over the scenario file and an output folder."""
    name = draw(st.sampled_from(["validate", "run", "run", "compare", "sweep", "report", "placements"]))
    if name == "validate":
        return ["validate", scenario]
    if name == "placements":
        return ["placements", scenario]
    if name == "report":
        return ["report", draw(st.sampled_from([out, scenario, str(Path(out) / "missing")]))]
    argv = [name, scenario, "--weeks", draw(st.sampled_from(["1", "2", "0", "x", "100000"]))]
    options = {
        "run": {
            "--placement": WORDS,
            "--seed": SMALL,
            "--replicates": st.sampled_from(["1", "2", "0"]),
            "--design": WORDS,
        },
        "compare": {"--placements": WORDS, "--metrics": METRICS, "--baseline": WORDS, "--seed": SMALL},
        "sweep": {"--vary": VARY, "--metrics": METRICS, "--placements": WORDS},
    }[name]
    for flag in draw(st.lists(st.sampled_from(sorted(options)), max_size=3, unique=True)):
        argv += [flag, draw(options[flag])]
    if name != "run":
        argv += ["--replicates", "1", "--workers", "1", "--no-progress"]
    if draw(st.booleans()):
        argv += ["--out", out]
    return argv


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_scenarios_and_arguments_exit_0_or_2_without_a_traceback(data):
    with tempfile.TemporaryDirectory() as tmp:
        scenario = Path(tmp) / "fuzz.toml"
        scenario.write_bytes(data.draw(scenario_text(), label="scenario"))
        argv = data.draw(command(str(scenario), str(Path(tmp) / "out")), label="argv")
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse's usage error
                code = exc.code
        assert code in (0, 2), (argv, err.getvalue())
        assert "Traceback" not in err.getvalue()
