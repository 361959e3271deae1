"""Draw data on the decision-boundary plane: real clicks add and erase points, each one
undo step; the points become the network's data and are saved with the document."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from bpstudio.formats.bpnet import load, save


def _click(window, x1: float, x2: float, button=Qt.MouseButton.LeftButton) -> None:
    plot = window.visuals.boundary.plot
    scene = plot.getPlotItem().vb.mapViewToScene(QPointF(x1, x2))
    QTest.mouseClick(plot.viewport(), button, Qt.KeyboardModifier.NoModifier,
                     plot.mapFromScene(scene))


@pytest.fixture
def drawing(qtbot, window):
    panel = window.visuals.boundary
    qtbot.waitUntil(lambda: panel.grid() is not None, timeout=15_000)
    window.visuals.boundary_dock.show()
    window.visuals.boundary_dock.raise_()
    qtbot.waitExposed(panel.plot)
    tools = window.visuals.drawing
    assert tools.toggle.isEnabled() and not tools.classes.isVisible()
    tools.toggle.setChecked(True)
    assert tools.classes.isVisible() and panel.drawing
    return tools


def test_clicks_draw_points_that_become_the_data_one_undo_step_each(qtbot, window, drawing,
                                                                     tmp_path):
    network = window.document.network
    assert network.dataset.name == "xor" and not network.drawn_points.points
    (x0, x1), _ = window.visuals.boundary.grid().x_range, None
    _click(window, 0.5, 0.5)
    points = network.drawn_points.points
    assert len(points) == 1 and points[0].value == 0
    assert points[0].x1 == pytest.approx(0.5, abs=0.05 * (x1 - x0))
    assert network.dataset.name == "drawn" and network.dataset.scale_inputs == "none"
    assert window.undo_stack.undoText() == "Draw a point of class 0"
    QTest.keyClick(window.visuals.boundary.plot.viewport(), Qt.Key.Key_1)
    assert drawing.classes.currentData() == 1
    _click(window, -0.5, -0.5)
    _click(window, -0.5, 0.5)
    assert [p.value for p in network.drawn_points.points] == [0, 1, 1]
    panel = window.training_panel                   # the Training dock names the drawing
    assert panel.dataset_combo.currentText() == "drawn points"
    assert "3 points drawn" in panel.dataset_hint.text()      # English plural forms
    # three points are data the network trains on
    qtbot.waitUntil(lambda: window.training.view_state() is not None
                    and window.training.view_state().dataset.name == "drawn points",
                    timeout=15_000)
    state = window.training.view_state()
    assert state.dataset.n_train + state.dataset.n_test == 3
    # the plane kept its range while drawing, and the points show over it
    assert len(window.visuals.boundary.plot.drawn_points.data) == 3
    # a right-click erases the point under it
    _click(window, -0.5, 0.5, Qt.MouseButton.RightButton)
    assert [p.value for p in network.drawn_points.points] == [0, 1]
    assert window.undo_stack.undoText() == "Erase 1 drawn point"
    window.undo_stack.undo()
    assert len(network.drawn_points.points) == 3
    # saved in the .bpnet and read back
    save(network, tmp_path / "drawn.bpnet")
    back, _ = load(tmp_path / "drawn.bpnet")
    assert back.drawn_points == network.drawn_points and back.dataset.name == "drawn"
    # Clear is one step; undoing every step returns to XOR with no points
    drawing.clear.click()
    assert not network.drawn_points.points
    for _ in range(4):
        window.undo_stack.undo()
    assert network.dataset.name == "xor" and not network.drawn_points.points


def test_drawing_needs_a_two_input_network(qtbot, window):
    from bpstudio.formats.bpnet import ProjectInfo
    from bpstudio.model.builders import layered
    from bpstudio.model.points import DrawnPoint, DrawnPoints
    from bpstudio.ui.document.file_actions import Document

    window.set_document(Document(layered([3, 2, 1]), ProjectInfo("three inputs")))
    tools = window.visuals.drawing
    assert not tools.toggle.isEnabled() and not tools.toggle.isChecked()
    window.set_document(Document(layered([2, 3, 1]), ProjectInfo("two inputs")))
    assert tools.toggle.isEnabled()
    regression = layered([2, 3, 1])      # a drawing of targets: clicks draw values
    regression.set_drawn_points(DrawnPoints("regression", 0, (DrawnPoint(0, 0, 2.5),)))
    window.set_document(Document(regression, ProjectInfo("targets")))
    tools.toggle.setChecked(True)
    assert tools.task.currentData() == "regression" and not tools.task.isEnabled()
    assert tools.value.isVisible() and not tools.classes.isVisible()
    tools.value.setValue(-1.5)
    assert tools.add_point(0.5, 0.5)
    assert [p.value for p in regression.drawn_points.points] == [2.5, -1.5]
    assert window.undo_stack.undoText() == "Draw a point of value -1.5"


def test_values_are_drawn_for_regression_and_train_an_identity_output(qtbot, window,
                                                                       drawing):
    network = window.document.network
    for neuron in network.outputs():       # an identity output fits targets best
        network.update_neurons({neuron.id: {"activation": "identity"}})
    drawing.task.setCurrentIndex(drawing.task.findData("regression"))
    assert drawing.value.isVisible() and not drawing.classes.isVisible()
    for x, target in ((-0.5, -1.0), (0.0, 0.0), (0.5, 1.0)):
        drawing.value.setValue(target)
        assert drawing.add_point(x, 0.0)
    drawn = network.drawn_points
    assert drawn.task == "regression" and [p.value for p in drawn.points] == [-1, 0, 1]
    assert not drawing.task.isEnabled()            # fixed while the drawing has points
    qtbot.waitUntil(lambda: window.training.view_state() is not None
                    and window.training.view_state().dataset.task == "regression",
                    timeout=15_000)
    dataset = window.training.view_state().dataset
    assert dataset.n_train + dataset.n_test == 3
    drawing.clear.click()
    assert drawing.task.isEnabled()


def test_a_drag_paints_a_stroke_of_points_as_one_undo_step(qtbot, window, drawing):
    network = window.document.network
    plot = window.visuals.boundary.plot

    def at(x1, x2):
        return plot.mapFromScene(plot.getPlotItem().vb.mapViewToScene(QPointF(x1, x2)))

    viewport = plot.viewport()
    before = window.undo_stack.index()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     at(-0.8, 0.0))
    for i in range(1, 21):
        QTest.mouseMove(viewport, at(-0.8 + 1.6 * i / 20, 0.0))
    assert not network.drawn_points.points                  # one step, on release
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       at(0.8, 0.0))
    painted = network.drawn_points.points
    assert 10 <= len(painted) <= 21
    assert all(abs(p.x2) < 0.1 for p in painted)
    assert window.undo_stack.index() == before + 1
    assert window.undo_stack.undoText().startswith("Paint")
    window.undo_stack.undo()
    assert not network.drawn_points.points and window.undo_stack.index() == before


def test_drawn_points_export_as_csv_that_loads_back(qtbot, window, drawing, tmp_path,
                                                    monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from bpstudio.data import load_dataset
    from bpstudio.model.settings import DatasetSpec

    drawing.add_points([(0.1, 0.2), (0.3, -0.4)])
    drawing.classes.setCurrentIndex(1)
    drawing.add_points([(-0.5, 0.5), (-0.6, 0.6)])
    out = tmp_path / "points"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    assert drawing.export.isVisible()
    assert drawing.export_csv()
    data = load_dataset(DatasetSpec(str(out.with_suffix(".csv")), test_ratio=0.0))
    rows = sorted(zip(map(tuple, data.x_train.tolist()), data.y_train.tolist(), strict=True))
    assert rows == [((-0.6, 0.6), 1), ((-0.5, 0.5), 1), ((0.1, 0.2), 0), ((0.3, -0.4), 0)]


def test_too_many_points_is_said_and_changes_nothing(qtbot, window, drawing, monkeypatch):
    from bpstudio.model import points as points_module

    monkeypatch.setattr(points_module, "MAX_POINTS", 3)
    assert drawing.add_points([(0.0, 0.0), (0.1, 0.1), (0.2, 0.2)])
    before = window.undo_stack.index()
    assert not drawing.add_point(0.3, 0.3)
    assert len(window.document.network.drawn_points.points) == 3
    assert window.undo_stack.index() == before
    assert "at most 3" in window.visuals.boundary.title.text()
