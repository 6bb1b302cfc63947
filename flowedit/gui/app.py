"""`flowedit-gui`: the entry point, and the only place that creates the QApplication.

Order matters here. `--help` and `--version` are answered first, without Qt, so they work anywhere.
Then, still before Qt is imported, `preflight` checks for a display and that PySide6 loads, so that
a headless shell or a missing system library gets one line on stderr and exit code 2 rather than
Qt's abort. Only then is the QApplication created; the remaining arguments are parsed from
`app.arguments()`, which Qt has already stripped of its own options (`-platform`, `-style` …).
This module imports no Qt at import time, so those checks can run where Qt cannot; nor argparse and
the checks themselves, which only `main` needs (a window made by other code imports this module for
`configure_application` alone, and should not pay for them).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from flowedit import __version__

if TYPE_CHECKING:
    import argparse

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from flowedit.gui.main_window import MainWindow

PROG = "flowedit-gui"
ORGANIZATION = "flowedit"
DOMAIN = "flowedit.io"
APPLICATION = "flowedit"
DESKTOP_FILE = "io.flowedit.FlowEdit"
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog=PROG, description="The flowedit desktop editor for Twilio Voice call flows (TwiML).",
        epilog="Qt's own options (-platform, -style, …) are accepted too. "
               "Without PATH, the bundled example flow opens.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("path", metavar="PATH", nargs="?", type=Path,
                        help="a TwiML file, or a flow folder (TwiML files, optionally flowedit.json)")
    parser.add_argument("--new", action="store_true",
                        help="start with a new, empty flow instead of the bundled example")
    parser.add_argument("--smoke", action="store_true",
                        help="check that the editor works, without a person: open PATH (default: the bundled "
                             "example), draw its canvas in memory, print one line and exit 0 (1 on failure); "
                             "works with QT_QPA_PLATFORM=offscreen")
    return parser


def _say(message: str) -> None:
    # A GUI-subsystem launcher on Windows has no stderr at all.
    if sys.stderr is not None:
        print(f"{PROG}: {message}", file=sys.stderr)


def configure_application(app: QApplication) -> None:
    """Names (before any QSettings is made: they choose where settings live), the style, the desktop file."""
    from flowedit.gui.pyside_scan import tell_pyside

    tell_pyside()  # before the window's modules are imported: PySide need not read their sources
    app.setOrganizationName(ORGANIZATION)
    app.setOrganizationDomain(DOMAIN)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(DESKTOP_FILE)  # Wayland and the task bar match the window to the .desktop file
    app.setStyle("Fusion")  # a consistent look everywhere, and it follows the light/dark palette
    from PySide6.QtGui import QIcon

    from flowedit.gui import assets

    # Title bars and task bars without a .desktop file to go by (X11, Windows before the .exe's icon).
    app.setWindowIcon(QIcon(str(assets.resource(assets.APP_ICON))))


def create_window(path: Path | None, settings: QSettings | None = None, *, new: bool = False) -> MainWindow:
    """The main window showing `path`, or the bundled example flow when `path` is None and not `new`
    (then the window starts empty)."""
    from flowedit.gui import assets
    from flowedit.gui.main_window import MainWindow

    window = MainWindow(settings)
    if path is not None:
        window.open_path(path)
    elif not new:
        try:
            window.open_path(assets.example_flow(), remember=False)
        except FileNotFoundError as err:
            window.statusBar().showMessage(str(err))
    return window


def main(argv: list[str] | None = None) -> int:
    """Run the editor; returns the exit code (2 for usage errors and when the GUI cannot start)."""
    argv = list(sys.argv if argv is None else argv)
    parser = build_parser()
    asked = [arg for arg in argv[1:] if arg in ("-h", "--help", "--version")]
    if asked:
        try:
            parser.parse_args(asked[:1])
        except SystemExit as done:
            return int(done.code or 0)

    from flowedit.gui.preflight import display_problem, qt_import_problem, uses_xcb, xcb_problem

    problem = display_problem(os.environ, sys.platform, argv[1:])
    if not problem and uses_xcb(os.environ, sys.platform, argv[1:]):
        import ctypes

        problem = xcb_problem(ctypes.CDLL)
    if problem:
        _say(problem)
        return EXIT_USAGE
    try:
        from PySide6.QtWidgets import QApplication
    except ImportError as err:
        _say(qt_import_problem(err))
        return EXIT_USAGE

    app = QApplication.instance() or QApplication(argv)
    configure_application(app)
    try:
        args = parser.parse_args(app.arguments()[1:])
    except SystemExit as done:
        return int(done.code or 0)
    if args.new and (args.path is not None or args.smoke):
        _say("--new starts an empty window: give it without PATH and without --smoke")
        return EXIT_USAGE
    if args.smoke:  # before the crash handler and recovery: a smoke run leaves no logs and asks nothing
        from flowedit.gui import smoke

        return smoke.run(app, args.path)
    from flowedit.gui import crash, file_open

    # macOS hands files opened from Finder over as events, possibly before the window exists.
    opener = file_open.install(app) if file_open.NEEDED else None

    handler = crash.install()  # before the first flow is read: a failure while opening is logged too
    window = create_window(args.path, new=args.new)
    handler.parent = window
    if opener is not None:
        opener.attach(window)
    window.show()
    # Once the window is up: offer the unsaved work of editors that crashed (see recovery_dialog).
    from PySide6.QtCore import QTimer

    from flowedit.gui.recovery_dialog import offer_recovery

    QTimer.singleShot(0, window, lambda: offer_recovery(window))
    return app.exec()
