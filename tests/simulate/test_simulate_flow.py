"""Documents and verbs on the simulated clock: timing, Gather menus, Redirect, loops, the end of a call."""

from __future__ import annotations

import json

import pytest
from sim_support import SEED_SCENARIO, make_flow, run, seed_files

from flowedit.simulate import Scenario, ScenarioError, simulate

CA = "CA{:032x}".format
MENU = {
    "/index": """<Response>
  <Say>Welcome to the shop</Say>
  <Redirect method="GET">/menu</Redirect>
</Response>""",
    "/menu": """<Response>
  <Gather numDigits="1" action="/choice" timeout="4">
    <Say loop="2">Press one for sales</Say>
  </Gather>
  <Say>We did not get your answer</Say>
</Response>""",
    "/choice": "<Response><Play>https://cdn.example.com/hold.mp3</Play><Pause length=\"3\"/><Hangup/></Response>",
}


def test_gather_menu_with_digits():
    sim = run(MENU, {"digits": {"/menu": "1"}})
    rows = [(r.t, r.kind, r.method, r.url, r.params["CallStatus"], r.params.get("Digits")) for r in sim.requests]
    assert rows == [
        (0, "document", "POST", "https://app.example.com/index", "ringing", None),
        (2, "document", "GET", "https://app.example.com/menu", "in-progress", None),  # 4 words: 2 s
        (7, "action", "POST", "https://app.example.com/choice", "in-progress", "1"),  # 2 × 2 s, then 1 s
    ]
    assert sim.documents == ["/index", "/menu", "/choice"]
    assert sim.calls[0].duration == 7 + 10 + 3  # Play 10 s, Pause 3 s, Hangup


def test_gather_without_digits_times_out_and_falls_through():
    sim = run(MENU, {})
    assert [r.kind for r in sim.requests] == ["document", "document"]
    assert sim.calls[0].duration == 2 + 4 + 4 + 3  # prompts, timeout, "We did not get …" (6 words: 3 s)
    assert any(s.text == "no input: Gather timed out" and s.t == 10 for s in sim.steps)


def test_gather_digits_cut_at_finish_on_key_and_num_digits():
    files = {"/index": '<Response><Gather action="/a"/></Response>', "/a": "<Response/>"}
    assert run(files, {"digits": {"/index": "1234#9"}}).requests[-1].params["Digits"] == "1234"
    files["/index"] = '<Response><Gather numDigits="2" action="/a"/></Response>'
    assert run(files, {"digits": {"/index": "1234"}}).requests[-1].params["Digits"] == "12"


def test_gather_action_defaults_to_the_current_document_and_the_loop_is_bounded():
    files = {"/index": "<Response><Gather><Say>Press a key</Say></Gather></Response>"}
    sim = run(files, {"digits": {"/index": "5"}}, max_documents=5)
    assert [r.url for r in sim.requests] == ["https://app.example.com/index"] * 5
    assert [r.kind for r in sim.requests] == ["document"] + ["action"] * 4
    assert any("stopped after 5 document requests" in note for note in sim.notes)


def test_redirect_loop_stops_after_50_documents():
    files = {"/index": "<Response><Pause/><Redirect>/b</Redirect></Response>",
             "/b": "<Response><Redirect>index</Redirect></Response>"}
    sim = run(files, {})
    assert len(sim.requests) == 50 and len(sim.documents) == 50
    assert sim.notes and "loops" in sim.notes[0]


def test_reject_first_verb_is_never_answered():
    assert run({"/index": '<Response><Reject reason="busy"/></Response>'}).calls[0].status == "busy"
    assert run({"/index": "<Response><Reject/></Response>"}).calls[0].status == "no-answer"
    late = run({"/index": "<Response><Say>Hello</Say><Reject/></Response>"}).calls[0]
    assert (late.status, late.duration) == ("completed", 1)


def test_missing_and_external_documents_end_the_call_with_a_note():
    sim = run({"/index": "<Response><Redirect>/nowhere</Redirect></Response>"})
    assert sim.requests[-1].url == "https://app.example.com/nowhere"
    assert sim.documents == ["/index"] and "names no document" in sim.notes[0]
    sim = run({"/index": "<Response><Redirect>https://other.example.org/x</Redirect></Response>"})
    assert sim.requests[-1].url == "https://other.example.org/x" and "outside the flow" in sim.notes[0]


def test_scenario_entry_overrides_the_flow_entry_and_caller_adds_parameters():
    sim = run(MENU, {"entry": "/choice", "caller": {"From": "+3312345", "CallerName": "Ada"}})
    assert sim.documents == ["/choice"]
    assert sim.requests[0].params["From"] == "+3312345" and sim.requests[0].params["CallerName"] == "Ada"


def test_without_base_url_documents_live_under_the_placeholder():
    sim = run({"/index": "<Response/>"}, base_url=None)
    assert sim.requests[0].url == "http://flow.invalid/index"


def test_deterministic():
    first = run(seed_files(), SEED_SCENARIO)
    second = run(seed_files(), SEED_SCENARIO)
    assert json.dumps(first.as_json()) == json.dumps(second.as_json())
    assert [s.text for s in first.steps] == [s.text for s in second.steps]


@pytest.mark.parametrize("scenario, message", [
    ({"targets": {"client:bob": {}}}, "targets['client:bob'] names no target of the flow"),
    ({"entry": "/nope"}, "entry '/nope' is no document of the flow"),
    ({"digits": {"/nope": "1"}}, "digits names '/nope'"),
])
def test_scenarios_that_do_not_fit_the_flow(scenario, message):
    with pytest.raises(ScenarioError, match=message.replace("[", r"\[").replace("]", r"\]")):
        simulate(make_flow(seed_files()), Scenario.from_json(scenario))


def test_sip_key_with_or_without_its_scheme():
    files = {"/index": '<Response><Dial><Sip>sip:alice@example.com</Sip></Dial></Response>'}
    for key in ("sip:alice@example.com", "sip:sip:alice@example.com"):
        sim = run(files, {"targets": {key: {"outcome": "busy", "ring": 1}}})
        assert [(c.target, c.status) for c in sim.calls[1:]] == [("sip:alice@example.com", "busy")]
