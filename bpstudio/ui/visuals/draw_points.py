"""Draw data on the decision-boundary plane: click or drag to paint, right-click erases.

With **Draw data** on, a click on the plane adds a point of the chosen class (the class
picker, or the number keys 0–9 over the panel), a drag paints a point every
:data:`PAINT_SPACING` of the plane's width, a right-click (or right-drag) removes the
points near it; **Clear** removes them all and **Export CSV…** writes them out. Each
gesture is one undo step that sets the document's :class:`~bpstudio.model.points.
DrawnPoints` (saved in the .bpnet) and, the first time, makes them the network's dataset
(``"drawn"``), so training follows at once.
"""

from __future__ import annotations

import html
from dataclasses import replace
from pathlib import Path

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, Qt
from PySide6.QtGui import QColor, QIcon, QKeySequence, QMouseEvent, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QMessageBox,
    QPushButton,
    QToolButton,
)

from bpstudio.data import drawn_points_csv
from bpstudio.formats.atomic import write_atomically
from bpstudio.model.network import Network
from bpstudio.model.points import MAX_DRAWN_CLASSES, DrawnPoint, DrawnPoints
from bpstudio.model.settings import DRAWN_DATASET, DatasetSpec, SettingsError
from bpstudio.ui.document.commands import Command
from bpstudio.ui.host import PluginHost
from bpstudio.ui.i18n import translate
from bpstudio.ui.visuals import colors
from bpstudio.ui.visuals.boundary import BoundaryPanel
from bpstudio.ui.words import counts

ERASER_SHARE = 0.04     # a right-click removes points within 4 % of the plane's width
PAINT_SPACING = 0.03    # a drag adds a point each time it has moved 3 % of the width
CSV_FILTER = QT_TRANSLATE_NOOP("DrawPoints", "CSV files (*.csv);;All files (*)")



class SetDrawnPointsCommand(Command):
    """Replace the drawn points (and, when given, the dataset reference with them)."""

    def __init__(self, network: Network, points: DrawnPoints,
                 dataset: DatasetSpec | None = None, text: str = "Draw points") -> None:
        super().__init__(network, text)
        self.new = (points, dataset)
        self.old = (network.drawn_points, network.dataset if dataset is not None else None)

    def _apply(self, points: DrawnPoints, dataset: DatasetSpec | None) -> None:
        if dataset is not None:
            self.network.set_settings(dataset=dataset)
        self.network.set_drawn_points(points)

    def _redo(self) -> None:
        self._apply(*self.new)

    def _undo(self) -> None:
        self._apply(*self.old)


def _swatch(rgb: tuple[int, int, int]) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(*rgb))
    return QIcon(pixmap)


class PointDrawing(QObject):
    """The Draw data tools of the boundary panel and the clicks on its plot."""

    def __init__(self, panel: BoundaryPanel, host: PluginHost) -> None:
        super().__init__(panel)
        self.panel, self.host = panel, host
        self.toggle = QToolButton()
        self.toggle.setText(translate("DrawPoints", "Draw data"))
        self.toggle.setCheckable(True)
        self.toggle.setToolTip(translate("DrawPoints", "Click the plane to add a point of the "
                                                       "chosen class "
                                   "(keys 0–9 choose it), right-click to erase; the points "
                                   "become this network's data"))
        self.toggle.toggled.connect(self._on_toggled)
        self.classes = QComboBox()
        palette = colors.class_rgb(MAX_DRAWN_CLASSES)
        for k in range(MAX_DRAWN_CLASSES):
            self.classes.addItem(_swatch(tuple(int(v) for v in palette[k])),
                                 translate("DrawPoints", "Class {k}").format(k=k), k)
        self.classes.setToolTip(translate("DrawPoints", "The class of the points a click adds"))
        self.task = QComboBox()
        self.task.addItem(translate("DrawPoints", "Classes"), "classification")
        self.task.addItem(translate("DrawPoints", "Values"), "regression")
        self.task.setToolTip(translate("DrawPoints", "Draw class labels, or target values for "
                                                     "regression "
                                 "(chosen while the drawing is empty)"))
        self.task.currentIndexChanged.connect(lambda _: self._enable())
        self.value = QDoubleSpinBox()
        self.value.setRange(-1e6, 1e6)
        self.value.setDecimals(3)
        self.value.setValue(1.0)
        self.value.setToolTip(translate("DrawPoints", "The target value of the points a click "
                                                      "adds"))
        self.clear = QPushButton(translate("DrawPoints", "Clear"))
        self.clear.setToolTip(translate("DrawPoints", "Remove every drawn point (one undo step)"))
        self.clear.clicked.connect(self.clear_points)
        self.export = QPushButton(translate("DrawPoints", "Export CSV…"))
        self.export.setToolTip(translate("DrawPoints", "Save the drawn points as x1,x2,label (or "
                                                       "target) rows"))
        self.export.clicked.connect(self.export_csv)
        for widget in (self.toggle, self.task, self.classes, self.value, self.clear,
                       self.export):
            panel.tools.addWidget(widget)
        panel.tools.addStretch(1)
        for k in range(MAX_DRAWN_CLASSES):
            shortcut = QShortcut(QKeySequence(str(k)), panel)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda k=k: self.classes.setCurrentIndex(k))
        self._stroke: list[tuple[float, float]] = []   # a left drag's points so far
        self._erasing = False                           # a right button is held
        self._erased: set[int] = set()                  # points a right drag has covered
        panel.when_plot_built(lambda plot: plot.viewport().installEventFilter(self))
        self._followed: Network | None = None
        host.document_changed.connect(self.follow_document)
        host.training.view_changed.connect(self._enable)    # inputs added or removed
        self.follow_document()

    # ------------------------------------------------------------ document
    @property
    def network(self) -> Network | None:
        document = self.host.document
        return document.network if document is not None else None

    def follow_document(self) -> None:
        network = self.network
        if self._followed is not None:
            self._followed.events.points_changed.disconnect(self.show_points)
            self._followed.events.points_changed.disconnect(self._enable)
        self._followed = network
        if network is not None:
            network.events.points_changed.connect(self.show_points)
            network.events.points_changed.connect(self._enable)
        self.toggle.setChecked(False)
        self._enable()

    def _enable(self) -> None:
        network = self.network
        usable = network is not None and len(network.inputs()) == 2
        self.toggle.setEnabled(usable)
        if not usable:
            self.toggle.setChecked(False)
        drawn = network.drawn_points if network is not None else None
        if drawn is not None and drawn.points:      # the drawing decides: classes or values
            index = self.task.findData(drawn.task)
            if self.task.currentIndex() != index:
                blocked = self.task.blockSignals(True)
                self.task.setCurrentIndex(index)
                self.task.blockSignals(blocked)
        self.task.setEnabled(not (drawn is not None and drawn.points))
        on = self.toggle.isChecked()
        values = self.task.currentData() == "regression"
        for widget in (self.task, self.clear, self.export):
            widget.setVisible(on)
        self.classes.setVisible(on and not values)
        self.value.setVisible(on and values)

    def _on_toggled(self, on: bool) -> None:
        self.panel.drawing = on
        network = self.network
        if on and network is not None:
            self.panel.ensure_plane()
            points = network.drawn_points
            if points.is_classification:
                self.classes.setCurrentIndex(0)
        self._enable()
        self.show_points()

    def show_points(self, extra: list[tuple[float, float]] | None = None) -> None:
        """Draw the document's points (and a stroke being painted) over the plane while
        Draw data is on."""
        network = self.network
        if not self.toggle.isChecked() or network is None:
            self.panel.set_drawn(np.zeros((0, 2)), np.zeros((0, 3), np.uint8))
            return
        drawn = network.drawn_points.points
        xy = [(p.x1, p.x2) for p in drawn] + list(extra or [])
        values = np.array([p.value for p in drawn] + [self._value()] * len(extra or []),
                          dtype=np.float64)
        if self.task.currentData() == "regression":
            # targets in the map's colours: orange low, blue high, around their middle
            low, high = (float(values.min()), float(values.max())) if len(values) else (0, 0)
            half = max((high - low) / 2, 1e-12)
            rgb = colors.map_unit((values - (low + high) / 2) / half, colors.diverging_lut())
        else:
            palette = colors.class_rgb(MAX_DRAWN_CLASSES)
            rgb = palette[np.clip(values.astype(np.intp), 0, len(palette) - 1)]
        self.panel.set_drawn(np.array(xy, dtype=np.float64).reshape(-1, 2), rgb)

    def _value(self) -> float:
        """The label (classes) or target (values) the next point gets."""
        if self.task.currentData() == "regression":
            return float(self.value.value())
        return float(self.classes.currentData())

    # ------------------------------------------------------------- gestures
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Mouse gestures on the plot while Draw data is on (the plot itself is a live
        picture that does not pan or zoom)."""
        kind = event.type()
        if not self.toggle.isChecked() or self.panel.grid() is None or kind not in (
                QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                QEvent.Type.MouseButtonRelease):
            return False
        assert isinstance(event, QMouseEvent)
        plot = self.panel.plot
        where = plot.plane_position(plot.mapToScene(event.position().toPoint()))
        button = event.button()
        if kind == QEvent.Type.MouseButtonPress:
            if where is None:
                return False
            if button == Qt.MouseButton.LeftButton:
                self._stroke = [where]
            elif button == Qt.MouseButton.RightButton:
                self._erasing, self._erased = True, set(self._near(*where))
            return True
        if kind == QEvent.Type.MouseMove:
            if where is not None and self._stroke and self._far_enough(where):
                self._stroke.append(where)
                self._preview()
            elif where is not None and self._erasing:
                self._erased.update(self._near(*where))
            return bool(self._stroke) or self._erasing
        if button == Qt.MouseButton.LeftButton and self._stroke:
            stroke, self._stroke = self._stroke, []
            self.add_points(stroke)
            return True
        if button == Qt.MouseButton.RightButton and self._erasing:
            erased, self._erasing, self._erased = self._erased, False, set()
            self.erase(erased)
            return True
        return False

    def _far_enough(self, where: tuple[float, float]) -> bool:
        grid = self.panel.grid()
        assert grid is not None
        step = PAINT_SPACING * (grid.x_range[1] - grid.x_range[0])
        x1, x2 = self._stroke[-1]
        return (where[0] - x1) ** 2 + (where[1] - x2) ** 2 >= step * step

    def _near(self, x1: float, x2: float) -> list[int]:
        network, grid = self.network, self.panel.grid()
        if network is None or grid is None:
            return []
        return network.drawn_points.within(x1, x2,
                                           ERASER_SHARE * (grid.x_range[1] - grid.x_range[0]))

    def _preview(self) -> None:
        """The stroke so far over the points already drawn (one step on release)."""
        self.show_points(extra=self._stroke)

    def add_point(self, x1: float, x2: float) -> bool:
        """A click: a point of the chosen class at (x1, x2), one undo step."""
        return self.add_points([(x1, x2)])

    def add_points(self, where: list[tuple[float, float]]) -> bool:
        """A click or a painted stroke: points of the chosen class, one undo step."""
        network = self.network
        if network is None or not where:
            return False
        points = network.drawn_points
        value = self._value()
        if self.task.currentData() == "regression":
            if not points.points and points.is_classification:
                points = DrawnPoints("regression", 0)
            text = (translate("DrawPoints", "Draw a point of value {k}") if len(where) == 1
                    else counts().painted_values(len(where))).format(
                k=f"{value:g}")
        else:
            if not points.points and not points.is_classification:
                points = DrawnPoints()
            label = int(value)
            if points.n_classes <= label:
                points = replace(points, n_classes=label + 1)
            text = (translate("DrawPoints", "Draw a point of class {k}") if len(where) == 1
                    else counts().painted_classes(len(where))).format(k=label)
        try:
            new = points.added(DrawnPoint(x1, x2, value) for x1, x2 in where)
        except SettingsError as error:      # more than MAX_POINTS: said, nothing changes
            self.panel.title.setText(f"<b>Draw data</b> · {html.escape(str(error))}")
            self.show_points()
            return False
        done = self._push(new, text)
        self.show_points()
        return done

    def erase_near(self, x1: float, x2: float) -> bool:
        """A right-click: the points near (x1, x2) removed, one undo step."""
        return self.erase(set(self._near(x1, x2)))

    def erase(self, indices: set[int]) -> bool:
        network = self.network
        if network is None or not indices:
            return False
        return self._push(network.drawn_points.removed(indices),
                          counts().erased_points(len(indices)))

    def export_csv(self) -> bool:
        """Save the drawn points as CSV (x1,x2,label), loadable as a dataset."""
        network = self.network
        if network is None or not network.drawn_points.points:
            return False
        folder = self.host.document_dir() or Path(self.host.store.last_directory() or ".")
        name, _ = QFileDialog.getSaveFileName(self.panel, translate("DrawPoints", "Export the "
                                                                                  "drawn points"),
                                              str(Path(folder) / "points.csv"),
                                              translate("DrawPoints", CSV_FILTER))
        if not name:
            return False
        path = Path(name) if Path(name).suffix else Path(name).with_suffix(".csv")
        try:
            write_atomically(path, drawn_points_csv(network.drawn_points).encode("utf-8"))
        except OSError as error:
            QMessageBox.warning(self.panel, translate("DrawPoints", "Cannot export the points"),
                                f"{path}: {error.strerror or error}")
            return False
        return True

    def clear_points(self) -> bool:
        network = self.network
        if network is None or not network.drawn_points.points:
            return False
        return self._push(network.drawn_points.cleared(), translate("DrawPoints", "Clear the "
                                                                                  "drawn points"))

    def _push(self, points: DrawnPoints, text: str) -> bool:
        network = self.network
        assert network is not None
        spec = None
        if network.dataset.name != DRAWN_DATASET:
            # the drawing becomes the data, raw: the plane's coordinates are the inputs
            spec = replace(network.dataset, name=DRAWN_DATASET, scale_inputs="none")
        return self.host.editor.push(SetDrawnPointsCommand(network, points, spec, text)) \
            is None
