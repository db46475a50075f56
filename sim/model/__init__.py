"""The Mesa model: executives, leaders and departments as agents, customers as arrays, one step a week.

:class:`CXModel` runs one scenario under one placement and measures it; the model
may import :mod:`sim.scenario`, :mod:`sim.mechanisms` and :mod:`sim.params`, and
nothing that runs batches, analyses results or draws pages.
"""

from sim.model.cxmodel import CXModel

__all__ = ["CXModel"]
