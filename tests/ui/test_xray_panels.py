"""The chain-rule panel, the nudge lens, the gradient checker and the cost panel, each
checked against the engine on the window's own network."""

from __future__ import annotations

import csv
import math
from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from bpstudio.engine import activations
from bpstudio.engine.backprop import Engine
from bpstudio.engine.gradcheck import DEFAULT_TOLERANCE
from bpstudio.engine.plan import compile_network
from bpstudio.engine.trace import trace
from bpstudio.ui.document.file_actions import read_example
from bpstudio.xray.cost import cost_of
from bpstudio.xray.text import fmt


@pytest.fixture
def xray(window):
    return window.xray


def engine_loss(network, x, y) -> float:
    return Engine(compile_network(network, "float64")).loss(x, y)


def click_edge(window, cid: int) -> None:
    """A real left click in the middle of the edge."""
    net = window.document.network
    c = net.connections[cid]
    a = window.scene.neuron_item(c.source).pos()
    b = window.scene.neuron_item(c.target).pos()
    point = window.view.mapFromScene(QPointF((a.x() + b.x()) / 2 + 9, (a.y() + b.y()) / 2))
    QTest.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, point)


def test_chain_panel_follows_a_clicked_edge(window, xray):
    xray.show_dock(xray.chain_dock)
    net = window.document.network
    cid = next(c.id for c in net.connections.values() if net.neurons[c.target].role == "hidden")
    click_edge(window, cid)
    assert window.scene.selected_connection_ids() == [cid]
    panel = xray.chain_panel
    x, y = xray.session.batch()
    t = trace(net, x, y)
    assert panel.lines[0].value == pytest.approx(t.loss)
    assert panel.lines[-1].value == pytest.approx(t.grad_w[cid], abs=1e-15)
    html = panel.chain.toPlainText()
    assert fmt(t.grad_w[cid]) in html and "δ" in html
    # the loss written as a function of this weight alone is the engine's loss
    w = net.connections[cid].weight
    assert panel.formula.evaluate(w) == pytest.approx(engine_loss(net, x, y), rel=1e-12)
    shown = panel.formula_text.toPlainText().splitlines()[-1]
    assert shown.startswith("loss(w) = ")
    value = eval(shown.split(" = ", 1)[1].replace("^", "**"),    # noqa: S307
                 {"__builtins__": {}}, {"exp": math.exp, "w": w})
    assert value == pytest.approx(engine_loss(net, x, y), rel=2e-3)
    # a neuron shows the chain for its bias
    out = net.outputs()[0].id
    window.scene.select([out])
    assert panel.lines[-1].symbol_plain == f"∂L/∂b({net.neurons[out].name})"
    assert panel.lines[-1].value == pytest.approx(t.grad_b[out])


def test_chain_panel_for_a_minibatch_adds_the_mean(window, xray):
    xray.show_dock(xray.chain_dock)
    xray.session.set_samples(0, 4)
    cid = next(iter(window.document.network.connections))
    xray.session.select_parameter("weight", cid)
    x, y = xray.session.batch()
    grad = trace(window.document.network, x, y).grad_w[cid]
    assert f"mean of this over its samples: {fmt(grad)}" in xray.chain_panel.chain.toPlainText()


def test_the_lens_plot_is_built_when_the_lens_first_shows(window, xray):
    lens = xray.lens_panel
    assert lens.plot is None                      # the X-ray docks start hidden
    xray.show_dock(xray.lens_dock)
    assert lens.plot is not None and lens.plot.isVisible()
    assert lens.body.itemAt(0).widget() is lens.plot and lens.body.stretch(0) == 3
    xray.lens_dock.hide()
    xray.show_dock(xray.lens_dock)
    assert lens.body.itemAt(0).widget() is lens.plot   # made once


def test_lens_curve_tangent_and_secant_match_the_engine(window, xray):
    xray.show_dock(xray.lens_dock)
    net = window.document.network
    cid = sorted(net.connections)[-1]
    xray.session.select_parameter("weight", cid)
    lens = xray.lens_panel
    x, y = xray.session.batch()
    base = engine_loss(net, x, y)
    w = net.connections[cid].weight
    assert lens.trial == w and lens.point_loss == pytest.approx(base, rel=1e-13)
    xs, ys = lens.curve.getData()
    nearest = int(np.argmin(np.abs(xs - w)))
    assert xs[nearest] == pytest.approx(w) and ys[nearest] == pytest.approx(base)
    plan = compile_network(net, "float64")
    _, grad = Engine(plan).loss_and_gradient(x, y)
    backprop = grad[plan.weight_position(cid)]
    assert lens.backprop == pytest.approx(backprop, abs=1e-14)
    assert lens.error < DEFAULT_TOLERANCE
    assert abs(lens.numeric - backprop) <= DEFAULT_TOLERANCE * max(abs(backprop), 1e-9)
    # a coarse ε: the secant is visibly off, and the panel says so
    lens.set_epsilon(1.0)
    assert lens.error > DEFAULT_TOLERANCE and "differ" in lens.numbers.text()
    lens.set_epsilon(1e-5)
    # the slider moves the point along the curve
    lens.slider.setValue(100)
    moved = net.copy()
    moved.update_connections({cid: {"weight": lens.trial}})
    assert lens.trial != w
    assert lens.point_loss == pytest.approx(engine_loss(moved, x, y), rel=1e-12)
    assert net.connections[cid].weight == w                 # the document is untouched


def test_step_downhill_walks_down_and_keep_is_undoable(window, xray):
    xray.show_dock(xray.lens_dock)
    net = window.document.network
    cid = sorted(net.connections)[-1]
    xray.session.select_parameter("weight", cid)
    lens = xray.lens_panel
    lens.rate.setValue(0.5)
    start_w, start_loss = lens.trial, lens.point_loss
    slope = lens.backprop
    lens.step_button.click()
    assert lens.trial == pytest.approx(start_w - 0.5 * slope)
    assert lens.point_loss < start_loss
    assert lens.trail == [(start_w, pytest.approx(start_loss))]
    lens.step_button.click()
    assert len(lens.trail) == 2
    kept = lens.trial
    lens.keep_button.click()
    assert net.connections[cid].weight == kept
    assert lens.trial == kept and lens.lens.value == kept      # rebuilt at the new value
    window.undo_stack.undo()
    assert net.connections[cid].weight == start_w


def test_gradient_checker_covers_every_parameter_and_selects_rows(window, xray, tmp_path):
    xray.show_dock(xray.checker_dock)
    checker = xray.checker
    assert checker.check()
    net = window.document.network
    assert checker.model.rowCount() == net.parameter_count()
    kinds = {(r.kind, r.id) for r in checker.rows}
    assert kinds == {("weight", c) for c in net.connections} | {
        ("bias", n.id) for n in net.neurons.values() if n.role != "input"}
    errors = [r.relative_error for r in checker.rows]
    assert errors == sorted(errors, reverse=True)
    assert not checker.flagged() and "agree" in checker.summary.text()
    weight_row = next(i for i, r in enumerate(checker.rows) if r.kind == "weight")
    checker.table.selectRow(weight_row)
    assert window.scene.selected_connection_ids() == [checker.rows[weight_row].id]
    bias_row = next(i for i, r in enumerate(checker.rows) if r.kind == "bias")
    checker.table.selectRow(bias_row)
    assert window.scene.selected_neuron_ids() == [checker.rows[bias_row].id]
    path = tmp_path / "check.csv"
    checker.write_csv(path)
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == net.parameter_count()
    assert float(rows[0]["relative_error"]) == checker.rows[0].relative_error


def test_gradient_checker_flags_a_corrupted_derivative(window, xray, monkeypatch):
    sigmoid = activations.ACTIVATIONS["sigmoid"]

    def wrong(z, a, grad_a, out):      # test only: f′ off by 10 %
        result = sigmoid.backward(z, a, grad_a, out)
        result *= 1.1
        return result

    monkeypatch.setitem(activations.ACTIVATIONS, "sigmoid", replace(sigmoid, backward=wrong))
    xray.show_dock(xray.checker_dock)
    checker = xray.checker
    checker.check()
    flagged = checker.flagged()
    assert flagged and flagged == checker.rows[:len(flagged)]        # worst first
    assert "disagree" in checker.summary.text()
    model = checker.model
    assert model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole).color().name() == \
        "#fee2e2"
    good = len(flagged)
    if good < model.rowCount():
        assert model.data(model.index(good, 0), Qt.ItemDataRole.BackgroundRole) is None


def test_cost_panel_counts_follow_the_plan(window, xray):
    xray.show_dock(xray.cost_dock)
    for example in ("xor", "skip", "digits"):
        window.set_document(read_example(example))
        panel = xray.cost_panel
        plan = compile_network(window.document.network)
        expected = cost_of(plan)
        assert panel.cost == expected
        weights = plan.n_weights
        assert panel.bars.values == [weights, expected.backward, weights + expected.backward,
                                     2 * (weights + plan.n_biases) * weights]
        assert f"{expected.nudging:,}" in panel.text.text()


def test_menus_list_the_keys_and_the_tour(window, xray):
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles.index("X-ray") == titles.index("Help") - 1
    help_menu = window.menuBar().actions()[titles.index("Help")].menu()
    assert xray.actions.tour in help_menu.actions() and xray.actions.keys in help_menu.actions()
    assert xray.actions.forward.shortcuts()[0].toString() == "Right"
    assert xray.actions.update.shortcut().toString() == "U"


def test_lens_on_a_bias(window, xray):
    xray.show_dock(xray.lens_dock)
    net = window.document.network
    out = net.outputs()[0].id
    window.scene.select([out])
    lens = xray.lens_panel
    assert lens.lens.kind == "bias" and lens.lens.param_id == out
    x, y = xray.session.batch()
    assert lens.point_loss == pytest.approx(engine_loss(net, x, y), rel=1e-13)
    assert "∂L/∂b" in lens.numbers.text() and lens.error < DEFAULT_TOLERANCE


def test_menu_items_show_and_hide_the_docks(window, xray):
    items = {a.text(): a for a in xray.menu.actions()}
    lens_item = items["Nudge Lens"]
    assert not lens_item.isChecked() and xray.lens_dock.isHidden()
    lens_item.trigger()
    assert not xray.lens_dock.isHidden() and lens_item.isChecked()
    xray.lens_dock.close()
    assert not lens_item.isChecked()
