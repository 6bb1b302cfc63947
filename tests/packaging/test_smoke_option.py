"""`flowedit-gui --smoke`, run as a user (or a build script) runs it, and the bundle's launcher script."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui


def gui_command() -> list[str]:
    script = Path(sys.executable).with_name("flowedit-gui")
    return [str(script)] if script.exists() else [sys.executable, "-m", "flowedit.gui"]


def smoke(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"))
    return subprocess.run(gui_command() + ["--smoke", *args], env=env, capture_output=True, text=True, timeout=120)


def test_smoke_opens_the_example_draws_it_and_exits_0(tmp_path):
    done = smoke(tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("flowedit-gui: smoke test passed: 5 documents, canvas ")
    assert "platform offscreen" in lines[0]
    assert "Traceback" not in done.stderr
    # Its own settings: nothing is written into the user's configuration or data folders.
    assert not (tmp_path / "config").exists() and not (tmp_path / "data").exists()


def test_smoke_of_a_path_that_does_not_open_is_one_line_and_exit_1(tmp_path):
    done = smoke(tmp_path, str(tmp_path / "missing.xml"))
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("flowedit-gui: smoke test failed: the flow did not open: Cannot open ")
    assert done.stdout == ""


def test_smoke_of_a_folder_without_twiml_fails(tmp_path):
    (tmp_path / "empty").mkdir()
    done = smoke(tmp_path, str(tmp_path / "empty"))
    assert done.returncode == 1
    assert done.stderr.strip().startswith("flowedit-gui: smoke test failed: the flow did not open")


def test_a_blank_canvas_fails_the_smoke_test_in_one_line(qapp, monkeypatch, capsys):
    from PySide6.QtGui import QImage

    from flowedit.gui import smoke
    from flowedit.gui.app import configure_application

    configure_application(qapp)
    monkeypatch.setattr(smoke, "_draw_canvas", lambda scene: (QImage(800, 179, QImage.Format.Format_RGB32), 0.0))
    assert smoke.run(qapp) == 1
    out, err = capsys.readouterr()
    assert out == "" and err == "flowedit-gui: smoke test failed: the canvas drew nothing (0.0% of 800x179 px)\n"


def test_a_smoke_run_leaves_no_window_and_no_settings_behind(qapp, capsys):
    from PySide6.QtCore import QEvent, QSettings
    from PySide6.QtWidgets import QApplication

    from flowedit.gui import smoke
    from flowedit.gui.app import configure_application
    from flowedit.gui.main_window import MainWindow

    def main_windows():
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]

    configure_application(qapp)
    before_windows, before_keys = len(main_windows()), QSettings().allKeys()
    assert smoke.run(qapp) == 0
    assert "smoke test passed: 5 documents" in capsys.readouterr().out
    assert len(main_windows()) == before_windows
    assert QSettings().allKeys() == before_keys  # the window's layout went to a temporary file


def test_fraction_not_counts_the_pixels_of_another_colour(qapp):
    from PySide6.QtGui import QColor, QImage

    from flowedit.gui.smoke import _fraction_not

    image = QImage(10, 10, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    for x in range(10):
        image.setPixelColor(x, 0, QColor("#000000"))
    assert _fraction_not(image, QColor("#ffffff").rgb()) == pytest.approx(0.1)


# -- packaging/launcher.py: one script, two programs ---------------------------------------

@pytest.fixture
def launcher(root):
    sys.path.insert(0, str(root / "packaging"))
    try:
        import launcher

        yield launcher
    finally:
        sys.path.remove(str(root / "packaging"))


@pytest.mark.parametrize(("executable", "printed"), [
    ("/opt/flowedit/flowedit-gui", "flowedit-gui "),
    ("C:\\flowedit\\flowedit-gui.exe", "flowedit-gui "),
    ("/opt/flowedit/flowedit", "flowedit "),
])
def test_the_launcher_picks_the_program_by_its_executables_name(launcher, monkeypatch, capsys, executable,
                                                                printed):
    monkeypatch.setattr(sys, "executable", executable.replace("\\", "/"))
    monkeypatch.setattr(sys, "argv", [executable, "--version"])
    try:
        code = launcher.main()
    except SystemExit as done:  # the CLI's argparse exits for --version
        code = done.code
    assert code == 0
    assert capsys.readouterr().out.startswith(printed)
