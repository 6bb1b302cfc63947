"""Reading and writing TwiML: the hardened parser, lossless writer, flow folders and formatting.

Public names are re-exported here; see each module's docstring for what it owns.
"""

from flowedit.io.errors import ReadError
from flowedit.io.reader import MAX_BYTES, hardened_parser, read_document, read_file
from flowedit.io.writer import document_bytes, document_text

__all__ = ["MAX_BYTES", "ReadError", "document_bytes", "document_text", "hardened_parser",
           "read_document", "read_file"]
