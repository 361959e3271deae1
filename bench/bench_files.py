"""Big files: training on a million-row CSV (memory) and opening a huge .bpnet (time, memory).

Run: ``.venv/bin/python -m bench.bench_files [--rows N] [--neurons N]``. Each measurement
runs in a fresh process, so its peak resident memory (VmHWM, reset after the imports) is
the load's own; Linux only for the memory columns. Prints, in one run:

- a CSV of ``--rows`` rows (two inputs, a 0/1 label; about 19 bytes a row) loaded and
  trained for one epoch (minibatches of 1,000, z-scored inputs) by NumPy's reader and by
  the cell-by-cell reader it falls back to: peak memory as a multiple of the file's size,
  and the load-time ratio;
- a ``--neurons`` network (that many inputs and one output, as ``bpstudio new --layers
  N,1`` writes it) loaded by ``formats.load``: seconds and peak memory, and the same per
  100,000 neurons.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

# Measured from here on: the peak resident memory is reset to what the imports left.
PEAK_FROM_HERE = """
def status(key):
    with open("/proc/self/status") as file:
        return next(int(line.split()[1]) * 1024 for line in file if line.startswith(key))
with open("/proc/self/clear_refs", "w") as file:
    file.write("5")
base = status("VmRSS:")
"""

CSV_RUN = """
import json, sys, time
from pathlib import Path
from bpstudio.data import csv_loader
from bpstudio.workflow import initialize
from bpstudio.engine.training import Trainer
from bpstudio.model.builders import layered
from bpstudio.model.settings import DatasetSpec
from bpstudio.workflow import prepare_training

path, numpy_reader = Path(sys.argv[1]), sys.argv[2] == "numpy"
if not numpy_reader:
    csv_loader._numpy_table = lambda *args: None
net = layered([2, 4, 1], "tanh", "sigmoid")
net.set_settings(net.settings.with_changes(epochs=1, batch_size=1000),
                 DatasetSpec(name=str(path), scale_inputs="zscore"))
initialize(net)
""" + PEAK_FROM_HERE + """
started = time.perf_counter()
prepared = prepare_training(net, path.parent)
loaded = time.perf_counter()
Trainer(prepared.plan, prepared.data, net.settings).run()
print(json.dumps({"load": loaded - started, "train": time.perf_counter() - loaded,
                  "peak": status("VmHWM:") - base}))
"""

BPNET_RUN = """
import json, sys, time
from bpstudio.formats import load
""" + PEAK_FROM_HERE + """
started = time.perf_counter()
network, _ = load(sys.argv[1])
print(json.dumps({"load": time.perf_counter() - started, "peak": status("VmHWM:") - base,
                  "neurons": len(network.neurons)}))
"""


def write_csv(path: Path, rows: int) -> None:
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (rows, 2))
    label = (x[:, 0] * x[:, 1] > 0).astype(int)
    np.savetxt(path, np.column_stack([x, label]), fmt=["%.5f", "%.5f", "%d"], delimiter=",")


def write_network(path: Path, neurons: int) -> None:
    from bpstudio.formats import save
    from bpstudio.model.builders import layered

    save(layered([neurons - 1, 1]), path)


def measure(script: str, *args: str) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True,
                          text=True, check=True)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--neurons", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        csv_path = Path(folder) / "big.csv"
        write_csv(csv_path, args.rows)
        size = csv_path.stat().st_size
        fast, slow = measure(CSV_RUN, str(csv_path), "numpy"), measure(CSV_RUN, str(csv_path),
                                                                      "cells")
        print(f"CSV, {args.rows:,} rows ({size / 1e6:.1f} MB), load + one epoch: peak memory "
              f"{fast['peak'] / size:.1f}× the file (cell by cell: "
              f"{slow['peak'] / size:.1f}×); load {fast['load']:.2f} s, "
              f"{slow['load'] / fast['load']:.1f}× faster than cell by cell")
        net_path = Path(folder) / "big.bpnet"
        write_network(net_path, args.neurons)
        size = net_path.stat().st_size
        result = measure(BPNET_RUN, str(net_path))
        per = 100_000 / result["neurons"]
        print(f".bpnet, {result['neurons']:,} neurons and as many connections "
              f"({size / 2**20:.0f} MiB): load {result['load']:.1f} s, peak memory "
              f"{result['peak'] / 2**30:.2f} GiB ({result['load'] * per:.2f} s and "
              f"{result['peak'] * per / 2**20:.0f} MiB per 100,000 neurons)")


if __name__ == "__main__":
    main()
