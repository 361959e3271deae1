"""Regenerate resources/examples/*.bpnet (deterministic; run from the repo root).

Each example ships with freshly initialised, untrained weights so a user can watch it
learn; tests/engine/test_examples.py checks that each one trains to a good result with the
settings saved in it.
"""

from __future__ import annotations

from bpstudio.examples import EXAMPLES_DIR
from bpstudio.formats.bpnet import ProjectInfo, save
from bpstudio.model.builders import column_positions, layered
from bpstudio.model.network import Network
from bpstudio.model.settings import DatasetSpec, TrainingSettings
from bpstudio.workflow import initialize, network_for_dataset


def xor() -> tuple[Network, ProjectInfo]:
    net = layered([2, 2, 1], "sigmoid", "sigmoid")
    net.set_settings(TrainingSettings(loss="l2", optimizer="sgd", learning_rate=2.0,
                                      epochs=5000, seed=1),
                     DatasetSpec("xor", samples=4, test_ratio=0.0))
    return net, ProjectInfo(
        "XOR — the tutorial's 2-2-1 sigmoid network",
        "Two inputs, two hidden sigmoid neurons, one sigmoid output, trained with the L2 "
        "loss (squared distance to the target) by plain gradient descent on the four XOR "
        "points. No straight line separates XOR, so the hidden layer is what makes it "
        "learnable.")


def spiral() -> tuple[Network, ProjectInfo]:
    net = layered([2, 16, 16, 1], "tanh", "tanh")
    net.set_settings(TrainingSettings(loss="l2", optimizer="adam", learning_rate=0.01,
                                      epochs=2000, init="xavier", seed=0),
                     DatasetSpec("spiral", samples=400, noise=0.0, test_ratio=0.2, seed=0))
    return net, ProjectInfo(
        "Two spirals — a hard 2-D problem for a 2-16-16-1 tanh network",
        "Two interleaved spirals; the decision boundary has to wind around the origin. "
        "Adam, full batch.")


def digits() -> tuple[Network, ProjectInfo]:
    net = layered([64, 32, 10], "sigmoid", "softmax", labels=False)
    inputs = net.inputs()
    for i, neuron in enumerate(inputs):   # the 8×8 image, as the pixels lie
        row, col = divmod(i, 8)
        net.update_neurons({neuron.id: {"x": 52.0 * col - 420, "y": 52.0 * row - 182,
                                        "label": f"p{row}{col}"}})
    hidden = [n for n in net.neurons.values() if n.role == "hidden"]
    for neuron, (x, y) in zip(hidden, column_positions(32, 200, 0, 38), strict=True):
        net.update_neurons({neuron.id: {"x": x, "y": y}})
    for digit, (neuron, (x, y)) in enumerate(zip(net.outputs(),
                                                column_positions(10, 520, 0, 76),
                                                strict=True)):
        net.update_neurons({neuron.id: {"x": x, "y": y, "label": str(digit)}})
    net.set_settings(TrainingSettings(loss="softmax_cross_entropy", optimizer="sgd",
                                      learning_rate=0.5, batch_size=32, epochs=40, seed=0),
                     DatasetSpec("digits", test_ratio=0.2, seed=0))
    return net, ProjectInfo(
        "Handwritten digits — 64-32-10, softmax output",
        "8×8 images of handwritten digits (1,797 of them). The 64 inputs are laid out as "
        "the image; ten softmax outputs give the probability of each digit. Minibatches of "
        "32, plain SGD.")


def skip() -> tuple[Network, ProjectInfo]:
    net = layered([2, 6, 6, 1], "tanh", "sigmoid")
    inputs = [n.id for n in net.inputs()]
    first_hidden = [n.id for n in net.neurons.values() if n.role == "hidden"][:6]
    output = net.outputs()[0].id
    net.connect_many([(i, output) for i in inputs] + [(h, output) for h in first_hidden])
    net.set_settings(TrainingSettings(loss="binary_cross_entropy", optimizer="momentum",
                                      learning_rate=0.1, epochs=1000, seed=0),
                     DatasetSpec("moons", samples=300, noise=0.1, test_ratio=0.2, seed=0))
    return net, ProjectInfo(
        "Skip connections — two moons with a 2-6-6-1 network and shortcuts",
        "The inputs and the first hidden layer also feed the output directly: a drawn DAG, "
        "not a stack of layers. Sigmoid output with binary cross-entropy, momentum SGD.")


def fashion() -> tuple[Network, ProjectInfo]:
    # 784 inputs as the 28×28 image (builders lays them out as a grid), 64 ReLU, 10 softmax
    # outputs named after the classes; Adam on minibatches of 32 reaches ~84 % in 10 epochs.
    net, _ = network_for_dataset(DatasetSpec("fashion", test_ratio=0.2, seed=0),
                                 hidden=(64,), activation="relu", seed=0)
    hidden = [n for n in net.neurons.values() if n.role == "hidden"]
    for neuron, (x, y) in zip(hidden, column_positions(64, 200, 0, 40), strict=True):
        net.update_neurons({neuron.id: {"x": x, "y": y}})
    for neuron, (x, y) in zip(net.outputs(), column_positions(10, 520, 0, 76), strict=True):
        net.update_neurons({neuron.id: {"x": x, "y": y}})
    net.set_settings(TrainingSettings(loss="softmax_cross_entropy", optimizer="adam",
                                      learning_rate=0.001, batch_size=32, epochs=10,
                                      init="he", seed=0))
    return net, ProjectInfo(
        "Fashion-MNIST — 784-64-10 ReLU, softmax output",
        "10,000 28×28 photos of clothing in 10 classes (T-shirt/top, Trouser, Pullover, "
        "Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot), 8,000 for training. The 784 "
        "inputs are laid out as the image; 64 ReLU neurons; ten softmax outputs. Adam on "
        "minibatches of 32 reaches about 84 % test accuracy in 10 epochs, a few seconds.")


def iris() -> tuple[Network, ProjectInfo]:
    # z-score inputs (the dataset default for tables): the four measurements in cm become
    # comparable, and the exports still take centimetres.
    net, _ = network_for_dataset(DatasetSpec("iris", test_ratio=0.2, seed=0,
                                             scale_inputs="zscore"),
                                 hidden=(8,), activation="tanh", seed=0)
    net.set_settings(TrainingSettings(loss="softmax_cross_entropy", optimizer="adam",
                                      learning_rate=0.02, batch_size=16, epochs=100, seed=0))
    return net, ProjectInfo(
        "Iris — 4-8-3, z-scored measurements",
        "Fisher's 150 iris flowers: sepal and petal length and width (cm) → setosa, "
        "versicolor or virginica. The inputs are z-scored on the training split (Training "
        "dock: Scale inputs); predictions and exports take centimetres. Adam, minibatches "
        "of 16.")


def elman(n_hidden: int, output: str) -> Network:
    """An Elman network: one input, tanh hidden neurons that each read every hidden
    neuron's previous activation (recurrent connections, self-loops included), one
    sigmoid output."""
    net = Network()
    x = net.add_neuron("input", label="bit", x=0.0, y=0.0)
    hidden = [net.add_neuron("hidden", activation="tanh", x=200.0, y=y)
              for _, y in column_positions(n_hidden, 200, 0, 72)]
    y = net.add_neuron("output", activation="sigmoid", label=output, x=400.0, y=0.0)
    net.connect_many([(x.id, h.id) for h in hidden] + [(h.id, y.id) for h in hidden])
    for h in hidden:
        for g in hidden:
            net.connect(g.id, h.id, recurrent=True)
    return net


def parity() -> tuple[Network, ProjectInfo]:
    net = elman(4, "parity")
    net.set_settings(TrainingSettings(loss="binary_cross_entropy", optimizer="adam",
                                      learning_rate=0.05, batch_size=32, epochs=300,
                                      target_loss=0.02, clip_norm=5.0, seed=1),
                     DatasetSpec("parity", samples=300, sequence_length=10, test_ratio=0.25,
                                 seed=0))
    return net, ProjectInfo(
        "Parity — an Elman network computes the running XOR of a bit stream",
        "One bit per time step; the output says whether an odd number of 1s has arrived "
        "so far. The four tanh hidden neurons read their own previous activations through "
        "recurrent connections (the t−1 edges), which is all the memory the task needs. "
        "Trained by backpropagation through time on sequences of 10 bits with Adam; "
        "reaches over 95 % test accuracy per step.")


def echo() -> tuple[Network, ProjectInfo]:
    net = elman(4, "echo")
    net.set_settings(TrainingSettings(loss="binary_cross_entropy", optimizer="adam",
                                      learning_rate=0.05, batch_size=16, epochs=200,
                                      target_loss=0.01, clip_norm=5.0, seed=0),
                     DatasetSpec("echo", samples=200, sequence_length=12, test_ratio=0.25,
                                 seed=0))
    return net, ProjectInfo(
        "Echo — repeat the bit from two steps ago",
        "One bit per time step; the output must repeat the bit that arrived two steps "
        "earlier (0 for the first two steps). The recurrent connections between the four "
        "tanh hidden neurons hold the last two bits. Backpropagation through time with "
        "Adam; reaches over 99 % test accuracy per step.")


def main() -> None:
    EXAMPLES_DIR.mkdir(parents=True, exist_ok=True)
    for name, make in (("xor", xor), ("spiral", spiral), ("digits", digits), ("skip", skip),
                       ("fashion", fashion), ("iris", iris), ("parity", parity),
                       ("echo", echo)):
        network, info = make()
        initialize(network)
        save(network, EXAMPLES_DIR / f"{name}.bpnet", info)
        print(f"wrote {name}.bpnet: {network.parameter_count()} parameters")


if __name__ == "__main__":
    main()
