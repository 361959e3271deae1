"""The views' state at a snapshot of the timeline, and the words that say what is shown.

The training controller keeps the run's :class:`~bpstudio.engine.timeline.Timeline`; while
the user looks back, :meth:`TrainingController.view_state` is built here from the
snapshot under the cursor instead of the latest parameters, so every view (edges, fills,
thumbnails, boundary, digits, the X-ray) draws the past with its live drawing code.
"""

from __future__ import annotations

import math
from dataclasses import replace

from bpstudio.data import Dataset
from bpstudio.engine.plan import Plan
from bpstudio.engine.targets import TrainingData
from bpstudio.engine.timeline import Snapshot, Timeline
from bpstudio.engine.training import Progress
from bpstudio.ui.i18n import translate
from bpstudio.ui.training.history import HistoryArrays
from bpstudio.ui.training.view_state import ViewState


def snapshot_progress(snapshot: Snapshot, history: HistoryArrays,
                      latest: Progress | None) -> Progress | None:
    """The numbers of the snapshot's epoch (from the recorded history where it has them)."""
    if latest is None:
        return None
    progress = replace(latest, epoch=snapshot.epoch, step=snapshot.step, stop_reason=None,
                       message="", steps_per_second=0.0)
    row = history.row_near(snapshot.epoch)
    if row is not None and int(history.epochs[row]) == snapshot.epoch:
        test, metric = float(history.test_loss[row]), float(history.test_metric[row])
        progress = replace(progress, train_loss=float(history.train_loss[row]),
                           test_loss=test if math.isfinite(test) else None,
                           test_metric=metric if math.isfinite(metric) else None,
                           learning_rate=float(history.learning_rate[row]))
    return progress


def snapshot_view(timeline: Timeline, snapshot: Snapshot, plan: Plan, dataset: Dataset,
                  data: TrainingData, progress: Progress | None, state: str) -> ViewState:
    """What the views draw at ``snapshot``, laid out like ``plan`` (the network now)."""
    params = timeline.params_for(snapshot, plan)
    first = timeline.snapshots()[0] if len(timeline) else snapshot
    initial = timeline.params_for(first, plan)
    return ViewState(plan, params, initial, timeline.grad_for(snapshot, plan), dataset, data,
                     progress, state)


def viewing_line(snapshot: Snapshot, last_epoch: int, state: str) -> str:
    """'Viewing epoch 1,234 of 5,000 (training paused)'."""
    words = {"paused": translate("LookingBack", "training paused"),
             "finished": translate("LookingBack", "training finished"),
             "stopping": translate("LookingBack", "training stopping"),
             "idle": translate("LookingBack", "not training")}
    return translate("LookingBack", "Viewing epoch {epoch} of {last} ({state})").format(
        epoch=f"{snapshot.epoch:,}", last=f"{max(last_epoch, snapshot.epoch):,}",
        state=words.get(state, state))
