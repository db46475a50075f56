"""Hostile use: inputs that must give one paragraph and exit 2, and batch folders that cannot be corrupted.

Each test is a case a user met (issue 13): it failed, with a traceback or a
damaged folder, before the fix.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.cli.main import main

TINY = '[scenario]\nname = "Tiny"\n[simulation]\nweeks = 8\n[customers]\ncount = 300\n'


@pytest.fixture()
def tiny(tmp_path) -> str:
    path = tmp_path / "tiny.toml"
    path.write_text(TINY, encoding="utf-8")
    return str(path)


def scenario_file(tmp_path: Path, text: str | bytes, name: str = "s.toml") -> str:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def refused(capsys, argv: list[str], *phrases: str) -> str:
    """Run the CLI, assert exit 2 with one paragraph (no traceback) holding every phrase; return it."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.startswith("error: "), err
    for phrase in phrases:
        assert phrase in err, err
    return err


# --- scenario files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        ("[organisation]\nopex_per_week = 1" + "0" * 400 + "\n", ("organisation.opex_per_week", "beyond the range")),
        ("[customers]\ncount = 1" + "0" * 400 + "\n", ("customers.count", "too large", "between 10 and")),
        ("[customers]\ncount = " + "9" * 5000 + "\n", ("integer literal too long",)),
        ("a = " + "[" * 5000 + "]" * 5000 + "\n", ("nested too deeply",)),
        ("a = " + "{b = " * 3000 + "1" + "}" * 3000 + "\n", ("nested too deeply",)),
    ],
    ids=["10**400-in-a-number-key", "10**400-in-an-integer-key", "5000-digit-literal", "deep-arrays", "deep-tables"],
)
def test_hostile_numbers_and_nesting_are_one_paragraph(tmp_path, capsys, text, phrases):
    refused(capsys, ["validate", scenario_file(tmp_path, text)], *phrases)


def test_a_huge_scenario_file_is_refused_before_parsing(tmp_path, capsys, monkeypatch):
    import tomllib

    path = scenario_file(tmp_path, "[unknown]\n" + "a = 1\n" * 300_000)  # 1.8 MB of one unknown table
    monkeypatch.setattr(tomllib, "loads", lambda *_: pytest.fail("a file over the limit was parsed"))
    refused(capsys, ["validate", path], "larger than 1 MB", "at most 1,000,000 bytes")


def test_a_utf8_byte_order_mark_is_accepted(tmp_path, capsys):
    path = scenario_file(tmp_path, b"\xef\xbb\xbf" + TINY.encode())
    assert main(["validate", path]) == 0
    assert "'Tiny'" in capsys.readouterr().out


def test_an_unreadable_scenario_file_is_one_paragraph(tmp_path, capsys, monkeypatch):
    path = Path(scenario_file(tmp_path, TINY))
    real_open = Path.open

    def no_permission(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", no_permission)
    refused(capsys, ["validate", str(path)], str(path), "cannot be read (Permission denied)")


# --- batch folders --------------------------------------------------------------------------------

COMPARE = ["--placements", "marketing,service", "--replicates", "3", "--workers", "1", "--no-progress"]
BATCH_FILES = ("results.csv", "timeseries.csv", "summary.csv", "comparison.csv")


@pytest.fixture()
def reference(tiny, tmp_path) -> Path:
    """An uninterrupted compare batch of six runs, to which repaired folders must be identical."""
    out = tmp_path / "reference"
    assert main(["compare", tiny, *COMPARE, "--out", str(out)]) == 0
    return out


def compare(tiny: str, out: Path, *extra: str) -> int:
    return main(["compare", tiny, *COMPARE, "--out", str(out), *extra])


def same_files(a: Path, b: Path) -> None:
    for name in BATCH_FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_a_second_process_on_the_same_folder_is_refused_naming_the_holder(tiny, tmp_path, capsys):
    import subprocess
    import sys

    from tests.conftest import ROOT

    out = tmp_path / "busy"
    out.mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom pathlib import Path\nfrom sim.batch.lock import folder_lock\n"
            "with folder_lock(Path(sys.argv[1])):\n    print('locked', flush=True)\n    time.sleep(60)\n",
            str(out),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        refused(
            capsys,
            ["compare", tiny, *COMPARE, "--out", str(out)],
            "in use by another cxsim process",
            f"PID {holder.pid}",
        )
        assert sorted(p.name for p in out.iterdir()) == [".cxsim.lock"]  # nothing written
    finally:
        holder.kill()
        holder.wait()
    assert compare(tiny, out) == 0  # the lock died with its holder


def test_the_report_is_refused_while_a_batch_holds_the_folder(reference, capsys):
    """A report read and rewrote a folder a running batch was appending to; it now needs the folder's lock."""
    import os

    from sim.batch.lock import folder_lock

    before = (reference / "summary.csv").read_bytes()
    with folder_lock(reference):  # flock: a second open file in this very process conflicts too
        refused(capsys, ["report", str(reference)], "in use by another cxsim process", f"PID {os.getpid()}")
    assert (reference / "summary.csv").read_bytes() == before
    assert main(["report", str(reference)]) == 0
    assert not (reference / ".cxsim.lock").exists()


def forbid_runs(monkeypatch) -> None:
    """Make any run fail the test: what the folder holds must be enough."""
    import sim.batch.runner

    monkeypatch.setattr(sim.batch.runner, "run_task", lambda *a: pytest.fail("a recorded run was run again"))


def rerun_only(monkeypatch, runs: set[int]) -> list[int]:
    """Let only ``runs`` be run (the list returned fills with the runs that were)."""
    import sim.batch.runner

    real, seen = sim.batch.runner.run_task, []

    def run_task(scenario, task, weeks):
        assert task.run in runs, f"run {task.run} was recorded whole but run again"
        seen.append(task.run)
        return real(scenario, task, weeks)

    monkeypatch.setattr(sim.batch.runner, "run_task", run_task)
    return seen


def test_resuming_a_complete_batch_reads_every_run_back_and_runs_none(tiny, reference, tmp_path, monkeypatch):
    before = {name: (reference / name).read_bytes() for name in BATCH_FILES}
    forbid_runs(monkeypatch)
    assert compare(tiny, reference, "--resume") == 0
    assert {name: (reference / name).read_bytes() for name in BATCH_FILES} == before


def damage_line(path: Path, line_no: int, damage) -> None:
    """Replace line ``line_no`` (0 = header) with ``damage(line)``, still ending in a newline."""
    lines = path.read_text().splitlines(keepends=True)
    lines[line_no] = damage(lines[line_no].rstrip("\n")) + "\n"
    path.write_text("".join(lines))


def value_cut(line: str) -> str:
    """The row with its first decimal value cut after the point (``0.4085`` -> ``0.``), every field kept."""
    fields = line.split(",")
    i = next(i for i, f in enumerate(fields) if "." in f and len(f.split(".")[1]) > 1)
    fields[i] = fields[i].split(".")[0] + "."
    return ",".join(fields)


@pytest.mark.parametrize(
    ("name", "damage"),
    [
        ("results.csv", value_cut),  # a value cut short, the field count intact (0.4085 -> 0.)
        ("results.csv", lambda line: line[: line.index(",", 30)]),  # the last row cut short: too few fields
        ("timeseries.csv", value_cut),
        ("timeseries.csv", lambda line: line[: len(line) // 2]),  # a weekly row cut short mid-file
    ],
    ids=["results-value-cut", "results-row-short", "series-value-cut", "series-row-short"],
)
def test_a_row_cut_short_is_discarded_and_its_run_rerun(tiny, reference, tmp_path, monkeypatch, name, damage):
    import shutil

    out = tmp_path / "damaged"
    shutil.copytree(reference, out)
    path = out / name
    lines = path.read_text().splitlines()
    line_no = len(lines) - 1 if name == "results.csv" else 20  # run 1's weekly rows start at line 10
    damaged = damage(lines[line_no])
    assert damaged != lines[line_no]
    if damage is value_cut:
        assert len(damaged.split(",")) == len(lines[line_no].split(","))
    damage_line(path, line_no, damage)
    run = int(lines[line_no].split(",")[0])
    seen = rerun_only(monkeypatch, {run})
    assert compare(tiny, out, "--resume") == 0
    assert seen == [run]
    same_files(out, reference)


def test_a_run_recorded_twice_is_read_once(tiny, reference, tmp_path, monkeypatch):
    """Two writers once recorded every run twice (n=24 for 12 replicates); a resume repairs such a folder."""
    import shutil

    out = tmp_path / "twice"
    shutil.copytree(reference, out)
    for name in ("results.csv", "timeseries.csv"):
        header, *rows = (out / name).read_text().splitlines(keepends=True)
        (out / name).write_text(header + "".join(rows) + "".join(rows))
    seen = rerun_only(monkeypatch, set(range(6)))
    assert compare(tiny, out, "--resume") == 0
    assert sorted(seen) == list(range(6))
    same_files(out, reference)


def test_a_torn_fragment_at_the_end_is_cut_before_the_next_append(tiny, reference, tmp_path, monkeypatch):
    """A disk that filled inside a run's first weekly row left a fragment the next row was appended to."""
    import shutil

    out = tmp_path / "fragment"
    shutil.copytree(reference, out)
    for name, tail in (("results.csv", ""), ("timeseries.csv", "5,service,0,2,0,0.1")):
        lines = (out / name).read_text().splitlines(keepends=True)
        (out / name).write_text("".join(line for line in lines if not line.startswith("5,")) + tail)
    seen = rerun_only(monkeypatch, {5})
    assert compare(tiny, out, "--resume") == 0
    assert seen == [5]
    same_files(out, reference)


def full_disk_after(monkeypatch, appends: int, torn: bool = False) -> None:
    """Let ``appends`` writes through, then fail every one with ENOSPC (``torn``: after writing half of it)."""
    import errno

    import sim.batch.store

    real, calls = sim.batch.store.append_bytes, []

    def append_bytes(path, data):
        calls.append(path)
        if len(calls) > appends:
            if torn:
                real(path, data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, data)

    monkeypatch.setattr(sim.batch.store, "append_bytes", append_bytes)


@pytest.mark.parametrize(
    ("appends", "torn", "kept"),
    [(0, False, 0), (0, True, 0), (5, False, 2), (7, True, 3)],
    ids=["before-the-first-write", "first-write-torn", "mid-batch", "mid-batch-torn"],
)
def test_a_full_disk_stops_with_what_was_kept_and_resume_finishes(
    tiny, reference, tmp_path, capsys, monkeypatch, appends, torn, kept
):
    out = tmp_path / "full"
    with monkeypatch.context() as patch:
        full_disk_after(patch, appends, torn)
        err = refused(
            capsys,
            ["compare", tiny, *COMPARE, "--out", str(out)],
            "No space left on device",
            f"{kept} of 6 runs are recorded in {out} and kept",
            "--resume",
        )
    assert len(err.strip().splitlines()) == 1
    assert compare(tiny, out, "--resume") == 0
    same_files(out, reference)


def test_a_read_only_or_impossible_out_folder_is_one_paragraph(tiny, tmp_path, capsys, monkeypatch):
    import errno

    import sim.batch.store

    a_file = tmp_path / "a_file"
    a_file.write_text("keep me")
    refused(capsys, ["compare", tiny, *COMPARE, "--out", str(a_file / "sub")], "cannot write to", "nothing was run")
    assert a_file.read_text() == "keep me"

    def read_only(path):
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    monkeypatch.setattr(sim.batch.store, "make_folder", read_only)
    refused(
        capsys, ["compare", tiny, *COMPARE, "--out", str(tmp_path / "ro")], "Read-only file system", "nothing was run"
    )


# --- executors ------------------------------------------------------------------------------------


class FlakyCluster:
    """A stand-in for a Dask client and its executor: the first ``good`` runs finish, then the cluster goes.

    ``then="cancel"``: later futures are cancelled (a killed scheduler); ``then="hang"``: they never finish
    and the scheduler reports no workers.
    """

    def __init__(self, good: int, then: str) -> None:
        import concurrent.futures as cf

        self.good, self.then, self.cf = good, then, cf
        self.submitted = 0

    def submit(self, fn, *args):
        future = self.cf.Future()
        self.submitted += 1
        if self.submitted <= self.good:
            future.set_result(fn(*args))
        elif self.then == "cancel":
            future.cancel()
            future.set_running_or_notify_cancel()
        return future

    def scheduler_info(self):
        return {"workers": {}}

    def close(self, timeout=None):
        pass


def test_a_scheduler_killed_mid_batch_stops_with_what_was_kept(tiny, reference, tmp_path, capsys, monkeypatch):
    import sim.cli.batch

    cluster = FlakyCluster(good=2, then="cancel")
    monkeypatch.setattr(sim.cli.batch, "dask_executor", lambda address, timeout: (cluster, cluster))
    out = tmp_path / "dask"
    refused(
        capsys,
        ["compare", tiny, *COMPARE, "--out", str(out), "--scheduler", "tcp://127.0.0.1:8786"],
        "went away (CancelledError)",
        f"2 of 6 runs are recorded in {out}",
        "--resume",
    )
    monkeypatch.undo()
    assert compare(tiny, out, "--resume") == 0
    same_files(out, reference)


def test_a_scheduler_without_workers_ends_the_batch_after_the_timeout(tiny, reference, tmp_path, capsys, monkeypatch):
    import time

    import sim.cli.batch

    cluster = FlakyCluster(good=3, then="hang")
    monkeypatch.setattr(sim.cli.batch, "dask_executor", lambda address, timeout: (cluster, cluster))
    out = tmp_path / "idle"
    start = time.monotonic()
    refused(
        capsys,
        [
            "compare",
            tiny,
            *COMPARE,
            "--out",
            str(out),
            "--scheduler",
            "tcp://127.0.0.1:8786",
            "--scheduler-timeout",
            "1",
        ],
        "has had no workers for 1 s (--scheduler-timeout)",
        f"3 of 6 runs are recorded in {out}",
    )
    assert time.monotonic() - start < 30
    monkeypatch.undo()
    assert compare(tiny, out, "--resume") == 0
    same_files(out, reference)


def test_workers_beyond_the_cores_are_capped_with_a_note(tiny, tmp_path, capsys, monkeypatch):
    import sim.batch.runner
    import sim.cli.batch
    from sim.batch import InlineExecutor

    asked = []
    monkeypatch.setattr(sim.cli.batch, "usable_cores", lambda: 2)
    monkeypatch.setattr(sim.batch.runner, "local_executor", lambda n: asked.append(n) or InlineExecutor())
    argv = ["compare", tiny, "--placements", "marketing,service", "--replicates", "3", "--no-progress"]
    assert main([*argv, "--workers", "1000", "--out", str(tmp_path / "o")]) == 0
    assert "--workers 1000 capped at 2" in capsys.readouterr().err
    assert asked == [2]


def test_the_default_workers_are_the_usable_cores_and_no_note_is_given(tiny, tmp_path, capsys, monkeypatch):
    """On a machine whose process may use fewer cores than it has, the default is not 'capped' with a note."""
    import os

    import sim.cli.batch

    monkeypatch.setattr(sim.cli.batch, "usable_cores", lambda: 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    argv = ["compare", tiny, "--placements", "marketing,service", "--replicates", "1", "--no-progress"]
    assert main([*argv, "--out", str(tmp_path / "o")]) == 0
    assert "capped" not in capsys.readouterr().err


def test_workers_die_with_a_killed_parent(tiny, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import ROOT

    out = tmp_path / "killed"
    argv = ["compare", tiny, "--placements", "marketing,service", "--replicates", "200", "--workers", "2"]
    parent = subprocess.Popen(
        [sys.executable, "-m", "sim", *argv, "--no-progress", "--out", str(out)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    results = out / "results.csv"
    deadline = time.time() + 90
    while time.time() < deadline and (not results.exists() or results.read_text().count("\n") < 3):
        time.sleep(0.05)
    children = _children(parent.pid)
    assert len(children) >= 2, "the pool should be running"
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.time() + 15
    while time.time() < deadline and any(_alive(pid) for pid in children):
        time.sleep(0.1)
    assert not [pid for pid in children if _alive(pid)], "workers outlived their parent"


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# --- analysis inputs ------------------------------------------------------------------------------


def test_an_empty_metric_list_is_refused_before_anything_runs(tiny, tmp_path, capsys):
    out = tmp_path / "none"
    refused(capsys, ["compare", tiny, *COMPARE, "--metrics", ",", "--out", str(out)], "--metrics", "no metric named")
    assert not out.exists()


ROBUST = ["--lhs", "3", "--range", "events.bug_spikes_per_year=0:4", "--placements", "marketing,service"]


def test_robust_with_a_metric_undefined_for_an_arm_everywhere_is_one_paragraph(tiny, tmp_path, capsys):
    out = tmp_path / "robust"
    argv = ["robust", tiny, *ROBUST, "--replicates", "1", "--workers", "1", "--no-progress", "--out", str(out)]
    argv += ["--weeks", "1"]
    refused(capsys, [*argv, "--metrics", "weeks_to_approval"], "'weeks_to_approval' is undefined", "runs are kept")
    assert main([*argv, "--metrics", "nps_final", "--resume"]) == 0  # other metrics reuse the folder's runs
    capsys.readouterr()
    results = (out / "results.csv").read_text().splitlines()
    column = results[0].split(",").index("nps_final")
    blanked = [results[0]]
    for line in results[1:]:
        cells = line.split(",")
        if cells[1] == "service":
            cells[column] = ""
        blanked.append(",".join(cells))
    (out / "results.csv").write_text("\n".join(blanked) + "\n")
    refused(capsys, ["report", str(out)], "'nps_final' is undefined for 'service' at every sampled condition")


@pytest.mark.parametrize(
    "manifest",
    ["{", "[]", '{"kind": "compare"}', '{"kind": "nonsense", "placements": ["a"]}', "\x00\x01"],
    ids=["torn-json", "a-list", "missing-keys", "unknown-kind", "binary"],
)
def test_report_on_a_malformed_manifest_is_one_paragraph(tiny, reference, capsys, manifest):
    (reference / "manifest.json").write_text(manifest)
    refused(capsys, ["report", str(reference)], "manifest.json")


def test_the_report_never_writes_through_a_symlink(tiny, reference, tmp_path, capsys):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (reference / "summary.csv").unlink()
    (reference / "summary.csv").symlink_to(victim)
    refused(capsys, ["report", str(reference)], "summary.csv is a symbolic link", "no report was built")
    refused(capsys, ["compare", tiny, *COMPARE, "--out", str(reference), "--resume"], "symbolic link")
    assert victim.read_text() == "keep me"


# --- cxsim run --out ------------------------------------------------------------------------------


def test_run_refuses_a_folder_it_did_not_create_unless_forced(tiny, reference, tmp_path, capsys):
    before = {p.name: p.read_bytes() for p in reference.iterdir() if p.is_file()}
    refused(capsys, ["run", tiny, "--out", str(reference)], "not empty and was not written by cxsim run", "--force")
    assert {p.name: p.read_bytes() for p in reference.iterdir() if p.is_file()} == before  # the batch is intact
    mine = tmp_path / "mine"
    assert main(["run", tiny, "--out", str(mine)]) == 0
    assert main(["run", tiny, "--seed", "5", "--out", str(mine)]) == 0  # its own folder: written again
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    assert main(["run", tiny, "--out", str(other), "--force"]) == 0
    assert (other / "notes.txt").read_text() == "mine" and (other / "timeseries.csv").exists()


def test_run_never_writes_through_a_symlink(tiny, tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["run", tiny, "--out", str(out)]) == 0
    capsys.readouterr()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (out / "timeseries.csv").unlink()
    (out / "timeseries.csv").symlink_to(victim)
    refused(capsys, ["run", tiny, "--out", str(out)], "symbolic link")
    assert victim.read_text() == "keep me"
    (out / "timeseries.csv").unlink()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / "marketing").symlink_to(elsewhere, target_is_directory=True)
    refused(capsys, ["run", tiny, "--placement", "marketing,service", "--out", str(out)], "symbolic link")
    assert not any(elsewhere.iterdir())


def test_run_checks_the_folder_is_writable_before_simulating(tiny, tmp_path, capsys, monkeypatch):
    import errno

    import sim.batch.output
    import sim.cli.run

    monkeypatch.setattr(sim.cli.run.CXModel, "run", lambda self: pytest.fail("simulated before checking --out"))
    a_file = tmp_path / "a_file"
    a_file.write_text("keep me")
    refused(capsys, ["run", tiny, "--out", str(a_file / "sub")], "cannot write to", "nothing was run")

    def read_only(path, text):
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    monkeypatch.setattr(sim.batch.output, "write_text", read_only)
    refused(capsys, ["run", tiny, "--out", str(tmp_path / "ro")], "Read-only file system", "nothing was run")
