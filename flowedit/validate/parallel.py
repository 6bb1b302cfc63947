"""Checking a large flow's documents on several cores (for `flowedit check`).

The document rules (and the screen before them) look at one document at a time, so a flow's
documents can be checked side by side. `prefill(validator, jobs)` forks `jobs - 1` helper processes
after the flow is read: each inherits the parsed documents (copy-on-write, nothing is read twice),
checks its share and sends back each document's findings; the calling process checks its own share
meanwhile, then stores everything in the validator's per-document cache, so that `check()` only
builds the flow graph and runs the flow rules. The result is exactly the serial check's (a test
compares them); a helper that fails leaves its documents to be checked in the calling process.

Fork only: where `os.fork` is missing (Windows) or one core is all there is, nothing is forked. Only
the command line uses it: a forked copy of the editor, with Qt's threads, would not be safe.
"""

from __future__ import annotations

import dataclasses
import os
import pickle

from flowedit.validate import screen

PER_JOB = 250
"""At least this many documents per process, or forking costs more than it saves."""


def available_jobs() -> int:
    """How many processes a check may use here: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def prefill(validator, jobs: int) -> int:
    """Check the flow's documents in `jobs` processes into `validator`'s cache; returns how many
    processes were used (1: nothing was forked)."""
    documents = list(validator.flow.documents.values())
    jobs = min(jobs, len(documents) // PER_JOB)
    if jobs < 2 or not hasattr(os, "fork"):
        return 1
    screened = screen.covers()
    shares = [documents[index::jobs] for index in range(jobs)]
    helpers = []
    for share in shares[1:]:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the helper: check its share, send the findings, leave at once
            os.close(read)
            code = 1
            try:
                found = [(doc.path, [dataclasses.replace(f, eid=None) for f in
                                     validator.document_findings(doc, screened)]) for doc in share]
                with os.fdopen(write, "wb") as stream:
                    stream.write(pickle.dumps(found, pickle.HIGHEST_PROTOCOL))
                code = 0
            finally:
                os._exit(code)  # no clean-up: the parent owns everything
        os.close(write)
        helpers.append((pid, read, share))
    for doc in shares[0]:
        validator.document_findings(doc, screened)
    for pid, read, share in helpers:
        with os.fdopen(read, "rb") as stream:
            data = stream.read()
        _, status = os.waitpid(pid, 0)
        if status != 0 or not data:
            continue  # the documents it had are checked by check() itself
        by_path = validator.flow.documents
        for path, found in pickle.loads(data):
            doc = by_path[path]
            validator.adopt(doc, found)
    return jobs
