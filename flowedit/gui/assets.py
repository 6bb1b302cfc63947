"""Where flowedit's bundled resources live: the only module that knows.

Resources are package data under `flowedit/resources/` (not a Qt .qrc), reached through
`importlib.resources`, so the same lookups work from a source checkout, an installed wheel and a
frozen build that carries the package data. Everything else asks this module for a path.

Frozen (packaging/flowedit.spec): the spec collects `flowedit/resources/**` into the bundle, and
PyInstaller's frozen importer answers `files("flowedit")` with the real folder under `sys._MEIPASS`,
a `pathlib.Path` — so nothing here needs to know about `sys._MEIPASS`, and `example_flow()` gets a
folder on disk. tests/packaging/test_bundle.py checks that in the built bundle.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

EXAMPLE_FLOW = "support-line"
# The application icon; its source is resources/io.flowedit.FlowEdit.svg (tools/render_icons.py copies it).
APP_ICON = "icons/io.flowedit.FlowEdit.svg"


def resource(relative: str) -> Traversable:
    """A bundled resource, e.g. `resource("examples/support-line/index.xml")`."""
    return files("flowedit") / f"resources/{relative}"


def example_flow() -> Path:
    """The folder of the bundled example flow, opened when flowedit-gui starts without a path."""
    found = resource(f"examples/{EXAMPLE_FLOW}")
    # The loader reads folders from disk; a zipped install would need extracting first. No supported
    # way of installing flowedit zips it, so say so plainly rather than extract behind the user's back.
    if not isinstance(found, Path):
        raise FileNotFoundError(f"the bundled example flow is not on the file system ({found})")
    return found
