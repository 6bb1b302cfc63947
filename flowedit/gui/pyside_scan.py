"""Spares PySide6 reading flowedit's own source files as they are imported.

After PySide6 is imported, it looks at every module imported later to learn whether the module might
use its `__feature__` switches (snake_case, true_property): it reads the module's whole source file
through `inspect.getsource` and looks for the word "PySide6" (shibokensupport's
`feature._mod_uses_pyside`, PYSIDE-2029). For the ~45 modules of an empty editor window that was
~8–11 ms of a ~180 ms start, and more for every panel or dialog imported later.

flowedit uses no `__feature__` switch anywhere, so the answer for its modules is known beforehand:
`tell_pyside` writes it into PySide's table (`pyside_feature_dict`, keyed by module name) before the
modules are imported, and PySide then skips them. The values are what the scan itself would have
found, as far as they can matter: 0 ("uses PySide, no feature") for the GUI package, whose modules
are the only ones that import Qt, and -1 ("ignore") for the Qt-free core. The standard library's
modules get -1 too, which is exactly what the scan finds in them (none mentions PySide6): it read
`typing`, `inspect`, `dataclasses` … each the first time one of flowedit's modules imported it, another
~4 ms. Where the table is not found (another PySide6, a frozen build that has no sources to read
anyway), nothing is done.
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache

__all__ = ["tell_pyside", "tell_pyside_about"]

_PACKAGE = "flowedit"
_GUI = "flowedit.gui"


@lru_cache(maxsize=None)  # the package `__init__` and `configure_application` both ask for flowedit's
def _module_names(root: str, package: str) -> tuple[str, ...]:
    """Names of the modules and packages under the directory `root` of `package`, from the file
    names alone (nothing is imported or read)."""
    names = []
    for folder, folders, files in os.walk(root):
        # Packages only; a package's own test suites are never imported by the editor.
        folders[:] = [f for f in folders if f.isidentifier() and f not in ("__pycache__", "tests")]
        relative = os.path.relpath(folder, root)
        prefix = package if relative == "." else package + "." + relative.replace(os.sep, ".")
        for file in files:
            stem, ext = os.path.splitext(file)
            if ext == ".py":
                names.append(prefix if stem == "__init__" else prefix + "." + stem)
    return tuple(names)


def tell_pyside() -> int:
    """Tell PySide6 what its source scan would find in flowedit's modules; returns how many names
    were new to it (0 when PySide6 is not imported or keeps no such table)."""
    feature = sys.modules.get("shibokensupport.feature")
    table = getattr(feature, "pyside_feature_dict", None)
    package = sys.modules.get(_PACKAGE)
    if not isinstance(table, dict) or package is None or not getattr(package, "__path__", None):
        return 0
    known = {name: -1 for name in sys.stdlib_module_names}
    for name in _module_names(package.__path__[0], _PACKAGE):
        known[name] = 0 if name == _GUI or name.startswith(_GUI + ".") else -1
    added = 0
    for name, value in known.items():
        if name not in table:
            table[name] = value
            added += 1
    return added


def tell_pyside_about(*packages: str) -> int:
    """The same for packages the editor is about to import (not imported here): -1 for each of their
    modules, what the scan finds in a package that never mentions PySide6. The live checker's first
    use imports networkx, whose ~280 modules the scan read in ~30–40 ms (and the standard library's
    `importlib` and `email` submodules it imports). Returns how many names were new."""
    from importlib.util import find_spec

    feature = sys.modules.get("shibokensupport.feature")
    table = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(table, dict):
        return 0
    added = 0
    for package in packages:
        try:
            spec = find_spec(package)  # a top-level name: nothing of the package is run
        except (ImportError, ValueError):
            continue
        for root in (spec.submodule_search_locations or ()) if spec is not None else ():
            for name in _module_names(root, package):
                if name not in table:
                    table[name] = -1
                    added += 1
    return added
