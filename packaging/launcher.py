"""The one entry script of the frozen bundle: `flowedit` and `flowedit-gui` both run it.

The spec (packaging/flowedit.spec) makes two executables from one analysis, so they share one folder of
libraries and one copy of Qt; each runs this script, which picks the program by the executable's own
name. `sys.executable` is the frozen executable itself (argv[0] can be a relative path or a symlink
name a desktop launcher chose); `.stem` drops Windows' `.exe`.
"""

from __future__ import annotations

import sys
from pathlib import Path

GUI_NAMES = {"flowedit-gui"}


def main() -> int:
    if Path(sys.executable).stem.lower() in GUI_NAMES:
        from flowedit.gui.app import main as gui_main

        return gui_main()
    from flowedit.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
