"""Helpers shared by the GUI tests (imported by name; pytest puts this folder on sys.path)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

EXAMPLE_PATHS = {"/index", "/menu", "/agents/screen", "/agents/after-dial", "/agents/goodbye"}
BAD_XML = '<?xml version="1.0"?>\n<Response>\n  <Say>hi</Sai>\n</Response>\n'


def gui_command() -> list[str]:
    """How to start flowedit-gui in a subprocess: the installed script, else `python -m flowedit.gui`."""
    script = Path(sys.executable).with_name("flowedit-gui")
    return [str(script)] if script.exists() else [sys.executable, "-m", "flowedit.gui"]


def headless_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The current environment without any display or Qt platform, with settings under `tmp_path`."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "WAYLAND_SOCKET", "QT_QPA_PLATFORM")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env.update(extra)
    return env


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def shown_view(session, qtbot, width: int = 1000, height: int = 700):
    """A canvas (FlowView on a new FlowScene) of `session`, shown at `width`×`height` and exposed."""
    from flowedit.gui.canvas.scene import FlowScene
    from flowedit.gui.canvas.view import FlowView

    widget = FlowView(FlowScene(session))
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


# A document in the middle of the generated flow's chain (`generated_session`), with arrows both ways.
MIDDLE = "/support/line00005"


def settle(view) -> None:
    """Let the view lay itself out and the backdrop fill its margins (idle work), then paint."""
    from PySide6.QtWidgets import QApplication

    for _ in range(6):
        QApplication.processEvents()
    view.viewport().repaint()


def element(doc, tag: str) -> int:
    """The id of the first `<tag>` element of `doc`."""
    return next(e for e in doc.iter_ids() if doc.kind(e) == "element" and doc.tag(e) == tag)

