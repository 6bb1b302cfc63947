"""Screening (whisper) documents run on the answered leg before the bridge; a decline lets others ring."""

from __future__ import annotations

from sim_support import HOOK, run

CA = "CA{:032x}".format
EVENTS = 'statusCallback="%s" statusCallbackEvent="initiated ringing answered completed"' % HOOK
SCREEN = ('<Response><Gather numDigits="1" action="/accept" timeout="3"><Say>Press 1</Say></Gather>'
          "<Hangup/></Response>")


def flow(nouns: str, dial: str = 'action="/after"') -> dict[str, str]:
    return {"/index": f"<Response><Dial {dial}>{nouns}</Dial></Response>",
            "/screen": SCREEN,
            "/accept": "<Response><Say>Connecting</Say></Response>",
            "/after": "<Response/>"}


def test_decline_then_another_leg_accepts():
    files = flow(f'<Client url="/screen" {EVENTS}>joey</Client><Client url="/screen" {EVENTS}>charlie</Client>')
    sim = run(files, {"targets": {"client:joey": {"outcome": "decline", "ring": 2},
                                  "client:charlie": {"outcome": "answer", "ring": 6, "talk": 10}},
                      "digits": {"/screen": "1"}})
    rows = [(r.t, r.kind, r.target, r.params.get("CallStatus"), r.params["CallSid"], r.url.rsplit("/", 1)[-1])
            for r in sim.requests]
    assert rows == [
        (0, "document", None, "ringing", CA(1), "index"),
        (0, "status-callback", "client:joey", "initiated", CA(2), "events"),
        (0, "status-callback", "client:charlie", "initiated", CA(3), "events"),
        (1, "status-callback", "client:joey", "ringing", CA(2), "events"),
        (1, "status-callback", "client:charlie", "ringing", CA(3), "events"),
        (2, "status-callback", "client:joey", "in-progress", CA(2), "events"),
        (2, "document", "client:joey", "in-progress", CA(2), "screen"),
        # joey hears "Press 1" (1 s), presses nothing for 3 s, the Hangup declines at 6
        (6, "status-callback", "client:joey", "completed", CA(2), "events"),
        (6, "status-callback", "client:charlie", "in-progress", CA(3), "events"),
        (6, "document", "client:charlie", "in-progress", CA(3), "screen"),
        (8, "action", "client:charlie", "in-progress", CA(3), "accept"),  # 1 s prompt + 1 s to press
        (19, "status-callback", "client:charlie", "completed", CA(3), "events"),  # bridged at 9, 10 s talk
        (19, "action", None, "in-progress", CA(1), "after"),
    ]
    screen = sim.requests[6].params
    assert (screen["Direction"], screen["ParentCallSid"], screen["To"]) == ("outbound-dial", CA(1), "client:joey")
    assert sim.requests[10].params["Digits"] == "1"
    assert sim.requests[7].params["CallDuration"] == "4"  # answered, then declined in screening
    assert sim.requests[11].params["CallDuration"] == "13"  # 3 s screening + 10 s connected
    assert sim.requests[-1].params["DialCallDuration"] == "13"
    assert sim.documents == ["/index", "/screen", "/screen", "/accept", "/after"]
    assert [(c.target, c.status) for c in sim.calls[1:]] == [("client:joey", "completed"),
                                                            ("client:charlie", "completed")]


def test_unsatisfied_gather_declines_and_the_dial_reports_no_answer():
    sim = run(flow(f'<Number url="/screen" {EVENTS}>+15550100</Number>'),
              {"targets": {"number:+15550100": {"outcome": "answer", "ring": 1}}})
    assert [r.params.get("CallStatus") for r in sim.requests if r.kind == "status-callback"] == [
        "initiated", "ringing", "in-progress", "completed"]
    action = sim.requests[-1].params
    assert (action["DialCallStatus"], action["DialBridged"], action["DialCallDuration"]) == ("no-answer", "false", "0")


def test_decline_without_screening_hangs_up_at_once():
    sim = run(flow(f"<Client {EVENTS}>a</Client>"), {"targets": {"client:a": {"outcome": "decline", "ring": 3}}})
    completed = [r for r in sim.requests if r.params.get("CallStatus") == "completed"][0]
    assert (completed.t, completed.params["CallDuration"]) == (3, "0")
    assert sim.requests[-1].params["DialCallStatus"] == "no-answer"


def test_a_leg_still_screening_is_hung_up_when_another_is_connected():
    sim = run(flow(f'<Client url="/screen" {EVENTS}>slow</Client><Client {EVENTS}>fast</Client>'),
              {"targets": {"client:slow": {"outcome": "answer", "ring": 1},
                           "client:fast": {"outcome": "answer", "ring": 2, "talk": 5}},
               "digits": {"/screen": "1"}})
    slow = [(r.t, r.kind, r.params.get("CallStatus"), r.params.get("CallDuration"))
            for r in sim.requests if r.target == "client:slow"]
    # slow answers at 1 and screens until 4; fast answers at 2 and is connected at once
    assert slow == [(0, "status-callback", "initiated", None), (1, "status-callback", "ringing", None),
                    (1, "status-callback", "in-progress", None), (1, "document", "in-progress", None),
                    (2, "status-callback", "completed", "1")]
    assert sim.requests[-1].params["DialCallSid"] == CA(3)


def test_answer_on_bridge_caller_hears_ringing_during_screening():
    sim = run(flow('<Client url="/screen">a</Client>', 'answerOnBridge="true"'),
              {"targets": {"client:a": {"outcome": "answer", "ring": 1}}, "digits": {"/screen": "1"}})
    assert any("still hears ringing" in s.text for s in sim.steps)


def test_dial_in_a_screening_document_declines():
    files = flow('<Client url="/bad">a</Client>')
    files["/bad"] = "<Response><Dial>+15550000</Dial></Response>"
    sim = run(files, {"targets": {"client:a": {"outcome": "answer", "ring": 1}}})
    assert sim.requests[-1].params["DialCallStatus"] == "no-answer"
    assert any("13201" in note for note in sim.notes)
