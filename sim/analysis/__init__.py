"""Reading results: statistics, comparison tables, sensitivity, robustness, PRIM, figures, the HTML report.

Everything here works on a batch folder's files (or data frames) and never runs a
model: it may import :mod:`sim.scenario` and :mod:`sim.params`, not ``model`` or ``batch``.
"""
