"""The benchmark runner works and reports in the documented shape (timings are never asserted)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from lxml import etree

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCH))

import core_bench  # noqa: E402
import flows  # noqa: E402
import run  # noqa: E402

KEYS = {"name", "seconds", "floor", "floor_seconds", "ratio", "target", "ok"}


def test_write_flow_folder_is_deterministic_and_realistic(tmp_path):
    first = flows.write_flow_folder(tmp_path / "a", 12, seed=3)
    second = flows.write_flow_folder(tmp_path / "b", 12, seed=3)
    assert [p.relative_to(tmp_path / "a") for p in first] == [p.relative_to(tmp_path / "b") for p in second]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first, second))
    doc = etree.parse(str(tmp_path / "a" / "index.xml")).getroot()
    elements = [e for e in doc.iter() if isinstance(e.tag, str)]
    assert 15 <= len(elements) <= 25
    assert {"Say", "Gather", "Dial", "Client", "Number", "Parameter", "Redirect"} <= {e.tag for e in elements}
    from flowedit.io.folder import load_flow
    from flowedit.validate import check_flow
    loaded = load_flow(tmp_path / "a")
    assert not loaded.errors and len(loaded.flow.documents) == 14
    assert not [f for f in check_flow(loaded.flow) if f.severity.value == "error"]


def test_single_document_size():
    root = etree.fromstring(flows.single_document(400))
    assert 350 <= sum(isinstance(e.tag, str) for e in root.iter()) <= 400


def test_core_bench_functions_shape(tmp_path):
    folders = core_bench.Folders(tmp_path)
    results = (core_bench.bench_read(folders, (20,), repeat=1) + core_bench.bench_check(folders, (20,), repeat=1)
               + core_bench.bench_incremental(20, repeat=3) + core_bench.bench_save(folders, 20, repeat=1)
               + core_bench.bench_single(200, repeat=1))
    for r in results:
        assert set(r) == KEYS
        assert r["seconds"] > 0 and isinstance(r["name"], str) and isinstance(r["target"], str)
        assert r["ok"] in (True, False, None)
        if r["floor"] is not None:
            assert r["floor_seconds"] > 0 and r["ratio"] is not None


def test_runner_quick_writes_json(tmp_path, capsys):
    out = tmp_path / "results.json"
    code = run.main(["--quick", "--sizes", "10,20", "--repeat", "1", "--keystrokes", "3",
                     "--elements", "200", "--no-gui", "--json", str(out)])
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert code in (0, 1) and payload["ok"] == (code == 0)
    assert payload["sizes"] == [10, 20]
    names = [r["name"] for r in payload["results"]]
    assert any(n.startswith("read flow") for n in names) and any(n.startswith("flowedit check") for n in names)
    assert any(n.startswith("incremental check") for n in names) and any(n.startswith("save flow") for n in names)
    assert all(set(r) == KEYS for r in payload["results"])
    printed = capsys.readouterr().out
    assert "benchmark" in printed and "ratio" in printed
