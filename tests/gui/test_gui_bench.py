"""Smoke test of benchmarks/gui_bench.py: the quick path runs and returns rows of the right shape (no timing)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import SimpleNamespace

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "gui_bench.py"


def test_gui_bench_quick_rows(app):
    spec = importlib.util.spec_from_file_location("gui_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows = module.run(SimpleNamespace(quick=True))
    assert rows
    for row in rows:
        assert set(row) == {"name", "seconds", "floor", "floor_seconds", "ratio", "target", "ok"}
        assert isinstance(row["name"], str) and isinstance(row["target"], str)
        assert row["seconds"] >= 0
        assert row["ok"] in (True, False, None)
        assert (row["floor"] is None) == (row["floor_seconds"] is None) == (row["ratio"] is None)
    # The edit with thousands of findings in view is measured on a flow that really has findings.
    import re

    (broken,) = [row["name"] for row in rows if re.search(r"\d+ findings", row["name"])]
    assert int(re.search(r"(\d+) findings", broken).group(1)) > 0
