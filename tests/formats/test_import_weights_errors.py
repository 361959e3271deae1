"""Files that look like BP Studio's weight exports but are not: one clear message each."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from bpstudio.examples import example_path
from bpstudio.formats.exports import export_network
from bpstudio.formats.imports import ModelImportError, import_network
from tests.formats.cases import CASES


def _refused(path: Path, *fragments: str) -> None:
    with pytest.raises(ModelImportError) as info:
        import_network(path)
    message = str(info.value)
    assert "\n" not in message and message.startswith(path.name), message
    for fragment in fragments:
        assert fragment in message, message


def _exported_json(tmp_path: Path) -> tuple[Path, dict]:
    network, _ = CASES["xor"]()
    path = tmp_path / "net.json"
    export_network(network, path)
    return path, json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("change", "fragments"), [
    (lambda d: d.update(format="other"), ["not a BP Studio weights export"]),
    (lambda d: d.update(version=9), ["version 9", "up to version 3"]),
    (lambda d: d["neurons"][2].pop("bias"), ["neurons[2] has no 'bias'"]),
    (lambda d: d["neurons"][2].update(bias="high"), ["neurons[2]: 'bias' has the wrong type"]),
    (lambda d: d["neurons"][3].update(activation="gelu"), ["neurons[3]", "'gelu'"]),
    (lambda d: d["connections"][0].update(source=99), ["the source 99 is not a listed neuron"]),
    (lambda d: d["connections"].append(dict(d["connections"][0])), ["listed twice"]),
    (lambda d: d.update(outputs=[1]), ["'outputs' does not list the output neurons"]),
    (lambda d: d.update(outputs=["y"]), ["'outputs' does not list the output neurons"]),
    (lambda d: d.update(input_scaling={"offset": [0], "scale": [1, 1]}),
     ["needs 2 finite offsets"]),
    (lambda d: d["connections"].append({"id": 50, "source": 5, "target": 3, "weight": 1}),
     ["cannot train", "cycle"]),
])
def test_damaged_json_exports_are_refused(tmp_path: Path, change, fragments) -> None:
    path, doc = _exported_json(tmp_path)
    change(doc)
    path.write_text(json.dumps(doc), encoding="utf-8")
    _refused(path, *fragments)


def test_json_that_is_not_json_or_is_a_project(tmp_path: Path) -> None:
    path = tmp_path / "net.json"
    path.write_text('{"format": "bpstudio-weights",\n "version": }', encoding="utf-8")
    _refused(path, "not valid JSON (line 2")
    path.write_bytes(b"\xff\xfe")
    _refused(path, "not UTF-8")
    path.write_bytes(example_path("xor").read_bytes())
    _refused(path, "a BP Studio project: open it with File ▸ Open")


def test_npz_files_that_are_not_exports_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "net.npz"
    np.savez(path, weights=np.ones(3))
    _refused(path, "not a BP Studio weights export")
    path.write_bytes(b"PK\x03\x04 truncated")
    _refused(path, "not a readable .npz file")
    network, _ = CASES["tanh"]()
    export_network(network, path)
    with np.load(path) as arrays:
        damaged = {k: arrays[k] for k in arrays.files}
    damaged["level1_targets"] = damaged["level1_targets"][:-1]
    np.savez(path, **damaged)
    _refused(path, "is damaged", "level 1's arrays do not fit together")
    damaged.pop("level1_targets")
    np.savez(path, **damaged)
    _refused(path, "is damaged", "level1_targets")


def test_a_folder_is_not_a_model(tmp_path: Path) -> None:
    (tmp_path / "net.json").mkdir()
    with pytest.raises(ModelImportError, match="is a folder, not a file"):
        import_network(tmp_path / "net.json")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
@pytest.mark.parametrize("suffix", [".json", ".npz", ".onnx"])
def test_a_pipe_or_a_device_is_refused_before_reading(tmp_path: Path, suffix: str) -> None:
    """Reading a named pipe would wait for a writer, /dev/zero never ends (issue 10)."""
    pipe = tmp_path / f"pipe{suffix}"
    os.mkfifo(pipe)
    with pytest.raises(ModelImportError, match=r"is a named pipe \(FIFO\), not a file"):
        import_network(pipe)
    zero = tmp_path / f"zero{suffix}"
    zero.symlink_to("/dev/zero")
    with pytest.raises(ModelImportError, match="is a character device"):
        import_network(zero)


def test_a_missing_onnx_package_is_an_import_error(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    network, _ = CASES["xor"]()
    export_network(network, tmp_path / "net.onnx")
    monkeypatch.setitem(sys.modules, "onnx", None)   # `import onnx` now raises ImportError
    with pytest.raises(ModelImportError, match="cannot read ONNX: the onnx package"):
        import_network(tmp_path / "net.onnx")
