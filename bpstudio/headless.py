"""`bpstudio train | gradcheck | predict | export | import | new | examples`: no Qt.

Every user error prints one line to stderr and exits with status 2; a gradient check that
finds a mismatch exits with status 1.
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

from bpstudio.cli import UserError
from bpstudio.formats.bpnet import BpnetError, ProjectInfo, load, save
from bpstudio.model.settings import (
    BUILTIN_DATASETS,
    LOSSES,
    OPTIMIZERS,
    SettingsError,
)

EXIT_USER_ERROR = 2
EXIT_CHECK_FAILED = 1


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
    p.add_argument("--epochs", type=_positive_int, help="passes over the training set")
    p.add_argument("--lr", type=_positive_float, help="learning rate η")
    p.add_argument("--batch-size", type=_positive_int, help="0 = full batch, 1 = online")
    p.add_argument("--optimizer", choices=OPTIMIZERS)
    p.add_argument("--loss", choices=LOSSES)
    p.add_argument("--seed", type=_positive_int, help="seeds initialisation and shuffling")
    p.add_argument("--validation-ratio", type=float, metavar="R",
                   help="fraction of the training split held out as a validation set, "
                        "which early stopping watches (0 = none; with patience on, 0 means 0.1)")
    p.add_argument("--reinit", action="store_true",
                   help="start from fresh random weights instead of the file's")
    p.add_argument("--out", metavar="FILE", help="save the trained network to this .bpnet")
    p.add_argument("--export", metavar="PATH",
                   help="export the trained network (.npz/.json/.onnx/.py/.c, by the suffix)")
    p.add_argument("--json", action="store_true", help="print one JSON object with the results")

    p = sub.add_parser("gradcheck", help="compare backprop with finite differences")
    p.add_argument("file")
    _add_dataset_option(p)
    p.add_argument("--samples", type=_positive_int, default=32,
                   help="training samples the loss is measured on (default 32)")
    p.add_argument("--epsilon", type=_positive_float, default=None,
                   help="ε of (L(w+ε) − L(w−ε)) / 2ε (default 1e-5)")
    p.add_argument("--tolerance", type=_positive_float, default=None,
                   help="largest relative error that passes (default 1e-6)")
    p.add_argument("--all", action="store_true", help="list every parameter, not the worst 20")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("predict", help="outputs of the network for each row of a CSV")
    p.add_argument("file")
    p.add_argument("inputs", metavar="INPUT.csv", help="one row per sample, one column per input")
    p.add_argument("-o", "--output", metavar="OUT.csv", help="write here instead of stdout")

    p = sub.add_parser("export", help="export the network: NumPy arrays, JSON, ONNX, a Python "
                                      "script (NumPy or PyTorch) or C, chosen by the suffix")
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

    p = sub.add_parser("new", help="create a layered network file")
    p.add_argument("--layers", required=True, help="layer sizes, e.g. 2,8,8,1")
    p.add_argument("--activation", default="tanh", help="hidden activation (default tanh)")
    p.add_argument("--output-activation", help="output activation (default: by the loss)")
    p.add_argument("--loss", choices=LOSSES, default="l2")
    p.add_argument("--dataset", default=None, help="dataset the file trains on")
    p.add_argument("--seed", type=_positive_int, default=0)
    p.add_argument("-o", "--out", required=True, metavar="FILE")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")

    p = sub.add_parser("examples", help="list the built-in examples or copy one out")
    p.add_argument("name", nargs="?")
    p.add_argument("-o", "--out", metavar="FILE", help="copy the example to this file")
    return parser


def _add_dataset_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dataset", metavar="NAME|PATH",
                        help=f"a built-in ({', '.join(BUILTIN_DATASETS)}) or a CSV file")


def run_command(argv: Sequence[str]) -> int:
    try:
        args = build_parser().parse_args(list(argv))
    except SystemExit as done:   # --help, or a usage error already printed in one line
        return done.code if isinstance(done.code, int) else 0
    command: Callable[[argparse.Namespace], int] = COMMANDS[args.command]
    try:
        return command(args)
    except UserError as error:
        print(f"bpstudio {args.command}: error: {error}", file=sys.stderr)
        return EXIT_USER_ERROR


# ------------------------------------------------------------------ helpers
def _load(path: str) -> tuple[Any, ProjectInfo]:
    try:
        return load(path)
    except BpnetError as error:
        raise UserError(str(error)) from None


def _user_errors() -> tuple[type[Exception], ...]:
    from bpstudio.workflow import USER_ERRORS

    return (*USER_ERRORS, SettingsError)


def _apply_dataset(network: Any, name: str | None) -> None:
    """Train on ``name``: a built-in, or a CSV path counted from the current folder.

    (Paths stored inside a .bpnet count from the file's folder; a path typed on the command
    line means what the shell means by it, so it is made absolute here.)
    """
    if name:
        from dataclasses import replace

        network.set_settings(dataset=replace(network.dataset, name=_dataset_argument(name)))


def _dataset_argument(name: str, relative_to: Path | None = None) -> str:
    """A built-in name as is; a file as an absolute path (or relative to ``relative_to``).

    Raises UserError for a word that is neither, so a typo is caught before any work.
    """
    if name in BUILTIN_DATASETS:
        return name
    path = Path(name).expanduser().resolve()
    if not path.is_file():
        from bpstudio.data.loading import unknown_dataset

        raise UserError(str(unknown_dataset(name, path)))
    if relative_to is not None:
        return os.path.relpath(path, relative_to.resolve())
    return str(path)


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
    from bpstudio.engine.init import initialize
    from bpstudio.engine.training import Trainer
    from bpstudio.workflow import initialize_if_blank, prepare_training

    network, info = _load(args.file)
    overrides = {key: value for key, value in (
        ("epochs", args.epochs), ("learning_rate", args.lr), ("batch_size", args.batch_size),
        ("optimizer", args.optimizer), ("loss", args.loss), ("seed", args.seed),
        ("validation_ratio", args.validation_ratio))
        if value is not None}
    notes = []
    try:
        network.set_settings(network.settings.with_changes(**overrides))
        _apply_dataset(network, args.dataset)
        if args.reinit:
            initialize(network)
            notes.append(f"started from fresh {network.settings.init} weights")
        elif initialize_if_blank(network):
            notes.append(f"all weights were 0: initialised them ({network.settings.init}, "
                         f"seed {network.settings.seed})")
        prepared = prepare_training(network, Path(args.file).parent)
    except _user_errors() as error:
        raise UserError(str(error)) from None
    trainer = Trainer(prepared.plan, prepared.data, network.settings)
    stop = threading.Event()
    with _interrupt_sets(stop), _progress_bar(network.settings.epochs,
                                              enabled=not args.json) as bar:
        final = trainer.run(report=bar, should_stop=stop.is_set)
    weights, biases = prepared.plan.parameters()
    network.set_parameters(weights, biases)
    network.set_history(trainer.loss_history())
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
        "parameters": prepared.plan.n_trainable, "notes": notes,
    }
    if final.validation_loss is not None:
        summary["validation_loss"] = final.validation_loss
        summary["validation_samples"] = trainer.data.n_val
    summary["test_accuracy" if prepared.data.is_classification else "test_r2"] = (
        final.test_metric)
    summary["train_accuracy" if prepared.data.is_classification else "train_r2"] = (
        trainer.training_metric())
    if args.json:
        print(json.dumps(_json_safe(summary)))
    else:
        _print_summary(summary, prepared.data.is_classification, args)
    return 0


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
    for note in s["notes"]:
        print(f"note: {note}")
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
        print(f"saved the trained network to {args.out}")
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
        initialize_if_blank(network)
        prepared = prepare_training(network, Path(args.file).parent, dtype="float64")
    except _user_errors() as error:
        raise UserError(str(error)) from None
    n = min(args.samples or prepared.data.n_train, prepared.data.n_train)
    epsilon = args.epsilon or gradcheck.DEFAULT_EPSILON
    tolerance = args.tolerance or gradcheck.DEFAULT_TOLERANCE
    rows = gradcheck.gradient_check(prepared.plan, prepared.data.x_train[:n],
                                    prepared.data.y_train[:n], epsilon)
    rows.sort(key=lambda r: r.relative_error, reverse=True)
    failed = [r for r in rows if r.relative_error > tolerance]
    names = {n.id: n.name for n in network.neurons.values()}
    if args.json:
        print(json.dumps({"parameters": len(rows), "samples": n, "epsilon": epsilon,
                          "tolerance": tolerance, "failed": len(failed),
                          "max_relative_error": rows[0].relative_error if rows else 0.0,
                          "rows": [r.__dict__ for r in rows]}))
    else:
        shown = rows if args.all else rows[:20]
        print(f"{'parameter':<28}{'backprop':>14}{'finite diff.':>14}{'rel. error':>12}")
        for r in shown:
            c = network.connections.get(r.id) if r.kind == "weight" else None
            label = (f"w {names[c.source]}→{names[c.target]}" if c else f"b {names[r.id]}")
            flag = "  ✗" if r.relative_error > tolerance else ""
            print(f"{label:<28}{r.backprop:>14.6g}{r.numeric:>14.6g}"
                  f"{r.relative_error:>12.2e}{flag}")
        if len(shown) < len(rows):
            print(f"… {len(rows) - len(shown)} more (use --all)")
        verdict = "FAILED" if failed else "passed"
        print(f"{verdict}: {len(failed)} of {len(rows)} parameters exceed relative error "
              f"{tolerance:g} (ε = {epsilon:g}, {n} samples)")
    return EXIT_CHECK_FAILED if failed else 0


def cmd_predict(args: argparse.Namespace) -> int:
    from bpstudio.data import DataError, load_inputs_csv
    from bpstudio.engine.backprop import Engine
    from bpstudio.engine.plan import CompileError, compile_network

    network, _ = _load(args.file)
    try:
        plan = compile_network(network, "float64")
        x = load_inputs_csv(args.inputs, plan.n_inputs)
    except (CompileError, DataError) as error:
        raise UserError(str(error)) from None
    outputs = Engine(plan).predict(x)
    header = [network.neurons[i].name for i in plan.output_ids]
    if not args.output:
        _write_rows(sys.stdout, header, outputs)
        return 0
    try:
        with open(args.output, "w", newline="", encoding="utf-8") as out:
            _write_rows(out, header, outputs)
    except OSError as error:
        raise UserError(f"cannot write {args.output}: {error.strerror}") from None
    return 0


def _write_rows(stream: Any, header: list[str], outputs: Any) -> None:
    writer = csv.writer(stream)
    writer.writerow(header)
    writer.writerows([repr(float(v)) for v in row] for row in outputs)


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
    try:
        network, info = import_network(args.model)
        save(network, out, info)
    except (ModelImportError, BpnetError) as error:
        raise UserError(str(error)) from None
    print(f"imported {args.model} into {out}: {len(network.neurons)} neurons, "
          f"{len(network.connections)} connections (loss {network.settings.loss}; set the "
          "dataset before training)")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from bpstudio.engine.init import initialize
    from bpstudio.model.builders import layered, parse_layer_sizes
    from bpstudio.model.network import NetworkError
    from bpstudio.model.validate import errors

    out = Path(args.out)
    if out.exists() and not args.force:
        raise UserError(f"{out} already exists (use --force to overwrite)")
    try:
        sizes = parse_layer_sizes(args.layers)
        output_activation = args.output_activation or (
            "softmax" if args.loss == "softmax_cross_entropy" else
            "sigmoid" if args.loss == "binary_cross_entropy" else args.activation)
        network = layered(sizes, args.activation, output_activation)
        dataset = (_dataset_argument(args.dataset, out.parent) if args.dataset
                   else _guess_dataset(sizes))
        network.set_settings(network.settings.with_changes(loss=args.loss, seed=args.seed),
                             network.dataset.__class__(name=dataset))
        initialize(network)
    except (ValueError, NetworkError, SettingsError) as error:
        raise UserError(str(error)) from None
    problems = errors(network)
    if problems:
        raise UserError("; ".join(p.message for p in problems))
    try:
        save(network, out, ProjectInfo(title=f"{'-'.join(map(str, sizes))} {args.activation}"))
    except BpnetError as error:
        raise UserError(str(error)) from None
    print(f"created {out}: {network.parameter_count()} parameters, dataset {dataset}")
    return 0


def _guess_dataset(sizes: list[int]) -> str:
    if sizes[0] == 64 and sizes[-1] == 10:
        return "digits"
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
}
