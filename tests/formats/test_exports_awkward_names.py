"""Labels, titles and file names that could break generated code (quotes, braces,
backslashes, comment ends, triple quotes, trigraphs, line breaks, non-ASCII) do not."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bpstudio.cli import main
from bpstudio.engine.backprop import Engine
from bpstudio.engine.plan import compile_network
from bpstudio.formats.bpnet import ProjectInfo, save
from bpstudio.formats.exports import ExportError, export_network
from bpstudio.model.network import Network
from tests.formats.cases import CASES, inputs_for, training_data

AWKWARD = 'a"}\n\\ */ /* ??/ """ {x} ĥ\u2028'
TITLE = 'T"""itle */ \\ ??/ {braces}'


def _awkward() -> Network:
    network, _ = CASES["mixed_dag"]()
    network.update_neurons({nid: {"label": f"{AWKWARD}{nid}"} for nid in network.neurons})
    return network


def test_the_numpy_script_survives_awkward_names(tmp_path: Path, capsysbinary) -> None:
    network = _awkward()
    script = tmp_path / 'we"ird {net}.py'
    export_network(network, script, title=TITLE)
    save(network, tmp_path / "net.bpnet", ProjectInfo(TITLE))
    np.savetxt(tmp_path / "in.csv", inputs_for(network, 5), delimiter=",")
    assert main(["predict", str(tmp_path / "net.bpnet"), str(tmp_path / "in.csv")]) == 0
    expected = capsysbinary.readouterr().out
    result = subprocess.run([sys.executable, str(script), str(tmp_path / "in.csv")],
                            capture_output=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected and "ĥ".encode() in expected


def test_the_pytorch_files_survive_awkward_names(tmp_path: Path) -> None:
    network = _awkward()
    stem = 'we"ird {net}'
    export_network(network, tmp_path / f"{stem}.py", format_key="torch", title=TITLE,
                   data=training_data(network))
    for name in (f"{stem}.py", f"{stem}_train.py"):
        compile((tmp_path / name).read_text(encoding="utf-8"), name, "exec")
    torch = pytest.importorskip("torch", reason="PyTorch is not installed "
                                                "(pip install bpstudio[torch])")
    spec = importlib.util.spec_from_file_location("awkward_train", tmp_path / f"{stem}_train.py")
    assert spec is not None and spec.loader is not None
    train = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train)
    model = train.load_model_module()
    x = inputs_for(network, 5)
    with torch.no_grad():
        got = model.load()(x).numpy()
    np.testing.assert_allclose(got, Engine(compile_network(network)).predict(x), atol=1e-9)
    assert train.main(["--epochs", "1", "--cpu"]) == 0
    assert (tmp_path / f"{stem}_trained.pt").is_file()


@pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler (cc)")
def test_the_c_source_survives_awkward_names(tmp_path: Path) -> None:
    export_network(_awkward(), tmp_path / "net.c", title=TITLE)
    result = subprocess.run(["cc", "-Wall", "-Wextra", "-Werror", "-std=c99", "-pedantic",
                             "-c", "-o", str(tmp_path / "net.o"), str(tmp_path / "net.c")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    with pytest.raises(ExportError, match="C file's name must be letters"):
        export_network(_awkward(), tmp_path / 'we"ird.c')
