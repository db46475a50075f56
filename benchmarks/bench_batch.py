"""Batch speed and memory: runs per second on 1 and 2 workers, parallel efficiency, the same
through a loopback Dask cluster, the wall time of the headline compare, and memory as runs grow.

    .venv/bin/python benchmarks/bench_batch.py           # everything (a few minutes)
    .venv/bin/python benchmarks/bench_batch.py --quick   # fewer runs, no compare timing

Figures, not assertions: the test suite has no timed tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sim import Scenario
from sim.batch import make_plan, run_plan

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def rss_mb() -> float:
    """Resident memory of this process (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def rate(runs: int, workers: int = 1, executor=None, weeks: int | None = None) -> float:
    """Runs per second of a compare-like batch of the default scenario."""
    replicates = max(1, runs // 4)
    plan = make_plan(
        Scenario(), ["marketing", "service", "operations", "ceo_overlay"], replicates, master_seed=1, weeks=weeks
    )
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        run_plan(
            plan, Path(tmp) / "out", executor=executor, workers=workers, progress=False, window=64 if executor else None
        )
        return len(plan.tasks) / (time.perf_counter() - start)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dask_rate(runs: int) -> float | None:
    """Runs per second through a scheduler and two single-threaded workers on 127.0.0.1."""
    dask = BIN / "dask"
    if not dask.exists():
        print("dask not installed (pip install 'cxsim[cluster]'): skipped")
        return None
    from dask.distributed import Client

    port = free_port()
    scratch = tempfile.mkdtemp(prefix="cxsim-dask-")
    env = {**os.environ, "DASK_TEMPORARY_DIRECTORY": scratch}
    procs = [
        subprocess.Popen(
            [str(dask), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--dashboard-address", "127.0.0.1:0"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    try:
        for _ in range(2):
            procs.append(
                subprocess.Popen(
                    [
                        str(dask),
                        "worker",
                        f"tcp://127.0.0.1:{port}",
                        "--host",
                        "127.0.0.1",
                        "--nworkers",
                        "1",
                        "--nthreads",
                        "1",
                        "--dashboard-address",
                        "127.0.0.1:0",
                        "--death-timeout",
                        "30",
                    ],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        with Client(f"tcp://127.0.0.1:{port}", timeout=30) as client:
            client.wait_for_workers(2, timeout=60)
            rate(8, executor=client.get_executor(pure=False))  # warm the workers' imports
            return rate(runs, executor=client.get_executor(pure=False))
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(timeout=30)
        shutil.rmtree(scratch, ignore_errors=True)


def compare_wall(replicates: int) -> float:
    """Wall time of ``cxsim compare scenarios/default.toml --replicates N`` (four placements, all cores)."""
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        subprocess.run(
            [
                str(BIN / "cxsim"),
                "compare",
                str(ROOT / "scenarios" / "default.toml"),
                "--replicates",
                str(replicates),
                "--out",
                str(Path(tmp) / "cmp"),
                "--no-progress",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return time.perf_counter() - start


def memory_profile(sizes: tuple[int, ...]) -> list[tuple[int, float, float]]:
    """(runs so far, resident MB now, peak resident MB) after successive in-process batches (52-week runs)."""
    import resource

    points = []
    done = 0
    for size in sizes:
        rate(size, weeks=52)
        done += size
        points.append((done, rss_mb(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
    return points


def _warm(seconds: float) -> str:
    """Import the model in a worker (and hold it a moment so every worker gets one)."""
    import sim.model.cxmodel  # noqa: F401

    time.sleep(seconds)
    return "ready"


def warm_rate(runs: int, workers: int) -> float:
    """Runs per second on a process pool whose workers have already started and imported the model."""
    from sim.batch import local_executor

    pool = local_executor(workers)
    try:
        list(pool.map(_warm, [0.5] * workers))
        return rate(runs, executor=pool)
    finally:
        pool.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    runs = 16 if args.quick else 80
    print(f"{os.cpu_count()} cores; default scenario (10,000 customers, 260 weeks), four placements")
    one = rate(runs, workers=1)
    two = rate(runs, workers=2)
    print(f"1 worker : {one:6.2f} runs/s")
    print(f"2 workers: {two:6.2f} runs/s  (parallel efficiency {two / (2 * one):.0%}, worker start-up included)")
    warm = warm_rate(runs, workers=2)
    print(f"2 workers, pool already started: {warm:6.2f} runs/s  (parallel efficiency {warm / (2 * one):.0%})")
    dask = dask_rate(runs)
    if dask is not None:
        print(
            f"Dask, loopback scheduler + 2 workers: {dask:6.2f} runs/s  (efficiency vs 1 local worker {dask / (2 * one):.0%})"
        )
    if not args.quick:
        wall = compare_wall(100)
        print(f"cxsim compare scenarios/default.toml --replicates 100 (400 runs, figures, report): {wall:.1f} s")
    sizes = (50, 100, 200) if args.quick else (100, 200, 400)
    print("memory after cumulative in-process runs of 52 weeks (resident now / peak so far):")
    for done, mb, peak in memory_profile(sizes):
        print(f"  {done:5d} runs: {mb:7.1f} MB / {peak:7.1f} MB")


if __name__ == "__main__":
    main()
