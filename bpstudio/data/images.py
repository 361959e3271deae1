"""What every image dataset shares: options, the automatic size, pixels → Dataset.

Pixels are decoded to uint8 and become inputs in [0, 1] (value / 255), row by row; an RGB
image gives three inputs per pixel (red, green, blue). ``invert`` turns v into 1 − v.
Images of another size are resized to the dataset's W×H with Pillow's bilinear filter,
which averages over the whole covered area when shrinking (no aliasing), stretching if
the aspect ratio differs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from bpstudio.data.dataset import DataError, Dataset
from bpstudio.data.split import split_indices
from bpstudio.model.settings import DatasetSpec
from bpstudio.words import translate

AUTO_LIMIT = 28                     # the automatic size fits in 28×28 (MNIST's size)
MAX_IMAGES = 200_000
#: inputs × samples a dataset may hold: 2 GB as the float64 values the network reads
MAX_VALUES = 2 * 2**30 // 8
RESIZE_FILTER = "bilinear"          # as the docs and messages state it


@dataclass(frozen=True)
class ImageOptions:
    """How images become inputs, from the dataset spec."""

    size: tuple[int, int] | None     # (width, height); None = automatic
    grayscale: bool = True
    invert: bool = False

    @classmethod
    def from_spec(cls, spec: DatasetSpec) -> ImageOptions:
        return cls(spec.image_size, spec.grayscale, spec.invert)

    @property
    def channels(self) -> int:
        return 1 if self.grayscale else 3

    def key(self) -> str:
        size = "auto" if self.size is None else f"{self.size[0]}x{self.size[1]}"
        return f"{size}/{'L' if self.grayscale else 'RGB'}/{RESIZE_FILTER}"


def automatic_size(sizes: Counter[tuple[int, int]]) -> tuple[int, int]:
    """The most common (width, height), shrunk (keeping its shape) to fit 28×28."""
    (width, height), _ = max(sizes.items(), key=lambda item: (item[1], item[0]))
    factor = min(1.0, AUTO_LIMIT / width, AUTO_LIMIT / height)
    return max(1, round(width * factor)), max(1, round(height * factor))


def check_volume(display: str, n_images: int, size: tuple[int, int] | None,
                 channels: int) -> None:
    """DataError when the images would exceed the stated limits (the size, once known)."""
    if n_images > MAX_IMAGES:
        raise DataError(translate("Data", "{display} holds {n_images:,} images; the "
                                          "limit is {max_images:,}: train on a subset "
                                          "(copy some of each class into a new folder)").format(
                            display=display, n_images=n_images, max_images=MAX_IMAGES))
    if size is None:
        return
    values = n_images * size[0] * size[1] * channels
    if values > MAX_VALUES:
        raise DataError(translate("Data", "{display}: {n_images:,} images of "
                                          "{width}×{height}{rgb} make {values:.1f} GB "
                                          "of inputs; the limit is {max_values} GB: "
                                          "choose a smaller image size in the dataset "
                                          "settings, or fewer images").format(
                            display=display, n_images=n_images, width=size[0],
                            height=size[1], rgb='' if channels == 1 else ' RGB',
                            values=values * 8 / 2**30,
                            max_values=MAX_VALUES * 8 // 2**30))


def resize_stack(images: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """(n, h, w[, 3]) uint8 images resized to (width, height) with the stated filter."""
    from PIL import Image

    width, height = size
    if images.shape[1:3] == (height, width):
        return images
    out = np.empty((images.shape[0], height, width, *images.shape[3:]), dtype=np.uint8)
    for i, image in enumerate(images):
        picture = Image.fromarray(image)
        out[i] = np.asarray(picture.resize((width, height), Image.Resampling.BILINEAR))
    return out


def image_dataset(name: str, pixels: np.ndarray, labels: np.ndarray,
                  class_names: tuple[str, ...], spec: DatasetSpec) -> Dataset:
    """(n, h, w[, 3]) uint8 pixels and labels → a split Dataset with inputs in [0, 1]."""
    n, height, width = pixels.shape[:3]
    channels = 1 if pixels.ndim == 3 else pixels.shape[3]
    x = pixels.reshape(n, -1).astype(np.float64)
    x /= 255.0
    if spec.invert:
        np.subtract(1.0, x, out=x)
    n_classes = len(class_names)
    train, test = split_indices(n, spec.test_ratio, np.random.default_rng(spec.seed),
                                labels=labels)
    return Dataset(name=name, task="classification", x_train=x[train], y_train=labels[train],
                   x_test=x[test], y_test=labels[test], n_classes=n_classes,
                   class_names=class_names, feature_names=pixel_names(height, width, channels),
                   image_shape=(height, width), image_channels=channels, resizable=True)


def pixel_names(height: int, width: int, channels: int = 1) -> tuple[str, ...]:
    """``pixel_3_7`` (row 3, column 7), or ``pixel_3_7_r`` … for RGB."""
    if channels == 1:
        return tuple(f"pixel_{r}_{c}" for r in range(height) for c in range(width))
    return tuple(f"pixel_{r}_{c}_{band}" for r in range(height) for c in range(width)
                 for band in "rgb")
