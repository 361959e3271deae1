"""NetworkView: zoom, pan, drops and the gesture dispatcher. Emits intents only."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QFrame, QGraphicsView, QMenu, QWidget

from bpstudio.ui.canvas.gestures import (
    ConnectGesture,
    Gesture,
    MoveGesture,
    PanGesture,
    RubberBandSelect,
)
from bpstudio.ui.canvas.legend import LegendWidget
from bpstudio.ui.canvas.scene import NetworkScene
from bpstudio.ui.document.mime import PaletteEntry, parse_palette_mime

MIN_ZOOM, MAX_ZOOM = 0.01, 8.0
MAX_FIT_ZOOM = 1.4       # fitting a tiny network should not blow it up
HIT_PX = 6.0             # how close (in pixels) the mouse must be to pick an edge


class NetworkView(QGraphicsView):
    """The canvas widget. Gestures live in gestures.py; this only dispatches to them."""

    #: (source id, target id) a connect gesture ended on a neuron
    connection_requested = Signal(int, int)
    #: (old positions, new positions) {neuron id: (x, y)} after a drag
    neurons_move_requested = Signal(object, object)
    #: (role, count, scene position) from a palette drop or a double-click
    neurons_add_requested = Signal(str, int, QPointF)
    #: {connection id: {field: value}} from the canvas's context menu
    connections_edit_requested = Signal(object)
    #: a transient hint for the status bar
    status_message = Signal(str)
    zoom_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Smooth pixmaps: below 1:1 neurons are pictures cached at 1:1 and scaled down
        # (NetworkScene._choose_painting); nearest-pixel scaling made their outlines jag.
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing
                            | QPainter.RenderHint.SmoothPixmapTransform)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # A canvas pans with the hand (middle button, space-drag): scroll bars are noise.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMouseTracking(True)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.tool = "select"          # or "connect": drags from anywhere on a neuron connect
        self.snap_to_grid = False
        self._gesture: Gesture | None = None
        self._space_held = False
        self.legend = LegendWidget(self)
        #: window actions a connection's context menu offers after its own (e.g. Delete)
        self.connection_actions: list[QAction] = []

    def network_scene(self) -> NetworkScene:
        scene = self.scene()
        assert isinstance(scene, NetworkScene)
        return scene

    def set_network_scene(self, scene: NetworkScene) -> None:
        self.cancel_gesture()
        self.setScene(scene)
        self.legend.set_entries(scene.edges.coloring.legend())
        self._place_legend()
        self._sync_neuron_painting()

    def zoom(self) -> float:
        return self.transform().m11()

    # ------------------------------------------------- level of detail
    # Every change of scale tells the scene, which batches small neurons (scene.set_zoom).
    # QGraphicsView's scale/setTransform/resetTransform are not virtual: these overrides
    # catch Python callers (zoom_by, fit, "actual size", benchmarks) and paintEvent the rest.
    def scale(self, sx: float, sy: float) -> None:
        super().scale(sx, sy)
        self._sync_neuron_painting()

    def setTransform(self, matrix: QTransform, combine: bool = False) -> None:
        super().setTransform(matrix, combine)
        self._sync_neuron_painting()

    def resetTransform(self) -> None:
        super().resetTransform()
        self._sync_neuron_painting()

    def _sync_neuron_painting(self) -> None:
        scene = self.scene()
        if isinstance(scene, NetworkScene):
            scene.set_zoom(self.zoom())

    def paintEvent(self, event: QPaintEvent) -> None:
        self._sync_neuron_painting()
        super().paintEvent(event)

    # ------------------------------------------------------------ zooming
    def zoom_by(self, factor: float, anchor: QPoint | None = None) -> None:
        """Zoom keeping the scene point under ``anchor`` (a viewport pixel) in place."""
        target = min(max(self.zoom() * factor, MIN_ZOOM), MAX_ZOOM)
        factor = target / self.zoom()
        if abs(factor - 1.0) < 1e-9:
            return
        center = self.viewport().rect().center()
        anchor = center if anchor is None else anchor
        before = self.mapToScene(anchor)
        self.scale(factor, factor)
        after = self.mapToScene(anchor)
        self.centerOn(self.mapToScene(center) + (before - after))
        self.zoom_changed.emit(self.zoom())

    def zoom_in(self) -> None:
        self.zoom_by(1.25)

    def zoom_out(self) -> None:
        self.zoom_by(0.8)

    def fit_to_view(self) -> None:
        """Show the whole drawing, never magnified beyond MAX_FIT_ZOOM."""
        rect = self.network_scene().drawing_rect()
        if rect.isNull():
            self.resetTransform()
            self.centerOn(0, 0)
        else:
            self._fit_beside_legend(rect.adjusted(-40, -40, 40, 40))
        self.zoom_changed.emit(self.zoom())

    def _fit_beside_legend(self, rect: QRectF) -> None:
        """Fit ``rect`` into the viewport without the legend card covering it: beside the
        card or above it, whichever leaves the drawing larger."""
        view_w, view_h = self.viewport().width(), self.viewport().height()
        reserve_w = reserve_h = 0.0
        if self.legend.isVisible():
            reserve_w = self.legend.x() + self.legend.width()
            reserve_h = view_h - self.legend.y()
        options = [(0.0, 0.0)] if not self.legend.isVisible() else [(reserve_w, 0.0),
                                                                    (0.0, reserve_h)]
        best = max(options, key=lambda o: min((view_w - o[0]) / rect.width(),
                                              (view_h - o[1]) / rect.height()))
        free_w, free_h = max(view_w - best[0], 1.0), max(view_h - best[1], 1.0)
        zoom = min(free_w / rect.width(), free_h / rect.height(), MAX_FIT_ZOOM)
        # One step to the new zoom: via 1:1 every neuron would switch its painting twice.
        self.setTransform(QTransform.fromScale(zoom, zoom))
        # Centre the drawing in the free part: shift by half the reserved strip.
        self.centerOn(rect.center() - QPointF(best[0] / 2 / zoom, -best[1] / 2 / zoom))

    def center_on_neurons(self, ids: list[int]) -> None:
        scene = self.network_scene()
        rect = QRectF()
        for item in scene.items_for(ids):
            rect = rect.united(item.sceneBoundingRect())
        if not rect.isNull():
            self.ensureVisible(rect, 40, 40)

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta().y() or event.angleDelta().x()
        if delta:
            self.zoom_by(1.0015 ** delta, event.position().toPoint())
        event.accept()

    # ------------------------------------------------------------- gestures
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._gesture is not None:
            event.accept()
            return
        self._gesture = self._start_gesture(event)
        if self._gesture is not None:
            self.viewport().setCursor(self._gesture.cursor)
        event.accept()

    def _start_gesture(self, event: QMouseEvent) -> Gesture | None:
        button = event.button()
        if button == Qt.MouseButton.MiddleButton or (
                button == Qt.MouseButton.LeftButton and self._space_held):
            return PanGesture(self, event)
        if button != Qt.MouseButton.LeftButton:
            return None
        scene = self.network_scene()
        pos = self.mapToScene(event.position().toPoint())
        shift = bool(event.modifiers() & (Qt.KeyboardModifier.ShiftModifier
                                         | Qt.KeyboardModifier.ControlModifier))
        item = scene.neuron_at(pos)
        if item is not None:
            if self.tool == "connect" or item.port_contains(item.mapFromScene(pos)):
                return ConnectGesture(self, item)
            if shift:
                item.setSelected(not item.isSelected())
                return None
            if not item.isSelected():
                scene.select([item.neuron_id])
            return MoveGesture(self, event, item)
        edge = scene.connection_at(pos, HIT_PX / self.zoom())
        if edge is not None:
            if shift:
                scene.toggle_connection(edge)
            else:
                scene.select((), [edge])
            return None
        return RubberBandSelect(self, event, additive=shift)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._gesture is not None:
            self._gesture.move(event)
        else:
            pos = self.mapToScene(event.position().toPoint())
            self.network_scene().set_hover(pos, HIT_PX / self.zoom())
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        gesture, self._gesture = self._gesture, None
        if gesture is not None:
            gesture.release(event)
        self.viewport().setCursor(Qt.CursorShape.OpenHandCursor if self._space_held
                                  else Qt.CursorShape.ArrowCursor)
        event.accept()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Right-click on a connection: select it and offer its recurrent toggle."""
        if self._gesture is not None or self.scene() is None:
            return
        pos = self.mapToScene(event.pos())
        scene = self.network_scene()
        if scene.neuron_at(pos) is not None:
            return
        edge = scene.connection_at(pos, HIT_PX / self.zoom())
        if edge is None:
            return
        if edge not in scene.selected_connection_ids():
            scene.select((), [edge])
        self.connection_menu(scene.selected_connection_ids()).exec(event.globalPos())
        event.accept()

    def connection_menu(self, connection_ids: list[int]) -> QMenu:
        """The context menu of the selected connections (built per use, parented here)."""
        network = self.network_scene().network
        menu = QMenu(self)
        recurrent = menu.addAction(self.tr("Recurrent (t−1)"))
        recurrent.setCheckable(True)
        flags = {network.connections[c].recurrent for c in connection_ids}
        recurrent.setChecked(flags == {True})
        recurrent.setToolTip(self.tr("Carry the source's value from the previous time step; "
                                     "only recurrent connections may close a loop"))
        recurrent.triggered.connect(lambda checked: self.connections_edit_requested.emit(
            {cid: {"recurrent": bool(checked)} for cid in connection_ids}))
        if self.connection_actions:
            menu.addSeparator()
            menu.addActions(self.connection_actions)
        return menu

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        pos = self.mapToScene(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and \
                self.network_scene().neuron_at(pos) is None:
            self.cancel_gesture()
            self.neurons_add_requested.emit("hidden", 1, pos)
        event.accept()

    def cancel_gesture(self) -> None:
        gesture, self._gesture = self._gesture, None
        if gesture is not None:
            gesture.cancel()
            self.viewport().setCursor(Qt.CursorShape.ArrowCursor)

    def leaveEvent(self, event) -> None:
        if self.scene() is not None:
            self.network_scene().set_hover(None, 0.0)
        super().leaveEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = True
            if self._gesture is None:
                self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
        elif event.key() == Qt.Key.Key_Escape and self._gesture is not None:
            self.cancel_gesture()
            event.accept()
        else:
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = False
            if self._gesture is None:
                self.viewport().setCursor(Qt.CursorShape.ArrowCursor)
            event.accept()
        else:
            super().keyReleaseEvent(event)

    # ---------------------------------------------------------------- drops
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if parse_palette_mime(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if parse_palette_mime(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        entry = parse_palette_mime(event.mimeData())
        if entry is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.drop_palette_entry(entry, self.mapToScene(event.position().toPoint()))

    def drop_palette_entry(self, entry: PaletteEntry, scene_pos: QPointF) -> None:
        """What a palette drop at ``scene_pos`` does (the canvas bench calls it too)."""
        self.neurons_add_requested.emit(entry.role, entry.count, scene_pos)

    # ---------------------------------------------------------------- misc
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_legend()

    def _place_legend(self) -> None:
        margin = 12
        self.legend.move(margin, self.viewport().height() - self.legend.height() - margin)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._place_legend()
