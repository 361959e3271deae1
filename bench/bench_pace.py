"""Full-speed cost of the pace control and the timeline in the training loop.

Run: ``QT_QPA_PLATFORM=offscreen python -m bench.bench_pace [--repeats 7]``.

Before every step the training worker now also checks whether an epoch ended (to offer
it to the timeline), whether the pace changed, and waits for its next step when paced.
At full speed that must cost nothing: the issue allows 2 %. This trains the same run on
the same thread with the worker's stop check as it is now and as it was before the pace
and timeline existed (the old check: a due train metric, then the command queue),
alternating the two so drift hits both alike, and prints steps per CPU second of the
training thread (what the pace may not take away; wall time on a shared machine drifts
by more than the 2 % looked for) and the ratio.
XOR (4 samples, one step an epoch) is the worst case: its steps are the shortest.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _worker(example: str, steps: int):
    from bpstudio.engine.training import Trainer
    from bpstudio.examples import EXAMPLES_DIR
    from bpstudio.formats.bpnet import load
    from bpstudio.ui.training.worker import TrainingWorker
    from bpstudio.workflow import prepare_training

    network, _ = load(EXAMPLES_DIR / f"{example}.bpnet")
    network.set_settings(network.settings.with_changes(target_loss=0.0, patience=0))
    prepared = prepare_training(network, EXAMPLES_DIR)
    spe = -(-prepared.data.n_train // (network.settings.batch_size or prepared.data.n_train))
    epochs = max(1, steps // spe)
    settings = network.settings.with_changes(epochs=epochs)
    trainer = Trainer(prepared.plan, prepared.data, settings)
    return TrainingWorker(trainer), trainer


def _old_between_steps(worker) -> bool:
    """The worker's stop check before this change."""
    if worker._feed.due():
        worker._feed.measure(worker._trainer)
    return not worker._commands.empty()


def _steps_per_second(example: str, steps: int, variant: str) -> float:
    """Steps per CPU second with the stop check "before", "pace" (the new check with the
    timeline recording nothing) or "now" (pace and timeline)."""
    worker, trainer = _worker(example, steps)
    if variant == "pace":
        worker.timeline.next_wanted = lambda epoch: sys.maxsize
        worker._next_snapshot = sys.maxsize
    check = (lambda: _old_between_steps(worker)) if variant == "before" \
        else worker._between_steps
    started = time.thread_time()     # CPU time: other processes on the machine do not count
    trainer.run(None, check)
    return trainer.steps / (time.thread_time() - started)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=21)
    args = parser.parse_args(argv)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])   # noqa: F841 (QThread objects)
    print("full-speed steps per CPU second of the training thread; in brackets the "
          f"median ratio to 'before' over {args.repeats} back-to-back trios")
    for example, steps in (("xor", 20_000), ("spiral", 8_000), ("digits", 600)):
        ratios: dict[str, list[float]] = {"pace": [], "now": []}
        rates: dict[str, list[float]] = {"before": [], "pace": [], "now": []}
        for repeat in range(args.repeats):
            # the order rotates, so warming up favours none; each ratio compares runs
            # made back to back
            order = ["before", "pace", "now"]
            order = order[repeat % 3:] + order[:repeat % 3]
            measured = {variant: _steps_per_second(example, steps, variant)
                        for variant in order}
            for variant, rate in measured.items():
                rates[variant].append(rate)
            for variant in ratios:
                ratios[variant].append(measured[variant] / measured["before"])
        median = {variant: statistics.median(values) for variant, values in rates.items()}
        print(f"  {example:7s} before {median['before']:9,.0f}   pace control "
              f"{median['pace']:9,.0f} ({statistics.median(ratios['pace']):.3f})   "
              f"pace + timeline {median['now']:9,.0f} "
              f"({statistics.median(ratios['now']):.3f}) steps/s")


if __name__ == "__main__":
    main()
