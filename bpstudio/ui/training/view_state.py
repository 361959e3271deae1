"""What the visual panels draw: one immutable record, produced by the training controller.

While a training session exists it comes from the worker's latest snapshot; otherwise it
is the document's own weights. Panels (decision boundary, edge colours, digits views)
never talk to the worker or compile networks themselves: they redraw from this record
whenever the controller emits ``view_changed``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bpstudio.data import Dataset
from bpstudio.engine.plan import Plan
from bpstudio.engine.targets import TrainingData
from bpstudio.engine.training import Progress


@dataclass(frozen=True)
class ViewState:
    plan: Plan                        # layout; read parameters from ``params``, not plan.params
    params: np.ndarray                # current parameters, laid out like plan.params
    initial_params: np.ndarray        # parameters when training started (= params when idle)
    grad_mean: np.ndarray | None      # mean |∂L/∂param| over the last report window
    dataset: Dataset                  # the loaded data (class names, image shape, ranges)
    data: TrainingData                # the same, encoded for this plan
    progress: Progress | None         # None before any training
    state: str                        # "idle", "running", "paused", "stopping" or "finished"

    def weights_by_connection(self, values: np.ndarray | None = None) -> dict[int, float]:
        """A flat array laid out like the parameters (default: ``params``), per connection."""
        flat = self.params if values is None else values
        return dict(zip(self.plan.connection_ids, self.plan.weights_of(flat).tolist(),
                        strict=True))

    def biases_by_neuron(self, values: np.ndarray | None = None) -> dict[int, float]:
        flat = self.params if values is None else values
        return dict(zip(self.plan.bias_ids, self.plan.biases_of(flat).tolist(), strict=True))
