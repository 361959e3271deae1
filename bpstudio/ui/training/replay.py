"""Replay: the timeline played from the start at the chosen pace, a frame at a time.

The training controller owns one; Space pauses a replay that plays (before it would
start or pause training). Each frame moves the viewed epoch on by what the pace covers in
a frame: the run's own steps per second turned into epochs (Auto and full speed play the
whole timeline in :data:`REPLAY_SECONDS`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from bpstudio.engine.pace import FRAME_RATE, steps_per_second

if TYPE_CHECKING:
    from bpstudio.ui.training.controller import TrainingController

REPLAY_SECONDS = 10.0


class Replay(QObject):
    """Plays the controller's timeline; ``playing_changed`` says when it starts or stops."""

    playing_changed = Signal(bool)

    def __init__(self, controller: TrainingController) -> None:
        super().__init__(controller)
        self.controller = controller
        self.timer = QTimer(self)
        self.timer.setInterval(round(1000 / FRAME_RATE))
        self.timer.timeout.connect(self.advance)
        self._epoch = 0.0

    @property
    def playing(self) -> bool:
        return self.timer.isActive()

    def toggle(self) -> bool:
        """Pause a playing replay, else play (on from the snapshot viewed, or from the
        start). False when there is nothing to replay."""
        if self.playing:
            self.pause()
            return True
        return self.play()

    def play(self) -> bool:
        snapshots = self.controller.timeline.snapshots()
        if len(snapshots) < 2:
            return False
        viewing = self.controller.viewing
        at_end = viewing is None or viewing.epoch >= snapshots[-1].epoch
        self._epoch = float(snapshots[0].epoch if at_end else viewing.epoch)
        self.controller.view_epoch(self._epoch)
        self.timer.start()
        self.playing_changed.emit(True)
        return True

    def pause(self) -> None:
        if self.playing:
            self.timer.stop()
            self.playing_changed.emit(False)

    def epochs_per_frame(self) -> float:
        """How far one frame moves at the controller's pace."""
        snapshots = self.controller.timeline.snapshots()
        first, last = snapshots[0], snapshots[-1]
        span = max(last.epoch - first.epoch, 1)
        whole = span / (REPLAY_SECONDS * FRAME_RATE)
        steps_per_epoch = max((last.step - first.step) / span, 1e-9)
        pace = self.controller.pace
        if pace.kind in ("auto", "full"):
            return whole
        rate = steps_per_second(pace, round(steps_per_epoch), last.epoch)
        assert rate is not None
        return rate / steps_per_epoch / FRAME_RATE

    def advance(self) -> None:
        """One frame on; at the end the replay stops on the last snapshot."""
        snapshots = self.controller.timeline.snapshots()
        if len(snapshots) < 2:
            self.pause()
            return
        self._epoch += self.epochs_per_frame()
        last = snapshots[-1].epoch
        if self._epoch >= last:
            self.controller.view_snapshot(snapshots[-1])
            self.pause()
            return
        # the snapshot at or before the epoch reached: the past never runs ahead
        shown = max((s for s in snapshots if s.epoch <= self._epoch),
                    key=lambda s: s.epoch, default=snapshots[0])
        self.controller.view_snapshot(shown)
