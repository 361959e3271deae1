"""The Training dock on sequences: the Time steps group, sequence sets, a training run."""

from __future__ import annotations

from bpstudio.formats.bpnet import ProjectInfo
from bpstudio.ui.document.file_actions import Document
from tests.ui.recurrent_networks import elman


def test_the_time_steps_heading_hides_with_its_settings(window):
    panel = window.training_panel
    heading = panel._headings["Time steps"][0]
    assert heading.isHidden()                        # xor: samples, no time steps
    window.set_document(Document(elman(), ProjectInfo("elman")))
    assert not heading.isHidden()
    assert not panel.editor("truncation").widget.isHidden()


def test_sequence_datasets_are_offered_as_sequences(window):
    combo = window.training_panel.dataset_combo
    assert "sequences" in combo.itemText(combo.findData("parity"))
    assert "sequences" not in combo.itemText(combo.findData("xor"))


def test_sequence_settings_edit_the_document(window):
    window.set_document(Document(elman(), ProjectInfo("elman")))
    panel = window.training_panel
    net = window.document.network
    panel.editor("clip_norm").widget.setValue(5.0)
    assert net.settings.clip_norm == 5.0
    targets = panel.editor("sequence_targets", "dataset").widget
    targets.setCurrentIndex(targets.findData("last"))
    targets.activated.emit(targets.currentIndex())
    assert net.dataset.sequence_targets == "last"
    panel.editor("sequence_length", "dataset").widget.setValue(12)
    assert net.dataset.sequence_length == 12
    window.undo_stack.undo()
    assert net.dataset.sequence_length == 8


def test_training_on_sequences_from_the_window(window, qtbot):
    network = elman()
    network.set_settings(network.settings.with_changes(epochs=3, truncation=3, clip_norm=1.0))
    window.set_document(Document(network, ProjectInfo("elman")))
    recurrent = [c.id for c in network.connections.values() if c.recurrent]
    before = [network.connections[c].weight for c in recurrent]
    with qtbot.waitSignal(window.training.state_changed, timeout=30_000,
                          check_params_cb=lambda s: s == "finished"):
        window.training.start()
    assert window.training.progress.epoch == 3
    assert window.undo_stack.undoText() == "Apply trained weights"
    after = [network.connections[c].weight for c in recurrent]
    assert after != before                   # BPTT trained the recurrent weights too
    assert not window.training_panel.banner.isVisible()
