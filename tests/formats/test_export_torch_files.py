"""The PyTorch export without PyTorch: the files it writes, its .pt read back by a plain
unpickler, and its refusals. (tests/formats/test_export_torch.py runs it in PyTorch.)"""

from __future__ import annotations

import pickle
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bpstudio.formats.exports import ExportError, export_network
from bpstudio.formats.torch_pt import state_dict_bytes
from bpstudio.model.settings import DatasetSpec
from bpstudio.workflow import export_document
from tests.formats.cases import CASES, training_data


class _Reader(pickle.Unpickler):
    """Reads torch's pickle with stand-ins: a tensor becomes (storage key, shape, strides)."""

    def __init__(self, file: Any, storages: dict[str, np.ndarray]) -> None:
        super().__init__(file)
        self.storages = storages

    def find_class(self, module: str, name: str) -> Any:
        allowed = {("torch._utils", "_rebuild_tensor_v2"): self._rebuild,
                   ("torch", "DoubleStorage"): "double",
                   ("collections", "OrderedDict"): dict}
        return allowed[(module, name)]

    def persistent_load(self, pid: Any) -> Any:
        kind, dtype, key, device, size = pid
        assert (kind, dtype, device) == ("storage", "double", "cpu")
        assert self.storages[key].size == size
        return self.storages[key]

    @staticmethod
    def _rebuild(storage: np.ndarray, offset: int, shape: tuple[int, ...],
                 strides: tuple[int, ...], requires_grad: bool, hooks: dict[str, Any]
                 ) -> np.ndarray:
        assert offset == 0 and not requires_grad and not hooks
        return np.lib.stride_tricks.as_strided(storage, shape, [s * 8 for s in strides])


def read_pt(data: bytes) -> dict[str, np.ndarray]:
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert all(i.compress_type == zipfile.ZIP_STORED for i in archive.infolist())
        prefix = names[0].split("/")[0]
        assert archive.read(f"{prefix}/byteorder") == b"little"
        assert archive.read(f"{prefix}/version") == b"3\n"
        storages = {n.rsplit("/", 1)[1]: np.frombuffer(archive.read(n), dtype="<f8")
                    for n in names if n.startswith(f"{prefix}/data/")}
        return dict(_Reader(io.BytesIO(archive.read(f"{prefix}/data.pkl")), storages).load())


def test_state_dict_file_round_trips_through_a_plain_unpickler() -> None:
    tensors = {"level1.weight": np.arange(6.0).reshape(2, 3), "level1.bias": np.array([-0.5, 2]),
               "empty": np.zeros((0, 4)), "big": np.linspace(-1, 1, 50_000)}
    back = read_pt(state_dict_bytes(tensors))
    assert list(back) == list(tensors)
    for name, value in tensors.items():
        assert back[name].shape == value.shape and np.array_equal(back[name], value)
    assert state_dict_bytes(tensors) == state_dict_bytes(tensors)   # no timestamps


def test_export_writes_the_module_weights_script_and_data(tmp_path: Path) -> None:
    network, title = CASES["skip"]()
    data = training_data(network)
    written = export_network(network, tmp_path / "net.py", format_key="torch", title=title,
                             data=data)
    assert [p.name for p in written] == ["net.py", "net.pt", "net_train.py", "net_data.npz"]
    assert sorted(tmp_path.iterdir()) == sorted(written)
    weights = read_pt((tmp_path / "net.pt").read_bytes())
    assert {"level1.weight", "level1.bias"} <= set(weights)
    with np.load(tmp_path / "net_data.npz", allow_pickle=False) as arrays:
        assert np.array_equal(arrays["x_train"], data.x_train)
        assert np.array_equal(arrays["y_test"], data.y_test)
        assert str(arrays["task"]) == "regression"
    for name in ("net.py", "net_train.py"):
        compile((tmp_path / name).read_text(encoding="utf-8"), name, "exec")


def test_exporting_for_pytorch_does_not_need_pytorch(tmp_path: Path) -> None:
    code = ("import sys; sys.modules['torch'] = None\n"
            "from bpstudio.formats.bpnet import load\n"
            "from bpstudio.examples import example_path\n"
            "from bpstudio.workflow import export_document\n"
            "network, info = load(example_path('xor'))\n"
            f"export_document(network, {str(tmp_path / 'xor.py')!r}, format_key='torch')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[2], check=False)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "xor.pt").is_file() and (tmp_path / "xor_data.npz").is_file()


def test_the_pytorch_export_needs_the_data(tmp_path: Path) -> None:
    network, _ = CASES["xor"]()
    with pytest.raises(ExportError, match="writes the training data too"):
        export_network(network, tmp_path / "net.py", format_key="torch")
    network.set_settings(dataset=DatasetSpec(name="digits"))   # 64 inputs, not 2
    with pytest.raises(ExportError, match="PyTorch module: it writes the training data too, "
                                          "and .*input"):
        export_document(network, tmp_path / "net.py", format_key="torch")
    network.set_settings(dataset=DatasetSpec(name="missing.csv"))
    with pytest.raises(ExportError, match="missing.csv"):
        export_document(network, tmp_path / "net.py", format_key="torch", base_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("name", "key", "message"), [
    ("net.pt", "torch", r"PyTorch module export writes \.py files; name it net\.py"),
    ("net.onnx", "c", r"writes \.c files"),
    ("net.py", "keras", "unknown export format 'keras'"),
])
def test_a_format_and_a_suffix_that_disagree_are_refused(tmp_path: Path, name: str, key: str,
                                                         message: str) -> None:
    network, _ = CASES["xor"]()
    with pytest.raises(ExportError, match=message):
        export_network(network, tmp_path / name, format_key=key)
