"""The command line: export, fmt and check, exit codes, one-line errors, never a traceback.

Most tests call `flowedit.cli.main` in-process (fast); a few run the real console entry in a child
process to check what a user sees.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import flowedit
from flowedit import cli
from flowedit.cli import main

GOOD = {
    "index.xml": b'<?xml version="1.0" encoding="UTF-8" ?>\r\n<Response>\r\n\t<Gather action=\'menu.twiml\'>'
                 b"<Say>Hi</Say></Gather>\r\n</Response>",
    "menu.twiml": b"<!-- menu -->\n<Response>\n    <Say voice=\"alice\">Caf&#233;</Say>\n    <Dial\n      timeout=\"5\"/>\n</Response>\n",
    "sub/latin.xml": b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<Response><Say>\xe9</Say></Response>\n',
    "flowedit.json": b'{ "base_url": "https://example.com/", "custom": [1, 2] }',
}
MALFORMED = b"<Response>\n  <Say>unclosed\n</Response>\n"
ERROR_LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): error: .+$")


def write_tree(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def run_process(*argv, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flowedit", *map(str, argv)], capture_output=True,
                          text=True, cwd=cwd, timeout=30)


# -- export ---------------------------------------------------------------------------------------


def test_export_file_byte_identical(tmp_path, capsys):
    src = tmp_path / "menu.twiml"
    src.write_bytes(GOOD["menu.twiml"])
    out = tmp_path / "copy.twiml"
    code, stdout, stderr = run(capsys, "export", src, "--out", out)
    assert code == 0 and stderr == ""
    assert stdout.splitlines() == [f"wrote 1 file to {out}"]
    assert out.read_bytes() == GOOD["menu.twiml"]


def test_export_file_into_a_folder(tmp_path, capsys):
    src = tmp_path / "menu.twiml"
    src.write_bytes(GOOD["menu.twiml"])
    dest = tmp_path / "dest"
    dest.mkdir()
    code, _, _ = run(capsys, "export", src, "--out", dest)
    assert code == 0 and (dest / "menu.twiml").read_bytes() == GOOD["menu.twiml"]


def test_export_folder_byte_identical(tmp_path, capsys):
    src = write_tree(tmp_path / "flow", GOOD)
    out = tmp_path / "out"
    code, stdout, stderr = run(capsys, "export", src, "--out", out)
    assert code == 0 and stderr == ""
    assert stdout.splitlines() == [f"wrote 4 files to {out}"]
    assert tree(out) == GOOD


def test_export_folder_with_malformed_file_writes_the_good_ones(tmp_path, capsys):
    src = write_tree(tmp_path / "flow", {**GOOD, "broken.xml": MALFORMED})
    out = tmp_path / "out"
    code, stdout, stderr = run(capsys, "export", src, "--out", out)
    assert code == 1 and stdout.splitlines() == [f"wrote 4 files to {out}"]
    lines = stderr.splitlines()
    assert len(lines) == 1
    match = ERROR_LINE.match(lines[0])
    assert match and match["file"] == str(src / "broken.xml")
    assert (match["line"], match["col"]) == ("3", "12")  # where </Response> meets the open <Say>
    assert tree(out) == GOOD


def test_export_real_process_malformed_file(tmp_path):
    src = tmp_path / "broken.xml"
    src.write_bytes(MALFORMED)
    proc = run_process("export", src, "--out", tmp_path / "o.xml")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and ERROR_LINE.match(lines[0]) and lines[0].startswith(f"{src}:")
    assert proc.stdout == f"wrote 0 files to {tmp_path / 'o.xml'}\n"


def test_export_folder_onto_a_file_is_a_usage_error(tmp_path, capsys):
    src = write_tree(tmp_path / "flow", GOOD)
    target = tmp_path / "file.xml"
    target.write_bytes(b"x")
    code, _, stderr = run(capsys, "export", src, "--out", target)
    assert code == 2
    assert len(stderr.splitlines()) == 1 and stderr.startswith("flowedit: error: ")
    assert target.read_bytes() == b"x"


def test_export_missing_source(tmp_path, capsys):
    code, stdout, stderr = run(capsys, "export", tmp_path / "nope.xml", "--out", tmp_path / "o")
    assert code == 2 and stdout == ""
    assert stderr.splitlines() == [f"flowedit: error: {tmp_path / 'nope.xml'}: no such file or folder"]


# -- fmt ------------------------------------------------------------------------------------------

MESSY = (b'<?xml version="1.0" encoding="UTF-8"?>\n<!-- keep me -->\n<Response>\n<Say>Hi <break time="1s"/>  '
         b"there</Say>\n      <!-- inside -->\n<Dial><Number>1</Number></Dial></Response>\n")
TIDY = (b'<?xml version="1.0" encoding="UTF-8"?>\n<!-- keep me -->\n<Response>\n  <Say>Hi <break time="1s"/>  '
        b"there</Say>\n  <!-- inside -->\n  <Dial>\n    <Number>1</Number>\n  </Dial>\n</Response>\n")


def test_fmt_prints_the_formatted_document(tmp_path, capsys):
    file = tmp_path / "a.xml"
    file.write_bytes(MESSY)
    code, stdout, stderr = run(capsys, "fmt", file)
    assert code == 0 and stderr == ""
    assert stdout.encode() == TIDY
    assert file.read_bytes() == MESSY


def test_fmt_is_idempotent(tmp_path, capsys):
    file = tmp_path / "a.xml"
    file.write_bytes(TIDY)
    code, stdout, _ = run(capsys, "fmt", file)
    assert code == 0 and stdout.encode() == TIDY


def test_fmt_check(tmp_path, capsys):
    messy, tidy = tmp_path / "messy.xml", tmp_path / "tidy.xml"
    messy.write_bytes(MESSY)
    tidy.write_bytes(TIDY)
    code, stdout, stderr = run(capsys, "fmt", "--check", messy)
    assert code == 1 and stdout == ""
    assert stderr.splitlines() == [f"{messy}: would reformat"]
    assert messy.read_bytes() == MESSY
    code, stdout, stderr = run(capsys, "fmt", "--check", tidy)
    assert (code, stdout, stderr) == (0, "", "")
    code, _, stderr = run(capsys, "fmt", "--check", tidy, messy)
    assert code == 1 and stderr.splitlines() == [f"{messy}: would reformat"]


def test_fmt_write(tmp_path, capsys):
    file = tmp_path / "a.xml"
    file.write_bytes(MESSY)
    code, stdout, stderr = run(capsys, "fmt", "--write", file)
    assert code == 0 and stdout == ""
    assert stderr.splitlines() == [f"{file}: reformatted"]
    assert file.read_bytes() == TIDY
    code, _, stderr = run(capsys, "fmt", "--write", file)
    assert code == 0 and stderr == "" and file.read_bytes() == TIDY
    code, _, _ = run(capsys, "fmt", "--check", file)
    assert code == 0


def test_fmt_keeps_ssml_mixed_content(tmp_path, capsys):
    say = b'<Say voice="Polly.Joanna">\n      One <say-as interpret-as="digits">12</say-as>,\n   <lang xml:lang="fr-FR">deux</lang>!</Say>'
    file = tmp_path / "ssml.xml"
    file.write_bytes(b"<Response>\n<Pause/>" + say + b"</Response>")
    code, stdout, _ = run(capsys, "fmt", file)
    assert code == 0
    assert stdout.encode() == b"<Response>\n  <Pause/>\n  " + say + b"\n</Response>\n"


def test_fmt_malformed_and_missing(tmp_path, capsys):
    bad = tmp_path / "bad.xml"
    bad.write_bytes(MALFORMED)
    good = tmp_path / "good.xml"
    good.write_bytes(MESSY)
    code, stdout, stderr = run(capsys, "fmt", "--write", bad, good)
    assert code == 1
    lines = stderr.splitlines()
    assert len(lines) == 2 and ERROR_LINE.match(lines[0]) and lines[0].startswith(f"{bad}:")
    assert lines[1] == f"{good}: reformatted"
    assert bad.read_bytes() == MALFORMED and good.read_bytes() == TIDY
    code, _, stderr = run(capsys, "fmt", tmp_path / "missing.xml")
    assert code == 2 and stderr.splitlines() == [f"flowedit: error: {tmp_path / 'missing.xml'}: no such file"]


# -- check ----------------------------------------------------------------------------------------


def test_check_missing_path(tmp_path, capsys):
    code, _, stderr = run(capsys, "check", tmp_path / "nope")
    assert code == 2 and len(stderr.splitlines()) == 1 and "no such file or folder" in stderr


# -- version, help, usage -------------------------------------------------------------------------


def test_version():
    proc = run_process("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"flowedit {flowedit.__version__}"


@pytest.mark.parametrize("argv", [["--help"], ["-h"], ["export", "--help"], ["fmt", "--help"], ["check", "--help"]])
def test_help_exits_zero(argv, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: flowedit")


def test_help_in_a_real_process_lists_the_commands():
    proc = run_process("--help")
    assert proc.returncode == 0 and proc.stderr == ""
    for command in ("export", "fmt", "check"):
        assert command in proc.stdout


@pytest.mark.parametrize(
    "argv",
    [
        ["bogus"],
        ["export"],
        ["export", "a.xml"],
        ["export", "--out", "x"],
        ["fmt"],
        ["fmt", "--check", "--write", "a.xml"],
        ["check"],
        ["check", "--format", "xml", "a.xml"],
        ["--no-such-option"],
        ["export", "a.xml", "--out", "b", "--extra"],
    ],
)
def test_usage_errors_exit_2_with_one_line(argv, capsys):
    code, stdout, stderr = run(capsys, *argv)
    assert code == 2 and stdout == ""
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("flowedit: error: ")
    assert "--help" in lines[0]


def test_usage_error_in_a_real_process():
    proc = run_process("export")
    assert proc.returncode == 2 and proc.stdout == ""
    assert len(proc.stderr.splitlines()) == 1 and proc.stderr.startswith("flowedit: error: ")


def test_no_command_is_a_one_line_usage_error(capsys):
    code, stdout, stderr = run(capsys)
    assert code == 2 and stdout == ""
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("flowedit: error: ")
    assert "export" in lines[0] and "fmt" in lines[0] and "check" in lines[0]


def test_an_internal_failure_is_one_line_exit_2(tmp_path, capsys, monkeypatch):
    def explode(path):
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "load_flow", explode)
    file = tmp_path / "a.xml"
    file.write_bytes(b"<Response/>")
    code, _, stderr = run(capsys, "export", file, "--out", tmp_path / "o")
    assert code == 2
    assert stderr.splitlines() == ["flowedit: internal error (a bug in flowedit, please report it): RuntimeError: "
                                   "boom (run again with --debug for the traceback)"]


def test_debug_shows_the_traceback_of_an_internal_failure(tmp_path, capsys, monkeypatch):
    def explode(path):
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "load_flow", explode)
    file = tmp_path / "a.xml"
    file.write_bytes(b"<Response/>")
    code = main(["--debug", "export", str(file), "--out", str(tmp_path / "o")])
    lines = capsys.readouterr().err.splitlines()
    assert code == 2
    assert lines[0] == "flowedit: internal error (a bug in flowedit, please report it): RuntimeError: boom"
    assert lines[1] == "Traceback (most recent call last):" and lines[-1] == "RuntimeError: boom"
    assert any("in explode" in line for line in lines)


def test_unreadable_source_is_exit_2(tmp_path, capsys, monkeypatch):
    def denied(path):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cli, "load_flow", denied)
    file = tmp_path / "a.xml"
    file.write_bytes(b"<Response/>")
    code, _, stderr = run(capsys, "export", file, "--out", tmp_path / "o")
    assert code == 2
    assert stderr.splitlines() == [f"flowedit: error: {file}: cannot read: Permission denied"]
