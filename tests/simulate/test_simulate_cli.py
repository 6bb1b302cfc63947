"""`flowedit simulate`: JSON and text output, scenario errors as one line with exit code 2."""

from __future__ import annotations

import json
import pytest
from sim_support import SEED_SCENARIO, seed_files, write_flow

from flowedit.cli import main


@pytest.fixture
def seed(tmp_path):
    (tmp_path / "flow").mkdir()
    flow = write_flow(tmp_path / "flow", seed_files(), {"base_url": "https://app.example.com/"})
    scenario = tmp_path / "scenario.json"
    scenario.write_text(json.dumps(SEED_SCENARIO), encoding="utf-8")
    return flow, scenario


def test_json_output_shape(seed, capsys):
    flow, scenario = seed
    assert main(["simulate", str(flow), "--scenario", str(scenario), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) >= {"calls", "requests", "documents"}
    assert out["documents"] == ["/index", "/after"]
    assert out["calls"][0] == {"CallSid": "CA" + "0" * 31 + "1", "ParentCallSid": None, "target": None,
                               "status": "completed", "duration": 36}
    assert set(out["calls"][3]) == {"CallSid", "ParentCallSid", "target", "status", "duration"}
    for request in out["requests"]:
        assert set(request) == {"t", "kind", "target", "url", "method", "params"}
        assert request["kind"] in ("document", "status-callback", "action")
        assert all(isinstance(v, str) for v in request["params"].values())
    assert [r["t"] for r in out["requests"]] == [0, 0, 0, 0, 1, 1, 2, 4, 4, 34, 34]
    assert out["requests"][-1]["params"]["DialCallStatus"] == "completed"


def test_text_output_is_a_timeline(seed, capsys):
    flow, scenario = seed
    assert main(["simulate", str(flow), "--scenario", str(scenario)]) == 0
    out = capsys.readouterr().out
    assert "client:charlie answered" in out and "client:joey completed (canceled)" in out
    assert "DialCallStatus=completed" in out and "documents: /index → /after" in out
    lines = out.splitlines()
    assert lines.index(next(l for l in lines if "number:858-987-6543 completed (busy)" in l)) < lines.index(
        next(l for l in lines if "client:charlie answered" in l))


@pytest.mark.parametrize("text, message", [
    ('{"entry": "/index", "colour": "red"}', "unknown field 'colour'"),
    ('{"targets": {"client:bob": {"outcome": "answer"}}}', "targets['client:bob'] names no target of the flow"),
    ('{"targets": {"client:joey": {"outcome": "maybe"}}}', "outcome is 'maybe'; use one of"),
    ('{"targets": {"client:joey": {"outcome": "answer", "ring": -1}}}', "ring must be a number"),
    ('{"targets": {"client:joey": {"outcome": "answer", "pickup": 1}}}', "unknown field 'pickup'"),
    ('{"entry": "/index",', "not valid JSON"),
    ('[1, 2]', "a scenario is a JSON object"),
])
def test_scenario_errors_are_one_line_exit_2(seed, capsys, text, message):
    flow, scenario = seed
    scenario.write_text(text, encoding="utf-8")
    assert main(["simulate", str(flow), "--scenario", str(scenario)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.strip().splitlines()
    assert len(err) == 1 and message in err[0] and str(scenario) in err[0], err


def test_missing_files_and_usage(seed, tmp_path, capsys):
    flow, scenario = seed
    assert main(["simulate", str(flow), "--scenario", str(tmp_path / "none.json")]) == 2
    assert "no such scenario file" in capsys.readouterr().err
    assert main(["simulate", str(tmp_path / "nothing"), "--scenario", str(scenario)]) == 2
    assert main(["simulate", str(flow)]) == 2
    assert main(["simulate", str(flow), "--scenario", str(scenario), "--allow-remote"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and all(line.startswith("flowedit: error: ") for line in err)


def test_unreadable_flow_document_is_reported_and_exit_1(seed, capsys):
    flow, scenario = seed
    (flow / "broken.xml").write_text("<Response><Say>unclosed</Response>", encoding="utf-8")
    assert main(["simulate", str(flow), "--scenario", str(scenario), "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert "broken.xml" in captured.err and json.loads(captured.out)["documents"] == ["/index", "/after"]
