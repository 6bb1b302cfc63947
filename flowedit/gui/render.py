"""Render a flow's canvas to a PNG or SVG file, headless (`flowedit render`, documentation, tests).

`render(path, out)` opens the flow in a `FlowSession`, builds the `FlowScene` offscreen exactly as the
editor shows it (auto-layout for frames without a saved position), and paints the whole flow: a PNG
at twice the scene's size (crisp when scaled down), or an SVG (vectors and text) through QSvgGenerator.
Without a display it switches Qt to the offscreen platform before making the QApplication.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

PNG_SCALE = 2.0
MAX_PIXELS = 36_000_000  # about 140 MB of ARGB: big flows are scaled down to fit
PAD = 32.0


def ensure_application():
    """The running QApplication, or a new one (offscreen when there is no display)."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) and sys.platform.startswith("linux"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication(["flowedit-render"])
        app.setStyle("Fusion")
    return app


def render(path: Path, out: Path, *, width: int | None = None, dark: bool = False) -> list:
    """Draw the flow at `path` into `out` (.png or .svg); returns the read errors of files left out.

    `width` is the PNG's width in pixels (default: twice the scene's); `dark` paints with a dark palette.
    Raises OSError when `path` cannot be read at all or `out` cannot be written, ValueError for an
    output name that is neither .png nor .svg.
    """
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".png", ".svg"):
        raise ValueError(f"{out}: the output must end in .png or .svg")
    ensure_application()
    from flowedit.gui import style
    from flowedit.gui.canvas.scene import FlowScene
    from flowedit.gui.session import FlowSession

    session = FlowSession()
    loaded = session.open(Path(path))
    scene = FlowScene(session)
    scene.set_caching(False)  # cached items would be pasted in as bitmaps
    if dark:
        scene.setPalette(style.dark_palette())
    source = scene.content_rect()
    if source.isNull():
        source = scene.sceneRect()
    source = source.adjusted(-PAD, -PAD, PAD, PAD)
    if suffix == ".svg":
        _write_svg(scene, source, out)
    else:
        _write_png(scene, source, out, width)
    return list(loaded.errors)


def _write_png(scene, source, out: Path, width: int | None) -> None:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    from flowedit.gui import style

    scale = (width / source.width()) if width else PNG_SCALE
    if source.width() * source.height() * scale * scale > MAX_PIXELS:
        scale = (MAX_PIXELS / (source.width() * source.height())) ** 0.5
    w, h = max(1, round(source.width() * scale)), max(1, round(source.height() * scale))
    image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(style.canvas_background(scene.palette()))
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    scene.render(painter, QRectF(0, 0, w, h), source)
    painter.end()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out), "PNG"):
        raise OSError(f"{out}: cannot write the image")


def _write_svg(scene, source, out: Path) -> None:
    from PySide6.QtCore import QRectF, QSize
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgGenerator

    from flowedit.gui import style

    out.parent.mkdir(parents=True, exist_ok=True)
    generator = QSvgGenerator()
    generator.setFileName(str(out))
    generator.setSize(QSize(round(source.width()), round(source.height())))
    generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
    generator.setTitle("flowedit flow")
    painter = QPainter()
    if not painter.begin(generator):
        raise OSError(f"{out}: cannot write the drawing")
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    painter.fillRect(QRectF(0, 0, source.width(), source.height()), style.canvas_background(scene.palette()))
    scene.render(painter, QRectF(0, 0, source.width(), source.height()), source)
    painter.end()
    if not out.exists() or out.stat().st_size == 0:
        raise OSError(f"{out}: cannot write the drawing")
