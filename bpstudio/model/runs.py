"""The runs a document remembers: one record per training, from start (or reset) to stop.

Plain, frozen data without Qt or NumPy, saved in the ``.bpnet`` file's ``runs`` list
(docs/file-format.md, "runs"). A run keeps what is needed to compare it with another one
(settings, dataset, shape, curves, best and final metrics) and, for the newest runs only,
its final parameters, so "Restore weights" can bring them back.

Final parameters are stored compactly: every weight in ascending connection id, every
bias of a non-input neuron in ascending neuron id, each list packed as little-endian
IEEE floats and written in base64 (``RunParameters``). The order depends only on the
document's ids, never on the engine's layout, and the structure fingerprint says whether
a run's arrays fit the current drawing.
"""

from __future__ import annotations

import base64
import hashlib
import math
import struct
import sys
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

from bpstudio.model.settings import DatasetSpec, SettingsError, TrainingSettings
from bpstudio.words import translate

if TYPE_CHECKING:
    from bpstudio.model.network import Network

#: curve points a run keeps per column; longer runs are thinned evenly (first and last kept)
MAX_CURVE_POINTS = 256
#: runs whose final parameters are kept by default (older runs keep curves and numbers)
DEFAULT_RUNS_WITH_PARAMETERS = 20
#: networks up to this many parameters keep them exactly (float64); larger ones as float32
EXACT_PARAMETERS_LIMIT = 10_000
#: the kept runs' final parameters take at most this many bytes of the file together, so
#: runs never bloat a big network's file (a 784-128-10 document keeps 5 runs' weights,
#: 2.7 MB, next to its own 2.3 MB); the newest run always keeps its own
RUN_PARAMETER_BUDGET = 3 * 2 ** 20
STOP_REASONS = ("epochs", "target", "early_stopping", "stopped", "diverged", "unknown")
PARAMETER_DTYPES = {"float64": "d", "float32": "f"}


class RunError(ValueError):
    """A run's record is inconsistent or does not fit the drawing; the message says why."""


@dataclass(frozen=True)
class RunCurves:
    """A run's per-epoch record, thinned to at most MAX_CURVE_POINTS rows (None: not measured)."""

    epochs: tuple[int, ...] = ()
    train_loss: tuple[float, ...] = ()
    validation_loss: tuple[float | None, ...] = ()
    test_loss: tuple[float | None, ...] = ()
    test_metric: tuple[float | None, ...] = ()   # accuracy (classification) or R² (regression)
    learning_rate: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        lengths = {len(getattr(self, name)) for name in CURVE_COLUMNS}
        if len(lengths) != 1:
            raise SettingsError("curves: all columns must have the same length")

    def __len__(self) -> int:
        return len(self.epochs)

    def to_dict(self) -> dict[str, Any]:
        return {name: list(getattr(self, name)) for name in CURVE_COLUMNS}


CURVE_COLUMNS = ("epochs", "train_loss", "validation_loss", "test_loss", "test_metric",
                 "learning_rate")


def thin_rows(rows: Sequence[Any], max_points: int = MAX_CURVE_POINTS) -> list[Any]:
    """At most ``max_points`` of ``rows``, evenly spread, the first and the last kept."""
    n = len(rows)
    if n <= max_points:
        return list(rows)
    if max_points < 2:
        return [rows[-1]]
    picks = sorted({round(i * (n - 1) / (max_points - 1)) for i in range(max_points)})
    return [rows[i] for i in picks]


@dataclass(frozen=True)
class Best:
    """The best value of one measure and the epoch it was reached at."""

    value: float
    epoch: int


@dataclass(frozen=True)
class RunParameters:
    """Final weights (ascending connection id) and biases (ascending non-input neuron id)."""

    dtype: str                     # "float64" or "float32": how the numbers are packed
    weights: tuple[float, ...]
    biases: tuple[float, ...]

    def __post_init__(self) -> None:
        if self.dtype not in PARAMETER_DTYPES:
            raise SettingsError(f"parameters.dtype must be one of "
                                f"{', '.join(PARAMETER_DTYPES)}; got {self.dtype!r}")

    @property
    def packed_bytes(self) -> int:
        """Bytes the numbers take in the file (packed, then base64: 4 characters per 3)."""
        size = struct.calcsize(PARAMETER_DTYPES[self.dtype])
        return sum(4 * math.ceil(len(values) * size / 3)
                   for values in (self.weights, self.biases))

    def to_dict(self) -> dict[str, Any]:
        return {"dtype": self.dtype, "weights": pack(self.weights, self.dtype),
                "biases": pack(self.biases, self.dtype)}


def pack(values: Sequence[float], dtype: str) -> str:
    """Little-endian IEEE floats of ``dtype``, in base64."""
    packed = array(PARAMETER_DTYPES[dtype], values)
    if sys.byteorder == "big":
        packed.byteswap()
    return base64.b64encode(packed.tobytes()).decode("ascii")


def unpack(text: str, dtype: str) -> tuple[float, ...]:
    """The numbers of :func:`pack`; RunError for text that is not such a list."""
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise RunError("is not base64 text") from None
    code = PARAMETER_DTYPES[dtype]
    size = struct.calcsize(code)
    if len(raw) % size:
        raise RunError(f"holds {len(raw)} bytes, not a whole number of {dtype} values")
    values = array(code)
    values.frombytes(raw)
    if sys.byteorder == "big":
        values.byteswap()
    # A finite sum means every value is finite (an infinity or NaN makes it so); only an
    # overflowing sum of finite values needs the value-by-value look.
    if not math.isfinite(sum(values)) and not all(math.isfinite(v) for v in values):
        raise RunError("holds a value that is not finite")
    return tuple(values)


@dataclass(frozen=True)
class Run:
    """One training of the document, from start (or reset) to stop."""

    name: str                                   # the user's name for it
    started: str                                # ISO 8601 UTC, e.g. 2026-12-03T13:05:00Z
    shape: str                                  # e.g. "2-4-1, 17 parameters"
    fingerprint: str                            # structure_fingerprint() of the drawing
    activations: Mapping[str, tuple[int, ...]]  # activation → ids of the neurons using it
    settings: TrainingSettings
    dataset: DatasetSpec
    curves: RunCurves = RunCurves()
    metric_name: str = ""                       # "accuracy", "r2" or "" (no test set)
    epochs: int = 0                             # epochs completed
    steps: int = 0                              # minibatch updates taken
    seconds: float = 0.0                        # time spent training
    stop_reason: str = "unknown"
    stop_message: str = ""
    final: Mapping[str, float | None] = field(default_factory=dict)   # see FINAL_KEYS
    best: Mapping[str, Best] = field(default_factory=dict)            # see BEST_KEYS
    parameters: RunParameters | None = None     # None once the run is beyond the last N

    def __post_init__(self) -> None:
        if self.stop_reason not in STOP_REASONS:
            raise SettingsError(f"stop_reason must be one of {', '.join(STOP_REASONS)}; "
                                f"got {self.stop_reason!r}")

    @property
    def steps_per_second(self) -> float:
        return self.steps / self.seconds if self.seconds > 0 else 0.0

    def best_value(self, key: str) -> float | None:
        best = self.best.get(key)
        return None if best is None else best.value

    def renamed(self, name: str) -> Run:
        return replace(self, name=name)

    def without_parameters(self) -> Run:
        return replace(self, parameters=None)

    def to_dict(self) -> dict[str, Any]:
        """The run as the file stores it, keys in file order."""
        doc: dict[str, Any] = {
            "name": self.name, "started": self.started, "shape": self.shape,
            "fingerprint": self.fingerprint,
            "activations": {k: list(v) for k, v in sorted(self.activations.items())},
            "settings": self.settings.to_dict(), "dataset": self.dataset.to_dict(),
            "metric_name": self.metric_name, "epochs": self.epochs, "steps": self.steps,
            "seconds": self.seconds, "stop_reason": self.stop_reason,
            "stop_message": self.stop_message,
            "final": {k: self.final[k] for k in FINAL_KEYS if k in self.final},
            "best": {k: asdict(self.best[k]) for k in BEST_KEYS if k in self.best},
            "curves": self.curves.to_dict(),
        }
        if self.parameters is not None:
            doc["parameters"] = self.parameters.to_dict()
        return doc


#: final numbers of a run (None where not measured)
FINAL_KEYS = ("train_loss", "validation_loss", "test_loss", "test_metric", "train_metric")
#: measures whose best value a run records: lowest losses, highest test metric
BEST_KEYS = ("train_loss", "validation_loss", "test_loss", "test_metric")


# ------------------------------------------------------------------ structure
def structure_fingerprint(network: Network) -> str:
    """16 hex digits naming the drawing's parameter layout: neuron ids and roles,
    connection ids and ends. Equal fingerprints mean a run's parameters fit."""
    digest = hashlib.sha256()
    for neuron in sorted(network.neurons.values(), key=lambda n: n.id):
        digest.update(f"n{neuron.id}:{neuron.role};".encode())
    for c in sorted(network.connections.values(), key=lambda c: c.id):
        digest.update(f"c{c.id}:{c.source}>{c.target};".encode())
    return digest.hexdigest()[:16]


def activation_groups(network: Network) -> dict[str, tuple[int, ...]]:
    """Activation → ids (ascending) of the non-input neurons using it."""
    groups: dict[str, list[int]] = {}
    for neuron in sorted(network.neurons.values(), key=lambda n: n.id):
        if neuron.role != "input":
            groups.setdefault(neuron.activation, []).append(neuron.id)
    return {name: tuple(ids) for name, ids in sorted(groups.items())}


def parameters_of(network: Network) -> RunParameters:
    """The network's current weights and biases in the run order."""
    weights = [network.connections[c].weight for c in sorted(network.connections)]
    biases = [n.bias for _, n in sorted(network.neurons.items()) if n.role != "input"]
    dtype = "float64" if len(weights) + len(biases) <= EXACT_PARAMETERS_LIMIT else "float32"
    return RunParameters(dtype, tuple(weights), tuple(biases))


def restore_problem(run: Run, network: Network) -> str | None:
    """Why ``run``'s weights cannot be put into ``network``, or None if they can."""
    if run.parameters is None:
        return translate("Runs", "{name} kept no weights: only the last runs keep their final "
                         "parameters").format(name=run.name)
    if run.fingerprint != structure_fingerprint(network):
        return translate("Runs", "{name} was trained on a different drawing ({shape}); its "
                         "weights fit only a network with the same neurons and "
                         "connections").format(name=run.name, shape=run.shape)
    n_biases = sum(1 for n in network.neurons.values() if n.role != "input")
    if (len(run.parameters.weights), len(run.parameters.biases)) != (
            len(network.connections), n_biases):
        return translate("Runs", "{name}'s stored weights do not match the drawing's "
                         "parameter count").format(name=run.name)
    return None


def weights_by_id(run: Run, network: Network) -> tuple[dict[int, float], dict[int, float]]:
    """(weights by connection id, biases by neuron id) of ``run`` for ``network``, as
    ``Network.set_parameters`` takes them; RunError when they do not fit."""
    problem = restore_problem(run, network)
    if problem:
        raise RunError(problem)
    assert run.parameters is not None
    weights = dict(zip(sorted(network.connections), run.parameters.weights, strict=True))
    bias_ids = [i for i, n in sorted(network.neurons.items()) if n.role != "input"]
    biases = dict(zip(bias_ids, run.parameters.biases, strict=True))
    return weights, biases


# ------------------------------------------------------------------ runs list
def keep_parameters(runs: Iterable[Run], newest: int,
                    budget: int = RUN_PARAMETER_BUDGET) -> tuple[Run, ...]:
    """``runs`` (oldest first) with final parameters kept only on the ``newest`` ones, and
    only as many of those as fit in ``budget`` bytes of the file (the newest always keeps
    its own)."""
    runs = tuple(runs)
    kept: list[Run] = []
    count, used = 0, 0
    for run in reversed(runs):
        if run.parameters is not None:
            used += run.parameters.packed_bytes
            count += 1
            if count > newest or (count > 1 and used > budget):
                run = run.without_parameters()
        kept.append(run)
    return tuple(reversed(kept))


def default_name(number: int, settings: TrainingSettings) -> str:
    """``Run 3 · Adam η 0.01``: the number and the two settings people change most."""
    optimizer = {"sgd": "SGD", "momentum": "Momentum", "adam": "Adam"}[settings.optimizer]
    return f"Run {number} · {optimizer} η {settings.learning_rate:g}"


def next_number(runs: Sequence[Run]) -> int:
    """The number of a new run: one more than the runs ever counted by their default names."""
    highest = len(runs)
    for run in runs:
        head = run.name.split(" ", 2)
        if len(head) >= 2 and head[0] == "Run" and head[1].isdigit():
            highest = max(highest, int(head[1]))
    return highest + 1


def find_run(runs: Sequence[Run], key: str) -> int:
    """Index (oldest first) of the run named ``key``: a number counted from 1 for the
    oldest, a negative one from the newest (-1), or its exact name. RunError if none."""
    text = key.strip()
    try:
        number = int(text)
    except ValueError:
        matches = [i for i, run in enumerate(runs) if run.name == text]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise RunError(f"{len(matches)} runs are named {text!r}; use its number "
                           f"({', '.join(str(i + 1) for i in matches)})") from None
        raise RunError(f"no run is named {text!r} (the file has {len(runs)} runs; give a "
                       "number from 1 or a name)") from None
    if 1 <= number <= len(runs):
        return number - 1
    if -len(runs) <= number <= -1:
        return len(runs) + number
    if not runs:
        raise RunError("the file has no runs yet")
    raise RunError(f"no run {number}: the file has {len(runs)} runs (1 to {len(runs)}, "
                   "or -1 for the newest)")
