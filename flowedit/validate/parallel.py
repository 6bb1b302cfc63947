"""Checking a large flow folder on several cores (for `flowedit check`).

The document rules (and the screen before them) look at one document at a time, so a folder's
documents can be checked side by side. `start(folder, jobs)` forks helper processes before the
folder is read; each reads its share of the files itself and checks them, while the calling process
reads the whole flow (it needs every document for the flow rules) and then checks its own share.
`Helpers.collect(validator)` takes the helpers' findings into the validator's per-document cache, so
that `check()` only builds the flow graph and runs the flow rules.

The result is exactly the serial check's (a test compares them): a document is taken from a helper
only when the bytes it read are the bytes the calling process read (a file changed in between is
checked again), and a helper that fails leaves its documents to the calling process. Fork only:
where `os.fork` is missing (Windows) nothing is forked. Only the command line uses it — a forked
copy of the editor, with Qt's threads, would not be safe.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
from collections.abc import Callable
from pathlib import Path

from flowedit.model.document import Document

PER_JOB = 250
"""At least this many documents per process, or forking costs more than it saves."""


def available_jobs() -> int:
    """How many processes a check may use here: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


@dataclasses.dataclass
class Helpers:
    """Forked helper processes, each checking a share of a folder's files."""

    pipes: list[tuple[int, int]]  # (process id, read end of its pipe)
    shared: set[str]  # the relative file names the helpers check

    def collect(self, validator) -> None:
        """Take the helpers' findings for the documents the caller read the same bytes of; check the
        caller's own share meanwhile (before waiting for them)."""
        from flowedit.validate import screen

        screened = screen.covers()
        by_file = {doc.filename: doc for doc in validator.flow.documents.values()}
        for filename, doc in by_file.items():
            if filename not in self.shared:
                validator.document_findings(doc, screened)
        for pid, read in self.pipes:
            with os.fdopen(read, "rb") as stream:
                data = stream.read()
            _, status = os.waitpid(pid, 0)
            if status != 0 or not data:
                continue  # its documents are checked by check() itself
            for filename, digest, found in pickle.loads(data):
                doc = by_file.get(filename)
                if doc is not None and _digest(doc) == digest:
                    validator.adopt(doc, found)


def start(folder: Path, jobs: int, *, measure: Callable[[Document], int] | None = None) -> Helpers | None:
    """Fork `jobs - 1` helpers for the folder's TwiML files (None when that is not worth it here)."""
    from flowedit.io.folder import twiml_files

    if not hasattr(os, "fork"):
        return None
    files = twiml_files(folder)
    jobs = min(jobs, len(files) // PER_JOB)
    if jobs < 2:
        return None
    pipes, shared = [], set()
    for index in range(1, jobs):
        share = files[index::jobs]
        shared.update(relative for relative, _ in share)
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the helper: read and check its share, send the findings, leave at once
            os.close(read)
            code = 1
            try:
                found = _check_share(share, measure)
                with os.fdopen(write, "wb") as stream:
                    stream.write(pickle.dumps(found, pickle.HIGHEST_PROTOCOL))
                code = 0
            finally:
                os._exit(code)  # no clean-up: the parent owns everything
        os.close(write)
        pipes.append((pid, read))
    return Helpers(pipes, shared)


def _check_share(share: list[tuple[str, str]], measure) -> list[tuple[str, int, list]]:
    """(file name, digest of its bytes, document findings) of each readable file of `share`."""
    from flowedit.io.errors import ReadError
    from flowedit.io.reader import read_file
    from flowedit.model.flow import Flow
    from flowedit.model.paths import PathError, check_path, path_for_file
    from flowedit.validate.engine import Validator

    docs = []
    for relative, file in share:
        path, suffix = path_for_file(relative)
        try:
            check_path(path)
            doc = read_file(file, path)
        except (PathError, ReadError, OSError):
            continue  # the caller reads it too and reports it
        doc.filename, doc.suffix = relative, suffix
        docs.append(doc)
    validator = Validator(Flow(docs), measure=measure)  # document rules read nothing of the flow
    return [(doc.filename, _digest(doc), [dataclasses.replace(f, eid=None) for f in
                                          validator.document_findings(doc)]) for doc in docs]


def _digest(doc: Document) -> int:
    """The bytes a document was read from, as a number (forked processes share the hash seed)."""
    return hash(getattr(doc.origin, "data", None))
