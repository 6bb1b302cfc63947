"""Hostile input through the real command line: a located one-line error, exit 1, fast, bounded memory.

Each file is exported by `python -m flowedit export FILE --out DEST` in a child process limited to
1 GiB of address space; the child must finish within 2 s wall-clock, print exactly one
`file:line:col: error: ...` line on stderr (the `wrote 0 files` summary goes to stdout), never a traceback.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

try:
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None

ADDRESS_SPACE = 1 << 30  # 1 GiB
WALL_CLOCK = 2.0  # seconds, the limit the hostile-input requirement sets
PEAK_RSS = 400 * 1024 * 1024  # bytes; a normal run peaks around 25 MB


def _billion_laughs() -> bytes:
    text = '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    for i in range(1, 10):
        text += f'<!ENTITY lol{i} "{(f"&lol{i - 1};" if i > 1 else "&lol;") * 10}">\n'
    return (text + "]>\n<Response><Say>&lol9;</Say></Response>\n").encode()


def _fifty_megabytes(path: Path) -> None:
    with path.open("wb") as stream:
        stream.write(b"<Response><Say>")
        chunk = b"All work and no play. " * 4096
        for _ in range(50 * 1024 * 1024 // len(chunk) + 1):
            stream.write(chunk)
        stream.write(b"</Say></Response>\n")


def _junk() -> bytes:
    """A PNG-like header and random bytes (fixed seed): binary data, with NUL bytes."""
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(20240521).randbytes(8192)


JUNK = _junk()


# name -> (content, expected line, expected column or None, words expected in the message)
CASES: dict[str, tuple[object, int, int | None, str]] = {
    "external-entity": (
        b'<?xml version="1.0"?>\n<!DOCTYPE Response [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        b"<Response><Say>&xxe;</Say></Response>\n", 2, 1, "DOCTYPE"),
    "doctype-only": (b'<!DOCTYPE Response SYSTEM "http://example.com/x.dtd">\n<Response/>\n', 1, 1, "DOCTYPE"),
    "billion-laughs": (_billion_laughs(), 2, 1, "DOCTYPE"),
    "deep-nesting": (b"<Response>" + b"<Gather>" * 100_000 + b"</Gather>" * 100_000 + b"</Response>", 1, None, ""),
    "fifty-megabytes": (_fifty_megabytes, 1, 1, "MB"),
    "invalid-utf8": (b"<Response>\n  <Say>caf\xe9 \xff\xfe</Say>\n</Response>\n", 2, 11, "UTF-8"),
    "binary-junk": (JUNK, 3, 1, "not a text file"),  # the first NUL follows "\x89PNG\r\n\x1a\n"
    "high-bytes": (bytes(range(0x80, 0x100)) * 64, 1, 1, "UTF-8"),
    "empty": (b"", 1, 1, "empty"),
    "undefined-entity": (b"<Response>\n  <Say>&foo;</Say>\n</Response>\n", 2, 13, "foo"),
    "text-not-xml": (b"hello, world\n", 1, 1, "Start tag expected"),
}


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss: int | None  # bytes


def _limit_memory() -> None:  # runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run_export(src: Path, dest: Path) -> Run:
    """Run the CLI in a child process with bounded memory; measure its wall-clock time and peak RSS."""
    args = [sys.executable, "-m", "flowedit", "export", str(src), "--out", str(dest)]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        if resource is None:  # pragma: no cover - Windows: no limits, no rusage
            proc = subprocess.run(args, stdout=out, stderr=err, timeout=30)
            seconds, code, peak = time.monotonic() - start, proc.returncode, None
        else:
            proc = subprocess.Popen(args, stdout=out, stderr=err, preexec_fn=_limit_memory)
            watchdog = threading.Timer(30, proc.kill)
            watchdog.start()
            try:
                _, status, usage = os.wait4(proc.pid, 0)  # the child's own rusage, not all children's
            finally:
                watchdog.cancel()
            seconds = time.monotonic() - start
            code = os.waitstatus_to_exitcode(status)
            proc.returncode = code
            peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
        out.seek(0)
        err.seek(0)
        return Run(code, out.read().decode(errors="replace"), err.read().decode(errors="replace"), seconds, peak)


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_file_via_cli(case, tmp_path):
    content, line, column, words = CASES[case]
    src = tmp_path / f"{case}.xml"
    if callable(content):
        content(src)
    else:
        src.write_bytes(content)
    dest = tmp_path / "out" / f"{case}.xml"

    run = run_export(src, dest)

    assert "Traceback" not in run.stderr and "Traceback" not in run.stdout
    assert run.returncode == 1, run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1, lines
    (error,) = lines
    match = re.fullmatch(re.escape(str(src)) + r":(\d+):(\d+): error: (.+)", error)
    assert match, error
    assert int(match.group(1)) == line
    assert int(match.group(2)) >= 1
    if column is not None:
        assert int(match.group(2)) == column
    assert words.lower() in match.group(3).lower()
    assert run.stdout == f"wrote 0 files to {dest}\n"
    assert not dest.exists()
    assert run.seconds < WALL_CLOCK, f"{case} took {run.seconds:.2f} s"
    if run.peak_rss is not None:
        assert run.peak_rss < PEAK_RSS, f"{case} peaked at {run.peak_rss / 1e6:.0f} MB"


@pytest.mark.skipif(resource is None, reason="needs the resource module")
def test_memory_limit_does_not_break_a_normal_run(tmp_path):
    src = tmp_path / "ok.xml"
    src.write_bytes(b"<Response><Say>Hi</Say></Response>")
    run = run_export(src, tmp_path / "out.xml")
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "out.xml").read_bytes() == src.read_bytes()
    assert run.stderr == "" and run.stdout == f"wrote 1 file to {tmp_path / 'out.xml'}\n"


def test_hostile_files_in_a_folder_each_give_one_line(tmp_path):
    folder = tmp_path / "flow"
    folder.mkdir()
    for case in ("external-entity", "billion-laughs", "invalid-utf8", "empty", "undefined-entity"):
        (folder / f"{case}.xml").write_bytes(CASES[case][0])
    good = b"<Response>\n  <Hangup/>\n</Response>\n"
    (folder / "index.xml").write_bytes(good)
    run = run_export(folder, tmp_path / "out")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 5 and run.stdout == f"wrote 1 file to {tmp_path / 'out'}\n"
    for line in lines:
        assert re.match(re.escape(str(folder)) + r"/[a-z0-9-]+\.xml:\d+:\d+: error: ", line), line
    assert (tmp_path / "out" / "index.xml").read_bytes() == good
    assert run.seconds < WALL_CLOCK
