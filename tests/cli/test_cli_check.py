"""`flowedit check`: the text, JSON and SARIF reports and the exit-code contract (0 / 1 / 2)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from flowedit.cli import main

CLEAN = {
    "index.xml": b'<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Gather action="/menu" numDigits="1">\n'
                 b"    <Say>Press 1.</Say>\n  </Gather>\n  <Redirect>/index</Redirect>\n</Response>\n",
    "menu.xml": b'<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Dial action="/done" timeout="20">\n'
                b'    <Client url="/screen">alice</Client>\n    <Number>+14155550100</Number>\n  </Dial>\n</Response>\n',
    "screen.xml": b"<Response><Say>Incoming call.</Say></Response>\n",
    "done.xml": b"<Response><Hangup/></Response>\n",
}
TEXT_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|info) (?P<rule>[a-z0-9-]+): .+$")


def write_tree(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.out, out.err


def test_a_clean_flow_gives_no_finding_and_exit_0(tmp_path, capsys):
    src = write_tree(tmp_path / "flow", CLEAN)
    code, stdout, stderr = run(capsys, "check", "--format", "json", src)
    report = json.loads(stdout)
    assert code == 0 and stderr == "", report
    assert report == {"findings": [], "summary": {"errors": 0, "warnings": 0, "files": 4}}
    code, stdout, stderr = run(capsys, "check", src)
    assert code == 0 and stdout == "" and stderr == "4 files checked: 0 errors, 0 warnings\n"


def test_text_lines_follow_the_contract(tmp_path, capsys):
    file = tmp_path / "wrong.xml"
    file.write_bytes(b"<?xml version='1.0'?>\n<Reponse>\n  <Say>Hi</Say>\n</Reponse>\n")
    code, stdout, _ = run(capsys, "check", file)
    assert code == 1
    lines = stdout.splitlines()
    parsed = [TEXT_LINE.match(line) for line in lines]
    assert all(parsed), lines
    root = next(m for m in parsed if m["rule"] == "root-not-response")
    assert (root["file"], root["line"], root["col"], root["sev"]) == (str(file), "2", "1", "error")


def test_json_report_has_the_contract_keys_and_summary(tmp_path, capsys):
    wrong = tmp_path / "wrong.xml"
    wrong.write_bytes(b"<Reponse/>")
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<Response>\n  <Say>unclosed\n</Response>\n")
    doctype = tmp_path / "xxe.xml"
    doctype.write_bytes(b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<Response>&x;</Response>')
    code, stdout, stderr = run(capsys, "check", "--format", "json", wrong, bad, doctype)
    assert code == 1 and stderr == ""
    report = json.loads(stdout)
    assert report["summary"]["files"] == 3 and report["summary"]["errors"] >= 3
    for finding in report["findings"]:
        assert set(finding) == {"rule", "severity", "message", "file", "line", "column", "path", "hint"}
    by_rule = {f["rule"]: f for f in report["findings"]}
    assert by_rule["root-not-response"]["file"] == str(wrong) and by_rule["root-not-response"]["path"] == "/Reponse"
    assert (by_rule["xml-malformed"]["file"], by_rule["xml-malformed"]["line"]) == (str(bad), 3)
    assert by_rule["xml-forbidden-construct"]["file"] == str(doctype)


def test_sarif_report_is_sarif_2_1_0_with_relative_locations(tmp_path, capsys, monkeypatch):
    src = write_tree(tmp_path / "flow", {**CLEAN, "menu.xml": CLEAN["menu.xml"].replace(b"/screen", b"/screne")})
    monkeypatch.chdir(tmp_path)
    code, stdout, _ = run(capsys, "check", "--format", "sarif", "flow")
    assert code == 1
    log = json.loads(stdout)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    (run_,) = log["runs"]
    rules = run_["tool"]["driver"]["rules"]
    assert run_["tool"]["driver"]["name"] == "flowedit" and {r["id"] for r in rules} >= {"broken-link"}
    (result,) = [r for r in run_["results"] if r["ruleId"] == "broken-link"]
    assert rules[result["ruleIndex"]]["id"] == "broken-link" and result["level"] == "error"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "flow/menu.xml"
    assert location["region"] == {"startLine": 4, "startColumn": 13}
    assert result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "/Response/Dial/Client"
    assert src.exists()


def test_exit_codes_usage_and_unreadable_paths(tmp_path, capsys):
    code, _, stderr = run(capsys, "check", tmp_path / "nope")
    assert code == 2 and len(stderr.splitlines()) == 1
    code, _, stderr = run(capsys, "check", "--format", "yaml", tmp_path)
    assert code == 2 and len(stderr.splitlines()) == 1


def test_malformed_input_is_a_finding_not_a_crash_in_a_real_process(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"\x00\x01binary")
    proc = subprocess.run([sys.executable, "-m", "flowedit", "check", "--format", "json", str(bad)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    (finding,) = json.loads(proc.stdout)["findings"]
    assert finding["rule"] == "xml-malformed" and finding["file"] == str(bad)


CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "real"
# Every error `flowedit check` reports on the real corpus, file by file, reviewed: library tests with
# dummy values, empty elements, and the one deliberately malformed file. Nothing from Twilio's own
# documentation snippets is an error.
CORPUS_ERRORS = {
    ("api-snippets-history/sip-3-at-db0affa.xml", "xml-malformed"),  # a raw & in a SIP URI
    ("twilio-node/serialize-gather.xml", "attribute-invalid-value"),  # finishOnKey="abcd"
    ("twilio-ruby/enqueue-enqueue-task-with-a-dictionary-and-appending-enqueue.xml",
     "attribute-invalid-value"),  # workflowSid="123123123"
    ("twilio-node/serialize-enqueue-task.xml", "text-invalid-value"),  # <Task>foo</Task> is not JSON
    ("twilio-python/dial-sim.xml", "text-invalid-value"),  # <Sim>123123123</Sim> is no SIM SID
}


@pytest.mark.corpus
def test_the_real_corpus_file_by_file(capsys):
    if not CORPUS.is_dir():
        pytest.skip(f"the corpus is not at {CORPUS}")
    files = sorted(CORPUS.rglob("*.xml"))
    code, stdout, _ = run(capsys, "check", "--format", "json", *files)
    report = json.loads(stdout)
    assert report["summary"]["files"] == len(files) and code == 1
    rules = {f["rule"] for f in report["findings"]}
    assert "internal-error" not in rules
    errors = {(Path(f["file"]).relative_to(CORPUS).as_posix(), f["rule"])
              for f in report["findings"] if f["severity"] == "error"}
    missing_text = {e for e in errors if e[1] == "missing-required-text"}
    assert all(file.startswith("twilio-ruby/") for file, _ in missing_text)  # <Client/>, <Redirect/>, <Say/>
    assert errors - missing_text == CORPUS_ERRORS


def test_rules_lists_the_catalog(capsys):
    code, stdout, _ = run(capsys, "rules")
    lines = stdout.splitlines()
    assert code == 0 and len(lines) >= 27
    by_id = {line.split()[0]: line.split()[1] for line in lines}
    assert by_id["dial-too-many-targets"] == "error" and by_id["redirect-loop"] == "warning"


def test_a_command_runs_without_the_cyclic_collector_and_restores_it(tmp_path, capsys):
    """The CLI switches the cyclic collector off while it runs (a short batch process), and leaves an
    in-process caller's collector as it was."""
    import gc

    from flowedit import cli

    seen = []
    original = cli.cmd_check
    try:
        cli.cmd_check = lambda args: seen.append(gc.isenabled()) or 0
        assert gc.isenabled()
        assert cli.main(["check", str(tmp_path)]) == 0
        assert gc.isenabled()
        gc.disable()
        assert cli.main(["check", str(tmp_path)]) == 0
        assert not gc.isenabled()  # a caller that had it off keeps it off
    finally:
        gc.enable()
        cli.cmd_check = original
    assert seen == [False, False]
