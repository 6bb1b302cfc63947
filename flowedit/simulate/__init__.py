"""The call simulator: a flow run through a scenario, with the requests Twilio would send (no Qt).

`simulate(flow, scenario)` returns a `Simulation` (legs, requests, documents visited, steps); the
data types and the scenario file live in `model`, the run in `engine` (documents), `verbs` (what
each verb does), `dial` (legs and call-progress events), `targets` (scenario keys), `params`
(Twilio's request parameters); `text` renders a timeline and `deliver` sends the requests as HTTP.
"""

from flowedit.simulate.engine import simulate
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

__all__ = ["OUTCOMES", "Behaviour", "Leg", "Request", "Scenario", "ScenarioError", "Simulation", "Step",
           "simulate"]
