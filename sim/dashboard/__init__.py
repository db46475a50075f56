"""The educators' dashboard (``cxsim dashboard``) and the guided lessons (``cxsim lessons``).

It runs models live in a browser page; it may import ``model``, ``scenario`` and the
layers below them (plus ``batch`` and ``analysis``), never the command line.

Modules, one job each:

* :mod:`~sim.dashboard.controls` - the main levers, their labels and units, and how
  slider positions become validated scenario overrides;
* :mod:`~sim.dashboard.lessons` - finding shipped scenarios and lessons, reading a lesson;
* :mod:`~sim.dashboard.session` - :class:`~sim.dashboard.session.DashboardRun`, one or two
  models stepping together that turn every error into a message;
* :mod:`~sim.dashboard.commentary` - notable events in plain words;
* :mod:`~sim.dashboard.figures` - the matplotlib charts (no Solara);
* :mod:`~sim.dashboard.views` - the Solara components showing them;
* :mod:`~sim.dashboard.app` - the page (Mesa's SolaraViz plus scenario, lesson and placement pickers);
* :mod:`~sim.dashboard.assets` - the offline copy of Solara's front-end files.

Only ``views`` and ``app`` import Solara, so ``cxsim run`` never does.
"""
