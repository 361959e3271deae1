"""`bpstudio train | gradcheck | predict | export | import | new | examples | runs | sweep`.

No Qt (but `runs --plot`).

Every user error prints one line to stderr and exits with status 2; a gradient check that
finds a mismatch exits with status 1; a training run that diverged exits with status 3;
a closed standard output (``| head``) ends a command quietly with status 141.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import shutil
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

from bpstudio.errors import UserError
from bpstudio.formats.bpnet import BpnetError, ProjectInfo, load, save
from bpstudio.headless_checks import check_output, leave_quietly, refuse_empty
from bpstudio.headless_runs import add_parsers as add_run_parsers
from bpstudio.headless_runs import cmd_runs, cmd_sweep
from bpstudio.model.settings import (
    BUILTIN_DATASETS,
    DRAWN_DATASET,
    LOSSES,
    MAX_BATCH_SIZE,
    MAX_EPOCHS,
    MAX_SEED,
    OPTIMIZERS,
    SCALINGS,
    SettingsError,
)

EXIT_USER_ERROR = 2
EXIT_CHECK_FAILED = 1
EXIT_DIVERGED = 3   # train: the loss blew up; the weights from before it were kept


class _Parser(argparse.ArgumentParser):
    """argparse that reports a mistake in one line instead of usage + error."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USER_ERROR, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} must not be negative")
    return value


def _at_most(maximum: int) -> Callable[[str], int]:
    """A whole number from 0 to ``maximum``: the range the file (and the editor) hold, so
    the command line never writes a file the editor cannot open."""
    def parse(text: str) -> int:
        value = _positive_int(text)
        if value > maximum:
            raise argparse.ArgumentTypeError(f"{text} is too large: at most {maximum}")
        return value
    return parse


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be a positive number")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="bpstudio", description="BP Studio's headless commands.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("train", help="train a .bpnet network and print a summary")
    p.add_argument("file", help="the .bpnet file to train")
    _add_dataset_option(p)
    p.add_argument("--epochs", type=_at_most(MAX_EPOCHS), help="passes over the training set")
    p.add_argument("--lr", type=_positive_float, help="learning rate η")
    p.add_argument("--batch-size", type=_at_most(MAX_BATCH_SIZE),
                   help="0 = full batch, 1 = online")
    p.add_argument("--optimizer", choices=OPTIMIZERS)
    p.add_argument("--loss", choices=LOSSES)
    p.add_argument("--seed", type=_at_most(MAX_SEED),
                   help=f"seeds initialisation and shuffling (0 to {MAX_SEED})")
    p.add_argument("--validation-ratio", type=float, metavar="R",
                   help="fraction of the training split held out as a validation set, "
                        "which early stopping watches (0 = none; with patience on, 0 means 0.1)")
    p.add_argument("--truncation", type=int, metavar="K",
                   help="sequences: truncated backpropagation through time in windows of K "
                        "steps (default: the file's; whole sequences when it has none)")
    p.add_argument("--clip-norm", type=float, metavar="C",
                   help="scale each gradient down to Euclidean norm C when it is longer "
                        "(0 = off)")
    _add_scaling_option(p, "default: the file's, or for a new --dataset what suits it")
    p.add_argument("--reinit", action="store_true",
                   help="start from fresh random weights instead of the file's")
    p.add_argument("--out", metavar="FILE", help="save the trained network to this .bpnet, "
                                                 "its run added to the file's runs")
    p.add_argument("--run-name", metavar="NAME",
                   help="name the run (default like \"Run 3 · Adam η 0.01\")")
    p.add_argument("--export", metavar="PATH",
                   help="export the trained network (.npz/.json/.onnx/.py/.c, by the suffix)")
    p.add_argument("--json", action="store_true", help="print one JSON object with the results")

    p = sub.add_parser("gradcheck", help="compare backprop with finite differences")
    p.add_argument("file")
    _add_dataset_option(p)
    p.add_argument("--samples", type=_positive_int, default=32,
                   help="training samples (sequences, for sequence data) the loss is "
                        "measured on (default 32)")
    p.add_argument("--epsilon", type=_positive_float, default=None,
                   help="ε of (L(w+ε) − L(w−ε)) / 2ε (default 1e-5)")
    p.add_argument("--tolerance", type=_positive_float, default=None,
                   help="largest relative error that passes (default 1e-6)")
    p.add_argument("--all", action="store_true", help="list every parameter, not the worst 20")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("predict", help="outputs of the network for each row of a CSV")
    p.add_argument("file")
    p.add_argument("inputs", metavar="INPUT.csv",
                   help="one row per sample, one column per input; for sequences also a "
                        "sequence column (the rows of a sequence in time order)")
    p.add_argument("-o", "--output", metavar="OUT.csv", help="write here instead of stdout")

    p = sub.add_parser("export", help="export the network: NumPy arrays, JSON, ONNX, a Python "
                                      "script (NumPy or PyTorch) or C, chosen by the suffix",
                       description="Every export takes raw inputs: when the network was "
                                   "trained on scaled inputs, the input scaling stored in "
                                   "FILE goes into the export (docs/exports.md).")
    p.add_argument("file")
    p.add_argument("out", metavar="OUT.{npz,json,onnx,py,c}")
    # the keys of bpstudio.formats.exports.FORMATS (not imported here: it loads NumPy)
    p.add_argument("--format", metavar="FORMAT",
                   help="npz, json, onnx, numpy (a Python script), torch (a PyTorch module, "
                        "its weights, data and train script) or c; default: by the suffix, "
                        "and .py is the NumPy script")

    p = sub.add_parser("import", help="make a .bpnet from an ONNX model or a BP Studio "
                                      ".npz/.json export")
    p.add_argument("model", metavar="MODEL.{onnx,npz,json}")
    p.add_argument("-o", "--out", required=True, metavar="FILE.bpnet")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")

    p = sub.add_parser("new", help="create a layered network file",
                       description="Either --layers (sizes as given) or --dataset alone (a "
                                   "network that fits the data: inputs and outputs matched, "
                                   "--hidden layers between them, a fitting loss).")
    p.add_argument("--layers", help="layer sizes, e.g. 2,8,8,1 (a square input count of "
                                    "36 or more is laid out as an image grid)")
    p.add_argument("--dataset", default=None, metavar="NAME|PATH",
                   help="dataset the file trains on; without --layers the network is built "
                        "to fit it")
    p.add_argument("--hidden", default="32", metavar="SIZES",
                   help="with --dataset: hidden layer sizes, e.g. 32,16 (default 32; 0 = none)")
    p.add_argument("--activation", default=None,
                   help="hidden activation (default tanh, or relu with --dataset alone "
                        "unless the data is sequences)")
    p.add_argument("--output-activation", help="output activation (default: by the loss)")
    p.add_argument("--loss", choices=LOSSES, default=None,
                   help="default l2, or what fits the data with --dataset alone")
    _add_scaling_option(p, "default: z-score for tables, none for images and 2-D points")
    p.add_argument("--image-size", metavar="WxH", type=_image_size,
                   help="image datasets: resize every image to W×H pixels (default: the "
                        "most common size, at most 28×28)")
    p.add_argument("--rgb", action="store_true",
                   help="image folders: three inputs per pixel (red, green, blue)")
    p.add_argument("--invert", action="store_true",
                   help="image datasets: 1 − value, for dark strokes on light paper")
    p.add_argument("--seed", type=_at_most(MAX_SEED), default=0)
    p.add_argument("-o", "--out", required=True, metavar="FILE")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")

    p = sub.add_parser("examples", help="list the built-in examples or copy one out")
    p.add_argument("name", nargs="?")
    p.add_argument("-o", "--out", metavar="FILE", help="copy the example to this file")
    add_run_parsers(sub)
    return parser


def _add_dataset_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dataset", metavar="NAME|PATH",
                        help=f"a built-in ({', '.join(BUILTIN_DATASETS)}), {DRAWN_DATASET} "
                             "(the points drawn in the file), or a CSV file, an IDX images "
                             "file or an image folder")


def _add_scaling_option(parser: argparse.ArgumentParser, default: str) -> None:
    parser.add_argument("--scale-inputs", choices=SCALINGS,
                        help=f"scale inputs to [0, 1] (minmax) or to mean 0 and standard "
                             f"deviation 1 (zscore), fitted on the training split ({default})")


def _image_size(text: str) -> tuple[int, int]:
    parts = text.lower().replace("×", "x").split("x")
    try:
        width, height = (int(part) for part in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size like 28x28") from None
    if min(width, height) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: width and height must be at least 1")
    return width, height


def run_command(argv: Sequence[str]) -> int:
    try:
        args = build_parser().parse_args(list(argv))
    except SystemExit as done:   # --help, or a usage error already printed in one line
        return done.code if isinstance(done.code, int) else 0
    command: Callable[[argparse.Namespace], int] = COMMANDS[args.command]
    try:
        refuse_empty(args)
        code = command(args)
        sys.stdout.flush()   # a closed pipe shows here, not in the interpreter's last flush
        return code
    except UserError as error:
        print(f"bpstudio {args.command}: error: {error}", file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:   # `bpstudio predict … | head -1`: the reader has what it wanted
        return leave_quietly(sys.stdout)


# ------------------------------------------------------------------ helpers
def _load(path: str) -> tuple[Any, ProjectInfo]:
    try:
        return load(path)
    except BpnetError as error:
        raise UserError(str(error)) from None


def _user_errors() -> tuple[type[Exception], ...]:
    from bpstudio.workflow import USER_ERRORS

    return (*USER_ERRORS, SettingsError)


def _apply_dataset(network: Any, name: str | None, scale_inputs: str | None = None) -> None:
    """Train on ``name``: a built-in, or a path counted from the current folder; a new
    dataset gets the input scaling that suits it unless ``scale_inputs`` says otherwise.

    (Paths stored inside a .bpnet count from the file's folder; a path typed on the command
    line means what the shell means by it, so it is made absolute here.)
    """
    from dataclasses import replace

    spec = network.dataset
    if name:
        from bpstudio.data import default_scaling

        spec = replace(spec, name=_dataset_argument(name))
        spec = replace(spec, scale_inputs=default_scaling(spec))
    if scale_inputs:
        spec = replace(spec, scale_inputs=scale_inputs)
    if spec != network.dataset:
        network.set_settings(dataset=spec)


def _dataset_argument(name: str, relative_to: Path | None = None) -> str:
    """A built-in name as is; a file as an absolute path (or relative to ``relative_to``).

    Raises UserError for a word that is neither, so a typo is caught before any work.
    """
    if name in BUILTIN_DATASETS or name == DRAWN_DATASET:
        return name
    path = Path(name).expanduser().resolve()
    if not path.exists():
        from bpstudio.data.loading import unknown_dataset

        raise UserError(str(unknown_dataset(name, path)))
    if relative_to is not None:
        return os.path.relpath(path, relative_to.resolve())
    return str(path)


@contextmanager
def _loading_bar(enabled: bool = True) -> Iterator[Callable[[Any], None]]:
    """A tqdm bar per stage of a long load (image folders), fed by the loader's reports."""
    bars: dict[str, Any] = {}

    def update(progress: Any) -> None:
        if not enabled:
            return
        bar = bars.get(progress.stage)
        if bar is None:
            from tqdm import tqdm

            for old in bars.values():
                old.close()
            bar = bars[progress.stage] = tqdm(total=progress.total, desc=progress.stage,
                                              unit="image", file=sys.stderr,
                                              dynamic_ncols=True, disable=None, leave=False)
        bar.update(progress.done - bar.n)

    try:
        yield update
    finally:
        for bar in bars.values():
            bar.close()


@contextmanager
def _interrupt_sets(flag: threading.Event) -> Iterator[None]:
    """Ctrl+C asks the loop to stop after the current minibatch instead of killing it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, lambda *_: flag.set())
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


# ----------------------------------------------------------------- commands
def cmd_train(args: argparse.Namespace) -> int:
    from bpstudio.engine.saturation import saturation_problem
    from bpstudio.engine.training import Trainer
    from bpstudio.run_record import append_run, now_iso, record_run
    from bpstudio.workflow import (
        initialize,
        initialize_if_blank,
        prepare_training,
        store_trained,
    )

    network, info = _load(args.file)
    check_output(args.out, "--out")   # before training, not after it
    check_output(args.export, "--export")
    overrides = {key: value for key, value in (
        ("epochs", args.epochs), ("learning_rate", args.lr), ("batch_size", args.batch_size),
        ("optimizer", args.optimizer), ("loss", args.loss), ("seed", args.seed),
        ("validation_ratio", args.validation_ratio), ("truncation", args.truncation),
        ("clip_norm", args.clip_norm))
        if value is not None}
    notes = []
    try:
        network.set_settings(network.settings.with_changes(**overrides))
        _apply_dataset(network, args.dataset, args.scale_inputs)
        if args.reinit:
            initialize(network)
            notes.append(f"started from fresh {network.settings.init} weights")
        elif initialize_if_blank(network):
            notes.append(f"all weights were 0: initialised them ({network.settings.init}, "
                         f"seed {network.settings.seed})")
        with _loading_bar(not args.json) as loading:
            prepared = prepare_training(network, Path(args.file).parent, report=loading)
    except _user_errors() as error:
        raise UserError(str(error)) from None
    for note in notes:   # on stderr, so --json output stays one object and a script sees it
        _note("train", note)
    trainer = Trainer(prepared.plan, prepared.data, network.settings)
    stop = threading.Event()
    started = now_iso()
    with _interrupt_sets(stop), _progress_bar(network.settings.epochs,
                                              enabled=not args.json) as bar:
        final = trainer.run(report=bar, should_stop=stop.is_set)
    store_trained(network, prepared.plan, prepared.dataset)
    network.set_history(trainer.loss_history())
    run = record_run(network, prepared.plan, trainer, started=started,
                     name=(args.run_name or "").strip(), earlier=network.runs)
    append_run(network, run)
    warnings = [problem] if (problem := saturation_problem(prepared.plan, trainer.data)) else []
    if args.out:
        try:
            save(network, args.out, info)
        except BpnetError as error:
            raise UserError(str(error)) from None
    if args.export:
        _export(network, args.export, args.file, info)
    summary = {
        "file": args.file, "dataset": prepared.dataset.name, "epochs": final.epoch,
        "steps": final.step, "train_loss": final.train_loss, "test_loss": final.test_loss,
        "stop_reason": final.stop_reason, "message": final.message,
        "seconds": round(final.elapsed, 4), "steps_per_second": round(final.steps_per_second, 1),
        "parameters": prepared.plan.n_trainable, "notes": notes, "warnings": warnings,
        "run": run.name, "runs": len(network.runs),
    }
    if final.validation_loss is not None:
        summary["validation_loss"] = final.validation_loss
        summary["validation_samples"] = trainer.data.n_val
    summary["test_accuracy" if prepared.data.is_classification else "test_r2"] = (
        final.test_metric)
    summary["train_accuracy" if prepared.data.is_classification else "train_r2"] = (
        trainer.training_metric())
    for warning in warnings:
        print(f"bpstudio train: warning: {warning}", file=sys.stderr)
    if args.json:
        print(json.dumps(_json_safe(summary)))
    else:
        _print_summary(summary, prepared.data.is_classification, args)
    return EXIT_DIVERGED if final.stop_reason == "diverged" else 0


def _note(command: str, text: str) -> None:
    print(f"bpstudio {command}: note: {text}", file=sys.stderr)


def _json_safe(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    return value


def _fmt(value: float | None, digits: int = 5) -> str:
    return "—" if value is None or not math.isfinite(value) else f"{value:.{digits}g}"


def _print_summary(s: dict[str, Any], classification: bool, args: argparse.Namespace) -> None:
    print(f"{s['message']} on {s['dataset']} ({s['steps']} steps in {s['seconds']:.2f} s, "
          f"{s['steps_per_second']:.0f} steps/s)")
    key, name = ("accuracy", "accuracy") if classification else ("r2", "R²")

    def metric(value: float | None) -> str:
        if value is None or not math.isfinite(value):
            return "—"
        return f"{value:.2%}" if classification else f"{value:.4f}"

    validation = (f"validation loss {_fmt(s['validation_loss'])}   "
                  if "validation_loss" in s else "")
    print(f"train loss {_fmt(s['train_loss'])}  {name} {metric(s[f'train_{key}'])}   "
          f"{validation}test loss {_fmt(s['test_loss'])}  {name} {metric(s[f'test_{key}'])}")
    if args.out:
        count = f"{s['runs']} run{'s' if s['runs'] != 1 else ''}"
        print(f"saved the trained network to {args.out} with its run \"{s['run']}\" "
              f"({count} in the file)")
    if args.export:
        print(f"exported the weights to {args.export}")


@contextmanager
def _progress_bar(total: int, enabled: bool) -> Iterator[Callable[[Any], None]]:
    """A tqdm bar over epochs with the live loss, fed by the trainer's reports."""
    if not enabled:
        yield lambda progress: None
        return
    from tqdm import tqdm

    with tqdm(total=total, unit="epoch", file=sys.stderr, dynamic_ncols=True,
              disable=None) as bar:
        def update(progress: Any) -> None:
            bar.update(progress.epoch - bar.n)
            bar.set_postfix(loss=_fmt(progress.train_loss, 4),
                            test=_fmt(progress.test_loss, 4), refresh=False)
        yield update


def cmd_gradcheck(args: argparse.Namespace) -> int:
    from bpstudio.engine import gradcheck
    from bpstudio.workflow import initialize_if_blank, prepare_training

    network, _ = _load(args.file)
    try:
        _apply_dataset(network, args.dataset)
        if initialize_if_blank(network):
            _note("gradcheck", f"all weights were 0: checked with fresh "
                               f"{network.settings.init} weights (seed "
                               f"{network.settings.seed}); the file is unchanged")
        with _loading_bar() as loading:
            prepared = prepare_training(network, Path(args.file).parent, dtype="float64",
                                        report=loading)
    except _user_errors() as error:
        raise UserError(str(error)) from None
    n = min(args.samples or prepared.data.n_train, prepared.data.n_train)
    epsilon = args.epsilon or gradcheck.DEFAULT_EPSILON
    tolerance = args.tolerance or gradcheck.DEFAULT_TOLERANCE
    data = prepared.data
    sequences = (gradcheck.Sequences(data.steps, network.settings.truncation)
                 if data.is_sequences else None)
    result = gradcheck.check_away_from_kinks(prepared.plan, data.x_train[:n],
                                             data.y_train[:n], epsilon, tolerance, sequences)
    rows = sorted(result.rows, key=lambda r: r.relative_error, reverse=True)
    failed = [r for r in rows if r.relative_error > tolerance]
    compared = len(result.samples)
    if result.at_kinks == n:
        kinks = (f"every one of the {n} samples puts a ReLU input within a nudge of 0, "
                 "where it has no derivative: the finite differences below straddle it")
    elif result.at_kinks:
        kinks = (f"left out {result.at_kinks} of {n} samples where a nudge moves a ReLU "
                 "input across 0 (no derivative there)")
    else:
        kinks = ""
    if args.json:
        print(json.dumps({"parameters": len(rows), "samples": compared,
                          "samples_at_kinks": result.at_kinks, "epsilon": epsilon,
                          "tolerance": tolerance, "noise_floor": result.noise_floor,
                          "failed": len(failed),
                          "max_relative_error": rows[0].relative_error if rows else 0.0,
                          "rows": [r.__dict__ for r in rows]}))
    else:
        names = {n.id: n.name for n in network.neurons.values()}
        shown = rows if args.all else rows[:20]
        print(f"{'parameter':<28}{'backprop':>14}{'finite diff.':>14}{'rel. error':>12}")
        for r in shown:
            c = network.connections.get(r.id) if r.kind == "weight" else None
            label = (f"w {names[c.source]}→{names[c.target]}" if c else f"b {names[r.id]}")
            if c is not None and c.recurrent:
                label += " (t−1)"
            flag = "  ✗" if r.relative_error > tolerance else ""
            print(f"{label:<28}{r.backprop:>14.6g}{r.numeric:>14.6g}"
                  f"{r.relative_error:>12.2e}{flag}")
        if len(shown) < len(rows):
            print(f"… {len(rows) - len(shown)} more (use --all)")
        if kinks:
            print(f"note: {kinks}")
        verdict = "FAILED" if failed else "passed"
        what = "samples"
        if sequences is not None:
            steps = data.x_train.shape[1]
            what = f"sequences of {steps} steps, " + (
                "full BPTT" if sequences.truncation is None
                else f"truncated BPTT in windows of {sequences.truncation}")
        print(f"{verdict}: {len(failed)} of {len(rows)} parameters exceed relative error "
              f"{tolerance:g} (ε = {epsilon:g}, {compared} {what})")
    return EXIT_CHECK_FAILED if failed else 0


def cmd_predict(args: argparse.Namespace) -> int:
    from bpstudio.data import DataError, load_inputs_csv
    from bpstudio.data.sequences import has_sequence_column, missing_sequence_column
    from bpstudio.engine.backprop import Engine
    from bpstudio.engine.plan import CompileError, compile_network

    network, _ = _load(args.file)
    check_output(args.output, "--output")
    column = network.dataset.sequence_column
    try:
        plan = compile_network(network, "float64")
        path = Path(args.inputs)
        sequences = path.is_file() and has_sequence_column(path, column)
        if network.has_recurrent and not sequences and path.is_file():
            raise missing_sequence_column(path.name, column)
        x = None if sequences else load_inputs_csv(args.inputs, plan.n_inputs)
    except (CompileError, DataError) as error:
        raise UserError(str(error)) from None
    scaling = network.input_scaling
    if scaling.n_inputs not in (None, plan.n_inputs):
        raise UserError(f"{args.file}: the stored input scaling is for {scaling.n_inputs} "
                        f"inputs but the network has {plan.n_inputs}: train it again first")
    header = [network.neurons[i].name for i in plan.output_ids]
    if x is None:
        header, rows = _predict_sequences(plan, path, column, scaling, header)
    else:
        # The network computes with scaled inputs; the CSV holds raw ones, as exports do.
        rows = [[repr(float(v)) for v in row] for row in Engine(plan).predict(scaling.apply(x))]
    if not args.output:
        _write_rows(sys.stdout, header, rows)
        return 0
    try:
        with open(args.output, "w", newline="", encoding="utf-8") as out:
            _write_rows(out, header, rows)
    except OSError as error:
        raise UserError(f"cannot write {args.output}: {error.strerror}") from None
    return 0


def _predict_sequences(plan: Any, path: Path, column: str, scaling: Any,
                       names: list[str]) -> tuple[list[str], list[list[str]]]:
    """Outputs at every step of every sequence in a sequence CSV (each from state 0):
    one row per input row, with the sequence's name and the step (from 1)."""
    import numpy as np

    from bpstudio.data import DataError
    from bpstudio.data.sequences import load_sequence_inputs
    from bpstudio.engine.sequence import SequenceEngine

    try:
        ids, sequences = load_sequence_inputs(path, plan.n_inputs, column)
    except DataError as error:
        raise UserError(str(error)) from None
    engine = SequenceEngine(plan)
    outputs: list[Any] = [None] * len(sequences)
    by_length: dict[int, list[int]] = {}
    for index, sequence in enumerate(sequences):   # one batch per length
        by_length.setdefault(len(sequence), []).append(index)
    for indices in by_length.values():
        batch = np.stack([scaling.apply(sequences[i]) for i in indices])
        for i, result in zip(indices, engine.predict(batch), strict=True):
            outputs[i] = result
    rows = [[name, str(step + 1), *(repr(float(v)) for v in values)]
            for name, result in zip(ids, outputs, strict=True)
            for step, values in enumerate(result)]
    return [column, "step", *names], rows


def _write_rows(stream: Any, header: list[str], rows: list[list[str]]) -> None:
    writer = csv.writer(stream)
    writer.writerow(header)
    writer.writerows(rows)


def _export(network: Any, path: str, source: str, info: ProjectInfo,
            format_key: str | None = None) -> list[Path]:
    from bpstudio.formats.exports import ExportError
    from bpstudio.workflow import export_document

    try:
        return export_document(network, path, base_dir=Path(source).parent,
                               format_key=format_key, title=info.title)
    except ExportError as error:
        raise UserError(str(error)) from None


def cmd_export(args: argparse.Namespace) -> int:
    network, info = _load(args.file)
    check_output(args.out, "OUT")   # before loading the data some formats write
    written = _export(network, args.out, args.file, info, args.format)
    besides = [str(p) for p in written[1:]]
    print(f"exported {args.file} to {args.out}"
          + (f" (with {', '.join(besides)})" if besides else ""))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from bpstudio.formats.imports import ModelImportError, import_network

    out = Path(args.out)
    if out.exists() and not args.force:
        raise UserError(f"{out} already exists (use --force to overwrite)")
    check_output(args.out, "--out")   # before reading a model of up to a gigabyte
    try:
        network, info = import_network(args.model)
        save(network, out, info)
    except (ModelImportError, BpnetError) as error:
        raise UserError(str(error)) from None
    scaled = ("" if network.input_scaling.is_identity
              else f", inputs scaled by {network.input_scaling.method} as exported")
    print(f"imported {args.model} into {out}: {len(network.neurons)} neurons, "
          f"{len(network.connections)} connections (loss {network.settings.loss}{scaled}; "
          "set the dataset before training)")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from bpstudio.model.validate import errors

    out = Path(args.out)
    if out.exists() and not args.force:
        raise UserError(f"{out} already exists (use --force to overwrite)")
    check_output(args.out, "--out")
    if not args.layers and not args.dataset:
        raise UserError("give the layer sizes (--layers 2,8,1) or a dataset to fit "
                        "(--dataset NAME|PATH), or both")
    try:
        if args.layers:
            network, title = _new_layered(args, out)
        else:
            network, title = _new_for_dataset(args, out)
    except (ValueError, *_user_errors()) as error:   # layer sizes, network, settings, data
        raise UserError(str(error)) from None
    problems = errors(network)
    if problems:
        raise UserError("; ".join(p.message for p in problems))
    try:
        save(network, out, ProjectInfo(title=title))
    except BpnetError as error:
        raise UserError(str(error)) from None
    scaled = ("" if network.input_scaling.is_identity
              else f", inputs scaled by {network.input_scaling.method}")
    print(f"created {out}: {network.parameter_count()} parameters, dataset "
          f"{network.dataset.name}{scaled}")
    return 0


def _new_spec(args: argparse.Namespace, name: str, out: Path) -> Any:
    """The dataset spec of a new file: image options and the scaling that suits the data."""
    from dataclasses import replace

    from bpstudio.data import default_scaling
    from bpstudio.model.settings import DatasetSpec

    width, height = args.image_size or (0, 0)
    spec = DatasetSpec(name=name, image_width=width, image_height=height,
                       grayscale=not args.rgb, invert=args.invert)
    return replace(spec, scale_inputs=args.scale_inputs or default_scaling(spec, out.parent))


def _new_layered(args: argparse.Namespace, out: Path) -> tuple[Any, str]:
    from bpstudio.model.builders import layered, parse_layer_sizes, square_grid
    from bpstudio.workflow import initialize, load_data_for

    sizes = parse_layer_sizes(args.layers)
    activation = args.activation or "tanh"
    loss = args.loss or "l2"
    output_activation = args.output_activation or (
        "softmax" if loss == "softmax_cross_entropy" else
        "sigmoid" if loss == "binary_cross_entropy" else activation)
    network = layered(sizes, activation, output_activation, input_grid=square_grid(sizes[0]))
    name = (_dataset_argument(args.dataset, out.parent) if args.dataset
            else _guess_dataset(sizes))
    network.set_settings(network.settings.with_changes(loss=loss, seed=args.seed),
                         _new_spec(args, name, out))
    if network.dataset.scale_inputs != "none":
        with _loading_bar() as loading:
            network.set_input_scaling(load_data_for(network, out.parent,
                                                    report=loading).scaling)
    initialize(network)
    return network, f"{'-'.join(map(str, sizes))} {activation}"


def _new_for_dataset(args: argparse.Namespace, out: Path) -> tuple[Any, str]:
    from bpstudio.workflow import holds_sequences, network_for_dataset

    if args.loss or args.output_activation:
        raise UserError("--loss and --output-activation go with --layers; with --dataset "
                        "alone the outputs and loss are chosen to fit the data")
    hidden = _hidden_sizes(args.hidden)
    spec = _new_spec(args, _dataset_argument(args.dataset, out.parent), out)
    # sequences get Elman layers, where tanh keeps the state bounded (ReLU's can explode)
    activation = args.activation or ("tanh" if holds_sequences(spec, out.parent) else "relu")
    with _loading_bar() as loading:
        network, dataset = network_for_dataset(spec, out.parent, hidden, activation,
                                               args.seed, report=loading)
    sizes = [len(network.inputs()), *hidden, len(network.outputs())]
    return network, f"{'-'.join(map(str, sizes))} {activation} for {dataset.name}"


def _hidden_sizes(text: str) -> list[int]:
    """``"32,16"`` → [32, 16]; ``"0"`` or ``""`` → no hidden layer."""
    parts = text.replace(" ", "").split(",")
    if "" in parts and text.strip():   # "32,,16": a size left out
        raise UserError(f"--hidden must look like 32,16; {text!r} has an empty size between "
                        "commas")
    try:
        sizes = [int(part) for part in parts if part]
    except ValueError:
        raise UserError(f"--hidden must look like 32,16; got {text!r}") from None
    if sizes == [0]:
        return []
    if any(size < 1 for size in sizes):
        raise UserError(f"--hidden sizes must be positive; got {text!r}")
    return sizes


def _guess_dataset(sizes: list[int]) -> str:
    if sizes[0] == 64 and sizes[-1] == 10:
        return "digits"
    if sizes[0] == 784 and sizes[-1] == 10:
        return "fashion"
    if sizes[0] == 1:
        return "sine"
    return "xor"


def cmd_examples(args: argparse.Namespace) -> int:
    from bpstudio.examples import example_path, list_examples

    if not args.name:
        for info in list_examples():
            print(f"{info.name:<10} {info.title}")
        return 0
    try:
        source = example_path(args.name)
    except ValueError as error:
        raise UserError(str(error)) from None
    if not args.out:
        print(source)
        return 0
    out = Path(args.out)
    if out.is_dir():
        out = out / source.name
    try:
        shutil.copyfile(source, out)
    except OSError as error:
        raise UserError(f"cannot write {out}: {error.strerror}") from None
    print(f"copied {args.name} to {out}")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "train": cmd_train, "gradcheck": cmd_gradcheck, "predict": cmd_predict,
    "export": cmd_export, "import": cmd_import, "new": cmd_new, "examples": cmd_examples,
    "runs": cmd_runs, "sweep": cmd_sweep,
}
