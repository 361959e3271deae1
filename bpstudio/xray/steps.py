"""Step mode's script: which neuron step k reveals and which numbers become visible.

A pass over one sample (or a minibatch) is traced once (``engine.trace``); the steps
then only decide what to show:

    0           start      the inputs (and nothing computed yet)
    1 … n       forward    one non-input neuron each, in topological order: z, a, and
                           w·a_source on the edges feeding it
    n + 1       loss       the loss and its formula
    n + 2 … 2n+1 backward  the same neurons in reverse: ∂L/∂a, f′(z), δ = ∂L/∂z, ∂L/∂b,
                           and ∂L/∂w = δ·a_source on the edges feeding it

For a minibatch the numbers are averages over its samples of each sample's own
quantities: forward values are means; ∂L/∂a, δ, ∂L/∂w and ∂L/∂b are means of the
per-sample derivatives, which is exactly the derivative of the batch loss (the mean).
A mean of products is not the product of the means, so the minibatch narration says
"δ = mean over samples of ∂L/∂a·f′(z)" and never writes the means multiplied out.

How δ is formed (``PassValues.rule``) decides what a backward step says:

    product     δ = ∂L/∂a·f′(z)                       (every neuron but the ones below)
    fused       δ = a − t                             (softmax or sigmoid output with its
                                                       cross-entropy: the engine's own δ)
    fused_sum   δ = p·Σ_j t_j − t                     (softmax with its cross-entropy when
                                                       a target row does not sum to 1)
    fused_on    δ = (a − t) + ∂L/∂a·f′(z)             (a sigmoid output with binary
                                                       cross-entropy that also feeds other
                                                       neurons: ∂L/∂a is what they send back)
    jacobian    δ = a·(∂L/∂a − Σ_j a_j·∂L/∂a_j)        (softmax with another loss)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from bpstudio.engine.trace import Trace, trace
from bpstudio.model.network import Network
from bpstudio.words import translate
from bpstudio.xray.chain import loss_lines
from bpstudio.xray.text import MINUS, fmt, neuron_name, signed

MAX_TERMS = 4          # z = w·a + … written out for at most this many inputs
FORWARD_KEYS = ("z", "a")
BACKWARD_KEYS = ("grad_a", "slope", "delta", "grad_b")


def scaled_note(network: Network) -> str:
    """' (z-score scaled, as the network sees them)' when the dataset scales its inputs:
    the X-ray shows the values the network computes with, not the data file's."""
    method = network.dataset.scale_inputs
    if method == "none":
        return ""
    name = {"zscore": "z-score", "minmax": "min–max"}.get(method, method)
    return translate("XRay", " ({method} scaled, as the network sees them)").format(
        method=name)


class PassValues:
    """One traced pass reduced to one number per quantity (see the module docstring)."""

    def __init__(self, network: Network, x: np.ndarray, y: np.ndarray) -> None:
        x = np.atleast_2d(np.asarray(x, dtype=np.float64))
        y = np.atleast_2d(np.asarray(y, dtype=np.float64))
        self.network = network
        self.x, self.y = x, y
        self.batch = int(x.shape[0])
        self.trace: Trace = trace(network, x, y)
        t = self.trace
        self.order: list[int] = list(t.order)                         # forward order
        self.inputs = {n.id: float(t.a[n.id].mean()) for n in network.inputs()}
        self.z = {n: float(t.z[n].mean()) for n in t.order}
        self.a = {n: float(t.a[n].mean()) for n in t.order if n in t.a}
        self.slope = {n: float(t.slope[n].mean()) for n in t.order}
        # trace's derivatives already carry the batch's 1/B: their sum is the mean of
        # the per-sample derivatives
        self.grad_a = {n: float(t.grad_a[n].sum()) for n in t.order}
        self.delta = {n: float(t.delta[n].sum()) for n in t.order}
        self.grad_b = dict(t.grad_b)
        self.grad_w = dict(t.grad_w)
        self.term = {c: float(v.mean()) for c, v in t.term.items()}
        self.targets = {o: float(v.mean()) for o, v in t.targets.items()}
        self.loss = float(t.loss)
        group = [n for n in t.order if network.neurons[n].activation == "softmax"]
        # Σ_j a_j·∂L/∂a_j of the softmax group, the Jacobian's shared term (one sample)
        self.softmax_sum = float(sum(t.a[n][0] * t.grad_a[n][0] for n in group)) \
            if self.batch == 1 else float("nan")
        self._sample: Trace | None = t if self.batch == 1 else None
        # Σ_j t_j of each sample over the softmax group: δ = p·Σ t − t, which is p − t
        # only where a row sums to 1
        sums = (np.sum([t.targets[n] for n in group], axis=0) if group
                else np.ones(self.batch))
        self.target_sum = float(sums.mean())
        self.targets_sum_to_one = bool(np.all(sums == 1.0))
        #: fused outputs that feed other neurons: mean over samples of ∂L/∂a·f′(z), the
        #: part of δ that comes back from the neurons they feed
        self.fed_back = {n: float((t.grad_a[n] * t.slope[n]).sum()) for n in t.fused
                         if network.outgoing(n)}

    def sample_trace(self) -> Trace:
        """The trace of the first sample alone (what the chain rule is written for)."""
        if self._sample is None:
            self._sample = trace(self.network, self.x[:1], self.y[:1])
        return self._sample

    def rule(self, nid: int) -> str:
        """How δ of ``nid`` is formed: "product", "fused", "fused_sum", "fused_on" or
        "jacobian" (module docstring)."""
        if nid in self.trace.fused:
            if nid in self.fed_back:
                return "fused_on"
            softmax = self.network.neurons[nid].activation == "softmax"
            return "fused_sum" if softmax and not self.targets_sum_to_one else "fused"
        if self.network.neurons[nid].activation == "softmax":
            return "jacobian"
        return "product"

    def neuron(self, nid: int) -> dict[str, float]:
        """Every quantity of one neuron (inputs: just ``x``)."""
        if nid in self.inputs:
            return {"x": self.inputs[nid]}
        values = {"z": self.z[nid], "grad_a": self.grad_a[nid], "slope": self.slope[nid],
                  "delta": self.delta[nid], "grad_b": self.grad_b[nid]}
        if nid in self.a:
            values["a"] = self.a[nid]
        return values


@dataclass(frozen=True)
class Step:
    index: int
    phase: str              # "start", "forward", "loss" or "backward"
    neuron: int | None      # the neuron this step reveals


@dataclass
class Visible:
    """What the canvas shows after a step: numbers by neuron and by connection."""

    step: Step
    neurons: dict[int, dict[str, float]] = field(default_factory=dict)
    edges: dict[int, dict[str, float]] = field(default_factory=dict)
    loss: float | None = None
    targets: dict[int, float] = field(default_factory=dict)
    batch: int = 1                                  # samples each number is the mean over
    rules: dict[int, str] = field(default_factory=dict)   # how δ was formed, per neuron

    @property
    def forward_done(self) -> bool:
        return self.step.phase in ("loss", "backward")


class StepSequence:
    """The steps of one pass over ``values`` and the numbers visible after each."""

    def __init__(self, values: PassValues) -> None:
        self.values = values
        order = values.order
        self.steps = [Step(0, "start", None)]
        self.steps += [Step(1 + i, "forward", nid) for i, nid in enumerate(order)]
        self.loss_index = len(self.steps)
        self.steps.append(Step(self.loss_index, "loss", None))
        self.steps += [Step(self.loss_index + 1 + i, "backward", nid)
                       for i, nid in enumerate(reversed(order))]
        network = values.network
        self._softmax = {n for n in order if network.neurons[n].activation == "softmax"}

    def __len__(self) -> int:
        return len(self.steps)

    @property
    def last(self) -> int:
        return len(self.steps) - 1

    def visible(self, k: int) -> Visible:
        """Everything revealed by steps 0 … ``k``."""
        k = max(0, min(k, self.last))
        v, network = self.values, self.values.network
        shown = Visible(self.steps[k], batch=v.batch)
        for nid, x in v.inputs.items():
            shown.neurons[nid] = {"x": x}
        forward = [s.neuron for s in self.steps[1:min(k, self.loss_index - 1) + 1]
                   if s.neuron is not None]
        done = set(forward)
        for nid in forward:
            values = {"z": v.z[nid]}
            # softmax's a needs the whole group's z; it appears when the last one is known
            if nid not in self._softmax or self._softmax <= done:
                values["a"] = v.a[nid]
            shown.neurons[nid] = values
            for c in network.incoming(nid):
                shown.edges[c.id] = {"term": v.term[c.id]}
        if k >= self.loss_index:
            shown.loss = v.loss
            shown.targets = dict(v.targets)
        for step in self.steps[self.loss_index + 1:k + 1]:
            back = step.neuron
            assert back is not None
            shown.neurons[back].update({key: v.neuron(back)[key] for key in BACKWARD_KEYS})
            shown.rules[back] = v.rule(back)
            for c in network.incoming(back):
                shown.edges[c.id]["grad_w"] = v.grad_w[c.id]
        return shown

    # ----------------------------------------------------------------- narration
    def describe(self, k: int) -> str:
        """One line saying, with numbers, what step ``k`` computed."""
        step = self.steps[max(0, min(k, self.last))]
        v, network = self.values, self.values.network
        mean = (translate("XRay", " (means over {batch} samples)").format(batch=v.batch)
                if v.batch > 1 else "")
        if step.phase == "start":
            xs = ", ".join(f"{neuron_name(network, n)} = {fmt(x)}"
                           for n, x in list(v.inputs.items())[:6])
            more = (translate("XRay", ", … ({count} more)").format(count=len(v.inputs) - 6)
                    if len(v.inputs) > 6 else "")
            return translate("XRay", "Inputs{scaled}{mean}: {values}. Press → to compute the "
                                     "first neuron.").format(
                scaled=scaled_note(network), mean=mean, values=xs + more)
        if step.phase == "loss":
            lines = loss_lines(network, v.sample_trace() if v.batch == 1 else v.trace)
            head = "; ".join(f"{line.symbol_plain} = {line.rule_plain} = {line.numbers}"
                             for line in lines[:1])
            if v.batch > 1:
                return translate("XRay", "Loss of the minibatch: the mean of the {batch} "
                                         "samples' losses L = {loss}. Press ← to step "
                                         "backward.").format(batch=v.batch, loss=fmt(v.loss))
            return translate("XRay", "Loss: {formula} = {loss}. Press ← to step backward."
                             ).format(formula=head, loss=fmt(v.loss))
        assert step.neuron is not None
        nid = step.neuron
        name = neuron_name(network, nid)
        position = (step.index if step.phase == "forward"
                    else step.index - self.loss_index)
        count = f"{position}/{len(v.order)}"
        if step.phase == "forward":
            f = f"{network.neurons[nid].activation}(z)"
            if v.batch > 1:
                f = translate("XRay", "mean over samples of {f}").format(f=f)
            a = f", a = {f} = {fmt(v.a[nid])}" if nid in v.a else ""
            return translate("XRay", "Forward {count} — {name}{mean}: z = {z}{a}").format(
                count=count, name=name, mean=mean, z=self._z_text(nid), a=a)
        edges = len(network.incoming(nid))
        product = ("δ·a_source" if v.batch == 1
                   else translate("XRay", "mean over samples of {f}").format(f="δ·a_source"))
        on_edges = (translate("XRay", "{product} on 1 incoming edge") if edges == 1
                    else translate("XRay", "{product} on {edges} incoming edges"))
        return translate("XRay", "Backward {count} — {name}{mean}: {delta}; ∂L/∂w = {edges}, "
                                 "∂L/∂b = δ").format(
            count=count, name=name, mean=mean, delta=self._delta_text(nid),
            edges=on_edges.format(product=product, edges=edges))

    def _delta_text(self, nid: int) -> str:
        """How δ of ``nid`` came about, with numbers that satisfy the formula shown."""
        v = self.values
        grad_a, slope, delta = v.grad_a[nid], v.slope[nid], v.delta[nid]
        rule = v.rule(nid)
        act = v.network.neurons[nid].activation
        if rule == "fused":
            # mean(a) − mean(t) is the mean of (a − t): this one holds for a minibatch too
            return (f"δ = a − t = {fmt(v.a[nid])} − {signed(v.targets[nid])} = {fmt(delta)} "
                    + translate("XRay", "({activation} and cross-entropy together: "
                                        "∂L/∂a·f′(z) simplifies to a − t)").format(
                        activation=act))
        if rule == "fused_sum":
            why = (translate("XRay", "softmax and cross-entropy together; the targets sum to "
                                     "{sum}, not 1").format(sum=fmt(v.target_sum))
                   if v.batch == 1 else
                   translate("XRay", "softmax and cross-entropy together; the target rows do "
                                     "not all sum to 1"))
            if v.batch > 1:
                return "δ = {f} = {delta} ({why})".format(
                    f=translate("XRay", "mean over samples of {f}").format(f="p·Σⱼtⱼ − t"),
                    delta=fmt(delta), why=why)
            return (f"δ = p·Σⱼtⱼ − t = {fmt(v.a[nid])} × {fmt(v.target_sum)} − "
                    f"{signed(v.targets[nid])} = {fmt(delta)} ({why})")
        if rule == "fused_on":
            a_t = f"({fmt(v.a[nid])} − {signed(v.targets[nid])})"
            if v.batch > 1:
                back = (translate("XRay", "mean over samples of {f}").format(f="∂L/∂a·f′(z)")
                        + f" = {a_t} + {signed(v.fed_back[nid])}")
            else:
                back = f"∂L/∂a·f′(z) = {a_t} + {signed(grad_a)} × {signed(slope)}"
            return translate("XRay", "∂L/∂a = {grad_a} from the neurons it feeds, f′(z) = "
                                     "{slope}; δ = (a − t) + {back} = {delta} ({activation} "
                                     "and cross-entropy give a − t, the neurons it feeds add "
                                     "their ∂L/∂a·f′(z))").format(
                grad_a=fmt(grad_a), slope=fmt(slope), back=back, delta=fmt(delta),
                activation=act)
        if rule == "jacobian":
            jacobian = "a·(∂L/∂a − Σⱼ aⱼ·∂L/∂aⱼ)"
            why = translate("XRay", "(softmax Jacobian)")
            if v.batch > 1:
                mean_of = translate("XRay", "mean over samples of {f}").format(f=jacobian)
                return f"∂L/∂a = {fmt(grad_a)}, δ = {mean_of} = {fmt(delta)} {why}"
            return (f"∂L/∂a = {fmt(grad_a)}, δ = {jacobian} = {signed(v.a[nid])} × "
                    f"({fmt(grad_a)} − {signed(v.softmax_sum)}) = {fmt(delta)} {why}")
        if v.batch > 1:
            mean_of = translate("XRay", "mean over samples of {f}").format(f="∂L/∂a·f′(z)")
            return (f"∂L/∂a = {fmt(grad_a)}, f′(z) = {fmt(slope)}, δ = {mean_of} = "
                    f"{fmt(delta)} "
                    + translate("XRay", "(each sample multiplies its own two, so the means "
                                        "need not multiply)"))
        return (f"∂L/∂a = {fmt(grad_a)}, f′(z) = {fmt(slope)}, δ = ∂L/∂a·f′(z) = "
                f"{signed(grad_a)} × {signed(slope)} = {fmt(delta)}")

    def _z_text(self, nid: int) -> str:
        v, network = self.values, self.values.network
        incoming = network.incoming(nid)
        parts = []
        for c in incoming[:MAX_TERMS]:
            source = v.inputs.get(c.source, v.a.get(c.source, float("nan")))
            parts.append(f"{signed(c.weight)}×{signed(source)}")
        if len(incoming) > MAX_TERMS:
            rest = sum(v.term[c.id] for c in incoming[MAX_TERMS:])
            parts.append(translate("XRay", "… {count} more ({sum})").format(
                count=len(incoming) - MAX_TERMS, sum=fmt(rest)))
        parts.append(signed(network.neurons[nid].bias))
        text = " + ".join(parts).replace(f"+ ({MINUS}", f"+ ({MINUS}")
        return f"{text} = {fmt(v.z[nid])}"


def card_lines(values: dict[str, float], rule: str, batch: int) -> list[str]:
    """The backward lines of a neuron's card on the canvas: the same formula the
    narration uses (the card above them shows a, and t for outputs)."""
    mean = batch > 1
    if rule == "fused":
        return [f"δ = a − t = {fmt(values['delta'])}"]
    if rule == "fused_sum":
        formula = "mean(p·Σt − t)" if mean else "p·Σt − t"
        return [f"δ = {formula} = {fmt(values['delta'])}"]
    if rule == "fused_on":
        back = "mean(∂L/∂a·f′)" if mean else "∂L/∂a·f′"
        return [f"∂L/∂a = {fmt(values['grad_a'])}", f"f′(z) = {fmt(values['slope'])}",
                f"δ = a − t + {back} = {fmt(values['delta'])}"]
    grad_a = f"∂L/∂a = {fmt(values['grad_a'])}"
    formula = "a·(∂L/∂a − Σⱼaⱼ∂L/∂aⱼ)" if rule == "jacobian" else "∂L/∂a·f′"
    if mean:
        formula = f"mean({formula})"       # a mean of per-sample products
    if rule == "jacobian":
        return [grad_a, f"δ = {formula} = {fmt(values['delta'])}"]
    return [grad_a, f"f′(z) = {fmt(values['slope'])}",
            f"δ = {formula} = {fmt(values['delta'])}"]
