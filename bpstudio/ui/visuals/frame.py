"""What the panels derive from one ViewState, each part computed at most once.

A :class:`Frame` wraps the latest ViewState; panels ask it for per-connection values,
probe results or network outputs over a grid, and whatever two panels both need is
computed once. The :class:`EngineCache` keeps one Engine per plan (new plan, new engine)
and copies each state's parameters into the engine's own buffer.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from bpstudio.engine.backprop import Engine
from bpstudio.engine.plan import Plan
from bpstudio.engine.probe import Probe, probe
from bpstudio.engine.sequence import SequenceEngine, Unrolled
from bpstudio.ui.i18n import translate
from bpstudio.ui.training.view_state import ViewState
from bpstudio.ui.words import counts

PROBE_SAMPLES = 256          # at most this many training samples feed the neuron fills
MIN_PROBE_SAMPLES = 64       # and at least this many, however wide the network
# Samples per forward pass. OpenBLAS splits a product of more than ~2**18 multiply-adds
# over threads, and a split product waits for a core the training worker keeps busy: the
# spiral's 64×64 grid took 13 ms in one pass and 3 ms in passes of 512 (see
# docs/performance.md). So passes stay under that size unless the network is so wide that
# one sample alone is near it.
GEMM_BUDGET = 2 ** 18
MAX_CHUNK, MIN_CHUNK = 512, 32


def chunk_for(plan: Plan) -> int:
    """Samples per pass that keep each level's product on one BLAS thread."""
    widest = max((level.n_params for level in plan.levels), default=1)
    return int(min(MAX_CHUNK, max(MIN_CHUNK, GEMM_BUDGET // max(widest, 1))))



class EngineCache:
    """An Engine per plan whose parameters are a private copy of the latest state's."""

    def __init__(self) -> None:
        self._plan: Plan | None = None
        self._params: np.ndarray | None = None
        self._engine: Engine | None = None
        self._state: ViewState | None = None
        self.engines_built = 0      # how many times a new plan forced a new engine

    def engine(self, state: ViewState) -> Engine:
        if state.plan is not self._plan or self._engine is None:
            self._plan = state.plan
            self._params = np.array(state.params, dtype=state.plan.dtype, copy=True)
            self._engine = Engine(state.plan, self._params)
            self.engines_built += 1
        elif state is not self._state:
            np.copyto(self._params, state.params)
        self._state = state
        return self._engine


@dataclass(frozen=True)
class PlanIndex:
    """Look-ups from model ids into a plan's arrays, built once per plan."""

    connection_pos: dict[int, int]      # connection id → position in plan.connection_ids
    neuron_col: dict[int, int]          # neuron id → position in plan.neuron_ids
    activation: dict[int, str]          # neuron id → activation name ("identity" for inputs)
    hidden_ids: tuple[int, ...]         # neurons that are neither inputs nor outputs
    first_layer: tuple[int, ...]        # hidden neurons all of whose sources are inputs

    @classmethod
    def of(cls, plan: Plan) -> PlanIndex:
        cached = getattr(plan, "_visuals_index", None)
        if cached is None:
            cached = cls._build(plan)
            plan._visuals_index = cached  # type: ignore[attr-defined]
        return cached

    @classmethod
    def _build(cls, plan: Plan) -> PlanIndex:
        activation = dict.fromkeys(plan.input_ids, "identity")
        for level in plan.levels:
            for seg in level.segments:
                for nid in level.neuron_ids[seg.start:seg.stop]:
                    activation[nid] = seg.activation
        inputs, outputs = set(plan.input_ids), set(plan.output_ids)
        hidden = tuple(n for n in plan.neuron_ids if n not in inputs and n not in outputs)
        sources: dict[int, set[int]] = {}
        for source, target in plan.connection_ends:
            sources.setdefault(target, set()).add(source)
        first = tuple(n for n in hidden if sources.get(n) and sources[n] <= inputs)
        return cls({cid: i for i, cid in enumerate(plan.connection_ids)},
                   {nid: i for i, nid in enumerate(plan.neuron_ids)},
                   activation, hidden, first)


def probe_batch(data_x: np.ndarray, data_y: np.ndarray,
                count: int) -> tuple[np.ndarray, np.ndarray]:
    """Up to ``count`` training samples spread evenly over the set (deterministic)."""
    n = data_x.shape[0]
    if n <= count:
        return data_x, data_y
    index = np.linspace(0, n - 1, count).round().astype(np.intp)
    return data_x[index], data_y[index]


class Frame:
    """Lazily derived views of one ViewState; every property is computed once."""

    def __init__(self, state: ViewState, engines: EngineCache,
                 run_start: np.ndarray | None = None) -> None:
        self.state = state
        self.plan = state.plan
        self.index = PlanIndex.of(state.plan)
        self._engines = engines
        #: weights per connection when the last run started, if the state no longer
        #: says (a finished run's weights were applied: its state starts from them)
        self.run_start = run_start
        self._cache: dict[Hashable, np.ndarray] = {}
        self._unrolled: dict[Hashable, Unrolled] = {}

    def cached(self, key: Hashable, compute: Callable[[], np.ndarray]) -> np.ndarray:
        """``compute()`` once per frame and key (e.g. activations over a grid)."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def engine(self) -> Engine:
        """The plan's engine holding this state's parameters."""
        return self._engines.engine(self.state)

    # ------------------------------------------------------ per connection
    @cached_property
    def weights(self) -> np.ndarray:
        """w per connection, aligned with ``plan.connection_ids``."""
        return self.plan.weights_of(self.state.params)

    @cached_property
    def weight_changes(self) -> np.ndarray:
        """Δw since training started, per connection."""
        s = self.state
        start = self.run_start if self.run_start is not None else \
            self.plan.weights_of(s.initial_params)
        return self.weights - start

    @cached_property
    def gradients(self) -> np.ndarray:
        """|∂L/∂w| per connection: the run's mean over the last report window, or (before
        any training) the gradient of the probe batch."""
        return self.plan.weights_of(self.parameter_gradients)

    @cached_property
    def parameter_gradients(self) -> np.ndarray:
        """|∂L/∂param| for every parameter, laid out like ``plan.params``."""
        if self.state.grad_mean is not None:
            return np.abs(self.state.grad_mean)
        return np.abs(self.probe.grad)

    @property
    def gradient_source(self) -> str:
        """Where :attr:`gradients` came from, in words."""
        if self.state.grad_mean is not None:
            return translate("Visuals", "mean over the last report")
        data = self.state.data
        if data.is_sequences:   # every step of every probed sequence is one column
            steps = int(data.x_train.shape[1])
            count = self.probe.activations.shape[1] // steps
            return counts().training_sequences(count).format(steps=steps)
        return counts().training_samples(self.probe.activations.shape[1])

    # ------------------------------------------------------------ per neuron
    @cached_property
    def probe(self) -> Probe:
        """a and δ of every neuron over the probe batch (forward + backward)."""
        # As many samples as keep the products on one BLAS thread (see chunk_for).
        count = min(PROBE_SAMPLES, max(MIN_PROBE_SAMPLES, chunk_for(self.plan)))
        data = self.state.data
        x, y = probe_batch(data.x_train, data.y_train, count)
        return probe(self.plan, self.state.params, x, y, data.steps or "every")

    def sequence_engine(self) -> SequenceEngine:
        """Backpropagation through time with this state's parameters (whole sequences)."""
        return SequenceEngine(self.plan, self.state.data.steps or "every",
                              params=np.asarray(self.state.params, dtype=self.plan.dtype))

    def sequence(self, index: int, part: str = "train") -> Unrolled:
        """Training (or test) sequence ``index`` step by step, forward and backward:
        what the sequence view draws (computed once per frame)."""
        key = ("sequence", part, index)
        if key not in self._unrolled:
            data = self.state.data
            x, y = (data.x_train, data.y_train) if part == "train" else \
                (data.x_test, data.y_test)
            self._unrolled[key] = self.sequence_engine().unroll(x[index], y[index])
        return self._unrolled[key]

    @cached_property
    def mean_activations(self) -> np.ndarray:
        """Mean a per neuron over the probe batch, in ``plan.neuron_ids`` order."""
        return self.probe.activations.mean(axis=1)     # NaN after a divergence: no fill

    @cached_property
    def mean_abs_deltas(self) -> np.ndarray:
        """Mean |δ| = |∂L/∂z| per neuron over the probe batch (0 for inputs)."""
        return np.abs(self.probe.deltas).mean(axis=1)

    def bias(self, neuron_id: int) -> float | None:
        try:
            position = self.plan.bias_position(neuron_id)
        except KeyError:       # an input neuron, or one the plan does not have yet
            return None
        return float(self.state.params[position])

    # ---------------------------------------------------------------- outputs
    def predict(self, x: np.ndarray) -> np.ndarray:
        """Network outputs ``(n, n_outputs)`` for inputs ``(n, n_inputs)``; for sequences
        ``(n, T, n_inputs)`` the outputs of the scored steps, one row each (as the
        training metrics count them)."""
        if x.ndim == 3:
            data = self.state.data
            engine = SequenceEngine(self.plan, data.steps or "every", params=self.state.params)
            return data.scored(engine.predict(x))
        return self.engine().predict(x, chunk=chunk_for(self.plan))

    def neuron_activations(self, x: np.ndarray) -> np.ndarray:
        """Every neuron's activation ``(n, n_neurons)`` for inputs ``(n, n_inputs)``."""
        return self.engine().neuron_activations(x, chunk=chunk_for(self.plan))
