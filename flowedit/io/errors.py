"""Errors of reading and writing: one located, one-line message each, never a traceback.

A `ReadError` names the file, the line and the column, says what is wrong and what to do about it.
Its `str()` is the single line the command line prints and the editor shows.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadError(Exception):
    """A file that could not be read as a TwiML document (or a flow manifest)."""

    file: str
    line: int
    column: int
    message: str
    hint: str = ""
    # What kind of problem: "malformed" (not well-formed XML, not text), "forbidden" (DOCTYPE or
    # entity declarations), "too-large" (past the reader's bounds), "manifest", "file-name".
    reason: str = "malformed"

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}:{self.column}: error: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


def position(data: bytes | str, offset: int) -> tuple[int, int]:
    """1-based line and column of `offset` in `data` (columns count characters or bytes as given)."""
    newline = b"\n" if isinstance(data, bytes) else "\n"
    line = data.count(newline, 0, offset) + 1
    start = data.rfind(newline, 0, offset) + 1
    return line, offset - start + 1
