"""compile(network) → Plan: the drawn graph turned into a few dense matrix products.

Layout (why it is fast). Activations live in one buffer of shape ``(rows, batch)`` — the
features × batch layout, so a level's inputs and outputs are contiguous row blocks:

    row 0            1 (constant)     ┐ block 0: the inputs
    rows 1..n_in     input neurons    ┘
    row r1           1 (constant)     ┐ block 1: level 1
    rows r1+1..      level-1 neurons  ┘
    …

Neurons sit in topological *levels* (a neuron's level is one more than its deepest
source); a level's neurons are computed together as ``A[rows] = f(W @ A[span])`` where
``span`` runs from the constant row in front of the lowest block the level reads up to its
highest source. The bias is the weight on that constant row, so it is folded into the
product. A layered drawing reads exactly the previous block, so its plan does the same
work as a hand-written layered MLP; a skip connection only widens a span. Weights of
pairs that are not connected (and the extra constant rows inside a wide span) are
*structural zeros*: stored, but never trained (their gradient is masked to 0).

Recurrent connections (delay 1) read the *previous* time step: per level, one more block
``R`` of the flat vector maps the previous step's rows ``rspan`` to the level's z, so a
time step is ``A_t[rows] = f(W @ A_t[span] + R @ A_{t−1}[rspan])`` (engine/sequence.py).
The levels themselves follow the ordinary connections only. Run on single samples (the
feed-forward :class:`~bpstudio.engine.backprop.Engine`), a recurrent plan computes the
first time step of a sequence, where the previous state is 0 and ``R`` adds nothing.

All weights and biases are views into one flat parameter vector, so an optimiser updates
every parameter in one call. Only the engine knows where a parameter sits in that vector:
everyone else asks the plan by id (:meth:`Plan.weight_position`, :meth:`Plan.weights_of`,
:meth:`Plan.parameters`, :meth:`Plan.write_parameters`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from bpstudio.engine import activations
from bpstudio.model.network import Network
from bpstudio.model.validate import errors


class CompileError(ValueError):
    """The network cannot be trained as drawn; the message lists every reason."""


@dataclass(frozen=True)
class Segment:
    """Rows of one level (relative to the level) that share an activation."""

    activation: str
    start: int
    stop: int


@dataclass(frozen=True)
class Level:
    """Neurons computed together: ``A[rows] = f(W @ A[span])``."""

    index: int                   # 1 for the first computed level
    rows: slice                  # buffer rows this level writes
    span: slice                  # buffer rows it reads (starts at a constant-1 row)
    offset: int                  # where W starts in the flat parameter vector
    segments: tuple[Segment, ...]
    neuron_ids: tuple[int, ...]  # model ids, in row order
    keep_z: bool                 # some activation here needs z for its derivative

    @property
    def size(self) -> int:
        return int(self.rows.stop - self.rows.start)

    @property
    def width(self) -> int:
        return int(self.span.stop - self.span.start)

    @property
    def n_params(self) -> int:
        return self.size * self.width


@dataclass(frozen=True)
class Recurrence:
    """The recurrent connections into one level: ``z += R @ A_{t−1}[span]``."""

    level: int                   # index of the level they feed (Level.index)
    span: slice                  # buffer rows of the previous time step they read
    offset: int                  # where R starts in the flat parameter vector
    size: int                    # rows of R (the level's size)

    @property
    def width(self) -> int:
        return int(self.span.stop - self.span.start)

    @property
    def n_params(self) -> int:
        return self.size * self.width


@dataclass(frozen=True)
class LevelMatrices:
    """One level as ``a[neuron_ids] = f(weight @ a[source_ids] + bias)``, plus, with
    recurrent connections, ``+ recurrent_weight @ a_previous_step[recurrent_source_ids]``."""

    neuron_ids: tuple[int, ...]     # neurons this level computes, in order
    source_ids: tuple[int, ...]     # neurons it reads (columns of ``weight``), in order
    weight: np.ndarray              # (len(neuron_ids), len(source_ids)); 0 = not connected
    bias: np.ndarray                # (len(neuron_ids),)
    activations: tuple[str, ...]    # activation of each neuron
    #: neurons whose previous-step activation it reads (columns of ``recurrent_weight``)
    recurrent_source_ids: tuple[int, ...] = ()
    #: (len(neuron_ids), len(recurrent_source_ids)); None without recurrent connections
    recurrent_weight: np.ndarray | None = None


class Plan:
    """Everything a forward/backward pass needs, computed once from a network.

    Attributes are read-only after construction except ``params`` (trained in place).
    """

    def __init__(self, network: Network, dtype: str | np.dtype = "float64") -> None:
        problems = errors(network)
        if problems:
            raise CompileError("; ".join(p.message for p in problems))
        self.dtype = np.dtype(dtype)
        self.loss_name = network.settings.loss
        self.input_ids = tuple(n.id for n in network.inputs())
        self.output_ids = tuple(n.id for n in network.outputs())
        levels_of = _levels(network)
        self._build_rows(network, levels_of)
        self._build_recurrences(network)
        self._build_parameters(network)

    # ------------------------------------------------------------------ layout
    def _build_rows(self, network: Network, level_of: dict[int, int]) -> None:
        n_levels = max(level_of.values(), default=0)
        by_level: list[list[int]] = [[] for _ in range(n_levels + 1)]
        for nid in sorted(network.neurons):
            by_level[level_of[nid]].append(nid)
        by_level[0] = list(self.input_ids)   # inputs keep their data-column order

        self.row_of: dict[int, int] = {}     # neuron id -> buffer row
        self.block_start: list[int] = []     # constant-1 row in front of each block
        row = 0
        for ids in by_level:
            self.block_start.append(row)
            row += 1
            for nid in ids:
                self.row_of[nid] = row
                row += 1
        self.n_rows = row
        self.first_hidden_row = self.block_start[1] if n_levels else self.n_rows
        block_of_row = np.zeros(self.n_rows, dtype=np.intp)
        for b, start in enumerate(self.block_start):
            block_of_row[start:] = b

        self.levels: list[Level] = []
        offset = 0
        for index in range(1, n_levels + 1):
            ids = by_level[index]
            source_rows = [self.row_of[c.source] for nid in ids for c in network.incoming(nid)
                           if not c.recurrent]
            if source_rows:
                span = slice(self.block_start[block_of_row[min(source_rows)]],
                             max(source_rows) + 1)
            else:
                span = slice(0, 1)   # bias-only neurons read just a constant row
            first = self.row_of[ids[0]]
            level = Level(index, slice(first, first + len(ids)), span, offset,
                          _segments(network, ids), tuple(ids),
                          any(activations.get(network.neurons[n].activation).needs_z
                              for n in ids))
            self.levels.append(level)
            offset += level.n_params
        self.n_params = offset
        self.neuron_ids = tuple(nid for ids in by_level for nid in ids)
        out_rows = [self.row_of[nid] for nid in self.output_ids]
        self.output_rows = np.array(out_rows, dtype=np.intp)
        contiguous = out_rows == list(range(out_rows[0], out_rows[0] + len(out_rows)))
        self.output_slice: slice | None = (
            slice(out_rows[0], out_rows[-1] + 1) if contiguous else None)
        self.input_rows = slice(1, 1 + len(self.input_ids))

    def _build_recurrences(self, network: Network) -> None:
        """One R block per level that recurrent connections feed, after all the W's."""
        self.recurrences: list[Recurrence] = []
        offset = self.n_params
        for level in self.levels:
            rows = [self.row_of[c.source] for nid in level.neuron_ids
                    for c in network.incoming(nid) if c.recurrent]
            if not rows:
                continue
            recurrence = Recurrence(level.index, slice(min(rows), max(rows) + 1), offset,
                                    level.size)
            self.recurrences.append(recurrence)
            offset += recurrence.n_params
        self.n_params = offset

    @property
    def has_recurrent(self) -> bool:
        """Whether some connection reads the previous time step (train on sequences)."""
        return bool(self.recurrences)

    def _build_parameters(self, network: Network) -> None:
        level_of_row = {}
        for level in self.levels:
            for r in range(level.rows.start, level.rows.stop):
                level_of_row[r] = level
        recurrence_of = {r.level: r for r in self.recurrences}
        #: model connection ids in the order of :attr:`weight_index`
        self.connection_ids = tuple(sorted(network.connections))
        #: source and target neuron ids of each connection, aligned with connection_ids
        self.connection_ends = tuple((network.connections[c].source,
                                      network.connections[c].target)
                                     for c in self.connection_ids)
        weight_index = np.empty(len(self.connection_ids), dtype=np.intp)
        for i, cid in enumerate(self.connection_ids):
            c = network.connections[cid]
            level = level_of_row[self.row_of[c.target]]
            r = self.row_of[c.target] - level.rows.start
            if c.recurrent:
                block = recurrence_of[level.index]
                weight_index[i] = block.offset + r * block.width + (
                    self.row_of[c.source] - block.span.start)
            else:
                weight_index[i] = level.offset + r * level.width + (
                    self.row_of[c.source] - level.span.start)
        #: which connections are recurrent, aligned with connection_ids
        self.connection_recurrent = tuple(network.connections[c].recurrent
                                          for c in self.connection_ids)
        #: non-input neuron ids in the order of :attr:`bias_index`
        self.bias_ids = tuple(nid for nid in self.neuron_ids
                              if network.neurons[nid].role != "input")
        bias_index = np.empty(len(self.bias_ids), dtype=np.intp)
        for i, nid in enumerate(self.bias_ids):
            level = level_of_row[self.row_of[nid]]
            bias_index[i] = level.offset + (self.row_of[nid] - level.rows.start) * level.width
        # Flat positions, aligned with connection_ids / bias_ids. Engine-only: everyone
        # else asks by id (see "parameters by id" below).
        self.weight_index = weight_index
        self.bias_index = bias_index

        self.params = np.zeros(self.n_params, dtype=self.dtype)
        self.params[weight_index] = [network.connections[c].weight for c in self.connection_ids]
        self.params[bias_index] = [network.neurons[n].bias for n in self.bias_ids]

        trainable = np.zeros(self.n_params, dtype=bool)
        trainable[weight_index] = [not network.connections[c].frozen
                                   for c in self.connection_ids]
        trainable[bias_index] = [not network.neurons[n].frozen for n in self.bias_ids]
        #: 1 where a parameter is a real, unfrozen weight or bias; None when all are
        self.trainable_mask = None if trainable.all() else trainable.astype(self.dtype)
        is_weight = np.zeros(self.n_params, dtype=self.dtype)
        is_weight[weight_index] = 1
        self.weight_mask = is_weight   # 1 on real weights: regularisation applies only there

    # ------------------------------------------------------------------ views
    def weight_matrix(self, level: Level, params: np.ndarray | None = None) -> np.ndarray:
        """W of a level, shape ``(level.size, level.width)``: a view into the parameters."""
        flat = self.params if params is None else params
        return flat[level.offset:level.offset + level.n_params].reshape(level.size, level.width)

    def recurrent_matrix(self, block: Recurrence, params: np.ndarray | None = None
                         ) -> np.ndarray:
        """R of a recurrence, shape ``(block.size, block.width)``: a view into the
        parameters."""
        flat = self.params if params is None else params
        return flat[block.offset:block.offset + block.n_params].reshape(block.size,
                                                                         block.width)

    # ------------------------------------------------------- parameters by id
    # A weight is found by its connection id, a bias by its neuron id. ``values`` is any
    # flat array laid out like :attr:`params` (parameters, gradients, a snapshot); None
    # means :attr:`params` itself.
    @property
    def n_weights(self) -> int:
        return len(self.connection_ids)

    @property
    def n_biases(self) -> int:
        return len(self.bias_ids)

    def weight_position(self, connection_id: int) -> int:
        """Where a connection's weight sits in :attr:`params`; KeyError if the plan has
        no such connection."""
        return self._weight_positions[connection_id]

    def bias_position(self, neuron_id: int) -> int:
        """Where a neuron's bias sits in :attr:`params`; KeyError for an input neuron or
        one the plan does not have."""
        return self._bias_positions[neuron_id]

    def weights_of(self, values: np.ndarray | None = None) -> np.ndarray:
        """The weight entries of ``values``, aligned with :attr:`connection_ids` (a copy)."""
        return (self.params if values is None else values)[self.weight_index]

    def biases_of(self, values: np.ndarray | None = None) -> np.ndarray:
        """The bias entries of ``values``, aligned with :attr:`bias_ids` (a copy)."""
        return (self.params if values is None else values)[self.bias_index]

    def parameters(self, values: np.ndarray | None = None
                   ) -> tuple[dict[int, float], dict[int, float]]:
        """(weights by connection id, biases by neuron id) of ``values``, as
        ``Network.set_parameters`` takes them."""
        weights = dict(zip(self.connection_ids, self.weights_of(values).tolist(), strict=True))
        biases = dict(zip(self.bias_ids, self.biases_of(values).tolist(), strict=True))
        return weights, biases

    def trained_parameters(self, params: np.ndarray | None = None
                           ) -> tuple[dict[int, float], dict[int, float]]:
        """:meth:`parameters` without the frozen ones: what a run hands back to the
        document. A frozen value stays the document's own float64 number, bit for bit,
        even after a float32 run, whose working copy holds it rounded (0.1 → 0.10000000149)."""
        mask = self.trainable_mask
        if mask is None:
            return self.parameters(params)
        weights = self.weights_of(params).tolist()
        biases = self.biases_of(params).tolist()
        free_w = (self.weights_of(mask) != 0).tolist()
        free_b = (self.biases_of(mask) != 0).tolist()
        return ({c: w for c, w, free in zip(self.connection_ids, weights, free_w, strict=True)
                 if free},
                {n: b for n, b, free in zip(self.bias_ids, biases, free_b, strict=True)
                 if free})

    def write_parameters(self, weights: Mapping[int, float], biases: Mapping[int, float],
                         values: np.ndarray | None = None) -> np.ndarray:
        """Write weights (by connection id) and biases (by neuron id) into ``values``;
        ids the plan does not have are skipped. Returns the positions written."""
        flat = self.params if values is None else values
        known_w = [(self._weight_positions[c], w) for c, w in weights.items()
                   if c in self._weight_positions]
        known_b = [(self._bias_positions[n], b) for n, b in biases.items()
                   if n in self._bias_positions]
        pairs = known_w + known_b
        positions = np.fromiter((p for p, _ in pairs), dtype=np.intp, count=len(pairs))
        flat[positions] = np.fromiter((v for _, v in pairs), dtype=float, count=len(pairs))
        return positions

    @cached_property
    def _weight_positions(self) -> dict[int, int]:
        return dict(zip(self.connection_ids, self.weight_index.tolist(), strict=True))

    @cached_property
    def _bias_positions(self) -> dict[int, int]:
        return dict(zip(self.bias_ids, self.bias_index.tolist(), strict=True))

    def level_matrices(self, params: np.ndarray | None = None) -> list[LevelMatrices]:
        """Each level as plain matrices without the constant rows, for exporters."""
        flat = self.params if params is None else params
        row_to_id = {row: nid for nid, row in self.row_of.items()}
        recurrence_of = {r.level: r for r in self.recurrences}
        result = []
        for level in self.levels:
            w = self.weight_matrix(level, flat)
            columns = [r - level.span.start for r in range(level.span.start, level.span.stop)
                       if r in row_to_id]
            recurrent_ids: tuple[int, ...] = ()
            recurrent_weight = None
            block = recurrence_of.get(level.index)
            if block is not None:
                r_columns = [r - block.span.start
                             for r in range(block.span.start, block.span.stop)
                             if r in row_to_id]
                recurrent_ids = tuple(row_to_id[block.span.start + c] for c in r_columns)
                recurrent_weight = self.recurrent_matrix(block, flat)[:, r_columns].copy()
            result.append(LevelMatrices(
                neuron_ids=level.neuron_ids,
                source_ids=tuple(row_to_id[level.span.start + c] for c in columns),
                weight=w[:, columns].copy(),
                bias=w[:, 0].copy(),
                activations=tuple(seg.activation for seg in level.segments
                                  for _ in range(seg.start, seg.stop)),
                recurrent_source_ids=recurrent_ids, recurrent_weight=recurrent_weight))
        return result

    @property
    def n_inputs(self) -> int:
        return len(self.input_ids)

    @property
    def n_outputs(self) -> int:
        return len(self.output_ids)

    @property
    def n_trainable(self) -> int:
        """Real parameters (weights and biases) that training may change."""
        if self.trainable_mask is None:
            return self.n_weights + self.n_biases
        return int(self.trainable_mask.sum())

    def output_activation(self) -> str | None:
        """The activation shared by every output neuron, or None if they differ."""
        names = {seg.activation for level in self.levels for seg in level.segments
                 if any(level.neuron_ids[i] in self.output_ids
                        for i in range(seg.start, seg.stop))}
        return names.pop() if len(names) == 1 else None

    def describe(self) -> str:
        sizes = "-".join(str(n) for n in [self.n_inputs] + [lv.size for lv in self.levels])
        recurrent = sum(self.connection_recurrent)
        loops = f" ({recurrent} recurrent)" if recurrent else ""
        return (f"{sizes} in {len(self.levels)} levels, {self.n_weights} weights{loops}, "
                f"{self.n_biases} biases, {self.n_params} stored parameters")


def _levels(network: Network) -> dict[int, int]:
    """Level of every neuron: inputs 0, others 1 + the deepest source. Output neurons that
    feed nothing all move to the last level, so the outputs form one contiguous block."""
    order = network.topological_order()
    assert order is not None, "validate() rejects cycles before this"
    level: dict[int, int] = {}
    for nid in order:
        neuron = network.neurons[nid]
        if neuron.role == "input":
            level[nid] = 0
        else:
            level[nid] = 1 + max((level[c.source] for c in network.incoming(nid)
                                  if not c.recurrent), default=0)
    # an output read only by recurrent connections is needed at the next step: it may sit
    # in the last level with the others
    terminal = {n.id for n in network.outputs()
                if not any(not c.recurrent for c in network.outgoing(n.id))}
    if terminal:
        others_max = max((lv for nid, lv in level.items() if nid not in terminal), default=0)
        last = max(max(level[t] for t in terminal), others_max + 1)
        for t in terminal:
            level[t] = last
    return level


def _segments(network: Network, ids: list[int]) -> tuple[Segment, ...]:
    """Runs of neighbouring neurons with the same activation (rows stay in id order)."""
    segments: list[Segment] = []
    for i, nid in enumerate(ids):
        name = network.neurons[nid].activation
        if segments and segments[-1].activation == name:
            last = segments[-1]
            segments[-1] = Segment(name, last.start, i + 1)
        else:
            segments.append(Segment(name, i, i + 1))
    return tuple(segments)


def compile_network(network: Network, dtype: str | np.dtype | None = None) -> Plan:
    """Compile ``network`` with its own dtype setting unless one is given."""
    return Plan(network, dtype or network.settings.dtype)
