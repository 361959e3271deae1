"""First-layer weight pictures: each on its own symmetric scale, unconnected pixels grey."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QColor

from bpstudio.ui.plots.weight_pictures import (
    GAP,
    LABEL,
    MISSING_RGB,
    PICTURE,
    WeightPictures,
    pictures_rgb,
    rgb_image,
)
from bpstudio.ui.visuals.colors import diverging_lut

LUT = diverging_lut(257)             # odd: the middle entry is exactly zero


def test_each_picture_has_its_own_symmetric_scale():
    values = np.array([[[-2.0, 0.0], [1.0, 2.0]],        # peak 2
                       [[0.5, -0.25], [0.0, np.nan]]])  # peak 0.5, one pixel unconnected
    rgb = pictures_rgb(values, LUT)
    assert rgb.shape == (2, 2, 2, 3) and rgb.dtype == np.uint8
    assert (rgb[0, 0, 0] == LUT[0]).all() and (rgb[0, 1, 1] == LUT[-1]).all()
    assert (rgb[0, 0, 1] == LUT[128]).all() and (rgb[1, 1, 0] == LUT[128]).all()
    assert (rgb[1, 0, 0] == LUT[-1]).all()             # 0.5 is this picture's maximum
    assert (rgb[0, 1, 0] == LUT[192]).all() and (rgb[1, 0, 1] == LUT[64]).all()  # halves
    assert tuple(rgb[1, 1, 1]) == MISSING_RGB


def test_an_all_zero_or_unconnected_picture_is_neutral():
    rgb = pictures_rgb(np.array([[[0.0, 0.0]], [[np.nan, 0.0]]]), LUT)
    assert (rgb[0] == LUT[128]).all() and tuple(rgb[1, 0, 0]) == MISSING_RGB
    assert (rgb[1, 0, 1] == LUT[128]).all()


def test_rgb_image_owns_its_pixels():
    rgb = np.zeros((3, 5, 3), dtype=np.uint8)
    rgb[1, 4] = (10, 20, 30)
    image = rgb_image(rgb)
    rgb[:] = 255                                          # the source goes away
    assert (image.width(), image.height()) == (5, 3)
    assert image.pixelColor(4, 1) == QColor(10, 20, 30)
    assert image.pixelColor(0, 0) == QColor(0, 0, 0)


def test_the_grid_wraps_to_the_width_and_paints_each_picture(qtbot):
    widget = WeightPictures()
    qtbot.addWidget(widget)
    colors = [(37, 99, 235), (234, 88, 12), (22, 163, 74)]
    images = [rgb_image(np.full((4, 4, 3), c, dtype=np.uint8)) for c in colors]
    widget.set_pictures(images, ["h1", "h2", "h3"])
    two_columns = 2 * (PICTURE + GAP) + GAP
    assert widget.heightForWidth(two_columns) == 2 * (PICTURE + LABEL + GAP) + GAP
    assert widget.heightForWidth(10_000) == PICTURE + LABEL + GAP + GAP
    widget.resize(two_columns, widget.heightForWidth(two_columns))
    picture = widget.grab().toImage()
    scale = picture.width() / two_columns                 # device pixels per pixel
    for i, color in enumerate(colors):
        row, col = divmod(i, 2)
        x = GAP + col * (PICTURE + GAP) + PICTURE / 2
        y = GAP + row * (PICTURE + LABEL + GAP) + PICTURE / 2
        assert picture.pixelColor(int(x * scale), int(y * scale)) == QColor(*color)
    empty = WeightPictures()
    qtbot.addWidget(empty)
    assert empty.heightForWidth(100) == GAP and empty.sizeHint().height() == GAP   # no rows
