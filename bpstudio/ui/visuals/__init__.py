"""Live visuals of training: edge colours, neuron fills and thumbnails on the canvas, the
decision boundary and the digits panels. ``install_visuals(window)`` adds them all."""

from bpstudio.ui.visuals.install import install_visuals

__all__ = ["install_visuals"]
