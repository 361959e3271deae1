"""Numbers that change while training repaint their label and never re-lay out the window
(a re-layout of the main window cost 2–3 ms of GIL-holding GUI time, 12 times a second)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from bpstudio.engine.training import Progress
from bpstudio.ui.widgets.live_label import LiveLabel


class LayoutRequests(QObject):
    """Counts the LayoutRequest events ``widget`` receives."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


class _Delivered(QObject):
    """Counts every event the application delivers."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched, event) -> bool:
        self.count += 1
        return False


def drain_posted_events(rounds: int = 100) -> None:
    """Deliver posted events (a layout posts resizes, which post layouts, …) until a round
    delivers none. No timer runs meanwhile: sendPostedEvents delivers posted events only."""
    delivered = _Delivered()
    app = QApplication.instance()
    app.installEventFilter(delivered)
    try:
        for _ in range(rounds):
            delivered.count = 0
            QApplication.sendPostedEvents()
            if delivered.count == 0:
                return
    finally:
        app.removeEventFilter(delivered)


def layout_requests_from(widget: QWidget, action: Callable[[], object]) -> int:
    """LayoutRequests that ``action`` makes reach ``widget``, counted, not timed: what was
    posted before is delivered first, then everything the action's events lead to."""
    drain_posted_events()
    requests = LayoutRequests(widget)
    action()
    drain_posted_events()
    widget.removeEventFilter(requests)
    return requests.count


def progress(epoch: int) -> Progress:
    return Progress(epoch=epoch, step=epoch * 4, train_loss=1 / epoch, test_loss=2 / epoch,
                    test_metric=0.5, metric_name="accuracy", learning_rate=0.5,
                    elapsed=epoch / 100, steps_per_second=1000 + epoch)


def changes_request_layouts(qtbot, label: QWidget) -> int:
    """LayoutRequests reaching the label's parent while its text changes 20 times."""
    parent = QWidget()
    qtbot.addWidget(parent)
    QVBoxLayout(parent).addWidget(label)
    parent.show()
    qtbot.waitExposed(parent)
    return sum(layout_requests_from(parent, lambda i=i: label.setText(
        f"epoch {i * 137:,} · loss {1 / (i + 1):.6f}")) for i in range(20))


def test_a_live_label_changes_text_without_a_layout_request(qtbot):
    assert changes_request_layouts(qtbot, QLabel()) > 0          # what QLabel does
    assert changes_request_layouts(qtbot, LiveLabel()) == 0


def test_live_label_shows_its_text_elided_or_wrapped(qtbot):
    line = LiveLabel(widest="Training · epoch 100,000")
    qtbot.addWidget(line)
    line.show()
    line.resize(80, line.sizeHint().height())
    line.setText("Training · epoch 12,345 · step 49,380 · 900 steps/s")
    assert line.text() == "Training · epoch 12,345 · step 49,380 · 900 steps/s"
    assert line.label.text().endswith("…") and line.label.text() != line.text()
    line.resize(900, line.sizeHint().height())
    assert line.label.text() == line.text()                      # room again: all of it
    wrapped = LiveLabel(lines=2, wrap=True)
    wrapped.setText("a long line " * 10)
    assert wrapped.label.wordWrap() and wrapped.label.text() == "a long line " * 10
    rich = LiveLabel(rich=True)
    rich.setText("<span style='color:#ff0000'>■ train</span> 0.25")
    assert rich.label.text() == rich.text()


def test_training_progress_never_re_lays_out_the_main_window(qtbot, window):
    """The training panel's status and loss lines, the status bar's training line and the
    plots' readouts all change while training; none may make the window re-layout."""
    window.training_plots.show()

    def show(epoch: int) -> None:
        window.training_panel.show_progress("running", progress(epoch))
        window.training_label.setText(f"Training · epoch {epoch:,} · step {epoch * 4:,}")
        for plot in window.training_plots.plots():
            plot.readout.setText(f"■ train {1 / epoch:.4f}")

    layout_requests_from(window, lambda: show(1))   # shows hidden lines: lays out once
    assert [layout_requests_from(window, lambda e=epoch: show(e))
            for epoch in range(2, 25)] == [0] * 23


def test_wrapped_text_that_needs_more_lines_gets_them(qtbot):
    """Numbers changing keep the height; a line that no longer fits in two lines (a
    validation loss joining the loss line) makes the label taller, once."""
    parent = QWidget()
    qtbot.addWidget(parent)
    label = LiveLabel(lines=2, wrap=True)
    QVBoxLayout(parent).addWidget(label)
    parent.resize(220, 200)
    parent.show()
    qtbot.waitExposed(parent)
    two_lines = label.height()
    layout_requests_from(parent, lambda: label.setText("train loss 0.0123 · test loss 0.0145"))
    assert label.height() == two_lines
    label.setText("train loss 0.0123 · validation loss 0.0131 · test loss 0.0145 · "
                  "test accuracy 96.1% · η 0.5")
    qtbot.waitUntil(lambda: label.height() > two_lines)
    assert label.height() >= label.label.heightForWidth(label.width())
    label.setText("train loss 0.0122")
    qtbot.waitUntil(lambda: label.height() == two_lines)
