"""Carry trained values across a recompile: an edit changes the plan's layout, but every
weight and bias that still exists keeps its trained value and optimiser state."""

from __future__ import annotations

import numpy as np

from bpstudio.engine.plan import Plan


def _positions(plan: Plan) -> dict[tuple[str, int], int]:
    keys = [("w", c) for c in plan.connection_ids] + [("b", n) for n in plan.bias_ids]
    flat = np.concatenate([plan.weight_index, plan.bias_index]).tolist()
    return dict(zip(keys, flat, strict=True))


def transfer(old_plan: Plan, old_values: np.ndarray, new_plan: Plan,
             new_values: np.ndarray) -> int:
    """Copy entries of ``old_values`` (laid out like ``old_plan.params``) into
    ``new_values`` (laid out like ``new_plan.params``) for every parameter both plans
    share. Returns how many were carried over."""
    old, new = _positions(old_plan), _positions(new_plan)
    shared = [key for key in new if key in old]
    if shared:
        new_values[[new[k] for k in shared]] = old_values[[old[k] for k in shared]]
    return len(shared)
