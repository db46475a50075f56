"""Independent seeds for replicates, derived from one master seed."""

from __future__ import annotations

import numpy as np


def replicate_seeds(master: int, n: int) -> list[int]:
    """``n`` independent seeds from ``master`` (``numpy.random.SeedSequence.spawn``).

    Replicate ``k`` always gets the same seed for the same master, however many
    replicates are asked for, so a run can be reproduced on its own.
    """
    children = np.random.SeedSequence(master).spawn(n)
    return [int(child.generate_state(1, dtype=np.uint64)[0] >> 1) for child in children]
