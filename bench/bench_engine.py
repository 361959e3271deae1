"""Engine speed: drawn networks vs a hand-written layered NumPy MLP vs PyTorch eager.

Run: ``.venv/bin/python -m bench.bench_engine`` (PyTorch is optional:
``pip install torch==2.13.0``). All timings of one configuration are taken in the same
run, interleaved, and reported as ratios; the minimum over repeats is used because it is
the least disturbed by other work on the machine. The big networks (784 inputs) run at
1 and at 2 BLAS threads; for them the table also gives the achieved GFLOP/s (the three
products of each layer: forward, ∂L/∂W and ∂L/∂a below it) next to the float32 GEMM rate
measured at the same thread count in the same run (a 1024³ product).
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from bench.handwritten import HandwrittenMLP
from bpstudio.engine.plan import compile_network
from bpstudio.engine.targets import prepare
from bpstudio.engine.training import Trainer
from bpstudio.model.builders import layered
from bpstudio.model.network import Network
from bpstudio.model.settings import TrainingSettings
from bpstudio.workflow import initialize


@dataclass
class Case:
    name: str
    sizes: list[int]
    hidden: str
    output: str
    loss: str           # engine loss name
    optimizer: str
    lr: float
    batch: int          # 0 = full batch
    dtype: str
    x: np.ndarray
    labels: np.ndarray
    unit: str           # "epoch" or "step"
    threads: tuple[int | None, ...] = (None,)   # BLAS threads to run at; None: as found

    def flops(self) -> float:
        """Multiply-adds × 2 of one epoch's (or step's) matrix products."""
        pairs = list(zip(self.sizes, self.sizes[1:], strict=False))
        per_sample = 2 * sum(a * b for a, b in pairs) * 3 - 2 * pairs[0][0] * pairs[0][1]
        samples = len(self.x) if self.unit == "epoch" or not self.batch else self.batch
        return float(per_sample * samples)


def digits_case() -> Case:
    from bpstudio.data.digits import digits_arrays

    pixels, labels = digits_arrays()
    rng = np.random.default_rng(0)
    order = rng.permutation(len(labels))[:1438]
    return Case("digits 64-32-10 sigmoid, softmax CE, batch 32, SGD", [64, 32, 10],
                "sigmoid", "softmax", "softmax_cross_entropy", "sgd", 0.5, 32, "float64",
                pixels[order], labels[order], "epoch")


def mnist_like_case(samples: int) -> Case:
    rng = np.random.default_rng(1)
    x = rng.random((samples, 784), dtype=np.float32)
    return Case(f"784-256-128-10 ReLU, Adam, batch 128, float32, {samples:,} samples",
                [784, 256, 128, 10], "relu", "softmax", "softmax_cross_entropy", "adam",
                1e-3, 128, "float32", x, rng.integers(0, 10, samples), "epoch", (1, 2))


def fashion_case(samples: int) -> Case:
    """The fashion example's network and settings (784-64-10, Adam, batch 32, float64)
    on its own images."""
    from bpstudio.data.catalog import make_builtin
    from bpstudio.model.settings import DatasetSpec

    data = make_builtin(DatasetSpec(name="fashion", test_ratio=0.2))
    x, labels = data.x_train[:samples], data.y_train[:samples].astype(int).ravel()
    return Case(f"fashion 784-64-10 ReLU, Adam, batch 32, float64, {len(x):,} samples",
                [784, 64, 10], "relu", "softmax", "softmax_cross_entropy", "adam", 1e-3, 32,
                "float64", x, labels, "epoch", (1, 2))


def spiral_case() -> Case:
    rng = np.random.default_rng(2)
    t = rng.uniform(0.5, 3 * np.pi, 200)
    labels = rng.integers(0, 2, 200)
    r = t / (3 * np.pi)
    x = np.stack([r * np.cos(t + np.pi * labels), r * np.sin(t + np.pi * labels)], axis=1)
    return Case("spiral 2-8-8-1 tanh, L2, full batch 200, SGD", [2, 8, 8, 1], "tanh",
                "tanh", "l2", "sgd", 0.01, 0, "float64", x, labels, "step")


def drawn_network(case: Case, skip: bool) -> Network:
    net = layered(case.sizes, case.hidden, case.output)
    if skip:   # every input also feeds every output directly
        inputs = [n.id for n in net.inputs()]
        outputs = [n.id for n in net.outputs()]
        net.connect_many([(i, o) for o in outputs for i in inputs])
    net.set_settings(TrainingSettings(loss=case.loss, optimizer=case.optimizer,
                                      learning_rate=case.lr, batch_size=case.batch,
                                      epochs=10**8, dtype=case.dtype, init="he"))
    initialize(net)
    return net


def engine_runner(case: Case, skip: bool) -> Callable[[], None]:
    net = drawn_network(case, skip)
    plan = compile_network(net)
    data = prepare(plan, case.x, case.labels, case.x[:0], case.labels[:0],
                   "classification", case.sizes[-1] if case.sizes[-1] > 1 else 2)
    trainer = Trainer(plan, data, net.settings)
    return trainer.run_epoch if case.unit == "epoch" else trainer.step


def handwritten_runner(case: Case) -> Callable[[], None]:
    loss = "softmax_ce" if case.loss == "softmax_cross_entropy" else "l2"
    mlp = HandwrittenMLP(case.sizes, case.hidden, case.output, loss, case.dtype,
                         optimizer=case.optimizer)
    x = np.ascontiguousarray(case.x, dtype=case.dtype)
    if loss == "l2":
        y = (2.0 * case.labels - 1.0).reshape(-1, 1).astype(case.dtype)
    else:
        y = np.asarray(case.labels, dtype=np.intp)
    rng = np.random.default_rng(0)
    n = len(x)
    batch = case.batch or n
    xb = np.empty((batch, x.shape[1]), x.dtype)   # each minibatch is gathered into these
    yb = np.empty((batch, *y.shape[1:]), y.dtype)

    def epoch() -> None:
        order = rng.permutation(n)
        for i in range(0, n, batch):
            rows = order[i:i + batch]
            size = len(rows)
            np.take(x, rows, axis=0, out=xb[:size])
            np.take(y, rows, axis=0, out=yb[:size])
            mlp.step(xb[:size], yb[:size], case.lr)

    if case.unit == "step":
        return lambda: mlp.step(x, y, case.lr)
    return epoch


def gemm_rate(dtype: str = "float32", size: int = 1024) -> float:
    """GFLOP/s of one ``size``³ product at the current BLAS thread count (best of 5)."""
    rng = np.random.default_rng(3)
    a, b = (rng.random((size, size)).astype(dtype) for _ in range(2))
    out = np.empty((size, size), dtype)
    np.matmul(a, b, out=out)
    best = min(_timed(lambda: np.matmul(a, b, out=out)) for _ in range(5))
    return 2 * size ** 3 / best / 1e9


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def torch_runner(case: Case) -> Callable[[], None] | None:
    try:
        import torch
    except ImportError:
        return None
    dtype = getattr(torch, case.dtype)
    acts = {"sigmoid": torch.nn.Sigmoid, "tanh": torch.nn.Tanh, "relu": torch.nn.ReLU}
    layers: list[torch.nn.Module] = []
    for i, (a, b) in enumerate(zip(case.sizes, case.sizes[1:], strict=False)):
        layers.append(torch.nn.Linear(a, b, dtype=dtype))
        if i < len(case.sizes) - 2:
            layers.append(acts[case.hidden]())
    if case.output == "tanh":
        layers.append(torch.nn.Tanh())
    model = torch.nn.Sequential(*layers)
    x = torch.tensor(case.x, dtype=dtype)
    if case.loss == "softmax_cross_entropy":
        y = torch.tensor(case.labels)
        loss_fn = torch.nn.CrossEntropyLoss()
    else:
        y = torch.tensor((2.0 * case.labels - 1.0).reshape(-1, 1), dtype=dtype)
        loss_fn = torch.nn.MSELoss()
    opt = (torch.optim.Adam(model.parameters(), lr=case.lr) if case.optimizer == "adam"
           else torch.optim.SGD(model.parameters(), lr=case.lr))
    n = len(x)
    batch = case.batch or n

    def step(xb, yb) -> None:  # noqa: ANN001
        opt.zero_grad(set_to_none=True)
        loss_fn(model(xb), yb).backward()
        opt.step()

    def epoch() -> None:
        order = torch.randperm(n)
        xs, ys = x[order], y[order]
        for i in range(0, n, batch):
            step(xs[i:i + batch], ys[i:i + batch])

    return (lambda: step(x, y)) if case.unit == "step" else epoch


def best_time(fn: Callable[[], None], repeats: int, number: int) -> float:
    fn()   # warm up: allocate buffers, fill caches
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - start) / number)
    return best


def run(quick: bool = False, only: str = "") -> list[dict[str, object]]:
    cases = [(digits_case, 5, 10), (lambda: mnist_like_case(6_000 if quick else 20_000), 3, 1),
             (lambda: fashion_case(2_000 if quick else 8_000), 3, 1), (spiral_case, 5, 500)]
    rows = []
    for make, repeats, number in cases:
        case = make()
        if only not in case.name:
            continue
        runners = {"engine": engine_runner(case, False),
                   "engine + skips": engine_runner(case, True),
                   "hand-written": handwritten_runner(case)}
        torch_fn = torch_runner(case)
        if torch_fn is not None:
            runners["pytorch eager"] = torch_fn
        for threads in case.threads:
            with threadpool_limits(limits=threads, user_api="blas"):
                times = {name: float("inf") for name in runners}
                for _ in range(repeats):   # interleave so slow moments hit every runner alike
                    for name, fn in runners.items():
                        times[name] = min(times[name], best_time(fn, 1, number))
                gemm = gemm_rate() if threads is not None else None
            rows.append({"case": case.name, "unit": case.unit, "threads": threads,
                         "flops": case.flops(), "gemm": gemm, **times})
    return rows


def report(rows: list[dict[str, object]]) -> str:
    lines = [f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')} "
             f"OPENBLAS_L2_SIZE={os.environ.get('OPENBLAS_L2_SIZE', '(unset)')}", ""]
    lines.append("| case | BLAS threads | per | engine | engine + skips | hand-written NumPy "
                 "| PyTorch eager | engine / hand | skips / engine | engine / PyTorch "
                 "| GFLOP/s: f32 GEMM, engine, hand |")
    lines.append("|---|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        engine, skips, hand = row["engine"], row["engine + skips"], row["hand-written"]
        torch_t = row.get("pytorch eager")
        assert isinstance(engine, float) and isinstance(skips, float)
        assert isinstance(hand, float) and isinstance(row["flops"], float)

        def fmt(t: object) -> str:
            if not isinstance(t, float):
                return "n/a"
            return f"{t * 1e3:.3f} ms" if t >= 1e-3 else f"{t * 1e6:.1f} µs"

        torch_ratio = f"{engine / torch_t:.2f}×" if isinstance(torch_t, float) else "n/a"
        gemm = row["gemm"]
        rates = (f"{gemm:.1f}, {row['flops'] / engine / 1e9:.1f}, "
                 f"{row['flops'] / hand / 1e9:.1f}" if isinstance(gemm, float) else "–")
        lines.append(f"| {row['case']} | {row['threads'] or 'as found'} | {row['unit']} | "
                     f"{fmt(engine)} | {fmt(skips)} | {fmt(hand)} | {fmt(torch_t)} | "
                     f"{engine / hand:.2f}× | {skips / engine:.2f}× | {torch_ratio} | "
                     f"{rates} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="6,000 samples for the 784 net, 2,000 for fashion")
    parser.add_argument("--only", default="", metavar="TEXT",
                        help="run only the cases whose name contains TEXT (e.g. 784-256)")
    args = parser.parse_args()
    print(report(run(args.quick, args.only)))


if __name__ == "__main__":
    main()
