"""The network as a readable PyTorch module, its weights, its data and a train script.

``NAME.py`` holds ``class Network(nn.Module)``: one linear map per level of the drawing
(``nn.Linear`` where every pair is connected and nothing is frozen, ``MaskedLinear`` where
pairs are missing or frozen), skip connections as the columns a level reads, every neuron's
label and activation in the comments, and the loss and optimiser settings; ``NAME.load()``
returns it with the weights of ``NAME.pt``. It takes raw inputs: the document's stored
input scaling is a pair of buffers applied first. ``NAME_data.npz`` is the data split as BP
Studio splits it, inputs raw, and ``NAME_train.py`` (:mod:`bpstudio.formats.torch_train`)
keeps training it on one CPU, one GPU, or many processes under ``torchrun``.

Everything is written without PyTorch (``torch_pt`` writes the ``.pt``), and the module
computes exactly what the engine computes: the same activations (softplus without the
early cut-off, leaky ReLU's slope 0.01), the same loss conventions (``summed_loss``:
cross-entropies from the outputs' z, wherever the outputs are). It exports to ONNX with
``torch.onnx.export`` in operators ``bpstudio import`` reads back.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bpstudio import __version__
from bpstudio.engine.activations import LEAKY_SLOPE
from bpstudio.engine.backprop import BackwardSchedule
from bpstudio.engine.plan import LevelMatrices
from bpstudio.engine.targets import hold_out_validation
from bpstudio.engine.training import VALIDATION_STREAM
from bpstudio.formats.export_source import (
    ExportSource,
    comment_text,
    name_list,
    plan_summary,
    python_list,
    tensor_runs,
)
from bpstudio.formats.torch_pt import state_dict_bytes
from bpstudio.formats.torch_train import train_script
from bpstudio.words import translate

TORCH_ACTIVATIONS = {
    "identity": "{}", "sigmoid": "torch.sigmoid({})", "tanh": "torch.tanh({})",
    "relu": "torch.relu({})", "leaky_relu": "F.leaky_relu({}, LEAKY_SLOPE)",
    "softplus": "softplus({})", "sine": "torch.sin({})", "softmax": "torch.softmax({}, dim=1)",
}

SETTING_NAMES = ("optimizer", "learning_rate", "momentum", "nesterov", "beta1", "beta2",
                 "epsilon", "batch_size", "shuffle", "epochs", "target_loss", "patience",
                 "validation_ratio", "l1", "l2", "schedule", "step_every", "step_gamma",
                 "min_learning_rate", "seed", "dtype")


@dataclass(frozen=True)
class _Layer:
    """One level as the module holds it."""

    matrices: LevelMatrices
    masked: bool                 # MaskedLinear (pairs missing, something frozen, no sources)
    weight_trained: np.ndarray   # 1 where a connection trains
    weight_frozen: np.ndarray    # 1 where a frozen connection is
    bias_frozen: np.ndarray      # 1 where a neuron's bias is frozen


def _layers(source: ExportSource) -> list[_Layer]:
    network = source.network
    layers = []
    for level in source.plan.level_matrices():
        connected = np.zeros(level.weight.shape)
        frozen = np.zeros(level.weight.shape)
        column = {nid: j for j, nid in enumerate(level.source_ids)}
        for i, nid in enumerate(level.neuron_ids):
            for c in network.incoming(nid):
                connected[i, column[c.source]] = 1.0
                frozen[i, column[c.source]] = float(c.frozen)
        bias_frozen = np.array([float(network.neurons[n].frozen) for n in level.neuron_ids])
        masked = (not level.source_ids or not connected.all() or bool(frozen.any())
                  or bool(bias_frozen.any()))
        layers.append(_Layer(level, masked, connected - frozen, frozen, bias_frozen))
    return layers


def torch_files(source: ExportSource, stem: str) -> dict[str, bytes]:
    if source.data is None:
        raise ValueError(translate("Export", "the training data is needed for the train script"))
    layers = _layers(source)
    return {
        f"{stem}.py": module_code(source, layers, stem).encode("utf-8"),
        f"{stem}.pt": state_dict_bytes(state_dict(source, layers)),
        f"{stem}_train.py": train_script(stem, plan_summary(source)).encode("utf-8"),
        f"{stem}_data.npz": data_bytes(source),
    }


def state_dict(source: ExportSource, layers: list[_Layer]) -> dict[str, np.ndarray]:
    """The module's parameters and buffers by name, as ``Network.state_dict()`` lists them."""
    tensors: dict[str, np.ndarray] = {}
    for k, layer in enumerate(layers, start=1):
        weight, bias = layer.matrices.weight, layer.matrices.bias
        if not layer.masked:
            tensors.update({f"level{k}.weight": weight, f"level{k}.bias": bias})
            continue
        tensors.update({
            f"level{k}.weight": weight * layer.weight_trained,
            f"level{k}.bias": bias * (1 - layer.bias_frozen),
            f"level{k}.frozen_weight": weight * layer.weight_frozen,
            f"level{k}.frozen_bias": bias * layer.bias_frozen,
            f"level{k}.weight_mask": layer.weight_trained,
            f"level{k}.bias_mask": 1 - layer.bias_frozen,
        })
    if not source.input_scaling.is_identity:
        tensors["input_offset"], tensors["input_scale"] = source.input_scaling.arrays(
            source.plan.n_inputs)
    return tensors


def data_bytes(source: ExportSource) -> bytes:
    """The data as the engine trains on it, inputs raw (the module scales them): the
    validation share held out with the seeded stream the Trainer uses, so the split (and
    the shuffling after it) is the same."""
    assert source.data is not None
    settings = source.network.settings
    stream = np.random.default_rng([settings.seed, VALIDATION_STREAM])
    data = hold_out_validation(source.data, settings.effective_validation_ratio, stream)
    n_in, n_out = source.plan.n_inputs, source.plan.n_outputs
    empty_x, empty_y = np.zeros((0, n_in)), np.zeros((0, n_out))
    no_labels = np.zeros(0, dtype=np.int64)
    arrays = {
        "x_train": data.x_train, "y_train": data.y_train,
        "x_val": data.x_val if data.x_val is not None else empty_x,
        "y_val": data.y_val if data.y_val is not None else empty_y,
        "x_test": data.x_test, "y_test": data.y_test,
        "labels_train": data.labels_train if data.labels_train is not None else no_labels,
        "labels_test": data.labels_test if data.labels_test is not None else no_labels,
        "task": np.array(data.task), "threshold": np.array(data.threshold),
    }
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **{k: np.asarray(v) for k, v in arrays.items()})  # type: ignore[arg-type]
    return buffer.getvalue()


# ------------------------------------------------------------------ the module's code
def _select(ids: Sequence[int], where: dict[int, tuple[str, int]], width: dict[str, int]) -> str:
    """A Python expression for the columns of ``ids``, in order."""
    parts = []
    for tensor, columns in tensor_runs(ids, where):
        if columns == list(range(width[tensor])):
            parts.append(tensor)
        elif columns == list(range(columns[0], columns[-1] + 1)):
            parts.append(f"{tensor}[:, {columns[0]}:{columns[-1] + 1}]")
        else:
            parts.append(f"{tensor}[:, {columns!r}]")
    if not parts:
        return "x[:, :0]"   # no sources: an empty (batch, 0) block keeps the batch size
    return parts[0] if len(parts) == 1 else f"torch.cat([{', '.join(parts)}], dim=1)"


def _activate(z: str, activations: tuple[str, ...], names: list[str]) -> str:
    """f(z) for a level: one call, or one piece per run of an activation, each named."""
    runs: list[tuple[str, int, int]] = []
    for i, name in enumerate(activations):
        if runs and runs[-1][0] == name:
            runs[-1] = (name, runs[-1][1], i + 1)
        else:
            runs.append((name, i, i + 1))
    if len(runs) == 1:
        return TORCH_ACTIVATIONS[runs[0][0]].format(z)
    pieces = "".join(
        f"    {TORCH_ACTIVATIONS[name].format(f'{z}[:, {a}:{b}]')},"
        f"  # {comment_text(name_list(names[a:b], 4), 50)}\n"
        for name, a, b in runs)
    return f"torch.cat([\n{pieces}], dim=1)"


def _comments(source: ExportSource, k: int, layer: _Layer) -> list[str]:
    network, level = source.network, layer.matrices
    names = [network.neurons[i].name for i in level.neuron_ids]
    reads = [network.neurons[i].name for i in level.source_ids]
    lines = [f"# Level {k}: {comment_text(name_list(names), 60)}"
             + (f" ← {comment_text(name_list(reads), 50)}" if reads else " (biases only)")]
    if not layer.masked:   # every neuron reads every source: the summary says it all
        kinds = sorted(set(level.activations))
        return lines + [f"#   every neuron reads all {len(reads)}; activation "
                        f"{', '.join(kinds)}"]
    if len(names) > 64:   # a wide level: the neurons are listed in the level's summary
        return lines
    for i, nid in enumerate(level.neuron_ids):
        neuron = network.neurons[nid]
        sources = [("*" if layer.weight_frozen[i, j] else "") + comment_text(reads[j], 30)
                   for j in np.flatnonzero(layer.weight_trained[i] + layer.weight_frozen[i])]
        frozen = ", frozen bias" if neuron.frozen else ""
        text = f"#   {comment_text(neuron.name)} ({neuron.activation}{frozen})"
        lines.append(text + (f" ← {name_list(sources)}" if sources else ""))
    if layer.weight_frozen.any():
        lines.append("#   (* a frozen weight)")
    return lines


def module_code(source: ExportSource, layers: list[_Layer], stem: str) -> str:
    plan, network = source.plan, source.network
    # cross-entropies are taken from the outputs' z (exact for any margin), wherever the
    # outputs are: the levels that compute outputs keep their z
    fused = BackwardSchedule(plan).fused
    outputs = set(plan.output_ids)
    where = {nid: ("x", i) for i, nid in enumerate(plan.input_ids)}
    width = {"x": plan.n_inputs}
    z_where: dict[int, tuple[str, int]] = {}   # output id → (the z tensor, its column)
    # rows as they come (a list, NumPy, another dtype) in the parameters' dtype and device
    init, forward = [], ["x = torch.as_tensor(x, dtype=self.level1.bias.dtype, "
                         "device=self.level1.bias.device)"]
    if not source.input_scaling.is_identity:
        init += ["# raw inputs are scaled first: (x - input_offset) / input_scale, "
                 + comment_text(source.input_scaling.describe(), 70),
                 f'self.register_buffer("input_offset", torch.zeros({plan.n_inputs}, '
                 'dtype=dtype))',
                 f'self.register_buffer("input_scale", torch.ones({plan.n_inputs}, '
                 'dtype=dtype))']
        forward.append("x = (x - self.input_offset) / self.input_scale")
    for k, layer in enumerate(layers, start=1):
        level = layer.matrices
        n_in, n_out = len(level.source_ids), len(level.neuron_ids)
        kind = "MaskedLinear" if layer.masked else "nn.Linear"
        init += _comments(source, k, layer)
        init.append(f"self.level{k} = {kind}({n_in}, {n_out}, dtype=dtype)")
        z = f"self.level{k}({_select(level.source_ids, where, width)})"
        names = [network.neurons[i].name for i in level.neuron_ids]
        keeps_z = fused and not outputs.isdisjoint(level.neuron_ids)
        if keeps_z or len(set(level.activations)) > 1:
            forward += [f"z{k} = {z}", f"a{k} = {_activate(f'z{k}', level.activations, names)}"]
        else:
            forward.append(f"a{k} = {_activate(z, level.activations, names)}")
        where.update((nid, (f"a{k}", i)) for i, nid in enumerate(level.neuron_ids))
        width[f"a{k}"] = n_out
        if keeps_z:
            width[f"z{k}"] = n_out
            z_where.update((nid, (f"z{k}", i)) for i, nid in enumerate(level.neuron_ids))
    if fused:
        forward += ["if logits:", f"    return {_select(plan.output_ids, z_where, width)}"]
    forward.append(f"return {_select(plan.output_ids, where, width)}")
    masked = any(layer.masked for layer in layers)
    feeding = network.upstream(plan.output_ids)
    idle = [k for k, layer in enumerate(layers, start=1)
            if not feeding.intersection(layer.matrices.neuron_ids)]
    return _MODULE.format(
        summary="\n".join(textwrap.wrap(comment_text(plan_summary(source), 300), 92)),
        version=__version__, stem=comment_text(stem, 100),
        n_in=plan.n_inputs, n_out=plan.n_outputs,
        inputs=python_list([network.neurons[i].name for i in plan.input_ids]),
        outputs=python_list([network.neurons[i].name for i in plan.output_ids]),
        slope=LEAKY_SLOPE, loss=plan.loss_name,
        settings=_settings(source), masked=_MASKED_LINEAR if masked else "", idle=idle,
        signature="x, logits=False" if fused else "x",
        logits_doc=(" logits=True returns the\n        output neurons' pre-activations z "
                    "instead (the loss is computed from them)." if fused else ""),
        init="\n".join(f"        {line}" for line in init),
        forward="\n".join(f"        {line}" for text in forward
                           for line in text.splitlines()),
        summed_loss=_loss_code(plan.loss_name))


def _settings(source: ExportSource) -> str:
    values = source.network.settings.to_dict()
    return "{\n" + "".join(f"    {name!r}: {values[name]!r},\n" for name in SETTING_NAMES) + "}"


def _loss_code(loss: str) -> str:
    """The loss as BP Studio computes it; cross-entropies (which BP Studio takes only on
    sigmoid or softmax outputs) from the outputs' z, never from clipped probabilities."""
    if loss == "l2":
        return ('    """Σ over samples and outputs of (a − y)²: BP Studio\'s l2 (no ½) times the '
                'batch size."""\n'
                "    return ((net(x) - y) ** 2).sum()")
    if loss == "softmax_cross_entropy":
        return ('    """−Σ y·ln softmax(z), from the outputs\' pre-activations (exact for any '
                'margin)."""\n'
                "    return -(y * torch.log_softmax(net(x, logits=True), dim=1)).sum()")
    return ('    """Σ of softplus(z) − y·z, binary cross-entropy from the outputs\' '
            'pre-activations\n    (exact for any margin)."""\n'
            "    z = net(x, logits=True)\n"
            "    return (softplus(z) - y * z).sum()")


_MASKED_LINEAR = '''

class MaskedLinear(nn.Module):
    """A level whose weight matrix has holes (pairs of neurons that are not connected) or
    frozen entries: z = x @ (weight * weight_mask + frozen_weight).T
                        + bias * bias_mask + frozen_bias.
    weight and bias train (0 where the mask is 0); frozen values never do."""

    def __init__(self, in_features, out_features, dtype=torch.float64):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(out_features, in_features, dtype=dtype))
        self.bias = nn.Parameter(torch.zeros(out_features, dtype=dtype))
        self.frozen_weight = nn.Parameter(torch.zeros(out_features, in_features, dtype=dtype),
                                          requires_grad=False)
        self.frozen_bias = nn.Parameter(torch.zeros(out_features, dtype=dtype),
                                        requires_grad=False)
        # 1 where a connection (a neuron's bias) trains, 0 where it is missing or frozen
        self.register_buffer("weight_mask", torch.ones(out_features, in_features, dtype=dtype))
        self.register_buffer("bias_mask", torch.ones(out_features, dtype=dtype))

    def forward(self, x):
        weight = self.weight * self.weight_mask + self.frozen_weight
        return x @ weight.T + self.bias * self.bias_mask + self.frozen_bias
'''

_MODULE = '''\
"""{summary}

Exported from BP Studio {version} as a PyTorch module: the drawing as code, one linear map
per level of neurons, each neuron's label and activation in the comments.

    import torch, {stem}
    net = {stem}.load()          # float64, with the weights of {stem}.pt
    y = net(torch.tensor(x))     # x: (n, {n_in}) raw inputs → y: (n, {n_out})

and, to keep training (torchrun --nproc_per_node=N for N processes):

    python {stem}_train.py
"""

from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

LEAKY_SLOPE = {slope!r}   # leaky_relu's slope for z < 0
INPUTS = {inputs}
OUTPUTS = {outputs}
LOSS = {loss!r}
IDLE_LEVELS = {idle!r}   # levels whose neurons feed no output: the loss gives them no gradient
# The training settings of the BP Studio document ({stem}_train.py uses them)
SETTINGS = {settings}


def softplus(z):
    """ln(1 + e^z); beyond z = 40 it equals z to double precision (F.softplus's default
    threshold, 20, would be off by 2e-9 there)."""
    return F.softplus(z, threshold=40.0)
{masked}

class Network(nn.Module):
    def __init__(self, dtype=torch.float64):
        super().__init__()
{init}

    def forward(self, {signature}):
        """Outputs (batch, {n_out}) for inputs x (batch, {n_in}).{logits_doc}"""
{forward}


def summed_loss(net, x, y):
{summed_loss}


def load(path=None, dtype=torch.float64):
    """The network with the weights of ``path`` (default: {stem}.pt beside this file)."""
    net = Network(dtype)
    state = torch.load(path or Path(__file__).with_suffix(".pt"), map_location="cpu",
                       weights_only=True)
    net.load_state_dict(state)
    return net
'''
