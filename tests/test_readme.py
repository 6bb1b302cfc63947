"""The README's tour commands run as written, and its shortcut table matches the editor's actions.

Every `flowedit …` line (and the `cp` before them) of the tour's command block is run in a temporary
folder from a shell, with the venv's `flowedit` first on PATH; the exit code a line's comment promises
(`# exit 0`, `# exit 1`) is checked, and every other line must succeed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _tour_commands() -> list[str]:
    tour = README.split("## A tour", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", tour, re.S).group(1)
    return [line for line in block.splitlines() if line.strip()]


def test_the_tour_block_is_there_and_covers_the_commands():
    commands = _tour_commands()
    used = {line.split()[1] for line in commands if line.startswith("flowedit ") and not line.split()[1].startswith("-")}
    assert {"check", "rules", "fmt", "export", "diff", "render", "code"} <= used


@pytest.mark.parametrize("line", [pytest.param(line, marks=pytest.mark.gui) if " render " in line else line
                                  for line in _tour_commands()])  # render draws with Qt
def test_each_tour_command_runs_as_written(line, tmp_path_factory):
    work = tmp_path_factory.getbasetemp() / "readme-tour"
    if not work.exists():
        work.mkdir()
        (work / "flowedit" / "resources" / "examples").mkdir(parents=True)
        shutil.copytree(ROOT / "flowedit" / "resources" / "examples" / "support-line",
                        work / "flowedit" / "resources" / "examples" / "support-line")
    if line.startswith("cp ") and (work / "support-line").exists():
        return  # already done by an earlier line's run
    for earlier in _tour_commands():  # a line may need what an earlier one made (exported/)
        if earlier == line:
            break
        if "--out" in earlier or earlier.startswith("cp "):
            subprocess.run(earlier.split("#")[0], shell=True, cwd=work, capture_output=True,
                           env=_env(), timeout=120)
    expected = re.search(r"# exit (\d)", line)
    done = subprocess.run(line.split("#")[0], shell=True, cwd=work, capture_output=True, text=True,
                          env=_env(), timeout=120)
    want = int(expected.group(1)) if expected else 0
    assert done.returncode == want, (line, done.stdout[-2000:], done.stderr[-2000:])
    assert "Traceback" not in done.stderr


def _env() -> dict[str, str]:
    bin_dir = str(Path(sys.executable).parent)
    return dict(os.environ, PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""), QT_QPA_PLATFORM="offscreen")


@pytest.mark.gui
def test_the_shortcut_table_matches_the_editors_actions(qapp):
    from PySide6.QtGui import QKeySequence

    from flowedit.gui.main_window import MainWindow

    window = MainWindow()
    keys = {k.toString(QKeySequence.SequenceFormat.PortableText)
            for action in window.commands.values() for k in action.shortcuts()}
    table = README.split("## Keyboard shortcuts", 1)[1].split("\n## ", 1)[0]
    cells = [c.strip() for row in table.splitlines() if row.startswith("|") and "---" not in row
             for c in row.strip("|").split("|")[1::3] + row.strip("|").split("|")[4::3]]
    named = [k for cell in cells for part in re.split(r" / | … |[()]", cell) for k in [part.strip()]
             if k and k != "Shortcut" and re.fullmatch(r"(Ctrl\+|Shift\+|Alt\+)*(\S+)", k)]
    assert len(named) > 30
    missing = [k for k in named if k not in keys]
    assert not missing, missing
    window.close()
