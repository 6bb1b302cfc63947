"""The call simulator: a flow run through a scenario, with the requests Twilio would send (no Qt).

`simulate(flow, scenario)` returns a `Simulation` (legs, requests, documents visited, steps); the
data types and the scenario file live in `flowedit.simulate.model`.
"""

from flowedit.simulate.model import (
    OUTCOMES,
    Behaviour,
    Leg,
    Request,
    Scenario,
    ScenarioError,
    Simulation,
    Step,
)

__all__ = ["OUTCOMES", "Behaviour", "Leg", "Request", "Scenario", "ScenarioError", "Simulation", "Step"]

try:  # the engine is written beside the data model; import it once it exists
    from flowedit.simulate.engine import simulate  # noqa: F401

    __all__.append("simulate")
except ModuleNotFoundError as _err:  # pragma: no cover - only while the engine is being written
    if _err.name != "flowedit.simulate.engine":
        raise
