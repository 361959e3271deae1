"""The timeline scrubber under the training plots: look back at any epoch of the run.

Dragging the slider (or Left/Right, Page Up/Down, Home and End while it has focus)
shows the run as it was at the nearest snapshot on every view; the right end is the
present. Beside it: Replay (Space pauses it), Best (the lowest validation or test loss),
Use These Weights (one undo step) and Present.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QHBoxLayout, QSlider, QToolButton, QWidget

from bpstudio.ui.i18n import translate
from bpstudio.ui.training.controller import TrainingController
from bpstudio.ui.widgets.live_label import LiveLabel
from bpstudio.ui.words import counts


class TimelineSlider(QSlider):
    """A slider over epochs whose keys step from snapshot to snapshot."""

    def __init__(self, bar: TimelineBar) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self.bar = bar
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            self.bar.update_tooltip()    # the size in MB, as of now
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.bar.sync()                  # a click maps its position through the range
        super().mousePressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        self.bar.sync()
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.bar.sync()
        key = event.key()
        moves = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Down: -1,
                 Qt.Key.Key_Up: 1, Qt.Key.Key_PageDown: -10, Qt.Key.Key_PageUp: 10}
        if key in moves:
            self.bar.step(moves[key])
        elif key == Qt.Key.Key_Home:
            self.bar.step(-len(self.bar.controller.timeline.snapshots()))
        elif key == Qt.Key.Key_End:
            self.bar.controller.show_present()
        else:
            super().keyPressEvent(event)


class TimelineBar(QWidget):
    """Replay, the scrubber, the epoch shown, Best, Use These Weights and Present."""

    def __init__(self, controller: TrainingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._following = False
        self._tooltip_count = -1     # snapshots when the slider's tooltip was written
        #: what follow() last showed at the present: (snapshots, first epoch, has a best)
        self._shown: tuple[int, int, bool] | None = None
        self._range_stale = False    # the slider's range lags the run (see follow)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 0, 6, 2)
        row.setSpacing(4)
        self.replay_button = self._button(
            translate("Timeline", "Replay"),
            translate("Timeline", "Play the run again from the start at the chosen speed (Space "
                                  "pauses it)"),
            controller.replay.toggle)
        self.slider = TimelineSlider(self)
        self.slider.valueChanged.connect(self._on_slider)
        self.slider.sliderPressed.connect(controller.replay.pause)
        self.slider.sliderPressed.connect(lambda: controller.set_scrubbing(True))
        self.slider.sliderReleased.connect(lambda: controller.set_scrubbing(False))
        self.label = LiveLabel(widest=translate("Timeline", "epoch 100,000 of 100,000"),
                               color="#374151")
        self.best_button = self._button(
            translate("Timeline", "Best"),
            translate("Timeline", "View the epoch with the lowest validation loss (test loss "
                                  "without a validation set)"), controller.view_best)
        self.use_button = self._button(
            translate("Timeline", "Use These Weights"),
            translate("Timeline", "Apply the weights shown to the network as one undoable step "
                                  "(Undo returns)"), controller.use_viewed_weights)
        self.present_button = self._button(
            translate("Timeline", "Present"),
            translate("Timeline", "Back to the newest weights (End)"), controller.show_present)
        row.addWidget(self.replay_button)
        row.addWidget(self.slider, 1)
        row.addWidget(self.label)
        for button in (self.best_button, self.use_button, self.present_button):
            row.addWidget(button)
        # Narrow windows squeeze the bar rather than the docks beside the plots.
        self.setMinimumWidth(120)
        self.slider.setMinimumWidth(40)
        controller.timeline_changed.connect(self.follow)
        controller.history_changed.connect(self.follow)
        controller.replay.playing_changed.connect(self._on_playing)
        self.follow()

    def _button(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)   # Space must reach the shortcut
        button.clicked.connect(lambda checked=False: slot())
        return button

    # ------------------------------------------------------------ following
    def last_epoch(self) -> int:
        """The newest epoch of the run (the slider's right end: the present)."""
        snapshots = self.controller.timeline.snapshots()
        history = self.controller.history
        last = int(history.epochs[-1]) if len(history) else 0
        return max(last, snapshots[-1].epoch if snapshots else 0)

    def follow(self) -> None:
        """Show the controller's timeline: range, position, words, tooltip, buttons."""
        c = self.controller
        snapshots = c.timeline.snapshots()
        viewing = c.viewing
        shown = (len(snapshots), snapshots[0].epoch if snapshots else 0,
                 c.timeline.best() is not None)
        if viewing is None and shown == self._shown and not self.slider.isSliderDown():
            # At the present the handle sits at the right end whatever the range, and
            # the words say "present": a new epoch changes nothing the user sees. The
            # range catches up when the slider is touched (sync), not 30 times a second.
            self._range_stale = True
            return
        self._shown = shown if viewing is None else None
        self._range_stale = False
        last = self.last_epoch()
        first = snapshots[0].epoch if snapshots else 0
        self._following = True
        try:
            self.slider.setRange(first, max(last, first))
            self.slider.setValue(viewing.epoch if viewing is not None else last)
        finally:
            self._following = False
        has = len(snapshots) >= 2
        self.slider.setEnabled(has)
        self.replay_button.setEnabled(has)
        self.best_button.setEnabled(c.timeline.best() is not None)
        self.use_button.setEnabled(viewing is not None)
        self.present_button.setEnabled(viewing is not None)
        if viewing is None:
            self.label.setText(translate("Timeline", "present") if has
                               else translate("Timeline", "no timeline yet"))
        else:
            self.label.setText(translate("Timeline", "epoch %s of %s")
                               % (f"{viewing.epoch:,}", f"{last:,}"))
        if len(snapshots) != self._tooltip_count:
            # The size walks every snapshot: worked out when the count changes (the
            # window follows 20 snapshots a second) and again when the tooltip shows.
            self.update_tooltip()

    def sync(self) -> None:
        """Bring a lagging range up to date before the slider is used."""
        if self._range_stale:
            self._shown = None
            self.follow()

    def update_tooltip(self) -> None:
        timeline = self.controller.timeline
        self._tooltip_count = len(timeline.snapshots())
        self.slider.setToolTip(self._tooltip(self._tooltip_count, timeline.nbytes))

    @staticmethod
    def _tooltip(count: int, nbytes: int) -> str:
        held = counts().snapshots(count)
        return (f"{held} ({nbytes / 2 ** 20:,.1f} MB, "
                + translate("Timeline", "every epoch at first, then thinning out") + "). "
                + translate("Timeline", "Drag, or use ←/→ (Home: start, End: present), to see "
                                        "the network as it was; a click on a curve goes to "
                                        "that epoch."))

    def _on_playing(self, playing: bool) -> None:
        self.replay_button.setText(translate("Timeline", "Pause Replay") if playing
                                   else translate("Timeline", "Replay"))

    # --------------------------------------------------------------- input
    def _on_slider(self, value: int) -> None:
        if self._following:
            return
        self.controller.replay.pause()
        if value >= self.last_epoch():
            self.controller.show_present()
        else:
            self.controller.view_epoch(value)

    def step(self, count: int) -> None:
        """Move ``count`` snapshots on (negative: back); past the newest is the present."""
        c = self.controller
        c.replay.pause()
        snapshots = c.timeline.snapshots()
        if not snapshots:
            return
        epochs = [s.epoch for s in snapshots]
        viewing = c.viewing
        here = len(epochs) if viewing is None else min(
            range(len(epochs)), key=lambda i: abs(epochs[i] - viewing.epoch))
        target = here + count
        if target >= len(epochs):
            c.show_present()
        else:
            c.view_snapshot(snapshots[max(target, 0)])

    def view_clicked_epoch(self, epoch: float) -> None:
        """A click on a curve: view the snapshot nearest that epoch."""
        self.controller.replay.pause()
        if epoch >= self.last_epoch():
            self.controller.show_present()
        else:
            self.controller.view_epoch(max(epoch, 0.0))
