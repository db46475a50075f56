"""Is the model right: seed claims as tested patterns, calibration to published figures, docking.

Each study runs models through :mod:`sim.batch` and summarises them with
:mod:`sim.analysis`; it may import those and every layer below, never the command line.
"""
