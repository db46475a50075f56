"""The batch engine: seeds, executors, streaming, resume, and the batch commands end to end."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import mesa
import numpy as np
import pandas as pd
import pytest

from sim import Scenario, apply_overrides
from sim.batch import BatchError, make_plan, run_plan
from sim.cli.main import main
from tests.conftest import ROOT

TINY = {"customers.count": 300, "simulation.weeks": 26}


def tiny_scenario() -> Scenario:
    return apply_overrides(Scenario(), TINY)


@pytest.fixture()
def tiny_file(tmp_path) -> str:
    path = tmp_path / "tiny.toml"
    path.write_text('[scenario]\nname = "Tiny"\n[simulation]\nweeks = 26\n[customers]\ncount = 300\n', encoding="utf-8")
    return str(path)


def rows(path: Path) -> list[dict]:
    with path.open(newline="") as fh:
        return list(csv.DictReader(fh))


def batch(out: Path, replicates: int = 3, workers: int = 1, executor=None, placements=("marketing", "service")):
    plan = make_plan(tiny_scenario(), list(placements), replicates, master_seed=11)
    run_plan(plan, out, executor=executor, workers=workers, progress=False, scenario_sha="x")
    return plan


def test_replicates_get_different_seeds_and_reruns_are_identical(tmp_path):
    plan = batch(tmp_path / "a")
    batch(tmp_path / "b")
    results = rows(tmp_path / "a" / "results.csv")
    assert len(results) == len(plan.tasks) == 6
    seeds = {r["seed"] for r in results}
    assert len(seeds) == 3  # one per replicate, shared by both placements (common random numbers)
    same_arm = [r["nps_final"] for r in results if r["placement"] == "marketing"]
    assert len(set(same_arm)) > 1
    for name in ("results.csv", "timeseries.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_a_replicate_can_be_rerun_on_its_own(tmp_path):
    from sim import CXModel

    batch(tmp_path / "a")
    first = rows(tmp_path / "a" / "results.csv")[0]
    model = CXModel(tiny_scenario(), placement=first["placement"], seed=int(first["seed"]))
    model.run()
    assert float(first["nps_final"]) == pytest.approx(model.summary()["nps_final"], abs=1e-9)


def test_serial_and_process_pool_give_identical_files(tmp_path):
    batch(tmp_path / "serial", replicates=4)
    batch(tmp_path / "pool", replicates=4, workers=2)
    for name in ("results.csv", "timeseries.csv"):
        assert (tmp_path / "serial" / name).read_bytes() == (tmp_path / "pool" / name).read_bytes()


@pytest.mark.slow
def test_dask_cluster_gives_the_same_files_as_a_serial_run(tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    batch(tmp_path / "serial", replicates=3)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
        ) as cluster,
        distributed.Client(cluster, timeout=30) as client,
    ):
        client.wait_for_workers(2, timeout=60)
        batch(tmp_path / "dask", replicates=3, executor=client.get_executor(pure=False))
    for name in ("results.csv", "timeseries.csv"):
        assert (tmp_path / "serial" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes()


def test_models_are_released_so_memory_does_not_grow_with_runs(tmp_path):
    before = len(mesa.Agent._ids)
    batch(tmp_path / "a", replicates=5)
    assert len(mesa.Agent._ids) == before


def test_a_batch_killed_mid_way_resumes_to_the_same_files(tiny_file, tmp_path):
    args = [
        "compare",
        tiny_file,
        "--placements",
        "marketing,service",
        "--replicates",
        "40",
        "--workers",
        "1",
        "--no-progress",
    ]
    full = tmp_path / "full"
    assert main([*args, "--out", str(full)]) == 0
    killed = tmp_path / "killed"
    proc = subprocess.Popen(
        [sys.executable, "-m", "sim", *args, "--out", str(killed)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    results = killed / "results.csv"
    deadline = time.time() + 60
    while time.time() < deadline and (not results.exists() or results.read_text().count("\n") < 6):
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    recorded = results.read_text().count("\n") - 1
    assert 5 <= recorded < 80, "the kill should land mid-way"
    assert main([*args, "--out", str(killed)]) == 2  # no silent overwrite without --resume
    assert main([*args, "--out", str(killed), "--resume"]) == 0
    for name in ("results.csv", "timeseries.csv", "summary.csv", "comparison.csv"):
        assert (killed / name).read_bytes() == (full / name).read_bytes(), name
    assert json.loads((killed / "manifest.json").read_text())["status"] == "complete"


def test_ci_width_shrinks_as_replicates_grow(tmp_path):
    from sim.analysis import comparison

    widths = []
    for n in (4, 24):
        out = tmp_path / f"r{n}"
        plan = make_plan(tiny_scenario(), ["marketing"], n, master_seed=3)
        run_plan(plan, out, progress=False, scenario_sha="x")
        _, results = comparison.load(out)
        row = comparison.summary_table(results, ["nps_final"]).iloc[0]
        widths.append(row["ci_high"] - row["ci_low"])
    assert widths[1] < widths[0] / 1.8  # about sqrt(6) narrower in expectation


# --- commands end to end ------------------------------------------------------------------------


def test_compare_end_to_end(tiny_file, tmp_path, capsys):
    out = tmp_path / "cmp"
    assert (
        main(
            [
                "compare",
                tiny_file,
                "--replicates",
                "4",
                "--placements",
                "marketing,service,ceo_overlay",
                "--workers",
                "2",
                "--out",
                str(out),
                "--no-progress",
            ]
        )
        == 0
    )
    text = capsys.readouterr().out
    assert "P(best)" in text and "vs marketing" in text and "Cohen's d" in text
    for name in ("results.csv", "timeseries.csv", "summary.csv", "comparison.csv", "manifest.json", "report.html"):
        assert (out / name).exists(), name
    for fig in ("timeseries", "distributions", "funnel"):
        assert (out / "figures" / f"{fig}.png").exists() and (out / "figures" / f"{fig}.svg").exists()
    page = (out / "report.html").read_text()
    assert "data:image/png;base64," in page and "master seed" in page
    assert 'src="http' not in page and 'href="http' not in page and "<script" not in page  # opens offline
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["tasks"] == 12 and manifest["replicates"] == 4 and len(manifest["seeds"]) == 4
    assert manifest["versions"]["mesa"].startswith("3.3") and manifest["git_commit"]


def test_report_rebuilds_the_same_files(tiny_file, tmp_path):
    out = tmp_path / "cmp"
    assert main(["compare", tiny_file, "--replicates", "3", "--out", str(out), "--no-progress", "--workers", "1"]) == 0
    before = (out / "comparison.csv").read_bytes(), (out / "figures" / "funnel.svg").read_bytes()
    (out / "report.html").unlink()
    assert main(["report", str(out)]) == 0
    assert (out / "report.html").exists()
    assert ((out / "comparison.csv").read_bytes(), (out / "figures" / "funnel.svg").read_bytes()) == before


def test_sweep_grid_and_latin_hypercube(tiny_file, tmp_path, capsys):
    grid = tmp_path / "grid"
    assert (
        main(
            [
                "sweep",
                tiny_file,
                "--vary",
                "reorganisation.per_year=0,2",
                "--vary",
                "designs.marketing.budget_share=0,0.1",
                "--replicates",
                "2",
                "--out",
                str(grid),
                "--no-progress",
                "--workers",
                "2",
            ]
        )
        == 0
    )
    results = rows(grid / "results.csv")
    assert len(results) == 4 * 2
    assert {(r["reorganisation.per_year"], r["designs.marketing.budget_share"]) for r in results} == {
        ("0", "0"),
        ("0", "0.1"),
        ("2", "0"),
        ("2", "0.1"),
    }
    assert (grid / "figures" / "sweep_nps_final.png").exists()
    lhs = tmp_path / "lhs"
    assert (
        main(
            [
                "sweep",
                tiny_file,
                "--lhs",
                "5",
                "--range",
                "events.bug_spikes_per_year=0:4",
                "--range",
                "follow_up.discipline=0.2:1",
                "--replicates",
                "1",
                "--out",
                str(lhs),
                "--no-progress",
            ]
        )
        == 0
    )
    values = sorted(float(r["events.bug_spikes_per_year"]) for r in rows(lhs / "results.csv"))
    strata = np.floor(np.array(values) / (4 / 5))
    assert sorted(strata) == [0, 1, 2, 3, 4]  # one point per stratum: a Latin hypercube


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sweep", "{s}", "--vary", "customers.cuont=1,2"], "Did you mean 'customers.count'"),
        (["sweep", "{s}", "--lhs", "3", "--range", "designs.marketing.budget_share=0:0.5"], "between 0 and 0.25"),
        (["sweep", "{s}", "--vary", "customers.count=5"], "out of range"),
        (["compare", "{s}", "--placements", "marketing,servce"], "Did you mean 'service'"),
        (["compare", "{s}", "--metrics", "nps_fnal"], "Did you mean 'nps_final'"),
        (
            ["compare", "{s}", "--scheduler", "tcp://127.0.0.1:9", "--scheduler-timeout", "2"],
            "cannot reach a Dask scheduler",
        ),
    ],
)
def test_bad_batch_input_is_a_clear_error(tiny_file, tmp_path, capsys, args, message):
    argv = [a.format(s=tiny_file) for a in args] + ["--out", str(tmp_path / "o"), "--no-progress", "--replicates", "2"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_a_folder_holding_another_scenario_is_not_overwritten(tiny_file, tmp_path, capsys):
    out = tmp_path / "cmp"
    assert main(["compare", tiny_file, "--replicates", "2", "--out", str(out), "--no-progress", "--workers", "1"]) == 0
    snapshot = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    other = tmp_path / "other.toml"
    other.write_text('[scenario]\nname = "Other"\n[simulation]\nweeks = 20\n[customers]\ncount = 300\n')
    assert main(["compare", str(other), "--replicates", "2", "--out", str(out), "--no-progress", "--resume"]) == 2
    assert "different scenario" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == snapshot


def test_a_non_empty_foreign_folder_is_refused(tmp_path):
    (tmp_path / "keep.txt").write_text("mine")
    plan = make_plan(tiny_scenario(), ["marketing"], 1, master_seed=1)
    with pytest.raises(BatchError, match="not empty"):
        run_plan(plan, tmp_path, progress=False)


def test_sensitivity_morris_and_sobol_end_to_end(tiny_file, tmp_path, capsys):
    pytest.importorskip("SALib")
    out = tmp_path / "morris"
    assert (
        main(
            [
                "sensitivity",
                tiny_file,
                "--method",
                "morris",
                "--range",
                "events.bug_spikes_per_year=0:4",
                "--range",
                "follow_up.discipline=0.2:1",
                "--samples",
                "3",
                "--replicates",
                "1",
                "--metrics",
                "nps_final",
                "--out",
                str(out),
                "--no-progress",
            ]
        )
        == 0
    )
    assert "mu_star" in capsys.readouterr().out
    table = pd.read_csv(out / "sensitivity.csv")
    bugs = table.set_index("key").loc["events.bug_spikes_per_year", "mu_star"]
    assert (
        bugs > table.set_index("key").loc["follow_up.discipline", "mu_star"]
    )  # bug spikes move NPS; discipline barely in 26 weeks
    assert (out / "figures" / "sensitivity_nps_final.png").exists() and (out / "report.html").exists()
    sobol = tmp_path / "sobol"
    assert (
        main(
            [
                "sensitivity",
                tiny_file,
                "--method",
                "sobol",
                "--range",
                "events.bug_spikes_per_year=0:4",
                "--range",
                "customers.loyalty_noise=0:0.3",
                "--samples",
                "8",
                "--replicates",
                "1",
                "--metrics",
                "nps_final",
                "--out",
                str(sobol),
                "--no-progress",
                "--workers",
                "2",
            ]
        )
        == 0
    )
    assert {"S1", "S1_conf", "ST", "ST_conf"} <= set(pd.read_csv(sobol / "sensitivity.csv").columns)


def test_robust_end_to_end(tiny_file, tmp_path, capsys):
    out = tmp_path / "robust"
    assert (
        main(
            [
                "robust",
                tiny_file,
                "--lhs",
                "6",
                "--range",
                "events.bug_spikes_per_year=0:6",
                "--range",
                "reorganisation.per_year=0:3",
                "--placements",
                "marketing,service",
                "--replicates",
                "1",
                "--metrics",
                "nps_final",
                "--out",
                str(out),
                "--no-progress",
                "--workers",
                "2",
            ]
        )
        == 0
    )
    text = capsys.readouterr().out
    assert "share best" in text and "regret" in text
    table = pd.read_csv(out / "robust_nps_final.csv")
    assert table["share_best"].sum() == pytest.approx(1.0) and (table["mean_regret"] >= 0).all()
    assert (out / "figures" / "regret_nps_final.png").exists() and "best most often" in (
        out / "report.html"
    ).read_text()


def test_compare_at_one_design_and_designs_at_one_placement(tiny_file, tmp_path, capsys):
    at_design = tmp_path / "at_design"
    args = ["--replicates", "2", "--workers", "1", "--no-progress"]
    assert (
        main(
            [
                "compare",
                tiny_file,
                "--placements",
                "marketing,service",
                "--design",
                "standard",
                "--out",
                str(at_design),
                *args,
            ]
        )
        == 0
    )
    results = rows(at_design / "results.csv")
    assert {(r["placement"], r["position"], r["design"]) for r in results} == {
        ("marketing", "marketing", "standard"),
        ("service", "service", "standard"),
    }
    designs = tmp_path / "designs"
    assert (
        main(
            [
                "compare",
                tiny_file,
                "--placements",
                "service",
                "--designs",
                "marketing,cco_authority",
                "--out",
                str(designs),
                *args,
            ]
        )
        == 0
    )
    assert {r["placement"] for r in rows(designs / "results.csv")} == {"marketing", "cco_authority"}  # arms are designs
    assert "every placement under design" not in capsys.readouterr().out.splitlines()[-1]
    seeds = {r["placement"]: r["seed"] for r in rows(designs / "results.csv") if r["replicate"] == "0"}
    assert len(set(seeds.values())) == 1  # common random numbers across the arms


def test_a_misnamed_design_is_refused_before_anything_runs(tiny_file, tmp_path, capsys):
    code = main(["compare", tiny_file, "--design", "standrd", "--out", str(tmp_path / "x"), "--no-progress"])
    assert code == 2 and "Did you mean 'standard'?" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_decompose_runs_the_grid_and_reports_shares(tiny_file, tmp_path, capsys):
    out = tmp_path / "dec"
    code = main(
        [
            "decompose",
            tiny_file,
            "--placements",
            "marketing,service",
            "--designs",
            "marketing,cco_authority",
            "--replicates",
            "3",
            "--metrics",
            "nps_final",
            "--workers",
            "1",
            "--no-progress",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    text = capsys.readouterr().out
    assert "share of governance variance" in text and "placement" in text and "interaction" in text
    table = rows(out / "decomposition.csv")
    assert {r["source"] for r in table} == {"placement", "design", "interaction"}
    assert {r["placement"] for r in rows(out / "results.csv")} == {
        "marketing/marketing",
        "marketing/cco_authority",
        "service/marketing",
        "service/cco_authority",
    }
    assert "Placement or design?" in (out / "report.html").read_text(encoding="utf-8")
