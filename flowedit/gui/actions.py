"""The main window's commands (QActions, by name) and its menus: File, Edit, View, Simulate, Help.

File holds the comparisons (`compare.Compare`); Edit the Copy as Python / Node.js commands (`codegen`).

Standard commands take the platform's `QKeySequence.StandardKey` binding, with a fallback where a
platform has none (Quit, Save As and Refresh are unbound on some Linux desktops); the rest use
readable strings. F5 runs the simulation (as Run does in IDEs), so Reload takes Ctrl+Shift+R and
whatever else the platform binds to Refresh. Every action is created here and stored in
`window.commands[name]`, so the menus, the toolbar, the shortcut sheet and the tests all see the
same objects. What an action does lives in `file_ops`, `clipboard`, `edit_ops`, the window or the
Simulate panel; this module only wires them.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from flowedit.gui import edit_ops
from flowedit.gui.templates import TEMPLATES

if TYPE_CHECKING:
    from flowedit.gui.main_window import MainWindow

Std = QKeySequence.StandardKey
# Commands that need a selection of elements (Delete also takes whole documents).
SELECTION_ACTIONS = ("cut", "copy", "duplicate", "move_up", "move_down", "move_to_document")


def _make(window: MainWindow, name: str, text: str, slot, keys=None, fallback: str | None = None,
          tip: str = "", role: QAction.MenuRole | None = None) -> QAction:
    action = QAction(text, window)
    action.setObjectName(name)
    action.triggered.connect(lambda _checked=False: slot())
    if isinstance(keys, Std):
        action.setShortcuts(keys)
    elif keys:
        action.setShortcut(QKeySequence(keys))
    if fallback and not action.shortcuts():  # no platform binding for this standard key
        action.setShortcut(QKeySequence(fallback))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    if role is not None:
        action.setMenuRole(role)  # macOS moves Quit/About into the application menu
    window.commands[name] = action
    return action


def build(window: MainWindow) -> None:
    """Create every action into `window.commands` and fill the menu bar."""
    files, session = window.file_ops, window.session
    a = window.commands

    for template in TEMPLATES:
        _make(window, f"new_{template.key}", template.title,
              lambda key=template.key: files.new_from_template(key),
              Std.New if template.key == "empty" else None, tip=template.description)
    _make(window, "open_file", "&Open File…", files.choose_file, Std.Open, tip="Open a TwiML file")
    _make(window, "open_folder", "Open &Folder…", files.choose_folder, "Ctrl+Shift+O",
          tip="Open a flow folder: its TwiML files and flowedit.json")
    _make(window, "save", "&Save", files.save, Std.Save, "Ctrl+S", tip="Save the flow")
    _make(window, "save_as", "Save &As…", files.save_as, Std.SaveAs, "Ctrl+Shift+S",
          tip="Save the flow in another folder (a single document: another file)")
    _make(window, "import_twiml", "&Import TwiML…", files.import_twiml, "Ctrl+I",
          tip="Add a TwiML file to the flow as a new document")
    _make(window, "export_flow", "Export Flow to &Folder…", files.export_flow, "Ctrl+E",
          tip="Write every document of the flow into a folder (the flow stays where it is)")
    _make(window, "export_document", "Export &Current Document…", files.export_document,
          tip="Write the current document's TwiML to a file")
    reload = _make(window, "reload", "Re&load", files.reload, tip="Read the flow from disk again")
    reload.setShortcuts([QKeySequence("Ctrl+Shift+R")] + [k for k in QKeySequence.keyBindings(Std.Refresh)
                                                           if k != QKeySequence("F5")])
    _make(window, "compare_saved", "Compare with Saved &Version", lambda: window.compare.with_saved(),
          tip="List and mark how the flow differs from its files on disk")
    _make(window, "compare_file", "Compare with Fil&e…", lambda: window.compare.choose_file(),
          tip="List and mark how the flow differs from a TwiML file")
    _make(window, "compare_folder", "Compare with Fol&der…", lambda: window.compare.choose_folder(),
          tip="List and mark how the flow differs from another flow folder")
    _make(window, "close_flow", "&Close Flow", files.close_flow, Std.Close, "Ctrl+W",
          tip="Close this flow and start an empty one")
    _make(window, "quit", "&Quit", window.close, Std.Quit, "Ctrl+Q", role=QAction.MenuRole.QuitRole)

    undo = session.undo_stack.createUndoAction(window, "&Undo")
    undo.setObjectName("undo")
    undo.setShortcuts(Std.Undo)
    undo.setIconText("Undo")  # the sheet and toolbars keep this name while the text names the step
    redo = session.undo_stack.createRedoAction(window, "&Redo")
    redo.setObjectName("redo")
    redo.setShortcuts(Std.Redo)
    redo.setIconText("Redo")
    a["undo"], a["redo"] = undo, redo
    _make(window, "cut", "Cu&t", lambda: _clipboard().cut_selection(session), Std.Cut, "Ctrl+X")
    _make(window, "copy", "&Copy", lambda: _clipboard().copy_selection(session), Std.Copy, "Ctrl+C",
          tip="Copy the selected elements as TwiML")
    _make(window, "copy_python", "Copy as P&ython", lambda: _codegen().copy_code(session, "python"),
          tip="Copy the selection (or the current document) as Python helper-library code")
    _make(window, "copy_node", "Copy as Node.&js", lambda: _codegen().copy_code(session, "node"),
          tip="Copy the selection (or the current document) as Node.js helper-library code")
    _make(window, "paste", "&Paste", lambda: _clipboard().paste(session), Std.Paste, "Ctrl+V",
          tip="Paste TwiML next to (or into) the selection")
    _make(window, "duplicate", "D&uplicate", lambda: _clipboard().duplicate(session), "Ctrl+D")
    _make(window, "delete", "&Delete", lambda: edit_ops.delete_selection(session), Std.Delete, "Del")
    _make(window, "select_all", "Select &All", lambda: edit_ops.select_all(session), Std.SelectAll, "Ctrl+A",
          tip="Select every verb of the current document")
    _make(window, "move_up", "Move &Up", lambda: edit_ops.move_selection(session, -1), "Alt+Up")
    _make(window, "move_down", "Move Dow&n", lambda: edit_ops.move_selection(session, 1), "Alt+Down")
    _make(window, "move_to_document", "&Move to Document…", window.move_to_document, "Ctrl+Shift+M",
          tip="Move the selected verbs to the end of another document")

    _make(window, "zoom_in", "Zoom &In", lambda: window.view_call("zoom_in"), Std.ZoomIn, "Ctrl++")
    _make(window, "zoom_out", "Zoom &Out", lambda: window.view_call("zoom_out"), Std.ZoomOut, "Ctrl+-")
    _make(window, "fit_all", "&Fit Flow in Window", lambda: window.view_call("fit_all"), "Ctrl+0")
    _make(window, "tidy_up", "&Tidy Up", window.tidy_up, "Ctrl+L", tip="Lay the documents out again")
    _make(window, "reset_layout", "&Reset Layout", window.reset_layout, tip="Put every panel back in its place")

    _make(window, "run_simulation", "&Run Simulation", window.run_simulation, "F5",
          tip="Run the flow through the scenario in the Simulate panel")
    _make(window, "next_step", "&Next Step", lambda: window.simulate_call("next_step"), "F6",
          tip="Show the next step of the simulated call")
    _make(window, "previous_step", "&Previous Step", lambda: window.simulate_call("previous_step"), "Shift+F6",
          tip="Show the previous step of the simulated call")
    _make(window, "clear_simulation", "&Clear Results", lambda: window.simulate_call("clear_results"),
          tip="Forget the last run and its highlight on the canvas")
    _make(window, "load_scenario", "&Load Scenario…", lambda: window.simulate_call("choose_load"),
          tip="Read a scenario file (JSON) into the Simulate panel")
    _make(window, "save_scenario", "&Save Scenario…", lambda: window.simulate_call("choose_save"),
          tip="Write the Simulate panel's scenario to a file (JSON)")

    _make(window, "shortcuts", "&Keyboard Shortcuts", window.show_shortcuts, Std.HelpContents, "F1")
    _make(window, "reference", "TwiML &Reference for the Selection", window.open_reference, "Shift+F1",
          tip="Open Twilio's documentation of the selected element (or of TwiML) in the browser")
    _make(window, "about", "&About flowedit", window.about, role=QAction.MenuRole.AboutRole)
    _make(window, "about_qt", "About &Qt", lambda: _about_qt(window),
          role=QAction.MenuRole.AboutQtRole)
    _build_menus(window)


# The clipboard's fragment reader (lxml) and the code generator are imported by their first command:
# an editor that has not needed them starts without them.
def _clipboard():
    from flowedit.gui import clipboard

    return clipboard


def _codegen():
    from flowedit.gui import codegen

    return codegen


def _about_qt(window: MainWindow) -> None:
    from PySide6.QtWidgets import QMessageBox  # dialogs: imported when first asked for

    QMessageBox.aboutQt(window, "About Qt")


def _add(menu: QMenu, window: MainWindow, *names: str | None) -> None:
    for name in names:
        if name is None:
            menu.addSeparator()
        else:
            menu.addAction(window.commands[name])


def _build_menus(window: MainWindow) -> None:
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    new_menu = file_menu.addMenu("&New")
    new_menu.setObjectName("newMenu")
    _add(new_menu, window, *(f"new_{t.key}" for t in TEMPLATES))
    _add(file_menu, window, "open_file", "open_folder")
    window.recent_menu = QMenu("Open &Recent", window)
    window.recent_menu.setObjectName("recentMenu")
    file_menu.addMenu(window.recent_menu)
    _add(file_menu, window, None, "save", "save_as", None, "import_twiml", "export_flow", "export_document",
         None, "reload", "compare_saved", "compare_file", "compare_folder", None, "close_flow", None, "quit")

    edit_menu = bar.addMenu("&Edit")
    _add(edit_menu, window, "undo", "redo", None, "cut", "copy", "copy_python", "copy_node", "paste", "duplicate",
         "delete", None, "select_all", None, "move_up", "move_down", "move_to_document")

    view_menu = bar.addMenu("&View")
    _add(view_menu, window, "zoom_in", "zoom_out", "fit_all", None, "tidy_up", None)
    panels = view_menu.addMenu("&Panels")
    for number, dock in enumerate(window.docks, 1):
        toggle = dock.toggleViewAction()
        toggle.setShortcut(QKeySequence(f"Alt+{number}"))
        toggle.setObjectName(f"toggle_{dock.objectName()}")
        window.commands[f"toggle_{dock.objectName()}"] = toggle
        panels.addAction(toggle)
        window.addAction(toggle)  # shortcuts of a submenu's actions work only while it is in the window
    _add(view_menu, window, None, "reset_layout")

    simulate_menu = bar.addMenu("&Simulate")
    _add(simulate_menu, window, "run_simulation", None, "previous_step", "next_step", "clear_simulation", None,
         "load_scenario", "save_scenario")

    help_menu = bar.addMenu("&Help")
    _add(help_menu, window, "shortcuts", "reference", None, "about", "about_qt")
    for action in window.commands.values():
        window.addAction(action)  # shortcuts keep working when the menu bar is hidden (or native)
    rebuild_recent(window)


def rebuild_recent(window: MainWindow) -> None:
    """Fill Open Recent from the stored list (entries are data, not commands: left off the sheet)."""
    menu = window.recent_menu
    menu.clear()
    paths = window.recent.paths()
    if not paths:
        menu.setEnabled(False)
        return
    from flowedit.gui.shortcuts import SKIP_PROPERTY  # the sheet's module: only needed for these entries

    home = os.path.expanduser("~")
    for number, path in enumerate(paths, 1):
        shown = "~" + path[len(home):] if home != "~" and path.startswith(home + os.sep) else path
        label = f"&{number % 10} {shown.replace('&', '&&')}" if number <= 10 else shown.replace("&", "&&")
        action = menu.addAction(label)
        action.setData(path)
        action.setToolTip(path)
        action.setProperty(SKIP_PROPERTY, True)
        action.triggered.connect(lambda _checked=False, p=path: window.file_ops.open_path(p))
    menu.addSeparator()
    clear = menu.addAction("&Clear Menu", window.clear_recent)
    clear.setProperty(SKIP_PROPERTY, True)
    menu.setEnabled(True)


def update_enabled(window: MainWindow) -> None:
    """Enable the commands that need a selection or a saved location."""
    session = window.session
    has_elements = bool(edit_ops.selected_elements(session))
    for name in SELECTION_ACTIONS:
        window.commands[name].setEnabled(has_elements)
    window.commands["delete"].setEnabled(has_elements or bool(edit_ops.selected_documents(session)))
    window.commands["move_to_document"].setEnabled(has_elements and len(session.flow.documents) > 1)
    window.commands["reload"].setEnabled(not session.untitled)
    window.commands["compare_saved"].setEnabled(not session.untitled)
    has_document = session.current_document is not None
    window.commands["copy_python"].setEnabled(has_document)
    window.commands["copy_node"].setEnabled(has_document)
    window.commands["export_document"].setEnabled(session.current_document is not None)
