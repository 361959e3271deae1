"""Live looks on the editor's canvas: edge colours, neuron fills, tooltips and the legend.

Reads a :class:`~bpstudio.ui.visuals.frame.Frame` and hands the scene values only
(``EdgeLayer.set_values``, ``NeuronItem.set_fill``): the model is never touched, so
nothing here can create an undo entry.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QColor

from bpstudio.ui.canvas.edge_style import (
    ColorBar,
    EdgeColoring,
    GradientColoring,
    LogRange,
    WeightChangeColoring,
    WeightColoring,
)
from bpstudio.ui.canvas.scene import NetworkScene
from bpstudio.ui.canvas.view import NetworkView
from bpstudio.ui.i18n import translate
from bpstudio.ui.panels.training_panel import state_word
from bpstudio.ui.visuals import colors
from bpstudio.ui.visuals.frame import Frame
from bpstudio.ui.words import counts

EDGE_MODES = {"gradient": QT_TRANSLATE_NOOP("Visuals", "Gradient |∂L/∂w|"),
              "weight": QT_TRANSLATE_NOOP("Visuals", "Weight"),
              "change": QT_TRANSLATE_NOOP("Visuals", "Weight change since start")}
FILL_MODES = {"none": QT_TRANSLATE_NOOP("Visuals", "None"),
              "activation": QT_TRANSLATE_NOOP("Visuals", "Mean activation"),
              "delta": QT_TRANSLATE_NOOP("Visuals", "Mean |δ| = |∂L/∂z|")}
FILL_LEVELS = 25          # odd, so 0 has a cell of its own in the activation map
ACTIVATION_TITLE = QT_TRANSLATE_NOOP("Visuals", "neuron fill: mean activation a")
DELTA_TITLE = QT_TRANSLATE_NOOP("Visuals", "neuron fill: mean |δ| = |∂L/∂z|")


def _coloring(mode: str) -> EdgeColoring:
    return {"gradient": GradientColoring, "weight": WeightColoring,
            "change": WeightChangeColoring}[mode]()


class CanvasOverlay:
    """Owns the canvas's edge colouring mode and neuron fill mode."""

    def __init__(self, view: NetworkView) -> None:
        self.view = view
        self.edge_mode = "weight"
        self.fill_mode = "none"
        self.scene: NetworkScene | None = None
        self.frame: Frame | None = None
        self.delta_range = LogRange(-5, -1)
        self._activation_colors = colors.to_qcolors(
            colors.lighten(colors.diverging_lut(FILL_LEVELS), 0.12))
        self._legend_key: tuple | None = None
        self.last_changed_edges = 0          # edges re-penned by the last update

    # ------------------------------------------------------------------ scene
    def attach(self, scene: NetworkScene | None) -> None:
        """Follow a new scene (a new document): colouring, tooltips and legend."""
        self.scene = scene
        self._legend_key = None
        if scene is None:
            return
        scene.live_tooltip = self.tooltip
        scene.edges.set_coloring(_coloring(self.edge_mode))
        self.update_edges(self.frame)
        self.update_fills(self.frame)

    def set_edge_mode(self, mode: str) -> None:
        if mode not in EDGE_MODES:
            raise ValueError(f"edge mode must be one of {', '.join(EDGE_MODES)}")
        self.edge_mode = mode
        if self.scene is not None:
            self.scene.edges.set_coloring(_coloring(mode))
            self.update_edges(self.frame)

    def set_fill_mode(self, mode: str) -> None:
        if mode not in FILL_MODES:
            raise ValueError(f"fill mode must be one of {', '.join(FILL_MODES)}")
        self.fill_mode = mode
        self.update_fills(self.frame)

    # ------------------------------------------------------------------ edges
    def edge_values(self, frame: Frame) -> np.ndarray:
        """What the current mode shows per connection, aligned with plan.connection_ids."""
        if self.edge_mode == "gradient":
            return frame.gradients
        if self.edge_mode == "change":
            return frame.weight_changes
        return frame.weights

    def update_edges(self, frame: Frame | None) -> None:
        """Re-bucket the edges from ``frame`` (None: colour by the model's weights)."""
        self.frame = frame
        if self.scene is None:
            return
        layer = self.scene.edges
        if frame is None:
            if self.edge_mode == "weight":
                layer.clear_values()
            else:
                self.last_changed_edges = layer.set_values((), np.empty(0))
        else:
            if isinstance(layer.coloring, GradientColoring):
                layer.coloring.title = f"|∂L/∂w|, {frame.gradient_source}"
            self.last_changed_edges = layer.set_values(frame.plan.connection_ids,
                                                       self.edge_values(frame))
        self.update_legend()

    # ------------------------------------------------------------------ fills
    def update_fills(self, frame: Frame | None) -> int:
        """Fill neurons by the current mode; returns how many items changed colour."""
        self.frame = frame
        if self.scene is None:
            return 0
        items = self.scene.items_by_id
        fills: dict[int, QColor | None] = {}
        if frame is not None and self.fill_mode != "none":
            ids = frame.plan.neuron_ids
            if self.fill_mode == "activation":
                fills = dict(zip(ids, self.activation_colors(frame.mean_activations),
                                 strict=True))
            else:
                deltas = frame.mean_abs_deltas
                inputs = set(frame.plan.input_ids)
                hidden = np.array([n not in inputs for n in ids], dtype=bool)
                self.delta_range.update(deltas[hidden])
                palette = self.delta_colors()
                levels = self.delta_range.level_of(deltas)
                fills = {nid: palette[int(level)] if hidden[i] and level >= 0 else None
                         for i, (nid, level) in enumerate(zip(ids, levels, strict=True))}
        changed = sum(item.set_fill(fills.get(nid)) for nid, item in items.items())
        self.update_legend()
        return changed

    def activation_colors(self, means: np.ndarray) -> list[QColor | None]:
        """Diverging colour per mean activation, clipped to [-1, 1] (NaN: no fill)."""
        t = np.clip(np.nan_to_num(means, nan=np.inf), -1.0, 1.0)
        index = np.rint((t + 1.0) * 0.5 * (FILL_LEVELS - 1)).astype(int)
        return [None if not math.isfinite(m) else self._activation_colors[i]
                for m, i in zip(means.tolist(), index.tolist(), strict=True)]

    def delta_colors(self) -> list[QColor]:
        return colors.to_qcolors(colors.sequential_lut(self.delta_range.levels))

    def fill_colorbar(self) -> ColorBar | None:
        if self.fill_mode == "activation":
            edges = tuple(-1.0 + 2.0 * k / FILL_LEVELS for k in range(FILL_LEVELS + 1))
            return ColorBar(translate("Visuals", ACTIVATION_TITLE),
                            tuple(self._activation_colors), edges,
                            ((0, translate("Visuals", "−1 or less")), (FILL_LEVELS / 2, "0"),
                             (FILL_LEVELS, translate("Visuals", "1 or more"))))
        if self.fill_mode == "delta":
            return ColorBar(translate("Visuals", DELTA_TITLE), tuple(self.delta_colors()),
                            self.delta_range.edges(), self.delta_range.ticks())
        return None

    # ----------------------------------------------------------------- legend
    def update_legend(self) -> None:
        """Show the mapping in use; re-laid out only when what it says changed."""
        if self.scene is None:
            return
        coloring = self.scene.edges.coloring
        bars = [b for b in (coloring.colorbar(), self.fill_colorbar()) if b is not None]
        entries = coloring.legend()
        key = (tuple((e.text, e.color.rgba(), e.width, e.dashed) for e in entries),
               tuple((b.title, b.edges, b.ticks, tuple(c.rgba() for c in b.colors))
                     for b in bars))
        if key == self._legend_key:
            return
        self._legend_key = key
        legend = self.view.legend
        legend.set_entries(entries)
        legend.set_colorbars(bars)

    # --------------------------------------------------------------- tooltips
    def tooltip(self, kind: str, item_id: int) -> list[str]:
        """Live numbers for a neuron or connection from the latest state."""
        frame = self.frame
        if frame is None:
            return []
        state = frame.state
        word = state_word(state.state)
        live = (translate("Visuals", "live ({state}, epoch {epoch})")
                .format(state=word, epoch=state.progress.epoch) if state.progress is not None
                else translate("Visuals", "live ({state})").format(state=word))
        head = f"<hr><i>{live}</i>"
        missing = translate("Visuals", "not in the compiled network yet")
        if kind == "connection":
            pos = frame.index.connection_pos.get(item_id)
            if pos is None:
                return [head, missing]
            return [head, translate("Visuals", "weight w: {value}")
                    .format(value=f"{frame.weights[pos]:.6g}"),
                    f"|∂L/∂w|: {frame.gradients[pos]:.3g} ({frame.gradient_source})",
                    translate("Visuals", "Δw since training started: {value}")
                    .format(value=f"{frame.weight_changes[pos]:+.4g}")]
        col = frame.index.neuron_col.get(item_id)
        if col is None:
            return [head, missing]
        count = frame.probe.activations.shape[1]
        mean = counts().mean_activation(count)
        lines = [head, mean.format(value=f"{frame.mean_activations[col]:.4g}")]
        bias = frame.bias(item_id)
        if bias is not None:
            grad_b = frame.parameter_gradients[frame.plan.bias_position(item_id)]
            lines += [translate("Visuals", "bias b: {value}").format(value=f"{bias:.6g}"),
                      f"|∂L/∂b|: {grad_b:.3g}",
                      translate("Visuals", "mean |δ| = |∂L/∂z|: {value}")
                      .format(value=f"{frame.mean_abs_deltas[col]:.3g}")]
        return lines
