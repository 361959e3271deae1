"""The training panel: every setting, its tooltip, undoable edits, undo shown back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QValidator
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog

from bpstudio.data import BUILTINS
from bpstudio.formats.bpnet import ProjectInfo
from bpstudio.model.builders import layered
from bpstudio.model.settings import TrainingSettings
from bpstudio.ui.document.file_actions import Document
from bpstudio.ui.panels.training_fields import GROUPS, LogSpinBox
from bpstudio.ui.panels.training_panel import (
    CHOOSER_ITEMS,
    CSV_ITEM,
    format_elapsed,
    status_line,
)


@pytest.fixture
def panel(window):
    return window.training_panel


def choose(combo, data) -> None:
    """Pick the item holding ``data`` as a user would (activated, not just current)."""
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def test_every_builtin_dataset_csv_images_and_idx_are_offered_with_descriptions(panel):
    combo = panel.dataset_combo
    names = [combo.itemData(i) for i in range(combo.count())]
    assert [n for n in names if n in BUILTINS] == list(BUILTINS)
    assert tuple(names[-len(CHOOSER_ITEMS):]) == CHOOSER_ITEMS
    for name, info in BUILTINS.items():
        index = combo.findData(name)
        assert combo.itemData(index, Qt.ItemDataRole.ToolTipRole) == info.description


def test_every_setting_has_an_editor_and_a_one_line_tooltip(panel):
    fields = [field for _, group in GROUPS for field in group]
    settings_names = {f.name for f in fields if f.target == "settings"}
    assert settings_names == set(TrainingSettings.__dataclass_fields__)
    for field in fields:
        editor = panel.editor(field.name, field.target)
        tip = editor.widget.toolTip()
        assert tip and "\n" not in tip and len(tip) < 160, field.name
    assert panel.dataset_combo.toolTip()


def edit_and_undo(window, panel, name: str, label: str, value, before) -> None:
    """Setting ``name`` to ``value`` in its field is one undoable command named after its
    label, and undo shows the old value in the field again."""
    network = window.document.network
    field = panel.editor(name).widget
    field.setValue(value)
    assert getattr(network.settings, name) == value
    assert window.undo_stack.undoText() == f"Set {label}"
    window.undo_stack.undo()
    assert getattr(network.settings, name) == before and field.value() == before
    window.undo_stack.redo()
    assert field.value() == value


def test_an_edit_is_one_undoable_command_and_undo_shows_in_the_panel(window, panel):
    edit_and_undo(window, panel, "epochs", "Epochs", 250, 1000)


def test_consecutive_edits_of_one_field_merge_like_typing(window, panel):
    network = window.document.network
    before = window.undo_stack.count()
    spin = panel.editor("learning_rate").widget
    spin.stepBy(1)
    spin.stepBy(1)
    spin.stepBy(1)
    assert network.settings.learning_rate == 5.0          # 0.5 → 1 → 2 → 5
    assert window.undo_stack.count() == before + 1
    panel.editor("l2").widget.setValue(0.01)               # another field: its own step
    assert window.undo_stack.count() == before + 2
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert network.settings.learning_rate == 0.5


def test_stepping_back_to_the_start_leaves_no_undo_step(window, panel):
    before = window.undo_stack.count()
    spin = panel.editor("learning_rate").widget
    spin.stepBy(1)
    spin.stepBy(-1)
    assert window.document.network.settings.learning_rate == 0.5
    assert window.undo_stack.count() == before


def test_optimiser_and_schedule_fields_show_only_when_they_apply(window, panel):
    def shown(name: str) -> bool:
        return not panel.editor(name).widget.isHidden()

    assert not shown("momentum") and not shown("beta1")
    choose(panel.editor("optimizer").widget, "momentum")
    assert shown("momentum") and shown("nesterov") and not shown("beta2")
    choose(panel.editor("optimizer").widget, "adam")
    assert shown("beta1") and shown("beta2") and shown("epsilon") and not shown("momentum")
    assert not shown("step_every") and not shown("min_learning_rate")
    choose(panel.editor("schedule").widget, "step")
    assert shown("step_every") and shown("step_gamma")
    choose(panel.editor("schedule").widget, "cosine")
    assert shown("min_learning_rate") and not shown("step_gamma")
    window.undo_stack.undo()             # step → cosine merged into one step, like typing
    assert window.document.network.settings.schedule == "constant"
    assert not shown("min_learning_rate") and shown("beta1")
    window.undo_stack.undo()
    assert not shown("beta1") and not shown("momentum")   # undo hides the rows again


def test_choosing_a_dataset_is_undoable_and_sizes_follow(window, panel):
    network = window.document.network
    choose(panel.dataset_combo, "spiral")
    assert network.dataset.name == "spiral"
    assert window.undo_stack.undoText() == "Train on spiral"
    assert "spiral" in panel.dataset_hint.text().lower()
    assert not panel.editor("samples", "dataset").widget.isHidden()
    choose(panel.dataset_combo, "digits")
    assert panel.editor("samples", "dataset").widget.isHidden()   # images: fixed size
    window.undo_stack.undo()             # the two quick picks are one step
    assert panel.dataset_combo.currentData() == "xor" and network.dataset.name == "xor"


def test_leaving_the_classic_xor_points_gives_a_real_sample_count(window, panel):
    network = window.document.network
    network.set_settings(dataset=network.dataset.__class__(name="xor", samples=4,
                                                          test_ratio=0.0))
    choose(panel.dataset_combo, "moons")
    assert network.dataset.samples == 200 and network.dataset.test_ratio == 0.2


def test_a_csv_file_is_chosen_in_a_dialog(window, panel, tmp_path, monkeypatch):
    data = tmp_path / "points.csv"
    data.write_text("x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n", encoding="utf-8")
    asked = []

    def dialog(parent, title, folder, filters):
        asked.append(title)
        return str(data), filters

    monkeypatch.setattr(QFileDialog, "getOpenFileName", dialog)
    choose(panel.dataset_combo, CSV_ITEM)
    assert asked and window.document.network.dataset.name == str(data)
    assert panel.dataset_combo.currentText() == "points.csv"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: ("", ""))
    choose(panel.dataset_combo, CSV_ITEM)                 # cancelled: nothing changes
    assert window.document.network.dataset.name == str(data)
    assert panel.dataset_combo.currentText() == "points.csv"


def test_a_relative_csv_path_is_stored_for_a_saved_document(window, panel, tmp_path,
                                                            monkeypatch):
    (tmp_path / "data").mkdir()
    data = tmp_path / "data" / "points.csv"
    data.write_text("x1,x2,y\n0,0,0\n1,1,1\n", encoding="utf-8")
    window.document.path = tmp_path / "net.bpnet"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(data), ""))
    choose(panel.dataset_combo, CSV_ITEM)
    assert window.document.network.dataset.name == "data/points.csv"


def test_a_new_document_shows_its_own_settings(window, panel):
    network = layered([2, 3, 1])
    network.set_settings(TrainingSettings(learning_rate=0.125, optimizer="adam"))
    window.set_document(Document(network, ProjectInfo()))
    assert panel.editor("learning_rate").widget.value() == 0.125
    assert panel.editor("optimizer").widget.currentData() == "adam"
    assert not panel.editor("beta1").widget.isHidden()


def test_log_spin_box_steps_by_decades_and_takes_scientific_input(qtbot):
    box = LogSpinBox(0.0, 100.0, "off")
    qtbot.addWidget(box)
    box.setValue(0.0)
    assert box.text() == "off"
    box.stepBy(1)
    assert box.value() == pytest.approx(1e-9)
    box.setValue(0.03)
    box.stepBy(1)
    assert box.value() == pytest.approx(0.05)
    box.stepBy(-2)
    assert box.value() == pytest.approx(0.01)
    assert box.validate("1e-3", 4) == QValidator.State.Acceptable
    assert box.validate("1e", 2) == QValidator.State.Intermediate
    assert box.validate("abc", 3) == QValidator.State.Invalid
    assert box.validate("1e9", 3) == QValidator.State.Intermediate   # out of range
    box.lineEdit().setText("2.5e-4")
    box.interpretText()
    assert box.value() == pytest.approx(2.5e-4)


def test_typing_a_value_commits_once_when_editing_ends(window, panel):
    spin = panel.editor("batch_size").widget
    before = window.undo_stack.count()
    spin.setFocus()
    spin.lineEdit().selectAll()
    QTest.keyClicks(spin.lineEdit(), "32")
    assert window.document.network.settings.batch_size == 0    # not per keystroke
    QTest.keyClick(spin.lineEdit(), Qt.Key.Key_Return)
    assert window.document.network.settings.batch_size == 32
    assert window.undo_stack.count() == before + 1
    assert not panel.editor("shuffle").widget.isHidden()       # minibatches shuffle


def test_scrolling_over_an_unfocused_field_does_not_change_it(window, panel):
    spin = panel.editor("epochs").widget
    window.view.setFocus()
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent

    event = QWheelEvent(QPointF(5, 5), QPointF(spin.mapToGlobal(QPoint(5, 5))), QPoint(0, 0),
                        QPoint(0, 120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    from PySide6.QtWidgets import QApplication

    QApplication.sendEvent(spin, event)
    assert window.document.network.settings.epochs == 1000


def test_status_line_says_epoch_speed_and_time(window):
    from bpstudio.engine.training import Progress

    progress = Progress(12, 345, 0.25, 0.3, 0.9, "accuracy", 0.5, 75.25, 1234.0)
    assert status_line("running", progress) == ("Training · epoch 12 · step 345 · "
                                               "1,234 steps/s · 1:15.2")
    assert "steps/s" not in status_line("paused", progress)
    assert status_line("idle", None).startswith("Ready")
    assert format_elapsed(3725.0) == "1:02:05.0"


def test_stopping_seed_and_precision_tips_say_what_they_do_to_gradients_or_updates(panel):
    import re
    says = re.compile(r"\bgradients?\b(?! check)|\bupdates?\b", re.IGNORECASE)
    for name, target in (("epochs", "settings"), ("target_loss", "settings"),
                         ("patience", "settings"), ("validation_ratio", "settings"),
                         ("seed", "settings"), ("seed", "dataset"), ("dtype", "settings")):
        tip = panel.editor(name, target).widget.toolTip()
        assert says.search(tip), (name, target, tip)


def test_validation_ratio_is_an_undoable_setting_and_its_loss_is_shown(window, panel):
    from bpstudio.engine.training import Progress
    from bpstudio.ui.panels.training_panel import loss_line
    edit_and_undo(window, panel, "validation_ratio", "Validation ratio", 0.25, 0.0)
    progress = Progress(3, 3, 0.5, 0.75, None, "r2", 0.1, 1.0, 3.0, validation_loss=0.625)
    assert "validation loss 0.625 · test loss 0.75" in loss_line(progress)


def test_the_dataset_hint_says_how_labels_become_targets_for_the_outputs(window, panel):
    """A single tanh output trains toward −1 / +1: the dock says so, and follows edits of
    the output's activation, the output count and the dataset (issue 9)."""
    network = window.document.network
    (output,) = network.outputs()
    network.update_neurons({output.id: {"activation": "tanh"}})
    assert "Targets: −1 / +1 for classes 0 / 1" in panel.dataset_hint.text()
    network.update_neurons({output.id: {"activation": "sigmoid"}})
    assert "Targets: 0 / 1, the class label" in panel.dataset_hint.text()
    network.add_neuron("output", activation="sigmoid")
    assert "Targets: one-hot" in panel.dataset_hint.text()
    choose(panel.dataset_combo, "sine")
    assert "Targets: the data's target columns, as they are" in panel.dataset_hint.text()


def test_truncation_shows_whole_sequences_at_its_minimum_and_undoes(window, panel):
    """Its minimum stands for None (backpropagate through whole sequences)."""
    network = window.document.network
    choose(panel.dataset_combo, "parity")
    field = panel.editor("truncation").widget
    assert not field.isHidden()
    assert not panel.editor("sequence_length", "dataset").widget.isHidden()
    assert network.settings.truncation is None and field.text() == "whole sequence"
    field.setValue(5)
    assert network.settings.truncation == 5
    assert window.undo_stack.undoText() == "Set Truncate BPTT at"
    window.undo_stack.undo()
    assert network.settings.truncation is None and field.text() == "whole sequence"
    window.undo_stack.redo()
    assert field.value() == 5
    field.setValue(0)
    assert network.settings.truncation is None
    choose(panel.dataset_combo, "spiral")
    assert field.isHidden() and panel.editor("sequence_length", "dataset").widget.isHidden()


@pytest.mark.parametrize("name", ["fashion", "iris", "wine", "breast_cancer", "diabetes"])
def test_shipped_datasets_have_no_samples_or_noise_to_set(window, panel, name):
    choose(panel.dataset_combo, name)
    assert panel.editor("samples", "dataset").widget.isHidden()
    assert panel.editor("noise", "dataset").widget.isHidden()
    choose(panel.dataset_combo, "moons")
    assert not panel.editor("noise", "dataset").widget.isHidden()


def test_a_learning_rate_past_its_maximum_says_why_it_was_not_applied(window, panel):
    """Typing η = 5000 was silently reverted (issue 10 §3)."""
    from bpstudio.model.settings import MAX_LEARNING_RATE

    spin = panel.editor("learning_rate").widget
    before = window.document.network.settings.learning_rate
    spin.setFocus()
    spin.lineEdit().selectAll()
    QTest.keyClicks(spin.lineEdit(), "5000")
    QTest.keyClick(spin.lineEdit(), Qt.Key.Key_Return)
    spin.clearFocus()                                   # editing ends: Qt reverts
    assert window.document.network.settings.learning_rate == before
    message = window.statusBar().currentMessage()
    assert message == (f"Learning rate η is at most {MAX_LEARNING_RATE:g}; 5000 was not "
                       "applied")
