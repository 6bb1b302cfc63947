"""<Dial> legs on the simulated clock: events per leg, status callbacks, the Dial action request."""

from __future__ import annotations

import re
from email.utils import parsedate_to_datetime

from sim_support import ALL_EVENTS, HOOK, SEED_SCENARIO, run, seed_files, story

from flowedit.simulate.engine import ACCOUNT_SID

CA = "CA{:032x}".format
RFC2822 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                     r"\d{4} \d\d:\d\d:\d\d \+0000$")


def noun(tag: str, name: str, events: str | None = ALL_EVENTS, extra: str = "") -> str:
    ev = f' statusCallbackEvent="{events}"' if events is not None else ""
    return f'<{tag} statusCallback="{HOOK}"{ev}{extra}>{name}</{tag}>'


def dial_flow(nouns: str, attrs: str = 'action="/after"', extra_docs: dict | None = None) -> dict[str, str]:
    files = {"/index": f"<Response><Dial {attrs}>{nouns}</Dial><Say>after the dial</Say></Response>",
             "/after": "<Response><Hangup/></Response>"}
    files.update(extra_docs or {})
    return files


# -- the seed example, end to end -------------------------------------------------------------------

def test_seed_example_simultaneous_first_to_answer_wins_others_canceled():
    sim = run(seed_files(), SEED_SCENARIO)
    number, joey, charlie = "number:858-987-6543", "client:joey", "client:charlie"
    assert story(sim) == [
        (0, "document", None, "ringing", None),
        (0, "status-callback", number, "initiated", "0"),
        (0, "status-callback", joey, "initiated", "0"),
        (0, "status-callback", charlie, "initiated", "0"),
        (1, "status-callback", joey, "ringing", "1"),
        (1, "status-callback", charlie, "ringing", "1"),
        (2, "status-callback", number, "busy", "1"),  # busy: never ringing
        (4, "status-callback", charlie, "in-progress", "2"),
        (4, "status-callback", joey, "canceled", "2"),  # canceled when charlie is connected
        (34, "status-callback", charlie, "completed", "3"),
        (34, "action", None, "in-progress", None),
    ]
    assert sim.documents == ["/index", "/after"]
    assert [(c.sid, c.parent_sid, c.target, c.status, c.duration) for c in sim.calls] == [
        (CA(1), None, None, "completed", 36),
        (CA(2), CA(1), number, "busy", 0),
        (CA(3), CA(1), joey, "canceled", 0),
        (CA(4), CA(1), charlie, "completed", 30),
    ]
    first = sim.requests[0]
    assert (first.url, first.method) == ("https://app.example.com/index", "POST")
    assert first.params == {"AccountSid": ACCOUNT_SID, "ApiVersion": "2010-04-01", "CallSid": CA(1),
                            "CallStatus": "ringing", "Direction": "inbound", "From": "+14155550100",
                            "To": "+14155550199"}
    completed = sim.requests[9]
    assert (completed.url, completed.method) == (HOOK, "POST")
    assert completed.params == {
        "AccountSid": ACCOUNT_SID, "ApiVersion": "2010-04-01", "CallSid": CA(4), "CallStatus": "completed",
        "Direction": "outbound-dial", "From": "+18885550123", "To": "client:charlie", "ParentCallSid": CA(1),
        "CallDuration": "30", "Timestamp": "Thu, 01 Jan 2026 00:00:34 +0000",
        "CallbackSource": "call-progress-events", "SequenceNumber": "3"}
    action = sim.requests[10]
    assert (action.url, action.method) == ("https://app.example.com/after", "POST")
    assert {k: action.params[k] for k in ("CallSid", "DialCallStatus", "DialCallSid", "DialCallDuration",
                                          "DialBridged")} == {
        "CallSid": CA(1), "DialCallStatus": "completed", "DialCallSid": CA(4), "DialCallDuration": "30",
        "DialBridged": "true"}
    assert "ParentCallSid" not in action.params and "Timestamp" not in action.params
    assert sim.requests[2].params["To"] == "client:joey"
    assert sim.requests[1].params["To"] == "858-987-6543"


def test_call_duration_only_on_completed_and_timestamps_are_rfc2822_utc():
    sim = run(seed_files(), SEED_SCENARIO)
    for request in sim.requests:
        if request.kind != "status-callback":
            continue
        assert RFC2822.match(request.params["Timestamp"]), request.params["Timestamp"]
        assert parsedate_to_datetime(request.params["Timestamp"]).timestamp() == 1767225600 + request.t
        final = request.params["CallStatus"] not in ("initiated", "ringing", "in-progress")
        assert ("CallDuration" in request.params) == final
        assert request.params["CallbackSource"] == "call-progress-events"


# -- sequential, timeout, busy, failed ---------------------------------------------------------------

def test_sequential_rings_one_after_another():
    files = dial_flow(noun("Number", "+15550001") + noun("Client", "joey") + noun("Client", "charlie"),
                      'action="/after" sequential="true" timeout="10"')
    sim = run(files, {"targets": {"number:+15550001": {"outcome": "busy", "ring": 2},
                                  "client:joey": {"outcome": "no-answer"},
                                  "client:charlie": {"outcome": "answer", "ring": 3, "talk": 20}}})
    assert [(r.t, r.target, r.params.get("CallStatus"), r.params.get("SequenceNumber"), r.params["CallSid"])
            for r in sim.requests[1:]] == [
        (0, "number:+15550001", "initiated", "0", CA(2)),
        (2, "number:+15550001", "busy", "1", CA(2)),
        (2, "client:joey", "initiated", "0", CA(3)),
        (3, "client:joey", "ringing", "1", CA(3)),
        (12, "client:joey", "no-answer", "2", CA(3)),
        (12, "client:charlie", "initiated", "0", CA(4)),
        (13, "client:charlie", "ringing", "1", CA(4)),
        (15, "client:charlie", "in-progress", "2", CA(4)),
        (35, "client:charlie", "completed", "3", CA(4)),
        (35, None, "in-progress", None, CA(1)),
    ]
    assert sim.requests[-1].params["DialCallSid"] == CA(4)


def test_sequential_stops_at_the_first_connected_leg():
    files = dial_flow(noun("Client", "a") + noun("Client", "b"), 'sequential="true"')
    sim = run(files, {"targets": {"client:a": {"outcome": "answer", "ring": 1, "talk": 5}}})
    assert [c.target for c in sim.calls[1:]] == ["client:a"]  # b is never initiated


def test_timeout_every_leg_no_answer_and_action_parameters():
    files = dial_flow(noun("Client", "a") + noun("Client", "b"), 'action="/after" timeout="10"')
    sim = run(files, {"targets": {"client:b": {"outcome": "answer", "ring": 12}}})  # later than the timeout
    assert story(sim)[1:] == [
        (0, "status-callback", "client:a", "initiated", "0"),
        (0, "status-callback", "client:b", "initiated", "0"),
        (1, "status-callback", "client:a", "ringing", "1"),
        (1, "status-callback", "client:b", "ringing", "1"),
        (10, "status-callback", "client:a", "no-answer", "2"),
        (10, "status-callback", "client:b", "no-answer", "2"),
        (10, "action", None, "in-progress", None),
    ]
    action = sim.requests[-1].params
    assert (action["DialCallStatus"], action["DialCallSid"], action["DialCallDuration"], action["DialBridged"]) == (
        "no-answer", CA(3), "0", "false")
    assert all(r.params.get("CallDuration") == "0" for r in sim.requests if r.params.get("CallStatus") == "no-answer")


def test_default_timeout_is_30_seconds():
    sim = run(dial_flow(noun("Client", "a")), {})
    assert [r.t for r in sim.requests if r.params.get("CallStatus") == "no-answer"] == [30]


def test_all_busy_gives_busy_all_failed_gives_failed_mixed_gives_no_answer():
    two = noun("Client", "a") + noun("Client", "b")
    for outcomes, expected in ((("busy", "busy"), "busy"), (("failed", "failed"), "failed"),
                               (("busy", "failed"), "no-answer"), (("busy", "no-answer"), "no-answer")):
        sim = run(dial_flow(two), {"targets": {"client:a": {"outcome": outcomes[0], "ring": 1},
                                               "client:b": {"outcome": outcomes[1], "ring": 3}}})
        action = sim.requests[-1]
        assert action.kind == "action" and action.params["DialCallStatus"] == expected, outcomes
    sim = run(dial_flow(two), {"targets": {"client:a": {"outcome": "busy", "ring": 1},
                                           "client:b": {"outcome": "busy", "ring": 3}}})
    assert sim.requests[-1].t == 3  # the Dial ends when its last leg ends


# -- which events are sent ---------------------------------------------------------------------------

def test_status_callback_without_events_sends_only_completed():
    files = dial_flow(noun("Client", "a", events=None) + noun("Number", "+15550002", events=None))
    sim = run(files, {"targets": {"client:a": {"outcome": "answer", "ring": 2, "talk": 10}}})
    callbacks = [r for r in sim.requests if r.kind == "status-callback"]
    assert [(r.t, r.target, r.params["CallStatus"], r.params["SequenceNumber"], r.params["CallDuration"])
            for r in callbacks] == [(2, "number:+15550002", "canceled", "0", "0"),
                                    (12, "client:a", "completed", "0", "10")]


def test_only_listed_events_are_sent_and_sequence_counts_sent_events():
    files = dial_flow(noun("Client", "a", events="ringing completed") + "<Client>nohook</Client>")
    sim = run(files, {"targets": {"client:a": {"outcome": "answer", "ring": 3, "talk": 7}}})
    assert story(sim)[1:-1] == [(1, "status-callback", "client:a", "ringing", "0"),
                                (10, "status-callback", "client:a", "completed", "1")]
    assert [c.status for c in sim.calls[1:]] == ["completed", "canceled"]


def test_status_callback_method_get_and_relative_url():
    files = dial_flow('<Client statusCallback="hooks/status" statusCallbackMethod="GET">a</Client>')
    sim = run(files, {})
    callback = sim.requests[1]
    assert (callback.url, callback.method) == ("https://app.example.com/hooks/status", "GET")


# -- the Dial action and what follows -----------------------------------------------------------------

def test_dial_without_action_continues_with_the_next_verb():
    files = dial_flow(noun("Client", "a"), attrs='timeout="5"')
    sim = run(files, {"targets": {"client:a": {"outcome": "busy", "ring": 2}}})
    assert [r.kind for r in sim.requests] == ["document", "status-callback", "status-callback"]
    assert [s.text for s in sim.steps if s.leg == CA(1)][-1].startswith("Say “after the dial”")
    assert sim.calls[0].duration == 2 + 2  # "after the dial": 3 words at 2.5 words/s


def test_record_adds_recording_parameters_to_completed_and_action():
    files = dial_flow(noun("Client", "a"), 'action="/after" record="record-from-answer" method="GET"')
    sim = run(files, {"targets": {"client:a": {"outcome": "answer", "ring": 2, "talk": 15}}})
    completed, action = sim.requests[-2], sim.requests[-1]
    assert action.method == "GET"
    recording = {"RecordingSid": "RE" + "0" * 31 + "1", "RecordingDuration": "15",
                 "RecordingUrl": f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Recordings/RE"
                                 + "0" * 31 + "1"}
    assert {k: completed.params[k] for k in recording} == recording
    assert {k: action.params[k] for k in recording} == recording
    assert not any("RecordingSid" in r.params for r in sim.requests[:-2])


def test_time_limit_caps_the_talk():
    sim = run(dial_flow(noun("Client", "a"), 'action="/after" timeLimit="20"'),
              {"targets": {"client:a": {"outcome": "answer", "ring": 1, "talk": 100}}})
    assert sim.requests[-1].params["DialCallDuration"] == "20"


def test_bare_number_dial_and_conference():
    sim = run({"/index": '<Response><Dial action="/after">+15551234</Dial></Response>',
               "/after": "<Response/>"}, {"targets": {"number:+15551234": {"outcome": "answer", "ring": 2, "talk": 8}}})
    assert [(c.target, c.status, c.duration) for c in sim.calls[1:]] == [("number:+15551234", "completed", 8)]
    sim = run({"/index": '<Response><Dial action="/after"><Conference>room</Conference></Dial></Response>',
               "/after": "<Response/>"}, {"targets": {"conference:room": {"talk": 40}}})
    action = sim.requests[-1]
    assert (action.t, action.params["DialCallStatus"], action.params["DialBridged"]) == (40, "answered", "true")
    assert len(sim.calls) == 1 and sim.notes
