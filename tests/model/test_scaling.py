"""InputScaling: fitting, applying, inverting, and its checks."""

from __future__ import annotations

import numpy as np
import pytest

from bpstudio.model.scaling import NO_SCALING, InputScaling
from bpstudio.model.settings import DatasetSpec, SettingsError


def test_z_score_and_min_max_fit_and_apply() -> None:
    x = np.array([[1.0, 10.0, 5.0], [3.0, 30.0, 5.0], [5.0, 20.0, 5.0]])
    z = InputScaling.fit(x, "zscore")
    np.testing.assert_allclose(z.apply(x).mean(axis=0), 0.0, atol=1e-15)
    np.testing.assert_allclose(z.apply(x)[:, :2].std(axis=0), 1.0)
    assert z.scale[2] == 1.0 and z.apply(x)[0, 2] == 0.0      # a constant input: shifted only
    m = InputScaling.fit(x, "minmax")
    np.testing.assert_array_equal(m.apply(x)[:, 0], [0.0, 0.5, 1.0])
    np.testing.assert_allclose(m.invert(m.apply(x)), x)
    assert InputScaling.fit(x, "none") == NO_SCALING and NO_SCALING.apply(x) is not None
    assert NO_SCALING.is_identity and NO_SCALING.n_inputs is None


def test_width_and_value_checks() -> None:
    z = InputScaling("zscore", (0.0, 1.0), (1.0, 2.0))
    with pytest.raises(ValueError, match="the input scaling is for 2 inputs; got 3"):
        z.apply(np.zeros((1, 3)))
    offsets, scales = z.arrays(2)
    assert offsets.tolist() == [0.0, 1.0] and scales.tolist() == [1.0, 2.0]
    assert [a.tolist() for a in NO_SCALING.arrays(2)] == [[0.0, 0.0], [1.0, 1.0]]
    with pytest.raises(SettingsError, match="scale 2 must be a positive finite number"):
        InputScaling("zscore", (0.0, 0.0), (1.0, -1.0))
    with pytest.raises(SettingsError, match="needs one offset and one scale per input"):
        InputScaling("minmax")
    with pytest.raises(SettingsError, match="scale_inputs must be one of none, minmax, zscore"):
        DatasetSpec(scale_inputs="log")
    with pytest.raises(SettingsError, match="image_width and image_height are both 0"):
        DatasetSpec(image_width=28)
