"""`make bench`: speed targets, measured as ratios in one run (never as timed unit tests).

Runs the core benchmarks (`core_bench`) and, when present, the GUI benchmarks (`gui_bench`), prints
one table (name, time, floor, ratio, target, PASS/FAIL), writes the figures as JSON to
benchmarks/results.json and exits 1 when a target is missed.

Run: `python benchmarks/run.py [--quick] [--sizes 100,1000,5000] [--json PATH]`.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import core_bench  # noqa: E402

DEFAULT_SIZES = (100, 1000, 5000)
QUICK_SIZES = (100, 1000)


def _time(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.2f} s"


def _status(ok: bool | None) -> str:
    return "-" if ok is None else ("PASS" if ok else "FAIL")


def table(results: list[dict]) -> str:
    """The results as a plain-text table."""
    rows = [("benchmark", "time", "floor", "floor time", "ratio", "target", "result")]
    for r in results:
        rows.append((r["name"], _time(r["seconds"]), r["floor"] or "-", _time(r["floor_seconds"]),
                     "-" if r["ratio"] is None else f"{r['ratio']:.2f}×", r["target"] or "-", _status(r["ok"])))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    right = {1, 3, 4}
    lines = []
    for index, row in enumerate(rows):
        cells = [cell.rjust(w) if i in right else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError("give sizes as numbers separated by commas, e.g. 100,1000") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes must be positive")
    return sizes


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help=f"flow sizes {QUICK_SIZES} only, fewer keystrokes")
    parser.add_argument("--sizes", type=_sizes, default=None, help="flow sizes in documents, e.g. 100,1000,5000")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per figure (the best counts)")
    parser.add_argument("--keystrokes", type=int, default=None, help="edits timed by the incremental bench")
    parser.add_argument("--elements", type=int, default=10_000, help="elements of the single large document")
    parser.add_argument("--json", type=Path, default=HERE / "results.json", help="where to write the results")
    parser.add_argument("--no-gui", action="store_true", help="skip the GUI benchmarks")
    args = parser.parse_args(argv)
    if args.sizes is None:
        args.sizes = QUICK_SIZES if args.quick else DEFAULT_SIZES
    if args.keystrokes is None:
        args.keystrokes = 20 if args.quick else 60
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    progress = lambda label: print(f"… {label}", file=sys.stderr, flush=True)  # noqa: E731
    results = core_bench.run(args.sizes, repeat=args.repeat, keystrokes=args.keystrokes,
                             elements=args.elements, progress=progress)
    if not args.no_gui and importlib.util.find_spec("gui_bench") is not None:
        import gui_bench  # written separately; optional

        progress("gui")
        results.extend(gui_bench.run(args) or [])
    print(table(results))
    failed = [r["name"] for r in results if r["ok"] is False]
    payload = {
        "python": platform.python_version(), "machine": platform.machine(), "platform": platform.platform(),
        "sizes": list(args.sizes), "repeat": args.repeat, "seconds": time.perf_counter() - started,
        "ok": not failed, "results": results,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\n{len(results)} figures, {len(failed)} target{'s' * (len(failed) != 1)} missed; "
          f"JSON written to {args.json}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
