"""Draw data on the decision-boundary plane: click adds a point, right-click erases.

With **Draw data** on, a click on the plane adds a point of the chosen class (the class
picker, or the number keys 0–9 over the panel) and a right-click removes the points near
it; **Clear** removes them all. Each gesture is one undo step that sets the document's
:class:`~bpstudio.model.points.DrawnPoints` (saved in the .bpnet) and, the first time,
makes them the network's dataset (``"drawn"``), so training follows at once.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import QComboBox, QPushButton, QToolButton

from bpstudio.model.network import Network
from bpstudio.model.points import MAX_DRAWN_CLASSES, DrawnPoint, DrawnPoints
from bpstudio.model.settings import DRAWN_DATASET, DatasetSpec
from bpstudio.ui.document.commands import Command
from bpstudio.ui.host import PluginHost
from bpstudio.ui.visuals import colors
from bpstudio.ui.visuals.boundary import BoundaryPanel

ERASER_SHARE = 0.04     # a right-click removes points within 4 % of the plane's width


def _tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("DrawPoints", text, None, n)


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
        self.toggle.setText(_tr("Draw data"))
        self.toggle.setCheckable(True)
        self.toggle.setToolTip(_tr("Click the plane to add a point of the chosen class "
                                   "(keys 0–9 choose it), right-click to erase; the points "
                                   "become this network's data"))
        self.toggle.toggled.connect(self._on_toggled)
        self.classes = QComboBox()
        palette = colors.class_rgb(MAX_DRAWN_CLASSES)
        for k in range(MAX_DRAWN_CLASSES):
            self.classes.addItem(_swatch(tuple(int(v) for v in palette[k])),
                                 _tr("Class {k}").format(k=k), k)
        self.classes.setToolTip(_tr("The class of the points a click adds"))
        self.clear = QPushButton(_tr("Clear"))
        self.clear.setToolTip(_tr("Remove every drawn point (one undo step)"))
        self.clear.clicked.connect(self.clear_points)
        for widget in (self.toggle, self.classes, self.clear):
            panel.tools.addWidget(widget)
        panel.tools.addStretch(1)
        for k in range(MAX_DRAWN_CLASSES):
            shortcut = QShortcut(QKeySequence(str(k)), panel)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda k=k: self.classes.setCurrentIndex(k))
        panel.plot.scene().sigMouseClicked.connect(self._on_clicked)
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
        self._followed = network
        if network is not None:
            network.events.points_changed.connect(self.show_points)
        self.toggle.setChecked(False)
        self._enable()

    def _enable(self) -> None:
        network = self.network
        two_inputs = network is not None and len(network.inputs()) == 2
        self.toggle.setEnabled(two_inputs)
        if not two_inputs:
            self.toggle.setChecked(False)
        for widget in (self.classes, self.clear):
            widget.setVisible(self.toggle.isChecked())

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

    def show_points(self) -> None:
        """Draw the document's points over the plane while Draw data is on."""
        network = self.network
        if not self.toggle.isChecked() or network is None or not network.drawn_points.points:
            self.panel.plot.set_drawn(np.zeros((0, 2)), np.zeros((0, 3), np.uint8))
            return
        points = network.drawn_points
        xy = np.array([(p.x1, p.x2) for p in points.points], dtype=np.float64)
        palette = colors.class_rgb(max(points.n_classes, 2))
        labels = np.array([int(p.value) for p in points.points], dtype=np.intp)
        self.panel.plot.set_drawn(xy, palette[np.clip(labels, 0, len(palette) - 1)])

    # ------------------------------------------------------------- gestures
    def _on_clicked(self, event) -> None:  # noqa: ANN001 - pyqtgraph's MouseClickEvent
        if not self.toggle.isChecked() or self.panel.grid() is None:
            return
        where = self.panel.plot.plane_position(QPointF(event.scenePos()))
        if where is None:
            return
        if event.button() == Qt.MouseButton.LeftButton:
            self.add_point(*where)
        elif event.button() == Qt.MouseButton.RightButton:
            self.erase_near(*where)
        else:
            return
        event.accept()

    def add_point(self, x1: float, x2: float) -> bool:
        """One click: a point of the chosen class at (x1, x2), one undo step."""
        network = self.network
        if network is None:
            return False
        label = int(self.classes.currentData())
        points = network.drawn_points
        if points.n_classes <= label:
            points = replace(points, n_classes=label + 1)
        return self._push(points.added([DrawnPoint(x1, x2, float(label))]),
                          _tr("Draw a point of class {k}").format(k=label))

    def erase_near(self, x1: float, x2: float) -> bool:
        """One right-click: the points near (x1, x2) removed, one undo step."""
        network, grid = self.network, self.panel.grid()
        if network is None or grid is None:
            return False
        radius = ERASER_SHARE * (grid.x_range[1] - grid.x_range[0])
        near = network.drawn_points.within(x1, x2, radius)
        if not near:
            return False
        return self._push(network.drawn_points.removed(near),
                          _tr("Erase %n drawn point(s)", len(near)))

    def clear_points(self) -> bool:
        network = self.network
        if network is None or not network.drawn_points.points:
            return False
        return self._push(network.drawn_points.cleared(), _tr("Clear the drawn points"))

    def _push(self, points: DrawnPoints, text: str) -> bool:
        network = self.network
        assert network is not None
        spec = None
        if network.dataset.name != DRAWN_DATASET:
            # the drawing becomes the data, raw: the plane's coordinates are the inputs
            spec = replace(network.dataset, name=DRAWN_DATASET, scale_inputs="none")
        return self.host.editor.push(SetDrawnPointsCommand(network, points, spec, text)) \
            is None
