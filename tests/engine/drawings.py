"""Random drawings for the gradient-truth properties (issue 9): a Hypothesis strategy over
DAGs × activations × losses × target layouts, and the decision table that says which of
them the validator and the data checks must refuse (docs/file-format.md, "Which outputs
and targets each loss takes")."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from bpstudio.model.network import Network
from bpstudio.model.settings import ACTIVATIONS, LOSSES
from tests.networks import HIDDEN_ACTIVATIONS

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
