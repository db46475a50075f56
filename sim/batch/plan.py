"""What a batch runs: tasks (point x arm x replicate) with common-random-number seeds.

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
from sim.scenario.load import apply_overrides, placement_error


@dataclass(frozen=True)
class Arm:
    """One governance arm of a batch: a placement run under a design, and the label results carry."""

    label: str
    placement: str
    design: str


@dataclass(frozen=True)
class Task:
    """One run of a batch."""

    run: int
    placement: str  # the arm's label (what the analysis compares)
    point: int
    overrides: tuple[tuple[str, Any], ...]
    replicate: int
    seed: int
    position: str = ""  # the placement run (where CX sits); '' = the label
    design: str = ""  # the design run; '' = the placement's own

    def label(self) -> dict[str, Any]:
        """The task's identifying columns."""
        return {
            "run": self.run,
            "placement": self.placement,
            "position": self.position or self.placement,
            "design": self.design,
            "point": self.point,
            "replicate": self.replicate,
            "seed": self.seed,
        }


def arms_for(scenario: Scenario, placements: Sequence[str], designs: Sequence[str] | None = None) -> tuple[Arm, ...]:
    """Arms for placements (each under its own design) or for placements x designs, with readable labels.

    Labels: the placement's name when each runs its own design or all share one
    design; the design's name when one placement meets several designs; and
    ``placement/design`` for a grid.

    Raises:
        ScenarioError: an unknown placement or design.
    """
    for name in placements:
        if name not in scenario.placements:
            raise placement_error(scenario, name, "placements")
    if designs is None:
        return tuple(Arm(p, p, scenario.placements[p].design) for p in placements)
    for name in designs:
        if name not in scenario.designs:
            raise ScenarioError(
                scenario.source,
                "designs",
                f"unknown design '{name}'",
                allowed=", ".join(scenario.designs),
                suggestion=nearest(name, scenario.designs),
            )
    arms = []
    for p in placements:
        for d in designs:
            if len(designs) == 1:
                label = p
            elif len(placements) == 1:
                label = d
            else:
                label = f"{p}/{d}"
            arms.append(Arm(label, p, d))
    return tuple(arms)


@dataclass(frozen=True)
class Plan:
    """Everything that defines a batch: what runs, on which scenario, for how long."""

    scenario: Scenario
    tasks: tuple[Task, ...]
    varied: tuple[str, ...]  # override keys that vary between points (columns of results.csv)
    weeks: int
    master_seed: int
    replicates: int
    placements: tuple[str, ...]  # the arms' labels, in order
    points: tuple[tuple[tuple[str, Any], ...], ...]
    kind: str = "batch"
    meta: Mapping[str, Any] = field(default_factory=dict)
    arms: tuple[Arm, ...] = ()

    def digest(self) -> str:
        """Fingerprint of the task list (a folder holds the results of one plan only)."""
        payload = json.dumps(
            {
                "tasks": [
                    (t.placement, t.position, t.design, t.point, list(map(list, t.overrides)), t.replicate, t.seed)
                    for t in self.tasks
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
    designs: Sequence[str] | None = None,
) -> Plan:
    """Tasks for every point x arm x replicate, each point validated before anything runs.

    Arms are the placements, each under its own design (``designs=None``), or
    every placement under every one of ``designs`` (see :func:`arms_for`).

    Raises:
        ScenarioError: an unknown placement or design, or a point whose overrides are not allowed.
    """
    arms = arms_for(scenario, placements, designs)
    frozen_points = tuple(tuple(sorted(p.items())) for p in points)
    for point in frozen_points:
        apply_overrides(scenario, dict(point), "parameter point")  # raises a clear error for a bad key or value
    horizon = scenario.simulation.weeks if weeks is None else weeks
    apply_overrides(scenario, {"simulation.weeks": horizon}, "--weeks")
    seeds = replicate_seeds(master_seed, replicates)
    varied = tuple(sorted({k for p in frozen_points for k, _ in p}))
    tasks = []
    for p_index, point in enumerate(frozen_points):
        for arm in arms:
            for k, seed in enumerate(seeds):
                tasks.append(Task(len(tasks), arm.label, p_index, point, k, seed, arm.placement, arm.design))
    return Plan(
        scenario=scenario,
        tasks=tuple(tasks),
        varied=varied,
        weeks=horizon,
        master_seed=master_seed,
        replicates=replicates,
        placements=tuple(a.label for a in arms),
        points=frozen_points,
        kind=kind,
        meta=dict(meta or {}),
        arms=arms,
    )
