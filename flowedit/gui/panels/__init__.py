"""The main window's panels: documents, XML, findings (and, from their own modules, palette and inspector).

Each panel talks to the `FlowSession` (reads the model, edits through `session.edit`, follows and
sets the selection) and reports what the window must do through Qt signals; no panel talks to
another directly.
"""
