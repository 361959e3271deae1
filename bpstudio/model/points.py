"""Points drawn on the decision-boundary plane: the document's own 2-D dataset.

A frozen value like the settings: every edit (a click, a painted stroke, an erase, Clear)
makes a new :class:`DrawnPoints`, so one undo command can keep the old one. Saved in the
``.bpnet`` file's ``points`` section; a network trains on them when its dataset name is
``"drawn"`` (``bpstudio.data.drawn`` turns them into a Dataset).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

from bpstudio.model.settings import SettingsError
from bpstudio.words import translate

MAX_POINTS = 100_000        # far more than anyone clicks; keeps the file and undo stack sane
MAX_DRAWN_CLASSES = 10      # the number keys 0–9 choose the class to draw


@dataclass(frozen=True)
class DrawnPoint:
    """One sample: inputs (x1, x2) and its class label (a whole number) or target value."""

    x1: float
    x2: float
    value: float


@dataclass(frozen=True)
class DrawnPoints:
    """The drawn samples; classification labels are 0..n_classes−1, regression any value."""

    task: str = "classification"
    n_classes: int = 2                      # classification: 2..10; regression: 0
    points: tuple[DrawnPoint, ...] = ()

    def __post_init__(self) -> None:
        if self.task not in ("classification", "regression"):
            raise SettingsError(translate("Settings", "points: task must be "
                                                      "classification or regression; "
                                                      "got {task!r}").format(
                                    task=self.task))
        if self.task == "regression" and self.n_classes != 0:
            raise SettingsError(translate("Settings", "points: a regression drawing has "
                                                      "n_classes 0"))
        if self.task == "classification" and not (
                isinstance(self.n_classes, int) and 2 <= self.n_classes <= MAX_DRAWN_CLASSES):
            raise SettingsError(translate("Settings", "points: n_classes must be 2 to "
                                                      "{max_drawn_classes}; got "
                                                      "{n_classes!r}").format(
                                    max_drawn_classes=MAX_DRAWN_CLASSES,
                                    n_classes=self.n_classes))
        if len(self.points) > MAX_POINTS:
            raise SettingsError(translate("Settings", "points: at most {max_points:,} "
                                                      "points; got {count:,}").format(
                                    max_points=MAX_POINTS, count=len(self.points)))
        for index, point in enumerate(self.points):
            self._check(point, index)

    def _check(self, point: DrawnPoint, index: int) -> None:
        where = f"points[{index}]"
        for name in ("x1", "x2", "value"):
            if not math.isfinite(getattr(point, name)):
                raise SettingsError(translate("Settings", "{where}.{name} must be a "
                                                          "finite number").format(
                                        where=where, name=name))
        if self.task == "classification" and (
                point.value != int(point.value) or not 0 <= point.value < self.n_classes):
            raise SettingsError(translate("Settings", "{where}: label {value:g} is not "
                                                      "a class 0..{n_classes}").format(
                                    where=where, value=point.value,
                                    n_classes=self.n_classes - 1))

    @property
    def is_classification(self) -> bool:
        return self.task == "classification"

    def __len__(self) -> int:
        return len(self.points)

    def added(self, points: Iterable[DrawnPoint]) -> DrawnPoints:
        """These points plus ``points`` at the end."""
        return replace(self, points=self.points + tuple(points))

    def removed(self, indices: Iterable[int]) -> DrawnPoints:
        """These points without the ones at ``indices``."""
        gone = set(indices)
        return replace(self, points=tuple(p for i, p in enumerate(self.points)
                                          if i not in gone))

    def cleared(self) -> DrawnPoints:
        return replace(self, points=())

    def within(self, x1: float, x2: float, radius: float) -> list[int]:
        """Indices of the points at most ``radius`` from (x1, x2): what an eraser removes."""
        limit = radius * radius
        return [i for i, p in enumerate(self.points)
                if (p.x1 - x1) ** 2 + (p.x2 - x2) ** 2 <= limit]


NO_POINTS = DrawnPoints()
