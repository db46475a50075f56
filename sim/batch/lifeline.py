"""Worker processes that die with their parent, so a killed batch leaves nothing running.

A process-pool worker calls :func:`die_with_parent` first. On Linux the kernel
sends it SIGKILL when the parent dies (``prctl(PR_SET_PDEATHSIG)``); elsewhere
a daemon thread checks every second whether the parent is still the one that
started it and ends the worker when it is not. Either way no worker (and so no
resource tracker waiting on them) outlives a batch killed with SIGKILL.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
CHECK_SECONDS = 1.0


def die_with_parent(parent_pid: int) -> None:
    """End this process when ``parent_pid`` (the batch that started it) dies."""
    if not _parent_death_signal():
        threading.Thread(target=_watch, args=(parent_pid,), name="cxsim-lifeline", daemon=True).start()
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(1)


def _parent_death_signal() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies; False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(CHECK_SECONDS)
    os._exit(1)
