"""The `flowedit` command line: export, fmt, check, rules, render and simulate, thin over the Qt-free core.

Exit codes: 0 success; 1 a problem in the input (each reported as one `file:line:col:` line);
2 a usage error or a path that cannot be read. No traceback reaches the user: an unexpected failure
is reported in one line as a bug in flowedit, with exit code 3.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import sys
import traceback
from pathlib import Path

from flowedit import __version__
from flowedit.io.errors import ReadError
from flowedit.io.fmt import formatted_bytes
from flowedit.io.folder import LoadedFlow, atomic_write, load_flow, write_flow
from flowedit.io.reader import read_file

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2
EXIT_BUG = EXIT_USAGE  # an unexpected failure (a bug): one line and 2, the traceback with --debug


class UsageError(Exception):
    """A command-line mistake or an unreadable path (exit 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not argparse's usage block
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="flowedit", description="Read, check, format and export Twilio Voice TwiML flows.")
    parser.add_argument("--version", action="version", version=f"flowedit {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="on an unexpected failure (a bug in flowedit), print the traceback too")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    export = commands.add_parser("export", help="read a TwiML file or flow folder and write it through the model",
                                 description="Untouched documents are written byte-for-byte identical.")
    export.add_argument("src", metavar="SRC", type=Path, help="a TwiML file or a flow folder")
    export.add_argument("--out", metavar="DEST", type=Path, required=True,
                        help="the file or folder to write (folders are created)")

    fmt = commands.add_parser("fmt", help="re-indent TwiML files with two spaces, keeping comments")
    fmt.add_argument("files", metavar="FILE", type=Path, nargs="+")
    mode = fmt.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="exit 1 when a file would change; write nothing")
    mode.add_argument("--write", action="store_true", help="rewrite the files in place")

    check = commands.add_parser("check", help="report problems in TwiML files or flow folders")
    check.add_argument("paths", metavar="PATH", type=Path, nargs="+")
    check.add_argument("--format", choices=("text", "json", "sarif"), default="text",
                       help="text lines (default), JSON, or SARIF 2.1.0 for code scanning")

    commands.add_parser("rules", help="list the rules `check` applies: id, severity and what each means")

    render = commands.add_parser("render", help="draw a flow's canvas into a PNG or SVG file",
                                 description="Documents without a saved position are auto-laid out.")
    render.add_argument("path", metavar="PATH", type=Path, help="a TwiML file or a flow folder")
    render.add_argument("-o", "--out", metavar="OUT", type=Path, required=True,
                        help="the image to write: OUT.png or OUT.svg")
    render.add_argument("--width", type=int, metavar="PIXELS", help="width of a PNG (default: twice the canvas)")
    render.add_argument("--dark", action="store_true", help="draw with a dark palette")

    simulate = commands.add_parser(
        "simulate", help="run a call through a flow: Dial legs, call-progress events, status callbacks",
        description="Run a flow through a scenario (a JSON file: who answers, after how long, what the caller "
                    "presses) on a simulated clock and list every request Twilio would send.")
    simulate.add_argument("path", metavar="PATH", type=Path, help="a TwiML file or a flow folder")
    simulate.add_argument("--scenario", metavar="FILE", type=Path, required=True, help="the scenario (JSON)")
    simulate.add_argument("--format", choices=("text", "json"), default="text",
                          help="a readable timeline (default) or JSON {calls, requests, documents, notes}")
    simulate.add_argument("--deliver", action="store_true",
                          help="send each request as real HTTP and report each answer (loopback hosts only)")
    simulate.add_argument("--allow-remote", action="store_true",
                          help="with --deliver, also send to hosts that are not loopback")

    diff = commands.add_parser(
        "diff", help="compare two TwiML files or two flow folders by meaning (exit 1 when they differ)",
        description="Elements are matched structurally; formatting, attribute order, comments and layout are "
                    "ignored. Usable as a git difftool (see the README).")
    diff.add_argument("a", metavar="A", type=Path, help="the old file or flow folder")
    diff.add_argument("b", metavar="B", type=Path, help="the new file or flow folder (same kind as A)")
    diff.add_argument("--format", choices=("text", "json"), default="text",
                      help="one line per difference (default), or JSON {equal, differences}")

    code = commands.add_parser(
        "code", help="print a program that builds a document with the Twilio helper library",
        description="The program (Python or Node) prints the document's TwiML when run; comments are left out.")
    code.add_argument("path", metavar="PATH", type=Path, help="a TwiML file or a flow folder")
    code.add_argument("--lang", choices=("python", "node"), default="python", help="the language (default: python)")
    code.add_argument("--document", metavar="URLPATH",
                      help="in a folder, the document to export, e.g. /index (default: the entry document)")
    return parser


def _load(path: Path) -> LoadedFlow:
    if not path.exists():
        raise UsageError(f"{path}: no such file or folder")
    try:
        return load_flow(path)
    except OSError as err:
        raise UsageError(f"{path}: cannot read: {err.strerror or err}") from None


def _file_of(loaded: LoadedFlow, filename: str) -> str:
    return str(loaded.location if loaded.single_file else loaded.location / filename)


def cmd_export(args) -> int:
    loaded = _load(args.src)
    for error in loaded.errors:
        print(error, file=sys.stderr)
    if args.src.is_dir() and args.out.exists() and not args.out.is_dir():
        raise UsageError(f"{args.out}: a folder is exported into a folder, and this is a file")
    try:
        written = write_flow(loaded, args.out)
    except OSError as err:
        raise UsageError(f"{args.out}: cannot write: {err.strerror or err}") from None
    # The summary is information, not a problem: stdout, so stderr holds exactly one line per problem.
    print(f"wrote {len(written)} file{'s' * (len(written) != 1)} to {args.out}")
    return EXIT_INPUT if loaded.errors else EXIT_OK


def cmd_fmt(args) -> int:
    status = EXIT_OK
    for file in args.files:
        if not file.is_file():
            raise UsageError(f"{file}: no such file")
        try:
            doc = read_file(file)
        except ReadError as err:
            print(err, file=sys.stderr)
            status = EXIT_INPUT
            continue
        except OSError as err:
            raise UsageError(f"{file}: cannot read: {err.strerror or err}") from None
        new = formatted_bytes(doc)
        if args.check:
            if new != file.read_bytes():
                print(f"{file}: would reformat", file=sys.stderr)
                status = EXIT_INPUT
        elif args.write:
            if new != file.read_bytes():
                atomic_write(file, new)
                print(f"{file}: reformatted", file=sys.stderr)
        else:
            sys.stdout.buffer.write(new)
    return status


def cmd_check(args) -> int:
    from flowedit.io.writer import document_bytes
    from flowedit.validate import check_flow, from_read_error
    from flowedit.validate.findings import Finding, Severity
    from flowedit.validate.report import json_report, sarif_report, summary, text_report

    findings: list[Finding] = []
    files = 0
    measure = lambda d: len(document_bytes(d))  # noqa: E731
    for path in args.paths:
        loaded = _load(path)
        files += len(loaded.flow.documents) + sum(e.reason != "manifest" for e in loaded.errors)
        findings.extend(from_read_error(e) for e in loaded.errors)
        found = check_flow(loaded.flow, single_file=loaded.single_file, measure=measure)
        findings.extend(dataclasses.replace(f, file=_file_of(loaded, f.file)) for f in found)
    findings.sort(key=Finding.sort_key)
    if args.format == "json":
        sys.stdout.write(json_report(findings, files))
    elif args.format == "sarif":
        sys.stdout.write(sarif_report(findings))
    else:
        sys.stdout.write(text_report(findings))
        counts = summary(findings, files)
        print(f"{files} file{'s' * (files != 1)} checked: {counts['errors']} error{'s' * (counts['errors'] != 1)}, "
              f"{counts['warnings']} warning{'s' * (counts['warnings'] != 1)}", file=sys.stderr)
    return EXIT_INPUT if any(f.severity is Severity.ERROR for f in findings) else EXIT_OK


def cmd_rules(args) -> int:
    from flowedit.validate import RULES

    width = max(len(rule) for rule in RULES)
    for rule in sorted(RULES):
        info = RULES[rule]
        print(f"{rule:<{width}}  {info.severity.value:<7}  {info.summary}")
    return EXIT_OK


def cmd_render(args) -> int:
    if args.out.suffix.lower() not in (".png", ".svg"):
        raise UsageError(f"{args.out}: the output must end in .png or .svg")
    if args.width is not None and args.width <= 0:
        raise UsageError("--width must be a positive number of pixels")
    _load(args.path)  # an unreadable path is a usage error, before Qt starts
    from flowedit.gui.render import render  # Qt only for this command

    try:
        errors = render(args.path, args.out, width=args.width, dark=args.dark)
    except OSError as err:
        raise UsageError(str(err)) from None
    for error in errors:
        print(error, file=sys.stderr)
    return EXIT_INPUT if errors else EXIT_OK


def cmd_simulate(args) -> int:
    import json

    from flowedit.simulate import Scenario, ScenarioError, simulate
    from flowedit.simulate.targets import check_scenario

    if args.allow_remote and not args.deliver:
        raise UsageError("--allow-remote only applies with --deliver")
    loaded = _load(args.path)
    if not args.scenario.is_file():
        raise UsageError(f"{args.scenario}: no such scenario file")
    try:
        text = args.scenario.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise UsageError(f"{args.scenario}: cannot read: {getattr(err, 'strerror', None) or err}") from None
    try:
        scenario = Scenario.from_text(text, str(args.scenario))
        check_scenario(loaded.flow, scenario, str(args.scenario))
    except ScenarioError as err:
        raise UsageError(str(err)) from None
    for error in loaded.errors:
        print(error, file=sys.stderr)
    sim = simulate(loaded.flow, scenario)
    deliveries = None
    if args.deliver:
        from flowedit.simulate.deliver import deliver

        deliveries = deliver(sim.requests, allow_remote=args.allow_remote)
    if args.format == "json":
        out = sim.as_json()
        for request, delivery in zip(out["requests"], deliveries or []):
            request["delivery"] = delivery.as_json()
        sys.stdout.write(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    else:
        from flowedit.simulate.text import timeline

        sys.stdout.write(timeline(sim, deliveries))
    return EXIT_INPUT if loaded.errors else EXIT_OK


def cmd_diff(args) -> int:
    """Exit 0 when A and B mean the same, 1 when they differ, 2 when they cannot be compared (a read error
    in either: a partial comparison would report a file that did not parse as removed)."""
    import json

    from flowedit.export.diff import diff_documents, diff_flows, json_report, text_lines

    for path in (args.a, args.b):
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
    if args.a.is_dir() != args.b.is_dir():
        raise UsageError(f"compare two files or two flow folders, not a {'folder' if args.a.is_dir() else 'file'} "
                         f"with a {'folder' if args.b.is_dir() else 'file'}")
    if args.a.is_dir():
        flows = [_load(args.a), _load(args.b)]
        errors = [e for loaded in flows for e in loaded.errors]
    else:
        flows, errors = [], []
        for path in (args.a, args.b):
            try:  # one document compared with another: one URL path for both, B's
                flows.append(read_file(path, "/" + args.b.stem))
            except ReadError as err:
                errors.append(err)
            except OSError as err:
                raise UsageError(f"{path}: cannot read: {err.strerror or err}") from None
    if errors:
        for error in errors:
            print(error, file=sys.stderr)
        print("flowedit: error: cannot compare files that do not read (fix them first)", file=sys.stderr)
        return EXIT_USAGE
    if args.a.is_dir():
        old, new = (loaded.flow for loaded in flows)
        differences = diff_flows(old, new)

        def label(document: str) -> str:
            for flow, folder in ((new, args.b), (old, args.a)):
                if document in flow.documents:
                    return str(folder / flow.documents[document].filename)
            return str(args.b)
    else:
        differences = diff_documents(*flows)

        def label(document: str) -> str:  # one document compared: name it as the user did (B)
            return str(args.b)
    if args.format == "json":
        sys.stdout.write(json.dumps(json_report(differences, label), indent=2, ensure_ascii=False) + "\n")
    else:
        for line in text_lines(differences, label):
            print(line)
        counts = {kind: sum(d.kind == kind for d in differences) for kind in ("added", "removed", "moved", "changed")}
        detail = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
        print(f"{len(differences)} difference{'s' * (len(differences) != 1)} ({detail})" if differences
              else "no differences in meaning", file=sys.stderr)
    return EXIT_INPUT if differences else EXIT_OK


def _unread_paths(loaded: LoadedFlow) -> set[str]:
    """URL paths of the folder's TwiML files that could not be read."""
    from flowedit.model.paths import path_for_file

    paths = set()
    for error in loaded.errors:
        try:
            paths.add(path_for_file(Path(error.file).relative_to(loaded.location).as_posix())[0])
        except ValueError:
            continue
    return paths


def cmd_code(args) -> int:
    from flowedit.export.code import generate

    loaded = _load(args.path)
    for error in loaded.errors:
        print(error, file=sys.stderr)
    documents = loaded.flow.documents
    if args.document is None:
        wanted = loaded.flow.entry
        if wanted is None and not loaded.errors:
            raise UsageError(f"{args.path}: the flow has no entry document; pick one with --document "
                             f"({', '.join(sorted(documents)) or 'it has none'})")
    elif loaded.single_file:
        raise UsageError(f"{args.path}: --document picks a document of a flow folder, and this is a file")
    else:
        wanted = "/" + args.document.strip("/")
    doc = documents.get(wanted) if wanted is not None else None
    if doc is None:
        if loaded.single_file or wanted is None or wanted in _unread_paths(loaded):
            return EXIT_INPUT  # its read error is reported above
        raise UsageError(f"{args.path}: no document {wanted} (the flow has {', '.join(sorted(documents))})")
    sys.stdout.write(generate(doc, args.lang))
    return EXIT_INPUT if loaded.errors else EXIT_OK


# A command reads a whole flow into long-lived trees and then allocates small objects by the million.
# CPython's cyclic collector re-scans that ever larger heap again and again: with its default
# thresholds a third of `check` on 1,000 documents, still a quarter with thresholds 70× higher, and it
# made 5,000 documents cost more than 5× 1,000. A command is one short run whose objects are freed by
# reference counting (the flow's few cycles live until exit anyway): checking 5,000 documents peaked at
# 323 MB without the collector against 313 MB with it. So it is off while a command runs, and back on
# (as it was) when `main` returns to an in-process caller.
def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _main(argv)
    finally:
        if was_enabled:
            gc.enable()


def _main(argv: list[str] | None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            raise UsageError("give a command: export, fmt, check, rules, render or simulate "
                             "(see 'flowedit --help')")
        return {"export": cmd_export, "fmt": cmd_fmt, "check": cmd_check, "rules": cmd_rules,
                "render": cmd_render, "simulate": cmd_simulate, "diff": cmd_diff,
                "code": cmd_code}[args.command](args)
    except UsageError as err:
        print(f"flowedit: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # a bug: one line, never a traceback (rule of the CLI) unless asked for
        debug = "--debug" in (sys.argv[1:] if argv is None else [str(a) for a in argv])
        hint = "" if debug else " (run again with --debug for the traceback)"
        print(f"flowedit: internal error (a bug in flowedit, please report it): {type(err).__name__}: {err}{hint}",
              file=sys.stderr)
        if debug:
            traceback.print_exc(file=sys.stderr)
        return EXIT_BUG


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
