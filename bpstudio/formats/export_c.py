"""The network as dependency-free C99: ``NAME.c`` + ``NAME.h`` with
``void NAME_predict(const float *in, float *out)``.

float32 throughout (microcontrollers have float units, rarely double ones); the weights
are static const arrays, one matrix per level over the neurons it reads; the predict
function needs only ``<math.h>``. Compiled with ``-DBPSTUDIO_MAIN``, the file also has a
``main`` that reads CSV rows of inputs on stdin and writes one CSV row of outputs per row
(``%.9g``, which prints a float exactly), using ``<stdio.h>`` alone.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

from bpstudio import __version__
from bpstudio.formats.export_source import ExportSource, comment_text, name_list, plan_summary
from bpstudio.words import translate

# activation -> C expression of z (float32); softmax is done over the whole level
C_ACTIVATIONS = {
    "identity": "z",
    "sigmoid": "1.0f / (1.0f + expf(-z))",
    "tanh": "tanhf(z)",
    "relu": "z > 0.0f ? z : 0.0f",
    "leaky_relu": "z > 0.0f ? z : LEAKY_SLOPE * z",
    # ln(1 + e^z) without overflow for large z
    "softplus": "z > 0.0f ? z + log1pf(expf(-z)) : log1pf(expf(z))",
    "sine": "sinf(z)",
}


def c_name(title: str, fallback: str = "") -> str:
    """A C identifier from the document title: the part before a dash or colon, lower case,
    ASCII letters, digits and underscores (``XOR — the tutorial's net`` → ``xor``)."""
    for text in (title, fallback, "network"):
        lead = re.split(r"\s[—–-]\s|:|\(", text)[0]
        ascii_text = unicodedata.normalize("NFKD", lead).encode("ascii", "ignore").decode()
        words = re.findall(r"[a-z0-9]+", ascii_text.lower().replace("'", ""))
        name = "_".join(words)[:40].strip("_")
        if name:
            # always used with a suffix (NAME_predict, NAME_H), so a keyword is no problem
            return f"net_{name}" if name[0].isdigit() else name
    raise AssertionError("unreachable: 'network' is a name")


def _float(value: float) -> str:
    """A float32 literal that reads back as exactly ``np.float32(value)``."""
    text = f"{float(np.float32(value)):.9g}"
    if not any(ch in text for ch in ".e"):
        text += ".0"
    return f"{text}f"


def _floats(values: np.ndarray, indent: str) -> str:
    items = [_float(v) for v in values.tolist()]
    lines, line = [], ""
    for item in items:
        if line and len(line) + len(item) + 2 > 88:
            lines.append(line + ",")
            line = ""
        line = f"{line}, {item}" if line else item
    lines.append(line)
    return f"\n{indent}".join(lines)


def c_files(source: ExportSource, stem: str) -> dict[str, bytes]:
    if not re.fullmatch(r"[\w.+-]+", stem, flags=re.ASCII):
        raise ValueError(translate("Export", "the C file's name must be letters, "
                                             "digits, '_', '-', '+' or '.' (it is "
                                             "#included by name); {stem!r} is not").format(
                             stem=stem))
    name = c_name(source.title, stem)
    return {f"{stem}.c": c_source(source, name, f"{stem}.h").encode("utf-8"),
            f"{stem}.h": c_header(source, name).encode("utf-8")}


def c_header(source: ExportSource, name: str) -> str:
    plan, network = source.plan, source.network
    macro = name.upper()
    inputs = name_list([network.neurons[i].name for i in plan.input_ids], 12)
    outputs = name_list([network.neurons[i].name for i in plan.output_ids], 12)
    return f"""\
/* {comment_text(plan_summary(source), 200)}
 * Exported from BP Studio {__version__}. */
#ifndef {macro}_H
#define {macro}_H

#define {macro}_N_INPUTS {plan.n_inputs}    /* {comment_text(inputs, 200)} */
#define {macro}_N_OUTPUTS {plan.n_outputs}  /* {comment_text(outputs, 200)} */

/* Outputs of the network for one sample: in[{macro}_N_INPUTS] → out[{macro}_N_OUTPUTS]. */
void {name}_predict(const float *in, float *out);

#endif
"""


def c_source(source: ExportSource, name: str, header: str) -> str:
    plan, network = source.plan, source.network
    column = {nid: i for i, nid in enumerate(plan.neuron_ids)}
    levels = plan.level_matrices()
    used = {a for level in levels for a in level.activations}
    tables, steps = [], []
    for k, level in enumerate(levels, start=1):
        first = column[level.neuron_ids[0]]
        names = [network.neurons[i].name for i in level.neuron_ids]
        reads = [network.neurons[i].name for i in level.source_ids]
        about = (f"Level {k}: {comment_text(name_list(names), 70)}"
                 + (f" ← {comment_text(name_list(reads), 70)}" if reads else " (biases only)"))
        tables.append(f"/* {about} */")
        tables.append(f"static const float level{k}_bias[{len(names)}] = {{\n    "
                      f"{_floats(level.bias, '    ')}\n}};")
        if reads:
            tables.append(f"static const int level{k}_sources[{len(reads)}] = {{\n    "
                          f"{_ints([column[i] for i in level.source_ids])}\n}};")
            rows = ",\n".join(f"    /* {comment_text(n)} */\n    {{{_floats(row, '     ')}}}"
                              for n, row in zip(names, level.weight, strict=True))
            tables.append(f"static const float level{k}_weight[{len(names)}][{len(reads)}]"
                          f" = {{\n{rows}\n}};")
        steps.append(_level_step(k, first, level.activations, len(reads)))
    outputs = ", ".join(str(column[i]) for i in plan.output_ids)
    inputs = _input_step(source)
    helpers = [f"static float activate_{a}(float z) {{ return {C_ACTIVATIONS[a]}; }}"
               for a in sorted(used - {"softmax"})]
    if "softmax" in used:
        helpers.append(_SOFTMAX)
    if any(level.source_ids for level in levels):
        helpers.insert(0, _WEIGHTED_SUM)
    input_names = name_list([network.neurons[i].name for i in plan.input_ids], 12)
    return f"""\
/* {comment_text(plan_summary(source), 200)}
 *
 * Exported from BP Studio {__version__}: float32, needs only <math.h> (and <stdio.h> for
 * the optional main).
 *   cc -O2 -c {name}.c                               then call {name}_predict(in, out)
 *   cc -O2 -DBPSTUDIO_MAIN -o {name} {name}.c -lm     ./{name} < inputs.csv > outputs.csv
 * Inputs: {comment_text(input_names, 200)}.
 * Every neuron's value a = f(bias + sum of weight * source value) lives in a[]: the inputs
 * first, then each level in order; a level reads the columns listed in levelK_sources.
 */
#include <math.h>
#include "{header}"

#define N_NEURONS {len(plan.neuron_ids)}
#define LEAKY_SLOPE 0.01f

{chr(10).join(tables)}

static const int output_columns[{plan.n_outputs}] = {{ {outputs} }};

{chr(10).join(helpers)}

void {name}_predict(const float *in, float *out)
{{
    float a[N_NEURONS];
    int i;
{inputs}{chr(10).join(steps)}
    for (i = 0; i < {plan.n_outputs}; i++)
        out[i] = a[output_columns[i]];
}}

#ifdef BPSTUDIO_MAIN
#include <stdio.h>
{_MAIN.replace("NAME", name).replace("N_IN", str(plan.n_inputs))
      .replace("N_OUT", str(plan.n_outputs))}#endif
"""


def _ints(values: list[int]) -> str:
    text = ", ".join(map(str, values))
    return "\n    ".join(re.findall(r".{1,86}(?:, |$)", text)).rstrip()


def _input_step(source: ExportSource) -> str:
    n = source.plan.n_inputs
    if source.input_scaling.is_identity:
        return f"    for (i = 0; i < {n}; i++)\n        a[i] = in[i];\n"
    offset, scale = source.input_scaling.arrays(n)
    return (f"    /* the network reads scaled inputs: (x - offset) / scale, "
            f"{comment_text(source.input_scaling.describe(), 80)} */\n"
            f"    static const float offset[{n}] = {{ {_floats(offset, '        ')} }};\n"
            f"    static const float scale[{n}] = {{ {_floats(scale, '        ')} }};\n"
            f"    for (i = 0; i < {n}; i++)\n        a[i] = (in[i] - offset[i]) / scale[i];\n")


def _level_step(k: int, first: int, activations: tuple[str, ...], n_sources: int) -> str:
    """The loops of one level: z for each neuron, then its activation (runs of one kind)."""
    runs: list[tuple[str, int, int]] = []
    for i, name in enumerate(activations):
        if runs and runs[-1][0] == name:
            runs[-1] = (name, runs[-1][1], i + 1)
        else:
            runs.append((name, i, i + 1))
    z = (f"level{k}_bias[i] + weighted_sum(level{k}_weight[i], level{k}_sources, "
         f"{n_sources}, a)" if n_sources else f"level{k}_bias[i]")
    lines = [f"    /* level {k} */"]
    for name, start, stop in runs:
        value = "z" if name == "softmax" else f"activate_{name}(z)"
        lines.append(f"    for (i = {start}; i < {stop}; i++) {{\n"
                     f"        float z = {z};\n"
                     f"        a[{first} + i] = {value};\n    }}")
        if name == "softmax":
            lines.append(f"    softmax(a + {first + start}, {stop - start});")
    return "\n".join(lines)


_WEIGHTED_SUM = """\
static float weighted_sum(const float *weight, const int *sources, int n, const float *a)
{
    float sum = 0.0f;
    int j;
    for (j = 0; j < n; j++)
        sum += weight[j] * a[sources[j]];
    return sum;
}"""

_SOFTMAX = """\
/* e^z_i / sum_j e^z_j over the output group, in place, shifted by the max for range */
static void softmax(float *z, int n)
{
    float top = z[0], sum = 0.0f;
    int i;
    for (i = 1; i < n; i++)
        if (z[i] > top)
            top = z[i];
    for (i = 0; i < n; i++) {
        z[i] = expf(z[i] - top);
        sum += z[i];
    }
    for (i = 0; i < n; i++)
        z[i] /= sum;
}"""

# Cells are read character by character, so rows may be of any length; a first row that is
# not numbers is a header and skipped.
_MAIN = """\
/* Reads one cell into cell[]; returns the character that ended it: ',', '\\n' or EOF. */
static int read_cell(char *cell, int size)
{
    int c, n = 0;
    while ((c = getchar()) != EOF && c != ',' && c != '\\n')
        if (c != '\\r' && n < size - 1)
            cell[n++] = (char)c;
    cell[n] = '\\0';
    return c;
}

int main(void)
{
    float in[N_IN], out[N_OUT];
    char cell[128];
    int line = 0, first = 1;
    for (;;) {
        int count = 0, numbers = 0, blank = 1, end, i;
        line++;
        do {
            float value;
            int used = 0;
            end = read_cell(cell, (int)sizeof cell);
            for (i = 0; cell[i] != '\\0'; i++)
                if (cell[i] != ' ' && cell[i] != '\\t')
                    blank = 0;
            if (sscanf(cell, " %f %n", &value, &used) == 1 && cell[used] == '\\0') {
                if (count < N_IN)
                    in[count] = value;
                numbers++;
            }
            count++;
        } while (end == ',');
        if (!blank) {
            if (numbers != count && first) {
                /* a header row: skipped */
            } else if (numbers != count || count != N_IN) {
                fprintf(stderr, "line %d: expected N_IN numbers separated by commas\\n", line);
                return 1;
            } else {
                NAME_predict(in, out);
                for (i = 0; i < N_OUT; i++) {
                    if (i)
                        putchar(',');
                    printf("%.9g", (double)out[i]);
                }
                putchar('\\n');
            }
            first = 0;
        }
        if (end == EOF)
            break;
    }
    return 0;
}
"""
