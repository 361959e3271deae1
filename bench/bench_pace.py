"""Full-speed cost of the pace control and the timeline in the training loop.

Run: ``QT_QPA_PLATFORM=offscreen python -m bench.bench_pace [--runs 3]``.

Before every step the training worker checks whether an epoch the timeline wants ended,
whether the train metric is due, and whether a command or a pace change waits (a paced
run also waits there for its next step). At full speed that must cost nothing: the issue
allows 2 %. Two measures, both in CPU time of the training thread (``time.thread_time``:
other processes on this shared machine do not count; wall time drifts by more than the
2 % looked for):

1. the stop check alone, called in a tight loop at full speed, as it is now and as it was
   before the pace and the timeline existed (a due train metric, then the command
   queue's ``empty()``), and what it adds to one step;
2. whole runs at full speed, the same run (same seed, same work) trained with the check
   as before, with the pace control alone (the timeline recording nothing) and with both,
   back to back in rotating order, many times: the median of the per-trio throughput
   ratios with a 95 % interval (distribution-free, from the order statistics), and the load average.

XOR (4 samples, one step an epoch) is the worst case: its steps are the shortest.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

#: (example, steps of one run): the lengths measured before, and the examples' own runs
#: (XOR 5,000 epochs, spiral 2,000, digits 40 of 45 steps), whose ≤ 500 snapshots come
#: closer together
CASES = (("xor", 20_000), ("xor", 5_000), ("spiral", 8_000), ("spiral", 2_000),
         ("digits", 1_800))
VARIANTS = ("before", "pace", "now")


def _worker(example: str, steps: int, variant: str):
    from bpstudio.engine.training import Trainer
    from bpstudio.examples import EXAMPLES_DIR
    from bpstudio.formats.bpnet import load
    from bpstudio.ui.training.worker import TrainingWorker
    from bpstudio.workflow import prepare_training

    class BeforeWorker(TrainingWorker):
        def _between_steps(self) -> bool:
            """The worker's stop check before the pace and the timeline, verbatim."""
            if self._feed.due():
                self._feed.measure(self._trainer)
            return not self._commands.empty()

    network, _ = load(EXAMPLES_DIR / f"{example}.bpnet")
    network.set_settings(network.settings.with_changes(target_loss=0.0, patience=0))
    prepared = prepare_training(network, EXAMPLES_DIR)
    spe = -(-prepared.data.n_train // (network.settings.batch_size or prepared.data.n_train))
    settings = network.settings.with_changes(epochs=max(1, steps // spe))
    trainer = Trainer(prepared.plan, prepared.data, settings)
    worker = (BeforeWorker if variant == "before" else TrainingWorker)(trainer)
    if variant == "pace":      # the pace control alone: the timeline wants no epoch
        worker.timeline.next_wanted = lambda epoch: sys.maxsize
        worker.timeline.keep_epoch = lambda *args: sys.maxsize
        worker._next_snapshot = sys.maxsize
    return worker, trainer


def _cpu_per_step(example: str, steps: int, variant: str) -> float:
    """Training-thread CPU seconds per step of one full-speed run (to size a step)."""
    worker, trainer = _worker(example, steps, variant)
    gc.collect()
    started = time.thread_time()
    trainer.run(None, worker._between_steps)
    return (time.thread_time() - started) / trainer.steps


def _budgeted(check, steps: int):
    """``check`` that also stops the run after ``steps`` steps (the same for every
    variant: it adds as much to each)."""
    left = steps

    def budget() -> bool:
        nonlocal left
        left -= 1
        return left < 0 or check()
    return budget


def _lockstep(example: str, steps: int, block: int) -> list[dict[str, float]]:
    """One run of each variant, trained in lockstep: ``block`` steps of each in turn
    (rotating order) until the runs end. Every variant does the same work (same seed), so
    each round's blocks cover the same steps and epochs, including the epochs the timeline
    keeps. Returns each round's CPU seconds per step, by variant."""
    from bpstudio.engine import blas

    runs = {variant: _worker(example, steps, variant) for variant in VARIANTS}
    rounds: list[dict[str, float]] = []
    trainer = runs["before"][1]
    # held across the blocks: each block's run() then finds the limit already set
    with blas.LIMITS.for_training(trainer.plan, trainer.batch_size):
        while all(t.stop_reason in (None, "stopped") for _, t in runs.values()):
            order = VARIANTS[len(rounds) % 3:] + VARIANTS[:len(rounds) % 3]
            measured = {}
            for variant in order:
                worker, trainer = runs[variant]
                trainer.resume()
                budget = _budgeted(worker._between_steps, block)
                first = trainer.steps
                started = time.thread_time()
                trainer.run(None, budget)
                measured[variant] = (time.thread_time() - started) / max(trainer.steps - first, 1)
            rounds.append(measured)
    return rounds


def _check_cost(example: str) -> dict[str, float]:
    """CPU seconds per call of the stop check at full speed, before and now (between
    epochs the timeline wants: the path nearly every step takes); the least of 9 rounds,
    the two alternating."""
    checks = {}
    for variant in ("before", "now"):
        worker, _ = _worker(example, 1, variant)
        worker._between_steps()            # works out the pace once, as the first step does
        worker._next_snapshot = sys.maxsize
        checks[variant] = worker._between_steps
    rounds: dict[str, list[float]] = {variant: [] for variant in checks}
    for _ in range(9):
        for variant, check in checks.items():
            started = time.thread_time()
            for _ in range(100_000):
                check()
            rounds[variant].append((time.thread_time() - started) / 100_000)
    return {variant: min(values) for variant, values in rounds.items()}


def median_interval(values: list[float], confidence: float = 0.95) -> tuple[float, float]:
    """A distribution-free interval for the median: order statistics k and n+1−k, the
    widest k whose binomial tail stays under (1 − confidence) / 2 on each side."""
    ordered = sorted(values)
    n = len(ordered)
    tail, k = 0.0, 0
    while k < n // 2:
        tail += math.comb(n, k) / 2 ** n
        if tail > (1 - confidence) / 2:
            break
        k += 1
    k = max(k, 1)
    return ordered[k - 1], ordered[n - k]


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3,
                        help="lockstep runs of each example (default 3)")
    args = parser.parse_args(argv)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])   # noqa: F841 (QThread objects)
    print(f"load average at the start: {_load()}")
    print("1. the stop check alone, CPU per call at full speed (least of 9 × 100,000 calls)")
    per_step: dict[str, float] = {}
    examples = dict(CASES)
    for example, steps in examples.items():
        costs = _check_cost(example)
        step = statistics.median(_cpu_per_step(example, steps, "before") for _ in range(3))
        per_step[example] = step
        print(f"  {example:7s} before {costs['before'] * 1e9:5.0f} ns   now "
              f"{costs['now'] * 1e9:5.0f} ns   difference "
              f"{(costs['now'] - costs['before']) / step:+.2%} of a step "
              f"({step * 1e6:.1f} µs)")
    print(f"2. whole runs at full speed, {args.runs} of each variant, trained in lockstep "
          "blocks of about 5 ms (rotating order):\n   CPU µs per step (median of the "
          "blocks) and the median throughput ratio to 'before' over the rounds, with its "
          "95 % interval\n   (below 1: slower than before); 'total' is the ratio of the "
          "summed CPU times")
    for example, steps in CASES:
        block = max(1, round(0.005 / per_step[example]))
        rounds = [r for _ in range(args.runs) for r in _lockstep(example, steps, block)]
        line = [f"  {example:7s} ({steps:,} steps, {len(rounds)} rounds) before "
                f"{statistics.median(r['before'] for r in rounds) * 1e6:6.2f} µs"]
        for variant, name in (("pace", "pace control"), ("now", "pace + timeline")):
            ratios = [r["before"] / r[variant] for r in rounds]
            low, high = median_interval(ratios)
            total = sum(r["before"] for r in rounds) / sum(r[variant] for r in rounds)
            line.append(f"{name} {statistics.median(r[variant] for r in rounds) * 1e6:6.2f} µs "
                        f"×{statistics.median(ratios):.3f} [{low:.3f}–{high:.3f}] "
                        f"total ×{total:.3f}")
        print("\n     ".join(line))
    print(f"load average at the end: {_load()}")


if __name__ == "__main__":
    main()
