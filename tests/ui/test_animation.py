"""Animation export: the asked number of frames, frames that differ where training changed
the network, a cancelled export leaves no file; `bpstudio animate` and `--scrub`."""

from __future__ import annotations

import argparse

import numpy as np
import pytest
from PIL import Image

from bpstudio.formats.bpnet import ProjectInfo, save
from bpstudio.ui.animate_command import run_animate
from bpstudio.ui.animation import (
    AnimationCancelled,
    AnimationOptions,
    export_animation,
    frame_snapshots,
)
from bpstudio.ui.app import run_gui
from tests.ui.conftest import xor_network
from tests.ui.test_training_gui import wait_state

pytestmark = pytest.mark.slow


@pytest.fixture
def trained(qtbot, win):
    """The XOR window after a finished 300-epoch run."""
    network = win.document.network
    network.set_settings(network.settings.with_changes(epochs=300, target_loss=0.0))
    win.training.start()
    wait_state(qtbot, win, "finished", timeout=30_000)
    return win


def frames_of(path) -> list[np.ndarray]:
    frames = []
    with Image.open(path) as image:
        for i in range(image.n_frames):
            image.seek(i)
            frames.append(np.asarray(image.convert("RGB"), dtype=np.int16))
    return frames


@pytest.mark.parametrize("name", ["run.gif", "run.png"])
def test_the_export_has_the_asked_frames_and_they_change_with_training(trained, tmp_path,
                                                                      name):
    out = tmp_path / name
    written = export_animation(trained, out, AnimationOptions(9, (400, 250), 2.0))
    assert out.stat().st_size == written
    frames = frames_of(out)
    assert len(frames) == 9 and frames[0].shape == (250, 400, 3)
    # the first epochs change the network most: the first and last frames differ, and
    # the animation moves from frame to frame
    assert np.abs(frames[0] - frames[-1]).sum() > 0
    moving = sum(np.abs(a - b).sum() > 0 for a, b in zip(frames, frames[1:], strict=False))
    assert moving >= 6
    assert trained.training.viewing is None            # the views show the present again


def test_frames_spread_over_the_timeline(trained):
    snapshots = trained.training.timeline.snapshots()
    chosen = frame_snapshots(snapshots, 5)
    assert chosen[0] is snapshots[0] and chosen[-1] is snapshots[-1]
    assert [s.epoch for s in chosen] == sorted(s.epoch for s in chosen)


def test_a_cancelled_export_leaves_no_file(trained, tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    out = tmp_path / "run.gif"
    calls = []

    def progress(done: int, total: int) -> bool:
        calls.append(done)
        return done < 3

    with pytest.raises(AnimationCancelled):
        export_animation(trained, out, AnimationOptions(10, (320, 200), 1.0), progress)
    assert calls == [1, 2, 3]
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ValueError, match="frame count"):
        export_animation(trained, out, AnimationOptions(1, (320, 200), 1.0))
    with pytest.raises(ValueError, match=r"\.gif"):
        export_animation(trained, tmp_path / "run.txt", AnimationOptions())
    assert list(tmp_path.iterdir()) == []


def test_animate_command_writes_a_gif_and_refuses_bad_arguments(qapp, tmp_path, capsys):
    path = tmp_path / "xor.bpnet"
    network = xor_network()
    network.set_settings(network.settings.with_changes(epochs=200))
    save(network, path, ProjectInfo("XOR"))
    out = tmp_path / "xor.gif"
    assert run_animate([str(path), str(out), "--frames", "6", "--size", "320x200",
                        "--seconds", "1"]) == 0
    assert len(frames_of(out)) == 6
    capsys.readouterr()
    for bad in (["--frames", "1"], ["--size", "big"], ["--size", "10x10"],
                ["--seconds", "0"]):
        assert run_animate([str(path), str(tmp_path / "b.gif"), *bad]) == 2
        assert capsys.readouterr().err.count("\n") == 1
    assert run_animate([str(path), str(tmp_path / "b.txt")]) == 2
    assert run_animate([str(tmp_path / "missing.bpnet"), str(tmp_path / "b.gif")]) == 2
    with pytest.raises(SystemExit) as leaving:
        run_animate([str(path)])
    assert leaving.value.code == 2
    assert not (tmp_path / "b.gif").exists()


def test_screenshot_scrubbed_to_a_fraction_of_the_run(qapp, tmp_path, capsys):
    path = tmp_path / "xor.bpnet"
    network = xor_network()
    network.set_settings(network.settings.with_changes(epochs=200))
    save(network, path, ProjectInfo("XOR"))
    out = tmp_path / "shot.png"
    options = argparse.Namespace(file=str(path), screenshot=str(out), train_for=1.0,
                                 edges=None, scrub=0.5)
    assert run_gui(options) == 0
    assert "viewing epoch 100 of 200" in capsys.readouterr().out
    assert out.stat().st_size > 0
