"""The background grid draws for any finite rectangle (issue 10 §2: at |x| ≈ 1e18 the old
loop's ``x += 20.0`` stopped changing x and never ended)."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter

from bpstudio.ui.canvas.scene import MAX_GRID_DOTS, grid_dots


def test_dots_sit_on_the_grid_inside_the_rectangle():
    dots = grid_dots(QRectF(-30, -10, 100, 45), 20.0)
    assert {(p.x(), p.y()) for p in dots} == {(x, y) for x in (-20, 0, 20, 40, 60)
                                             for y in (0, 20)}


@pytest.mark.parametrize("left", [1e18, -1e18, 1e300, 2.0**60])
def test_huge_coordinates_end_with_a_bounded_number_of_dots(left):
    dots = grid_dots(QRectF(left, left, 2000, 1000), 20.0)
    assert len(dots) <= MAX_GRID_DOTS
    assert all(math.isfinite(p.x()) and math.isfinite(p.y()) for p in dots)


def test_non_finite_and_vast_rectangles_draw_no_dots():
    assert grid_dots(QRectF(0, 0, math.inf, 10), 20.0) == []
    assert grid_dots(QRectF(math.nan, 0, 10, 10), 20.0) == []
    assert grid_dots(QRectF(0, 0, 1e9, 1e9), 20.0) == []


def test_the_scene_paints_its_background_far_from_the_origin(window):
    image = QImage(400, 300, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        window.scene.drawBackground(painter, QRectF(1e18, 1e18, 400, 300))
    finally:
        painter.end()
