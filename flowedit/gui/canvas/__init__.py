"""The canvas: the flow drawn as document frames, verbs, targets and link arrows.

`FlowScene` follows a `FlowSession` (scene.py); `FlowView` shows it with zoom, pan, a grid and a
mini-map (view.py, minimap.py). Items live in `items/` (frames measure their rows in
`items/geometry.py` and make the row items only when needed); arrows are derived in `arrows.py`
and drawn all together by `linkdraw.py`, under the items, from the view's cached `backdrop.py`;
palette drops in `drops.py`; link handles in `connect.py`; what each node says in `summary.py`;
where frames go without a saved position in `arrange.py`.

Import from the modules themselves (`flowedit.gui.canvas.scene` …): this package imports none of them,
so a module of it that the empty window needs does not bring in the item classes with it.
"""
