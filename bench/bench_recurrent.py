"""Backpropagation through time: one epoch of the ``parity`` example vs PyTorch eager.

Run: ``.venv/bin/python -m bench.bench_recurrent`` (PyTorch is optional:
``pip install torch==2.13.0``). The same network both ways: the example's Elman network
(1 input, 4 tanh hidden neurons reading every hidden neuron's previous activation, one
sigmoid output), binary cross-entropy at every step, Adam, its minibatches of 32 sequences
of 10 steps. PyTorch runs it as the usual eager loop of ``nn.RNNCell`` over the steps and
an ``nn.Linear`` output, float64 like the engine. Timings of one run, interleaved, the
minimum over repeats; the ratio is BP Studio's time over PyTorch's (below 1: faster).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

import numpy as np

from bench.bench_engine import best_time
from bpstudio.engine.training import Trainer
from bpstudio.examples import example_path
from bpstudio.formats.bpnet import load
from bpstudio.workflow import prepare_training

Array = np.ndarray


def engine_runner() -> tuple[Callable[[], None], int, int]:
    """One epoch of the example with its saved settings (target loss off, so every epoch
    does the same work); returns (run one epoch, sequences, steps per sequence)."""
    network, _ = load(example_path("parity"))
    network.set_settings(network.settings.with_changes(target_loss=0.0, epochs=10 ** 6))
    prepared = prepare_training(network)
    trainer = Trainer(prepared.plan, prepared.data, network.settings)
    data = prepared.data
    return trainer.run_epoch, data.n_train, int(data.x_train.shape[1])


def torch_runner() -> Callable[[], None] | None:
    try:
        import torch
    except ImportError:
        return None
    network, _ = load(example_path("parity"))
    prepared = prepare_training(network)
    data, settings = prepared.data, network.settings
    torch.manual_seed(0)
    dtype = torch.float64
    hidden = len([n for n in network.neurons.values() if n.role == "hidden"])
    cell = torch.nn.RNNCell(1, hidden, nonlinearity="tanh", dtype=dtype)
    head = torch.nn.Linear(hidden, 1, dtype=dtype)
    parameters = [*cell.parameters(), *head.parameters()]
    optimizer = torch.optim.Adam(parameters, lr=settings.learning_rate)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    x = torch.tensor(np.ascontiguousarray(data.x_train.transpose(1, 0, 2)), dtype=dtype)
    y = torch.tensor(np.ascontiguousarray(data.y_train.transpose(1, 0, 2)), dtype=dtype)
    n, steps, batch = x.shape[1], x.shape[0], settings.batch_size

    def epoch() -> None:
        order = torch.randperm(n)
        for start in range(0, n, batch):
            rows = order[start:start + batch]
            xb, yb = x[:, rows], y[:, rows]
            optimizer.zero_grad()
            state = torch.zeros(len(rows), hidden, dtype=dtype)
            loss = torch.zeros((), dtype=dtype)
            for t in range(steps):
                state = cell(xb[t], state)
                loss = loss + loss_fn(head(state), yb[t])
            (loss / steps).backward()
            torch.nn.utils.clip_grad_norm_(parameters, settings.clip_norm)
            optimizer.step()

    return epoch


def run(repeats: int = 7, number: int = 20) -> dict[str, float]:
    engine, sequences, steps = engine_runner()
    runners: dict[str, Callable[[], None]] = {"bpstudio": engine}
    torch_fn = torch_runner()
    if torch_fn is not None:
        runners["pytorch eager"] = torch_fn
    times = {name: float("inf") for name in runners}
    for fn in runners.values():   # warm up: workspaces, torch's kernels
        fn()
    for _ in range(repeats):      # interleaved, so both see the same machine
        for name, fn in runners.items():
            times[name] = min(times[name], best_time(fn, 1, number))
    times["sequences"], times["steps"] = float(sequences), float(steps)
    return times


def report(times: dict[str, float]) -> str:
    engine = times["bpstudio"]
    torch_t = times.get("pytorch eager")
    ratio = f"{engine / torch_t:.2f}×" if torch_t else "n/a (PyTorch not installed)"
    shown = f"{torch_t * 1e3:.2f} ms" if torch_t else "—"
    return (f"parity example, one epoch ({times['sequences']:.0f} sequences × "
            f"{times['steps']:.0f} steps, batches of 32, BPTT, Adam, float64)\n"
            f"| BP Studio | PyTorch eager nn.RNNCell loop | BP Studio / PyTorch |\n"
            f"| --- | --- | --- |\n"
            f"| {engine * 1e3:.2f} ms | {shown} | {ratio} |")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args(argv)
    times = run(3, 5) if args.quick else run()
    print(report(times))


if __name__ == "__main__":
    main()
