"""The chain rule for one weight or bias, written out with the numbers of one sample.

From the loss down to the parameter, for any DAG:

    L                     the loss of the sample
    ∂L/∂a_k               at an output: the loss's derivative (plus Σ w·δ if it feeds on)
                          elsewhere: Σ over its outgoing edges w_kj · δ_j
    f′(z_k), δ_k          δ_k = ∂L/∂a_k · f′(z_k); at a softmax or sigmoid output with
                          its cross-entropy the two cancel: δ_k = a_k − t_k (softmax:
                          p_k·Σ_j t_j − t_k; a sigmoid output that feeds on adds the
                          Σ w·δ it gets back times f′(z_k))
    ∂L/∂w_ij = δ_j · a_i  (∂L/∂b_j = δ_j)

Only the neurons downstream of the parameter appear; every number comes from
``engine.trace`` of a single sample, so each line's value is the trace's own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bpstudio.engine.activations import LEAKY_SLOPE
from bpstudio.engine.trace import Trace
from bpstudio.model.network import Network
from bpstudio.words import translate
from bpstudio.xray.text import fmt, neuron_name, plain, signed, sub

MAX_TERMS = 4             # sums are written out for this many terms, the rest added up
MAX_NEURONS = 10          # downstream neurons written out in full; the rest summarised
GENERAL = ("∂L/∂w_{ij} = δ_{j}·a_{i}     δ_{j} = ∂L/∂a_{j}·f′(z_{j})     "
           "∂L/∂a_{j} = Σ_{k} w_{jk}·δ_{k}")


@dataclass(frozen=True)
class ChainLine:
    """``symbol = rule = numbers = value``; symbols use ``_{…}`` for subscripts."""

    symbol: str
    rule: str
    numbers: str
    value: float
    kind: str                 # "loss", "grad_a", "slope", "delta", "result" or "note"
    neuron: int | None = None

    @property
    def symbol_plain(self) -> str:
        return plain(self.symbol)

    @property
    def rule_plain(self) -> str:
        return plain(self.rule)

    @property
    def text(self) -> str:
        """The whole line as plain text."""
        if self.kind == "note":
            return plain(self.rule)
        return f"{self.symbol_plain} = {self.rule_plain} = {self.numbers} = {fmt(self.value)}"


def _v(array: dict[int, np.ndarray], nid: int) -> float:
    return float(array[nid][0])


def _sum_text(parts: list[tuple[str, str, float]]) -> tuple[str, str]:
    """(rule, numbers) of a sum of (rule term, numbers term, value) with a cap."""
    shown = parts[:MAX_TERMS]
    rule = " + ".join(p[0] for p in shown)
    numbers = " + ".join(p[1] for p in shown)
    if len(parts) > MAX_TERMS:
        rest = sum(p[2] for p in parts[MAX_TERMS:])
        rule += f" + … ({len(parts) - MAX_TERMS} more)"
        numbers += f" + {signed(rest)}"
    return rule, numbers


def loss_lines(network: Network, t: Trace) -> list[ChainLine]:
    """L of one sample, as a formula of the outputs and targets."""
    outputs = network.outputs()
    name = t.loss_name
    parts = []
    if name == "softmax_cross_entropy":
        targets = sorted(_v(t.targets, o.id) for o in outputs)
        if targets[-1] == 1.0 and not any(targets[:-1]):      # one-hot: one class
            target = max(outputs, key=lambda o: _v(t.targets, o.id))
            p = _v(t.a, target.id)
            o_name = neuron_name(network, target.id)
            why = translate("XRay", "(target class {name})").format(name=o_name)
            return [ChainLine("L", f"−ln {sub('p', o_name)}  {why}",
                              f"−ln {fmt(p)}", t.loss, "loss")]
        for o in outputs:
            n = neuron_name(network, o.id)
            p, y = _v(t.a, o.id), _v(t.targets, o.id)
            parts.append((f"−{sub('t', n)} ln {sub('p', n)}", f"−{fmt(y)} ln {fmt(p)}",
                          -y * float(np.log(p)) if y else 0.0))
        rule, numbers = _sum_text(parts)
        return [ChainLine("L", rule, numbers, t.loss, "loss")]
    for o in outputs:
        n = neuron_name(network, o.id)
        a, y = _v(t.a, o.id), _v(t.targets, o.id)
        if name == "l2":
            value = (a - y) ** 2
            parts.append((f"({sub('a', n)} − {sub('t', n)})²", f"({fmt(a)} − {fmt(y)})²", value))
        else:
            value = -(y * np.log(max(a, 1e-300)) + (1 - y) * np.log(max(1 - a, 1e-300)))
            parts.append((f"−[{sub('t', n)} ln {sub('a', n)} + (1 − {sub('t', n)}) "
                          f"ln(1 − {sub('a', n)})]",
                          f"−[{fmt(y)} ln {fmt(a)} + {fmt(1 - y)} ln {fmt(1 - a)}]", value))
    rule, numbers = _sum_text(parts)
    return [ChainLine("L", rule, numbers, t.loss, "loss")]


def _loss_grad(network: Network, t: Trace, nid: int) -> tuple[str, str]:
    """Rule and numbers of ∂L/∂a for an output neuron (loss part only)."""
    n = neuron_name(network, nid)
    a, y = _v(t.a, nid), _v(t.targets, nid)
    a_, t_ = sub("a", n), sub("t", n)
    if t.loss_name == "l2":
        return f"2({a_} − {t_})", f"2 × ({fmt(a)} − {fmt(y)})"
    if t.loss_name == "binary_cross_entropy":
        return (f"({a_} − {t_}) / ({a_}(1 − {a_}))",
                f"({fmt(a)} − {fmt(y)}) / ({fmt(a)} × {fmt(1 - a)})")
    return f"−{t_} / {a_}", f"−{fmt(y)} / {fmt(a)}"


SlopeNumbers = Callable[[float, float], str]       # (z, a) → the numbers of f′(z)
#: f′ of each activation of engine/activations.py but softmax (whose Jacobian has its own
#: lines): the rule, with {a}/{z} for the neuron's own, and its numbers
SLOPES: dict[str, tuple[str, SlopeNumbers]] = {
    "sigmoid": ("{a}(1 − {a})", lambda z, a: f"{fmt(a)} × (1 − {fmt(a)})"),
    "tanh": ("1 − {a}²", lambda z, a: f"1 − {signed(a)}²"),
    "identity": ("1", lambda z, a: "1"),
    "relu": ("1 if {z} > 0, else 0", lambda z, a: f"{fmt(z)} {'>' if z > 0 else '≤'} 0"),
    "leaky_relu": (f"1 if {{z}} > 0, else {LEAKY_SLOPE:g}",
                   lambda z, a: f"{fmt(z)} {'>' if z > 0 else '≤'} 0"),
    "softplus": ("σ({z}) = 1/(1 + e^−{z})", lambda z, a: f"1/(1 + e^{signed(-z)})"),
    "sine": ("cos {z}", lambda z, a: f"cos {signed(z)}"),
}


def _fused_lines(network: Network, t: Trace, nid: int,
                 parts: list[tuple[str, str, float]]) -> list[ChainLine]:
    """δ of an output whose loss gives ∂L/∂z itself (sigmoid or softmax with its
    cross-entropy), as training forms it: a − t, p·Σt − t, or a − t plus what the
    neurons it feeds send back times f′(z)."""
    neuron = network.neurons[nid]
    n = neuron_name(network, nid)
    a, y, delta = _v(t.a, nid), _v(t.targets, nid), _v(t.delta, nid)
    together = translate("XRay", "({activation} and cross-entropy together)").format(
        activation=neuron.activation)
    if neuron.activation == "softmax":
        total = sum(_v(t.targets, o.id) for o in network.outputs())
        if total == 1.0:
            return [ChainLine(sub("δ", n), f"{sub('p', n)} − {sub('t', n)}  {together}",
                              f"{fmt(a)} − {fmt(y)}", delta, "delta", nid)]
        return [ChainLine(sub("δ", n), f"{sub('p', n)}·Σ_{{j}} {sub('t', 'j')} − {sub('t', n)}"
                          f"  {together}", f"{fmt(a)} × {fmt(total)} − {fmt(y)}", delta,
                          "delta", nid)]
    if not parts:
        return [ChainLine(sub("δ", n), f"{sub('a', n)} − {sub('t', n)}  {together}",
                          f"{fmt(a)} − {fmt(y)}", delta, "delta", nid)]
    rule, numbers = _sum_text(parts)
    grad_a, slope = _v(t.grad_a, nid), _v(t.slope, nid)
    fed = translate("XRay", "(from the neurons it feeds)")
    return [ChainLine(sub("∂L/∂a", n), f"{rule}  {fed}", numbers,
                      grad_a, "grad_a", nid),
            ChainLine(f"f′({sub('z', n)})", f"{sub('a', n)}(1 − {sub('a', n)})  (sigmoid)",
                      f"{fmt(a)} × (1 − {fmt(a)})", slope, "slope", nid),
            ChainLine(sub("δ", n), f"({sub('a', n)} − {sub('t', n)}) + {sub('∂L/∂a', n)}·"
                      f"f′({sub('z', n)})  "
                      + translate("XRay", "(the loss's own part {together}, plus the chain "
                                          "rule through what it feeds)").format(
                          together=together),
                      f"({fmt(a)} − {fmt(y)}) + {signed(grad_a)} × {signed(slope)}", delta,
                      "delta", nid)]


def _neuron_lines(network: Network, t: Trace, nid: int) -> list[ChainLine]:
    """∂L/∂a, f′(z) and δ of one neuron."""
    neuron = network.neurons[nid]
    n = neuron_name(network, nid)
    lines: list[ChainLine] = []
    parts = []
    if neuron.role == "output" and nid not in t.fused:
        rule, numbers = _loss_grad(network, t, nid)
        loss_part = float(t.grad_a[nid][0]) - sum(
            c.weight * _v(t.delta, c.target) for c in network.outgoing(nid))
        parts.append((rule, numbers, loss_part))
    for c in network.outgoing(nid):
        target = neuron_name(network, c.target)
        parts.append((f"w({n}→{target})·{sub('δ', target)}",
                      f"{signed(c.weight)} × {signed(_v(t.delta, c.target))}",
                      c.weight * _v(t.delta, c.target)))
    z, a = _v(t.z, nid), _v(t.a, nid)
    if nid in t.fused:      # the loss gives ∂L/∂z itself, as in training
        return _fused_lines(network, t, nid, parts)
    if neuron.activation == "softmax":
        rule, numbers = _sum_text(parts)
        lines.append(ChainLine(sub("∂L/∂a", n), rule, numbers, _v(t.grad_a, nid), "grad_a", nid))
        lines.append(ChainLine(sub("δ", n), f"{sub('p', n)}(∂L/∂{sub('p', n)} − Σ_{{j}} "
                               f"{sub('p', 'j')}·∂L/∂{sub('p', 'j')})  "
                               + translate("XRay", "(softmax Jacobian)"),
                               f"{fmt(a)} × (…)", _v(t.delta, nid), "delta", nid))
        return lines
    rule, numbers = _sum_text(parts)
    lines.append(ChainLine(sub("∂L/∂a", n), rule, numbers, _v(t.grad_a, nid), "grad_a", nid))
    slope_rule, slope_numbers = SLOPES.get(neuron.activation, ("f′(z)", lambda z, a: "…"))
    slope_rule = slope_rule.format(a=sub("a", n), z=sub("z", n))
    lines.append(ChainLine(f"f′({sub('z', n)})", f"{slope_rule}  ({neuron.activation})",
                           slope_numbers(z, a), _v(t.slope, nid), "slope", nid))
    lines.append(ChainLine(sub("δ", n), f"{sub('∂L/∂a', n)} · f′({sub('z', n)})",
                           f"{signed(_v(t.grad_a, nid))} × {signed(_v(t.slope, nid))}",
                           _v(t.delta, nid), "delta", nid))
    return lines


def chain_rule(network: Network, t: Trace, kind: str, param_id: int) -> list[ChainLine]:
    """Lines from the loss down to the weight of connection ``param_id``
    (``kind="weight"``) or the bias of neuron ``param_id``, for the single sample ``t``."""
    if t.a and next(iter(t.a.values())).shape[0] != 1:
        raise ValueError(translate("XRay", "the chain rule is written for one sample: "
                                                "trace a single row"))
    if kind == "weight":
        conn = network.connection(param_id)
        owner = conn.target
    elif kind == "bias":
        owner = network.neuron(param_id).id
        if network.neurons[owner].role == "input":
            raise ValueError(translate("XRay", "input neurons have no bias"))
    else:
        raise ValueError(f"kind must be 'weight' or 'bias', not {kind!r}")
    below = network.downstream([owner])
    chain = [nid for nid in reversed(t.order) if nid in below]   # from the loss down
    lines = loss_lines(network, t)
    if len(chain) > MAX_NEURONS:
        keep = set(sorted(chain, key=lambda n: -abs(_v(t.delta, n)))[:MAX_NEURONS - 1])
        keep.add(owner)
        left_out = len(chain) - len(keep)
        chain = [n for n in chain if n in keep]
        lines.append(ChainLine("", translate("XRay", "… {count} more downstream neurons with "
                                                     "smaller δ are not written out (their w·δ "
                                                     "still add into the sums)").format(
                                                         count=left_out),
                               "", 0.0, "note"))
    for nid in chain:
        lines += _neuron_lines(network, t, nid)
    o = neuron_name(network, owner)
    delta = _v(t.delta, owner)
    if kind == "weight":
        s = neuron_name(network, conn.source)
        a_source = _v(t.a, conn.source)
        lines.append(ChainLine(f"∂L/∂w({s}→{o})", f"{sub('δ', o)} · {sub('a', s)}",
                               f"{signed(delta)} × {signed(a_source)}", t.grad_w[param_id],
                               "result", owner))
    else:
        lines.append(ChainLine(f"∂L/∂b({o})", f"{sub('δ', o)} · 1", f"{signed(delta)} × 1",
                               t.grad_b[param_id], "result", owner))
    return lines
