"""The C export, compiled with warnings as errors and run: it predicts what BP Studio does
(float32 against the engine's float64: within 1e-5). Skipped without a C compiler."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from bpstudio.engine.backprop import Engine
from bpstudio.engine.plan import compile_network
from bpstudio.formats.export_c import c_name
from bpstudio.formats.exports import ExportError, export_network
from tests.formats.cases import CASE_PARAMS, CASES, expected_outputs, inputs_for, scale_inputs

COMPILER = next((shutil.which(cc) for cc in ("cc", "gcc", "clang") if shutil.which(cc)), None)
FLAGS = ["-Wall", "-Wextra", "-Werror", "-std=c99", "-pedantic", "-O2"]
needs_compiler = pytest.mark.skipif(COMPILER is None, reason="no C compiler (cc, gcc, clang)")


def _build(source: Path, *extra: str) -> Path:
    assert COMPILER is not None
    program = source.with_suffix("")
    result = subprocess.run([COMPILER, *FLAGS, *extra, "-o", str(program), str(source), "-lm"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return program


def _run(program: Path, text: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(program)], input=text, capture_output=True, text=True,
                          check=False)


def _rows(x: np.ndarray) -> str:
    return "".join(",".join(repr(float(v)) for v in row) + "\n" for row in x)


@needs_compiler
@pytest.mark.parametrize("case", CASE_PARAMS)
def test_compiled_c_predicts_what_the_engine_predicts(case: str, tmp_path: Path) -> None:
    network, title = CASES[case]()
    written = export_network(network, tmp_path / "net.c", title=title)
    assert [p.name for p in written] == ["net.c", "net.h"]
    program = _build(tmp_path / "net.c", "-DBPSTUDIO_MAIN")
    x = inputs_for(network, 200)
    result = _run(program, _rows(x))
    assert result.returncode == 0, result.stderr
    got = np.array([[float(v) for v in line.split(",")] for line in result.stdout.splitlines()])
    np.testing.assert_allclose(got, expected_outputs(network, x), rtol=1e-5, atol=1e-5)


@needs_compiler
def test_scaled_inputs_are_taken_raw(tmp_path: Path) -> None:
    network, _ = CASES["mixed_dag"]()
    scaling = scale_inputs(network)
    export_network(network, tmp_path / "net.c")
    assert "z-score" in (tmp_path / "net.c").read_text(encoding="utf-8")
    x = inputs_for(network, 50)
    result = _run(_build(tmp_path / "net.c", "-DBPSTUDIO_MAIN"), _rows(x))
    got = np.array([[float(v) for v in line.split(",")] for line in result.stdout.splitlines()])
    expected = Engine(compile_network(network, "float64")).predict(scaling.apply(x))
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


@needs_compiler
def test_the_predict_function_links_into_another_program(tmp_path: Path) -> None:
    network, title = CASES["example_xor"]()
    export_network(network, tmp_path / "xor.c", title=title)
    header = (tmp_path / "xor.h").read_text(encoding="utf-8")
    assert "void xor_predict(const float *in, float *out);" in header
    assert "#define XOR_N_INPUTS 2" in header and "#define XOR_N_OUTPUTS 1" in header
    (tmp_path / "use.c").write_text(
        '#include <stdio.h>\n#include "xor.h"\n'
        "int main(void) {\n"
        "    const float in[XOR_N_INPUTS] = {1.0f, 0.0f};\n"
        "    float out[XOR_N_OUTPUTS];\n"
        "    xor_predict(in, out);\n"
        '    printf("%.9g\\n", (double)out[0]);\n'
        "    return 0;\n}\n", encoding="utf-8")
    assert COMPILER is not None
    result = subprocess.run([COMPILER, *FLAGS, "-o", str(tmp_path / "use"),
                             str(tmp_path / "use.c"), str(tmp_path / "xor.c"), "-lm"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    out = subprocess.run([str(tmp_path / "use")], capture_output=True, text=True, check=True)
    expected = Engine(compile_network(network, "float64")).predict(np.array([[1.0, 0.0]]))
    assert float(out.stdout) == pytest.approx(expected[0, 0], abs=1e-6)


def test_only_math_h_outside_main_and_stdio_h_inside(tmp_path: Path) -> None:
    network, title = CASES["softmax"]()
    export_network(network, tmp_path / "net.c", title=title)
    text = (tmp_path / "net.c").read_text(encoding="utf-8")
    library, main = text.split("#ifdef BPSTUDIO_MAIN")
    assert re.findall(r"#include .*", library) == ["#include <math.h>", '#include "net.h"']
    assert re.findall(r"#include .*", main) == ["#include <stdio.h>"]
    assert "static const float level1_weight[6][4]" in library   # float32 static arrays


@needs_compiler
def test_main_skips_a_header_and_blank_lines_and_reports_bad_rows(tmp_path: Path) -> None:
    network, _ = CASES["xor"]()
    export_network(network, tmp_path / "xor.c")
    program = _build(tmp_path / "xor.c", "-DBPSTUDIO_MAIN")
    plain = _run(program, "0,0\n1,1\n")
    header = _run(program, "\nx1, x2\r\n0, 0\r\n\r\n  1,1")   # no final newline
    assert plain.returncode == header.returncode == 0
    assert plain.stdout == header.stdout and plain.stdout.count("\n") == 2
    bad = _run(program, "0,0\n1,oops\n")
    assert bad.returncode == 1 and "line 2: expected 2 numbers" in bad.stderr
    wide = _run(program, "0,0,0\n")
    assert wide.returncode == 1 and "line 1" in wide.stderr


@pytest.mark.parametrize(("title", "stem", "name"), [
    ("XOR — the tutorial's 2-2-1 sigmoid network", "x", "xor"),
    ("Handwritten digits — 64-32-10, softmax output", "x", "handwritten_digits"),
    ("Ünïcode Nets: v2", "x", "unicode_nets"),
    ("2-layer (test)", "x", "net_2_layer"),
    ("", "my-net.v2", "my_net_v2"),
    ("— ", "", "network"),
    ("int", "x", "int"),
])
def test_the_function_name_comes_from_the_title(title: str, stem: str, name: str) -> None:
    assert c_name(title, stem) == name


def test_weights_beyond_float32_are_refused(tmp_path: Path) -> None:
    network, _ = CASES["xor"]()
    network.update_connections({1: {"weight": 1e39}})
    with pytest.raises(ExportError, match=r"cannot export \.c: the weight of .* float32"):
        export_network(network, tmp_path / "net.c")
    assert list(tmp_path.iterdir()) == []
