"""The training panel's spin boxes hold every value a file may carry (issue 10 §2): a seed,
batch size, patience or step interval at its maximum opens and shows exactly; one past it is
refused by the loader with the window left as it was."""

from __future__ import annotations

import json

import pytest

from bpstudio.formats.bpnet import ProjectInfo, save
from bpstudio.model.settings import (
    MAX_BATCH_SIZE,
    MAX_EPOCHS,
    MAX_PATIENCE,
    MAX_SAMPLES,
    MAX_SEED,
    MAX_STEP_EVERY,
    SPIN_BOX_MAX,
    DatasetSpec,
    SettingsError,
    TrainingSettings,
)
from bpstudio.ui.panels.training_fields import GROUPS
from tests.ui.conftest import xor_network

FIELDS = [field for _, group in GROUPS for field in group if field.kind in ("int", "float",
                                                                             "log")]


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f"{f.target}.{f.name}")
def test_each_spin_box_spans_exactly_what_the_document_accepts(field):
    make = TrainingSettings if field.target == "settings" else DatasetSpec
    value = int(field.high) if field.kind == "int" else field.high
    make(**{field.name: value})                     # the maximum is a valid setting …
    above = value + 1 if field.kind == "int" else value * (1 + 1e-9) + 1e-12
    with pytest.raises(SettingsError):
        make(**{field.name: above})                 # … and nothing past it is
    if field.kind == "int":
        assert field.high <= SPIN_BOX_MAX           # a QSpinBox holds it


def test_a_file_with_every_whole_number_at_its_maximum_opens_and_shows_it(window, tmp_path):
    network = xor_network()
    # A CSV that is not there: nothing generates ten million points to draw them.
    network.set_settings(network.settings.with_changes(
        seed=MAX_SEED, batch_size=MAX_BATCH_SIZE, epochs=MAX_EPOCHS, patience=MAX_PATIENCE,
        step_every=MAX_STEP_EVERY, schedule="step"),
        DatasetSpec(name="absent.csv", samples=MAX_SAMPLES, seed=MAX_SEED))
    path = tmp_path / "large.bpnet"
    save(network, path, ProjectInfo("Large"))
    assert window.files.open_path(path)
    panel = window.training_panel
    shown = {name: panel.editor(name).widget.value()
             for name in ("seed", "batch_size", "epochs", "patience", "step_every")}
    assert shown == {"seed": MAX_SEED, "batch_size": MAX_BATCH_SIZE, "epochs": MAX_EPOCHS,
                     "patience": MAX_PATIENCE, "step_every": MAX_STEP_EVERY}
    assert panel.editor("seed", "dataset").widget.value() == MAX_SEED
    assert panel.editor("samples", "dataset").widget.value() == MAX_SAMPLES
    assert window.windowTitle().startswith("large.bpnet")


@pytest.mark.parametrize("where, key", [("training", "seed"), ("training", "batch_size"),
                                        ("training", "patience"), ("training", "step_every"),
                                        ("dataset", "seed")])
def test_a_number_past_the_spin_boxes_is_refused_and_the_window_stays(window, tmp_path,
                                                                       where, key):
    """`training.seed` 3000000000 made a spin box raise OverflowError half-way through
    showing the file, leaving the window naming the old document."""
    good = tmp_path / "good.bpnet"
    save(xor_network(), good, ProjectInfo("Good"))
    assert window.files.open_path(good)
    data = json.loads(good.read_text())
    data.setdefault(where, {})[key] = 3_000_000_000
    bad = tmp_path / "huge.bpnet"
    bad.write_text(json.dumps(data))
    neurons = window.document.network.snapshot()
    assert not window.files.open_path(bad)
    [warning] = window.dialogs.warnings
    assert "huge.bpnet" in warning and key.replace("_", " ") in warning.replace("_", " ")
    assert "2147483647" in warning or "10000000" in warning or "100000000" in warning
    assert window.document.path == good.resolve()
    assert window.windowTitle().startswith("good.bpnet")
    assert window.document.network.snapshot() == neurons
    assert window.scene.network is window.document.network
