"""The NumPy script, run in a subprocess, prints exactly what `bpstudio predict` prints."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from bpstudio.cli import main
from bpstudio.engine.backprop import Engine
from bpstudio.engine.plan import compile_network
from bpstudio.formats import export_python
from bpstudio.formats.bpnet import ProjectInfo, save
from bpstudio.formats.exports import export_network
from tests.formats.cases import CASE_PARAMS, CASES, expected_outputs, inputs_for, scale_inputs


def _module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"exported_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _script_output(script: Path, *args: str, stdin: bytes | None = None
                   ) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, str(script), *args], input=stdin,
                          capture_output=True, check=False, cwd=script.parent)


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_script_prints_exactly_what_bpstudio_predict_prints(case: str, tmp_path: Path,
                                                           capsysbinary) -> None:
    network, title = CASES[case]()
    bpnet, script, rows = tmp_path / "net.bpnet", tmp_path / "net.py", tmp_path / "in.csv"
    save(network, bpnet, ProjectInfo(title))
    export_network(network, script, title=title)
    # more rows than one pass of 1024, so the chunking is exercised too
    np.savetxt(rows, inputs_for(network, 1100), delimiter=",")
    assert main(["predict", str(bpnet), str(rows)]) == 0
    expected = capsysbinary.readouterr().out
    result = _script_output(script, str(rows))
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout == expected
    assert result.stderr == b""


def test_script_needs_numpy_only_and_reads_like_code(tmp_path: Path) -> None:
    network, title = CASES["mixed_dag"]()
    export_network(network, tmp_path / "net.py", title=title)
    text = (tmp_path / "net.py").read_text(encoding="utf-8")
    imports = {line for line in text.splitlines() if re.match(r"(import|from) ", line)}
    assert imports == {"import base64", "import csv", "import io", "import sys",
                       "import numpy as np"}
    for name in ("c1", "c2", "c3", "o3"):   # labels in the comments
        assert f"# {name} (" in text
    assert "← 1, in0" in text
    assert "unpack(" not in text.split("def predict")[0].split("LEVELS = []")[1]   # literal
    assert max(len(line) for line in text.splitlines()) <= 100


def test_big_networks_store_their_weights_as_base64(tmp_path: Path) -> None:
    network, title = CASES["example_digits"]()
    assert compile_network(network).n_params > export_python.LITERAL_LIMIT
    export_network(network, tmp_path / "digits.py", title=title)
    text = (tmp_path / "digits.py").read_text(encoding="utf-8")
    assert text.count("W1 = unpack(") == 1 and text.count("W2 = unpack(") == 1
    x = inputs_for(network, 30)
    assert np.array_equal(_module(tmp_path / "digits.py").predict(x), expected_outputs(network, x))


def test_predict_function_equals_the_engine_bit_for_bit(tmp_path: Path) -> None:
    network, _ = CASES["dag1"]()
    export_network(network, tmp_path / "dag.py")
    x = inputs_for(network, 50)
    expected = Engine(compile_network(network, "float64")).predict(x)
    got = _module(tmp_path / "dag.py").predict(x)
    assert got.dtype == np.float64 and np.array_equal(got, expected)


@pytest.mark.parametrize("case", ["skip", "example_digits"])
def test_scaled_inputs_are_taken_raw(case: str, tmp_path: Path) -> None:
    network, _ = CASES[case]()
    scaling = scale_inputs(network)
    export_network(network, tmp_path / "net.py")
    x = inputs_for(network, 20)
    expected = Engine(compile_network(network, "float64")).predict(scaling.apply(x))
    assert np.array_equal(_module(tmp_path / "net.py").predict(x), expected)


def test_script_reads_headers_semicolons_and_stdin(tmp_path: Path) -> None:
    network, _ = CASES["xor"]()
    export_network(network, tmp_path / "xor.py")
    plain = _script_output(tmp_path / "xor.py", stdin=b"0,0\n0,1\n1,0\n1,1\n")
    with_header = _script_output(tmp_path / "xor.py", "-",
                                 stdin=b"\xef\xbb\xbfa;b\r\n0;0\r\n\r\n0;1\r\n1;0\r\n1;1\r\n")
    assert plain.returncode == with_header.returncode == 0
    assert plain.stdout == with_header.stdout
    assert plain.stdout.count(b"\n") == 5   # the header and four rows


@pytest.mark.parametrize(("content", "message"), [
    (b"1,2,3\n", b"3 columns; expected 2"),
    (b"", b"is empty"),
    (b"x1,x2\n", b"header but no data rows"),
    (b"1,2\n3\n", b"every row needs 2 columns"),
    (b"1,nan\n", b"not a finite number"),
])
def test_script_reports_bad_input_in_one_line_with_status_2(tmp_path: Path, content: bytes,
                                                           message: bytes) -> None:
    network, _ = CASES["xor"]()
    export_network(network, tmp_path / "xor.py")
    (tmp_path / "in.csv").write_bytes(content)
    result = _script_output(tmp_path / "xor.py", "in.csv")
    assert result.returncode == 2 and result.stdout == b""
    assert message in result.stderr and result.stderr.count(b"\n") == 1
