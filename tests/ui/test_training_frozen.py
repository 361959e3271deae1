"""A frozen weight never changes, bit for bit, in every dtype: also when a float32 run's
weights come back to the document (Stop) or are saved while it trains (issue 9, case 4)."""

from __future__ import annotations

from bpstudio.formats.bpnet import load

FROZEN = 0.1      # not a float32 number: float32 holds 0.10000000149011612


def test_float32_training_hands_back_frozen_values_bit_identical(qtbot, win, tmp_path):
    network = win.document.network
    network.update_connections({1: {"weight": FROZEN, "frozen": True}})
    network.update_neurons({3: {"bias": FROZEN, "frozen": True}})
    network.set_settings(network.settings.with_changes(dtype="float32", epochs=10_000_000))
    before = network.parameters()
    training = win.training
    training.start()
    qtbot.waitUntil(lambda: training.progress is not None and training.progress.epoch > 20,
                    timeout=15_000)
    worker = training.session.worker
    with qtbot.waitSignal(worker.state_changed, check_params_cb=lambda s: s == "paused"):
        training.pause()
    path = tmp_path / "during.bpnet"
    assert win.files._write(path)                         # saved while the run is paused
    saved, _ = load(path)
    assert saved.connections[1].weight == FROZEN and saved.neurons[3].bias == FROZEN
    with qtbot.waitSignal(training.state_changed, timeout=15_000,
                          check_params_cb=lambda s: s == "finished"):
        assert training.stop()
    assert network.connections[1].weight == FROZEN        # bit for bit
    assert network.neurons[3].bias == FROZEN
    assert network.parameters() != before                 # the rest trained
    win.undo_stack.undo()
    assert network.parameters() == before
