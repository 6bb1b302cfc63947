"""`flowedit render`: the canvas drawn headless into PNG and SVG files, and the command's exit codes."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from gui_support import BAD_XML, headless_env, write
from PySide6.QtGui import QImage

from flowedit import cli
from flowedit.gui import assets
from flowedit.gui.render import render

pytestmark = pytest.mark.gui


def test_render_png(app, tmp_path):
    out = tmp_path / "flow.png"
    assert render(assets.example_flow(), out) == []
    image = QImage(str(out))
    assert image.width() > 400 and image.height() > 100
    narrow = tmp_path / "narrow.png"
    render(assets.example_flow(), narrow, width=600)
    assert QImage(str(narrow)).width() == 600


def test_render_svg_is_vector_xml(app, tmp_path):
    out = tmp_path / "flow.svg"
    render(assets.example_flow(), out, dark=True)
    root = ET.parse(out).getroot()
    assert root.tag.endswith("svg")
    text = out.read_text(encoding="utf-8")
    assert "/agents/screen" in text and "<image" not in text  # no cached bitmaps pasted in


def test_render_refuses_other_formats(app, tmp_path):
    with pytest.raises(ValueError):
        render(assets.example_flow(), tmp_path / "flow.jpg")


def test_cli_render_exit_codes(app, tmp_path, capsys):
    assert cli.main(["render", str(assets.example_flow()), "-o", str(tmp_path / "a.png")]) == cli.EXIT_OK
    assert (tmp_path / "a.png").stat().st_size > 0
    assert cli.main(["render", str(tmp_path / "nowhere"), "-o", str(tmp_path / "b.png")]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nowhere" in err
    assert cli.main(["render", str(assets.example_flow()), "-o", str(tmp_path / "c.gif")]) == cli.EXIT_USAGE
    capsys.readouterr()
    folder = tmp_path / "flow"
    shutil.copytree(assets.example_flow(), folder)
    write(folder / "broken.xml", BAD_XML)
    assert cli.main(["render", str(folder), "-o", str(tmp_path / "d.svg")]) == cli.EXIT_INPUT
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "broken.xml" in err[0]
    assert "/menu" in (tmp_path / "d.svg").read_text(encoding="utf-8")


def test_cli_render_works_without_a_display(tmp_path):
    out = tmp_path / "headless.png"
    done = subprocess.run([sys.executable, "-m", "flowedit", "render", str(assets.example_flow()), "-o", str(out)],
                          env=headless_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert QImage(str(out)).width() > 0
