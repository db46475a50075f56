"""The command line end to end, in a temporary folder."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from sim.cli.main import main
from sim.model.metrics import COLUMNS
from tests.conftest import ROOT

DEFAULT = str(ROOT / "scenarios" / "default.toml")


@pytest.fixture()
def tiny(tmp_path):
    path = tmp_path / "tiny.toml"
    path.write_text('[scenario]\nname = "Tiny"\n[simulation]\nweeks = 40\n[customers]\ncount = 400\n', encoding="utf-8")
    return str(path)


def test_run_prints_a_summary_and_writes_outputs(tiny, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["run", tiny, "--placement", "service", "--seed", "4", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "follow-through" in text and "NPS" in text and "service" in text
    with (out / "timeseries.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 41 and set(COLUMNS) <= set(rows[0])
    with (out / "initiatives.csv").open() as fh:
        header = next(csv.reader(fh))
    assert {"type", "owner", "week_proposed", "items_delegated", "items_done", "outcome"} <= set(header)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["placement"] == "service" and manifest["seed"] == 4
    assert len(manifest["scenario_sha256"]) == 64 and manifest["versions"]["mesa"].startswith("3.3")
    assert manifest["wall_seconds"] >= 0


def test_run_with_several_placements_prints_one_column_each(tiny, tmp_path, capsys):
    assert main(["run", tiny, "--placement", "main", "--out", str(tmp_path / "o")]) == 0
    header = capsys.readouterr().out.splitlines()[1]
    for name in ("marketing", "service", "operations", "ceo_overlay"):
        assert name in header
        assert (tmp_path / "o" / name / "timeseries.csv").exists()


def test_run_is_reproducible_from_the_command_line(tiny, tmp_path):
    for name in ("a", "b"):
        assert main(["run", tiny, "--seed", "9", "--out", str(tmp_path / name)]) == 0
    assert (tmp_path / "a" / "timeseries.csv").read_text() == (tmp_path / "b" / "timeseries.csv").read_text()


def test_validate_reports_ok_and_errors(tiny, tmp_path, capsys):
    assert main(["validate", tiny]) == 0
    assert "OK" in capsys.readouterr().out
    bad = tmp_path / "bad.toml"
    bad.write_text("[customers]\ncuont = 1\n")
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "customers.cuont" in err and "Did you mean 'count'" in err and "Traceback" not in err


def test_unknown_placement_exits_with_status_2(tiny, capsys):
    assert main(["run", tiny, "--placement", "sevrice"]) == 2
    assert "Did you mean 'service'" in capsys.readouterr().err


def test_placements_lists_all_presets_side_by_side(capsys):
    assert main(["placements"]) == 0
    out = capsys.readouterr().out
    for name in ("marketing", "service", "operations", "ceo_overlay", "cco_authority", "cco_advisory", "distributed"):
        assert name in out.splitlines()[0]
    assert "budget_share" in out and "leader_level" in out


def test_console_script_and_module_entry_points_work_without_traceback(tmp_path):
    bad = tmp_path / "missing.toml"
    for cmd in ([sys.executable, "-m", "sim", "validate", str(bad)],):
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        assert proc.returncode == 2
        assert "file not found" in proc.stderr and "Traceback" not in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "sim", "validate", DEFAULT], capture_output=True, text=True)
    assert proc.returncode == 0 and "OK" in proc.stdout


def test_replicates_show_mean_and_ci_and_write_one_folder_each(tiny, tmp_path, capsys):
    out = tmp_path / "reps"
    assert main(["run", tiny, "--placement", "marketing,service", "--replicates", "3", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "3 replicates" in text and "±" in text
    for name in ("marketing", "service"):
        assert sorted(p.name for p in (out / name).iterdir()) == ["replicate_000", "replicate_001", "replicate_002"]


def test_replicate_seeds_are_independent_and_stable():
    from sim.batch.seeds import replicate_seeds

    five = replicate_seeds(1, 5)
    assert len(set(five)) == 5
    assert replicate_seeds(1, 3) == five[:3]
    assert replicate_seeds(2, 3) != five[:3]


def test_out_pointing_at_a_file_is_refused(tiny, tmp_path, capsys):
    target = tmp_path / "a_file"
    target.write_text("keep me")
    assert main(["run", tiny, "--out", str(target)]) == 2
    assert "is a file" in capsys.readouterr().err and target.read_text() == "keep me"


def test_an_empty_placement_list_is_refused_and_repeats_are_dropped(tiny, capsys):
    assert main(["run", tiny, "--placement", " , ,"]) == 2
    capsys.readouterr()
    assert main(["run", tiny, "--placement", "service,service"]) == 0
    assert capsys.readouterr().out.splitlines()[1].split() == ["metric", "service"]


def test_weeks_beyond_the_allowed_horizon_exit_with_status_2(tiny, capsys):
    assert main(["run", tiny, "--weeks", "100000"]) == 2
    assert "simulation.weeks" in capsys.readouterr().err


def test_installed_console_script_runs(tiny):
    script = Path(sys.executable).with_name("cxsim")
    proc = subprocess.run([str(script), "validate", tiny], capture_output=True, text=True)
    assert proc.returncode == 0 and "OK" in proc.stdout


def test_initiatives_csv_is_reproducible_and_has_the_full_schema_even_when_empty(tiny, tmp_path):
    from sim.model.initiatives import INITIATIVE_COLUMNS

    for name in ("a", "b"):
        assert main(["run", tiny, "--seed", "9", "--out", str(tmp_path / name)]) == 0
    assert (tmp_path / "a" / "initiatives.csv").read_text() == (tmp_path / "b" / "initiatives.csv").read_text()
    assert main(["run", tiny, "--weeks", "1", "--out", str(tmp_path / "short")]) == 0
    header = (tmp_path / "short" / "initiatives.csv").read_text().splitlines()[0]
    assert header.split(",") == list(INITIATIVE_COLUMNS)
