"""The README's "Loops and time" picture: the parity example unrolled in the X-ray.

``python -m bpstudio.ui.xray.unrolled_screenshot docs/images/unrolled.png`` renders it
offscreen: the canvas with its recurrent curves above, and below it X-ray ▸ Unrolled in
Time walked back to step 1 of a 4-step sequence, with the chain rule of a hidden neuron.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

SIZE = (1600, 1060)
STEPS = 4             # a short sequence, so every copy fits the picture
AT = 1                # backpropagation has walked back to this time step


def show_unrolled_pass(window) -> None:
    """Show X-ray ▸ Unrolled in Time of ``window``'s (parity) network walked back to step
    ``AT``, with the chain rule of a hidden neuron (the other docks hidden)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QDockWidget

    xray = window.xray
    for dock in window.findChildren(QDockWidget):
        if dock is not xray.unrolled_dock:
            dock.hide()       # the picture is about the unrolled pass
    window.show()
    xray.show_dock(xray.unrolled_dock)
    window.resizeDocks([xray.unrolled_dock], [window.height() * 62 // 100],
                       Qt.Orientation.Vertical)
    QApplication.processEvents()
    view = xray.unrolled
    view.refresh()
    view.step = 2 * STEPS - AT - 1     # the script step before "backward at AT"
    view.backward()
    hidden = [n for n in view.unrolled.plan.neuron_ids
              if n not in view.unrolled.inputs and n not in view.unrolled.outputs]
    view.choose(hidden[1], view.chosen[1])
    view.view.fit_height()
    view.view.centerOn(view.scene.copy_rect(view.chosen[1]).center())
    window.view.fit_to_view()
    QApplication.processEvents()


def render_unrolled_screenshot(out: Path, size: tuple[int, int] = SIZE) -> Path:
    """Render the window with the unrolled X-ray on the parity example to ``out`` (PNG)."""
    from bpstudio.ui.document.file_actions import read_example
    from bpstudio.ui.xray.screenshot import render_window_png

    document = read_example("parity")
    network = document.network
    network.set_settings(dataset=replace(network.dataset, sequence_length=STEPS))
    return render_window_png(out, size, document, show_unrolled_pass)


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images/unrolled.png")
    print(f"wrote {render_unrolled_screenshot(target)}")
