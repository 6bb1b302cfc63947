"""The Qt-free model of a call flow: documents (lxml trees with stable ids), flows, links, changes.

Public names are re-exported here; see each module's docstring for what it owns.
"""

from flowedit.model.changes import (
    AttributeChanged,
    Compound,
    DocumentAdded,
    DocumentChange,
    DocumentRemoved,
    DocumentRenamed,
    ElementInserted,
    ElementRemoved,
    EntryChanged,
    FlowChange,
    LinkEdit,
    PositionChanged,
    SettingChanged,
    Slot,
    TextChanged,
)
from flowedit.model.document import XML_NS, Document, EditError
from flowedit.model.flow import Flow
from flowedit.model.links import Link, LinkKind
from flowedit.model.paths import PathError, check_path, path_for_file

__all__ = [
    "AttributeChanged", "Compound", "Document", "DocumentAdded", "DocumentChange", "DocumentRemoved",
    "DocumentRenamed", "EditError", "ElementInserted", "ElementRemoved", "EntryChanged", "Flow",
    "FlowChange", "Link", "LinkEdit", "LinkKind", "PathError", "PositionChanged", "SettingChanged", "Slot",
    "TextChanged", "XML_NS", "check_path", "path_for_file",
]
