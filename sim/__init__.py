"""cxsim: an agent-based model of customer-experience governance.

Notebook use::

    from sim import CXModel, load_scenario
    model = CXModel(load_scenario("scenarios/default.toml"), placement="service", seed=1)
    model.run(260)
    model.datacollector.get_model_vars_dataframe()
"""

from sim.config import Placement, Scenario
from sim.errors import ScenarioError
from sim.model import CXModel
from sim.scenario import apply_overrides, build_scenario, load_scenario

__version__ = "0.1.0"

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
