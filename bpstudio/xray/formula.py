"""The loss written as a function of one weight or bias, every other quantity a number.

As the tutorial does for its tiny network::

    loss(w) = (1/(1+exp(-(w*0.5 + 0.21 + 0.28))) - 1)^2

Only the neurons downstream of the parameter depend on it; everything else is substituted
by its value for the chosen sample. Short formulas are written inline; long ones (deep or
wide networks) name each dependent activation on its own line so the text stays readable.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from bpstudio.engine import activations
from bpstudio.engine.trace import Trace, trace
from bpstudio.model.network import Connection, Network

INLINE_LIMIT = 320        # characters; longer formulas get one line per neuron
MAX_CONSTANT_TERMS = 3    # more constant terms than this are added up into one number
_MATH = {"exp": math.exp, "tanh": math.tanh, "log": math.log, "sin": math.sin, "max": max}


@dataclass(frozen=True)
class Formula:
    variable: str               # "w" or "b"
    lines: tuple[str, ...]      # display lines, the last one is "loss(w) = …"
    python: tuple[str, ...]     # the same at full precision: assignments, then `loss = …`

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def evaluate(self, value: float) -> float:
        """The loss of the sample with the parameter set to ``value``."""
        scope: dict[str, object] = {**_MATH, self.variable: value}
        for line in self.python:
            name, expression = line.split(" = ", 1)
            scope[name] = eval(expression, {"__builtins__": {}}, scope)  # noqa: S307
        return float(scope["loss"])  # type: ignore[arg-type]


def _num(value: float, precise: bool) -> str:
    return repr(float(value)) if precise else f"{value:.4g}"


def _identifier(network: Network, nid: int) -> str:
    name = re.sub(r"\W", "_", network.neurons[nid].name)
    return f"a_{name}" if name.isidentifier() else f"a_{nid}"


def loss_formula(network: Network, kind: str, param_id: int, x: np.ndarray,
                 y: np.ndarray) -> Formula:
    """Loss of one sample (``x`` inputs, ``y`` encoded targets) as a function of the weight
    of connection ``param_id`` (``kind="weight"``) or the bias of neuron ``param_id``."""
    x = np.asarray(x, dtype=float).reshape(1, -1)
    y = np.asarray(y, dtype=float).reshape(1, -1)
    values = trace(network, x, y)
    conn: Connection | None = None
    if kind == "weight":
        conn = network.connection(param_id)
        owner, variable = conn.target, "w"
    elif kind == "bias":
        owner, variable = param_id, "b"
    else:
        raise ValueError(f"kind must be 'weight' or 'bias', not {kind!r}")
    affected = network.downstream([owner])
    order = [n for n in values.order if n in affected]
    renders = [_render(network, values, order, variable, conn, owner, precise=p, inline=True)
               for p in (False, True)]
    if len(renders[0][-1]) > INLINE_LIMIT:
        renders = [_render(network, values, order, variable, conn, owner, precise=p,
                           inline=False) for p in (False, True)]
    display, python = renders
    return Formula(variable, tuple(display), tuple(python))


def _render(network: Network, values: Trace, order: list[int], variable: str,
            conn: Connection | None, owner: int, *, precise: bool,
            inline: bool) -> list[str]:
    """Lines ``name = expression`` for the dependent neurons, then ``loss = …``."""
    expr: dict[int, str] = {}    # neuron id -> how its activation is written
    lines: list[str] = []
    softmax_z: dict[int, str] = {}
    for nid in order:
        neuron = network.neurons[nid]
        terms, constant = [], []
        for c in network.incoming(nid):
            # a recurrent connection reads the step before: 0 in this one-step pass
            a_source = 0.0 if c.recurrent else float(values.a[c.source][0])
            if conn is not None and c.id == conn.id:
                terms.append(f"{variable}*{_num(a_source, precise)}")
            elif c.source in expr and not c.recurrent:
                factor = expr[c.source]
                factor = f"({factor})" if factor.startswith("1/") else factor
                terms.append(f"{_num(c.weight, precise)}*{factor}")
            else:
                constant.append(c.weight * a_source)
        if nid == owner and conn is None:
            terms.append(variable)
        else:
            constant.append(neuron.bias)
        if len(constant) > MAX_CONSTANT_TERMS:
            constant = [math.fsum(constant)]
        z = " + ".join(terms + [_num(v, precise) for v in constant]).replace("+ -", "- ")
        if neuron.activation == "softmax":
            softmax_z[nid] = z
            continue
        a = activations.get(neuron.activation).formula.replace("z", z)
        if inline:
            expr[nid] = f"({a})" if neuron.activation == "identity" else a
        else:
            name = _identifier(network, nid) if not precise else f"a{nid}"
            lines.append(f"{name} = {a}")
            expr[nid] = name
    loss = _loss_expression(network, values, expr, softmax_z, precise)
    head = f"loss({variable})" if not precise else "loss"
    return [*lines, f"{head} = {loss}"]


def _loss_expression(network: Network, values: Trace, expr: dict[int, str],
                     softmax_z: dict[int, str], precise: bool) -> str:
    outputs = network.outputs()
    name = network.settings.loss
    if name == "softmax_cross_entropy":
        zs = [softmax_z.get(o.id) or _num(float(values.z[o.id][0]), precise) for o in outputs]
        target = max(range(len(outputs)), key=lambda k: values.targets[outputs[k].id][0])
        denominator = " + ".join(f"exp({z})" for z in zs)
        return f"-log(exp({zs[target]})/({denominator}))"
    parts, constant = [], 0.0
    for o in outputs:
        y = float(values.targets[o.id][0])
        if o.id not in expr:   # this output does not depend on the parameter
            value = float(values.a[o.id][0])
            constant += ((value - y) ** 2 if name == "l2" else
                         -(y * math.log(value) + (1 - y) * math.log1p(-value)))
            continue
        a = expr[o.id]
        if name == "l2":
            parts.append(f"({a} - {_num(y, precise)})**2")
        else:
            parts.append(f"-({_num(y, precise)}*log({a}) + {_num(1 - y, precise)}*log(1 - {a}))")
    if constant or not parts:
        parts.append(_num(constant, precise))
    text = " + ".join(parts)
    return text if precise else text.replace("**", "^")
