"""`make screenshots`: the README's pictures, taken from the real app on the bundled example flow.

Runs offscreen; writes docs/screenshots/editor.png (the main window, light), editor-dark.png (the
same with a dark palette) and flow.png (the canvas alone, through `flowedit render`'s code).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from flowedit.gui import assets, style  # noqa: E402
from flowedit.gui.app import configure_application, create_window  # noqa: E402
from flowedit.gui.render import render  # noqa: E402
from flowedit.gui.session import Ref  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def settle(app: QApplication, rounds: int = 10) -> None:
    for _ in range(rounds):
        app.processEvents()


def window_shot(app: QApplication, out: Path, settings_file: Path) -> None:
    window = create_window(None, QSettings(str(settings_file), QSettings.Format.IniFormat))
    window.resize(1600, 960)
    window.show()
    settle(app)
    menu = window.session.flow.documents["/menu"]
    dial = menu.child_elements(menu.root_id)[0]
    window.session.select(Ref(menu, dial))
    view = window.view
    view.set_zoom(0.8)  # readable rows; the example is wider than the canvas, so start at the entry
    view.centerOn(view.scene().content_rect().center())
    settle(app)
    window.grab().save(str(out))
    window.close()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    configure_application(app)
    settings_file = OUT / ".screenshots.ini"
    window_shot(app, OUT / "editor.png", settings_file)
    app.setPalette(style.dark_palette())
    window_shot(app, OUT / "editor-dark.png", settings_file)
    settings_file.unlink(missing_ok=True)
    render(assets.example_flow(), OUT / "flow.png")
    print(f"wrote {', '.join(p.name for p in sorted(OUT.glob('*.png')))} to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
