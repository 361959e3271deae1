"""Image folders: synthetic shapes drawn by Pillow, loaded, cached, and every bad case."""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from bpstudio.data import (
    DataError,
    LoadCancelled,
    LoadProgress,
    image_cache,
    image_folder,
    images,
    load_dataset,
)
from bpstudio.model.settings import DatasetSpec

SHAPES = ("circle", "square", "triangle")


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    return cache


def draw_shape(kind: str, rng: np.random.Generator, size: tuple[int, int] = (20, 20),
               mode: str = "L") -> Image.Image:
    """A dark shape on a light background, jittered: a tiny, learnable image task."""
    w, h = size
    picture = Image.new(mode, size, "white")
    pen = ImageDraw.Draw(picture)
    cx, cy = w / 2 + rng.uniform(-2, 2), h / 2 + rng.uniform(-2, 2)
    r = min(w, h) * rng.uniform(0.25, 0.4)
    box = (cx - r, cy - r, cx + r, cy + r)
    if kind == "circle":
        pen.ellipse(box, fill="black")
    elif kind == "square":
        pen.rectangle(box, fill="black")
    else:
        pen.polygon([(cx, cy - r), (cx - r, cy + r), (cx + r, cy + r)], fill="black")
    return picture


def make_folder(root: Path, per_class: int = 30, size: tuple[int, int] = (20, 20),
                suffix: str = ".png", mode: str = "L", seed: int = 0) -> Path:
    rng = np.random.default_rng(seed)
    for kind in SHAPES:
        (root / kind).mkdir(parents=True, exist_ok=True)
        for i in range(per_class):
            draw_shape(kind, rng, size, mode).save(root / kind / f"{i:03d}{suffix}")
    return root


def test_a_folder_of_shapes_loads_as_a_classification_set(tmp_path: Path) -> None:
    root = make_folder(tmp_path / "shapes")
    (root / "circle" / "notes.txt").write_text("not an image")   # skipped, not an error
    (root / ".hidden").mkdir()                                     # skipped too
    data = load_dataset(DatasetSpec(str(root), test_ratio=0.2))
    assert data.class_names == SHAPES and data.n_classes == 3
    assert data.image_shape == (20, 20) and data.n_features == 400
    assert data.n_train + data.n_test == 90 and data.n_test == 18
    assert data.x_all.min() >= 0.0 and data.x_all.max() <= 1.0
    # White background → 1.0, black shapes → 0.0; invert swaps them.
    assert np.median(data.x_all) == 1.0
    inverted = load_dataset(DatasetSpec(str(root), test_ratio=0.2, invert=True))
    np.testing.assert_allclose(inverted.x_all, 1.0 - data.x_all)


def test_relative_paths_count_from_the_document_folder(tmp_path: Path) -> None:
    make_folder(tmp_path / "sets" / "shapes", per_class=3)
    data = load_dataset(DatasetSpec("sets/shapes", test_ratio=0.0), tmp_path)
    assert data.name == "sets/shapes" and data.n_train == 9


def test_every_supported_format_reads(tmp_path: Path) -> None:
    for suffix in (".png", ".jpg", ".bmp", ".gif", ".webp"):
        root = make_folder(tmp_path / suffix[1:], per_class=2, suffix=suffix)
        data = load_dataset(DatasetSpec(str(root), test_ratio=0.0))
        assert data.n_train == 6 and data.image_shape == (20, 20), suffix


def test_automatic_size_is_the_most_common_capped_at_28(tmp_path: Path) -> None:
    root = make_folder(tmp_path / "big", per_class=4, size=(64, 48))
    draw_shape("circle", np.random.default_rng(1), (30, 30)).save(root / "circle" / "odd.png")
    data = load_dataset(DatasetSpec(str(root), test_ratio=0.0))
    assert data.image_shape == (21, 28)          # 64×48 shrunk to fit 28×28: 28×21
    assert images.automatic_size(Counter({(8, 8): 3, (9, 9): 1})) == (8, 8)
    fixed = load_dataset(DatasetSpec(str(root), test_ratio=0.0, image_width=10,
                                     image_height=5))
    assert fixed.image_shape == (5, 10) and fixed.n_features == 50


def test_rgb_gives_three_inputs_per_pixel_and_transparency_is_white(tmp_path: Path) -> None:
    root = tmp_path / "colours"
    for name, colour in (("red", (255, 0, 0, 255)), ("clear", (0, 0, 0, 0))):
        (root / name).mkdir(parents=True)
        for i in range(2):
            Image.new("RGBA", (4, 3), colour).save(root / name / f"{i}.png")
    data = load_dataset(DatasetSpec(str(root), test_ratio=0.0, grayscale=False))
    assert data.image_channels == 3 and data.n_features == 4 * 3 * 3
    assert data.feature_names[:3] == ("pixel_0_0_r", "pixel_0_0_g", "pixel_0_0_b")
    by_class = {data.class_names[label]: row for row, label in zip(data.x_train, data.y_train,
                                                                    strict=True)}
    np.testing.assert_array_equal(by_class["red"][:3], [1.0, 0.0, 0.0])
    np.testing.assert_array_equal(by_class["clear"], 1.0)   # transparent over white


def test_the_second_load_comes_from_the_cache_and_a_change_misses_it(
        tmp_path: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_folder(tmp_path / "shapes", per_class=5)
    first = load_dataset(DatasetSpec(str(root)))
    assert len(list((private_cache / "bpstudio" / "images").glob("*.npz"))) == 1

    def no_decoding(*args: object) -> None:
        raise AssertionError("decoded although the cache holds the folder")

    monkeypatch.setattr(image_folder._Decoder, "decode", no_decoding)
    again = load_dataset(DatasetSpec(str(root)))
    np.testing.assert_array_equal(again.x_train, first.x_train)
    monkeypatch.undo()
    # Another option, or a changed file, is another entry: decoded afresh.
    monkeypatch.setenv("XDG_CACHE_HOME", str(private_cache))
    load_dataset(DatasetSpec(str(root), image_width=8, image_height=8))
    draw_shape("square", np.random.default_rng(5)).save(root / "circle" / "000.png")
    changed = load_dataset(DatasetSpec(str(root)))
    assert not np.array_equal(changed.x_all, first.x_all)
    assert len(list((private_cache / "bpstudio" / "images").glob("*.npz"))) == 3


def test_a_damaged_cache_entry_is_decoded_again(tmp_path: Path, private_cache: Path) -> None:
    root = make_folder(tmp_path / "shapes", per_class=3)
    first = load_dataset(DatasetSpec(str(root)))
    (entry,) = (private_cache / "bpstudio" / "images").glob("*.npz")
    entry.write_bytes(b"garbage")
    np.testing.assert_array_equal(load_dataset(DatasetSpec(str(root))).x_all, first.x_all)


def test_an_unwritable_cache_still_loads(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    root = make_folder(tmp_path / "shapes", per_class=3)
    assert load_dataset(DatasetSpec(str(root))).n_features == 400
    assert image_cache.cache_dir() == blocker / "bpstudio" / "images"


def test_progress_is_reported_and_cancel_stops(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(image_folder, "CHUNK", 8)
    root = make_folder(tmp_path / "shapes", per_class=20)
    seen: list[LoadProgress] = []
    load_dataset(DatasetSpec(str(root)), report=seen.append)
    decoding = [p for p in seen if p.stage == "Decoding images"]
    assert decoding[0].done == 0 and decoding[-1].done == decoding[-1].total == 60
    assert [p.done for p in decoding] == sorted(p.done for p in decoding)
    stop = threading.Event()

    def report(progress: LoadProgress) -> None:
        if progress.stage == "Decoding images" and progress.done >= 16:
            stop.set()

    other = make_folder(tmp_path / "other", per_class=20, seed=1)
    with pytest.raises(LoadCancelled):
        load_dataset(DatasetSpec(str(other)), report=report, should_stop=stop.is_set)
    assert not list(image_cache.cache_dir().glob("*.npz"))[1:]   # nothing cached for it


@pytest.mark.parametrize(("setup", "message"), [
    (lambda root: root.mkdir(), r"shapes has no class subfolders: put the images of each "
                                r"class in a subfolder named after it"),
    (lambda root: (root / "only").mkdir(parents=True),
     r"shapes has a single class subfolder \(only\); a classifier needs at least two"),
    (lambda root: ((root / "a").mkdir(parents=True), (root / "b").mkdir()),
     r"shapes/a holds no images \(PNG, JPEG, BMP, GIF or WebP\): add some or remove"),
    (lambda root: None, r"shapes: folder not found \(looked for "),
])
def test_folder_layout_mistakes_are_named(tmp_path: Path, setup, message: str) -> None:
    root = tmp_path / "shapes"
    setup(root)
    with pytest.raises(DataError, match=message):
        image_folder.scan_folder(root)


def test_an_unreadable_image_names_the_file(tmp_path: Path) -> None:
    root = make_folder(tmp_path / "shapes", per_class=3)
    (root / "square" / "001.png").write_bytes(b"this is not a PNG")
    with pytest.raises(DataError, match=r"^shapes/square/001\.png: not an image Pillow can "
                                        r"read; delete it or save it again as PNG$"):
        load_dataset(DatasetSpec(str(root), image_width=20, image_height=20))
    with pytest.raises(DataError, match=r"shapes/square/001\.png: not an image"):
        load_dataset(DatasetSpec(str(root)))    # the automatic size may read its header


def test_a_truncated_image_names_the_file(tmp_path: Path) -> None:
    root = make_folder(tmp_path / "shapes", per_class=3, size=(28, 28), suffix=".jpg")
    whole = (root / "triangle" / "002.jpg").read_bytes()
    (root / "triangle" / "002.jpg").write_bytes(whole[: len(whole) // 2])
    with pytest.raises(DataError, match=r"shapes/triangle/002\.jpg: the image is truncated "
                                        r"or damaged .*replace it or delete it"):
        load_dataset(DatasetSpec(str(root)))


def test_size_limits_are_stated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_folder(tmp_path / "shapes", per_class=4)
    monkeypatch.setattr(images, "MAX_IMAGES", 10)
    with pytest.raises(DataError, match=r"shapes holds 12 images; the limit is 10: train on "
                                        r"a subset"):
        load_dataset(DatasetSpec(str(root)))
    monkeypatch.setattr(images, "MAX_IMAGES", 200_000)
    monkeypatch.setattr(images, "MAX_VALUES", 1000)
    with pytest.raises(DataError, match=r"shapes: 12 images of 20×20 make .* GB of inputs; "
                                        r"the limit is .*choose a smaller image size"):
        load_dataset(DatasetSpec(str(root)))


def test_a_network_of_the_wrong_size_gets_both_fixes(tmp_path: Path) -> None:
    make_folder(tmp_path / "shapes", per_class=2, size=(32, 32))
    with pytest.raises(DataError, match=r"^shapes: the images are 28×28 pixels \(784 inputs\) "
                                        r"but the network has 100 input neurons: resize to "
                                        r"10×10 in the dataset settings, or make a 784-input "
                                        r"network$"):
        load_dataset(DatasetSpec("shapes"), tmp_path, n_inputs=100, n_outputs=3)
    with pytest.raises(DataError, match=r"width × height = 90, or make a 784-input network"):
        load_dataset(DatasetSpec("shapes"), tmp_path, n_inputs=90, n_outputs=3)
    assert load_dataset(DatasetSpec("shapes", image_width=10, image_height=10), tmp_path,
                        n_inputs=100, n_outputs=3).n_features == 100
