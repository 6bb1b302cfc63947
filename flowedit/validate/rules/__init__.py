"""The rule catalog. Importing this package registers every rule (see `flowedit.validate.registry`).

Modules, one concern each: `document` (root, size, stray text), `structure` (element and attribute
names, nesting, required text, placeholders), `values` (attribute values, methods, URLs, status
callback events), `dial` (Dial composition), `client` (client identities and parameters), `order`
(what runs after what inside a document), `flow` (the flow graph: links, reachability, loops,
documents run on other legs).
"""

from flowedit.validate.rules import document  # noqa: F401

for _name in ("structure", "values", "dial", "client", "order", "flow"):
    try:
        __import__(f"flowedit.validate.rules.{_name}")
    except ModuleNotFoundError as _err:  # written by parallel work; present once it lands
        if _err.name != f"flowedit.validate.rules.{_name}":
            raise
