"""The "Digits" panel: test images with their labels, a live confusion matrix and the
first-layer neurons' incoming weights drawn as pictures.

Works for any image dataset (``dataset.image_shape``); for other classification data it
shows the confusion matrix alone. "First layer" means hidden neurons whose sources are
all inputs, in whatever graph was drawn.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bpstudio.engine import metrics
from bpstudio.engine.plan import Plan
from bpstudio.ui.i18n import translate
from bpstudio.ui.plots.confusion_plot import ConfusionMatrixPlot
from bpstudio.ui.plots.digit_grid import DigitGrid, colour_images, gray_images, key_html
from bpstudio.ui.plots.weight_pictures import WeightPictures, pictures_rgb, rgb_image
from bpstudio.ui.visuals import colors
from bpstudio.ui.visuals.frame import Frame
from bpstudio.ui.widgets.live_label import LiveLabel

COLUMNS = 8
MAX_PICTURES = 64      # first-layer pictures drawn; more would not be read anyway


def class_probabilities(outputs: np.ndarray, threshold: float) -> np.ndarray:
    """(n, k) outputs as (n, classes) probabilities: normalised if they already are
    non-negative, softmax otherwise; one output becomes (1 − p, p) around ``threshold``."""
    if outputs.shape[1] == 1:
        o = outputs[:, 0]
        p = np.clip(o if threshold == 0.5 else (o + 1) / 2, 0.0, 1.0)
        return np.column_stack([1 - p, p])
    finite = np.nan_to_num(outputs, nan=0.0, posinf=1e6, neginf=-1e6)
    if finite.min(initial=0.0) >= 0.0:
        return finite / np.maximum(finite.sum(axis=1, keepdims=True), 1e-12)
    e = np.exp(finite - finite.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def first_layer_inputs(plan: Plan, neuron_ids: tuple[int, ...]
                       ) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """For each neuron: (input positions, connection positions in ``plan.connection_ids``)
    of its incoming weights."""
    cached = getattr(plan, "_visuals_first_layer", None)
    if cached is not None and cached[0] == neuron_ids:
        return cached[1]
    input_pos = {nid: i for i, nid in enumerate(plan.input_ids)}
    wanted = set(neuron_ids)
    pixels: dict[int, list[int]] = {n: [] for n in neuron_ids}
    links: dict[int, list[int]] = {n: [] for n in neuron_ids}
    for i, (source, target) in enumerate(plan.connection_ends):
        if target in wanted and source in input_pos:
            pixels[target].append(input_pos[source])
            links[target].append(i)
    result = {n: (np.array(pixels[n], dtype=np.intp), np.array(links[n], dtype=np.intp))
              for n in neuron_ids}
    plan._visuals_first_layer = (neuron_ids, result)  # type: ignore[attr-defined]
    return result


class DigitsPanel(QWidget):
    """Test images (mistakes first or in order, a page at a time), confusion matrix and
    first-layer weight pictures."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page = 0
        self.mistakes_first = True
        self.updates = 0
        self.matrix: np.ndarray | None = None       # last confusion matrix [true, predicted]
        self.order: np.ndarray | None = None        # sample order of the image pages
        self.pictures_rgb: dict[int, np.ndarray] = {}   # neuron id → its weight picture
        self._frame: Frame | None = None
        self._images: dict[int, QImage] = {}      # sample → its picture (pixels never change)
        self._images_of: np.ndarray | None = None  # the array they were drawn from
        self.neuron_name: Callable[[int], str] = lambda nid: f"#{nid}"
        self._build()

    def _build(self) -> None:
        # Rewritten at every frame while training: a LiveLabel never re-lays out the window.
        self.summary = LiveLabel(lines=2, wrap=True, rich=True)
        self.mistakes_box = QCheckBox(self.tr("Mistakes first"))
        self.mistakes_box.setToolTip(self.tr("Mistakes first, then the least sure right "
                                             "answers (ordered by the probability of the true "
                                             "class)"))
        self.mistakes_box.setChecked(True)
        self.mistakes_box.toggled.connect(self._on_mistakes_toggled)
        self.prev_button = QToolButton(text="◀")
        self.next_button = QToolButton(text="▶")
        self.prev_button.clicked.connect(lambda: self._turn(-1))
        self.next_button.clicked.connect(lambda: self._turn(1))
        self.page_label = QLabel()
        controls = QHBoxLayout()
        controls.addWidget(self.mistakes_box)
        controls.addStretch(1)
        controls.addWidget(self.prev_button)
        controls.addWidget(self.page_label)
        controls.addWidget(self.next_button)
        self.grid = DigitGrid(COLUMNS)
        self.grid.resized.connect(self._on_grid_resized)
        images = QWidget()
        images_layout = QVBoxLayout(images)
        images_layout.setContentsMargins(4, 4, 4, 4)
        images_layout.addLayout(controls)
        self.grid_key = QLabel(key_html())
        self.grid_key.setTextFormat(Qt.TextFormat.RichText)
        self.grid_key.setWordWrap(True)
        self.grid_key.setStyleSheet("color: #4b5563; font-size: 8.5pt;")
        images_layout.addWidget(self.grid_key)
        images_layout.addWidget(self.grid, 1)
        self.confusion = ConfusionMatrixPlot()
        self.weights_note = QLabel()
        self.weights_note.setWordWrap(True)
        self.weights_note.setStyleSheet("color: #6b7280;")
        self.weights = WeightPictures()
        weights = QWidget()
        weights_layout = QVBoxLayout(weights)
        weights_layout.setContentsMargins(4, 4, 4, 4)
        weights_layout.addWidget(self.weights_note)
        weights_layout.addWidget(self.weights, 1)
        weights_scroll = QScrollArea()
        weights_scroll.setWidgetResizable(True)
        weights_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        weights_scroll.setWidget(weights)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.images_tab = self.tabs.addTab(images, self.tr("Test images"))
        self.confusion_tab = self.tabs.addTab(self.confusion, self.tr("Confusion"))
        self.weights_tab = self.tabs.addTab(weights_scroll, self.tr("Weights"))
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #6b7280; padding: 16px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 4)
        layout.addWidget(self.message)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        self.show_problem(translate("BoundaryPanel", "Nothing to show yet: open or draw a "
                                                     "network."))

    # ------------------------------------------------------------- messages
    def show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(True)
        self.summary.setVisible(False)
        self.tabs.setVisible(False)
        self._frame = None

    # -------------------------------------------------------------- updates
    def show_frame(self, frame: Frame) -> None:
        """Predict the test set and redraw the three views."""
        self._frame = frame
        state = frame.state
        dataset, data = state.dataset, state.data
        if not dataset.is_classification:
            self.show_problem(self.tr("{dataset} is a regression dataset: there are no "
                                      "classes to confuse.").format(dataset=dataset.name))
            self._frame = frame
            return
        images = dataset.image_shape is not None
        self.message.setVisible(False)
        self.summary.setVisible(True)
        self.tabs.setVisible(True)
        for tab in (self.images_tab, self.weights_tab):
            if self.tabs.isTabVisible(tab) != images:   # re-lays out the window: not per frame
                self.tabs.setTabVisible(tab, images)
        which = "test" if data.n_test else "training"
        x = data.x_test if data.n_test else data.x_train
        labels = data.labels_test if data.n_test else data.labels_train
        assert labels is not None
        labels = data.scored(labels)   # sequences: one label per scored step
        outputs = frame.predict(x)
        predicted = metrics.predicted_classes(outputs, data.threshold)
        n_classes = max(data.n_classes, 2)
        self.matrix = metrics.confusion_matrix(predicted, labels, n_classes)
        names = dataset.class_names if len(dataset.class_names) == n_classes else tuple(
            str(k) for k in range(n_classes))
        self.confusion.set_matrix(self.matrix, names)
        mistakes = int((predicted != labels).sum())
        accuracy = 1 - mistakes / max(len(labels), 1)
        heading = self.tr("Test set") if which == "test" else self.tr("Training set")
        counted = (self.tr("%n scored step(s)", "", len(labels)) if data.is_sequences
                   else self.tr("%n sample(s)", "", len(labels)))
        self.summary.setText(f"<b>{heading}</b>: " + self.tr(
            "{samples}, {mistakes}, accuracy {accuracy} %").format(
            samples=counted, mistakes=self.tr("%n mistake(s)", "", mistakes),
            accuracy=f"{100 * accuracy:.1f}"))
        # Only the tab on show is drawn; switching tabs draws the other one.
        current = self.tabs.currentIndex()
        if images and current == self.images_tab:
            source = dataset.x_test if data.n_test else dataset.x_train
            self._show_images(source, (*dataset.image_shape, dataset.image_channels),
                              outputs, predicted, labels, names, data.threshold, which)
        elif images and current == self.weights_tab:
            self._show_weights(frame)
        self.updates += 1

    def _show_images(self, x: np.ndarray, shape: tuple[int, int, int], outputs: np.ndarray,
                     predicted: np.ndarray, labels: np.ndarray, names: tuple[str, ...],
                     threshold: float, which: str) -> None:
        probs = class_probabilities(outputs, threshold)
        p_true = probs[np.arange(len(labels)), np.clip(labels, 0, probs.shape[1] - 1)]
        if self.mistakes_first:
            # Mistakes first, each group worst first (least probability on the true class).
            self.order = np.lexsort((p_true, predicted == labels))
        else:
            self.order = np.arange(len(labels))
        self.grid.set_class_names(names)
        per_page = self.grid.capacity()
        pages = max(1, -(-len(labels) // per_page))
        self.page = min(self.page, pages - 1)
        chosen = self.order[self.page * per_page:(self.page + 1) * per_page]
        if x is not self._images_of:
            self._images_of, self._images = x, {}
        missing = [int(i) for i in chosen if int(i) not in self._images]
        if missing:
            rows, cols, channels = shape
            drawn = (colour_images(x[missing].reshape(len(missing), rows, cols, 3))
                     if channels == 3 else
                     gray_images(x[missing].reshape(len(missing), rows, cols)))
            self._images.update(zip(missing, drawn, strict=True))
        images = [self._images[int(i)] for i in chosen]
        sample = (self.tr("sample {i} of the test set") if which == "test"
                  else self.tr("sample {i} of the training set"))
        truth = self.tr("true: {true}, predicted: {predicted}")
        chance = self.tr("p(true class) = {p:.3f}")
        details = [sample.format(i=i) + "<br>"
                   + truth.format(true=names[labels[i]], predicted=names[predicted[i]])
                   + "<br>" + chance.format(p=p_true[i])
                   for i in chosen]
        self.grid.set_items(images, [names[predicted[i]] for i in chosen],
                            [names[labels[i]] for i in chosen], details)
        self.page_label.setText(f"{self.page + 1}/{pages}")
        self.prev_button.setEnabled(self.page > 0)
        self.next_button.setEnabled(self.page < pages - 1)

    def _show_weights(self, frame: Frame) -> None:
        state = frame.state
        shape = state.dataset.image_shape
        assert shape is not None
        first = frame.index.first_layer
        shown = first[:MAX_PICTURES]
        inputs = first_layer_inputs(frame.plan, shown)
        values = np.full((len(shown), len(frame.plan.input_ids)), np.nan)
        weights = frame.weights
        for k, nid in enumerate(shown):
            pixels, links = inputs[nid]
            values[k, pixels] = weights[links]
        rows, cols = shape
        if state.dataset.image_channels == 3:
            # (pixel, band) order → the red, green and blue weights side by side
            pictures = values.reshape(len(shown), rows, cols, 3).transpose(0, 1, 3, 2)
            pictures = pictures.reshape(len(shown), rows, 3 * cols)
        else:
            pictures = values.reshape(len(shown), rows, cols)
        rgb = pictures_rgb(pictures, colors.diverging_lut())
        self.pictures_rgb = dict(zip(shown, rgb, strict=True))
        self.weights.set_pictures([rgb_image(picture) for picture in rgb],
                                  [self.neuron_name(nid) for nid in shown])
        more = self.tr(" The first {shown} of {all} are shown.").format(
            shown=len(shown), all=len(first)) if len(first) > len(shown) else ""
        bands = (self.tr(" RGB images: the weights from the red, green and blue values of "
                         "each pixel side by side.") if state.dataset.image_channels == 3
                 else "")
        self.weights_note.setText(
            self.tr("Each picture is a hidden neuron fed only by inputs: its weight from every "
                    "pixel, blue positive, orange negative, scaled to its own largest |w|.")
            + bands + more if first else self.tr("No hidden neuron here reads only inputs."))

    # ----------------------------------------------------------- controls
    def _on_mistakes_toggled(self, on: bool) -> None:
        self.mistakes_first = on
        self.page = 0
        if self._frame is not None:
            self.show_frame(self._frame)

    def _on_tab_changed(self, index: int) -> None:
        if self._frame is not None:
            self.show_frame(self._frame)

    def _on_grid_resized(self) -> None:
        # Another size fits another number of images: lay the page out again.
        shown = len(self.grid.images)
        total = len(self.order) if self.order is not None else 0
        if self._frame is not None and shown and shown != min(self.grid.capacity(), total):
            self.show_frame(self._frame)

    def _turn(self, step: int) -> None:
        self.page = max(0, self.page + step)
        if self._frame is not None:
            self.show_frame(self._frame)
