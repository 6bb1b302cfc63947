"""`flowedit check --jobs N`: checking a large flow's documents in forked processes gives exactly the
findings of the serial check."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from flowedit.io.folder import load_flow
from flowedit.io.writer import document_bytes
from flowedit.validate import Validator, check_flow, parallel

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")


def _folder(tmp_path: Path, documents: int) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from flows import write_flow_folder
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    folder = tmp_path / "flow"
    write_flow_folder(folder, documents)
    # Some documents the screen cannot clear, so that findings come back from the helpers too.
    for number, file in enumerate(sorted(folder.rglob("line*.xml"))[::37]):
        text = file.read_text()
        text = text.replace('method="POST"', 'method="post"', 1) if number % 2 else text.replace(
            "<Pause", "<Hangup/><Pause", 1)
        file.write_text(text)
    return folder


def test_a_parallel_check_finds_exactly_what_the_serial_check_finds(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "PER_JOB", 50)
    folder = _folder(tmp_path, 300)
    measure = lambda doc: len(document_bytes(doc))  # noqa: E731
    serial = check_flow(load_flow(folder).flow, measure=measure)
    assert len({f.rule for f in serial}) >= 2  # findings of several rules from several documents
    helpers = parallel.start(folder, 3, measure=measure)
    assert helpers is not None and len(helpers.pipes) == 2  # two helpers were forked
    flow = load_flow(folder).flow
    validator = Validator(flow, measure=measure)
    helpers.collect(validator)
    strip = lambda found: [(f.rule, f.file, f.line, f.column, f.message) for f in found]  # noqa: E731
    assert strip(validator.check()) == strip(serial)
    adopted = sum(1 for doc in flow.documents.values() if doc.path not in validator.last_rechecked)
    assert adopted >= 150  # the helpers' documents were taken, not checked again


def test_a_file_changed_after_a_helper_read_it_is_checked_again(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "PER_JOB", 50)
    folder = _folder(tmp_path, 120)
    helpers = parallel.start(folder, 2)
    assert helpers is not None
    changed = sorted(folder.rglob("*.xml"))[1]
    changed.write_text(changed.read_text().replace("<Pause", "<Hangup/><Pause", 1))
    flow = load_flow(folder).flow
    validator = Validator(flow)
    helpers.collect(validator)
    found = validator.check()
    assert changed.name in {Path(f.file).name for f in found if f.rule == "unreachable-verb"}


def test_small_folders_are_not_forked(tmp_path):
    assert parallel.start(_folder(tmp_path, 20), 4) is None


def test_the_command_line_gives_the_same_report_with_and_without_helpers(tmp_path, monkeypatch, capsys):
    from flowedit import cli

    monkeypatch.setattr(parallel, "PER_JOB", 50)
    folder = _folder(tmp_path, 150)
    reports = []
    for jobs in ("1", "2"):
        code = cli.main(["check", "--format", "json", "--jobs", jobs, str(folder)])
        reports.append((code, capsys.readouterr().out))
    assert reports[0] == reports[1] and reports[0][0] == 1
