"""The built bundle dist/flowedit/ (`make dist`), run without the development set-up.

Building takes about half a minute, so `make test` does not: these tests run when the bundle exists
(`make dist` made it) or when FLOWEDIT_DIST_TEST=1 asks for them — then a missing bundle fails.
FLOWEDIT_DIST=path/to/bundle tests another folder. `make dist` runs packaging/smoke.sh itself.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = Path(os.environ.get("FLOWEDIT_DIST", ROOT / "dist" / "flowedit")).absolute()
ASKED = os.environ.get("FLOWEDIT_DIST_TEST") == "1"

pytestmark = [
    pytest.mark.dist,
    pytest.mark.gui,  # the bundle runs Qt: not part of the Qt-free `make test-core`
    pytest.mark.skipif(not (ASKED or (BUNDLE / "flowedit").exists()),
                       reason="no bundle at dist/flowedit (make dist; or FLOWEDIT_DIST_TEST=1 to require it)"),
]


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """What smoke.sh gives the programs: no venv, no PYTHONPATH, no Qt variables of the developer's."""
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), **extra}


def run(args: list[str], home: Path, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=clean_env(home, **extra), capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def bundle() -> Path:
    assert (BUNDLE / "flowedit").is_file() and (BUNDLE / "flowedit-gui").is_file(), \
        f"no bundle at {BUNDLE}: run make dist"
    return BUNDLE


def test_smoke_script_passes(bundle):
    done = subprocess.run(["bash", str(ROOT / "packaging" / "smoke.sh"), str(bundle)], capture_output=True,
                          text=True, timeout=300, env={"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/tmp")})
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.rstrip().endswith(f"smoke.sh: all checks passed ({bundle})")
    for step in ("flowedit --version", "flowedit check", "flowedit render", "flowedit-gui --smoke"):
        assert step in done.stdout


def test_the_gui_uses_the_bundles_own_qt(bundle, tmp_path):
    done = run([str(bundle / "flowedit-gui"), "--smoke"], tmp_path, QT_QPA_PLATFORM="offscreen")
    assert done.returncode == 0, done.stderr
    plugins = Path(done.stdout.rsplit("Qt plugins in ", 1)[1].strip())
    assert plugins.is_relative_to(bundle), plugins  # not the venv's PySide6
    assert not (tmp_path / ".config").exists()  # a smoke run leaves the user's settings alone


def test_both_programs_share_one_folder_of_libraries(bundle):
    internal = [p for p in bundle.iterdir() if p.is_dir()]
    assert [p.name for p in internal] == ["_internal"]
    assert sorted(p.name for p in bundle.iterdir() if p.is_file()) == ["flowedit", "flowedit-gui"]


def test_every_rule_module_was_bundled(bundle, tmp_path):
    """The rule modules are imported by name; a bundle without one would check less, silently."""
    done = run([str(bundle / "flowedit"), "rules"], tmp_path)
    assert done.returncode == 0, done.stderr
    ids = {line.split()[0] for line in done.stdout.splitlines() if line.strip()}
    # One rule of each module of flowedit.validate.rules.
    for rule in ("xml-malformed", "unknown-element", "attribute-invalid-value", "dial-too-many-targets",
                 "client-identity-invalid-char", "broken-link"):
        assert rule in ids, f"{rule} is missing from the bundle's rule catalog"


def test_package_data_and_qt_plugins_are_in_and_the_unneeded_are_out(bundle):
    internal = bundle / "_internal"
    resources = internal / "flowedit" / "resources"
    assert (resources / "examples" / "support-line" / "index.xml").is_file()
    assert (resources / "templates" / "ivr-menu" / "index.xml").is_file()
    assert (resources / "icons" / "io.flowedit.FlowEdit.svg").is_file()
    plugins = internal / "PySide6" / "Qt" / "plugins"
    platforms = {p.name for p in (plugins / "platforms").iterdir()}
    assert {"libqoffscreen.so", "libqxcb.so", "libqwayland.so"} <= platforms
    assert not platforms & {"libqeglfs.so", "libqvnc.so", "libqlinuxfb.so", "libqminimal.so"}
    assert (plugins / "imageformats" / "libqsvg.so").is_file() and (plugins / "iconengines").is_dir()
    assert not (plugins / "platformthemes" / "libqgtk3.so").exists()
    names = {p.name for p in internal.rglob("*")}
    for unwanted in ("tkinter", "_tkinter", "pytest", "_pytest", "hypothesis", "twilio", "numpy",
                     "libQt6Network.so.6", "libQt6Qml.so.6", "libQt6Quick.so.6", "libQt6Pdf.so.6"):
        assert not any(name == unwanted or name.startswith(unwanted + ".") for name in names), unwanted
