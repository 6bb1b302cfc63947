"""The Simulate dock: the scenario form, Load/Save, a run's lanes and requests, stepping on the canvas."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget

from flowedit.gui.canvas.scene import FlowScene
from flowedit.gui.canvas.view import FlowView
from flowedit.gui.panels.simulate import SimulatePanel
from flowedit.gui.panels.simulate_timeline import lanes_of
from flowedit.gui.session import FlowSession, Ref
from flowedit.io import read_document
from flowedit.simulate.model import Behaviour, Leg, Request, Scenario, Simulation, Step

INDEX = ('<Response><Dial action="/after"><Number statusCallback="https://example.com/s" '
         'statusCallbackEvent="initiated ringing answered completed">858-987-6543</Number>'
         '<Client statusCallback="https://example.com/s">joey</Client>'
         '<Client statusCallback="https://example.com/s">charlie</Client></Dial></Response>')
AFTER = "<Response><Hangup/></Response>"
SEED_KEYS = ["number:858-987-6543", "client:joey", "client:charlie"]

pytestmark = pytest.mark.gui


@pytest.fixture
def seed(qtbot, app):
    """The seed flow (a Dial of a Number and two Clients, then /after) in a panel with a canvas."""
    session = FlowSession()
    session.new_flow([read_document(INDEX.encode(), "/index"), read_document(AFTER.encode(), "/after")],
                     entry="/index")
    scene = FlowScene(session)
    view = FlowView(scene)
    panel = SimulatePanel(session, scene, view)
    qtbot.addWidget(view)
    qtbot.addWidget(panel)
    return session, scene, view, panel


def dial_of(session) -> tuple:
    doc = session.flow.documents["/index"]
    dial = doc.child_elements(doc.root_id)[0]
    return doc, dial, doc.child_elements(dial)


def fake_simulation(session) -> Simulation:
    """What a run of the seed gives, by hand: joey answers, the others are canceled."""
    doc, dial, (number, joey, charlie) = dial_of(session)
    legs = [Leg("CA0", None, None, "completed", 14),
            Leg("CA1", "CA0", "number:858-987-6543", "canceled", 0, "/index", number),
            Leg("CA2", "CA0", "client:joey", "completed", 10, "/index", joey),
            Leg("CA3", "CA0", "client:charlie", "canceled", 0, "/index", charlie)]
    steps = [Step(0, "CA0", "Dial", "/index", dial)]
    steps += [Step(0, sid, "initiated", "/index", dial, "initiated") for sid in ("CA1", "CA2", "CA3")]
    steps += [Step(1, sid, "ringing", "/index", dial, "ringing") for sid in ("CA1", "CA2", "CA3")]
    steps += [Step(3, "CA2", "answered", "/index", dial, "answered"),
              Step(3, "CA1", "canceled", "/index", dial, "canceled"),
              Step(3, "CA3", "canceled", "/index", dial, "canceled"),
              Step(13, "CA2", "completed", "/index", dial, "completed"),
              Step(13, "CA0", "Hangup", "/after", session.flow.documents["/after"].child_elements(
                  session.flow.documents["/after"].root_id)[0])]
    requests = [Request(0, "document", "https://example.com/index", "POST", {"CallSid": "CA0"}, None, "CA0"),
                Request(0, "status-callback", "https://example.com/s", "POST",
                        {"CallSid": "CA1", "CallStatus": "initiated"}, "number:858-987-6543", "CA1"),
                Request(13, "action", "https://example.com/after", "POST",
                        {"CallSid": "CA0", "DialCallStatus": "completed"}, None, "CA0")]
    return Simulation(legs, requests, ["/index", "/after"], steps, ["a note from the engine"])


def test_the_targets_table_lists_every_target_of_the_seed(seed):
    _session, _scene, _view, panel = seed
    table = panel.editor.targets_table
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == SEED_KEYS
    assert panel.editor.entry_combo.currentData() == "/index"
    assert not panel.editor.digits_table.isVisibleTo(panel)  # no Gather in the seed
    outcome, ring, _talk = panel.editor.row_widgets("client:joey")
    assert outcome.currentData() is None and not ring.isEnabled()  # "default" until chosen


def test_outcomes_set_in_the_table_make_the_scenario(seed):
    _session, _scene, _view, panel = seed
    editor = panel.editor
    outcome, ring, talk = editor.row_widgets("client:joey")
    outcome.setCurrentIndex(outcome.findData("answer"))
    ring.setValue(3)
    talk.setValue(10)
    outcome, _ring, _talk = editor.row_widgets("number:858-987-6543")
    outcome.setCurrentIndex(outcome.findData("busy"))
    editor.default_outcome.setCurrentIndex(editor.default_outcome.findData("no-answer"))
    editor.from_edit.setText("+14155550100")
    editor.from_edit.textEdited.emit("+14155550100")
    assert panel.scenario().to_json() == {
        "caller": {"From": "+14155550100"},
        "targets": {"client:joey": {"outcome": "answer", "ring": 3.0, "talk": 10.0},
                    "number:858-987-6543": {"outcome": "busy", "ring": 5.0, "talk": 60.0}},
        "default": {"outcome": "no-answer", "ring": 5.0, "talk": 60.0}}
    outcome, _ring, _talk = editor.row_widgets("number:858-987-6543")
    outcome.setCurrentIndex(0)  # back to the default: out of the file
    assert list(panel.scenario().targets) == ["client:joey"]


def test_a_target_keeps_its_setting_when_the_flow_changes(seed):
    session, _scene, _view, panel = seed
    panel.editor.set_target("client:charlie", Behaviour("decline", 2, 0))
    doc, _dial, (_number, _joey, charlie) = dial_of(session)
    assert session.edit("Rename", lambda: [(doc, doc.set_text(charlie, "chuck"))])
    assert "client:chuck" in panel.editor.target_keys() and "client:charlie" not in panel.editor.target_keys()
    assert "client:charlie" not in panel.scenario().targets  # the simulator would refuse a target not in the flow
    session.undo_stack.undo()
    assert panel.scenario().targets["client:charlie"] == Behaviour("decline", 2, 0)
    outcome, ring, _talk = panel.editor.row_widgets("client:charlie")
    assert outcome.currentData() == "decline" and ring.value() == 2 and ring.isEnabled()


def test_selecting_a_dial_lists_its_targets_first(qtbot, app):
    session = FlowSession()
    other = ('<Response><Dial><Client>zed</Client></Dial></Response>')
    session.new_flow([read_document(INDEX.encode(), "/index"), read_document(other.encode(), "/other")],
                     entry="/index")
    panel = SimulatePanel(session)
    qtbot.addWidget(panel)
    assert panel.editor.target_keys() == [*SEED_KEYS, "client:zed"]
    doc = session.flow.documents["/other"]
    dial = doc.child_elements(doc.root_id)[0]
    session.select(Ref(doc, doc.child_elements(dial)[0]))  # a noun selected: its Dial's targets
    assert panel.editor.target_keys()[0] == "client:zed" and panel.editor.focused() == ["client:zed"]
    assert panel.editor.targets_table.item(0, 0).font().bold()
    session.select(None)
    assert panel.editor.target_keys() == [*SEED_KEYS, "client:zed"]


def test_save_and_load_round_trip_and_a_bad_file_is_reported(seed, tmp_path):
    _session, _scene, _view, panel = seed
    panel.editor.set_target("client:joey", Behaviour("answer", 4, 20))
    panel.editor.to_edit.setText("+14155550199")
    file = tmp_path / "scenario.json"
    assert panel.save_scenario(file) and panel.error() == ""
    saved = json.loads(file.read_text())
    assert saved["targets"] == {"client:joey": {"outcome": "answer", "ring": 4.0, "talk": 20.0}}
    assert saved["caller"] == {"To": "+14155550199"}

    panel.editor.set_target("client:joey", None)
    panel.editor.to_edit.setText("")
    assert panel.load_scenario(file)
    assert panel.scenario().to_json() == Scenario.from_json(saved).to_json()
    assert panel.editor.to_edit.text() == "+14155550199"

    bad = tmp_path / "bad.json"
    bad.write_text('{"targets": {"client:joey": {"outcome": "maybe"}}}')
    assert not panel.load_scenario(bad)
    assert "bad.json" in panel.error() and "answer" in panel.error()
    assert panel.scenario().targets["client:joey"].outcome == "answer"  # the form is untouched
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    assert not panel.load_scenario(broken) and "not valid JSON" in panel.error()
    assert not panel.load_scenario(tmp_path / "missing.json") and "Cannot read missing.json" in panel.error()
    assert panel.load_scenario(file) and panel.error() == ""


def test_a_loaded_target_the_flow_lacks_is_reported_and_left_out(seed, tmp_path):
    _session, _scene, _view, panel = seed
    file = tmp_path / "other.json"
    file.write_text('{"targets": {"client:nobody": {"outcome": "answer"}, "client:joey": {"outcome": "busy"}}}')
    assert panel.load_scenario(file)
    assert "client:nobody" in panel.error()
    assert list(panel.scenario().targets) == ["client:joey"]


def test_stepping_highlights_the_verb_and_the_legs_noun(seed):
    session, scene, _view, panel = seed
    doc, dial, (number, joey, _charlie) = dial_of(session)
    panel.set_simulation(fake_simulation(session))
    assert panel.current == 0
    assert scene.highlighted() == [scene.item_for(Ref(doc, dial))]
    panel.next_step()  # CA1 initiated: the Dial and the Number that leg rings
    assert scene.highlighted() == [scene.item_for(Ref(doc, dial)), scene.item_for(Ref(doc, number))]
    panel.set_step(7)  # joey answers
    assert scene.highlighted()[1] is scene.item_for(Ref(doc, joey))
    assert panel.timeline.current == 7 and "Step 8 of 12" in panel.results.step_label.text()
    assert "client:joey" in panel.results.step_label.text()
    overlays = [o for o in scene.items() if o.zValue() >= 50 and o.isVisible()]
    assert len(overlays) == 2
    assert session.selection == [] and not session.modified  # not the selection, not an edit
    panel.set_step(99)
    after = session.flow.documents["/after"]
    assert scene.highlighted() == [scene.item_for(Ref(after, after.child_elements(after.root_id)[0]))]
    assert not panel.results.next_button.isEnabled() and panel.results.previous_button.isEnabled()
    panel.clear_results()
    assert scene.highlighted() == [] and panel.timeline.simulation is None


def test_the_highlight_follows_a_rebuilt_frame(seed):
    session, scene, _view, _panel = seed
    doc, dial, (number, _joey, _charlie) = dial_of(session)
    scene.highlight([Ref(doc, number)])
    assert scene.highlighted() == [scene.item_for(Ref(doc, number))]
    assert session.edit("Edit", lambda: [(doc, doc.set_attribute(dial, "timeout", "20"))])
    assert scene.highlighted() == [scene.item_for(Ref(doc, number))]  # the new item, after the rebuild
    session.edit("Remove", lambda: [(doc, doc.remove_node(number))])
    assert scene.highlighted() == []
    session.undo_stack.undo()
    assert scene.highlighted() == [scene.item_for(Ref(doc, number))]
    scene.highlight([])
    assert scene.highlighted() == [] and not [o for o in scene.items() if o.zValue() >= 50]


def test_the_timeline_has_a_lane_per_leg_and_clicks_step(seed, qtbot):
    session, _scene, _view, panel = seed
    simulation = fake_simulation(session)
    panel.set_simulation(simulation)
    timeline = panel.timeline
    timeline.resize(800, timeline.height())
    assert [leg.sid for leg in timeline.legs] == ["CA0", "CA1", "CA2", "CA3"]
    assert panel.requests.topLevelItemCount() == 3
    action = panel.requests.topLevelItem(2)
    assert [action.text(c) for c in range(4)] == ["13 s", "action", "POST", "https://example.com/after"]
    assert action.child(1).text(1) == "DialCallStatus" and action.child(1).text(3) == "completed"
    assert "a note from the engine" in panel.results.notes_label.text()
    centre = timeline.step_centre(7)
    with qtbot.waitSignal(timeline.stepClicked) as clicked:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=centre.toPoint())
    assert clicked.args == [7] and panel.current == 7
    request = next(m for m in timeline.marks if m.kind == "request" and m.index == 1)
    assert "CallStatus = initiated" in timeline.tooltip_at(request.centre)
    assert "answered" in timeline.tooltip_at(QPointF(5, 5))  # the axis row: the legend
    assert "client:joey" in timeline.tooltip_at(QPointF(20, 24 + 2 * 36 + 10))  # a lane's label: its leg
    assert timeline.tooltip_at(QPointF(timeline.width() - 3, 24 + 3 * 36 + 33)) == ""
    panel.requests.setCurrentItem(action)  # a request row: the last step at or before it on its leg
    assert panel.current == 11


def test_running_the_seed_gives_the_parent_and_three_legs(seed):
    session, scene, _view, panel = seed
    panel.editor.set_target("client:joey", Behaviour("answer", 3, 10))
    simulation = panel.run()
    assert simulation is not None and panel.error() == ""
    assert len(simulation.calls) == 4
    legs = lanes_of(simulation)
    assert legs[0].parent_sid is None
    assert sorted(leg.target for leg in legs[1:]) == sorted(SEED_KEYS)
    assert [leg.sid for leg in panel.timeline.legs] == [leg.sid for leg in legs]
    assert panel.requests.topLevelItemCount() == len(simulation.requests) > 0
    assert scene.highlighted()  # the first step is shown
    joey = next(leg for leg in simulation.calls if leg.target == "client:joey")
    assert joey.status == "completed"
    index = next(i for i, s in enumerate(simulation.steps) if s.leg == joey.sid and s.event == "answered")
    panel.set_step(index)
    doc, _dial, (_number, joey_noun, _charlie) = dial_of(session)
    assert scene.item_for(Ref(doc, joey_noun)) in scene.highlighted()


def test_the_window_has_the_simulate_dock_and_f5(window):
    dock = window.findChild(QDockWidget, "simulateDock")
    assert dock is window.simulate_dock and dock.widget() is window.simulate_panel
    assert dock in window.tabifiedDockWidgets(window.xml_dock)
    run = window.commands["run_simulation"]
    assert run.shortcut() == QKeySequence("F5")
    assert QKeySequence("F5") not in window.commands["reload"].shortcuts()
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    assert run in menus["&Simulate"].actions()
    window.run_simulation()  # an empty flow: said in the panel, no traceback
    assert not dock.isHidden() and "nothing to simulate" in window.simulate_panel.error()


def test_an_edit_marks_the_results_stale_but_moving_a_frame_does_not(seed):
    session, _scene, _view, panel = seed
    panel.set_simulation(fake_simulation(session))
    flow = session.flow
    assert session.edit("Move", lambda: [(flow, flow.set_position("/after", (600.0, 0.0)))])
    assert "changed since this run" not in panel.results.notes_label.text()
    doc, dial, _nouns = dial_of(session)
    assert session.edit("Edit", lambda: [(doc, doc.set_attribute(dial, "timeout", "20"))])
    assert "changed since this run" in panel.results.notes_label.text()
    panel.set_simulation(fake_simulation(session))
    assert "changed since this run" not in panel.results.notes_label.text()


def test_a_gather_document_gets_a_digits_row(qtbot, app):
    session = FlowSession()
    menu = '<Response><Gather action="/index" numDigits="1"><Say>Press 1</Say></Gather></Response>'
    session.new_flow([read_document(menu.encode(), "/menu"), read_document(AFTER.encode(), "/after")],
                     entry="/menu")
    panel = SimulatePanel(session)
    qtbot.addWidget(panel)
    table = panel.editor.digits_table
    assert table.isVisibleTo(panel) and table.rowCount() == 1 and table.item(0, 0).text() == "/menu"
    table.item(0, 1).setText("1")
    assert panel.scenario().digits == {"/menu": "1"}
    panel.editor.entry_combo.setCurrentIndex(panel.editor.entry_combo.findData("/after"))
    assert panel.scenario().entry == "/after"


def test_f5_in_the_window_runs_the_seed_and_shows_the_dock(window, qtbot):
    window.session.new_flow([read_document(INDEX.encode(), "/index"), read_document(AFTER.encode(), "/after")],
                            entry="/index")
    window.show()
    qtbot.waitExposed(window)
    window.xml_dock.raise_()
    window.commands["run_simulation"].trigger()
    panel = window.simulate_panel
    assert panel.simulation is not None and len(panel.timeline.legs) == 4
    assert window.scene.highlighted()
    window.commands["next_step"].trigger()
    assert panel.current == 1
    window.commands["clear_simulation"].trigger()
    assert panel.simulation is None and window.scene.highlighted() == []
