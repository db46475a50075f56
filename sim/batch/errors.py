"""Errors of a batch: one that cannot start as asked, and one stopped by Ctrl-C."""

from __future__ import annotations

from pathlib import Path

from sim.scenario.errors import ScenarioError


class BatchError(ScenarioError):
    """A batch that cannot start as asked (output folder, scheduler, plan)."""


class BatchInterrupted(RuntimeError):
    """The batch was stopped (Ctrl-C); every finished run is on disk."""

    def __init__(self, done: int, total: int, out: Path) -> None:
        self.done, self.total, self.out = done, total, out
        super().__init__(f"interrupted: {done} of {total} runs are recorded in {out}; rerun with --resume to finish")
