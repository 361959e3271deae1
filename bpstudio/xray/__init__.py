"""The backprop X-ray without Qt: which values a step reveals, the chain rule written out,
the update table and the nudge lens's curve. The widgets in ``bpstudio.ui.xray`` only
draw what these functions return, so everything here is tested without a window.
"""

from bpstudio.xray.chain import ChainLine, chain_rule
from bpstudio.xray.lens import Lens, parameter_index
from bpstudio.xray.steps import PassValues, Step, StepSequence, Visible
from bpstudio.xray.text import fmt, parameter_name
from bpstudio.xray.update import UpdateResult, UpdateRow, gradient_step

__all__ = ["ChainLine", "Lens", "PassValues", "Step", "StepSequence", "UpdateResult",
           "UpdateRow", "Visible", "chain_rule", "fmt", "gradient_step", "parameter_index",
           "parameter_name"]
