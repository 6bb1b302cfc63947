"""The canvas's tooltip texts: what a handle, a badge, a missing-link marker, a node or a frame says
when the pointer rests on it (the node's or frame's findings listed under it)."""

from __future__ import annotations

from PySide6.QtWidgets import QGraphicsItem

from flowedit.gui.canvas import summary
from flowedit.gui.canvas.connect import HandleItem
from flowedit.gui.canvas.items.badge import BadgeItem
from flowedit.gui.canvas.items.frame import FrameItem
from flowedit.gui.canvas.items.link import MissingItem
from flowedit.gui.canvas.items.node import NodeItem


def tooltip_text(scene, item: QGraphicsItem) -> str:
    """The tooltip of `item` in FlowScene `scene`, or "" when it has none."""
    if isinstance(item, HandleItem):
        what = "the URL" if item.attribute == summary.TEXT else item.attribute
        return f"Drag to a document to set {what}"
    if isinstance(item, BadgeItem):
        item = item.owner
    if isinstance(item, MissingItem):
        return item.toolTip()
    lines: list[str] = []
    if isinstance(item, NodeItem):
        lines.append(item.tooltip_text())
    elif isinstance(item, FrameItem):
        doc = item.document
        lines.append(f"{doc.path} — {doc.filename}" + (" (entry)" if doc.path == scene.entry_path else ""))
    else:
        return ""
    for finding in scene.findings_at(item):
        lines.append(f"{finding.severity.value}: {finding.message}")
    return "\n".join(lines)
