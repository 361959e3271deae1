"""Every activation of engine/activations.py has a canvas glyph shaped like it."""

from __future__ import annotations

import math

import numpy as np
import pytest

from bpstudio.engine import activations
from bpstudio.ui.canvas import style

NAMES = tuple(activations.ACTIVATIONS)


@pytest.mark.parametrize("name", NAMES)
def test_each_activation_has_a_glyph_that_looks_like_its_function(name: str):
    path = style.activation_glyph(name)
    box = path.boundingRect()
    assert not path.isEmpty() and box.left() >= -1.0 and box.right() <= 1.0
    assert box.top() >= -1.0 and box.bottom() <= 1.0
    if name == "softmax":                     # a group activation: drawn as bars
        return
    curve = style.GLYPH_CURVES[name]          # KeyError: the new activation needs its glyph
    xs = np.linspace(-1.0, 1.0, 49)
    drawn = -np.array([curve(float(x)) for x in xs])          # y points down on screen
    out = np.empty((1, xs.size))

    def shape(stretch: float) -> float:
        activations.get(name).forward(stretch * xs.reshape(1, -1), out)
        return float(np.corrcoef(drawn, out[0])[0, 1])

    # the glyph stretches x to show the interesting part: some stretch must match
    assert max(shape(k) for k in (1.0, 2.0, 3.0, 4.0, 6.0, math.pi)) > 0.97
