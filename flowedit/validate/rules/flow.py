"""Rules about the flow as a whole, read off its graph with networkx's algorithms.

Links that lead nowhere, documents the call can never reach from the entry, loops the call goes
round forever without waiting for anyone, and documents that run on another leg (screening, hold
music, dequeue announcements) but hold verbs Twilio does not allow there.

A single file given alone is a flow of one document: its relative links lead to documents that were
not given, not to missing ones, so the link and reachability rules apply to flow folders only.
"""

from __future__ import annotations

from functools import lru_cache

import networkx as nx

from flowedit.model.links import LinkKind
from flowedit.twiml import rules as twilio
from flowedit.twiml.kinds import LinkRole
from flowedit.validate.context import FlowContext
from flowedit.validate.findings import Finding, Severity
from flowedit.validate.registry import flow_rule
from flowedit.validate.rules.common import is_placeholder


def _part(attribute: str | None) -> str:
    return attribute if attribute is not None else "#text"


def _where(link) -> str:
    return f"<{link.element}{' ' + link.attribute if link.attribute else ''}>"


@flow_rule("broken-link", Severity.ERROR, "a link to a document the flow does not have")
def broken_link(ctx: FlowContext):
    """In a flow folder, a document link (action, url, Redirect, waitUrl …) that names no document
    of the flow: Twilio would request a URL that serves nothing (11200 at run time)."""
    if ctx.single_file:
        return
    paths: tuple[str, ...] | None = None  # sorted only when some link is broken
    for path, links in list(ctx.graph.missing.items()):  # indexed by the graph: no scan of every link
        doc = ctx.flow.documents[path]
        if paths is None:
            paths = tuple(sorted(ctx.flow.documents))
        # Made again only when the document changed (or documents came or went: the graph starts afresh).
        yield from ctx.graph.per_document("broken-link", doc, lambda: list(_broken(ctx, doc, links, paths)))


def _broken(ctx: FlowContext, doc, links, paths: tuple[str, ...]):
    for link in links:
        if link.kind is not LinkKind.MISSING or link.role is not LinkRole.DOCUMENT or is_placeholder(link.value):
            continue
        close = _closest(link.target, paths)
        hint = f"did you mean {close}?" if close else "add the document, or correct the link"
        yield ctx.finding(doc, "broken-link", link.eid,
                          f"{_where(link)} links to {link.value!r}, which resolves to {link.target}: "
                          "the flow has no such document", hint, part=_part(link.attribute))


@lru_cache(maxsize=1024)
def _closest(target: str | None, paths: tuple[str, ...]) -> str | None:
    """The document path most like `target`, if one is close (pure, so remembered: difflib compares
    the target with every path, ~1 ms on 1,000 documents, and a flow's broken links repeat targets)."""
    import difflib

    found = difflib.get_close_matches(target or "", paths, n=1, cutoff=0.8)
    return found[0] if found else None


@flow_rule("unreachable-document", Severity.WARNING, "a document the call can never reach from the entry")
def unreachable_document(ctx: FlowContext):
    """In a flow folder with an entry document, a document no chain of links leads to from the entry.
    It is dead weight, or a link to it is missing or misspelled."""
    entry = ctx.flow.entry
    if ctx.single_file or entry is None or entry not in ctx.flow.documents:
        return
    graph = ctx.graph.documents()
    unreached = ctx.graph.cached(f"unreached:{entry}",
                                 lambda: sorted(set(graph.nodes) - nx.descendants(graph, entry) - {entry}))
    for path in unreached:
        doc = ctx.flow.documents[path]
        yield ctx.finding(doc, "unreachable-document", None,
                          f"{path} cannot be reached from the entry document {entry}",
                          f"link to it (e.g. <Redirect>{path}</Redirect>), or remove it")


@flow_rule("redirect-loop", Severity.WARNING, "a loop of documents the call goes round forever")
def redirect_loop(ctx: FlowContext):
    """A cycle of documents the call moves through (Redirects, actions) where none of them waits for
    the caller or another party (no Gather, Record, Dial, Enqueue, Connect or Pay): the call spins
    until Twilio gives up, billing all the while."""
    graph = ctx.graph.documents()
    entry = ctx.flow.entry
    # The loops follow the links (the projection's version); whether a member waits, its verbs.
    version = ctx.graph.version
    for members, start in ctx.graph.cached(f"control-loops:{entry}", lambda: _loops(ctx, entry)):
        if any(graph.nodes[path]["waits"] for path in members):
            continue  # (most loops of a real flow: a menu that comes back to itself)
        cycle = (members if len(members) == 1  # a document that leads back to itself
                 else ctx.graph.cached(f"cycle:{start}", lambda: _cycle(ctx, members, start)))
        first = ctx.flow.documents[cycle[0]]
        yield from ctx.graph.per_document("redirect-loop", first, lambda: [_loop(ctx, first, cycle)], also=version)


def _loops(ctx: FlowContext, entry: str | None) -> list[tuple[list[str], str]]:
    """(members, where to read it from: the entry if it is one of them) of each loop of the control graph."""
    control = ctx.graph.control()
    found = []
    for component in ctx.graph.cached("control-components", lambda: list(nx.strongly_connected_components(control))):
        members = sorted(component)
        if len(members) > 1 or control.has_edge(members[0], members[0]):
            found.append((members, entry if entry in component else members[0]))
    return found


def _cycle(ctx: FlowContext, members: list[str], start: str) -> list[str]:
    """One cycle through the loop `members`, from `start` on (on a copy: a subgraph view tests each
    node against its filter, which on a loop of 1,000 documents cost ~0.3 s)."""
    loop = ctx.graph.control().subgraph(members).copy()
    return [u for u, _ in nx.find_cycle(loop, source=start)]


def _loop(ctx: FlowContext, first, cycle: list[str]) -> Finding:
    shown = " → ".join(cycle + [cycle[0]])
    following = cycle[1] if len(cycle) > 1 else cycle[0]
    link = next((lk for lk in ctx.graph.links.get(cycle[0], []) if lk.target == following), None)
    return ctx.finding(first, "redirect-loop", link.eid if link else None,
                       f"the call goes round {shown} forever: none of these documents waits for the "
                       "caller (no Gather, Record, Dial, Enqueue or Connect)",
                       "end the loop with <Hangup/>, or let the caller act with a <Gather>",
                       part=_part(link.attribute) if link else None)


def _referrers(ctx: FlowContext, kinds: set[tuple[str, str]]):
    """(target path, link) for the first internal link of each (target, element, attribute) whose
    (element, attribute) is in `kinds`, in link order: what the rules below name (the later ones
    would only repeat findings already made)."""
    for (target, _element, _attribute), link in ctx.graph.first_referrers(kinds).items():
        yield target, link


@flow_rule("screening-document-dials", Severity.ERROR, "a screening document that contains <Dial>")
def screening_document_dials(ctx: FlowContext):
    """The `url` of a Number, Client, Sip … names a screening document run on the called party before
    the bridge; it cannot <Dial> (error 13201: no Dial from a Dial leg)."""
    owners = {(name, "url") for name in twilio.SCREENING_URL_OWNERS}
    seen: set[int] = set()
    documents = ctx.graph.documents()
    dials: dict[str, bool] = {}  # target → whether it holds a forbidden verb (asked once per target)
    for target, link in _referrers(ctx, owners):
        forbidden = dials.get(target)
        if forbidden is None:
            forbidden = dials[target] = bool(documents.nodes[target]["tags"] & twilio.SCREENING_FORBIDDEN_VERBS)
        if not forbidden:
            continue
        doc = ctx.flow.documents[target]
        for eid in doc.iter_ids():
            if doc.tag(eid) in twilio.SCREENING_FORBIDDEN_VERBS and eid not in seen:
                seen.add(eid)
                line = ctx.flow.documents[link.source].locate(link.eid, "url")[0]
                yield ctx.finding(doc, "screening-document-dials", eid,
                                  f"{target} is the screening document of <{link.element}> in {link.source} "
                                  f"(line {line}), and a screening document cannot <Dial> (Twilio error 13201)",
                                  "move the <Dial> to the document that dials, or point the url elsewhere")


@flow_rule("restricted-document-verb", Severity.WARNING,
           "a verb not allowed in a document run as hold music, a wait room or a dequeue announcement")
def restricted_document_verb(ctx: FlowContext):
    """Documents named by <Queue url>, <Conference waitUrl> and <Enqueue waitUrl> run on another leg or
    while waiting, and may hold only a few verbs (13238 for Conference; the others by Twilio's docs)."""
    seen: set[tuple[int, str]] = set()
    for target, link in _referrers(ctx, set(twilio.RESTRICTED_DOCUMENTS)):
        allowed = twilio.RESTRICTED_DOCUMENTS[(link.element, link.attribute)]
        doc = ctx.flow.documents[target]
        for verb in doc.child_elements(doc.root_id):
            name = doc.tag(verb)
            if name not in allowed and (verb, link.element) not in seen:
                seen.add((verb, link.element))
                yield ctx.finding(doc, "restricted-document-verb", verb,
                                  f"{target} runs as the {link.attribute} of <{link.element}> in {link.source}, "
                                  f"where <{name}> is not allowed (only {', '.join(sorted(allowed))})",
                                  f"remove <{name}> from {target}, or give <{link.element}> another document")


@flow_rule("entry-missing", Severity.ERROR, "the manifest names an entry document the flow does not have")
def entry_missing(ctx: FlowContext):
    """flowedit.json names an `entry` that is no document of the folder: nothing would answer the call."""
    entry = ctx.flow.entry
    if ctx.single_file or entry is None or entry in ctx.flow.documents:
        return
    yield Finding("entry-missing", Severity.ERROR, f"the manifest names the entry document {entry}, "
                  "which the flow does not have", "flowedit.json", 1, 1, "",
                  "correct \"entry\" in flowedit.json, or add the document")
