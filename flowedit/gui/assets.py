"""Where flowedit's bundled resources live: the only module that knows.

Resources are package data under `flowedit/resources/` (not a Qt .qrc): the folder beside the
package's own files when it is on the file system (a source checkout, an installed wheel, a frozen
build that carries the package data), else what `importlib.resources` makes of the package (a zip),
so the same lookups work everywhere. Everything else asks this module for a path. The folder is
found without importing `importlib.resources` (~5 ms of a cold start: the window icon is looked up
before the first window shows).

Frozen (packaging/flowedit.spec): the spec collects `flowedit/resources/**` into the bundle beside
the package's modules under `sys._MEIPASS` (where `flowedit.__file__` points, and the folder
PyInstaller's importer would answer `files("flowedit")` with) — so nothing here needs to know about
`sys._MEIPASS`, and `example_flow()` gets a folder on disk. tests/packaging/test_bundle.py checks
that in the built bundle.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import flowedit

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

EXAMPLE_FLOW = "support-line"
# The application icon; its source is resources/io.flowedit.FlowEdit.svg (tools/render_icons.py copies it).
APP_ICON = "icons/io.flowedit.FlowEdit.svg"


def resource(relative: str) -> Traversable:
    """A bundled resource, e.g. `resource("examples/support-line/index.xml")`."""
    folder = Path(flowedit.__file__).parent / "resources"
    if folder.is_dir():  # what importlib.resources answers for a package on the file system
        return folder / relative
    from importlib.resources import files

    return files("flowedit") / f"resources/{relative}"


def example_flow() -> Path:
    """The folder of the bundled example flow, opened when flowedit-gui starts without a path."""
    found = resource(f"examples/{EXAMPLE_FLOW}")
    # The loader reads folders from disk; a zipped install would need extracting first. No supported
    # way of installing flowedit zips it, so say so plainly rather than extract behind the user's back.
    if not isinstance(found, Path):
        raise FileNotFoundError(f"the bundled example flow is not on the file system ({found})")
    return found
