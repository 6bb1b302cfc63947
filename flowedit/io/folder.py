"""Flow folders and single files: loading a whole flow, and writing it back.

A folder of TwiML files is a flow: `a/b.xml` (or `.twiml`) is served at `/a/b`, `index.xml` is the
entry document unless the manifest `flowedit.json` names another. The manifest may also give the
base URL (absolute links under it are internal) and the canvas layout. A single TwiML file opens as a
flow of one document; its settings and layout live in the sidecar `<file>.flowedit.json` beside it.
Layout never goes into TwiML files. A manifest nobody changed is written back byte for byte.
"""

from __future__ import annotations

import copy
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flowedit.io.errors import ReadError, position
from flowedit.io.reader import read_file
from flowedit.io.writer import document_bytes
from flowedit.model.document import Document
from flowedit.model.flow import Flow
from flowedit.model.paths import INDEX, SUFFIXES, PathError, check_path, path_for_file

MANIFEST = "flowedit.json"
SIDECAR = ".flowedit.json"
FORMAT_VERSION = 1
_KNOWN_KEYS = ("flowedit", "entry", "base_url", "layout")


@dataclass
class Manifest:
    """The flow settings file as read: its bytes (for lossless writing) and the keys flowedit does not know."""

    data: bytes | None = None
    parsed: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    unreadable: bool = False  # it exists but could not be read: never write over it


@dataclass
class LoadedFlow:
    """A flow read from disk, the files that could not be read, and where it came from."""

    flow: Flow
    errors: list[ReadError]
    location: Path  # the folder, or the single file
    manifest: Manifest
    single_file: bool = False  # decided when read, not by asking the disk again later


def is_twiml_file(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES and not path.name.startswith(".")


def sidecar_for(file: Path) -> Path:
    return file.with_name(file.name + SIDECAR)


def _read_manifest(file: Path, label: str) -> tuple[Manifest, dict[str, Any]]:
    return parse_manifest(file.read_bytes(), label)


def parse_manifest(data: bytes, label: str) -> tuple[Manifest, dict[str, Any]]:
    """The manifest (or sidecar) `data` as read, and its settings; ReadError (named `label`) when it
    is not a manifest flowedit can use."""
    try:
        parsed = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as err:
        line, col = position(data, err.start)
        raise ReadError(label, line, col, "the manifest is not UTF-8 text", "save it as UTF-8 JSON",
                        reason="manifest") from None
    except json.JSONDecodeError as err:
        raise ReadError(label, err.lineno, err.colno, f"the manifest is not valid JSON: {err.msg}",
                        "fix the JSON, or delete the file to use the defaults", reason="manifest") from None
    if not isinstance(parsed, dict):
        raise ReadError(label, 1, 1, "the manifest must be a JSON object", 'e.g. {"entry": "/index"}',
                        reason="manifest")
    for key, kind in (("entry", str), ("base_url", str), ("layout", dict)):
        if key in parsed and parsed[key] is not None and not isinstance(parsed[key], kind):
            raise ReadError(label, *_key_position(data, key), f"{key!r} must be a JSON "
                            f"{'text' if kind is str else 'object'}", "fix the value or remove the key",
                            reason="manifest")
    extra = {k: v for k, v in parsed.items() if k not in _KNOWN_KEYS}
    return Manifest(data, parsed, extra), parsed


def _own(layout: dict[str, Any] | None) -> dict[str, Any]:
    """The flow's own copy of the manifest's layout: moving a frame changes the flow's, and the
    manifest as read must stay as read, or a save would find nothing changed and write the old file
    back (positions moved in a flow whose manifest held positions were lost on save)."""
    return copy.deepcopy(layout) if layout else {}


def _key_position(data: bytes, key: str) -> tuple[int, int]:
    offset = data.find(f'"{key}"'.encode())
    return position(data, max(offset, 0))


def load_flow(location: Path) -> LoadedFlow:
    """Read a flow folder or a single TwiML file. OSError when the path cannot be read at all."""
    location = Path(location)
    if location.is_dir():
        return _load_folder(location)
    return _load_single(location)


def _load_single(file: Path) -> LoadedFlow:
    errors: list[ReadError] = []
    manifest, settings = Manifest(), {}
    sidecar = sidecar_for(file)
    if sidecar.is_file():
        try:
            manifest, settings = _read_manifest(sidecar, str(sidecar))
        except ReadError as err:
            errors.append(err)
            manifest = Manifest(unreadable=True)
    # A lone file's URL path is only a name for it: make one that is always valid.
    stem = "".join(c if c.isascii() and (c.isalnum() or c in "_~-") else "-" for c in file.stem)
    stem = stem.strip("-") or "document"
    docs: list[Document] = []
    try:
        doc = read_file(file, "/" + stem)
        doc.filename = file.name
        docs.append(doc)
    except ReadError as err:
        errors.append(err)
    flow = Flow(docs, entry="/" + stem if docs else None, base_url=settings.get("base_url"),
                layout=_own(settings.get("layout")))
    return LoadedFlow(flow, errors, file, manifest, single_file=True)


def _load_folder(folder: Path) -> LoadedFlow:
    errors: list[ReadError] = []
    manifest, settings = Manifest(), {}
    if (folder / MANIFEST).is_file():
        try:
            manifest, settings = _read_manifest(folder / MANIFEST, str(folder / MANIFEST))
        except ReadError as err:
            errors.append(err)
            manifest = Manifest(unreadable=True)
    docs: dict[str, Document] = {}
    for relative, file in twiml_files(folder):
        label = file
        path, suffix = path_for_file(relative)
        try:
            check_path(path)
        except PathError:
            errors.append(ReadError(label, 1, 1, f"the file name cannot be served as the URL path {path!r}",
                                    "rename it using letters, digits and . _ ~ -", reason="file-name"))
            continue
        if path in docs:
            errors.append(ReadError(label, 1, 1, f"{docs[path].filename} is served at the same URL path {path}",
                                    "rename one of the two files", reason="file-name"))
            continue
        try:
            doc = read_file(file, path)
        except ReadError as err:
            errors.append(err)
            continue
        doc.filename = relative
        doc.suffix = suffix
        docs[path] = doc
    entry = settings.get("entry")
    if entry is None:
        entry = "/" + INDEX if "/" + INDEX in docs else (next(iter(docs)) if len(docs) == 1 else None)
    flow = Flow(list(docs.values()), entry=entry, base_url=settings.get("base_url"),
                layout=_own(settings.get("layout")))
    return LoadedFlow(flow, errors, folder, manifest)


def twiml_files(folder: Path) -> list[tuple[str, str]]:
    """(path relative to `folder` with "/", full path) of every TwiML file below `folder`, hidden
    folders and files left out, in the order their paths sort. Plain strings: a thousand `Path`
    objects cost more than reading the thousand files' names."""
    top = os.fspath(folder)
    found = []
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        within = os.path.relpath(dirpath, top)
        prefix = "" if within == os.curdir else within.replace(os.sep, "/") + "/"
        for name in filenames:
            if (not name.startswith(".") and os.path.splitext(name)[1].lower() in SUFFIXES
                    and not name.endswith(SIDECAR)):
                found.append((prefix + name, os.path.join(dirpath, name)))
    found.sort(key=lambda item: item[0].split("/"))  # as Path objects sort: part by part
    return found


def manifest_bytes(loaded: LoadedFlow, *, single_file: bool) -> bytes | None:
    """The manifest or sidecar to write, or None when there is nothing to record and none existed."""
    flow = loaded.flow
    if loaded.manifest.unreadable:
        return None  # the user's file stays as it is until they fix it (its error was reported)
    content: dict[str, Any] = {"flowedit": FORMAT_VERSION}
    if not single_file and flow.entry is not None:
        content["entry"] = flow.entry
    if flow.base_url:
        content["base_url"] = flow.base_url
    if flow.layout:
        content["layout"] = flow.layout
    content.update(loaded.manifest.extra)
    original = loaded.manifest
    if original.parsed is not None:
        compare = dict(content)
        if "flowedit" not in original.parsed:
            compare.pop("flowedit")
        if not single_file and "entry" not in original.parsed and flow.entry == "/" + INDEX:
            compare.pop("entry", None)  # implied by index.xml: not worth a change
        if compare == original.parsed:
            return original.data
    elif set(content) <= {"flowedit", "entry"} and (single_file or flow.entry in (None, "/" + INDEX)
                                                    or len(flow.documents) == 1):
        return None
    return (json.dumps(content, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def atomic_write(target: Path, data: bytes) -> None:
    """Write `data` to `target` through a temporary file and a rename, so a failure leaves the old file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if target.exists():
            os.chmod(temp, target.stat().st_mode & 0o7777)
        os.replace(temp, target)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def write_flow(loaded: LoadedFlow, dest: Path) -> list[Path]:
    """Write every document (and the manifest or sidecar) under `dest`; returns the files written.

    For a single-file flow `dest` is the file to write (or a folder to write it into).
    """
    written: list[Path] = []
    flow = loaded.flow
    if loaded.single_file:
        docs = list(flow.documents.values())
        if not docs:
            return written
        target = dest / loaded.location.name if dest.is_dir() else dest
        atomic_write(target, document_bytes(docs[0]))
        written.append(target)
        sidecar = manifest_bytes(loaded, single_file=True)
        if sidecar is not None:
            atomic_write(sidecar_for(target), sidecar)
            written.append(sidecar_for(target))
        return written
    for doc in flow.documents.values():
        target = dest / doc.filename
        atomic_write(target, document_bytes(doc))
        written.append(target)
    manifest = manifest_bytes(loaded, single_file=False)
    if manifest is not None:
        atomic_write(dest / MANIFEST, manifest)
        written.append(dest / MANIFEST)
    return written
