"""Auto-layout (flowedit.layout): no overlaps, layers along the direction of control, determinism, `only`.

No Qt. Overlap is checked with rectangles grown by the smaller spacing: two frames must be at least
that far apart on one axis.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flowedit.io import read_document
from flowedit.io.folder import load_flow
from flowedit.layout import layout_documents, missing_positions
from flowedit.layout.auto import engine_for
from flowedit.layout.graph import break_cycles, document_graph
from flowedit.model import Flow

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from flows import generated_flow  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "real"
SPACING = (80.0, 40.0)


def doc(path: str, *body: str):
    return read_document(f"<Response>{''.join(body)}</Response>".encode(), path)


def redirect(to: str) -> str:
    return f"<Redirect>{to}</Redirect>"


def gather(to: str) -> str:
    return f'<Gather action="{to}"><Say>Press a key.</Say></Gather>'


def screened(action: str, screen: str) -> str:
    return f'<Dial action="{action}"><Number url="{screen}">+14155550100</Number></Dial>'


def flow_of(*docs, entry: str | None = None) -> Flow:
    return Flow(list(docs), entry=entry)


def varied_sizes(flow: Flow) -> dict[str, tuple[float, float]]:
    """Frame sizes that differ a lot, derived from the path so they are stable."""
    out = {}
    for i, path in enumerate(sorted(flow.documents)):
        out[path] = (120.0 + 97.0 * (i % 5), 60.0 + 53.0 * (i % 7))
    return out


def uniform_sizes(flow: Flow) -> dict[str, tuple[float, float]]:
    return {path: (240.0, 150.0) for path in flow.documents}


def assert_no_overlap(positions, sizes, margin: float = min(SPACING), tolerance: float = 1e-6):
    rects = {p: (x, y, x + sizes[p][0], y + sizes[p][1]) for p, (x, y) in positions.items()}
    for (a, ra), (b, rb) in itertools.combinations(sorted(rects.items()), 2):
        apart_x = ra[2] + margin <= rb[0] + tolerance or rb[2] + margin <= ra[0] + tolerance
        apart_y = ra[3] + margin <= rb[1] + tolerance or rb[3] + margin <= ra[1] + tolerance
        assert apart_x or apart_y, f"{a} {ra} and {b} {rb} are closer than {margin}"


def cyclic_flow() -> Flow:
    """Entry menu, a 2-cycle, a self-loop, a screening document, a loop back to the menu, an island."""
    return flow_of(
        doc("/menu", gather("/sales"), redirect("/menu")),
        doc("/sales", screened("/after", "/screen"), redirect("/support")),
        doc("/support", redirect("/sales")),
        doc("/after", gather("/menu"), redirect("/after")),
        doc("/screen", "<Say>Call for you.</Say>"),
        doc("/island", "<Say>Nobody links here.</Say>"),
        doc("/pair/a", redirect("/pair/b")),
        doc("/pair/b", redirect("/pair/a")),
        doc("/external", redirect("https://elsewhere.example.com/x"), gather("/nowhere")),
        entry="/menu",
    )


# --- no overlaps ---------------------------------------------------------------------------------

@pytest.mark.parametrize("direction", ["LR", "TB"])
@pytest.mark.parametrize("make", [lambda: generated_flow(50), cyclic_flow], ids=["generated50", "cyclic"])
@pytest.mark.parametrize("sizes_of", [uniform_sizes, varied_sizes], ids=["uniform", "varied"])
def test_no_two_frames_overlap(direction, make, sizes_of):
    flow = make()
    sizes = sizes_of(flow)
    positions = layout_documents(flow, sizes, direction, SPACING)
    assert set(positions) == set(flow.documents)
    assert_no_overlap(positions, sizes)


def test_generated_flow_uses_grandalf_and_big_one_the_linear_layering():
    assert engine_for(generated_flow(50)) == {"grandalf": 1, "layered": 0}
    assert engine_for(generated_flow(300)) == {"grandalf": 0, "layered": 1}
    flow = generated_flow(300)
    sizes = varied_sizes(flow)
    assert_no_overlap(layout_documents(flow, sizes), sizes)


def test_many_disconnected_components_pack_without_overlap():
    docs = [doc(f"/solo{i:02d}", "<Say>Hi.</Say>") for i in range(30)]
    docs += [doc(f"/chain{i}/a", redirect(f"/chain{i}/b")) for i in range(5)]
    docs += [doc(f"/chain{i}/b", "<Hangup/>") for i in range(5)]
    flow = flow_of(*docs)
    for direction in ("LR", "TB"):
        sizes = varied_sizes(flow)
        assert_no_overlap(layout_documents(flow, sizes, direction), sizes)


# --- layers follow control -----------------------------------------------------------------------

def test_entry_is_in_the_first_layer_even_when_linked_to():
    flow = cyclic_flow()
    positions = layout_documents(flow, uniform_sizes(flow))
    component = ["/menu", "/sales", "/support", "/after", "/screen"]
    assert positions["/menu"][0] == min(positions[p][0] for p in component)
    assert all(positions[p][0] > positions["/menu"][0] for p in component if p != "/menu")
    # Entry in the middle of a chain's text order: still first.
    chain = flow_of(doc("/a", redirect("/b")), doc("/b", redirect("/c")), doc("/c", redirect("/a")), entry="/b")
    positions = layout_documents(chain, uniform_sizes(chain), "TB")
    assert positions["/b"][1] < positions["/c"][1] < positions["/a"][1]


@pytest.mark.parametrize("direction, axis", [("LR", 0), ("TB", 1)])
def test_chain_runs_along_the_direction(direction, axis):
    flow = flow_of(doc("/a", redirect("/b")), doc("/b", gather("/c")), doc("/c", "<Hangup/>"), entry="/a")
    sizes = varied_sizes(flow)
    positions = layout_documents(flow, sizes, direction)
    a, b, c = (positions[p][axis] for p in ("/a", "/b", "/c"))
    assert a < b < c
    assert b >= a + sizes["/a"][axis] + SPACING[0] - 1e-6
    other = 1 - axis
    centres = {positions[p][other] + sizes[p][other] / 2 for p in ("/a", "/b", "/c")}
    assert len(centres) == 1  # a straight line through the frames' middles


def test_control_links_win_when_cycles_are_broken():
    # /a dials with /b as screening document, and /b redirects to /a: without an entry the heavier
    # control link (/b -> /a) is kept and the screening link is the one dropped.
    flow = flow_of(doc("/a", screened("/done", "/b")), doc("/b", redirect("/a")), doc("/done", "<Hangup/>"))
    graph = document_graph(flow, flow.documents)
    assert graph.weights[("/b", "/a")] > graph.weights[("/a", "/b")]
    dag = break_cycles(graph, graph.nodes, None)
    assert len(dag.dropped) == 1 and not set(dag.edges) & set(dag.dropped)


def test_missing_external_and_non_document_links_are_ignored():
    flow = flow_of(
        doc("/a", redirect("/nowhere"), redirect("https://other.example.com/b"),
            '<Play>/b</Play>', '<Dial action="/b" statusCallback="/b"><Number>+14155550100</Number></Dial>'),
        doc("/b", "<Hangup/>"),
    )
    graph = document_graph(flow, flow.documents)
    assert list(graph.weights) == [("/a", "/b")]  # only Dial's action; Play and statusCallback are not edges


# --- determinism, small flows ------------------------------------------------------------------

def test_same_input_same_output():
    for make in (cyclic_flow, lambda: generated_flow(40), lambda: generated_flow(150)):
        first = layout_documents(make(), varied_sizes(make()), "TB")
        second = layout_documents(make(), varied_sizes(make()), "TB")
        assert first == second


def test_empty_and_single_document_flows():
    assert layout_documents(Flow(), {}) == {}
    single = flow_of(doc("/only", redirect("/only")))
    assert layout_documents(single, {"/only": (300.0, 200.0)}) == {"/only": (0.0, 0.0)}
    assert layout_documents(single, {}) == {"/only": (0.0, 0.0)}  # no size: a default one


def test_bad_direction_is_refused():
    with pytest.raises(ValueError, match="direction"):
        layout_documents(cyclic_flow(), {}, "RL")


# --- only -----------------------------------------------------------------------------------------

def test_only_keeps_other_positions_and_places_new_frames_clear_of_them():
    flow = cyclic_flow()
    sizes = varied_sizes(flow)
    for path, pos in layout_documents(flow, sizes).items():
        flow.set_position(path, pos)
    new = [doc("/new/a", redirect("/new/b")), doc("/new/b", redirect("/menu")), doc("/new/c", "<Hangup/>")]
    for d in new:
        flow.add_document(d)
    before = {p: flow.position(p) for p in flow.documents}
    assert missing_positions(flow) == {"/new/a", "/new/b", "/new/c"}
    sizes.update({"/new/a": (400.0, 300.0), "/new/b": (100.0, 50.0), "/new/c": (200.0, 500.0)})
    for direction in ("LR", "TB"):
        placed = layout_documents(flow, sizes, direction, only=missing_positions(flow) | {"/unknown"})
        assert set(placed) == {"/new/a", "/new/b", "/new/c"}
        assert {p: flow.position(p) for p in flow.documents} == before
        everything = {p: pos for p, pos in before.items() if pos is not None} | placed
        assert_no_overlap(everything, sizes)
        axis = 0 if direction == "LR" else 1
        assert placed["/new/a"][axis] < placed["/new/b"][axis]


def test_only_without_existing_positions_starts_at_the_origin():
    flow = cyclic_flow()
    placed = layout_documents(flow, uniform_sizes(flow), only={"/support", "/sales"})
    assert set(placed) == {"/support", "/sales"}
    assert min(x for x, _ in placed.values()) == 0.0 and min(y for _, y in placed.values()) == 0.0
    assert layout_documents(flow, {}, only=set()) == {}


# --- the real corpus ------------------------------------------------------------------------------

@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the corpus is not at {CORPUS}")
def test_real_corpus_lays_out_without_overlap():
    folders = [CORPUS] + sorted(p for p in CORPUS.iterdir() if p.is_dir())
    for folder in folders:
        flow = load_flow(folder).flow
        sizes = uniform_sizes(flow)
        for direction in ("LR", "TB"):
            positions = layout_documents(flow, sizes, direction)
            assert set(positions) == set(flow.documents)
            assert_no_overlap(positions, sizes)


def test_a_wide_fan_takes_the_linear_layering_and_stays_clear():
    hub = doc("/hub", *(f'<Gather action="/leaf{i:04d}"/>' for i in range(1500)))
    leaves = [doc(f"/leaf{i:04d}", redirect("/sink")) for i in range(1500)]
    flow = flow_of(hub, *leaves, doc("/sink", "<Hangup/>"), entry="/hub")
    assert engine_for(flow) == {"grandalf": 0, "layered": 1}
    sizes = uniform_sizes(flow)
    positions = layout_documents(flow, sizes)
    assert positions["/hub"][0] < positions["/leaf0000"][0] < positions["/sink"][0]
    xs = sorted({x for x, _ in positions.values()})
    assert len(xs) == 3
    ys = sorted(y for p, (_, y) in positions.items() if p.startswith("/leaf"))
    assert all(b - a >= 150.0 + SPACING[1] - 1e-6 for a, b in zip(ys, ys[1:]))


def test_a_document_that_only_links_into_the_entry_is_laid_out():
    """/call reaches the flow only by a link into the entry; dropping edges into the entry (to keep
    it in the first layer) cut the component in two and grandalf refused it ("unconnected Vertex")."""
    flow = flow_of(doc("/index", "<Say>hi</Say>"), doc("/call", redirect("/index")), entry="/index")
    positions = layout_documents(flow, uniform_sizes(flow))
    assert set(positions) == {"/index", "/call"}
    assert positions["/index"][0] < positions["/call"][0]  # the entry stays first
    assert_no_overlap(positions, uniform_sizes(flow))


@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), max_size=16), st.integers(0, 7),
       st.sampled_from(["LR", "TB"]))
@settings(max_examples=300, deadline=None)
def test_any_link_graph_is_laid_out_without_overlap(links, entry, direction):
    targets: dict[int, list[int]] = {}
    for source, target in links:
        targets.setdefault(source, []).append(target)
    docs = [doc(f"/d{n}", *(redirect(f"/d{t}") if i == len(targets.get(n, [])) - 1 else gather(f"/d{t}")
                            for i, t in enumerate(targets.get(n, []))) or "<Hangup/>") for n in range(8)]
    flow = flow_of(*docs, entry=f"/d{entry}")
    sizes = varied_sizes(flow)
    positions = layout_documents(flow, sizes, direction)
    assert set(positions) == set(flow.documents)
    assert_no_overlap(positions, sizes)
