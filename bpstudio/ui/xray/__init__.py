"""The backprop X-ray's widgets: step mode on the canvas, the chain rule, the nudge lens,
the gradient checker, the cost panel and the tour. ``install_xray(window)`` adds them."""

from bpstudio.ui.xray.install import XRay, install_xray

__all__ = ["XRay", "install_xray"]
