"""Errors of a batch: one that cannot start as asked, one stopped part-way (disk, executor), and Ctrl-C."""

from __future__ import annotations

from pathlib import Path

from sim.scenario.errors import ScenarioError


class BatchError(ScenarioError):
    """A batch that cannot start as asked (output folder, scheduler, plan)."""


class BatchStopped(BatchError):
    """A batch that stopped part-way for a reason outside cxsim; every finished run is on disk.

    The message says why, what was kept and how to finish.
    """

    def __init__(self, reason: str, done: int, total: int, out: Path, remedy: str) -> None:
        self.reason, self.done, self.total, self.out = reason, done, total, out
        super().__init__(
            "",
            "",
            f"the batch stopped: {reason}. {done} of {total} runs are recorded in {out} and kept. "
            f"To finish, {remedy}, then rerun the same command with --resume",
        )


def not_writable(exc: OSError, out: Path) -> BatchError:
    """The error for an output folder that cannot be created or written before anything ran."""
    return BatchError(
        "",
        "--out",
        f"cannot write to {out}: {exc.strerror or exc}; nothing was run",
        allowed="a folder you may write to (created if missing), on a file system with free space",
    )


def write_failed(exc: OSError, done: int, total: int, out: Path) -> BatchStopped:
    """The error for a write that failed (full disk, read-only or vanished folder, permissions)."""
    where = f" ({exc.filename})" if exc.filename else ""
    what = exc.strerror or str(exc) or type(exc).__name__
    return BatchStopped(
        f"cannot write to {out}: {what}{where}", done, total, out, "free space or make the folder writable"
    )


class BatchInterrupted(RuntimeError):
    """The batch was stopped (Ctrl-C); every finished run is on disk."""

    def __init__(self, done: int, total: int, out: Path) -> None:
        self.done, self.total, self.out = done, total, out
        super().__init__(f"interrupted: {done} of {total} runs are recorded in {out}; rerun with --resume to finish")
