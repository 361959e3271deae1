"""The Training dock's sequence settings: shown for recurrent networks, undoable edits."""

from __future__ import annotations

from bpstudio.formats.bpnet import ProjectInfo
from bpstudio.ui.document.file_actions import Document
from tests.ui.recurrent_networks import elman

SEQUENCE_FIELDS = (("truncation", "settings"), ("clip_norm", "settings"),
                   ("sequence_targets", "dataset"), ("sequence_length", "dataset"))


def _shown(panel, name: str, target: str) -> bool:
    editor = panel.editor(name, target)
    return panel._forms[(target, name)].isRowVisible(editor.widget)


def test_sequence_settings_show_only_for_recurrent_networks(window):
    panel = window.training_panel
    assert not any(_shown(panel, *field) for field in SEQUENCE_FIELDS)
    heading = panel._headings["Sequences"][0]
    assert heading.isHidden()
    net = window.document.network
    cid = next(c.id for c in net.connections.values() if net.neurons[c.target].role == "output")
    window.editor.set_connection_properties({cid: {"recurrent": True}})
    assert all(_shown(panel, name, target) for name, target in SEQUENCE_FIELDS
               if name != "sequence_length")     # xor is not a generated sequence set
    assert not heading.isHidden()
    window.undo_stack.undo()
    assert not any(_shown(panel, *field) for field in SEQUENCE_FIELDS)


def test_sequence_datasets_are_offered_as_sequences(window):
    combo = window.training_panel.dataset_combo
    assert "sequences" in combo.itemText(combo.findData("parity"))
    assert "sequences" not in combo.itemText(combo.findData("xor"))


def test_truncation_whole_sequence_is_none_and_edits_undo(window):
    window.set_document(Document(elman(), ProjectInfo("elman")))
    panel = window.training_panel
    net = window.document.network
    assert all(_shown(panel, *field) for field in SEQUENCE_FIELDS)
    spin = panel.editor("truncation").widget
    assert net.settings.truncation is None and spin.text() == "full"
    spin.setValue(4)
    assert net.settings.truncation == 4
    window.undo_stack.undo()
    assert net.settings.truncation is None and spin.text() == "full"
    window.undo_stack.redo()
    assert net.settings.truncation == 4 and spin.value() == 4
    spin.setValue(0)
    assert net.settings.truncation is None
    clip = panel.editor("clip_norm").widget
    clip.setValue(5.0)
    assert net.settings.clip_norm == 5.0
    targets = panel.editor("sequence_targets", "dataset").widget
    targets.setCurrentIndex(targets.findData("last"))
    targets.activated.emit(targets.currentIndex())
    assert net.dataset.sequence_targets == "last"
    length = panel.editor("sequence_length", "dataset").widget
    length.setValue(12)
    assert net.dataset.sequence_length == 12


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
