"""cxsim: an agent-based model of customer-experience governance.

Notebook use::

    from sim import CXModel, load_scenario
    model = CXModel(load_scenario("scenarios/default.toml"), placement="service", seed=1)
    model.run(260)
    model.datacollector.get_model_vars_dataframe()
"""

from sim.batch.output import cxsim_version
from sim.model import CXModel
from sim.scenario import Placement, Scenario, ScenarioError, apply_overrides, build_scenario, load_scenario

__version__ = cxsim_version()

__all__ = [
    "CXModel",
    "Placement",
    "Scenario",
    "ScenarioError",
    "__version__",
    "apply_overrides",
    "build_scenario",
    "load_scenario",
]
