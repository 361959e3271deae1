"""A run's timeline: snapshots of the parameters to look back at, in bounded memory.

The training thread offers the parameters at the end of each epoch; the timeline keeps
every epoch at first (the early, fast-changing part of a run) and then every ``stride``-th,
doubling the stride and dropping every other late snapshot when it is full. It also keeps
the newest state (the tail, for the end of a run) and, of the states offered, the one with
the lowest watched loss (validation, else test, else training): the best epoch is found
among the kept epochs and the tails (XOR's 30,000 epochs a second leave no time to copy
the parameters at every improvement). Values are stored as float32: they are for
display, and "Use these weights" applies what is shown.

Memory is bounded whatever the network: at most :data:`MAX_BYTES` for the snapshots (and
their gradients) together, so a big network keeps fewer snapshots. A snapshot remembers
its parameter layout; :meth:`Timeline.params_for` lays it out like another plan (after an
edit), with 0 for parameters the snapshot did not have.

Thread-safe: the training thread records, the GUI reads. Snapshots are never changed
once recorded, so readers may keep them.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field

import numpy as np

from bpstudio.engine.plan import Plan

MAX_BYTES = 256 * 2 ** 20      # per run (and so per document: one run at a time)
MAX_SNAPSHOTS = 500            # more would not be told apart on a slider
EARLY_SHARE = 0.25             # of the capacity kept for every epoch at the start
STORED = np.float32


@dataclass(frozen=True, eq=False)
class Layout:
    """Where each weight (by connection id) and bias (by neuron id) sits in a flat
    parameter vector: what a snapshot needs to be read with another plan."""

    connection_ids: tuple[int, ...]
    bias_ids: tuple[int, ...]
    weight_index: np.ndarray
    bias_index: np.ndarray
    n_params: int

    @classmethod
    def of(cls, plan: Plan) -> Layout:
        return cls(plan.connection_ids, plan.bias_ids, plan.weight_index.copy(),
                   plan.bias_index.copy(), plan.n_params)

    def matches(self, plan: Plan) -> bool:
        return (self.connection_ids == plan.connection_ids and self.bias_ids == plan.bias_ids
                and np.array_equal(self.weight_index, plan.weight_index)
                and np.array_equal(self.bias_index, plan.bias_index))


@dataclass(frozen=True, eq=False)
class Snapshot:
    """The parameters (and optimiser step count) at the end of one epoch."""

    epoch: int
    step: int                      # optimiser updates taken
    params: np.ndarray             # float32, laid out by ``layout``
    grad: np.ndarray | None        # mean |∂L/∂param| over the last steps, same layout
    layout: Layout
    score: float                   # the watched loss after this epoch (NaN: unknown)

    @property
    def nbytes(self) -> int:
        return self.params.nbytes + (self.grad.nbytes if self.grad is not None else 0)


@dataclass
class _Kept:
    early: int = 0                 # epochs below this are all kept
    stride: int = 1                # later epochs kept when divisible by it
    snapshots: list[Snapshot] = field(default_factory=list)


class Timeline:
    """The snapshots of one run (see the module docstring)."""

    def __init__(self, max_bytes: int = MAX_BYTES, max_snapshots: int = MAX_SNAPSHOTS
                 ) -> None:
        self.max_bytes = max_bytes
        self.max_snapshots = max_snapshots
        self._lock = threading.Lock()
        self._kept = _Kept()
        self._capacity = max_snapshots
        self._snapshot_bytes = -1
        self._kept.early = max(1, int(max_snapshots * EARLY_SHARE))
        self._tail: Snapshot | None = None
        self._best: Snapshot | None = None
        self._layout: Layout | None = None
        self._layout_plan: Plan | None = None
        self._maps: dict[tuple[int, int],
                         tuple[Layout, Plan, tuple[np.ndarray, np.ndarray] | None]] = {}
        self.version = 0               # grows with every change (readers redraw)

    # ------------------------------------------------------------ recording
    def wants(self, epoch: int) -> bool:
        """Whether :meth:`record` would keep this epoch (cheap: call it first)."""
        kept = self._kept
        if epoch < kept.early or epoch % kept.stride == 0:
            return not kept.snapshots or epoch > kept.snapshots[-1].epoch
        return False

    def record(self, plan: Plan, epoch: int, step: int, params: np.ndarray,
               grad: np.ndarray | None = None, score: float = math.nan, *,
               tail: bool = False) -> bool:
        """Offer the state at the end of ``epoch``; True if anything was kept. ``tail``
        keeps it as the newest state even when the thinning would not."""
        if not (tail or self.wants(epoch)):
            return False
        self._keep(self._snapshot(plan, epoch, step, params, grad, score))
        return True

    def keep_epoch(self, plan: Plan, epoch: int, step: int, params: np.ndarray,
                   grad: np.ndarray | None, score: float) -> int:
        """:meth:`record` and :meth:`next_wanted` in one call, for the training loop at
        the end of an epoch it was told is wanted: at full speed XOR keeps a snapshot
        every few steps early on, and each Python call there costs several times what it
        costs in a loop of its own (the step's work has evicted it from the caches)."""
        kept = self._kept
        if ((epoch < kept.early or epoch % kept.stride == 0)
                and (not kept.snapshots or epoch > kept.snapshots[-1].epoch)):
            self._keep(self._snapshot(plan, epoch, step, params, grad, score))
            kept = self._kept
        following = epoch + 1
        if following < kept.early:
            return following
        return following + (-following) % kept.stride

    def _snapshot(self, plan: Plan, epoch: int, step: int, params: np.ndarray,
                  grad: np.ndarray | None, score: float) -> Snapshot:
        layout = self._layout if plan is self._layout_plan else self._layout_of(plan)
        assert layout is not None
        return Snapshot(epoch, step, params.astype(STORED),
                        None if grad is None else grad.astype(STORED), layout, score)

    def _keep(self, snapshot: Snapshot) -> None:
        """Keep ``snapshot`` as an epoch's (if in order and on the spacing), as the best
        and as the tail (if newest)."""
        epoch, score = snapshot.epoch, snapshot.score
        with self._lock:
            kept = self._kept
            if snapshot.nbytes != self._snapshot_bytes:   # a new layout: another fit
                self._set_capacity(snapshot.nbytes)
            in_order = not kept.snapshots or epoch > kept.snapshots[-1].epoch
            if in_order and (epoch < kept.early or epoch % kept.stride == 0):
                kept.snapshots.append(snapshot)
                if len(kept.snapshots) > self._capacity:
                    self._thin()
            if math.isfinite(score) and (self._best is None or score < self._best.score):
                self._best = snapshot
            if self._tail is None or epoch >= self._tail.epoch:
                self._tail = snapshot
            self.version += 1

    def next_wanted(self, epoch: int) -> int:
        """The first epoch after ``epoch`` that :meth:`wants` (as the spacing is now), so
        the training loop compares one number per step."""
        kept = self._kept
        following = epoch + 1
        if following < kept.early:
            return following
        return following + (-following) % kept.stride

    def plan_for(self, epochs: int) -> None:
        """Space the snapshots for a run of ``epochs`` epochs from the start, so a long
        run does not copy parameters at epochs the thinning would drop again (at full
        speed XOR spent 5 % of its time on that)."""
        with self._lock:
            kept = self._kept
            late = max(self._capacity - kept.early, 1)
            stride = 1
            while (epochs - kept.early) / stride > late:
                stride *= 2
            if stride > kept.stride:
                kept.stride = stride
                kept.snapshots = [s for s in kept.snapshots
                                  if s.epoch < kept.early or s.epoch % stride == 0]

    def _layout_of(self, plan: Plan) -> Layout:
        if plan is not self._layout_plan:
            layout = self._layout
            self._layout = layout if layout is not None and layout.matches(plan) else \
                Layout.of(plan)
            self._layout_plan = plan
        assert self._layout is not None
        return self._layout

    def _set_capacity(self, snapshot_bytes: int) -> None:
        """How many snapshots fit, two slots left for the tail and the best."""
        self._snapshot_bytes = snapshot_bytes
        fit = self.max_bytes // max(snapshot_bytes, 1) - 2
        self._capacity = max(2, min(self.max_snapshots, fit))
        self._kept.early = max(1, int(self._capacity * EARLY_SHARE))
        self._thin()

    def _thin(self) -> None:
        kept = self._kept
        while len(kept.snapshots) > self._capacity:
            kept.stride *= 2
            kept.snapshots = [s for s in kept.snapshots
                              if s.epoch < kept.early or s.epoch % kept.stride == 0]
            if len(kept.snapshots) > self._capacity and kept.early > 1:
                kept.early //= 2

    def clear(self) -> None:
        with self._lock:
            self._kept = _Kept(early=self._kept.early)
            self._tail = self._best = None
            self._snapshot_bytes = -1
            self.version += 1

    # -------------------------------------------------------------- reading
    def snapshots(self) -> list[Snapshot]:
        """Every snapshot, oldest first (the tail last when it is newer than the rest)."""
        with self._lock:
            result = list(self._kept.snapshots)
            tail = self._tail
        if tail is not None and (not result or tail.epoch > result[-1].epoch):
            result.append(tail)
        return result

    def __len__(self) -> int:
        return len(self.snapshots())

    def best(self) -> Snapshot | None:
        """The snapshot with the lowest watched loss (None before any was scored)."""
        with self._lock:
            return self._best

    def nearest(self, epoch: float) -> Snapshot | None:
        """The snapshot closest to ``epoch`` (the best one too when it is closer)."""
        candidates = self.snapshots()
        best = self.best()
        if best is not None and best not in candidates:
            candidates.append(best)
        if not candidates:
            return None
        return min(candidates, key=lambda s: (abs(s.epoch - epoch), -s.epoch))

    @property
    def nbytes(self) -> int:
        """Bytes held by the snapshots (each array counted once)."""
        seen: dict[int, int] = {}
        with self._lock:
            held = [*self._kept.snapshots, self._tail, self._best]
        for snapshot in held:
            if snapshot is not None:
                for array in (snapshot.params, snapshot.grad):
                    if array is not None:
                        seen[id(array)] = array.nbytes
        return sum(seen.values())

    @property
    def capacity(self) -> int:
        return self._capacity

    # ---------------------------------------------------------- other plans
    def params_for(self, snapshot: Snapshot, plan: Plan) -> np.ndarray:
        """The snapshot's parameters laid out like ``plan`` (its dtype); parameters the
        snapshot lacks (drawn since) are 0."""
        return self._lay_out(snapshot.params, snapshot.layout, plan)

    def grad_for(self, snapshot: Snapshot, plan: Plan) -> np.ndarray | None:
        if snapshot.grad is None:
            return None
        return self._lay_out(snapshot.grad, snapshot.layout, plan)

    def _lay_out(self, values: np.ndarray, layout: Layout, plan: Plan) -> np.ndarray:
        mapping = self._map(layout, plan)
        if mapping is None:
            return values.astype(plan.dtype)
        source, target = mapping
        out = np.zeros(plan.n_params, dtype=plan.dtype)
        out[target] = values[source]
        return out

    def _map(self, layout: Layout, plan: Plan) -> tuple[np.ndarray, np.ndarray] | None:
        """(positions in the snapshot, positions in the plan) of the shared parameters;
        None when both lay them out alike. Cached per pair (scrubbing asks every frame)."""
        key = (id(layout), id(plan))
        cached = self._maps.get(key)
        if cached is not None and cached[0] is layout and cached[1] is plan:
            return cached[2]
        mapping = None if layout.n_params == plan.n_params and layout.matches(plan) else \
            self._shared(layout, plan)
        if len(self._maps) > 8:
            self._maps.clear()
        self._maps[key] = (layout, plan, mapping)
        return mapping

    @staticmethod
    def _shared(layout: Layout, plan: Plan) -> tuple[np.ndarray, np.ndarray]:
        old = _positions(layout.connection_ids, layout.weight_index, layout.bias_ids,
                         layout.bias_index)
        new = _positions(plan.connection_ids, plan.weight_index, plan.bias_ids,
                         plan.bias_index)
        shared = [k for k in new if k in old]
        source = np.fromiter((old[k] for k in shared), dtype=np.intp, count=len(shared))
        target = np.fromiter((new[k] for k in shared), dtype=np.intp, count=len(shared))
        return source, target


def _positions(connection_ids: tuple[int, ...], weight_index: np.ndarray,
               bias_ids: tuple[int, ...], bias_index: np.ndarray
               ) -> dict[tuple[str, int], int]:
    keys = [("w", c) for c in connection_ids] + [("b", n) for n in bias_ids]
    flat = np.concatenate([weight_index, bias_index]).tolist()
    return dict(zip(keys, flat, strict=True))
