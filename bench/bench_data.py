"""Own data: decoding an image folder (first load and cached), one epoch of the fashion example.

Run: ``.venv/bin/python -m bench.bench_data`` (PyTorch is optional:
``pip install torch==2.13.0``). Makes 10,000 28×28 PNGs of random shapes in a temporary
folder (not timed), then times, in one run:

- the first load of the folder (scan, decode on the thread pool, write the cache) and a
  second load (scan, read the cache), as loads of the whole dataset via ``load_dataset``;
- one epoch of the shipped ``fashion`` example (784-64-10 ReLU, softmax CE, Adam, batches
  of 32, 8,000 training images) in the engine and in PyTorch eager on the same network,
  as the minimum over interleaved repeats, reported as a ratio.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

N_IMAGES = 10_000
SHAPES = ("circle", "square", "triangle", "cross", "ring")


def make_folder(root: Path, count: int, seed: int = 0) -> None:
    """``count`` 28×28 grey PNGs of jittered shapes, spread over five class folders."""
    from PIL import Image, ImageDraw

    rng = np.random.default_rng(seed)
    for name in SHAPES:
        (root / name).mkdir(parents=True, exist_ok=True)
    for i in range(count):
        kind = SHAPES[i % len(SHAPES)]
        picture = Image.new("L", (28, 28), 255)
        pen = ImageDraw.Draw(picture)
        cx, cy, r = 14 + rng.uniform(-3, 3), 14 + rng.uniform(-3, 3), rng.uniform(6, 11)
        box = (cx - r, cy - r, cx + r, cy + r)
        if kind == "circle":
            pen.ellipse(box, fill=0)
        elif kind == "square":
            pen.rectangle(box, fill=0)
        elif kind == "triangle":
            pen.polygon([(cx, cy - r), (cx - r, cy + r), (cx + r, cy + r)], fill=0)
        elif kind == "cross":
            pen.line((cx - r, cy, cx + r, cy), fill=0, width=3)
            pen.line((cx, cy - r, cx, cy + r), fill=0, width=3)
        else:
            pen.ellipse(box, outline=0, width=3)
        picture.save(root / kind / f"{i:05d}.png")


def time_folder_loads(count: int) -> dict[str, float]:
    """Seconds for the first (decoding) and the second (cached) load of ``count`` images."""
    from bpstudio.data import load_dataset
    from bpstudio.model.settings import DatasetSpec

    with tempfile.TemporaryDirectory(prefix="bpstudio-bench-") as temporary:
        root = Path(temporary) / "shapes"
        make_folder(root, count)
        os.environ["XDG_CACHE_HOME"] = str(Path(temporary) / "cache")
        spec = DatasetSpec(str(root))
        start = time.perf_counter()
        first = load_dataset(spec)
        decoded = time.perf_counter() - start
        start = time.perf_counter()
        second = load_dataset(spec)
        cached = time.perf_counter() - start
        assert first.n_features == second.n_features == 784
        assert np.array_equal(first.x_train, second.x_train)
    return {"first": decoded, "cached": cached}


def engine_epoch() -> tuple[Callable[[], None], int]:
    from bpstudio.engine.training import Trainer
    from bpstudio.examples import example_path
    from bpstudio.formats.bpnet import load
    from bpstudio.workflow import prepare_training

    network, _ = load(example_path("fashion"))
    prepared = prepare_training(network)
    trainer = Trainer(prepared.plan, prepared.data, network.settings)
    return trainer.run_epoch, prepared.data.n_train


def torch_epoch() -> Callable[[], None] | None:
    """The fashion example's network and settings in PyTorch eager (float64, as trained)."""
    try:
        import torch
    except ImportError:
        return None
    from bpstudio.data import load_dataset
    from bpstudio.model.settings import DatasetSpec

    torch.manual_seed(0)
    data = load_dataset(DatasetSpec("fashion", test_ratio=0.2, seed=0))
    x = torch.tensor(np.asarray(data.x_train), dtype=torch.float64)
    y = torch.tensor(np.asarray(data.y_train))
    model = torch.nn.Sequential(torch.nn.Linear(784, 64, dtype=torch.float64), torch.nn.ReLU(),
                                torch.nn.Linear(64, 10, dtype=torch.float64))
    loss_fn = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)

    def epoch() -> None:
        order = torch.randperm(len(x))
        xs, ys = x[order], y[order]
        for i in range(0, len(x), 32):
            optimizer.zero_grad(set_to_none=True)
            loss_fn(model(xs[i:i + 32]), ys[i:i + 32]).backward()
            optimizer.step()

    return epoch


def time_epochs(repeats: int) -> dict[str, float]:
    engine, _ = engine_epoch()
    runners: dict[str, Callable[[], None]] = {"engine": engine}
    torch_fn = torch_epoch()
    if torch_fn is not None:
        runners["pytorch eager"] = torch_fn
    times = {name: float("inf") for name in runners}
    for fn in runners.values():
        fn()   # warm up
    for _ in range(repeats):   # interleaved, so slow moments hit both alike
        for name, fn in runners.items():
            start = time.perf_counter()
            fn()
            times[name] = min(times[name], time.perf_counter() - start)
    return times


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=N_IMAGES)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    loads = time_folder_loads(args.images)
    print(f"image folder, {args.images:,} 28×28 PNGs: first load (decode + cache) "
          f"{loads['first']:.2f} s ({loads['first'] / args.images * 1e6:.0f} µs per image), "
          f"cached load {loads['cached']:.2f} s; cached / first = "
          f"{loads['cached'] / loads['first']:.2f}×")
    epochs = time_epochs(args.repeats)
    line = f"fashion example, one epoch of 8,000 images: engine {epochs['engine']:.2f} s"
    if "pytorch eager" in epochs:
        line += (f", PyTorch eager {epochs['pytorch eager']:.2f} s; engine / PyTorch = "
                 f"{epochs['engine'] / epochs['pytorch eager']:.2f}×")
    else:
        line += " (PyTorch not installed: pip install torch==2.13.0 for the comparison)"
    print(line)


if __name__ == "__main__":
    main()
