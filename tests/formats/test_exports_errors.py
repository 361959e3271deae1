"""The export front door: suffixes, refusals in plain words, atomic writes, light imports."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np
import pytest

from bpstudio.formats import exports
from bpstudio.formats.exports import FORMATS, ExportError, export_network
from bpstudio.model.builders import layered
from bpstudio.model.network import Connection, Network
from tests.formats.test_exports_roundtrip import xor_net
from tests.without_qt import run_without_qt

SUFFIXES = [".npz", ".json", ".onnx", ".py", ".c"]


def _cyclic() -> Network:
    network = layered([1, 2, 1])   # ids: x 1, hidden 2-3, y 4
    network.add_connections([Connection(id=99, source=4, target=2, weight=1.0)], check=False)
    return network


def _no_outputs() -> Network:
    network = Network()
    x = network.add_neuron("input", label="x").id
    h = network.add_neuron("hidden").id
    network.connect(x, h, weight=1.0)
    return network


def test_export_formats_list_the_suffixes_with_a_description() -> None:
    assert [f.suffixes[0] for f in FORMATS if f.by_suffix] == SUFFIXES
    assert all(f.about and "\n" not in f.about and f.label.startswith(f.name)
               for f in FORMATS)


@pytest.mark.parametrize("name", ["net.NPZ", "net.Json", "net.ONNX"])
def test_suffix_is_case_insensitive(tmp_path: Path, name: str) -> None:
    export_network(xor_net(), tmp_path / name)
    assert (tmp_path / name).stat().st_size > 0


def test_accepts_a_string_path(tmp_path: Path) -> None:
    export_network(xor_net(), str(tmp_path / "net.json"))
    assert json.loads((tmp_path / "net.json").read_text(encoding="utf-8"))["version"] == 2


@pytest.mark.parametrize("name", ["net.txt", "net", "net.npz.bak"])
def test_unknown_suffix_names_it_and_the_supported_ones(tmp_path: Path, name: str) -> None:
    with pytest.raises(ExportError) as info:
        export_network(xor_net(), tmp_path / name)
    message = str(info.value)
    assert (Path(name).suffix or "no suffix") in message
    assert all(s in message for s in SUFFIXES)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("suffix", SUFFIXES)
@pytest.mark.parametrize(("build", "reason"), [(_cyclic, "cycle"),
                                                (_no_outputs, "no output neurons")])
def test_a_network_that_cannot_run_is_refused(tmp_path: Path, suffix, build, reason) -> None:
    target = tmp_path / f"net{suffix}"
    target.write_bytes(b"previous")
    with pytest.raises(ExportError, match=f"^cannot export: .*{reason}"):
        export_network(build(), target)
    assert target.read_bytes() == b"previous"
    assert list(tmp_path.iterdir()) == [target]


def test_cycle_message_names_the_neurons(tmp_path: Path) -> None:
    with pytest.raises(ExportError) as info:
        export_network(_cyclic(), tmp_path / "net.onnx")
    assert "y →" in str(info.value) and "h2" in str(info.value)


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_missing_folder_is_reported_with_path_and_reason(tmp_path: Path, suffix: str) -> None:
    target = tmp_path / "missing" / f"net{suffix}"
    with pytest.raises(ExportError) as info:
        export_network(xor_net(), target)
    assert str(target) in str(info.value)
    assert "No such file or directory" in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_folder_in_the_way_is_reported_and_no_temporary_is_left(tmp_path: Path) -> None:
    (tmp_path / "net.npz").mkdir()
    with pytest.raises(ExportError, match="cannot write .*net.npz: "):
        export_network(xor_net(), tmp_path / "net.npz")
    assert [p.name for p in tmp_path.iterdir()] == ["net.npz"]
    assert list((tmp_path / "net.npz").iterdir()) == []


def test_file_in_place_of_a_folder_is_reported(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("not a folder")
    with pytest.raises(ExportError, match="Not a directory"):
        export_network(xor_net(), tmp_path / "plain" / "net.json")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root writes into read-only folders")
def test_read_only_folder_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError, match="Permission denied"):
            export_network(xor_net(), folder / "net.onnx")
    finally:
        folder.chmod(0o700)


def test_failed_rename_keeps_the_old_file_and_removes_the_temporary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "net.json"
    target.write_text("old", encoding="utf-8")

    def refuse(src: str, dst: str) -> None:
        assert Path(src).parent == tmp_path and Path(src).exists()   # written beside it
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exports.os, "replace", refuse)
    with pytest.raises(ExportError, match="No space left on device"):
        export_network(xor_net(), target)
    assert target.read_text(encoding="utf-8") == "old"
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_success_leaves_only_the_file_and_overwrites(tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"net{suffix}"
    target.write_bytes(b"old")
    target.chmod(0o640)
    written = export_network(xor_net(), target)
    assert written[0] == target
    assert sorted(tmp_path.iterdir()) == sorted(written)   # with net.h beside net.c
    assert target.read_bytes() != b"old"
    assert target.stat().st_mode & 0o777 == 0o640   # replacing keeps the permissions


def test_exporting_through_a_symlink_updates_its_target(tmp_path: Path) -> None:
    real = tmp_path / "real.npz"
    real.write_bytes(b"old")
    link = tmp_path / "link.npz"
    link.symlink_to(real)
    export_network(xor_net(), link)
    assert link.is_symlink()
    with np.load(real, allow_pickle=False) as weights:
        assert int(weights["n_levels"]) == 2


def test_label_that_is_not_unicode_is_refused(tmp_path: Path) -> None:
    network = xor_net()
    network.update_neurons({1: {"label": "x\ud800"}})
    with pytest.raises(ExportError, match="label of neuron 1"):
        export_network(network, tmp_path / "net.json")
    assert list(tmp_path.iterdir()) == []


def test_weight_beyond_float32_is_refused_for_onnx_only(tmp_path: Path) -> None:
    network = xor_net()
    network.update_connections({6: {"weight": 1e300}})
    with pytest.raises(ExportError, match="weight of h4 → y .* too large for float32"):
        export_network(network, tmp_path / "net.onnx")
    network.update_connections({6: {"weight": 1.0}})
    network.update_neurons({3: {"bias": -1e39}})
    with pytest.raises(ExportError, match="bias of h3 .* too large for float32"):
        export_network(network, tmp_path / "net.onnx")
    export_network(network, tmp_path / "net.npz")   # float64 formats hold it exactly
    assert [p.name for p in tmp_path.iterdir()] == ["net.npz"]


def test_missing_onnx_package_is_an_export_error(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "onnx", None)   # `import onnx` now raises ImportError
    with pytest.raises(ExportError, match="onnx"):
        export_network(xor_net(), tmp_path / "net.onnx")
    assert list(tmp_path.iterdir()) == []


def test_importing_exports_stays_light() -> None:
    run_without_qt("import bpstudio.formats.exports\n"
                   "heavy = [m for m in ('onnx', 'onnxruntime') if m in sys.modules]\n"
                   "assert not heavy and not loaded_qt(), (heavy, loaded_qt())\n")
