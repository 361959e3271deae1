"""Step mode on the canvas: real keys walk a pass whose numbers are the engine's own."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from bpstudio.engine.backprop import Engine
from bpstudio.engine.plan import compile_network
from bpstudio.engine.probe import probe
from bpstudio.formats.bpnet import ProjectInfo
from bpstudio.ui.document.file_actions import Document, read_example
from bpstudio.ui.xray.coloring import StepColoring
from bpstudio.ui.xray.step_mode import TRAINING_HINT
from bpstudio.xray.text import fmt
from tests.networks import random_dag


@pytest.fixture
def xray(window):
    window.view.setFocus()
    return window.xray


def key(window, code, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(window.view, code, modifier)


def engine_numbers(window, rows):
    """a, δ (summed over the batch), z per neuron and ∂L/∂w, ∂L/∂b from the fast engine."""
    net = window.document.network
    prepared = window.xray.session.prepared()
    x, y = prepared.data.x_train[rows], prepared.data.y_train[rows]
    plan = compile_network(net, "float64")
    result = probe(plan, plan.params.copy(), x, y)
    loss, grad = Engine(plan).loss_and_gradient(x, y)
    a = {n: result.activations[result.row(n)] for n in plan.neuron_ids}
    delta = {n: float(result.deltas[result.row(n)].sum()) for n in plan.neuron_ids}
    z = {n: float((net.neurons[n].bias + sum(c.weight * a[c.source]
                                              for c in net.incoming(n))).mean())
         for n in plan.bias_ids}
    grad_w = dict(zip(plan.connection_ids, plan.weights_of(grad), strict=True))
    return loss, {n: float(v.mean()) for n, v in a.items()}, delta, z, grad_w


def assert_step_matches(window, rows) -> None:
    """Everything step mode shows equals the engine, and the cards print it."""
    loss, a, delta, z, grad_w = engine_numbers(window, rows)
    shown = window.xray.step.visible()
    for nid, values in shown.neurons.items():
        if "z" in values:
            assert values["z"] == pytest.approx(z[nid], abs=1e-12)
            assert values["a"] == pytest.approx(a[nid], abs=1e-12)
        if "delta" in values:
            assert values["delta"] == pytest.approx(delta[nid], abs=1e-12)
    for cid, values in shown.edges.items():
        if "grad_w" in values:
            assert values["grad_w"] == pytest.approx(grad_w[cid], abs=1e-12)
    if shown.loss is not None:
        assert shown.loss == pytest.approx(loss, rel=1e-12)
    overlay = window.xray.step._overlay
    window.view.viewport().repaint()          # lays the cards out for this step
    texts = {(kind, key): card.text for kind, key, card in overlay.placed}
    expected = len(shown.neurons) + len(shown.edges) + (shown.loss is not None)
    assert len(texts) + overlay.left_out == expected
    current = shown.step.neuron
    if current is not None:                   # the current neuron and its inputs: always
        assert ("neuron", current) in texts
        net = window.document.network
        assert all(("edge", c.id) in texts for c in net.incoming(current))
    for nid, values in shown.neurons.items():
        text = texts.get(("neuron", nid))
        if text is None or "x" in values:
            continue
        full = "z = " in text                 # else the one-line form: its newest number
        if "a" in values and (full or "delta" not in values):
            assert f"a = {fmt(values['a'])}" in text
        if "delta" in values:
            assert re.search(rf"δ = (\S+ = )?{re.escape(fmt(values['delta']))}", text), text
    for cid, values in shown.edges.items():
        text = texts.get(("edge", cid))
        if text is not None and "grad_w" in values:
            assert text == f"∂L/∂w = {fmt(values['grad_w'])}"
        elif text is not None:
            assert text == f"w·a = {fmt(values['term'])}"


def test_step_keys_do_nothing_until_step_mode_is_on(window, xray):
    before = window.document.network.parameters()
    for code in (Qt.Key.Key_U, Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_Home):
        key(window, code)
    assert not xray.step.active and window.document.network.parameters() == before
    assert not window.undo_stack.canUndo()


def test_keys_walk_forward_then_backward_with_the_engines_numbers(window, xray):
    key(window, Qt.Key.Key_X)
    assert xray.step.active and xray.step.index == 0
    assert isinstance(window.scene.edges.coloring, StepColoring)
    assert xray.step_dock.isVisible()
    sequence = xray.step.sequence()
    order = sequence.values.order
    for k in range(1, len(order) + 2):
        key(window, Qt.Key.Key_Right)
        assert xray.step.index == k
        assert_step_matches(window, xray.session.rows())
    assert xray.step.visible().loss is not None
    key(window, Qt.Key.Key_Right)                       # nothing more forward: a hint
    assert xray.step.index == sequence.loss_index and "forward pass is done" in xray.step.hint
    for k in range(1, len(order) + 1):
        key(window, Qt.Key.Key_Left)
        assert xray.step.index == sequence.loss_index + k
        assert xray.step.visible().step.neuron == order[-k]
        assert_step_matches(window, xray.session.rows())
    assert "Step 7 of 7" in xray.step_panel.progress.text()
    key(window, Qt.Key.Key_Home)
    assert xray.step.index == 0
    key(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert xray.step.index == sequence.last
    key(window, Qt.Key.Key_Escape)
    assert not xray.step.active
    assert not isinstance(window.scene.edges.coloring, StepColoring)


def test_backward_waits_for_the_forward_pass(window, xray):
    key(window, Qt.Key.Key_X)
    key(window, Qt.Key.Key_Left)
    assert xray.step.index == 0 and "Finish the forward pass" in xray.step.hint
    assert xray.step_panel.hint.text() == xray.step.hint


def test_apply_update_is_one_undoable_gradient_step(window, xray):
    net = window.document.network
    before = net.parameters()
    rows = xray.session.rows()
    loss, _, _, _, grad_w = engine_numbers(window, rows)
    key(window, Qt.Key.Key_X)
    key(window, Qt.Key.Key_U)
    rate = net.settings.learning_rate
    weights, _ = net.parameters()
    for cid, w in weights.items():
        assert w == pytest.approx(before[0][cid] - rate * grad_w[cid], abs=1e-12)
    result = xray.step.update_result
    assert result is not None and result.loss_before == pytest.approx(loss)
    x, y = xray.session.batch()
    assert result.loss_after == pytest.approx(
        Engine(compile_network(net, "float64")).loss(x, y), rel=1e-12)
    assert window.undo_stack.undoText() == "X-ray: one gradient step"
    panel = xray.step_panel
    assert panel.model.rowCount() == net.parameter_count()
    panel.table.selectRow(0)                  # the largest change comes first
    largest = max(result.rows, key=lambda r: abs(r.new - r.old))
    assert panel.model.row(0) == largest
    selected = (window.scene.selected_connection_ids() if largest.kind == "weight"
                else window.scene.selected_neuron_ids())
    assert selected == [largest.id]
    window.view.viewport().repaint()
    overlay = xray.step._overlay
    pills = {key: card.text for kind, key, card in overlay.placed if kind == "edge"}
    assert len(pills) + overlay.left_out >= len(net.connections)
    for cid, text in pills.items():
        row = result.row("weight", cid)
        assert text in (f"{fmt(row.old)} → {fmt(row.new)}", f"→ {fmt(row.new)}")
    window.undo_stack.undo()
    assert net.parameters() == before
    assert xray.step.update_result is None
    assert xray.step.visible().step.index == 0


@pytest.mark.slow
@pytest.mark.parametrize("seed", [3, 8])
def test_random_dags_with_skips_step_exactly(window, xray, seed):
    net = random_dag(seed, n_inputs=2, n_hidden=6, n_outputs=1, freeze=False)
    window.set_document(Document(net, ProjectInfo("dag")))
    window.view.setFocus()
    xray.session.set_samples(5, 1)
    key(window, Qt.Key.Key_X)
    for _ in range(len(xray.step.sequence())):
        if xray.step.index < xray.step.sequence().loss_index:
            key(window, Qt.Key.Key_Right)
        else:
            key(window, Qt.Key.Key_Left)
        assert_step_matches(window, xray.session.rows())
    assert xray.step.index == xray.step.sequence().last


def test_minibatch_values_are_the_batch_mean(window, xray):
    panel = xray.step_panel
    panel.minibatch.setChecked(True)
    panel.batch_spin.setValue(5)
    panel.sample_spin.setValue(10)
    assert xray.session.batch_size == 5 and xray.session.sample == 9
    assert list(xray.session.rows()) == [9, 10, 11, 12, 13]
    xray.step.run_pass()
    assert_step_matches(window, xray.session.rows())
    assert "minibatch of 5" in panel.samples_text.text()
    # every card says its numbers are means, and δ a mean of per-sample products
    cards = [card for kind, _, card in xray.step._overlay.placed if kind == "neuron"
             and "z = " in card.text]
    assert cards and all("means of 5" in card.lines[0][0] for card in cards)
    assert all("δ = mean(∂L/∂a·f′)" in card.text for card in cards if "δ" in card.text)
    assert "mean over samples of ∂L/∂a·f′(z)" in panel.narration.text()


def test_softmax_cards_show_delta_as_p_minus_t(window, xray):
    """A softmax output with its cross-entropy: δ = a − t, no ∂L/∂a·f′ product on the card."""
    net = random_dag(4, n_inputs=2, n_hidden=4, n_outputs=2, output_activation="softmax",
                     loss="softmax_cross_entropy", freeze=False)
    window.set_document(Document(net, ProjectInfo("softmax")))
    window.view.setFocus()
    key(window, Qt.Key.Key_X)
    xray.step.run_pass()
    cards, _, _, _ = xray.step._overlay._cards()      # the full cards, placed or not
    for o in net.outputs():
        text = cards[o.id].text
        assert "δ = a − t = " in text and "f′" not in text and "∂L/∂a" not in text


def test_training_disables_stepping_with_a_hint(window, xray):
    training = window.training
    key(window, Qt.Key.Key_X)
    training.state_changed.emit("running")
    assert xray.step.hint == TRAINING_HINT and xray.step_panel.hint.text() == TRAINING_HINT
    assert not xray.step_panel.forward_button.isEnabled()
    assert not xray.actions.forward.isEnabled()
    xray.step.forward()
    assert xray.step.index == 0
    training.state_changed.emit("paused")
    key(window, Qt.Key.Key_Right)
    assert xray.step.index == 1


def test_big_networks_label_only_the_selected_neighbourhood(window, xray):
    window.set_document(read_example("digits"))
    assert xray.session.is_big()
    xray.step.run_pass()
    window.view.viewport().repaint()
    placed = xray.step._overlay.placed
    assert {kind for kind, _, _ in placed} <= {"neuron", "loss"}
    assert len([p for p in placed if p[0] == "neuron"]) == 1      # the current neuron
    net = window.document.network
    hidden = next(n.id for n in net.neurons.values() if n.role == "hidden")
    window.scene.select([hidden])
    window.view.viewport().repaint()
    placed = xray.step._overlay.placed
    neurons = [k for kind, k, _ in placed if kind == "neuron"]
    edges = [k for kind, k, _ in placed if kind == "edge"]
    assert hidden in neurons and len(neurons) <= 1 + 8 + 1
    assert 0 < len(edges) <= 12
    touching = {c.id for c in net.incoming(hidden) + net.outgoing(hidden)}
    assert set(edges) <= touching
    assert xray.step_panel.big_note.isVisible()


def test_leaving_hands_back_the_colouring_and_legend(window, xray):
    previous = window.scene.edges.coloring
    entries = [e.text for e in window.view.legend.entries()]
    xray.step.run_pass()
    assert window.scene.edges.coloring is not previous
    assert any("∂L/∂w" in e.text for e in window.view.legend.entries())
    top = max(window.scene.edges.rows.bucket[:len(window.document.network.connections)])
    assert top == 2 + 5           # the largest |∂L/∂w| gets the widest red pen
    xray.step.leave()
    assert window.scene.edges.coloring is previous
    assert [e.text for e in window.view.legend.entries()] == entries


def test_a_new_document_ends_step_mode(window, xray):
    xray.step.run_pass()
    window.set_document(read_example("xor"))
    assert not xray.step.active
    assert xray.session.network is window.document.network
    xray.step.forward()
    assert xray.step.active and xray.step._overlay.scene() is window.scene


def test_a_network_that_cannot_run_says_why(window, xray):
    from bpstudio.model.network import Network

    window.set_document(Document(Network(), ProjectInfo("empty")))
    window.view.setFocus()
    key(window, Qt.Key.Key_X)
    assert not xray.step.active
    assert "cannot run" in xray.step.hint and xray.session.error()
    assert not xray.step_panel.forward_button.isEnabled()


def test_deleting_while_stepping_ends_or_rebuilds_the_pass_cleanly(window, xray):
    """Step mode on XOR, three steps forward, delete x1, then everything: KeyError: 1 in the
    step panel (issue 10 §2). The panel now says why the X-ray cannot run."""
    window.set_document(read_example("xor"))
    for _ in range(3):
        xray.step.forward()
    network = window.document.network
    first_input = min(n.id for n in network.inputs())
    window.scene.select([first_input], [])
    assert window.editor.delete_selection()
    assert "input" in xray.step_panel.narration.text()     # the data no longer fits
    assert not xray.step_panel.forward_button.isEnabled()
    window.undo_stack.undo()                                # back: stepping works again
    xray.step.forward()
    assert xray.step.active and xray.step.sequence() is not None
    window.scene.select_all()
    assert window.editor.delete_selection()
    assert not xray.step.active or xray.step.sequence() is None
    window.undo_stack.undo()
    xray.step.run_pass()
    assert_step_matches(window, xray.session.rows())


def test_a_hidden_neuron_deleted_mid_pass_restarts_the_shorter_pass(window, xray):
    window.set_document(read_example("xor"))
    for _ in range(4):
        xray.step.forward()
    network = window.document.network
    hidden = [n.id for n in network.neurons.values() if n.role == "hidden"]
    window.scene.select(hidden[:1], [])
    assert window.editor.delete_selection()
    sequence = xray.step.sequence()
    assert sequence is not None and 0 <= xray.step.index <= sequence.last
    xray.step_panel.refresh()
    xray.step.run_pass()
    assert_step_matches(window, xray.session.rows())


def test_no_data_says_so_instead_of_sample_1_of_0(window, xray, tmp_path):
    """A CSV that fails to load showed "Sample 1 of 0" (issue 10 §4)."""
    from bpstudio.model.settings import DatasetSpec

    panel = xray.step_panel
    dock = panel.parentWidget()
    while dock is not None and not hasattr(dock, "toggleViewAction"):
        dock = dock.parentWidget()
    assert dock is not None
    dock.show()
    broken = tmp_path / "broken.csv"
    broken.write_text("a,b,label\n1,2\n")
    window.editor.set_dataset(DatasetSpec(name=str(broken)), "dataset", "name")
    panel.refresh()
    assert panel.of_label.text() == "(no data)"
    assert not panel.sample_spin.isEnabled()
    assert panel.samples_text.text().startswith("No samples to step through: ")
    assert "broken.csv" in panel.samples_text.text()
    window.undo_stack.undo()
    panel.refresh()
    n = xray.session.n_samples()
    assert n > 0 and panel.of_label.text() == f"of {n}" and panel.sample_spin.isEnabled()
