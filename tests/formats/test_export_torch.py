"""The PyTorch export in PyTorch: outputs and gradients equal the engine's, the train script's
steps equal the engine's, and torchrun with two processes (gloo, CPU) lowers the loss.

Skipped without PyTorch (``pip install bpstudio[torch]``)."""

from __future__ import annotations

import importlib.util
import itertools
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

from bpstudio.engine.backprop import Engine
from bpstudio.engine.plan import Plan, compile_network
from bpstudio.engine.targets import TrainingData
from bpstudio.engine.training import Trainer
from bpstudio.examples import example_path
from bpstudio.formats.exports import export_network
from bpstudio.model.network import Network
from tests.formats.cases import (
    CASE_PARAMS,
    CASES,
    expected_outputs,
    inputs_for,
    scale_inputs,
    training_data,
)

torch = pytest.importorskip("torch", reason="PyTorch is not installed "
                                            "(pip install bpstudio[torch])")

_counter = itertools.count()


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"exported_{next(_counter)}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _export(network: Network, folder: Path, **options: Any) -> tuple[ModuleType, ModuleType]:
    """(the module, the train script) of ``network`` exported to folder/net.py."""
    options.setdefault("data", training_data(network))
    export_network(network, folder / "net.py", format_key="torch", **options)
    return _load(folder / "net.py"), _load(folder / "net_train.py")


def _as_trained(network: Network, data: TrainingData) -> TrainingData:
    """``data`` (raw inputs, as exported) with the inputs the engine trains on: scaled by
    the network's stored input scaling."""
    scaling = network.input_scaling
    return replace(data, x_train=scaling.apply(data.x_train), x_test=scaling.apply(data.x_test))


def _effective(net: Any, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Level k's weight and bias as the forward pass uses them."""
    layer = getattr(net, f"level{k}")
    if hasattr(layer, "weight_mask"):
        weight = layer.weight * layer.weight_mask + layer.frozen_weight
        bias = layer.bias * layer.bias_mask + layer.frozen_bias
    else:
        weight, bias = layer.weight, layer.bias
    return weight.detach().numpy(), bias.detach().numpy()


def _assert_same_parameters(net: Any, plan: Plan, tolerance: float) -> None:
    for k, level in enumerate(plan.level_matrices(), start=1):
        weight, bias = _effective(net, k)
        np.testing.assert_allclose(weight, level.weight, rtol=0, atol=tolerance)
        np.testing.assert_allclose(bias, level.bias, rtol=0, atol=tolerance)


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_module_outputs_equal_the_engine(case: str, tmp_path: Path) -> None:
    network, title = CASES[case]()
    module, _ = _export(network, tmp_path, title=title)
    net = module.load()
    x = inputs_for(network, 64)
    expected = expected_outputs(network, x)
    with torch.no_grad():
        got = net(torch.tensor(x)).numpy()
    assert got.dtype == np.float64
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-9)
    with torch.no_grad():   # rows as a list or NumPy array are taken as they are
        assert np.array_equal(net(x.tolist()).numpy(), got)
        assert np.array_equal(net(x).numpy(), got)
    with torch.no_grad():   # asked for float32, it still computes the same to float32
        single = module.load(dtype=torch.float32)(torch.tensor(x, dtype=torch.float32))
    np.testing.assert_allclose(single.numpy(), expected, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_loss_and_gradients_equal_the_engine(case: str, tmp_path: Path) -> None:
    network, _ = CASES[case]()
    data = training_data(network)
    module, _ = _export(network, tmp_path, data=data)
    net = module.load()
    plan = compile_network(network, "float64")
    trained = _as_trained(network, data)   # the module takes the raw inputs of data
    value, grad = Engine(plan).loss_and_gradient(trained.x_train, trained.y_train)
    x, y = torch.tensor(data.x_train), torch.tensor(data.y_train)
    loss = module.summed_loss(net, x, y) / len(x)
    loss.backward()
    assert loss.item() == pytest.approx(value, rel=1e-10, abs=1e-12)
    engine_levels = plan.level_matrices(grad)
    for k, (level, expected) in enumerate(zip(plan.level_matrices(), engine_levels,
                                              strict=True), start=1):
        layer = getattr(net, f"level{k}")
        trained = (layer.weight_mask.numpy() if hasattr(layer, "weight_mask")
                   else np.ones(level.weight.shape))
        bias_trained = (layer.bias_mask.numpy() if hasattr(layer, "bias_mask")
                        else np.ones(level.bias.shape))
        np.testing.assert_allclose(_grad(layer.weight), expected.weight * trained,
                                   rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(_grad(layer.bias), expected.bias * bias_trained,
                                   rtol=1e-9, atol=1e-12)


def _grad(parameter: Any) -> np.ndarray:
    """autograd leaves .grad at None where the loss does not depend on a level (neurons
    that feed no output)."""
    if parameter.grad is None:
        return np.zeros(tuple(parameter.shape))
    return np.asarray(parameter.grad.numpy())


def test_frozen_parameters_do_not_require_gradients(tmp_path: Path) -> None:
    network, _ = CASES["dag1"]()
    frozen_weights = sum(c.frozen for c in network.connections.values())
    frozen_biases = sum(n.frozen for n in network.neurons.values())
    assert frozen_weights and frozen_biases
    module, _ = _export(network, tmp_path)
    net = module.load()
    frozen = {name: p for name, p in net.named_parameters() if "frozen" in name}
    assert frozen and not any(p.requires_grad for p in frozen.values())
    kept = sum(int((p != 0).sum()) for name, p in frozen.items() if name.endswith("weight"))
    assert kept == frozen_weights
    trainable = [name for name, p in net.named_parameters() if p.requires_grad]
    assert trainable and all("frozen" not in name for name in trainable)


def test_the_module_reads_as_the_drawing(tmp_path: Path) -> None:
    network, _ = CASES["mixed_dag"]()
    export_network(network, tmp_path / "net.py", format_key="torch",
                   data=training_data(network))
    text = (tmp_path / "net.py").read_text(encoding="utf-8")
    for label in ("in0", "c1", "c2", "c3", "o1", "o3", "b"):
        assert re.search(rf"#.*\b{label}\b", text), label
    assert "class MaskedLinear(nn.Module)" in text   # pairs that are not connected
    assert "torch.cat(" in text                      # skip connections read earlier levels
    xor, _ = CASES["example_xor"]()
    export_network(xor, tmp_path / "xor.py", format_key="torch", data=training_data(xor))
    text = (tmp_path / "xor.py").read_text(encoding="utf-8")
    assert "self.level1 = nn.Linear(2, 2, dtype=dtype)" in text
    assert "MaskedLinear" not in text
    module = _load(tmp_path / "xor.py")
    settings = xor.settings.to_dict()
    assert all(settings[key] == value for key, value in module.SETTINGS.items())
    assert module.LOSS == "l2"


def test_scaled_inputs_are_taken_raw(tmp_path: Path) -> None:
    network, _ = CASES["skip"]()
    scaling = scale_inputs(network)
    module, _ = _export(network, tmp_path)
    x = inputs_for(network, 30)
    expected = Engine(compile_network(network, "float64")).predict(scaling.apply(x))
    with torch.no_grad():
        got = module.load()(torch.tensor(x)).numpy()
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-9)
    state = torch.load(tmp_path / "net.pt", weights_only=True)
    assert np.array_equal(state["input_offset"].numpy(), scaling.offset)
    assert np.array_equal(state["input_scale"].numpy(), scaling.scale)
    assert scaling.describe() in (tmp_path / "net.py").read_text(encoding="utf-8")


SETTINGS = {
    "sgd": {"optimizer": "sgd", "learning_rate": 0.3},
    "momentum+l2": {"optimizer": "momentum", "learning_rate": 0.1, "l2": 0.01},
    "nesterov+l1": {"optimizer": "momentum", "nesterov": True, "learning_rate": 0.1,
                    "l1": 0.003},
    "adam": {"optimizer": "adam", "learning_rate": 0.01, "l1": 0.001, "l2": 0.002},
}


def _run(script: ModuleType, module: ModuleType, folder: Path) -> Any:
    with np.load(folder / "net_data.npz", allow_pickle=False) as data:
        return script.Run(module, dict(module.SETTINGS), dict(data), torch.device("cpu"),
                          torch.float64)


@pytest.mark.parametrize("variant", sorted(SETTINGS))
@pytest.mark.parametrize("case", ["dag1", "softmax", "dag2", "example_iris", "bce_feeding"])
def test_the_first_step_equals_the_engines(case: str, variant: str, tmp_path: Path) -> None:
    network, _ = CASES[case]()   # iris: trained on z-scored inputs, exported raw
    network.set_settings(network.settings.with_changes(batch_size=8, **SETTINGS[variant]))
    data = training_data(network)
    module, script = _export(network, tmp_path, data=data)
    run = _run(script, module, tmp_path)
    plan = compile_network(network, "float64")
    trainer = Trainer(plan, _as_trained(network, data), network.settings)
    engine_loss = trainer.step()
    first = np.random.default_rng(network.settings.seed).permutation(data.n_train)[:8]
    assert run.step(first) == pytest.approx(engine_loss, rel=1e-10)
    _assert_same_parameters(run.net, plan, 1e-12)


def test_epochs_follow_the_engine_with_shuffling_schedules_and_validation(
        tmp_path: Path) -> None:
    network, _ = CASES["dag1"]()
    network.set_settings(network.settings.with_changes(
        optimizer="momentum", nesterov=True, learning_rate=0.05, batch_size=7, epochs=3,
        schedule="cosine", min_learning_rate=0.001, l2=0.001, validation_ratio=0.2, seed=4))
    data = training_data(network, n_train=40)
    module, script = _export(network, tmp_path, data=data)
    run = _run(script, module, tmp_path)
    plan = compile_network(network, "float64")
    trainer = Trainer(plan, data, network.settings)
    with np.load(tmp_path / "net_data.npz") as exported:   # the engine's split
        assert np.array_equal(exported["x_train"], trainer.data.x_train)
        assert trainer.data.x_val is not None and len(trainer.data.x_val) == 8
        assert np.array_equal(exported["x_val"], trainer.data.x_val)
    for _ in range(3):
        trainer.run_epoch()
        assert run.run_epoch() == pytest.approx(trainer.last_train_loss, rel=1e-9)
    _assert_same_parameters(run.net, plan, 1e-10)
    assert trainer.epoch == run.epoch == 3


def _torchrun(folder: Path, epochs: int) -> str:
    """Two processes of the train script under torchrun (gloo on the CPU); its stdout."""
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node=2",
         "net_train.py", "--epochs", str(epochs), "--cpu"],
        cwd=folder, env=env, capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr[:3000]}"
    assert "on 2 process(es), cpu" in result.stdout
    return result.stdout


def _same_as_one_process(folder: Path, epochs: int) -> None:
    """The one-process run of the train script ends with the weights torchrun saved."""
    script = _load(folder / "net_train.py")
    single = folder / "single.pt"
    assert script.main(["--epochs", str(epochs), "--cpu", "--out", str(single)]) == 0
    ddp = torch.load(folder / "net_trained.pt", weights_only=True)
    for name, value in torch.load(single, weights_only=True).items():
        np.testing.assert_allclose(ddp[name].numpy(), value.numpy(), rtol=0, atol=1e-10)


def test_torchrun_with_two_processes_lowers_the_loss_like_one_process(tmp_path: Path) -> None:
    from bpstudio.formats.bpnet import load
    from bpstudio.workflow import export_document

    network, info = load(example_path("skip"))   # two moons, full batch, momentum
    export_document(network, tmp_path / "net.py", format_key="torch", title=info.title)
    output = _torchrun(tmp_path, 2)
    losses = [float(v) for v in re.findall(r"epoch \d: train loss (\S+?),", output)]
    assert len(losses) == 2 and losses[1] < losses[0]
    module = _load(tmp_path / "net.py")
    with np.load(tmp_path / "net_data.npz") as data:
        x, y = torch.tensor(data["x_train"]), torch.tensor(data["y_train"])
    with torch.no_grad():
        before = module.summed_loss(module.load(), x, y).item()
        after = module.summed_loss(module.load(tmp_path / "net_trained.pt"), x, y).item()
    assert after < before
    _same_as_one_process(tmp_path, 2)


def test_torchrun_trains_minibatches_and_levels_that_feed_no_output(tmp_path: Path) -> None:
    network, _ = CASES["dag1"]()   # a level of neurons that feed no output, frozen weights
    network.set_settings(network.settings.with_changes(
        batch_size=5, optimizer="adam", learning_rate=0.01, l2=0.01))
    module, _ = _export(network, tmp_path)
    assert module.IDLE_LEVELS
    _torchrun(tmp_path, 2)
    _same_as_one_process(tmp_path, 2)
