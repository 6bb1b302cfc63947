"""Template flows for File ▸ New: small sets of TwiML documents to start from.

Each template is a folder of TwiML files under `flowedit/resources/templates/<key>/`, read with the
same hardened reader as any file (so a template is saved byte for byte as it is stored), entry
`/index`. The list below is the menu's order and wording; the files are the content.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flowedit.gui import assets

if TYPE_CHECKING:
    from flowedit.model.document import Document

ENTRY = "/index"


@dataclass(frozen=True)
class Template:
    key: str  # the folder under resources/templates
    title: str  # the menu text
    description: str  # the status tip


TEMPLATES = (
    Template("empty", "Empty flow", "One empty document, /index"),
    Template("dial-client", "Dial a Client", "Ring one client identity; say goodbye after the call"),
    Template("ivr-menu", "IVR menu", "Gather a digit, then connect the caller from /menu"),
    Template("dial-several", "Dial several targets with status callbacks",
             "Ring clients and a number at once, each reporting its call progress"),
)


def template(key: str) -> Template:
    for item in TEMPLATES:
        if item.key == key:
            return item
    raise KeyError(f"no template {key!r}")


def template_documents(key: str) -> tuple[list[Document], str]:
    """The documents of template `key` (read afresh each time) and the entry path."""
    # The reader and the model are imported here, when a template is made: File ▸ New lists the
    # templates in an editor that has not needed them yet.
    from flowedit.io.reader import read_document
    from flowedit.model.paths import SUFFIXES, path_for_file

    template(key)
    folder = assets.resource(f"templates/{key}")
    documents: list[Document] = []
    pending = [("", folder)]
    while pending:
        prefix, here = pending.pop()
        for item in sorted(here.iterdir(), key=lambda t: t.name):
            relative = f"{prefix}{item.name}"
            if item.is_dir():
                pending.append((relative + "/", item))
            elif item.name.lower().endswith(SUFFIXES):
                path, suffix = path_for_file(relative)
                doc = read_document(item.read_bytes(), path, file=relative, suffix=suffix)
                documents.append(doc)
    documents.sort(key=lambda d: (d.path != ENTRY, d.path))
    return documents, ENTRY
