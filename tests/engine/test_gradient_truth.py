"""Gradient truth (issue 9): whatever the validator and the data checks accept trains on
the exact gradient of the loss it reports; whatever they refuse, they refuse with the
sentence that says what to change.

One property over random DAGs drawn by Hypothesis: every activation on hidden neurons and
on outputs (softmax included), every loss, both target layouts (class labels encoded by
``prepare``, raw target columns in and out of each loss's range), outputs that feed other
neurons, single outputs, frozen parameters, and weights large enough to saturate sigmoid,
tanh and softmax. Accepted drawings must (1) report the loss the documentation defines,
computed here independently, and (2) have backprop equal to central differences of that
loss. Refused ones must carry exactly the reasons of the decision table in
``tests/engine/drawings.py`` (the one in docs/file-format.md).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, event, given, settings

from bpstudio.engine.backprop import Engine
from bpstudio.engine.gradcheck import gradient_check
from bpstudio.engine.plan import CompileError, compile_network
from bpstudio.engine.targets import ShapeMismatch, prepare
from bpstudio.model.network import Network
from bpstudio.model.validate import errors
from tests.engine.drawings import Case, cases, expected_data_refusal, expected_refusals

TOLERANCE = 1e-6
KINK_MARGIN = 1e-4      # ReLU / leaky ReLU inputs closer to 0 than this: no derivative


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
