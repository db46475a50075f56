"""The columns of a batch's files and how one value is written to, and recognised in, a CSV cell."""

from __future__ import annotations

import math
import re
from typing import Any

TASK_COLUMNS = ("run", "placement", "position", "design", "point", "replicate", "seed")
SERIES_COLUMNS = (
    "revenue",
    "margin_total",
    "perceived_threat",
    "follow_through",
    "follow_through_13w",
    "nps",
    "retention",
    "participation",
    "satisfaction",
    "trust",
    "customers_active",
    "initiatives_proposed",
    "initiatives_approved",
    "initiatives_rejected",
    "initiatives_active",
    "initiatives_stalled",
    "initiatives_completed",
    "initiatives_abandoned",
    "initiatives_dropped",
    "items_overdue",
    "spend_total",
    "sponsor_attention",
    "leader_departures",
)
"""Weekly columns kept per run in ``timeseries.csv`` (the full set is in ``sim.model.metrics.COLUMNS``)."""


def cell(value: Any) -> Any:
    """A value as written to CSV: empty for None and NaN, 0/1 for booleans, floats rounded to 9 digits."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float):
        return "" if math.isnan(value) else repr(round(float(value), 9))
    return value


_INTEGER = re.compile(r"-?[0-9]+")


def is_cell(text: str) -> bool:
    """Whether ``text`` is a cell :func:`cell` can write: empty, an integer, a boolean, or a float as repr writes it.

    A number cut short keeps a valid-looking prefix only by chance: ``0.4085`` cut to
    ``0.`` or ``0.40`` is refused, as repr never writes either.
    """
    if text in ("", "True", "False") or _INTEGER.fullmatch(text):
        return True
    try:
        number = float(text)
    except ValueError:
        return False
    return text in (repr(round(number, 9)), repr(number))
