"""`flowedit-gui` as a user starts it: in subprocesses, headless, with and without a display."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from gui_support import EXAMPLE_PATHS, gui_command, headless_env

from flowedit.gui import assets

pytestmark = pytest.mark.gui
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the display check is for X11/Wayland")


def run(args, env, timeout=60):
    return subprocess.run(gui_command() + args, env=env, capture_output=True, text=True, timeout=timeout)


@linux_only
def test_without_a_display_it_says_so_in_one_line_and_exits_2(tmp_path):
    done = run([], headless_env(tmp_path))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("flowedit-gui: no display available")
    assert "QT_QPA_PLATFORM=offscreen" in lines[0]
    assert "Traceback" not in done.stderr and done.stdout == ""


@linux_only
def test_xcb_asked_for_without_display_exits_2_naming_it(tmp_path):
    done = run(["flow.xml"], headless_env(tmp_path, QT_QPA_PLATFORM="xcb"))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "QT_QPA_PLATFORM=xcb" in done.stderr


def test_help_works_offscreen(tmp_path):
    done = run(["--help"], headless_env(tmp_path, QT_QPA_PLATFORM="offscreen"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: flowedit-gui") and "PATH" in done.stdout
    assert done.stderr == ""


@linux_only
def test_help_and_version_need_no_display(tmp_path):
    assert run(["--help"], headless_env(tmp_path)).returncode == 0
    done = run(["--version"], headless_env(tmp_path))
    assert done.returncode == 0 and done.stdout.startswith("flowedit-gui ")


def test_unknown_option_is_a_usage_error(tmp_path):
    done = run(["--no-such-option"], headless_env(tmp_path, QT_QPA_PLATFORM="offscreen"))
    assert done.returncode == 2
    assert "unrecognized arguments: --no-such-option" in done.stderr and "Traceback" not in done.stderr


def test_new_with_a_path_or_smoke_is_a_usage_error_in_one_line(tmp_path):
    env = headless_env(tmp_path, QT_QPA_PLATFORM="offscreen")
    assert "--new" in run(["--help"], env).stdout
    for args in (["--new", str(tmp_path / "flow.xml")], ["--new", "--smoke"]):
        done = run(args, env)
        assert done.returncode == 2, done.stderr
        assert done.stderr.strip().splitlines() == [
            "flowedit-gui: --new starts an empty window: give it without PATH and without --smoke"]


def test_qt_that_cannot_load_is_one_line_naming_the_library(tmp_path):
    # A stand-in PySide6 that fails the way the real one does on a machine without libEGL.
    fake = tmp_path / "fake" / "PySide6"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text(
        'raise ImportError("libEGL.so.1: cannot open shared object file: No such file or directory")\n')
    done = run([], headless_env(tmp_path, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(tmp_path / "fake")))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "libEGL.so.1" in lines[0] and "install the Qt system libraries: see README" in lines[0]


@linux_only
def test_it_starts_with_qt_platform_option_and_keeps_running(tmp_path):
    # `-platform offscreen` must satisfy the display check and must not reach argparse (Qt strips it).
    proc = subprocess.Popen(gui_command() + ["-platform", "offscreen", str(tmp_path / "missing")],
                            env=headless_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(2)
        assert proc.poll() is None, proc.communicate()
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert "Traceback" not in err


def test_the_bundled_example_is_found_through_assets():
    folder = assets.example_flow()
    assert folder.is_dir() and (folder / "index.xml").is_file()
    assert {p.relative_to(folder).with_suffix("").as_posix() for p in folder.rglob("*.xml")} == \
        {p.lstrip("/") for p in EXAMPLE_PATHS}
