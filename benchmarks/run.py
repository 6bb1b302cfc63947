"""`make bench`: speed targets, measured as ratios in one run (never as timed unit tests).

Each benchmark prints its figures and whether its target holds; the exit code is 1 when a target is
missed. Run: `python benchmarks/run.py [--documents N] [--repeat K]`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from flows import generated_flow  # noqa: E402

from flowedit.io.writer import document_bytes  # noqa: E402
from flowedit.layout import engine_for, layout_documents  # noqa: E402
from flowedit.validate import Validator, check_flow  # noqa: E402


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def bench_live_validation(documents: int, repeat: int) -> bool:
    """Re-checking after one edit (the editor's keystroke path) against a full check of the flow."""
    flow = generated_flow(documents)
    measure = lambda doc: len(document_bytes(doc))  # noqa: E731
    full = []
    for _ in range(3):
        start = time.perf_counter()
        check_flow(flow, measure=measure)
        full.append(time.perf_counter() - start)
    validator = Validator(flow, measure=measure)
    validator.check()
    keystrokes = []
    doc = flow.document(f"/step{documents // 2}")
    say = doc.child_elements(doc.root_id)[0]
    for i in range(repeat):
        start = time.perf_counter()
        doc.set_text(say, f"Welcome to step {i}.")  # one keystroke's edit …
        validator.check()  # … and the check the editor runs after it
        keystrokes.append(time.perf_counter() - start)
    full_time = min(full)
    median = statistics.median(keystrokes)
    p95 = sorted(keystrokes)[int(0.95 * (len(keystrokes) - 1))]
    ratio = median / full_time
    budget = 0.050  # a check per keystroke must not be felt: 50 ms at most at the 95th percentile
    ok = p95 <= budget and ratio <= 0.25
    print(f"live validation, {documents} documents ({sum(len(list(d.iter_ids())) for d in flow.documents.values())} nodes)")
    print(f"  full check            {_ms(full_time)}")
    print(f"  edit + re-check       {_ms(median)} median, {_ms(p95)} p95 over {repeat} keystrokes")
    print(f"  ratio re-check/full   {ratio:8.3f}   target ≤ 0.25 and p95 ≤ {budget * 1000:.0f} ms: "
          f"{'PASS' if ok else 'FAIL'}")
    return ok


def bench_layout(sizes: tuple[int, ...] = (50, 100, 1000), repeat: int = 3) -> bool:
    """Auto-layout of whole generated flows (uniform frames), best of `repeat` runs each.

    The generated flows are one long chain whose every step also links to one shared screening
    document, so a layered drawing would need about n²/2 dummy nodes: above the work budget the
    linear layering replaces grandalf, and the output says which engine laid out each flow.
    """
    budget = 5.0  # seconds for 1000 documents: a generous ceiling for an on-demand "tidy up"
    ok = True
    print("auto-layout, whole flow, LR")
    for documents in sizes:
        flow = generated_flow(documents)
        frames = {path: (240.0, 150.0) for path in flow.documents}
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            layout_documents(flow, frames)
            times.append(time.perf_counter() - start)
        engines = ", ".join(f"{name} ×{count}" for name, count in engine_for(flow).items() if count)
        best = min(times)
        line = f"  {documents:5d} documents      {_ms(best)}   engine: {engines}"
        if documents == 1000:
            ok = best <= budget
            line += f"   target ≤ {budget:.0f} s: {'PASS' if ok else 'FAIL'}"
        print(line)
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=60)
    args = parser.parse_args()
    results = [bench_live_validation(args.documents, args.repeat), bench_layout()]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
