"""`flowedit-gui` opens a real window on a real X server (Xvfb), the way `make run` does on a desktop.

Skipped where Xvfb or xwininfo is not installed (`.ci/run` installs both, and the X11 libraries Qt's
xcb plugin needs, so CI runs it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.gui,
    pytest.mark.skipif(not (shutil.which("Xvfb") and shutil.which("xwininfo")), reason="Xvfb/xwininfo not installed"),
]
GUI = Path(sys.executable).with_name("flowedit-gui")


@pytest.fixture
def x_display():
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as stream:
        number = stream.readline().strip()
    try:
        assert number, "Xvfb did not report its display"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


def windows(display: str) -> str:
    return subprocess.run(["xwininfo", "-root", "-tree"], env={**os.environ, "DISPLAY": display},
                          capture_output=True, text=True, timeout=10).stdout


def test_the_editor_opens_a_window_on_the_bundled_example(x_display, tmp_path):
    assert GUI.exists(), f"{GUI} is not installed"
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=x_display, XDG_CONFIG_HOME=str(tmp_path), XDG_RUNTIME_DIR=str(tmp_path))
    app = subprocess.Popen([str(GUI)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        listing = ""
        while time.monotonic() < deadline and app.poll() is None:
            listing = windows(x_display)
            if "support-line — flowedit" in listing:
                break
            time.sleep(0.25)
        assert app.poll() is None, f"flowedit-gui exited with {app.returncode}: {app.stderr.read()}"
        assert "support-line — flowedit" in listing
    finally:
        app.terminate()
        app.wait(10)
