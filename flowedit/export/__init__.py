"""Exporting documents to other forms, Qt-free.

- `code`: helper-library code. `generate(doc, "python" | "node", eids=None)` returns a runnable program that
  builds the document with the Twilio helper library and prints it; `canonical(xml)` is the normal form in
  which its output is compared with the document. `library` holds what the helper libraries offer, `emit`
  writes each language.
- `diff` (with `diff_match`): the semantic diff of two documents or flows.
"""

from flowedit.export.code import LANGUAGES, canonical, generate

__all__ = ["LANGUAGES", "canonical", "generate"]
