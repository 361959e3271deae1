"""The network as one Python file that needs NumPy only: ``predict(x)`` plus a command line
that prints what ``bpstudio predict`` prints, to the last digit.

The script computes exactly as the engine does (``engine/plan.py``): one buffer row per
neuron, constant-1 rows that carry the biases, one matrix product per level over the rows the
level reads. The same NumPy operations on the same shapes give the same floats, so the
script's output equals ``bpstudio predict``'s byte for byte. Weights are written as literal
numbers for small networks (readable, exact through ``repr``) and as base64 float64 beyond
:data:`LITERAL_LIMIT` stored parameters.
"""

from __future__ import annotations

import base64
import textwrap

import numpy as np

from bpstudio import __version__
from bpstudio.engine.activations import LEAKY_SLOPE
from bpstudio.engine.plan import Level
from bpstudio.formats.export_source import (
    ExportSource,
    comment_text,
    name_list,
    plan_summary,
    python_list,
)

LITERAL_LIMIT = 2000   # stored parameters up to which the weights are written as numbers
CHUNK = 1024           # samples per pass, as Engine.predict, so every product has its shape


def _wrapped(text: str) -> str:
    return "\n".join(textwrap.wrap(comment_text(text, 300), 92))


def python_files(source: ExportSource, stem: str) -> dict[str, bytes]:
    return {f"{stem}.py": python_script(source, comment_text(stem, 100)).encode("utf-8")}


def _row_names(source: ExportSource) -> dict[int, str]:
    """What each buffer row holds, for comments: a neuron's name or the constant 1."""
    plan, network = source.plan, source.network
    names = {row: network.neurons[nid].name for nid, row in plan.row_of.items()}
    names.update((row, "1") for row in plan.block_start)
    return names


def _literal(matrix: np.ndarray, comments: list[str]) -> str:
    lines = []
    for row, comment in zip(matrix.tolist(), comments, strict=True):
        numbers = ", ".join(repr(float(v)) for v in row)
        wrapped = textwrap.wrap(f"[{numbers}],", width=92, break_on_hyphens=False)
        lines.append(f"    # {comment}")
        lines += [f"    {line}" for line in wrapped]
    return "np.array([\n" + "\n".join(lines) + "\n])"


def _packed(matrix: np.ndarray) -> str:
    text = base64.b64encode(np.ascontiguousarray(matrix, dtype="<f8").tobytes()).decode()
    chunks = "\n".join(f'    "{text[i:i + 88]}"' for i in range(0, len(text), 88)) or '    ""'
    return f"unpack(\n{chunks},\n    {matrix.shape!r})"


def _level_code(source: ExportSource, k: int, level: Level, literal: bool,
                rows: dict[int, str]) -> str:
    plan, network = source.plan, source.network
    weight = plan.weight_matrix(level)
    reads = [rows[r] for r in range(level.span.start, level.span.stop)]
    names = [network.neurons[nid].name for nid in level.neuron_ids]
    activations = [network.neurons[nid].activation for nid in level.neuron_ids]
    head = (f"# Level {k + 1}: {comment_text(name_list(names), 80)}\n"
            f"# writes rows {level.rows.start}..{level.rows.stop - 1}, reads rows "
            f"{level.span.start}..{level.span.stop - 1} "
            f"({comment_text(name_list(reads), 60)})\n")
    if literal:
        comments = [f"{comment_text(name)} ({act}) ← {comment_text(name_list(reads), 60)}"
                    for name, act in zip(names, activations, strict=True)]
        matrix = _literal(weight, comments)
    else:
        matrix = _packed(weight)
    segments = [f"({s.activation!r}, {s.start}, {s.stop})" for s in level.segments]
    listed = (f"[{', '.join(segments)}]" if len(segments) <= 2 else
              "[\n" + "".join(f"    {segment},\n" for segment in segments) + "]")
    return (f"{head}W{k + 1} = {matrix}\n"
            f"LEVELS.append((slice({level.rows.start}, {level.rows.stop}), "
            f"slice({level.span.start}, {level.span.stop}), W{k + 1}, {listed}))\n")


def python_script(source: ExportSource, stem: str = "network") -> str:
    plan, network = source.plan, source.network
    literal = plan.n_params <= LITERAL_LIMIT
    rows = _row_names(source)
    inputs = [network.neurons[i].name for i in plan.input_ids]
    outputs = [network.neurons[i].name for i in plan.output_ids]
    levels = "\n".join(_level_code(source, k, level, literal, rows)
                       for k, level in enumerate(plan.levels))
    scaling = ""
    if not source.input_scaling.is_identity:
        offset, scale = source.input_scaling.arrays(plan.n_inputs)
        scaling = (f"# The network reads scaled inputs: (x - INPUT_OFFSET) / INPUT_SCALE,\n"
                   f"# {source.input_scaling.describe()}.\n"
                   f"INPUT_OFFSET = np.array({[float(v) for v in offset]!r})\n"
                   f"INPUT_SCALE = np.array({[float(v) for v in scale]!r})\n")
    apply_scaling = ("    x = (x - INPUT_OFFSET) / INPUT_SCALE   # raw data → what the network "
                     "reads\n" if scaling else "")
    return f'''\
#!/usr/bin/env python3
"""{_wrapped(plan_summary(source))}

Exported from BP Studio {__version__} as a script that needs NumPy only.

    python {stem}.py inputs.csv > outputs.csv
    from {stem} import predict

The command prints what `bpstudio predict` prints; predict(x) takes x of shape
(n, {plan.n_inputs}) and returns the outputs, shape (n, {plan.n_outputs}).

Inputs, in column order: {comment_text(name_list(inputs, 12), 300)}.
Outputs, in column order: {comment_text(name_list(outputs, 12), 300)}.

How it computes (as BP Studio's engine does, operation for operation, so the numbers are
the same to the last digit): every neuron is one row of a buffer a (rows × samples), and
the rows in ONES hold the constant 1. Each level computes a[rows] = f(W @ a[span]) where
span is the rows it reads: W's columns facing a constant row hold the biases, its other
columns the weights (0 where two neurons are not connected).
"""

import base64
import csv
import io
import sys

import numpy as np

LEAKY_SLOPE = {LEAKY_SLOPE!r}   # leaky_relu's slope for z < 0
INPUTS = {python_list(inputs)}
OUTPUTS = {python_list(outputs)}
N_ROWS = {plan.n_rows}
ONES = {list(plan.block_start)!r}   # rows holding the constant 1
INPUT_ROWS = slice({plan.input_rows.start}, {plan.input_rows.stop})
OUTPUT_ROWS = {plan.output_rows.tolist()!r}
CHUNK = {CHUNK}   # samples per pass
{scaling}

def unpack(text, shape):
    """A float64 matrix stored as base64 (little-endian)."""
    return np.frombuffer(base64.b64decode(text), dtype="<f8").reshape(shape)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def softmax(z):   # over the output group (the rows of one level), per sample
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


F = {{"identity": lambda z: z, "sigmoid": sigmoid, "tanh": np.tanh,
     "relu": lambda z: np.maximum(z, 0.0),
     "leaky_relu": lambda z: np.maximum(z, LEAKY_SLOPE * z),
     "softplus": lambda z: np.logaddexp(0.0, z), "sine": np.sin, "softmax": softmax}}

# (rows it writes, rows it reads, W, [(activation, first, last + 1) within the level])
LEVELS = []

{levels}

def predict(x):
    """Outputs (n_samples, {plan.n_outputs}) for inputs x (n_samples, {plan.n_inputs}), float64."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2 or x.shape[1] != len(INPUTS):
        raise ValueError(f"expected inputs of shape (n, {{len(INPUTS)}}); got {{x.shape}}")
{apply_scaling}    out = np.empty((len(x), len(OUTPUTS)))
    with np.errstate(over="ignore", under="ignore"):   # exp overflow saturates, as it should
        for start in range(0, len(x), CHUNK):
            part = x[start:start + CHUNK]
            a = np.zeros((N_ROWS, len(part)))
            a[ONES] = 1.0
            a[INPUT_ROWS] = part.T
            for rows, span, w, segments in LEVELS:
                z = np.empty((rows.stop - rows.start, len(part)))
                np.dot(w, a[span], out=z)
                for name, first, stop in segments:
                    a[rows][first:stop] = F[name](z[first:stop])
            out[start:start + len(part)] = a[OUTPUT_ROWS].T
    return out


{_CSV_CODE}'''


# The command line: reads a CSV as `bpstudio predict` does (UTF-8, "," ";" or tab, an
# optional header, one column per input) and writes the same CSV.
_CSV_CODE = '''\
def read_inputs(text, where):
    """Rows of numbers from CSV text; a header row is skipped. ValueError says what is wrong."""
    first = next((line for line in io.StringIO(text) if line.strip()), "")
    counts = [first.count(mark) for mark in (",", ";", "\\t")]
    delimiter = (",", ";", "\\t")[counts.index(max(counts))]
    rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
            if any(cell.strip() for cell in row)]
    if not rows:
        raise ValueError(f"{where} is empty")
    if len(rows[0]) != len(INPUTS):
        raise ValueError(f"{where} has {len(rows[0])} columns; expected {len(INPUTS)}, "
                         f"one per input ({', '.join(INPUTS)})")
    if any(len(row) != len(INPUTS) for row in rows):
        raise ValueError(f"{where}: every row needs {len(INPUTS)} columns")
    cells = rows[1:] if not all(_is_number(cell) for cell in rows[0]) else rows
    if not cells:
        raise ValueError(f"{where} has a header but no data rows")
    x = np.array(cells, dtype=np.float64).reshape(len(cells), len(INPUTS))
    if not np.isfinite(x).all():
        raise ValueError(f"{where} holds a value that is not a finite number")
    return x


def _is_number(cell):
    try:
        float(cell)
    except ValueError:
        return False
    return True


def main(argv):
    if len(argv) > 1 or argv[:1] in (["-h"], ["--help"]):
        print(f"usage: python {sys.argv[0]} [INPUT.csv]   (stdin without a file; "
              "one row of outputs per row of inputs on stdout)", file=sys.stderr)
        return 2
    name = argv[0] if argv and argv[0] != "-" else None
    try:
        if name is None:
            text = sys.stdin.buffer.read().decode("utf-8-sig")
        else:
            with open(name, "rb") as file:
                text = file.read().decode("utf-8-sig")
        x = read_inputs(text, name or "standard input")
    except (OSError, ValueError, csv.Error) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    writer = csv.writer(sys.stdout)
    writer.writerow(OUTPUTS)
    writer.writerows([repr(float(v)) for v in row] for row in predict(x))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
'''
