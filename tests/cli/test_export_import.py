"""`bpstudio export` (the format by the suffix, --format to override) and `bpstudio import`."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import numpy as np
import pytest

from bpstudio.cli import main
from bpstudio.engine.backprop import Engine
from bpstudio.engine.plan import compile_network
from bpstudio.examples import example_path
from bpstudio.formats.bpnet import load
from tests.without_qt import run_without_qt


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def skip_file(tmp_path: Path) -> Path:
    path = tmp_path / "skip.bpnet"
    path.write_bytes(example_path("skip").read_bytes())
    return path


def test_export_picks_the_format_by_the_suffix(capsys, skip_file: Path) -> None:
    folder = skip_file.parent
    for name in ("w.npz", "w.json", "w.onnx", "w.py", "w.c"):
        code, out, err = run(capsys, "export", str(skip_file), str(folder / name))
        assert code == 0 and err == "" and f"to {folder / name}" in out
    with np.load(folder / "w.npz") as arrays:
        assert str(arrays["format"]) == "bpstudio-weights-npz"
    assert json.loads((folder / "w.json").read_text(encoding="utf-8"))["version"] == 2
    assert (folder / "w.onnx").read_bytes()[:2] == b"\x08\x08"   # ir_version 8, protobuf
    assert "import numpy as np" in (folder / "w.py").read_text(encoding="utf-8")
    assert "void skip_connections_predict(" in (folder / "w.h").read_text(encoding="utf-8")
    assert not (folder / "w.pt").exists()   # .py alone is the NumPy script


def test_export_format_torch_writes_the_module_and_what_goes_with_it(capsys,
                                                                    skip_file: Path) -> None:
    out_file = skip_file.parent / "net.py"
    code, out, _ = run(capsys, "export", str(skip_file), str(out_file), "--format", "torch")
    assert code == 0
    assert "(with " in out and "net.pt" in out and "net_train.py" in out
    assert "net_data.npz" in out
    assert "class Network(nn.Module)" in out_file.read_text(encoding="utf-8")
    assert zipfile.is_zipfile(skip_file.parent / "net.pt")


@pytest.mark.parametrize(("args", "message"), [
    (["w.pt", "--format", "torch"], "the PyTorch module export writes .py files"),
    (["w.txt"], 'cannot export to ".txt" files; use one of .npz, .json, .onnx, .py, .c'),
    (["w.py", "--format", "keras"], "unknown export format 'keras'; use one of npz, json"),
])
def test_export_mistakes_are_one_line_and_exit_2(capsys, skip_file: Path, args: list[str],
                                                 message: str) -> None:
    args[0] = str(skip_file.parent / args[0])
    code, out, err = run(capsys, "export", str(skip_file), *args)
    assert code == 2 and out == "" and message in err
    assert len(err.strip().splitlines()) == 1
    assert sorted(p.name for p in skip_file.parent.iterdir()) == ["skip.bpnet"]


def test_export_help_names_every_format(capsys) -> None:
    from bpstudio.formats.exports import FORMATS

    code, out, _ = run(capsys, "export", "--help")
    listed = " ".join(out.split()).split("--format FORMAT", 1)[1]
    assert code == 0
    assert all(re.search(rf"\b{f.key}\b", listed) for f in FORMATS)


def test_import_makes_a_bpnet_that_predicts_the_same(capsys, skip_file: Path) -> None:
    folder = skip_file.parent
    assert run(capsys, "export", str(skip_file), str(folder / "w.json"))[0] == 0
    code, out, _ = run(capsys, "import", str(folder / "w.json"), "-o", str(folder / "back.bpnet"))
    assert code == 0 and "15 neurons, 62 connections" in out
    original, _ = load(skip_file)
    back, info = load(folder / "back.bpnet")
    assert info.title == "w (imported)"
    x = np.random.default_rng(3).normal(size=(20, 2))
    assert np.array_equal(Engine(compile_network(back, "float64")).predict(x),
                          Engine(compile_network(original, "float64")).predict(x))
    code, _, err = run(capsys, "import", str(folder / "w.json"), "-o", str(folder / "back.bpnet"))
    assert code == 2 and "already exists (use --force to overwrite)" in err
    assert run(capsys, "import", str(folder / "w.json"), "-o", str(folder / "back.bpnet"),
               "--force")[0] == 0


@pytest.mark.parametrize("suffix", [".json", ".npz", ".onnx"])
def test_a_scaled_export_imports_with_its_scaling_and_predicts_the_same(
        capsys, tmp_path: Path, suffix: str) -> None:
    iris = tmp_path / "iris.bpnet"   # trained on z-scored inputs
    iris.write_bytes(example_path("iris").read_bytes())
    assert run(capsys, "train", str(iris), "--epochs", "60", "--out", str(iris))[0] == 0
    assert run(capsys, "export", str(iris), str(tmp_path / f"w{suffix}"))[0] == 0
    code, out, _ = run(capsys, "import", str(tmp_path / f"w{suffix}"), "-o",
                       str(tmp_path / "back.bpnet"))
    assert code == 0 and "inputs scaled by zscore as exported" in out
    rows = tmp_path / "raw.csv"
    rows.write_text("5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n5.9,3.0,4.2,1.5\n", encoding="utf-8")
    outputs = []
    for path in (iris, tmp_path / "back.bpnet"):
        code, out, _ = run(capsys, "predict", str(path), str(rows))
        assert code == 0
        outputs.append(np.array([line.split(",") for line in out.splitlines()[1:]], float))
    tolerance = 1e-6 if suffix == ".onnx" else 0.0   # ONNX stores float32
    np.testing.assert_allclose(outputs[1], outputs[0], rtol=0, atol=tolerance)
    assert outputs[0].argmax(axis=1).tolist() == [0, 2, 1]   # raw rows of the three species


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"\x08\x08\x12", "m.onnx", "m.onnx is not a readable ONNX model"),
    (b"{}", "m.json", "m.json is not a BP Studio weights export"),
    (b"", "m.h5", 'cannot import ".h5" files'),
])
def test_import_mistakes_are_one_line_exit_2_and_write_nothing(capsys, tmp_path: Path,
                                                               content: bytes, name: str,
                                                               message: str) -> None:
    (tmp_path / name).write_bytes(content)
    code, out, err = run(capsys, "import", str(tmp_path / name), "-o", str(tmp_path / "x.bpnet"))
    assert code == 2 and out == "" and message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "x.bpnet").exists()


def test_export_and_import_never_import_qt(tmp_path: Path) -> None:
    script = f"""
from bpstudio.cli import main
source = {str(example_path('xor'))!r}
for name in ('w.onnx', 'w.py', 'w.c', 't.py'):
    extra = ['--format', 'torch'] if name == 't.py' else []
    assert main(['export', source, {str(tmp_path)!r} + '/' + name, *extra]) == 0
assert main(['import', {str(tmp_path / 'w.onnx')!r}, '-o', {str(tmp_path / 'b.bpnet')!r}]) == 0
assert not loaded_qt(), loaded_qt()
print('ok')
"""
    assert run_without_qt(script).stdout.strip().endswith("ok")
