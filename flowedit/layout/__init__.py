"""Auto-layout of a flow's document frames: layered (Sugiyama) along the direction of control, Qt-free.

`layout_documents(flow, sizes, …)` returns top-left frame positions in scene units; the GUI applies
them (as one undoable macro of `Flow.set_position` edits). `missing_positions(flow)` names the
documents that have no saved position yet. Engine: grandalf's SugiyamaLayout for components within
a work budget, a linear layering above it (see `flowedit.layout.ordering`).
"""

from flowedit.layout.auto import DEFAULT_SIZE, engine_for, layout_documents, missing_positions

__all__ = ["DEFAULT_SIZE", "engine_for", "layout_documents", "missing_positions"]
