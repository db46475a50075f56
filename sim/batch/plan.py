"""What a batch runs: tasks (point x placement x replicate) with common-random-number seeds.

Replicate ``k`` gets the ``k``-th seed spawned from the master seed
(``numpy.random.SeedSequence``), the same for every placement and point, so
arms are compared under common random numbers and each run is reproducible on
its own.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sim.batch.seeds import replicate_seeds
from sim.scenario.config import Scenario
from sim.scenario.errors import ScenarioError, nearest
from sim.scenario.load import apply_overrides


@dataclass(frozen=True)
class Task:
    """One run of a batch."""

    run: int
    placement: str
    point: int
    overrides: tuple[tuple[str, Any], ...]
    replicate: int
    seed: int

    def label(self) -> dict[str, Any]:
        """The task's identifying columns."""
        return {
            "run": self.run,
            "placement": self.placement,
            "point": self.point,
            "replicate": self.replicate,
            "seed": self.seed,
        }


@dataclass(frozen=True)
class Plan:
    """Everything that defines a batch: what runs, on which scenario, for how long."""

    scenario: Scenario
    tasks: tuple[Task, ...]
    varied: tuple[str, ...]  # override keys that vary between points (columns of results.csv)
    weeks: int
    master_seed: int
    replicates: int
    placements: tuple[str, ...]
    points: tuple[tuple[tuple[str, Any], ...], ...]
    kind: str = "batch"
    meta: Mapping[str, Any] = field(default_factory=dict)

    def digest(self) -> str:
        """Fingerprint of the task list (a folder holds the results of one plan only)."""
        payload = json.dumps(
            {
                "tasks": [
                    (t.placement, t.point, list(map(list, t.overrides)), t.replicate, t.seed) for t in self.tasks
                ],
                "weeks": self.weeks,
            },
            sort_keys=True,
            default=str,
        )
        return hashlib.sha256(payload.encode()).hexdigest()


def make_plan(
    scenario: Scenario,
    placements: Sequence[str],
    replicates: int,
    master_seed: int,
    points: Sequence[Mapping[str, Any]] = ({},),
    weeks: int | None = None,
    kind: str = "batch",
    meta: Mapping[str, Any] | None = None,
) -> Plan:
    """Tasks for every point x placement x replicate, each point validated before anything runs.

    Raises:
        ScenarioError: an unknown placement, or a point whose overrides are not allowed.
    """
    for name in placements:
        if name not in scenario.placements:
            raise ScenarioError(
                scenario.source,
                "placements",
                f"unknown placement '{name}'",
                allowed=", ".join(scenario.placements),
                suggestion=nearest(name, scenario.placements),
            )
    frozen_points = tuple(tuple(sorted(p.items())) for p in points)
    for point in frozen_points:
        apply_overrides(scenario, dict(point), "parameter point")  # raises a clear error for a bad key or value
    horizon = scenario.simulation.weeks if weeks is None else weeks
    apply_overrides(scenario, {"simulation.weeks": horizon}, "--weeks")
    seeds = replicate_seeds(master_seed, replicates)
    varied = tuple(sorted({k for p in frozen_points for k, _ in p}))
    tasks = []
    for p_index, point in enumerate(frozen_points):
        for name in placements:
            for k, seed in enumerate(seeds):
                tasks.append(Task(len(tasks), name, p_index, point, k, seed))
    return Plan(
        scenario=scenario,
        tasks=tuple(tasks),
        varied=varied,
        weeks=horizon,
        master_seed=master_seed,
        replicates=replicates,
        placements=tuple(placements),
        points=frozen_points,
        kind=kind,
        meta=dict(meta or {}),
    )
