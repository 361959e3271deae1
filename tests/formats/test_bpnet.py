"""The .bpnet file: round trips, layout, large networks and atomic saving."""

from __future__ import annotations

import json
import math
import os
import random
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from bpstudio.formats import (
    FORMAT_NAME,
    FORMAT_VERSION,
    BpnetError,
    ProjectInfo,
    bpnet,
    dumps,
    from_document,
    load,
    loads,
    save,
    to_document,
)
from bpstudio.model.builders import layered
from bpstudio.model.network import Connection, Network, Neuron
from bpstudio.model.points import NO_POINTS, DrawnPoint, DrawnPoints
from bpstudio.model.scaling import NO_SCALING, InputScaling
from bpstudio.model.settings import DatasetSpec, LossHistory, TrainingSettings
from bpstudio.model.validate import validate
from tests.formats.conftest import AWKWARD_FLOATS, make_rich_network, make_xor_network

POSIX = os.name == "posix"


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ---------------------------------------------------------------- round trips
def test_save_then_load_gives_the_same_document(tmp_path, rich):
    network, info = rich
    path = tmp_path / "spiral.bpnet"
    save(network, path, info)
    loaded, loaded_info = load(path)
    assert loaded.snapshot() == network.snapshot()
    assert loaded_info == info
    assert loaded.settings == network.settings
    assert loaded.dataset == network.dataset
    assert loaded.history == network.history
    assert loaded.history.test_loss[0] is None


def test_save_load_save_is_byte_identical(tmp_path, rich):
    network, info = rich
    first, second = tmp_path / "a.bpnet", tmp_path / "b.bpnet"
    save(network, first, info)
    loaded, loaded_info = load(first)
    save(loaded, second, loaded_info)
    assert first.read_bytes() == second.read_bytes()
    assert dumps(*loads(dumps(network, info))) == dumps(network, info)


def test_floats_come_back_bit_for_bit():
    network = Network()
    a = network.add_neuron("input")
    targets = [network.add_neuron("output", bias=v) for v in AWKWARD_FLOATS]
    for t, value in zip(targets, AWKWARD_FLOATS, strict=True):
        network.connect(a.id, t.id, weight=value)
    loaded, _ = loads(dumps(network))
    for t, value in zip(targets, AWKWARD_FLOATS, strict=True):
        got = loaded.neurons[t.id].bias
        assert got.hex() == value.hex() and math.copysign(1, got) == math.copysign(1, value)
        (conn,) = loaded.incoming(t.id)
        assert conn.weight.hex() == value.hex()


def test_empty_network_and_no_info_round_trip():
    loaded, info = loads(dumps(Network()))
    assert loaded.snapshot() == Network().snapshot()
    assert info == ProjectInfo()


def test_a_version_1_file_without_validation_ratio_loads_and_saves_as_the_current_version():
    text = json.dumps({
        "format": "bpstudio-network", "version": 1,
        "network": {"neurons": [{"id": 1, "role": "input"}, {"id": 2, "role": "output"}],
                    "connections": [{"id": 1, "source": 1, "target": 2}]},
        "training": {"patience": 5, "learning_rate": 0.1},
    })
    network, _ = loads(text)
    assert network.settings.validation_ratio == 0.0 and network.settings.patience == 5
    assert network.settings.effective_validation_ratio == 0.1
    doc = json.loads(dumps(network))
    assert doc["version"] == FORMAT_VERSION and doc["training"]["validation_ratio"] == 0.0
    again, _ = loads(json.dumps(doc | {"training": doc["training"] | {
        "validation_ratio": 0.25}}))
    assert again.settings.validation_ratio == 0.25


def test_a_version_2_file_loads_with_the_new_dataset_fields_at_their_defaults():
    text = json.dumps({
        "format": "bpstudio-network", "version": 2,
        "network": {"neurons": [{"id": 1, "role": "input"}, {"id": 2, "role": "output"}],
                    "connections": [{"id": 1, "source": 1, "target": 2}]},
        "dataset": {"name": "data.csv", "test_ratio": 0.3},
    })
    network, _ = loads(text)
    assert network.dataset == DatasetSpec(name="data.csv", test_ratio=0.3)
    assert network.dataset.scale_inputs == "none" and network.dataset.image_size is None
    assert network.input_scaling == NO_SCALING and network.drawn_points == NO_POINTS
    doc = json.loads(dumps(network))
    assert doc["version"] == FORMAT_VERSION
    assert doc["dataset"]["scale_inputs"] == "none" and "input_scaling" not in doc


def test_scaling_and_drawn_points_round_trip_byte_for_byte():
    network = Network()
    network.add_neurons([Neuron(1, "input"), Neuron(2, "input"), Neuron(3, "output")])
    network.set_settings(dataset=DatasetSpec(name="drawn", scale_inputs="zscore"))
    network.set_input_scaling(InputScaling("zscore", (0.5, -1.25), (2.0, 0.1)))
    network.set_drawn_points(DrawnPoints("regression", 0, (DrawnPoint(0.1, 0.2, 3.5),
                                                           DrawnPoint(-1.0, 2.0, -0.25))))
    text = dumps(network)
    loaded, _ = loads(text)
    assert loaded.input_scaling == network.input_scaling
    assert loaded.drawn_points == network.drawn_points
    assert dumps(loaded) == text
    assert '{"x1": 0.1, "x2": 0.2, "target": 3.5}' in text


@pytest.mark.parametrize(("section", "message"), [
    ({"input_scaling": {"method": "zscore", "offset": [0.0], "scale": [0.0]}},
     "input scaling scale 1 must be a positive finite number"),
    ({"input_scaling": {"method": "zscore", "offset": [0.0, 1.0], "scale": [1.0]}},
     "2 offsets but 1 scales"),
    ({"input_scaling": {"method": "cube", "offset": [], "scale": []}},
     "input_scaling.method must be one of none, minmax, zscore"),
    ({"points": {"samples": [{"x1": 0, "x2": 0, "label": 2}]}}, "label 2 is not a class 0..1"),
    ({"points": {"samples": [{"x1": 0, "x2": 0}]}}, 'points.samples[0] has no "label"'),
    ({"points": {"task": "regression", "samples": [{"x1": 0, "x2": 0, "label": 1}]}},
     'points.samples[0] has an unknown field "label"'),
    ({"points": {"n_classes": 11}}, "n_classes must be 2 to 10"),
])
def test_bad_scaling_or_points_sections_are_refused_with_their_place(section, message):
    doc = {"format": "bpstudio-network", "version": 3,
           "network": {"neurons": [{"id": 1, "role": "input"}, {"id": 2, "role": "output"}],
                       "connections": []}} | section
    with pytest.raises(BpnetError, match=re.escape(message)):
        loads(json.dumps(doc), "x.bpnet")


def test_minimal_hand_written_file_takes_the_defaults():
    text = json.dumps({
        "format": "bpstudio-network", "version": 1,
        "network": {"neurons": [{"id": 1, "role": "input"}, {"id": 2, "role": "output"}],
                    "connections": [{"id": 1, "source": 1, "target": 2}]},
    })
    network, info = loads(text)
    assert network.neurons[1].activation == "identity"
    assert network.neurons[2].activation == "sigmoid"
    assert network.neurons[2].bias == 0.0 and network.neurons[2].label == ""
    assert network.connections[1].weight == 0.0 and network.connections[1].frozen is False
    assert network.settings == TrainingSettings()
    assert network.dataset == DatasetSpec()
    assert network.history == LossHistory()
    assert info == ProjectInfo()


def test_partial_settings_keep_the_other_defaults(xor_doc):
    xor_doc["training"] = {"optimizer": "momentum", "learning_rate": 2}
    xor_doc["dataset"] = {"name": "moons"}
    del xor_doc["history"]
    network, _ = from_document(xor_doc)
    assert network.settings == TrainingSettings(optimizer="momentum", learning_rate=2)
    assert network.dataset == DatasetSpec(name="moons")
    assert len(network.history) == 0


def test_integers_in_float_fields_are_read_as_floats(xor_doc):
    xor_doc["network"]["neurons"][2]["bias"] = 2
    xor_doc["network"]["connections"][0]["weight"] = -3
    network, _ = from_document(xor_doc)
    assert type(network.neurons[3].bias) is float and network.neurons[3].bias == 2.0
    assert type(network.connections[1].weight) is float


def test_a_loaded_network_hands_out_fresh_ids(rich):
    network, info = rich
    loaded, _ = loads(dumps(network, info))
    assert loaded.add_neuron("hidden").id == max(network.neurons) + 1
    assert loaded.connect(1, 20).id == max(network.connections) + 1


def test_problems_that_validate_reports_do_not_stop_loading():
    """A user must be able to open such a drawing and fix it."""
    network = Network()
    x = network.add_neuron("input")
    out = network.add_neuron("output", activation="softmax")   # one softmax output, l2 loss
    network.add_neuron("output")                                  # not reached from any input
    h = network.add_neuron("hidden")
    network.add_connections([Connection(1, h.id, x.id, 0.25),      # into an input neuron
                             Connection(2, x.id, out.id, 0.25)], check=False)
    assert validate(network)            # errors and warnings, but no cycle
    loaded, _ = loads(dumps(network))
    assert loaded.snapshot() == network.snapshot()
    assert [p.message for p in validate(loaded)] == [p.message for p in validate(network)]


def test_bytes_and_a_byte_order_mark_are_accepted(rich):
    network, info = rich
    data = dumps(network, info).encode("utf-8")
    for raw in (data, b"\xef\xbb\xbf" + data):
        loaded, loaded_info = loads(raw, "x.bpnet")
        assert loaded.snapshot() == network.snapshot() and loaded_info == info


# ---------------------------------------------------------------- layout
def test_document_layout_is_stable_and_readable(rich):
    network, info = rich
    text = dumps(network, info)
    doc = json.loads(text)
    assert list(doc) == ["format", "version", "title", "description", "network", "training",
                         "dataset", "history"]
    assert doc["format"] == FORMAT_NAME and doc["version"] == FORMAT_VERSION
    assert list(doc["network"]["neurons"][0]) == ["id", "role", "activation", "bias", "label",
                                                  "x", "y", "frozen"]
    assert list(doc["network"]["connections"][0]) == ["id", "source", "target", "weight",
                                                      "frozen"]
    assert list(doc["training"]) == list(TrainingSettings().to_dict())
    assert list(doc["dataset"]) == list(DatasetSpec().to_dict())
    assert list(doc["history"]) == list(LossHistory().to_dict())
    # one neuron or connection per line, so diffs show what changed
    lines = text.splitlines()
    for item in doc["network"]["neurons"] + doc["network"]["connections"]:
        assert sum(line.strip().rstrip(",") == json.dumps(item, ensure_ascii=False)
                   for line in lines) == 1
    assert text.endswith("}\n") and "\r" not in text
    assert "Spiral — a 2-3-2" in text           # UTF-8, not \u escapes
    assert "NaN" not in text and "Infinity" not in text


def test_items_are_written_in_id_order_whatever_the_insertion_order():
    network = Network()
    for nid in (9, 2, 5):
        network.add_neuron("input" if nid == 2 else "hidden", id=nid)
    network.connect(2, 9, id=8)
    network.connect(2, 5, id=3)
    doc = to_document(network)
    assert [n["id"] for n in doc["network"]["neurons"]] == [2, 5, 9]
    assert [c["id"] for c in doc["network"]["connections"]] == [3, 8]


def test_text_that_looks_like_a_row_boundary_does_not_split_a_row():
    network = Network()
    network.add_neuron("input", label='}, {')
    network.add_neuron("output", label='a"}, {"b')
    text = dumps(network)
    rows = [line for line in text.splitlines() if line.strip().startswith('{"id"')]
    assert len(rows) == 2
    assert loads(text)[0].snapshot() == network.snapshot()


# ---------------------------------------------------------------- large networks
@pytest.mark.slow
def test_a_784_128_10_network_round_trips(tmp_path):
    network = layered([784, 128, 10])
    rng = random.Random(0)
    network.set_parameters({cid: rng.gauss(0.0, 0.1) for cid in network.connections},
                           {nid: rng.gauss(0.0, 0.1) for nid in network.neurons})
    assert len(network.connections) == 784 * 128 + 128 * 10
    path = tmp_path / "mnist.bpnet"
    save(network, path)
    loaded, _ = load(path)
    assert loaded.snapshot() == network.snapshot()
    assert path.stat().st_size < 16 * 2 ** 20


# ---------------------------------------------------------------- saving
def test_save_refuses_non_finite_values_and_says_which():
    network = make_xor_network()
    network.connections[6].weight = math.nan   # only possible behind the model's back
    with pytest.raises(BpnetError, match=r"^cannot save: weight of connection 6 is not finite$"):
        dumps(network)
    network.connections[6].weight = 1.0
    network.neurons[4].bias = -math.inf
    with pytest.raises(BpnetError, match=r"bias of neuron 4 is not finite"):
        dumps(network)
    network.neurons[4].bias = 0.0
    network.set_history(LossHistory(epochs=(1, 2), train_loss=(1.0, math.inf),
                                    test_loss=(None, None), test_metric=(None, None),
                                    learning_rate=(0.5, 0.5)))
    with pytest.raises(BpnetError, match=r"history\.train_loss\[1\] is not finite"):
        dumps(network)


def test_save_refuses_text_that_is_not_unicode(tmp_path):
    network = Network()
    network.add_neuron("input", label="bad \ud800")
    with pytest.raises(BpnetError, match=r"label of neuron 1 is not valid Unicode"):
        dumps(network)
    with pytest.raises(BpnetError, match=r"title must be text"):
        dumps(Network(), ProjectInfo(title=["not", "text"]))  # type: ignore[arg-type]


def test_a_failed_save_names_the_file_and_keeps_the_old_one(tmp_path):
    path = tmp_path / "xor.bpnet"
    save(make_xor_network(), path)
    before = path.read_bytes()
    network = make_xor_network()
    network.connections[3].weight = math.inf
    with pytest.raises(BpnetError, match=r"^xor\.bpnet: cannot save: weight of connection 3"):
        save(network, path)
    assert path.read_bytes() == before
    assert _files(tmp_path) == ["xor.bpnet"]


@pytest.mark.parametrize("failing", ["os.replace", "os.fsync", "serialisation"])
def test_save_is_atomic(tmp_path, monkeypatch, failing):
    path = tmp_path / "xor.bpnet"
    save(make_xor_network(), path)
    before = path.read_bytes()
    rich_network, rich_info = make_rich_network()

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if failing == "serialisation":
        def fail_serialising(*args, **kwargs):
            raise RuntimeError("the encoder broke")
        monkeypatch.setattr(bpnet, "format_document", fail_serialising)
        expected: type[Exception] = RuntimeError
    else:
        monkeypatch.setattr(os, failing.split(".")[1], fail)
        expected = BpnetError
    with pytest.raises(expected) as caught:
        save(rich_network, path, rich_info)
    if expected is BpnetError:
        assert str(caught.value) == f"{path}: cannot save: No space left on device"
    assert path.read_bytes() == before
    assert _files(tmp_path) == ["xor.bpnet"]          # no temporary file left behind
    monkeypatch.undo()
    save(rich_network, path, rich_info)                # and the next save works
    assert load(path)[0].snapshot() == rich_network.snapshot()
    assert _files(tmp_path) == ["xor.bpnet"]


def test_save_into_a_missing_folder_is_a_clear_error(tmp_path):
    path = tmp_path / "no" / "such" / "folder" / "xor.bpnet"
    with pytest.raises(BpnetError, match=r"xor\.bpnet: cannot save: No such file"):
        save(make_xor_network(), path)


def test_save_onto_a_folder_is_a_clear_error(tmp_path):
    folder = tmp_path / "taken.bpnet"
    folder.mkdir()
    with pytest.raises(BpnetError, match=r"taken\.bpnet: cannot save: Is a directory"):
        save(make_xor_network(), folder)
    assert _files(tmp_path) == ["taken.bpnet"] and folder.is_dir()


@pytest.mark.skipif(not POSIX, reason="POSIX permissions")
def test_save_keeps_usual_permissions(tmp_path):
    path = tmp_path / "new.bpnet"
    umask = os.umask(0o022)
    os.umask(umask)
    save(Network(), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask   # not tempfile's 0o600
    path.chmod(0o640)
    save(make_xor_network(), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


@pytest.mark.skipif(not POSIX, reason="symlinks")
def test_save_through_a_symlink_updates_the_file_it_points_to(tmp_path):
    real = tmp_path / "real.bpnet"
    save(Network(), real)
    link = tmp_path / "link.bpnet"
    link.symlink_to(real)
    save(make_xor_network(), link)
    assert link.is_symlink()
    assert load(real)[0].snapshot() == make_xor_network().snapshot()


# ---------------------------------------------------------------- dependencies
def test_the_file_code_imports_neither_numpy_nor_qt():
    code = ("import sys; import bpstudio.formats.bpnet; "
            "bad = [m for m in ('numpy', 'PySide6', 'pyqtgraph') if m in sys.modules]; "
            "print(','.join(bad))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[2], check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
