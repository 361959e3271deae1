"""Input scaling: the one object that turns raw inputs into what the network computes with.

``x_scaled = (x − offset) / scale``, column by column. Training, ``bpstudio predict``, the
X-ray and every export go through :class:`InputScaling` (exports embed ``offset`` and
``scale``: docs/exports.md), so a trained network always takes raw inputs from outside.

The statistics are fitted on the training split only (:meth:`InputScaling.fit`) and stored
in the document with the weights they were trained with. NumPy is imported inside the
methods that need it, so the model and the .bpnet reader still load without it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bpstudio.model.settings import SCALINGS, SettingsError
from bpstudio.words import QT_TRANSLATE_NOOP, translate

if TYPE_CHECKING:
    import numpy as np

#: What each method means, for tooltips, messages and export notes.
DESCRIPTIONS = {   # English in exported files; translated where the GUI shows them
    "none": QT_TRANSLATE_NOOP("Scaling", "raw inputs"),
    "minmax": QT_TRANSLATE_NOOP("Scaling", "min–max to [0, 1] (minimum and range of the "
                                           "training split)"),
    "zscore": QT_TRANSLATE_NOOP("Scaling", "z-score (mean and standard deviation of the "
                                           "training split)"),
}


@dataclass(frozen=True)
class InputScaling:
    """Per-input ``offset`` and ``scale``; the empty default leaves inputs as they are."""

    method: str = "none"                 # one of SCALINGS: how offset and scale were fitted
    offset: tuple[float, ...] = ()       # subtracted from each input column
    scale: tuple[float, ...] = ()        # then divided into it; always > 0

    def __post_init__(self) -> None:
        if self.method not in SCALINGS:
            raise SettingsError(translate("Settings", "input scaling must be one of "
                                                      "{scalings}; got {method!r}").format(
                                    scalings=', '.join(SCALINGS), method=self.method))
        if len(self.offset) != len(self.scale):
            raise SettingsError(translate("Settings", "input scaling has {count} "
                                                      "offsets but {scales} scales").format(
                                    count=len(self.offset), scales=len(self.scale)))
        if self.method == "none" and self.offset:
            raise SettingsError(translate("Settings", "input scaling 'none' has no offsets or "
                                                      "scales"))
        if self.method != "none" and not self.offset:
            raise SettingsError(translate("Settings", "input scaling {method!r} needs "
                                                      "one offset and one scale per "
                                                      "input").format(
                                    method=self.method))
        for i, (offset, scale) in enumerate(zip(self.offset, self.scale, strict=True)):
            if not math.isfinite(offset):
                raise SettingsError(translate("Settings", "input scaling offset {i} is "
                                                          "not finite").format(
                                        i=i + 1))
            if not (math.isfinite(scale) and scale > 0):
                raise SettingsError(translate("Settings", "input scaling scale {i} must "
                                                          "be a positive finite number; "
                                                          "got {scale!r}").format(
                                        i=i + 1, scale=scale))

    @classmethod
    def fit(cls, x_train: np.ndarray, method: str) -> InputScaling:
        """Fit ``method`` on the (n, n_inputs) training inputs; constant columns get scale 1."""
        import numpy as np

        if method not in SCALINGS:
            raise SettingsError(translate("Settings", "scale_inputs must be one of "
                                                      "{scalings}; got {method!r}").format(
                                    scalings=', '.join(SCALINGS), method=method))
        if method == "none":
            return cls()
        x = np.asarray(x_train, dtype=np.float64)
        if x.ndim != 2 or x.shape[0] == 0:
            raise ValueError(translate("Settings", "fitting needs a non-empty (n, "
                                                   "n_inputs) array; got {shape}").format(
                                 shape=x.shape))
        if method == "minmax":
            offset = x.min(axis=0)
            spread = x.max(axis=0) - offset
        else:
            offset = x.mean(axis=0)
            spread = x.std(axis=0)
        # A column that never changes carries no information: shift it to 0, do not divide
        # by (almost) nothing, which would blow a rounding error up into a huge input.
        tiny = spread <= 1e-12 * np.maximum(np.abs(offset), 1.0)
        spread = np.where(tiny, 1.0, spread)
        return cls(method, tuple(float(v) for v in offset), tuple(float(v) for v in spread))

    @property
    def is_identity(self) -> bool:
        return self.method == "none"

    @property
    def n_inputs(self) -> int | None:
        """How many inputs the statistics are for; None when any count fits (no scaling)."""
        return None if self.is_identity else len(self.offset)

    def describe(self) -> str:
        return DESCRIPTIONS[self.method]

    def arrays(self, n_inputs: int) -> tuple[np.ndarray, np.ndarray]:
        """(offset, scale) as float64 arrays of length ``n_inputs`` (0s and 1s for none)."""
        import numpy as np

        self._check_width(n_inputs)
        if self.is_identity:
            return np.zeros(n_inputs), np.ones(n_inputs)
        return np.array(self.offset, dtype=np.float64), np.array(self.scale, dtype=np.float64)

    def apply(self, x: np.ndarray) -> np.ndarray:
        """Raw (n, n_inputs) inputs → the float64 inputs the network computes with."""
        import numpy as np

        x = np.asarray(x, dtype=np.float64)
        if self.is_identity:
            return x
        self._check_width(x.shape[-1])
        offset, scale = self.arrays(x.shape[-1])
        scaled: np.ndarray = x - offset
        scaled /= scale   # in place: one array the size of x, not two
        return scaled

    def invert(self, x: np.ndarray) -> np.ndarray:
        """Scaled inputs back to raw ones (for showing them in the data's own units)."""
        import numpy as np

        x = np.asarray(x, dtype=np.float64)
        if self.is_identity:
            return x
        offset, scale = self.arrays(x.shape[-1])
        raw: np.ndarray = x * scale + offset
        return raw

    def _check_width(self, n_inputs: int) -> None:
        if self.n_inputs is not None and n_inputs != self.n_inputs:
            raise ValueError(translate("Settings", "the input scaling is for {n_inputs} "
                                                   "inputs; got {got}").format(
                                 n_inputs=self.n_inputs, got=n_inputs))

    def to_dict(self) -> dict[str, Any]:
        return {"method": self.method, "offset": list(self.offset), "scale": list(self.scale)}


NO_SCALING = InputScaling()
