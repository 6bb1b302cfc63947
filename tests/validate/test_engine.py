"""The live checker and the flow graph: incremental checks equal full ones, only touched documents are
re-checked, the graph has the typed edges the flow rules rely on, and a failing rule is contained."""

from __future__ import annotations

import random
from importlib.resources import files
from pathlib import Path

import pytest

from flowedit.io.folder import load_flow
from flowedit.validate import Severity, Validator, check_flow
from flowedit.validate.graph import FlowGraph
from flowedit.validate.registry import RULES

EXAMPLE = Path(str(files("flowedit") / "resources/examples/support-line"))


@pytest.fixture
def flow():
    return load_flow(EXAMPLE).flow


def key(findings):
    return [(f.rule, f.file, f.line, f.column, f.message) for f in findings]


def test_incremental_checks_equal_full_checks_over_random_edits(flow):
    validator = Validator(flow)
    rng = random.Random(7)
    for step in range(150):
        doc = rng.choice(list(flow.documents.values()))
        elements = [e for e in doc.iter_ids() if doc.kind(e) == "element"]
        eid = rng.choice(elements)
        roll = rng.random()
        if roll < 0.3:
            doc.set_attribute(eid, "action", rng.choice(["/menu", "/nope", "/index", "/agents/screen"]))
        elif roll < 0.5 and eid != doc.root_id:
            doc.remove_node(eid)
        elif roll < 0.6:
            flow.rename_document(doc.path, doc.path + "x") if len(doc.path) < 30 else None
        else:
            doc.insert_element(doc.root_id, 0, rng.choice(["Redirect", "Dial", "Say"]),
                               text=rng.choice([None, "/index", "/agents/screen", "/menu"]))
        assert key(validator.check()) == key(check_flow(flow)), f"step {step}"


def test_only_the_edited_document_is_rechecked(flow):
    validator = Validator(flow)
    validator.check()
    assert validator.last_rechecked == set(flow.documents)
    menu = flow.document("/menu")
    dial = menu.child_elements(menu.root_id)[0]
    menu.set_attribute(dial, "timeout", "25")
    validator.check()
    assert validator.last_rechecked == {"/menu"}
    validator.check()
    assert validator.last_rechecked == set()


def test_an_edit_elsewhere_updates_flow_findings(flow):
    validator = Validator(flow)
    assert [f for f in validator.check() if f.rule == "broken-link"] == []
    index = flow.document("/index")
    redirect = index.child_elements(index.root_id)[2]
    index.set_text(redirect, "/indx")
    (finding,) = [f for f in validator.check() if f.rule == "broken-link"]
    assert finding.document == "/index" and "did you mean /index?" in finding.hint
    index.set_text(redirect, "/index")
    assert [f for f in validator.check() if f.rule == "broken-link"] == []


def test_broken_links_of_unchanged_documents_are_not_made_again(flow):
    """Each broken link's finding locates its element and looks for the closest document path: on
    1,000 documents with thousands of them, making them all again on every keystroke took seconds."""
    from flowedit.io.reader import read_document

    validator = Validator(flow)
    index, menu = flow.document("/index"), flow.document("/menu")
    index.set_text(index.child_elements(index.root_id)[2], "/indx")
    dial = menu.child_elements(menu.root_id)[0]
    menu.set_attribute(dial, "action", "/agents/after-dail")

    def broken():
        return {f.document: f for f in validator.check() if f.rule == "broken-link"}
    first = broken()
    assert set(first) == {"/index", "/menu"} and "did you mean /agents/after-dial?" in first["/menu"].hint
    menu.set_attribute(dial, "timeout", "25")  # /menu changed, /index did not
    second = broken()
    assert second["/index"] is first["/index"]  # kept, not made again
    assert second["/menu"] is not first["/menu"] and key([second["/menu"]]) == key([first["/menu"]])
    assert key(validator.check()) == key(check_flow(flow))
    # A document coming (or going) can mend or break any link: every document's are made again.
    flow.add_document(read_document(b"<Response><Hangup/></Response>", "/indx"))
    third = broken()
    assert set(third) == {"/menu"} and third["/menu"] is not second["/menu"]
    assert key(validator.check()) == key(check_flow(flow))


def test_loop_findings_follow_edits_and_are_kept_while_nothing_they_show_changed():
    from flowedit.model.flow import Flow
    from support import document

    a = document("<Response><Say>A</Say><Redirect>/b</Redirect></Response>", "/a")
    b = document("<Response><Say>B</Say><Redirect>/a</Redirect></Response>", "/b")
    index = document('<Response><Gather action="/a"><Say>Hi</Say></Gather></Response>', "/index")
    flow = Flow([index, a, b], entry="/index")
    validator = Validator(flow)

    def loops():
        return [f for f in validator.check() if f.rule == "redirect-loop"]
    (first,) = loops()
    assert "/a → /b → /a" in first.message and first.document == "/a"
    index.set_attribute(index.child_elements(index.root_id)[0], "timeout", "7")  # nothing the loop shows
    assert loops() == [first] and loops()[0] is first
    say = b.child_elements(b.root_id)[0]
    b.set_text(say, "Bee")  # a member changed, the loop did not
    assert loops()[0] is first
    b.insert_element(b.root_id, 0, "Gather", attributes=[("numDigits", "1")])  # now it waits: no loop
    assert loops() == []
    assert key(validator.check()) == key(check_flow(flow))
    b.remove_node(b.child_elements(b.root_id)[0])
    assert [f.message for f in loops()] == [first.message]
    c = document("<Response><Say>C</Say><Redirect>/a</Redirect></Response>", "/c")
    flow.add_document(c)
    redirect = b.child_elements(b.root_id)[1]
    loops()
    b.set_text(redirect, "/c")  # the loop grows; its first document, /a, is unchanged
    (longer,) = loops()
    assert "/a → /b → /c → /a" in longer.message
    b.set_text(redirect, "/b")  # /b loops on itself; /a no longer in a loop
    (alone,) = loops()
    assert "/b → /b" in alone.message and alone.document == "/b"
    assert key(validator.check()) == key(check_flow(flow))


def test_the_graph_has_typed_edges(flow):
    graph = FlowGraph(flow)
    graph.update()
    kinds = {data["kind"] for _, _, data in graph.graph.edges(data=True)}
    assert kinds == {"contains", "next", "link"}
    index = flow.document("/index")
    say, gather, redirect = index.child_elements(index.root_id)
    assert graph.graph.has_edge(("el", say), ("el", gather))  # falls through
    assert graph.graph.has_edge(("el", gather), ("el", redirect))  # Gather falls through on no input
    link = graph.graph[("el", gather)][("doc", "/menu")]
    assert link["kind"] == "link" and link["attribute"] == "action" and link["control"] is True
    screen = next(d for u, v, d in graph.graph.edges(data=True) if v == ("doc", "/agents/screen"))
    assert screen["control"] is False  # a screening document runs on the agent's leg
    documents = graph.documents()
    assert documents.has_edge("/index", "/menu") and documents.nodes["/menu"]["waits"]
    assert graph.reachable_verbs(index) == {say, gather, redirect}


def test_no_next_edge_after_a_verb_that_ends_the_document(flow):
    done = flow.document("/agents/goodbye")
    hangup = done.child_elements(done.root_id)[1]
    after = done.insert_element(done.root_id, 2, "Say", text="never").eid
    graph = FlowGraph(flow)
    graph.update()
    assert not graph.graph.has_edge(("el", hangup), ("el", after))
    assert after not in graph.reachable_verbs(done)


def test_a_failing_rule_becomes_an_internal_error_finding(flow, monkeypatch):
    info = RULES["root-not-response"]

    def broken(ctx):
        raise RuntimeError("boom")

    monkeypatch.setitem(RULES, "root-not-response", info.__class__(info.id, info.severity, info.summary,
                                                                    info.scope, broken))
    found = [f for f in check_flow(flow) if f.rule == "internal-error"]
    assert len(found) == len(flow.documents) and found[0].severity is Severity.ERROR
    assert "boom" in found[0].message


def test_internal_links_by_kind_follow_edits_and_removals():
    """FlowGraph.internal_links answers from an index kept up to date document by document."""
    from flowedit.io.reader import read_document
    from flowedit.model import Flow
    from flowedit.validate.graph import FlowGraph

    a = read_document(b"<Response><Dial><Number url='/screen'>+15551234567</Number></Dial>"
                      b"<Redirect>/b</Redirect></Response>", "/a")
    b = read_document(b"<Response><Dial><Client url='/screen'>bob</Client></Dial></Response>", "/b")
    screen = read_document(b"<Response><Say>hi</Say></Response>", "/screen")
    flow = Flow([a, b, screen], entry="/a")
    graph = FlowGraph(flow)
    graph.update()
    kinds = {("Number", "url"), ("Client", "url")}
    assert [(l.source, l.element) for l in graph.internal_links(kinds)] == [("/a", "Number"), ("/b", "Client")]
    assert [l.value for l in graph.internal_links({("Redirect", None)})] == ["/b"]
    client = b.child_elements(b.child_elements(b.root_id)[0])[0]
    b.set_attribute(client, "url", "https://elsewhere.example.com/x")  # now external
    graph.update()
    assert [(l.source, l.element) for l in graph.internal_links(kinds)] == [("/a", "Number")]
    flow.remove_document("/a")
    graph.update()
    assert graph.internal_links(kinds) == []


def test_internal_links_are_remembered_until_links_of_their_kinds_change():
    """Each keystroke's check asks for the screening links (15,000 on 5,000 documents): the answer is
    kept until links of those kinds change, and is then what gathering them afresh gives."""
    import random

    from flowedit.io.reader import read_document
    from flowedit.model import Flow
    from flowedit.validate.graph import FlowGraph

    def doc(path, body):
        return read_document(f"<Response>{body}</Response>".encode(), path)
    docs = [doc(f"/d{i}", f"<Dial timeout='5'><Client url='/screen'>c{i}</Client><Number url='/screen'>+1555000{i:04d}"
                "</Number></Dial><Redirect>/d0</Redirect>") for i in range(8)]
    flow = Flow(docs + [doc("/screen", "<Say>hi</Say>")], entry="/d0")
    graph = FlowGraph(flow)
    kinds = {("Client", "url"), ("Number", "url")}
    graph.update()
    first = graph.internal_links(kinds)
    dial = docs[3].child_elements(docs[3].root_id)[0]
    docs[3].set_attribute(dial, "timeout", "9")  # no link changed: the same list
    graph.update()
    assert graph.internal_links(kinds) is first
    rng = random.Random(11)
    for step in range(60):
        target = rng.choice(list(flow.documents.values()))
        elements = [e for e in target.iter_ids()
                    if target.kind(e) == "element" and target.tag(e) in ("Client", "Number")]
        roll = rng.random()
        if elements and roll < 0.4:
            target.set_attribute(rng.choice(elements), "url", rng.choice(["/screen", "/d1", "https://x.example.com/"]))
        elif elements and roll < 0.55:
            target.remove_node(rng.choice(elements))
        elif roll < 0.7 and target.path != "/screen":
            flow.rename_document(target.path, target.path + "x", update_links=True)
        elif roll < 0.8 and len(flow.documents) > 3 and target.path != "/screen":
            flow.remove_document(target.path)
        else:
            dials = [e for e in target.iter_ids() if target.kind(e) == "element" and target.tag(e) == "Dial"]
            if dials:
                target.set_attribute(dials[0], "timeout", str(rng.randrange(5, 60)))
        graph.update()
        assert graph.internal_links(kinds) == graph._gather(frozenset(kinds)), step
