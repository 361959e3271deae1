"""Image folders: one subfolder per class (torchvision's ``ImageFolder`` layout).

    shapes/            ← the dataset path
      circle/  a.png b.png …
      square/  …
      triangle/ …

Class names are the subfolder names, sorted; PNG, JPEG, BMP, GIF (first frame) and WebP
files are read with Pillow, in name order; other files and hidden ones are skipped.
Transparent pixels are laid over white, as a viewer shows them. The decoded pixels are
cached (``image_cache``), so a second load of an unchanged folder reads one file.

Decoding runs on a small thread pool (Pillow releases the GIL while it decodes) and
reports progress and honours cancellation through ``bpstudio.progress``.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from bpstudio.data import image_cache
from bpstudio.data.dataset import DataError, Dataset, plural
from bpstudio.data.images import ImageOptions, automatic_size, check_volume, image_dataset
from bpstudio.model.settings import DatasetSpec
from bpstudio.progress import NO_PROGRESS, Progress
from bpstudio.words import QT_TRANSLATE_NOOP, translate

if TYPE_CHECKING:
    from PIL import Image as PILImage

T = TypeVar("T")

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp"})
CHUNK = 128             # images per task handed to the pool: progress and cancel granularity
MAX_WORKERS = 4
SIZE_SAMPLE = 1000      # images whose size decides the automatic size, spread evenly


@dataclass(frozen=True)
class ImageFile:
    path: str           # plain strings: pathlib costs a third of a cached 10k-image load
    relative: str       # "circle/a.png": inside the dataset folder
    label: int
    size: int           # bytes, for the cache key
    mtime_ns: int


@dataclass(frozen=True)
class FolderListing:
    root: Path
    class_names: tuple[str, ...]
    files: tuple[ImageFile, ...]

    def where(self, file: ImageFile) -> str:
        """``shapes/circle/a.png``: the folder's name and the file inside it."""
        return f"{self.root.name}/{file.relative}"

    def cache_parts(self, options: ImageOptions) -> list[str]:
        parts = [str(self.root.resolve()), options.key(), "\0".join(self.class_names)]
        parts += [f"{f.relative}|{f.label}|{f.size}|{f.mtime_ns}" for f in self.files]
        return parts


def _visible(entry: os.DirEntry[str]) -> bool:
    return not entry.name.startswith(".")


def scan_folder(root: Path, display: str | None = None) -> FolderListing:
    """The classes and image files of ``root``; DataError naming what is wrong."""
    display = display or root.name
    try:
        if not root.exists():
            raise DataError(translate("Data", "{display}: folder not found (looked for "
                                              "{root})").format(
                                display=display, root=root.resolve()))
        if not root.is_dir():
            raise DataError(translate("Data", "{display} is not a folder").format(
                                display=display))
        with os.scandir(root) as entries:
            classes = sorted(e.name for e in entries if _visible(e) and e.is_dir())
    except OSError as error:
        raise DataError(translate("Data", "{display}: cannot read the folder ({reason})").format(
                            display=display, reason=error.strerror or error)) from None
    if not classes:
        raise DataError(translate("Data", "{display} is a folder with no class "
                                          "subfolders, so not an image folder: put the "
                                          "images of each class in a subfolder named "
                                          "after it ({display}/cat/1.png, "
                                          "{display}/dog/1.png, …); a table is a CSV "
                                          "file").format(display=display))
    if len(classes) == 1:
        raise DataError(translate("Data", "{display} has a single class subfolder "
                                          "({classes}); a classifier needs at least two "
                                          "classes").format(display=display,
                                                            classes=classes[0]))
    files: list[ImageFile] = []
    for label, name in enumerate(classes):
        found = _class_files(root / name, name, label, f"{display}/{name}")
        if not found:
            raise DataError(translate("Data", "{display}/{name} holds no images (PNG, "
                                              "JPEG, BMP, GIF or WebP): add some or "
                                              "remove the folder").format(
                                display=display, name=name))
        files.extend(found)
    return FolderListing(root, tuple(classes), tuple(files))


def _class_files(folder: Path, class_name: str, label: int, display: str) -> list[ImageFile]:
    try:
        with os.scandir(folder) as entries:
            found = []
            for entry in entries:
                if not (_visible(entry) and entry.is_file()):
                    continue
                if os.path.splitext(entry.name)[1].lower() not in IMAGE_SUFFIXES:
                    continue
                info = entry.stat()
                found.append(ImageFile(entry.path, f"{class_name}/{entry.name}", label,
                                       info.st_size, info.st_mtime_ns))
    except OSError as error:
        raise DataError(translate("Data", "{display}: cannot read the folder ({reason})").format(
                            display=display, reason=error.strerror or error)) from None
    return sorted(found, key=lambda f: f.relative)


# ---------------------------------------------------------------- decoding
class _Decoder:
    """Reads files into one preallocated uint8 array; the first failure is kept."""

    def __init__(self, listing: FolderListing, size: tuple[int, int], grayscale: bool) -> None:
        self.listing = listing
        self.size = size
        self.mode = "L" if grayscale else "RGB"
        shape = (size[1], size[0]) if grayscale else (size[1], size[0], 3)
        self.pixels = np.empty((len(listing.files), *shape), dtype=np.uint8)

    def decode(self, start: int, stop: int) -> DataError | None:
        from PIL import Image

        for index in range(start, stop):
            file = self.listing.files[index]
            try:
                with Image.open(file.path) as opened:
                    opened.draft(self.mode, self.size)   # JPEG: decode at a smaller scale
                    picture = _flatten(opened).convert(self.mode)
                    if picture.size != self.size:
                        picture = picture.resize(self.size, Image.Resampling.BILINEAR)
                    self.pixels[index] = np.asarray(picture)
            except (OSError, ValueError, Image.DecompressionBombError, SyntaxError) as error:
                return _decode_error(self.listing.where(file), error)
        return None


def _flatten(picture: PILImage.Image) -> PILImage.Image:
    """Transparent pixels over white, as image viewers show them."""
    from PIL import Image

    if picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info:
        rgba = picture.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba)
    return picture


def _decode_error(where: str, error: Exception) -> DataError:
    text = str(error)
    if "cannot identify image file" in text:
        return DataError(translate("Data", "{where}: not an image Pillow can read; "
                                           "delete it or save it again as PNG").format(
                             where=where))
    if "truncated" in text or "broken" in text.lower():
        return DataError(translate("Data", "{where}: the image is truncated or damaged "
                                           "({text}); replace it or delete it").format(
                             where=where, text=text))
    return DataError(translate("Data", "{where}: cannot decode the image ({text}); "
                                       "replace it or delete it").format(
                         where=where, text=text))


def _header_sizes(listing: FolderListing, pool: ThreadPoolExecutor,
                  progress: Progress) -> Counter[tuple[int, int]]:
    """How often each (width, height) occurs among up to SIZE_SAMPLE images spread evenly
    over the folder (every class); reads only the files' headers."""
    from PIL import Image

    step = max(1, len(listing.files) // SIZE_SAMPLE)
    sample = listing.files[::step]

    def sizes(start: int, stop: int) -> list[tuple[int, int]] | DataError:
        found = []
        for file in sample[start:stop]:
            try:
                with Image.open(file.path) as picture:
                    found.append(picture.size)
            except (OSError, ValueError, SyntaxError) as error:
                return _decode_error(listing.where(file), error)
        return found

    counts: Counter[tuple[int, int]] = Counter()
    stage = progress.stage(QT_TRANSLATE_NOOP("Progress", "Reading image sizes"), len(sample))
    for result in _run_chunks(pool, sizes, len(sample), stage.advance):
        if isinstance(result, DataError):
            raise result
        counts.update(result)
    return counts


def _run_chunks(pool: ThreadPoolExecutor, work: Callable[[int, int], T], total: int,
                advance: Callable[[int], None]) -> list[T]:
    """``work(start, stop)`` over chunks, in order; cancellation drops what is queued."""
    bounds = [(start, min(start + CHUNK, total)) for start in range(0, total, CHUNK)]
    futures = [pool.submit(work, start, stop) for start, stop in bounds]
    results = []
    try:
        for future, (start, stop) in zip(futures, bounds, strict=True):
            results.append(future.result())
            advance(stop - start)    # raises LoadCancelled when asked to stop
    finally:
        for future in futures:
            future.cancel()
    return results


def decode_folder(listing: FolderListing, options: ImageOptions,
                  progress: Progress = NO_PROGRESS) -> tuple[np.ndarray, np.ndarray]:
    """(pixels (n, h, w[, 3]) uint8, labels (n,) int64), from the cache when it is there."""
    key = image_cache.cache_key(listing.cache_parts(options))
    cached = image_cache.read(key)
    if cached is not None and cached.pixels.shape[0] == len(listing.files):
        return cached.pixels, cached.labels
    workers = max(1, min(MAX_WORKERS, os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="bpstudio-images") as pool:
        size = options.size or automatic_size(_header_sizes(listing, pool, progress))
        check_volume(listing.root.name, len(listing.files), size, options.channels)
        decoder = _Decoder(listing, size, options.grayscale)
        stage = progress.stage(QT_TRANSLATE_NOOP("Progress", "Decoding images"), len(listing.files))
        for failure in _run_chunks(pool, decoder.decode, len(listing.files), stage.advance):
            if failure is not None:
                raise failure
    labels = np.fromiter((f.label for f in listing.files), dtype=np.int64,
                         count=len(listing.files))
    image_cache.write(key, image_cache.CachedImages(decoder.pixels, labels))
    return decoder.pixels, labels


def load_image_folder(root: Path, spec: DatasetSpec, progress: Progress = NO_PROGRESS,
                      display: str | None = None) -> Dataset:
    """The image folder ``root`` as a split classification Dataset (inputs in [0, 1])."""
    display = display or root.name
    listing = scan_folder(root, display)
    options = ImageOptions.from_spec(spec)
    check_volume(display, len(listing.files), options.size, options.channels)
    pixels, labels = decode_folder(listing, options, progress)
    dataset = image_dataset(display, pixels, labels, listing.class_names, spec)
    if dataset.n_train < 2:
        raise DataError(translate("Data", "{display} has {images}; at least 2 are needed").format(
                            display=display,
                            images=plural(len(listing.files), 'image')))
    return dataset
