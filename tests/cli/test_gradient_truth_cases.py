"""Issue 9's four cases, as its reproduction runs them: hand-written files trained for one
full-batch SGD step by ``bpstudio train`` and checked by ``bpstudio gradcheck``."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from bpstudio.cli import main
from bpstudio.formats.bpnet import load, save
from bpstudio.model.network import Network
from bpstudio.model.settings import DatasetSpec
from tests.networks import relu_xor

ONE_STEP = ("--epochs", "1", "--batch-size", "0", "--optimizer", "sgd",
            "--validation-ratio", "0")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def write_case(folder: Path, network: Network, csv: str, *, loss: str, lr: float,
               dtype: str = "float64") -> Path:
    """The issue's setup: plain SGD, full batch, no shuffling, no test split."""
    (folder / "data.csv").write_text(csv, encoding="utf-8")
    network.set_settings(network.settings.with_changes(
        loss=loss, optimizer="sgd", learning_rate=lr, batch_size=0, shuffle=False, epochs=1,
        dtype=dtype), DatasetSpec(name="data.csv", test_ratio=0.0))
    path = folder / "case.bpnet"
    save(network, path)
    return path


def one_in_one_out(activation: str, weight: float = 2.0) -> Network:
    net = Network()
    x = net.add_neuron("input", label="x").id
    y = net.add_neuron("output", activation=activation, label="y").id
    net.connect(x, y, weight)
    return net


def train_one_step(capsys, path: Path) -> tuple[dict, Network]:
    out_path = path.with_name("out.bpnet")
    code, out, err = run(capsys, "train", str(path), *ONE_STEP, "--out", str(out_path),
                         "--json")
    assert code == 0, err
    return json.loads(out), load(out_path)[0]


# ----------------------------------------------------------------------- case 1
@pytest.mark.parametrize("activation", ["identity", "relu", "softplus"])
def test_case_1_bce_on_an_output_that_is_not_a_sigmoid_is_refused(capsys, tmp_path,
                                                                   activation):
    """Was: loss 14.1621 reported, w sent to −5·10¹⁰ by the clipped formula's wrong slope."""
    path = write_case(tmp_path, one_in_one_out(activation), "x,y\n1,0\n0.25,1\n",
                      loss="binary_cross_entropy", lr=0.1)
    for command in ("train", "gradcheck"):
        code, out, err = run(capsys, command, str(path))
        assert code == 2 and not out
        assert err.strip() == (f"bpstudio {command}: error: binary cross-entropy needs "
                               "outputs in (0, 1): make y a sigmoid, or use the L2 loss")


def test_case_1_a_saturated_sigmoid_output_that_feeds_on_trains_on_its_exact_gradient(
        capsys, tmp_path):
    """y1 = σ(40·x) also feeds y2: it took the clipped path, which reported 27.63 for its
    −ln(1 − σ(40)) ≈ 40 and, with a(1 − a) = 0 in float64, gave w a gradient of 0.
    Exactly: L = 40 + softplus(1) − 0.25 = 41.0633, ∂L/∂w = mean of (σ(40) − 0)·x = 1."""
    net = Network()
    x = net.add_neuron("input", label="x").id
    y1 = net.add_neuron("output", activation="sigmoid", label="y1").id
    y2 = net.add_neuron("output", activation="sigmoid", label="y2").id
    net.connect(x, y1, 40.0)
    net.connect(y1, y2, 1.0)
    path = write_case(tmp_path, net, "x,y1,y2\n1,0,0\n1,0,0.5\n",
                      loss="binary_cross_entropy", lr=0.1)
    result, trained = train_one_step(capsys, path)
    softplus_1 = math.log1p(math.e)
    assert result["train_loss"] == pytest.approx(40 + softplus_1 - 0.25, rel=1e-12)
    assert trained.connections[1].weight == pytest.approx(40 - 0.1 * 1.0, rel=1e-15)
    sigma_1 = 1 / (1 + math.exp(-1))                    # y2 = σ(1·σ(40)) = σ(1)
    assert trained.connections[2].weight == pytest.approx(1 - 0.1 * (sigma_1 - 0.25),
                                                          rel=1e-12)
    code, out, _ = run(capsys, "gradcheck", str(path))
    assert code == 0 and "passed: 0 of 4 parameters" in out


# ----------------------------------------------------------------------- case 2
def test_case_2_bce_on_a_single_tanh_output_is_refused(capsys, tmp_path):
    """Was: 0/1 labels became −1/+1 targets, the loss went to −13.8 and w to 5·10⁹."""
    path = write_case(tmp_path, one_in_one_out("tanh"), "x,y\n1,0\n0.25,1\n",
                      loss="binary_cross_entropy", lr=0.1)
    for command in ("train", "gradcheck"):
        code, _, err = run(capsys, command, str(path))
        assert code == 2
        assert "binary cross-entropy needs outputs in (0, 1): make y a sigmoid" in err


def test_case_2_a_tanh_output_with_l2_trains_toward_minus_one_and_one(capsys, tmp_path):
    """The documented encoding: class 0 → −1, class 1 → +1 for a single tanh output.
    With w = 2: a = tanh(2), tanh(0.5); L = ((tanh 2 + 1)² + (tanh 0.5 − 1)²) / 2."""
    path = write_case(tmp_path, one_in_one_out("tanh"), "x,y\n1,0\n0.25,1\n", loss="l2",
                      lr=0.1)
    result, _ = train_one_step(capsys, path)
    expected = ((math.tanh(2) + 1) ** 2 + (math.tanh(0.5) - 1) ** 2) / 2
    assert result["train_loss"] == pytest.approx(expected, rel=1e-12)


# ----------------------------------------------------------------------- case 3
def test_case_3_softmax_with_multi_hot_targets_follows_the_loss_it_reports(capsys,
                                                                           tmp_path):
    """Targets (1, 1) and (1, 0): the step must be the gradient of −Σ y ln p, not of the
    one-hot shortcut (p − y)/B (which gave weights [0.26894, 0.23106], biases [0.5, 0])."""
    net = Network()
    x = net.add_neuron("input", label="x").id
    a = net.add_neuron("output", activation="softmax", label="a").id
    b = net.add_neuron("output", activation="softmax", label="b").id
    net.connect(x, a, 0.5)
    net.connect(x, b, -0.5)
    path = write_case(tmp_path, net, "x,a,b\n1,1,1\n-1,1,0\n",
                      loss="softmax_cross_entropy", lr=1.0)
    _, trained = train_one_step(capsys, path)
    weights = [trained.connections[c].weight for c in (1, 2)]
    biases = [trained.neurons[n].bias for n in (a, b)]
    assert weights == pytest.approx([-0.09659, 0.09659], abs=1e-5)
    assert biases == pytest.approx([0.13447, -0.13447], abs=1e-5)
    code, out, _ = run(capsys, "gradcheck", str(path))
    assert code == 0 and "passed" in out


def test_case_3_negative_targets_are_refused_for_softmax_cross_entropy(capsys, tmp_path):
    """−y ln p with y < 0 falls without bound: no loss to minimise."""
    net = Network()
    x = net.add_neuron("input", label="x").id
    for label in ("a", "b"):
        net.connect(x, net.add_neuron("output", activation="softmax", label=label).id, 0.5)
    path = write_case(tmp_path, net, "x,a,b\n1,1,-1\n-1,1,0.5\n",
                      loss="softmax_cross_entropy", lr=1.0)
    code, _, err = run(capsys, "train", str(path))
    assert code == 2
    assert err.strip() == ("bpstudio train: error: softmax cross-entropy needs targets ≥ 0, "
                           "but target 'b' holds -1: make it ≥ 0, or use the L2 loss")


# ----------------------------------------------------------------------- case 4
def test_case_4_float32_training_leaves_frozen_parameters_bit_identical(capsys, tmp_path):
    """0.1 came back as 0.10000000149011612: the float32 working copy was written back."""
    net = Network()
    x = net.add_neuron("input", label="x").id
    h = net.add_neuron("hidden", activation="tanh", bias=0.1, frozen=True).id
    y = net.add_neuron("output", activation="identity", bias=0.3, label="y").id
    net.connect(x, h, 0.1, frozen=True)
    net.connect(h, y, 0.7)
    path = write_case(tmp_path, net, "x,y\n1,0\n0.25,1\n", loss="l2", lr=0.1,
                      dtype="float32")
    _, trained = train_one_step(capsys, path)
    assert trained.connections[1].weight == 0.1            # bit for bit
    assert trained.neurons[h].bias == 0.1
    assert trained.connections[2].weight != 0.7            # the others did train
    assert trained.neurons[y].bias != 0.3


# ------------------------------------------------------- gradcheck passes what trains
def test_gradcheck_leaves_out_samples_at_a_relu_kink_and_says_so(capsys, tmp_path):
    """The tutorial's XOR point (0, 0) puts every bias-0 ReLU exactly at its kink: the
    check used to fail there although backprop is right everywhere else."""
    net = relu_xor()
    net.set_settings(dataset=DatasetSpec(name="xor", samples=4))
    path = tmp_path / "relu.bpnet"
    save(net, path)
    code, out, _ = run(capsys, "gradcheck", str(path))
    assert code == 0
    assert "note: left out 1 of 4 samples where a nudge moves a ReLU input across 0" in out
    assert out.rstrip().endswith("(ε = 1e-05, 3 samples)")
    code, out, _ = run(capsys, "gradcheck", str(path), "--json")
    result = json.loads(out)
    assert result["samples"] == 3 and result["samples_at_kinks"] == 1
    assert result["failed"] == 0 and result["noise_floor"] > 0


def test_train_says_on_stderr_that_it_initialised_an_all_zero_network(capsys, tmp_path):
    path = write_case(tmp_path, one_in_one_out("sigmoid", weight=0.0), "x,y\n1,0\n0.25,1\n",
                      loss="l2", lr=0.1)
    for extra in ((), ("--json",)):
        code, out, err = run(capsys, "train", str(path), *extra)
        assert code == 0
        assert "bpstudio train: note: all weights were 0: initialised them (xavier, seed 0)" \
            in err
        assert "all weights were 0" not in out or extra   # --json keeps it in "notes"
    assert json.loads(out)["notes"] == ["all weights were 0: initialised them (xavier, seed 0)"]
