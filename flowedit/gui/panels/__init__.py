"""The main window's panels: the documents list, the outline, the problems list and the XML pane.

Each panel shows what it is given (a flow, a document, its links) and reports what the user picked
through a Qt signal; none of them changes the model or talks to another panel directly.
"""
