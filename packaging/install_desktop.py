"""Install (or remove) flowedit's Linux desktop integration for the current user: `make install-desktop`.

    python3 packaging/install_desktop.py --exec /path/to/flowedit-gui     install
    python3 packaging/install_desktop.py --uninstall                      remove

Files go under $XDG_DATA_HOME (default ~/.local/share), where desktops look for per-user ones:

    applications/io.flowedit.FlowEdit.desktop                 the launcher, Exec rewritten (below)
    icons/hicolor/scalable/apps/io.flowedit.FlowEdit.svg      the icon, and its PNG renderings in
    icons/hicolor/NxN/apps/io.flowedit.FlowEdit.png             16…256 px (tools/render_icons.py)
    mime/packages/io.flowedit.FlowEdit.xml                    the TwiML type (application/x-twiml+xml)
    metainfo/io.flowedit.FlowEdit.metainfo.xml                AppStream data for software centres

then update-mime-database, update-desktop-database and gtk-update-icon-cache refresh their caches,
each only where it is installed (desktops without one rescan on their own or at the next login).

The launcher in resources/ says `Exec=flowedit-gui %f`, which suits a package that puts flowedit-gui on
the PATH. A desktop launches with its own PATH, which holds no virtual environment, so the installed copy
names the program by its absolute path: `--exec`, which `make install-desktop` sets to this checkout's
.venv/bin/flowedit-gui (or FLOWEDIT_GUI=…, e.g. a built bundle's dist/flowedit/flowedit-gui). Standard
library only: it runs with any python3, before or without the venv.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"
APP_ID = "io.flowedit.FlowEdit"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
# Characters that make the desktop-entry spec require an Exec argument to be quoted.
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def data_home(env: dict[str, str] | None = None) -> Path:
    """$XDG_DATA_HOME when it is an absolute path (the XDG spec ignores anything else), else ~/.local/share."""
    env = os.environ if env is None else env
    value = env.get("XDG_DATA_HOME", "")
    if value and os.path.isabs(value):
        return Path(value)
    return Path(env.get("HOME") or Path.home()) / ".local" / "share"


def files(resources: Path = RESOURCES) -> dict[str, Path]:
    """What is installed: destination relative to the data folder → source file."""
    out = {
        f"applications/{APP_ID}.desktop": resources / f"{APP_ID}.desktop",
        f"icons/hicolor/scalable/apps/{APP_ID}.svg": resources / f"{APP_ID}.svg",
        f"mime/packages/{APP_ID}.xml": resources / f"{APP_ID}.mime.xml",
        f"metainfo/{APP_ID}.metainfo.xml": resources / f"{APP_ID}.metainfo.xml",
    }
    for size in ICON_SIZES:
        name = f"icons/hicolor/{size}x{size}/apps/{APP_ID}.png"
        out[name] = resources / name
    return out


def exec_argument(path: str) -> str:
    """`path` as the program of an Exec key: quoted when it needs to be, then escaped as a string value.

    Inside double quotes the spec escapes `"`, `` ` ``, `$` and `\\` with a backslash; the value is then
    a string, whose own escape rule doubles every backslash. A `%` is written `%%` (field codes).
    """
    if any(ch in _RESERVED for ch in path):
        quoted = "".join("\\" + ch if ch in '"`$\\' else ch for ch in path)
        path = f'"{quoted}"'
    return path.replace("\\", "\\\\").replace("%", "%%")


def desktop_entry(template: str, program: str) -> str:
    """The launcher `template` with Exec and TryExec naming `program` (an absolute path)."""
    lines = []
    for line in template.splitlines():
        key = line.split("=", 1)[0].strip()
        if key == "Exec":
            args = line.split("=", 1)[1].split(None, 1)[1:]  # keep the field codes (%f)
            line = "Exec=" + " ".join([exec_argument(program), *args])
        elif key == "TryExec":
            line = "TryExec=" + program.replace("\\", "\\\\")
        lines.append(line)
    return "\n".join(lines) + "\n"


def _refresh(home: Path, quiet: bool) -> list[str]:
    """Run the cache tools that are installed; the problems of those that failed."""
    problems = []
    steps = [("update-mime-database", [str(home / "mime")]),
             ("update-desktop-database", ["-q", str(home / "applications")]),
             # -t: a user's hicolor folder has no index.theme; -f: rebuild even if the cache looks current
             ("gtk-update-icon-cache", ["-f", "-t", "-q", str(home / "icons" / "hicolor")])]
    for tool, args in steps:
        found = shutil.which(tool)
        if found is None:
            if not quiet:
                print(f"  {tool}: not installed, skipped")
            continue
        done = subprocess.run([found, *args], capture_output=True, text=True)
        if done.returncode != 0:
            problems.append(f"{tool} failed ({done.returncode}): {(done.stderr or done.stdout).strip()}")
        elif not quiet:
            print(f"  {tool}: done")
    return problems


def install(home: Path, program: str, *, quiet: bool = False) -> list[str]:
    """Copy the files under `home` with Exec naming `program`; the problems of the cache tools."""
    for relative, source in files().items():
        target = home / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if relative.startswith("applications/"):
            text = desktop_entry(source.read_text(encoding="utf-8"), program)
            target.write_text(text, encoding="utf-8")
        else:
            shutil.copyfile(source, target)
        if not quiet:
            print(f"  {target}")
    return _refresh(home, quiet)


def uninstall(home: Path, *, quiet: bool = False) -> list[str]:
    """Remove what `install` put under `home` (nothing else); the problems of the cache tools."""
    for relative in files():
        target = home / relative
        if target.exists():
            target.unlink()
            if not quiet:
                print(f"  removed {target}")
    return _refresh(home, quiet)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="install_desktop.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--exec", dest="program", metavar="PATH",
                        help="the flowedit-gui the launcher starts (default: the one beside this Python, "
                             "else flowedit-gui on the PATH)")
    parser.add_argument("--uninstall", action="store_true", help="remove the files instead")
    parser.add_argument("--data-home", type=Path, metavar="DIR",
                        help="install under DIR instead of $XDG_DATA_HOME (~/.local/share)")
    parser.add_argument("-q", "--quiet", action="store_true")
    args = parser.parse_args(argv)
    home = (args.data_home or data_home()).absolute()

    if args.uninstall:
        if not args.quiet:
            print(f"Removing flowedit's desktop integration from {home}")
        problems = uninstall(home, quiet=args.quiet)
    else:
        program = args.program or _default_program()
        if not program:
            print("install_desktop.py: no flowedit-gui found; give it with --exec PATH (make install-desktop "
                  "does)", file=sys.stderr)
            return 2
        program = os.path.abspath(program)
        if not (os.path.isfile(program) and os.access(program, os.X_OK)):
            print(f"install_desktop.py: {program} is not an executable file (run `make run` first, or "
                  "give another with --exec PATH)", file=sys.stderr)
            return 2
        if not args.quiet:
            print(f"Installing flowedit's desktop integration into {home} (launcher runs {program})")
        problems = install(home, program, quiet=args.quiet)
    for problem in problems:
        print(f"install_desktop.py: {problem}", file=sys.stderr)
    return 1 if problems else 0


def _default_program() -> str | None:
    beside = Path(sys.executable).with_name("flowedit-gui")
    return str(beside) if beside.exists() else shutil.which("flowedit-gui")


if __name__ == "__main__":
    sys.exit(main())
