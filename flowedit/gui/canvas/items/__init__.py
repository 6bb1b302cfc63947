"""The graphics items of the canvas: frames (documents), verb rows, target cards, links, badges.

Importing the package imports none of them. `item_classes()` gives FrameItem and NodeItem when first
needed — a new window's empty canvas needs neither, and they bring in the TwiML vocabulary — and
keeps them for callers too frequent for an import statement each (~7 µs with PySide6's import hook).
"""

from functools import cache


@cache
def item_classes() -> tuple[type, type]:
    """(FrameItem, NodeItem)."""
    from flowedit.gui.canvas.items.frame import FrameItem
    from flowedit.gui.canvas.items.node import NodeItem

    return FrameItem, NodeItem
