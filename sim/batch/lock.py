"""An exclusive lock on a batch folder, so two processes never write one folder at once.

The lock is ``fcntl.flock`` on ``.cxsim.lock`` inside the folder, holding the
holder's process id. The kernel releases it when the holder exits, even by
SIGKILL, so a stale file never blocks a later batch; the file is removed when
the lock is released normally. Where ``fcntl`` is missing (Windows) the lock is
a no-op.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from sim.batch.errors import BatchError
from sim.batch.files import NOFOLLOW

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".cxsim.lock"


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold the folder's lock for the duration of the ``with`` block.

    Raises:
        BatchError: another process holds it (the message names its process id).
        OSError: the lock file cannot be created (read-only folder and the like).
    """
    if fcntl is None:  # pragma: no cover
        yield
        return
    path = Path(folder) / LOCK_NAME
    fd = _acquire(path)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()  # while still locked: a waiting process then sees a fresh file, never this one
        os.close(fd)  # closing releases the lock


def _acquire(path: Path) -> int:
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | NOFOLLOW, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            raise BatchError(
                "",
                "--out",
                f"{path.parent} is in use by another cxsim process (PID {holder}); nothing was written",
                allowed="wait for it to finish (then --resume if it was stopped), or another --out folder",
            ) from None
        except BaseException:
            os.close(fd)
            raise
        if _same_file(fd, path):
            break
        os.close(fd)  # the holder removed the file between our open and our lock: lock the new one
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    return fd


def _same_file(fd: int, path: Path) -> bool:
    try:
        st = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (st.st_dev, st.st_ino) == (mine.st_dev, mine.st_ino)


def _holder(fd: int) -> str:
    """The process id written in the lock file ('unknown' if the holder has not written it yet)."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return "unknown"
    return text if text.isdigit() else "unknown"
