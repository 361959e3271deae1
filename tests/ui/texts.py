"""Every text a window shows a user, and the labels too narrow for theirs.

Used by the translation tests: walked with Chinese installed, no text may still be
English, and in screenshots of both languages no label, button or tab may be clipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTabWidget,
    QTextBrowser,
    QWidget,
)

#: Latin words that stay as they are in Chinese: names, symbols, units and file formats
#: (the tutorial's notation keeps them, e.g. sigmoid and ReLU are written in Latin letters)
KEPT_WORDS = frozenset((
    "BP", "Studio", "bpstudio", "bpnet", "XOR", "Adam", "SGD", "Nesterov", "Xavier", "Glorot",
    "He", "ReLU", "relu", "sigmoid", "tanh", "softmax", "softplus", "sine", "identity",
    "leaky_relu", "float64", "float32", "CSV", "csv", "txt", "npz", "json", "onnx", "ONNX",
    "NumPy", "PyTorch", "Fashion", "MNIST", "English", "Shift", "Ctrl", "Esc", "Home", "Space",
    "Backspace", "Del", "Delete", "Alt", "Tab", "Enter", "Return", "Left", "Right", "Up", "Down",
    "PgUp", "PgDown", "Ins", "sin", "cos", "ln", "exp", "max", "min", "mean", "log", "nan",
    "sign", "score", "zscore", "minmax", "a_source", "source", "R²", "BPTT", "Elman", "End",
    "GIF", "PNG", "MB", "KB", "JPEG", "BMP", "WebP", "IDX", "EMNIST", "RGB", "Python", "label",
    "images-idx3-ubyte", "onnxruntime", "Netron", "README", "GPUs", "nn.Module", "torchrun",
    "predict", "GPU", "Module",
))

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_']{2,}")
# neuron names (h15, p24) and subscripted symbols (a_y, t_h3): data, not words
_NAME = re.compile(r"[A-Za-z]{1,2}(\d+|_\w+)")


def plain(text: str) -> str:
    """Rich text as the user reads it; accelerator ampersands dropped."""
    if "<" in text and ">" in text:
        document = QTextDocument()
        # subscripts are symbols' indices (w<sub>ij</sub>, a<sub>source</sub>): a word apart
        document.setHtml(text.replace("<sub>", " <sub>")
                         .replace('vertical-align:sub;">', 'vertical-align:sub;"> '))
        text = document.toPlainText()
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


@cache
def kept_words() -> frozenset[str]:
    """KEPT_WORDS, the names of the built-in datasets and examples, and the training
    settings' keys (the sweep lists them as `bpstudio sweep --set KEY=…` and files do)."""
    from dataclasses import fields

    from bpstudio.data import BUILTINS
    from bpstudio.examples import list_examples
    from bpstudio.model.settings import TrainingSettings

    return (KEPT_WORDS | set(BUILTINS) | {info.name for info in list_examples()}
            | {f.name for f in fields(TrainingSettings)})


def english_words(text: str) -> list[str]:
    """The Latin words of ``text`` that are not names or symbols kept in every language."""
    kept = kept_words()
    text = plain(text)
    for name in kept:
        if "-" in name:             # a hyphenated name (sine-next) is not two words
            text = text.replace(name, " ")
    return [word for word in _WORD.findall(text) if word not in kept
            and word.lower() not in kept and not _NAME.fullmatch(word)]


def _actions(actions: list[QAction], where: str) -> Iterator[tuple[str, str]]:
    for action in actions:
        if action.isSeparator():
            continue
        name = f"{where} ▸ {plain(action.text())}"
        for text in (action.text(), action.toolTip(), action.statusTip()):
            if text:
                yield name, text
        menu = action.menu()
        if isinstance(menu, QMenu):
            menu.aboutToShow.emit()           # menus filled when opened (recent, examples)
            yield from _actions(menu.actions(), name)


def _model_texts(model: QAbstractItemModel, where: str) -> Iterator[tuple[str, str]]:
    try:
        columns = model.columnCount(QModelIndex())
    except TypeError:         # a list model's column count is private in PySide6
        columns = 1
    for column in range(columns):
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = model.headerData(column, Qt.Orientation.Horizontal, role)
            if isinstance(value, str) and value:
                yield f"{where} header {column}", value
    for row in range(min(model.rowCount(QModelIndex()), 50)):
        for column in range(columns):
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.index(row, column).data(role)
                if isinstance(value, str) and value:
                    yield f"{where} row {row}", value


def window_texts(window: QMainWindow) -> Iterator[tuple[str, str]]:
    """(where, text) of the menus, actions, docks, tooltips and widgets of ``window``."""
    yield "window title", window.windowTitle()
    legend = getattr(getattr(window, "view", None), "legend", None)
    if legend is not None:        # painted, not a widget: its entries and colour bars
        for entry in legend.entries():
            yield "legend", entry.text
        for bar in legend.colorbars():
            yield "legend colour bar", bar.title
            for _, tick in bar.ticks:
                yield "legend colour bar tick", tick
    yield from _actions(window.menuBar().actions(), "menu")
    yield from _actions(window.actions(), "action")
    for widget in window.findChildren(QWidget):
        where = f"{type(widget).__name__} {widget.objectName()}".strip()
        if widget.toolTip():
            yield f"{where} tooltip", widget.toolTip()
        if isinstance(widget, QDockWidget):
            yield f"dock {widget.objectName()}", widget.windowTitle()
        elif isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            yield where, widget.text()
            if isinstance(widget, QLineEdit) and widget.placeholderText():
                yield f"{where} placeholder", widget.placeholderText()
        elif isinstance(widget, QTextBrowser):
            yield where, widget.toHtml()
        elif isinstance(widget, QGroupBox):
            yield where, widget.title()
        elif isinstance(widget, QComboBox):
            for i in range(widget.count()):
                yield f"{where} item {i}", widget.itemText(i)
                tip = widget.itemData(i, Qt.ItemDataRole.ToolTipRole)
                if isinstance(tip, str) and tip:
                    yield f"{where} item {i} tooltip", tip
            if widget.placeholderText():
                yield f"{where} placeholder", widget.placeholderText()
        elif isinstance(widget, QTabWidget):
            for i in range(widget.count()):
                yield f"{where} tab {i}", widget.tabText(i)
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            yield from _model_texts(widget.model(), where)


def clipped(window: QWidget) -> list[str]:
    """Visible one-line labels, buttons and tabs whose text is wider than they are."""
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.width() <= 1:
            continue
        metrics = widget.fontMetrics()
        if isinstance(widget, QLabel) and not widget.wordWrap() and widget.pixmap().isNull():
            text = plain(widget.text())
            if "\n" in text or not text.strip():
                continue
            margins = widget.contentsMargins()
            room = widget.width() - margins.left() - margins.right() - 2 * widget.margin()
            if metrics.horizontalAdvance(text) > room + 1:
                found.append(f"label {text!r}: {metrics.horizontalAdvance(text)} > {room}")
        elif isinstance(widget, QAbstractButton) and widget.text():
            hint = widget.sizeHint().width()
            if hint > widget.width() + 1:
                found.append(f"button {plain(widget.text())!r}: {hint} > {widget.width()}")
        elif isinstance(widget, QTabWidget):
            bar = widget.tabBar()
            for i in range(bar.count()):
                rect = bar.tabRect(i)
                if bar.isTabVisible(i) and rect.width() and \
                        metrics.horizontalAdvance(plain(bar.tabText(i))) > rect.width():
                    found.append(f"tab {bar.tabText(i)!r}")
    return found
