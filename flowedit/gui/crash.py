"""Unexpected exceptions in the editor: logged with their traceback, shown, and survived.

PySide6 hands an exception raised in a slot, an event handler or a virtual override (`paint`,
`mousePressEvent` …) to `sys.excepthook` and carries on with the event loop. The default hook prints to
a stderr nobody sees (a desktop launcher has none). `install()` replaces it: each exception is appended
with its traceback to a log file in the application's data location (`QStandardPaths`, rotated by the
`logging` module so it cannot grow without bound), and a dialog says what happened, that the work is
still open (save it), and where the log is. The editor keeps running.

Guards, because a failing handler must not make things worse: an exception raised while the dialog
is up (say, in a paint event under it) is logged but not shown again, repeated exceptions are shown at
most once per `QUIET_SECONDS`, and a failure of the log itself falls back to stderr.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
import time
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QStandardPaths, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from flowedit import __version__

LOG_NAME = "flowedit.log"
QUIET_SECONDS = 10.0  # a burst of the same failure (a paint called 60 times a second) shows one dialog
_LOGGER = "flowedit.crash"


def log_directory() -> Path:
    """Where the crash log lives: the application's local data folder, `logs/`."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(base or Path.home() / ".flowedit") / "logs"


class CrashHandler:
    """The installed hook (see the module docstring). `shown` counts the dialogs it showed."""

    def __init__(self, log_file: Path, parent: QWidget | None = None) -> None:
        self.log_file = log_file
        self.parent = parent
        self.shown = 0
        self.logged = 0
        self._showing = False
        self._last_shown = float("-inf")
        self._previous = sys.excepthook
        self._previous_thread = threading.excepthook
        self._logger = logging.getLogger(_LOGGER)
        self._logger.propagate = False
        self._logger.setLevel(logging.ERROR)
        self._handler: logging.Handler | None = None
        try:
            log_file.parent.mkdir(parents=True, exist_ok=True)
            self._handler = logging.handlers.RotatingFileHandler(log_file, maxBytes=1_000_000, backupCount=3,
                                                                 encoding="utf-8", delay=True)
            self._handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
            self._logger.addHandler(self._handler)
        except OSError as err:  # an unwritable data folder must not stop the editor from starting
            print(f"flowedit: cannot write the crash log {log_file}: {err.strerror or err}", file=sys.stderr)

    # -- the hooks ---------------------------------------------------------------------------------
    def excepthook(self, kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):  # Ctrl+C in the terminal that started it: quit as usual
            self._previous(kind, error, tb)
            return
        self.record(kind, error, tb)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        # Log from the thread; the dialog must be shown by the GUI thread.
        self._log(args.exc_type, args.exc_value, args.exc_traceback)
        QTimer.singleShot(0, lambda: self._show(args.exc_type, args.exc_value))

    def record(self, kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        """Log one exception and (unless quiet) show it."""
        self._log(kind, error, tb)
        self._show(kind, error)

    # -- log and dialog ----------------------------------------------------------------------------
    def _log(self, kind, error, tb) -> None:
        text = "".join(traceback.format_exception(kind, error, tb))
        self.logged += 1
        if self._handler is None:
            sys.stderr.write(text)
            return
        try:
            self._logger.error("unexpected exception in flowedit %s\n%s", __version__, text.rstrip())
            self._handler.flush()
        except Exception:  # noqa: BLE001 - the log itself failed: stderr is all that is left
            sys.stderr.write(text)

    def _show(self, kind, error) -> None:
        now = time.monotonic()
        if self._showing or now - self._last_shown < QUIET_SECONDS:
            return
        if QApplication.instance() is None:
            return
        self._showing, self._last_shown = True, now
        try:
            box = self.message_box(kind, error)
            self.shown += 1
            box.exec()
        finally:
            self._showing = False

    def message_box(self, kind, error) -> QMessageBox:
        """The dialog that reports one exception (made separately so tests can look at it)."""
        where = str(self.log_file) if self._handler is not None else "the terminal (the log could not be written)"
        box = QMessageBox(QMessageBox.Icon.Critical, "Something Went Wrong",
                          "flowedit hit an unexpected error and stopped what it was doing.",
                          QMessageBox.StandardButton.Ok, self.parent)
        box.setInformativeText(
            f"{kind.__name__}: {error}\n\nYour flow is still open: save it (or Save As) before going on. "
            f"The details are in {where}; please attach that file when you report the problem.")
        box.setObjectName("crashDialog")
        return box

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self._previous, self._previous_thread
        if self._handler is not None:
            self._logger.removeHandler(self._handler)
            self._handler.close()


def install(parent: QWidget | None = None, log_file: Path | None = None) -> CrashHandler:
    """Route unexpected exceptions (GUI thread and other threads) to a `CrashHandler`."""
    handler = CrashHandler(log_file or log_directory() / LOG_NAME, parent)
    sys.excepthook = handler.excepthook
    threading.excepthook = handler.thread_excepthook
    return handler
