"""Start-up checks made before any Qt import: is there a display, and could Qt be loaded.

Both exist because Qt's own failure modes are hostile: with no display the xcb plugin aborts the
process with a multi-line message (and a core dump), and a missing system library surfaces as an
ImportError traceback. Each check here turns that into one line the user can act on. Nothing in this
module imports Qt, so it can be tested, and can run, where Qt cannot.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

# Platform plugins that draw into memory, a framebuffer or a remote client: they need no window system.
HEADLESS_PLATFORMS = frozenset({
    "offscreen", "minimal", "minimalegl", "vnc", "eglfs", "linuxfb", "vkkhrdisplay", "webgl", "directfb",
})
_X11_PLATFORMS = frozenset({"xcb"})
_SUFFIX = "run it in a desktop session, or set QT_QPA_PLATFORM=offscreen"
_LIBRARY = re.compile(r"([\w.+-]+\.(?:so(?:\.\d+)*|dylib|dll))\b")
_SEE_README = "install the Qt system libraries: see README"


def _set(environ: Mapping[str, str], name: str) -> bool:
    return bool(environ.get(name, "").strip())


def requested_platform(environ: Mapping[str, str], argv: Sequence[str] = ()) -> str:
    """The platform plugin list Qt will use: `-platform NAME` on the command line wins over the environment."""
    for index, arg in enumerate(argv):
        for flag in ("-platform", "--platform"):
            if arg == flag and index + 1 < len(argv):
                return argv[index + 1]
            if arg.startswith(flag + "="):
                return arg.split("=", 1)[1]
    return environ.get("QT_QPA_PLATFORM", "").strip()


def display_problem(environ: Mapping[str, str], platform: str, argv: Sequence[str] = ()) -> str | None:
    """Why Qt could not open a window here, in one line; None when it can (or when we cannot tell).

    `platform` is `sys.platform`. Only X11/Wayland systems are checked: Windows and macOS always have a
    window system when a user session runs the program.
    """
    if platform in ("win32", "darwin"):
        return None
    x11 = _set(environ, "DISPLAY")
    wayland = _set(environ, "WAYLAND_DISPLAY") or _set(environ, "WAYLAND_SOCKET")
    requested = requested_platform(environ, argv)
    if not requested:
        if x11 or wayland:
            return None
        return f"no display available (DISPLAY and WAYLAND_DISPLAY are unset); {_SUFFIX}"
    # QT_QPA_PLATFORM may list fallbacks ("wayland;xcb") and give plugin options ("vnc:size=800x600").
    names = [part.split(":", 1)[0].strip().lower() for part in requested.split(";") if part.strip()]
    for name in names:
        if name in HEADLESS_PLATFORMS:
            return None
        if name in _X11_PLATFORMS and x11:
            return None
        if name.startswith("wayland") and wayland:
            return None
        if name not in _X11_PLATFORMS and not name.startswith("wayland"):
            return None  # a plugin we do not know: let Qt decide
    needs = " or ".join(dict.fromkeys("DISPLAY" if n in _X11_PLATFORMS else "WAYLAND_DISPLAY" for n in names))
    return f"no display available (QT_QPA_PLATFORM={requested} needs {needs}, which is unset); {_SUFFIX}"


# What Qt's xcb platform plugin links beyond Qt's own wheel, with the Debian package of each
# (research/ecosystem.md §2). Qt aborts with a core dump when one is missing; we name them instead.
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1", "libxcb-image.so.0": "libxcb-image0",
    "libxcb-randr.so.0": "libxcb-randr0", "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0", "libxcb-shm.so.0": "libxcb-shm0", "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0", "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0", "libX11-xcb.so.1": "libx11-xcb1",
}


def uses_xcb(environ: Mapping[str, str], platform: str, argv: Sequence[str] = ()) -> bool:
    """True when Qt will pick its X11 (xcb) plugin: asked for it, or X11 is the only display there is."""
    if platform != "linux" and not platform.startswith(("freebsd", "openbsd", "netbsd")):
        return False
    requested = requested_platform(environ, argv)
    if requested:
        return requested.split(";")[0].split(":", 1)[0].strip().lower() == "xcb"
    wayland = _set(environ, "WAYLAND_DISPLAY") or _set(environ, "WAYLAND_SOCKET")
    return _set(environ, "DISPLAY") and not wayland


def xcb_problem(load) -> str | None:
    """One line naming the X11 libraries Qt's xcb plugin needs and cannot find; None when all load.

    `load(soname)` tries to load one library and raises OSError when it cannot (ctypes.CDLL).
    """
    missing = []
    for soname, package in XCB_LIBRARIES.items():
        try:
            load(soname)
        except OSError:
            missing.append(package)
    if not missing:
        return None
    return (f"Qt's X11 support needs system libraries that are missing: {' '.join(missing)} "
            f"(on Debian/Ubuntu: sudo apt-get install {' '.join(missing)}); or set QT_QPA_PLATFORM=offscreen")


def qt_import_problem(error: ImportError) -> str:
    """One line saying why PySide6 could not be imported and what to do about it."""
    if isinstance(error, ModuleNotFoundError) and (error.name or "").split(".")[0] in ("PySide6", "shiboken6"):
        return "PySide6 is not installed; install flowedit with its dependencies (pip install flowedit)"
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    found = _LIBRARY.search(text)
    if found:
        return f"cannot load Qt: the system library {found.group(1)} is missing; {_SEE_README}"
    return f"cannot load Qt ({text}); {_SEE_README}"
