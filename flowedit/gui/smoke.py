"""`flowedit-gui --smoke`: start the editor on a flow, draw its canvas in memory, check it, and exit.

A check that a build works with nobody at the screen — a frozen bundle, a fresh install, a CI machine
under `QT_QPA_PLATFORM=offscreen`: the Qt platform plugin loads, the package data is found, the main
window with its panels is built, the flow opens, the canvas draws, and the SVG image and icon plugins
render the application icon. It prints one line and returns 0, or one line saying what failed and 1.

The window gets settings of its own in a temporary folder, so a smoke run leaves the user's window
layout and recent files alone.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QLibraryInfo, QRectF, QSettings, Qt, qInstallMessageHandler
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

MIN_DRAWN = 0.01  # of the canvas image's pixels not the background: an empty canvas draws none
IMAGE_WIDTH = 800  # enough to see every frame, small enough to count pixels quickly
BENIGN_QT_MESSAGES = ("does not support propagateSizeHints",)  # the offscreen platform, on every show
SETTLE_SECONDS = 0.3  # how long the event loop runs after the window is shown


class SmokeFailure(Exception):
    """What the smoke test found wrong, in one line."""


def run(app: QApplication, path: Path | None = None) -> int:
    """The smoke test as `flowedit-gui --smoke [PATH]` runs it; returns the exit code."""
    # Qt's own messages (offscreen: "This plugin does not support propagateSizeHints()") would break the
    # one-line promise; they are kept, and the last telling one is quoted when the test fails.
    said: list[str] = []

    def keep(_kind, _context, message: str) -> None:
        if not any(known in message for known in BENIGN_QT_MESSAGES):
            said.append(message)

    previous = qInstallMessageHandler(keep)
    try:
        summary = check(app, path)
    except Exception as err:  # one line for any failure, as the entry point promises
        reason = str(err) if isinstance(err, SmokeFailure) else f"{type(err).__name__}: {err}"
        if said:
            reason += f" (Qt said: {said[-1]})"
        if sys.stderr is not None:
            print(f"flowedit-gui: smoke test failed: {reason}", file=sys.stderr)
        return 1
    finally:
        qInstallMessageHandler(previous)
    if sys.stdout is not None:
        print(f"flowedit-gui: smoke test passed: {summary}")
    return 0


def check(app: QApplication, path: Path | None = None) -> str:
    """Open `path` (default: the bundled example) in a main window and check what it shows; a summary."""
    from flowedit.gui.app import create_window

    with tempfile.TemporaryDirectory(prefix="flowedit-smoke-") as folder:
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        window = create_window(path, settings)
        try:
            window.show()
            _settle(app)
            documents = len(window.session.flow.documents)
            if documents == 0:
                shown = window.statusBar().currentMessage() or "no document was read"
                raise SmokeFailure(f"the flow did not open: {shown}")
            if window.session.modified:
                raise SmokeFailure("opening the flow marked it as changed")
            image, drawn = _draw_canvas(window.scene)
            if drawn < MIN_DRAWN:
                raise SmokeFailure(f"the canvas drew nothing ({drawn:.1%} of {image.width()}x{image.height()} px)")
            _check_icon(app)
            plugins = QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)
            return (f"{documents} documents, canvas {image.width()}x{image.height()} px, {drawn:.0%} drawn, "
                    f"platform {app.platformName()}, Qt plugins in {plugins}")
        finally:
            window._confirm_discard = lambda: "discard"  # nobody is there to answer "Save changes?"
            window.close()
            window.deleteLater()
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)  # processEvents() leaves these
            settings.sync()


def _settle(app: QApplication) -> None:
    """Run the event loop a moment: showing the window queues work (first paint, the deferred check)."""
    end = time.monotonic() + SETTLE_SECONDS
    while time.monotonic() < end:
        app.processEvents()


def _draw_canvas(scene) -> tuple[QImage, float]:
    """The whole canvas drawn into an image in memory, and the fraction of its pixels drawn on."""
    from flowedit.gui import style

    source = scene.content_rect()
    if source.isNull() or source.isEmpty():
        raise SmokeFailure("the canvas is empty: no frame was laid out")
    width = IMAGE_WIDTH
    height = max(1, round(source.height() * width / source.width()))
    image = QImage(width, height, QImage.Format.Format_RGB32)
    background = style.canvas_background(scene.palette())
    image.fill(background)
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    scene.render(painter, QRectF(0, 0, width, height), source, Qt.AspectRatioMode.IgnoreAspectRatio)
    painter.end()
    return image, _fraction_not(image, background.rgb())


def _fraction_not(image: QImage, rgb: int) -> float:
    """The fraction of `image`'s pixels (RGB32) that differ from colour `rgb`."""
    pixels = memoryview(bytes(image.constBits())).cast("I")  # RGB32 rows have no padding
    same = pixels.tolist().count(rgb & 0xFFFFFFFF)
    return 1.0 - same / len(pixels)


def _check_icon(app: QApplication) -> None:
    """The application icon (an SVG) must render: proves the SVG icon engine and image plugins load."""
    pixmap = app.windowIcon().pixmap(64, 64)
    if pixmap.isNull():
        raise SmokeFailure("the application icon did not load (Qt's SVG plugins missing?)")
    image = pixmap.toImage().convertToFormat(QImage.Format.Format_ARGB32)
    if _fraction_not(image, 0) < 0.2:  # transparent black everywhere: nothing was drawn
        raise SmokeFailure("the application icon drew nothing (Qt's SVG plugins missing?)")
