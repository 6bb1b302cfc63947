"""The start-up checks that run before Qt is imported (pure functions: no Qt needed)."""

from __future__ import annotations

import pytest

from flowedit.gui.preflight import (
    display_problem,
    qt_import_problem,
    requested_platform,
)


def test_no_display_on_linux_is_one_line_naming_both_variables_and_the_fix():
    problem = display_problem({}, "linux")
    assert problem is not None and "\n" not in problem
    assert "DISPLAY and WAYLAND_DISPLAY are unset" in problem
    assert "QT_QPA_PLATFORM=offscreen" in problem


@pytest.mark.parametrize("environ", [
    {"DISPLAY": ":0"},
    {"WAYLAND_DISPLAY": "wayland-0"},
    {"WAYLAND_SOCKET": "3"},
    {"QT_QPA_PLATFORM": "offscreen"},
    {"QT_QPA_PLATFORM": "minimal"},
    {"QT_QPA_PLATFORM": "vnc:size=800x600"},
    {"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":1"},
    {"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":1"},
    {"QT_QPA_PLATFORM": "someplugin"},  # unknown to us: Qt decides
])
def test_a_usable_platform_is_not_a_problem(environ):
    assert display_problem(environ, "linux") is None


@pytest.mark.parametrize("environ", [
    {"DISPLAY": ""},
    {"DISPLAY": "  ", "WAYLAND_DISPLAY": ""},
    {"QT_QPA_PLATFORM": "xcb"},
    {"QT_QPA_PLATFORM": "wayland", "DISPLAY": ":0"},
    {"QT_QPA_PLATFORM": "wayland;xcb"},
])
def test_a_window_system_platform_without_its_display_is_a_problem(environ):
    problem = display_problem(environ, "linux")
    assert problem is not None and problem.startswith("no display available")
    assert "\n" not in problem


def test_the_problem_names_the_platform_that_was_asked_for():
    assert "QT_QPA_PLATFORM=xcb needs DISPLAY" in display_problem({"QT_QPA_PLATFORM": "xcb"}, "linux")


def test_windows_and_macos_are_not_checked():
    assert display_problem({}, "win32") is None
    assert display_problem({}, "darwin") is None
    assert display_problem({}, "freebsd14") is not None  # X11/Wayland too


def test_platform_on_the_command_line_wins_over_the_environment():
    assert requested_platform({"QT_QPA_PLATFORM": "xcb"}, ["-platform", "offscreen"]) == "offscreen"
    assert requested_platform({}, ["--platform=minimal"]) == "minimal"
    assert display_problem({"QT_QPA_PLATFORM": "xcb"}, "linux", ["-platform", "offscreen", "x.xml"]) is None
    assert display_problem({}, "linux", ["x.xml", "-platform"]) is not None  # no value: ignored


def test_missing_system_library_is_named_with_the_fix():
    err = ImportError("libEGL.so.1: cannot open shared object file: No such file or directory")
    message = qt_import_problem(err)
    assert "libEGL.so.1" in message and "install the Qt system libraries: see README" in message
    assert "\n" not in message


def test_missing_pyside6_says_to_install_it():
    err = ModuleNotFoundError("No module named 'PySide6'", name="PySide6")
    assert "PySide6 is not installed" in qt_import_problem(err)


def test_other_import_errors_keep_their_first_line():
    message = qt_import_problem(ImportError("DLL load failed while importing QtGui\nmore"))
    assert message == ("cannot load Qt (DLL load failed while importing QtGui); "
                       "install the Qt system libraries: see README")


def test_the_entry_module_imports_no_qt():
    # Otherwise a missing libEGL would fail at import, before the one-line message could be printed.
    import subprocess
    import sys

    code = ("import sys, flowedit.gui.app, flowedit.gui.preflight, flowedit.gui.assets; "
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_xcb_is_used_only_for_x11_sessions():
    from flowedit.gui.preflight import uses_xcb

    assert uses_xcb({"DISPLAY": ":0"}, "linux")
    assert not uses_xcb({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not uses_xcb({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert uses_xcb({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":1"}, "linux")
    assert not uses_xcb({"DISPLAY": ":0"}, "darwin")


def test_missing_xcb_libraries_are_named_with_their_packages():
    from flowedit.gui.preflight import XCB_LIBRARIES, xcb_problem

    def load(soname):
        if soname in ("libxcb-icccm.so.4", "libxcb-keysyms.so.1"):
            raise OSError(f"{soname}: cannot open shared object file")

    line = xcb_problem(load)
    assert "\n" not in line
    assert "libxcb-icccm4 libxcb-keysyms1" in line and "apt-get install" in line
    assert xcb_problem(lambda soname: None) is None
    assert len(XCB_LIBRARIES) >= 10
