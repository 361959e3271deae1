"""Gradient truth (issue 9): whatever the validator and the data checks accept trains on
the exact gradient of the loss it reports; whatever they refuse, they refuse with the
sentence that says what to change.

One property over random DAGs drawn by Hypothesis: every activation on hidden neurons and
on outputs (softmax included), every loss, both target layouts (class labels encoded by
``prepare``, raw target columns in and out of each loss's range), outputs that feed other
neurons, single outputs, frozen parameters, and weights large enough to saturate sigmoid,
tanh and softmax. Accepted drawings must (1) report the loss the documentation defines,
computed here independently, and (2) have backprop equal to central differences of that
loss. Refused ones must carry exactly the reasons of the decision table below (the one in
docs/file-format.md, "Which outputs and targets each loss takes").
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from bpstudio.engine.backprop import Engine
from bpstudio.engine.gradcheck import gradient_check
from bpstudio.engine.plan import CompileError, compile_network
from bpstudio.engine.targets import ShapeMismatch, prepare
from bpstudio.model.network import Network
from bpstudio.model.settings import ACTIVATIONS, LOSSES
from bpstudio.model.validate import errors
from tests.networks import HIDDEN_ACTIVATIONS

TOLERANCE = 1e-6
KINK_MARGIN = 1e-4      # ReLU / leaky ReLU inputs closer to 0 than this: no derivative
SCALES = (0.5, 2.0, 6.0, 20.0)   # 6 and 20: sigmoid/tanh saturate, margins reach dozens
NATURAL = {"binary_cross_entropy": ("sigmoid",), "softmax_cross_entropy": ("softmax",),
           "l2": HIDDEN_ACTIVATIONS}   # the output activations each loss is meant for


class Case:
    """A drawing and the data it is asked to train on."""

    def __init__(self, network: Network, x: np.ndarray, task: str, y: np.ndarray,
                 n_classes: int) -> None:
        self.network, self.x, self.y = network, x, y
        self.task = task              # "classification" (labels y) or "regression" (columns)
        self.n_classes = n_classes

    def __repr__(self) -> str:   # what Hypothesis prints for a failing example
        net = self.network
        neurons = [(n.id, n.role, n.activation, n.bias) for n in net.neurons.values()]
        edges = [(c.source, c.target, c.weight) for c in net.connections.values()]
        return (f"Case(loss={net.settings.loss}, neurons={neurons}, edges={edges}, "
                f"task={self.task}, x={self.x.tolist()}, y={self.y.tolist()})")


@st.composite
def cases(draw: st.DrawFn) -> Case:
    n_inputs = draw(st.integers(1, 3))
    n_hidden = draw(st.integers(0, 4))
    n_outputs = draw(st.integers(1, 3))
    loss = draw(st.sampled_from(LOSSES))
    # Half the time the loss's own output activation on every output (the drawings it
    # accepts), else any one activation on all of them, or a mix (mostly refused).
    outputs_kind = draw(st.sampled_from(("natural", "natural", "same", "mixed")))
    if outputs_kind == "natural":
        output_acts = [draw(st.sampled_from(NATURAL[loss]))] * n_outputs
    elif outputs_kind == "same":
        output_acts = [draw(st.sampled_from(ACTIVATIONS))] * n_outputs
    else:
        output_acts = [draw(st.sampled_from(ACTIVATIONS)) for _ in range(n_outputs)]
    scale = draw(st.sampled_from(SCALES))
    # Numbers come from a seeded generator, evenly over their range (Hypothesis' own floats
    # favour 0 and ±1, which sit on ReLU kinks and never saturate anything).
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 32 - 1)))

    def value() -> float:
        return float(rng.uniform(-scale, scale))

    net = Network()
    net.set_settings(net.settings.with_changes(loss=loss))
    inputs = [net.add_neuron("input", label=f"x{i + 1}").id for i in range(n_inputs)]
    # Hidden neurons and outputs in a random order, each fed by earlier ones: an output
    # drawn early can feed later neurons, including other outputs. Or the outputs last,
    # fed by inputs and hidden neurons only (a softmax group must feed nothing).
    roles = ["hidden"] * n_hidden + ["output"] * n_outputs
    terminal_outputs = draw(st.booleans())
    if not terminal_outputs:
        roles = draw(st.permutations(roles))
    outputs = iter(output_acts)
    computed: list[int] = []
    for role in roles:
        activation = (next(outputs) if role == "output"
                      else draw(st.sampled_from(HIDDEN_ACTIVATIONS)))
        neuron = net.add_neuron(role, activation=activation, bias=value(),
                                frozen=draw(st.integers(0, 9)) == 0)
        earlier = inputs + [c for c in computed
                            if not terminal_outputs or net.neurons[c].role != "output"]
        sources = set(draw(st.lists(st.sampled_from(earlier), min_size=1,
                                    max_size=min(len(earlier), 4), unique=True)))
        if not terminal_outputs and draw(st.booleans()):   # outputs that feed on, often
            sources |= {c for c in computed if net.neurons[c].role == "output"}
        for source in sorted(sources):
            net.connect(source, neuron.id, value(), frozen=draw(st.integers(0, 9)) == 0)
        computed.append(neuron.id)

    n = draw(st.integers(1, 6))
    x = rng.normal(size=(n, n_inputs)) * draw(st.sampled_from((1.0, 3.0)))
    if draw(st.booleans()):
        n_classes = 2 if n_outputs == 1 else n_outputs
        return Case(net, x, "classification", rng.integers(0, n_classes, n), n_classes)
    # Target columns: probabilities, non-negative rows that do not sum to 1 (multi-hot,
    # soft labels), or any real numbers.
    layout = draw(st.sampled_from(("unit", "non_negative", "real")))
    if layout == "unit":
        y = rng.uniform(0.0, 1.0, (n, n_outputs))
    elif layout == "non_negative":
        y = rng.integers(0, 3, (n, n_outputs)) * rng.uniform(0.2, 1.0, (n, n_outputs))
    else:
        y = rng.normal(size=(n, n_outputs)) * 2.0
    return Case(net, x, "regression", y, 0)


# ---------------------------------------------------------------- the decision table
def expected_refusals(net: Network) -> set[str]:
    """Why a drawing cannot train, by the table in docs/file-format.md (the words each
    refusal must contain)."""
    outputs, loss = net.outputs(), net.settings.loss
    softmax = [o for o in outputs if o.activation == "softmax"]
    reasons = set()
    if softmax and len(softmax) != len(outputs):
        reasons.add("softmax must be used by all outputs or none")
    if any(net.outgoing(o.id) for o in softmax):
        reasons.add("cannot feed other neurons")
    if softmax and loss != "softmax_cross_entropy":
        reasons.add("need the softmax cross-entropy loss")
    if loss == "softmax_cross_entropy" and not softmax:
        reasons.add("needs softmax output neurons")
    if loss == "softmax_cross_entropy" and len(outputs) == 1:
        reasons.add("softmax over a single output is always 1")
    if loss == "binary_cross_entropy" and any(
            o.activation not in ("sigmoid", "softmax") for o in outputs):
        reasons.add("binary cross-entropy needs outputs in (0, 1)")
    return reasons


def expected_data_refusal(loss: str, targets: np.ndarray) -> str | None:
    """Targets a cross-entropy is no loss for (unbounded below): the words of the refusal."""
    if loss == "binary_cross_entropy" and ((targets < 0) | (targets > 1)).any():
        return "binary cross-entropy needs targets from 0 to 1"
    if loss == "softmax_cross_entropy" and (targets < 0).any():
        return "softmax cross-entropy needs targets ≥ 0"
    return None


FUNCTIONS = {
    "identity": lambda v: v, "sigmoid": lambda v: np.exp(-np.logaddexp(0.0, -v)),
    "tanh": np.tanh, "relu": lambda v: np.maximum(v, 0.0),
    "leaky_relu": lambda v: np.where(v > 0, v, 0.01 * v),
    "softplus": lambda v: np.logaddexp(0.0, v), "sine": np.sin,
}


def _forward(net: Network, x: np.ndarray) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray]]:
    """(z, a) of every neuron, one at a time in topological order (softmax outputs get no
    a here: they feed nothing and the losses below read their z)."""
    a: dict[int, np.ndarray] = {n.id: x[:, i] for i, n in enumerate(net.inputs())}
    z: dict[int, np.ndarray] = {}
    order = net.topological_order()
    assert order is not None
    for nid in order:
        neuron = net.neurons[nid]
        if neuron.role == "input":
            continue
        z[nid] = neuron.bias + sum((c.weight * a[c.source] for c in net.incoming(nid)),
                                   np.zeros(x.shape[0]))
        if neuron.activation != "softmax":
            a[nid] = FUNCTIONS[neuron.activation](z[nid])
    return z, a


def documented_loss(net: Network, x: np.ndarray, y: np.ndarray) -> float:
    """The loss of docs/file-format.md, written from scratch: a neuron-by-neuron forward
    pass and each loss in its own stable form (NumPy's logaddexp, not the engine's)."""
    z, a = _forward(net, x)
    outputs = net.outputs()
    zs = np.stack([z[o.id] for o in outputs], axis=1)            # (n, n_outputs)
    loss = net.settings.loss
    if loss == "binary_cross_entropy":      # −[y ln σ(z) + (1 − y) ln(1 − σ(z))]
        per = y * np.logaddexp(0.0, -zs) + (1 - y) * np.logaddexp(0.0, zs)
    elif loss == "softmax_cross_entropy":   # −Σ y ln softmax(z)
        per = -y * (zs - np.logaddexp.reduce(zs, axis=1, keepdims=True))
    else:
        per = (np.stack([a[o.id] for o in outputs], axis=1) - y) ** 2
    return float(per.sum(axis=1).mean())


def _kink_distance(net: Network, x: np.ndarray) -> float:
    """Smallest |z| of a ReLU or leaky-ReLU neuron over the samples (inf without one)."""
    z, _ = _forward(net, x)
    kinked = [z[n] for n in z if net.neurons[n].activation in ("relu", "leaky_relu")]
    return min((float(np.abs(v).min()) for v in kinked), default=np.inf)


def _events(net: Network, x: np.ndarray) -> None:
    """What an accepted example covers (``pytest --hypothesis-show-statistics``)."""
    outputs = net.outputs()
    event(f"accepted: {net.settings.loss}, {outputs[0].activation} outputs")
    if any(net.outgoing(o.id) for o in outputs):
        event(f"accepted: an output feeds other neurons ({net.settings.loss})")
    if len(outputs) == 1:
        event("accepted: a single output")
    z, _ = _forward(net, x)
    if any(np.abs(v).max() > 10 for n, v in z.items()
           if net.neurons[n].activation in ("sigmoid", "tanh", "softmax")):
        event("accepted: a saturated sigmoid, tanh or softmax (|z| > 10)")


# ------------------------------------------------------------------------- property
@settings(max_examples=400, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(cases())
def test_what_is_accepted_trains_on_its_exact_gradient_and_the_rest_is_refused(case: Case):
    net = case.network
    reasons = expected_refusals(net)
    problems = [p.message for p in errors(net)]
    if reasons or problems:
        event("refused by the validator")
        for reason in reasons:
            assert any(reason in message for message in problems), (reason, problems)
        for message in problems:
            assert any(reason in message for reason in reasons), (message, reasons)
        with pytest.raises(CompileError):
            compile_network(net, "float64")
        return
    plan = compile_network(net, "float64")
    refusal = (expected_data_refusal(net.settings.loss, case.y)
               if case.task == "regression" else None)
    if refusal is not None:
        event("targets refused")
        with pytest.raises(ShapeMismatch, match=refusal):
            prepare(plan, case.x, case.y, case.x[:0], case.y[:0], case.task, case.n_classes)
        return
    data = prepare(plan, case.x, case.y, case.x[:0], case.y[:0], case.task, case.n_classes)
    assume(_kink_distance(net, data.x_train) > KINK_MARGIN)
    _events(net, data.x_train)
    engine = Engine(plan)
    reported = engine.loss(data.x_train, data.y_train)
    assert reported == pytest.approx(documented_loss(net, data.x_train, data.y_train),
                                     rel=1e-9, abs=1e-12)
    rows = gradient_check(plan, data.x_train, data.y_train)
    worst = max(rows, key=lambda r: r.relative_error)
    assert worst.relative_error <= TOLERANCE, worst
