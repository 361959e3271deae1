"""The Speed control (Training dock and toolbar) and the words for the pace in force.

The pace is a view setting: remembered per user in the window's settings, never in the
document. Both Speed boxes follow the controller, so choosing in one shows in the other.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget

from bpstudio.engine.pace import AUTO_SECONDS, CHOICES, Pace
from bpstudio.ui.i18n import translate
from bpstudio.ui.training.controller import TrainingController


def pace_label(pace: Pace) -> str:
    if pace.kind == "auto":
        return translate("Pace", "Auto")
    if pace.kind == "full":
        return translate("Pace", "Full speed")
    if pace.kind == "epoch":
        return translate("Pace", "1 epoch per frame")
    return translate("Pace", "%s steps/s") % f"{pace.rate:,g}"


def pace_line(controller: TrainingController, measured: float | None = None) -> str:
    """Which pace is in force, for the status line: 'Auto pace: 133 steps/s (run ≈ 15 s)',
    'Full speed (Finish now)', 'Pace: 30 steps/s'."""
    if controller.finishing:
        return translate("Pace", "Full speed (Finish now)")
    pace, rate = controller.pace, controller.pace_rate()
    if pace.kind == "full":
        return translate("Pace", "Full speed")
    if pace.kind != "auto":
        return (pace_label(pace) if rate is None
                else translate("Pace", "Pace: %s steps/s") % f"{rate:,.0f}")
    if rate is None:
        return translate("Pace", "Auto pace")
    if measured is not None and measured < 0.8 * rate:
        return translate("Pace", "Auto pace: full speed (a long run)")
    return (translate("Pace", "Auto pace: %s steps/s (run ≈ %s s)")
            % (f"{rate:,.0f}", f"{AUTO_SECONDS:g}"))


class SpeedBox(QComboBox):
    """Auto, 1 … 1,000 steps/s, one epoch per frame, full speed: sets the controller's
    pace at once (also while training) and remembers it through ``remember``."""

    def __init__(self, controller: TrainingController, remember, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.controller = controller
        self._remember = remember
        for pace in CHOICES:
            self.addItem(pace_label(pace), pace.key)
        self.setToolTip(translate("Pace", "Training speed. Auto stretches a run that would end "
                                          "within seconds to about %s s so you can watch it "
                                          "learn; longer runs go at full speed. Finish now "
                                          "(F9) jumps to full speed.")
                        % f"{AUTO_SECONDS:g}")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.activated.connect(self._on_activated)
        controller.pace_changed.connect(self.follow)
        self.follow()

    def follow(self) -> None:
        index = self.findData(self.controller.pace.key)
        if index >= 0 and index != self.currentIndex():
            self.setCurrentIndex(index)

    def _on_activated(self, index: int) -> None:
        pace = Pace.from_key(str(self.itemData(index)))
        self.controller.set_pace(pace)
        self._remember(pace.key)
