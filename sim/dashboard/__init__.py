"""The educators' dashboard (``cxsim dashboard``) and the guided lessons (``cxsim lessons``).

It runs models live in a browser page; it may import ``model``, ``scenario`` and the
layers below them (plus ``batch`` and ``analysis``), never the command line.

Modules, one job each:

* :mod:`~sim.dashboard.controls` - the main levers, their labels and units, how slider
  positions become validated scenario overrides, and placements' display names;
* :mod:`~sim.dashboard.lessons` - finding shipped scenarios and lessons, reading a lesson;
* :mod:`~sim.dashboard.session` - :class:`~sim.dashboard.session.RunSettings` and
  :class:`~sim.dashboard.session.DashboardRun`, one or two models stepping together that
  turn every error into a message;
* :mod:`~sim.dashboard.controller` - one browser tab: the settings being edited, Reset,
  the play loop, the previous run, the 20-seed job;
* :mod:`~sim.dashboard.readout` - what the page shows of a run, copied under its lock;
* :mod:`~sim.dashboard.commentary` - notable events and figures in plain words;
* :mod:`~sim.dashboard.figures` - the matplotlib charts, updated in place (no Solara);
* :mod:`~sim.dashboard.band` - the "20 seeds" bands, run in worker processes;
* :mod:`~sim.dashboard.export` - the end-of-run summary and the CSV files;
* :mod:`~sim.dashboard.views` - the Solara components showing all of it;
* :mod:`~sim.dashboard.app` - the page;
* :mod:`~sim.dashboard.assets` - the offline copy of Solara's front-end files.

Only ``views``, ``app`` and ``assets`` import Solara, so ``cxsim run`` never does.
"""
