"""`bpstudio --screenshot` renders the window with the network to a PNG."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

import pytest
from PySide6.QtGui import QColor, QImage

from bpstudio.formats.bpnet import ProjectInfo, save
from bpstudio.ui.app import run_gui
from bpstudio.ui.canvas import style
from tests.ui.conftest import xor_network


def _count_near(image: QImage, color: QColor, tolerance: int = 30) -> int:
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            if abs(c.red() - color.red()) + abs(c.green() - color.green()) + \
                    abs(c.blue() - color.blue()) <= tolerance:
                count += 1
    return count


@pytest.fixture
def xor_file(tmp_path):
    path = tmp_path / "xor.bpnet"
    save(xor_network(), path, ProjectInfo("XOR"))
    return path


def _check_picture(path) -> None:
    image = QImage(str(path))
    assert not image.isNull() and image.width() >= 800
    # The network is there: input borders, output borders and blue (positive) edges.
    assert _count_near(image, style.ROLE_COLORS["input"][0]) > 40
    assert _count_near(image, style.ROLE_COLORS["output"][0]) > 20
    assert _count_near(image, style.POSITIVE, 60) > 30


@pytest.mark.slow
def test_screenshot_in_process(qtbot, xor_file, tmp_path, capsys):
    out = tmp_path / "shot.png"
    status = run_gui(argparse.Namespace(file=str(xor_file), screenshot=str(out), train_for=0.0))
    assert status == 0
    _check_picture(out)


def test_screenshot_of_a_bad_file_fails_cleanly(qtbot, tmp_path, capsys):
    bad = tmp_path / "bad.bpnet"
    bad.write_text("[]", encoding="utf-8")
    status = run_gui(argparse.Namespace(file=str(bad), screenshot=str(tmp_path / "o.png"),
                                        train_for=1.0))
    assert status == 2
    err = capsys.readouterr().err
    assert "bad.bpnet" in err
    assert not (tmp_path / "o.png").exists()


@pytest.mark.slow
def test_screenshot_command_line(xor_file, tmp_path):
    out = tmp_path / "cli.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-m", "bpstudio", str(xor_file),
                             "--screenshot", str(out)], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    _check_picture(out)


def test_no_display_is_one_clear_line_not_a_qt_abort(monkeypatch, capsys):
    from bpstudio.ui import app

    monkeypatch.setattr(app.sys, "platform", "linux")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    assert "no display" in app.display_problem()
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr("ctypes.util.find_library",
                        lambda name: None if name == "xcb-cursor" else f"lib{name}.so")
    assert "sudo apt install libxcb-cursor0" in app.display_problem()
    monkeypatch.setattr("ctypes.util.find_library", lambda name: f"lib{name}.so")
    assert app.display_problem() is None


@pytest.mark.slow
@pytest.mark.parametrize("edges", ["gradient", "change"])
def test_screenshot_edges_option_picks_the_edge_view(qtbot, tmp_path, capsys, monkeypatch,
                                                     edges):
    """`--edges` chooses what the edges show; the legend in the picture says so."""
    from bpstudio.cli import gui_parser
    from bpstudio.examples import example_path
    from bpstudio.ui.main_window import MainWindow

    seen: list[tuple[str, list[str]]] = []
    grab = MainWindow.grab

    def record(window, *args):
        legend = window.view.legend
        seen.append((window.visuals.overlay.edge_mode,
                     [bar.title for bar in legend.colorbars()]
                     + [entry.text for entry in legend.entries()]))
        return grab(window, *args)

    monkeypatch.setattr(MainWindow, "grab", record)
    out = tmp_path / "edges.png"
    options = gui_parser().parse_args([str(example_path("xor")), "--screenshot", str(out),
                                       "--train-for", "0.2", "--edges", edges])
    assert run_gui(options) == 0
    mode, titles = seen[-1]
    assert mode == edges
    title = "|∂L/∂w|" if edges == "gradient" else "since training started"
    assert any(title in t for t in titles), titles
    assert not QImage(str(out)).isNull()


def test_screenshot_after_training_plots_the_last_epoch(qtbot, tmp_path, monkeypatch):
    """A run that ends within `--train-for` is plotted to its end in the picture, though the
    plots' throttle had held the last epochs back."""
    from bpstudio.cli import gui_parser
    from bpstudio.examples import example_path
    from bpstudio.ui.main_window import MainWindow
    from bpstudio.ui.plots.training_plots import TrainingPlots

    seen: dict[str, object] = {}
    grab = MainWindow.grab

    def record(window, *args):
        seen["epoch"] = window.training.progress.epoch
        seen["state"] = window.training.state
        seen["readout"] = window.training_plots.loss_plot.readout.text()
        return grab(window, *args)

    monkeypatch.setattr(MainWindow, "grab", record)
    # As if the throttle held every redraw back (it lets through one a second at most
    # while training runs at full speed): the picture must not depend on its timing.
    monkeypatch.setattr(TrainingPlots, "request_refresh", lambda plots: None)
    options = gui_parser().parse_args([str(example_path("iris")), "--screenshot",
                                       str(tmp_path / "iris.png"), "--train-for", "3"])
    assert run_gui(options) == 0
    assert seen["state"] == "finished"
    assert str(seen["readout"]).startswith(f"epoch {seen['epoch']} ·"), seen


def test_screenshot_edges_option_rejects_an_unknown_view(capsys):
    from bpstudio.cli import gui_parser

    with pytest.raises(SystemExit):
        gui_parser().parse_args(["--screenshot", "x.png", "--edges", "rainbow"])
    assert "invalid choice" in capsys.readouterr().err


@pytest.mark.slow
def test_screenshot_of_an_image_folder_document_waits_for_its_images(qtbot, tmp_path,
                                                                     capsys, monkeypatch):
    from bpstudio.model.settings import DatasetSpec
    from bpstudio.workflow import network_for_dataset
    from tests.data.test_image_folder import make_folder

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = make_folder(tmp_path / "shapes", per_class=8, size=(8, 8))
    network, _ = network_for_dataset(DatasetSpec("shapes"), tmp_path, (4,), "relu")
    path = tmp_path / "shapes.bpnet"
    save(network, path, ProjectInfo("shapes"))
    assert folder.is_dir()
    from bpstudio.ui.training import data_loader

    original = data_loader.load_data_sized

    def slow_load(*args, **kwargs):     # a big folder: still loading when Train is pressed
        time.sleep(1.0)
        return original(*args, **kwargs)

    monkeypatch.setattr(data_loader, "load_data_sized", slow_load)
    out = tmp_path / "shot.png"
    status = run_gui(argparse.Namespace(file=str(path), screenshot=str(out), train_for=0.5))
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert "trained 0.5 s" in captured.out and out.is_file()
