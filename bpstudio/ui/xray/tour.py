"""A five-page tour of the tutorial's five moves, each page driving the real views on XOR."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from bpstudio.ui.i18n import translate
from bpstudio.ui.xray.tour_placement import candidate_spots, place_box

if TYPE_CHECKING:
    from bpstudio.ui.document.file_actions import Document
    from bpstudio.ui.xray.install import XRay

#: the box's sizes, preferred first: narrower and taller when only that keeps it clear
BOX_SIZES = (QSize(420, 330), QSize(340, 400), QSize(250, 500))
TOUR_SAMPLE = 2          # XOR's x1 = 1, x2 = 0 → 1: every weight from x1 gets a gradient


@dataclass(frozen=True)
class TourPage:
    title: str
    text: str
    show: Callable[[TourDialog], bool]     # False: the page could not set up its views


def _first_edge(xray: XRay, into_output: bool) -> int | None:
    """An edge into an output from a hidden neuron, or one from an input."""
    network = xray.session.network
    if network is None:
        return None
    for cid in sorted(network.connections):
        c = network.connections[cid]
        source, target = network.neurons[c.source], network.neurons[c.target]
        if into_output and target.role == "output" and source.role != "input":
            return cid
        if not into_output and source.role == "input" and target.role != "output":
            return cid
    return next(iter(sorted(network.connections)), None)


def _select_edge(xray: XRay, into_output: bool) -> None:
    cid = _first_edge(xray, into_output)
    if cid is not None:
        xray.session.select_parameter("weight", cid)


def _show(tour: TourDialog, dock: QDockWidget) -> None:
    """Open ``dock`` for this page; the tour's box keeps clear of it."""
    tour.xray.show_dock(dock)
    tour.highlighted.append(dock)


CANCELLED = QT_TRANSLATE_NOOP("TourDialog",
                              "<p><b>The tour runs on the XOR example</b>, and your network "
                              "is still open: the example did not replace it.</p><p>Save or "
                              "discard your changes, then start the tour again from Help ▸ "
                              "Backprop X-ray Tour.</p>")


def _open_xor(tour: TourDialog) -> bool:
    """The tour's own XOR example: the one it loaded before (its own updates undone, no
    question asked), a pristine one already open, or a fresh copy after the usual
    unsaved-changes question. False if the user kept their network."""
    window = tour.xray.window
    stack, document = window.undo_stack, window.document
    if document is tour.document and stack.index() == tour.own_index:
        stack.setIndex(tour.base_index)   # only the tour changed it: back to the example
        return True
    pristine = document is not None and document.example == "xor" and stack.isClean()
    if not pristine and not window.files.open_example("xor"):   # asks first
        return False
    tour.document, tour.base_index = window.document, stack.index()
    tour.own_index = tour.base_index
    return True


def _loss(tour: TourDialog) -> bool:
    xray = tour.xray
    if not _open_xor(tour):
        return False
    xray.session.set_samples(TOUR_SAMPLE, 1)
    _show(tour, xray.step_dock)
    if xray.step.enter():
        xray.step.restart()
        sequence = xray.step.sequence()
        while sequence is not None and xray.step.index < sequence.loss_index:
            xray.step.forward()
    return True


def _slope(tour: TourDialog) -> bool:
    xray = tour.xray
    _select_edge(xray, into_output=True)
    _show(tour, xray.lens_dock)
    xray.lens_panel.set_epsilon(1e-5)
    xray.lens_panel.reset()
    return True


def _nudge(tour: TourDialog) -> bool:
    xray = tour.xray
    _select_edge(xray, into_output=True)
    _show(tour, xray.checker_dock)
    xray.checker.check()
    # the checker shares the lens's tab group: the lens, with the secant this page is
    # about, comes to the front last
    _show(tour, xray.lens_dock)
    xray.lens_panel.set_epsilon(0.1)             # large enough to see the secant
    return True


def _chain(tour: TourDialog) -> bool:
    xray = tour.xray
    # The checker's table needs ~500 px; beside the chain rule it widened the window past
    # a laptop's screen. Its page is over (closing the tour gives back the layout found).
    xray.checker_dock.hide()
    _show(tour, xray.step_dock)
    xray.step.run_pass()
    _select_edge(xray, into_output=False)
    _show(tour, xray.chain_dock)
    _show(tour, xray.cost_dock)
    return True


def _repeat(tour: TourDialog) -> bool:
    xray = tour.xray
    _show(tour, xray.step_dock)
    if xray.step.apply_update() and xray.window.document is tour.document:
        tour.own_index = xray.window.undo_stack.index()    # the tour's change, not yours
    return True


PAGES = (
    TourPage(QT_TRANSLATE_NOOP("TourDialog", "1 · The loss is a distance"),
             QT_TRANSLATE_NOOP("TourDialog", "<p>The network computes its output neuron by "
                                             "neuron: each one adds up <i>w·a</i> from the "
                                             "neurons feeding it plus its bias (<i>z</i>) and "
                                             "squashes it (<i>a = f(z)</i>). The canvas now "
                                             "shows the XOR network's forward pass on one "
                                             "sample.</p><p>The <b>loss</b> is the distance "
                                             "between the output <i>a</i> and the target "
                                             "<i>t</i>: here L = (a − t)², the squared "
                                             "distance. Training means making it "
                                             "small.</p><p>On the canvas, <b>→</b> steps "
                                             "forward one neuron at a time.</p>"),
             _loss),
    TourPage(QT_TRANSLATE_NOOP("TourDialog", "2 · A derivative is a slope"),
             QT_TRANSLATE_NOOP("TourDialog", "<p>The <b>nudge lens</b> plots the loss as one "
                                             "weight moves while everything else stays fixed. "
                                             "The blue tangent's slope is the derivative "
                                             "∂L/∂w.</p><p>Where the slope is positive, a "
                                             "smaller w means a smaller loss; where it is "
                                             "negative, a larger one. Drag the value slider, "
                                             "then press <b>Step downhill</b>: w ← w − "
                                             "η·∂L/∂w walks down the curve.</p>"),
             _slope),
    TourPage(QT_TRANSLATE_NOOP("TourDialog", "3 · Measure a slope by nudging one weight"),
             QT_TRANSLATE_NOOP("TourDialog", "<p>Move w a little to each side and watch the "
                                             "loss: (L(w+ε) − L(w−ε)) / 2ε is the slope of "
                                             "the orange secant. With ε = 0.1 you can still "
                                             "see it differ from the tangent; with a tiny ε "
                                             "the two agree to many digits.</p><p>The "
                                             "<b>gradient checker</b> (the tab beside the "
                                             "lens) does this for every parameter and finds "
                                             "backprop's numbers. But nudging costs two "
                                             "forward passes per parameter — the next page "
                                             "counts it.</p>"),
             _nudge),
    TourPage(QT_TRANSLATE_NOOP("TourDialog", "4 · Backprop gets them all at once"),
             QT_TRANSLATE_NOOP("TourDialog", "<p>Backprop starts at the loss and walks back "
                                             "through the network (<b>←</b> on the canvas): "
                                             "each neuron gets ∂L/∂a (a sum of w·δ over where "
                                             "it sends its output), then δ = ∂L/∂a · f′(z), "
                                             "and each incoming weight ∂L/∂w = δ · "
                                             "a<sub>source</sub>.</p><p>The <b>chain rule</b> "
                                             "panel writes this out, with numbers, from the "
                                             "loss down to the selected weight — and the loss "
                                             "as a formula of that one weight.</p><p>The "
                                             "<b>Cost</b> tab counts what this saves: "
                                             "backprop costs about two forward passes for "
                                             "every gradient, nudging two forward passes for "
                                             "each one.</p>"),
             _chain),
    TourPage(QT_TRANSLATE_NOOP("TourDialog", "5 · Repeat"),
             QT_TRANSLATE_NOOP("TourDialog", "<p>One update moves every weight a little "
                                             "downhill: w ← w − η·∂L/∂w. The canvas shows "
                                             "each weight's old → new value and the new "
                                             "loss.</p><p>Repeat: step again (→, ←) and press "
                                             "<b>U</b>, or let <b>Train</b> repeat it "
                                             "thousands of times. Ctrl+Z undoes the step.</p>"),
             _repeat),
)


class TourDialog(QDialog):
    """Non-modal: the views it drives stay usable while it is open."""

    def __init__(self, xray: XRay, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Tool)
        self.xray = xray
        self.page = -1
        self.document: Document | None = None   # the XOR example the tour opened
        self.base_index = 0                     # its undo index when the tour took it
        self.own_index = 0                      # … after the tour's own last change
        self._found: tuple[QByteArray, QSize] | None = None   # window layout and size
        self.highlighted: list[QDockWidget] = []   # the docks this page opened
        self._placed_at: QPoint | None = None     # where the tour last put its box
        self.placements = 0                       # times it did (tests wait for one)
        self.setWindowTitle(self.tr("Backprop X-ray tour"))
        self.setModal(False)
        self.resize(BOX_SIZES[0])
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setObjectName("panelHeading")
        layout.addWidget(self.title)
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.setStyleSheet("QTextBrowser { border: none; font-size: 10.5pt; }")
        layout.addWidget(self.text, 1)
        row = QHBoxLayout()
        self.position = QLabel()
        row.addWidget(self.position)
        row.addStretch(1)
        self.back = QPushButton(self.tr("Back"))
        self.next = QPushButton(self.tr("Next"))
        close = QPushButton(self.tr("Close"))
        self.back.clicked.connect(lambda checked=False: self.go_to(self.page - 1))
        self.next.clicked.connect(lambda checked=False: self.go_to(self.page + 1))
        close.clicked.connect(lambda checked=False: self.close())
        for button in (self.back, self.next, close):
            row.addWidget(button)
        layout.addLayout(row)

    def go_to(self, page: int) -> None:
        """Show page ``page`` (0-based) and let it drive its views."""
        page = max(0, min(page, len(PAGES) - 1))
        self.page = page
        current = PAGES[page]
        self.title.setText(translate("TourDialog", current.title))
        self.text.setHtml(translate("TourDialog", current.text))
        self.position.setText(f"{page + 1} / {len(PAGES)}")
        self.back.setEnabled(page > 0)
        self.next.setEnabled(page < len(PAGES) - 1)
        window = self.xray.window
        if self._found is None:     # the layout to give back when the tour closes
            self._found = (window.saveState(), window.size())
        self.highlighted = []
        if not current.show(self):
            self.text.setHtml(translate("TourDialog", CANCELLED))
            self.next.setEnabled(False)
        if window.size() != self._found[1]:
            # A dock the page opened must not widen the window (past a laptop's screen).
            window.resize(self._found[1])
        # Once the docks the page opened have taken their room (the canvas shrinks, the
        # drawing moves): placed now, it dodged where the network was.
        QTimer.singleShot(0, self, self.place)

    def avoided(self) -> list[QRect]:
        """Global rectangles the box must not cover: the network on the canvas (the
        part in view, with the X-ray's cards) and the docks this page opened."""
        view, scene = self.xray.window.view, self.xray.window.scene
        rects = []
        # the neurons with their value cards and labels: everything the canvas draws
        if scene is not None and not (drawn := scene.itemsBoundingRect()).isNull():
            on_view = view.mapFromScene(drawn).boundingRect() & view.viewport().rect()
            if not on_view.isEmpty():
                rects.append(QRect(view.viewport().mapToGlobal(on_view.topLeft()),
                                   on_view.size()))
        for dock in self.highlighted:
            if dock.isVisible() and not dock.visibleRegion().isEmpty():
                rects.append(QRect(dock.mapToGlobal(QPoint(0, 0)), dock.size()))
        return rects

    def place(self, again: bool = False) -> None:
        """Move the box clear of what the page points at, unless the user has moved it
        since the tour last placed it (then it stays where they put it); ``again``
        places it whatever happened since (it has just been shown)."""
        if not again and self._placed_at is not None and self.pos() != self._placed_at:
            return
        window, view = self.xray.window, self.xray.window.view
        canvas = QRect(view.mapToGlobal(QPoint(0, 0)), view.size())
        frame = QRect(window.mapToGlobal(QPoint(0, 0)), window.size())
        # The screen, or the window where it reaches past it: a box inside the window
        # is seen as much as the window is.
        screen = (window.screen() or QApplication.primaryScreen()).availableGeometry()
        screen = screen.united(frame)
        # Placed by its frame (title bar and borders), sized by its contents.
        border = self.frameGeometry().size() - self.geometry().size()
        box = place_box([size + border for size in BOX_SIZES],
                        lambda size: candidate_spots(size, canvas, frame),
                        self.avoided(), screen)
        self.resize(box.size() - border)
        self.move(box.topLeft())
        self._placed_at = self.pos()
        self.placements += 1

    def closeEvent(self, event: QCloseEvent) -> None:
        """Give back the docks as the tour found them (the plots no longer tabbed behind
        the Chain Rule) and the window's size."""
        if self._found is not None:
            state, size = self._found
            self._found = None
            window = self.xray.window
            window.restoreState(state)
            window.resize(size)
        super().closeEvent(event)
