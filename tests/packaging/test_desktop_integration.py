"""Linux desktop integration: the files in resources/ and `make install-desktop` / `uninstall-desktop`.

Every install goes into a temporary XDG_DATA_HOME. The freedesktop validators (desktop-file-validate,
appstreamcli, update-mime-database) run when they are installed (.ci/run installs them); without them
the same files are still checked key by key here.
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from lxml import etree

import flowedit

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "packaging"))
import install_desktop  # noqa: E402

APP_ID = "io.flowedit.FlowEdit"
MIME_TYPE = "application/x-twiml+xml"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


def fake_program(folder: Path, name: str = "flowedit-gui") -> Path:
    program = folder / name
    program.parent.mkdir(parents=True, exist_ok=True)
    program.write_text("#!/bin/sh\nexit 0\n")
    program.chmod(0o755)
    return program


def run_install(root: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "XDG_DATA_HOME": str(home)}
    return subprocess.run([sys.executable, str(root / "packaging" / "install_desktop.py"), *args],
                          env=env, capture_output=True, text=True, timeout=120)


def validator(name: str):
    return pytest.mark.skipif(shutil.which(name) is None, reason=f"{name} is not installed")


# -- the files in resources/ ---------------------------------------------------------------

def test_desktop_entry_has_the_keys_launchers_need(root):
    entry = desktop_entry(root / "resources" / f"{APP_ID}.desktop")
    assert entry["Type"] == "Application"
    assert entry["Name"] == "flowedit"
    # %f, not %F: flowedit-gui takes one PATH, so a desktop starts one editor per file.
    assert entry["Exec"] == "flowedit-gui %f" and entry["TryExec"] == "flowedit-gui"
    assert entry["Icon"] == APP_ID  # a themed icon name, found in hicolor
    assert entry["Terminal"] == "false"
    assert entry["MimeType"].split(";") == [MIME_TYPE, ""]
    assert entry["Categories"].endswith(";") and "Development" in entry["Categories"].split(";")
    # X11 matches windows by WM_CLASS; Qt sets its class to the application name (measured under Xvfb).
    from flowedit.gui.app import APPLICATION, DESKTOP_FILE

    assert entry["StartupWMClass"] == APPLICATION
    assert DESKTOP_FILE == APP_ID  # what setDesktopFileName tells Wayland must be this file's name


def test_mime_package_claims_twiml_by_name_and_response_documents_by_content(root):
    tree = etree.parse(str(root / "resources" / f"{APP_ID}.mime.xml"))
    types = tree.getroot().findall(f"{MIME_NS}mime-type")
    assert [t.get("type") for t in types] == [MIME_TYPE]
    mime = types[0]
    assert [g.get("pattern") for g in mime.findall(f"{MIME_NS}glob")] == ["*.twiml"]  # never *.xml
    assert mime.find(f"{MIME_NS}sub-class-of").get("type") == "application/xml"
    rule = mime.find(f"{MIME_NS}root-XML")
    assert (rule.get("namespaceURI"), rule.get("localName")) == ("", "Response")
    assert mime.find(f"{MIME_NS}comment").text == "TwiML document"


def test_metainfo_names_the_launcher_the_type_and_this_version(root):
    component = etree.parse(str(root / "resources" / f"{APP_ID}.metainfo.xml")).getroot()
    assert component.tag == "component" and component.get("type") == "desktop-application"
    assert component.findtext("id") == APP_ID
    assert component.findtext("metadata_license") == "CC0-1.0"
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    assert component.findtext("project_license") == project["license"]["text"]
    assert component.findtext("name") == "flowedit"
    assert component.findtext("summary") and component.find("description/p") is not None
    launchable = component.find("launchable")
    assert (launchable.get("type"), launchable.text) == ("desktop-id", f"{APP_ID}.desktop")
    assert component.findtext("provides/mediatype") == MIME_TYPE
    assert component.find("content_rating") is not None
    assert component.find("releases/release").get("version") == flowedit.__version__


@validator("desktop-file-validate")
def test_desktop_file_validate_accepts_the_launcher(root):
    done = subprocess.run(["desktop-file-validate", str(root / "resources" / f"{APP_ID}.desktop")],
                          capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == "", done.stdout + done.stderr


@validator("appstreamcli")
def test_appstreamcli_accepts_the_metainfo(root):
    done = subprocess.run(["appstreamcli", "validate", "--no-net", "--explain",
                           str(root / "resources" / f"{APP_ID}.metainfo.xml")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    # Errors and warnings fail validation; infos are allowed (AppStream 0.16 does not know <developer> yet).
    assert "\nE:" not in "\n" + done.stdout and "\nW:" not in "\n" + done.stdout, done.stdout


# -- Exec for an install from source -------------------------------------------------------

def test_exec_names_the_program_by_absolute_path_and_keeps_the_field_code():
    template = "[Desktop Entry]\nName=x\nExec=flowedit-gui %f\nTryExec=flowedit-gui\n"
    text = install_desktop.desktop_entry(template, "/home/me/flowedit/.venv/bin/flowedit-gui")
    assert "Exec=/home/me/flowedit/.venv/bin/flowedit-gui %f\n" in text
    assert "TryExec=/home/me/flowedit/.venv/bin/flowedit-gui\n" in text


@pytest.mark.parametrize(("path", "written"), [
    ("/opt/flowedit/flowedit-gui", "/opt/flowedit/flowedit-gui"),
    ("/home/me/My Projects/flowedit-gui", '"/home/me/My Projects/flowedit-gui"'),
    # Inside quotes $ and " get a backslash; the string rule then doubles every backslash.
    ("/srv/a$b/flowedit-gui", '"/srv/a\\\\$b/flowedit-gui"'),
    ('/srv/say "hi"/flowedit-gui', '"/srv/say \\\\"hi\\\\"/flowedit-gui"'),
    ("/srv/100%/flowedit-gui", "/srv/100%%/flowedit-gui"),
])
def test_exec_quotes_paths_as_the_desktop_entry_spec_says(path, written):
    assert install_desktop.exec_argument(path) == written


def test_data_home_follows_xdg_and_ignores_a_relative_value(tmp_path):
    assert install_desktop.data_home({"XDG_DATA_HOME": str(tmp_path), "HOME": "/h"}) == tmp_path
    assert install_desktop.data_home({"XDG_DATA_HOME": "rel/dir", "HOME": "/h"}) == Path("/h/.local/share")
    assert install_desktop.data_home({"HOME": "/h"}) == Path("/h/.local/share")


# -- installing and removing ---------------------------------------------------------------

def expected_files(home: Path) -> set[Path]:
    files = {home / "applications" / f"{APP_ID}.desktop",
             home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
             home / "mime" / "packages" / f"{APP_ID}.xml",
             home / "metainfo" / f"{APP_ID}.metainfo.xml"}
    files |= {home / "icons" / "hicolor" / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in SIZES}
    return files


def test_install_puts_each_file_where_desktops_look_and_uninstall_removes_them(root, tmp_path):
    home = tmp_path / "data"
    program = fake_program(tmp_path / "my venv" / "bin")
    done = run_install(root, home, "--exec", str(program))
    assert done.returncode == 0, done.stderr
    for path in expected_files(home):
        assert path.is_file(), path
    for path in home.rglob("*.xml"):
        if "packages" in path.parts or "metainfo" in path.parts:
            etree.parse(str(path))  # well-formed
    assert (home / "mime" / "packages" / f"{APP_ID}.xml").read_bytes() == \
        (root / "resources" / f"{APP_ID}.mime.xml").read_bytes()
    for n in SIZES:
        png = home / "icons" / "hicolor" / f"{n}x{n}" / "apps" / f"{APP_ID}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    entry = desktop_entry(home / "applications" / f"{APP_ID}.desktop")
    assert entry["Exec"] == f'"{program}" %f'  # the folder has a space: quoted
    assert entry["TryExec"] == str(program)

    done = run_install(root, home, "--uninstall")
    assert done.returncode == 0, done.stderr
    assert not any(path.exists() for path in expected_files(home))


def test_install_refuses_a_program_that_is_not_there(root, tmp_path):
    done = run_install(root, tmp_path / "data", "--exec", str(tmp_path / "nowhere" / "flowedit-gui"))
    assert done.returncode == 2
    assert "is not an executable file" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "data").exists()


@validator("desktop-file-validate")
def test_installed_launcher_is_valid(root, tmp_path):
    home = tmp_path / "data"
    assert run_install(root, home, "-q", "--exec", str(fake_program(tmp_path / "bin"))).returncode == 0
    done = subprocess.run(["desktop-file-validate", str(home / "applications" / f"{APP_ID}.desktop")],
                          capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == "", done.stdout


@validator("update-desktop-database")
def test_the_launcher_is_registered_for_twiml(root, tmp_path):
    home = tmp_path / "data"
    assert run_install(root, home, "-q", "--exec", str(fake_program(tmp_path / "bin"))).returncode == 0
    cache = (home / "applications" / "mimeinfo.cache").read_text()
    assert f"{MIME_TYPE}={APP_ID}.desktop;" in cache.splitlines()


@validator("update-mime-database")
@pytest.mark.gui
def test_installed_type_is_recognised_by_the_mime_database(root, tmp_path):
    """Qt's QMimeDatabase reads the user's mime.cache: .twiml files and extensionless TwiML are TwiML."""
    home = tmp_path / "data"
    assert run_install(root, home, "-q", "--exec", str(fake_program(tmp_path / "bin"))).returncode == 0
    assert (home / "mime" / "application" / "x-twiml+xml.xml").is_file()
    files = tmp_path / "files"
    files.mkdir()
    twiml = '<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Say>Hello</Say>\n</Response>\n'
    (files / "call.twiml").write_text(twiml)
    (files / "call").write_text(twiml)  # no extension: the magic rule
    (files / "bare").write_text("<Response><Hangup/></Response>\n")
    (files / "feed").write_text('<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"/>\n')
    (files / "notes.xml").write_text('<?xml version="1.0"?>\n<notes/>\n')
    script = ("import sys\nfrom PySide6.QtCore import QMimeDatabase\ndb = QMimeDatabase()\n"
              "for name in sys.argv[1:]:\n    print(name.rsplit('/', 1)[1], db.mimeTypeForFile(name).name())\n")
    env = {**os.environ, "XDG_DATA_HOME": str(home)}
    done = subprocess.run([sys.executable, "-c", script, *sorted(map(str, files.iterdir()))],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    found = dict(line.split() for line in done.stdout.splitlines())
    assert found["call.twiml"] == MIME_TYPE
    assert found["call"] == MIME_TYPE and found["bare"] == MIME_TYPE
    assert found["feed"] != MIME_TYPE and found["notes.xml"] == "application/xml"  # other XML is not claimed


def test_make_install_desktop_and_uninstall_desktop(root, tmp_path):
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    home = tmp_path / "data"
    program = fake_program(tmp_path / "bundle")
    env = {**os.environ, "XDG_DATA_HOME": str(home), "PYTHON": sys.executable}
    done = subprocess.run(["make", "-s", "-C", str(root), "install-desktop", f"FLOWEDIT_GUI={program}"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert all(path.is_file() for path in expected_files(home))
    assert desktop_entry(home / "applications" / f"{APP_ID}.desktop")["Exec"] == f"{program} %f"
    done = subprocess.run(["make", "-s", "-C", str(root), "uninstall-desktop"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not any(path.exists() for path in expected_files(home))
