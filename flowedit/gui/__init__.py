"""flowedit's Qt user interface: the only package that imports PySide6.

`app` is the entry point (`flowedit-gui`) and the only place that creates the QApplication;
`preflight` holds the Qt-free start-up checks, `assets` the only knowledge of where bundled resources
live, `main_window` the window, `panels` its docks and central view, `style` colours and fonts.
Importing this package itself imports no Qt, so `flowedit.gui.app` can report a missing Qt cleanly.
"""

from flowedit.gui.pyside_scan import tell_pyside as _tell_pyside

_tell_pyside()  # when PySide6 is already imported: see pyside_scan (configure_application asks again)
