"""The guided tour: each page drives the real views; the README picture renders."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox

from bpstudio.ui.document.commands import SetNeuronPropertiesCommand, apply_and_push
from bpstudio.ui.xray.overlay import CURRENT
from bpstudio.ui.xray.screenshot import render_xray_screenshot
from bpstudio.ui.xray.tour import PAGES, TOUR_SAMPLE


@pytest.fixture
def xray(window):
    return window.xray


def test_each_page_drives_its_view(window, xray):
    edit = SetNeuronPropertiesCommand(window.document.network, {3: {"bias": 0.25}})
    assert apply_and_push(window.undo_stack, edit) is None        # unsaved: the tour asks
    tour = xray.open_tour()
    assert tour.isVisible() and not tour.isModal()
    # 1: the XOR example (after the unsaved-changes prompt), forward to the loss
    assert window.dialogs.questions and window.document.example == "xor"
    step = xray.step
    assert step.active and step.index == step.sequence().loss_index
    assert step.visible().loss is not None and xray.session.sample == TOUR_SAMPLE
    assert xray.step_dock.isVisible()
    net = window.document.network
    # 2: an edge into the output, shown in the lens
    tour.next.click()
    assert tour.page == 1
    (cid,) = window.scene.selected_connection_ids()
    assert net.neurons[net.connections[cid].target].role == "output"
    assert xray.lens_dock.isVisible() and xray.lens_panel.lens.param_id == cid
    # 3: the secant with a visible ε, and the gradient checker over every parameter
    tour.next.click()
    assert xray.lens_panel.epsilon == pytest.approx(0.1)
    assert not xray.checker_dock.isHidden()
    # the lens (the secant the page describes) is the tab in front, not the checker
    assert not xray.lens_panel.visibleRegion().isEmpty()
    assert xray.checker.visibleRegion().isEmpty()
    assert len(xray.checker.rows) == net.parameter_count() and not xray.checker.flagged()
    # 4: the whole backward pass and the chain for a first-layer weight
    tour.next.click()
    assert step.index == step.sequence().last
    (cid,) = window.scene.selected_connection_ids()
    assert net.neurons[net.connections[cid].source].role == "input"
    assert xray.chain_dock.isVisible() and xray.chain_panel.lines[-1].kind == "result"
    # 5: one update, undoable
    before = net.parameters()
    tour.next.click()
    assert step.update_result is not None and net.parameters() != before
    assert step.update_result.loss_after < step.update_result.loss_before
    assert not tour.next.isEnabled() and tour.position.text() == f"{len(PAGES)} / {len(PAGES)}"
    window.undo_stack.undo()
    assert net.parameters() == before
    tour.back.click()
    assert tour.page == 3 and tour.title.text() == PAGES[3].title
    tour.close()


DOCK_NAMES = {"nudge lens": "lens_dock", "gradient checker": "checker_dock",
              "chain rule": "chain_dock", "cost": "cost_dock"}


def test_every_dock_a_page_names_is_open_on_that_page(window, xray):
    tour = xray.open_tour()
    for page in range(len(PAGES)):
        tour.go_to(page)
        text = PAGES[page].text.lower()
        for name, dock in DOCK_NAMES.items():
            if f"<b>{name}</b>" in text:
                assert not getattr(xray, dock).isHidden(), (page, name)
    tour.close()


def test_cancelling_the_save_prompt_stops_the_tour_on_your_network(window, xray):
    edit = SetNeuronPropertiesCommand(window.document.network, {3: {"bias": 0.25}})
    apply_and_push(window.undo_stack, edit)
    document = window.document
    window.dialogs.answer = QMessageBox.StandardButton.Cancel
    tour = xray.open_tour()
    assert window.dialogs.questions and window.document is document
    assert document.example != "xor" and not xray.step.active
    assert "did not replace it" in tour.text.toPlainText()
    assert not tour.next.isEnabled()
    tour.close()


def test_back_to_page_one_does_not_ask_about_the_tours_own_update(window, xray):
    window.files.open_example("xor")
    example = window.document.network.parameters()
    tour = xray.open_tour()
    for _ in range(len(PAGES) - 1):
        tour.next.click()
    assert xray.step.update_result is not None
    assert window.document.network.parameters() != example
    asked = len(window.dialogs.questions)
    tour.go_to(0)
    assert len(window.dialogs.questions) == asked
    assert window.document.example == "xor" and window.undo_stack.isClean()
    assert window.document.network.parameters() == example
    assert xray.step.active and xray.step.visible().loss is not None
    # your own edit after the tour's is yours: that one is asked about
    tour.go_to(4)
    edit = SetNeuronPropertiesCommand(window.document.network, {3: {"bias": 0.5}})
    apply_and_push(window.undo_stack, edit)
    tour.go_to(0)
    assert len(window.dialogs.questions) == asked + 1
    tour.close()


def test_the_tour_keeps_a_pristine_xor_without_asking(window, xray):
    window.files.open_example("xor")
    asked = len(window.dialogs.questions)
    document = window.document
    xray.open_tour()
    assert window.document is document and len(window.dialogs.questions) == asked


@pytest.mark.slow
def test_readme_picture_shows_the_xray(tmp_path, qtbot):
    out = render_xray_screenshot(tmp_path / "xray.png", (1400, 900))
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1400, 900)
    current = sum(1 for y in range(0, 900, 3) for x in range(0, 1400, 3)
                  if image.pixelColor(x, y).rgb() == CURRENT.rgb())
    assert current > 20        # the current neuron's ring and card are drawn


def test_the_save_question_comes_before_the_tour_shows(window, xray, monkeypatch):
    """Step 1 showed before the unsaved-changes prompt (issue 10 §4)."""
    from bpstudio.ui.xray.tour import TourDialog

    edit = SetNeuronPropertiesCommand(window.document.network, {3: {"bias": 0.25}})
    apply_and_push(window.undo_stack, edit)
    seen: list[bool] = []

    def question(*args, **kwargs):
        seen.append(isinstance(xray.tour, TourDialog) and xray.tour.isVisible())
        return QMessageBox.StandardButton.Discard

    monkeypatch.setattr(QMessageBox, "question", question)
    tour = xray.open_tour()
    assert seen == [False]
    assert tour.isVisible() and window.document.example == "xor"
    tour.close()


def _dock_layout(window):
    from PySide6.QtWidgets import QDockWidget

    docks = [d for d in window.findChildren(QDockWidget)]
    return ({d.objectName() for d in docks if d.isVisible()},
            {d.objectName(): sorted(t.objectName() for t in window.tabifiedDockWidgets(d))
             for d in docks if d.isVisible()})


def test_the_tour_keeps_the_window_size_and_gives_back_the_docks(window, xray, qtbot):
    """The tour widened the window (1360 → 1449 px) and left the plots tabbed behind the
    Chain Rule (issue 10 §4)."""
    window.files.open_example("xor")
    window.resize(1360, 860)
    qtbot.waitUntil(lambda: window.width() == 1360)
    before = _dock_layout(window)
    tour = xray.open_tour()
    for _ in range(len(PAGES) - 1):
        tour.next.click()
        assert window.width() == 1360
    assert not tour.next.isEnabled()                 # the last page: no inert Next
    tour.close()
    assert window.width() == 1360
    assert _dock_layout(window) == before
