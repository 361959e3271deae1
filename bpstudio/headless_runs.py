"""`bpstudio runs` and `bpstudio sweep`: the runs a document remembers, headless.

No Qt, except ``runs --compare A B --plot OUT.png``, which draws the overlay with Qt's
painter offscreen (imported only then).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bpstudio.errors import UserError
from bpstudio.formats.bpnet import BpnetError, ProjectInfo, load, save
from bpstudio.headless_checks import check_output
from bpstudio.model.network import Network
from bpstudio.model.run_diff import describe_differences, setting_changes
from bpstudio.model.runs import Run, RunError, find_run, structure_fingerprint


def add_parsers(sub: Any) -> None:
    """The ``runs`` and ``sweep`` subcommands, on the headless parser's subparsers."""
    p = sub.add_parser("runs", help="list the training runs remembered in a .bpnet file, or "
                                    "compare two of them",
                       description="Runs are numbered from 1 (the oldest); -1 is the newest. "
                                   "A run may also be named by its exact name.")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print the runs as one JSON object")
    p.add_argument("--compare", nargs=2, metavar=("A", "B"),
                   help="print what differs between runs A and B and their numbers")
    p.add_argument("--plot", metavar="OUT.png",
                   help="with --compare: write their loss and metric curves overlaid")

    p = sub.add_parser("sweep", help="train the network over a grid of settings, one run "
                                     "per point",
                       description="Every point starts from the file's weights. The file is "
                                   "never changed; --out saves it with the sweep's runs "
                                   "added (its weights stay the file's: restore the best "
                                   "run's weights in the app).")
    p.add_argument("file")
    p.add_argument("--set", dest="assignments", action="append", required=True,
                   metavar="SETTING=V1,V2",
                   help="a training setting and its values, e.g. learning_rate=0.01,0.1,1; "
                        "give --set once per setting (at most two or three make a readable "
                        "grid)")
    p.add_argument("--out", metavar="FILE", help="save the document with the sweep's runs")
    p.add_argument("--json", action="store_true", help="print one JSON object with the runs")


# ------------------------------------------------------------------ shared
def _load(path: str) -> tuple[Network, ProjectInfo]:
    try:
        return load(path)
    except BpnetError as error:
        raise UserError(str(error)) from None


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def run_summary(run: Run, number: int, previous: Run | None,
                network: Network) -> dict[str, Any]:
    """One run as ``runs --json`` and ``sweep --json`` print it."""
    return {
        "number": number, "name": run.name, "started": run.started, "shape": run.shape,
        "same_drawing": run.fingerprint == structure_fingerprint(network),
        "differs": describe_differences(previous, run, _namer(network)),
        "epochs": run.epochs, "steps": run.steps, "seconds": run.seconds,
        "steps_per_second": round(run.steps_per_second, 1),
        "stop_reason": run.stop_reason, "stop_message": run.stop_message,
        "metric_name": run.metric_name,
        "final": dict(run.final),
        "best": {k: {"value": b.value, "epoch": b.epoch} for k, b in run.best.items()},
        "has_weights": run.parameters is not None,
        "settings": run.settings.to_dict(), "dataset": run.dataset.to_dict(),
    }


def _namer(network: Network) -> Any:
    def name(neuron_id: int) -> str:
        neuron = network.neurons.get(neuron_id)
        return neuron.name if neuron is not None else f"neuron {neuron_id}"
    return name


def _metric(run: Run, value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.1%}" if run.metric_name == "accuracy" else f"{value:.4f}"


def _loss(value: float | None) -> str:
    return "—" if value is None else f"{value:.4g}"


def _seconds(value: float) -> str:
    return f"{value:.2f} s" if value < 10 else f"{value:,.0f} s"


def _stop(run: Run) -> str:
    """The stop reason when it is not the usual one (all epochs done)."""
    return "" if run.stop_reason == "epochs" else f"  stopped: {run.stop_reason}"


def _line(run: Run, number: int, previous: Run | None, network: Network) -> str:
    loss = run.best.get("test_loss") or run.best.get("train_loss")
    which = "test" if "test_loss" in run.best else "train"
    metric = _metric(run, run.best_value("test_metric"))
    other = "" if run.fingerprint == structure_fingerprint(network) else "  [other drawing]"
    differs = describe_differences(previous, run, _namer(network))
    return (f"{number:>3}  {run.name}  {run.started.replace('T', ' ').rstrip('Z')}  "
            f"{run.epochs} epochs  {_seconds(run.seconds)}  best {which} loss "
            f"{_loss(loss.value if loss else None)}  best {run.metric_name or 'metric'} "
            f"{metric}{_stop(run)}{other}  ({differs})")


# ------------------------------------------------------------------ runs
def cmd_runs(args: argparse.Namespace) -> int:
    network, _ = _load(args.file)
    runs = network.runs
    if args.plot and not args.compare:
        raise UserError("--plot goes with --compare A B")
    if args.compare:
        return _compare(args, network)
    if args.json:
        print(json.dumps({"file": args.file, "runs": [
            run_summary(run, i + 1, runs[i - 1] if i else None, network)
            for i, run in enumerate(runs)]}, ensure_ascii=False))
        return 0
    if not runs:
        print(f"{args.file} has no runs yet (train it: bpstudio train {args.file} "
              f"--out {args.file})")
    for i, run in enumerate(runs):
        print(_line(run, i + 1, runs[i - 1] if i else None, network))
    return 0


def _pick(runs: Sequence[Run], key: str) -> int:
    try:
        return find_run(runs, key)
    except RunError as error:
        raise UserError(str(error)) from None


def _compare(args: argparse.Namespace, network: Network) -> int:
    runs = network.runs
    a, b = (_pick(runs, key) for key in args.compare)
    check_output(args.plot, "--plot")
    first, second = runs[a], runs[b]
    changes = setting_changes(first, second)
    structure = first.fingerprint != second.fingerprint
    if args.json:
        print(json.dumps({
            "a": run_summary(first, a + 1, None, network),
            "b": run_summary(second, b + 1, None, network),
            "same_drawing": not structure,
            "changes": [{"setting": k, "a": x, "b": y} for k, x, y in changes],
            "differs": describe_differences(first, second, _namer(network)),
        }, ensure_ascii=False))
    else:
        print(f"A = run {a + 1}: {first.name}")
        print(f"B = run {b + 1}: {second.name}")
        if structure:
            print(f"drawing: {first.shape} → {second.shape} (another drawing)")
        for key, x, y in changes:
            print(f"{key}: {x} → {y}")
        if not changes and not structure:
            print("same settings")
        _print_numbers(first, second)
    if args.plot:
        from bpstudio.ui.plots.compare_png import write_comparison

        try:
            write_comparison([(first, a), (second, b)], args.plot)
        except OSError as error:
            raise UserError(f"cannot write {args.plot}: {error.strerror or error}") from None
        if not args.json:
            print(f"wrote the overlaid curves to {args.plot}")
    return 0


def _print_numbers(first: Run, second: Run) -> None:
    rows = [("epochs", str(first.epochs), str(second.epochs)),
            ("seconds", f"{first.seconds:.1f}", f"{second.seconds:.1f}"),
            ("stop", first.stop_reason, second.stop_reason)]
    for key in ("train_loss", "validation_loss", "test_loss"):
        if key in first.best or key in second.best:
            rows.append((f"best {key.replace('_', ' ')}", _loss(first.best_value(key)),
                         _loss(second.best_value(key))))
    if "test_metric" in first.best or "test_metric" in second.best:
        name = first.metric_name or second.metric_name or "metric"
        rows.append((f"best test {name}", _metric(first, first.best_value("test_metric")),
                     _metric(second, second.best_value("test_metric"))))
    width = max(len(r[0]) for r in rows)
    print(f"{'':<{width}}  {'A':>12}  {'B':>12}")
    for label, x, y in rows:
        print(f"{label:<{width}}  {x:>12}  {y:>12}")


# ------------------------------------------------------------------ sweep
def cmd_sweep(args: argparse.Namespace) -> int:
    from bpstudio.engine.init import all_weights_zero
    from bpstudio.headless import _interrupt_sets, _user_errors
    from bpstudio.run_record import append_run
    from bpstudio.sweep import (
        SweepError,
        best_index,
        count_points,
        describe_point,
        make_grid,
        parse_assignment,
        ranking_measure,
        run_sweep,
    )

    network, info = _load(args.file)
    check_output(args.out, "--out")
    try:
        grid = make_grid([parse_assignment(text) for text in args.assignments])
    except SweepError as error:
        raise UserError(str(error)) from None
    if network.connections and all_weights_zero(network):
        print("bpstudio sweep: note: all weights are 0: each run starts from fresh weights "
              "of its own init and seed", file=sys.stderr)
    stop = threading.Event()
    total = count_points(grid)
    with _interrupt_sets(stop), _SweepBar(total, enabled=not args.json) as bar:
        try:
            runs = run_sweep(network, grid, Path(args.file).parent, report=bar.update,
                             should_stop=stop.is_set)
        except _user_errors() as error:
            raise UserError(str(error)) from None
    for run in runs:
        append_run(network, run)
    best = best_index(runs)
    if args.out:
        try:
            save(network, args.out, info)
        except BpnetError as error:
            raise UserError(str(error)) from None
    first = len(network.runs) - len(runs)
    if args.json:
        print(json.dumps({
            "file": args.file, "grid": {k: list(v) for k, v in grid.items()},
            "points": total, "finished": len(runs), "ranked_by": ranking_measure(runs),
            "best": None if best is None else first + best + 1,
            "runs": [run_summary(run, first + i + 1, None, network)
                     for i, run in enumerate(runs)],
        }, ensure_ascii=False))
        return 0
    measure = ranking_measure(runs)
    print(f"{len(runs)} of {total} runs" + (f"; * marks the best by {measure.replace('_', ' ')}"
                                            if measure else ""))
    from bpstudio.sweep import points

    shown = [describe_point(point) for point in points(grid)[:len(runs)]]
    width = max((len(text) for text in shown), default=0)
    label = (measure or "loss").replace("_", " ")
    for i, (run, text) in enumerate(zip(runs, shown, strict=True)):
        mark = "*" if i == best else " "
        value = run.best_value(measure) if measure else None
        metric = _metric(run, run.best_value("test_metric"))
        print(f"{mark} {first + i + 1:>3}  {text:<{width}}  best {label} {_loss(value):>9}  "
              f"{run.metric_name or 'metric'} {metric:>6}  {run.epochs} epochs  "
              f"{_seconds(run.seconds)}{_stop(run)}")
    if args.out:
        print(f"saved {len(runs)} runs to {args.out}")
    return 0


class _SweepBar:
    """A tqdm bar over the grid's points, the current point and its loss beside it."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.enabled = total, enabled
        self.bar: Any = None

    def __enter__(self) -> _SweepBar:
        if self.enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=self.total, unit="run", file=sys.stderr,
                            dynamic_ncols=True, disable=None)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()

    def update(self, progress: Any) -> None:
        if self.bar is None:
            return
        from bpstudio.sweep import describe_point

        fraction = progress.epoch / max(progress.epochs, 1)
        done = progress.index + (1.0 if progress.finished is not None else fraction)
        self.bar.n = round(done, 2)
        loss = progress.train_loss
        self.bar.set_postfix_str(f"{describe_point(progress.point)}: epoch {progress.epoch}, "
                                 f"loss {loss:.4g}" if math.isfinite(loss) else
                                 describe_point(progress.point), refresh=False)
        self.bar.refresh()
