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


def _flow(tmp_path: Path, documents: int):
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
    return load_flow(folder).flow


def test_a_parallel_check_finds_exactly_what_the_serial_check_finds(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "PER_JOB", 50)
    flow = _flow(tmp_path, 300)
    measure = lambda doc: len(document_bytes(doc))  # noqa: E731
    serial = check_flow(flow, measure=measure)
    assert len({f.rule for f in serial}) >= 2  # findings of several rules from several documents
    validator = Validator(flow, measure=measure)
    assert parallel.prefill(validator, 3) == 3  # two helpers were forked
    together = validator.check()
    strip = lambda found: [(f.rule, f.file, f.line, f.column, f.message) for f in found]  # noqa: E731
    assert strip(together) == strip(serial)


def test_small_flows_are_not_forked(tmp_path):
    flow = _flow(tmp_path, 20)
    assert parallel.prefill(Validator(flow), 4) == 1
