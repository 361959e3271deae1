"""Where pasted and duplicated neurons land: clear of every neuron and connection.

Copies used to move by a fixed (40, 40) until no copy sat exactly on a neuron, so they
landed beside neurons and across edges. Now a spot counts as free when every copy keeps
CLEAR_NEURON from each neuron's centre and CLEAR_EDGE from each connection's line.
"""

from __future__ import annotations

import numpy as np

from bpstudio.model.network import Network
from bpstudio.ui.canvas.style import NEURON_RADIUS

STEP = 40.0                            # one cascade step, along the diagonal
MAX_STEPS = 1000                       # stop looking after this many
CLEAR_NEURON = 2 * NEURON_RADIUS + 12  # centre to centre
CLEAR_EDGE = NEURON_RADIUS + 6         # centre to a connection's line
MAX_PAIRS = 4_000_000                  # copies × (neurons + connections) checked per step


def obstacles(network: Network) -> tuple[np.ndarray, np.ndarray]:
    """Neuron centres (n, 2) and connection segments (m, 4) of ``network``."""
    neurons = network.neurons
    centres = np.array([(n.x, n.y) for n in neurons.values()], dtype=float).reshape(-1, 2)
    segments = np.array([(neurons[c.source].x, neurons[c.source].y,
                          neurons[c.target].x, neurons[c.target].y)
                         for c in network.connections.values()
                         if c.source in neurons and c.target in neurons],
                        dtype=float).reshape(-1, 4)
    return centres, segments


def is_clear(spots: np.ndarray, centres: np.ndarray, segments: np.ndarray) -> bool:
    """Whether every spot (k, 2) keeps its distance from the neurons and connections."""
    if len(centres):
        gaps = np.linalg.norm(spots[:, None, :] - centres[None, :, :], axis=2)
        if (gaps < CLEAR_NEURON).any():
            return False
    if len(segments):
        a, b = segments[None, :, :2], segments[None, :, 2:]
        p = spots[:, None, :]
        ab = b - a
        length2 = np.maximum((ab * ab).sum(axis=2), 1e-12)
        t = np.clip(((p - a) * ab).sum(axis=2) / length2, 0.0, 1.0)
        nearest = a + t[..., None] * ab
        if (np.linalg.norm(p - nearest, axis=2) < CLEAR_EDGE).any():
            return False
    return True


def free_offset(network: Network, spots: list[tuple[float, float]],
                start: tuple[float, float] = (0.0, 0.0), first_step: int = 1
                ) -> tuple[float, float]:
    """The offset, ``start`` plus k ≥ ``first_step`` diagonal steps, at which copies of
    ``spots`` land clear of ``network``. Very large cases check neuron centres only."""
    if not spots:
        return start
    base = np.array(spots, dtype=float)
    centres, segments = obstacles(network)
    if len(base) * (len(centres) + len(segments)) > MAX_PAIRS:
        return _exact_spot_offset(base, centres, start, first_step)
    for k in range(first_step, MAX_STEPS):
        offset = (start[0] + k * STEP, start[1] + k * STEP)
        if is_clear(base + offset, centres, segments):
            return offset
    return (start[0] + MAX_STEPS * STEP, start[1] + MAX_STEPS * STEP)


def _exact_spot_offset(base: np.ndarray, centres: np.ndarray, start: tuple[float, float],
                       first_step: int) -> tuple[float, float]:
    """For huge networks: only avoid landing exactly on a neuron (a set lookup)."""
    taken = {(round(x), round(y)) for x, y in centres}
    k = first_step
    while k < MAX_STEPS and any((round(x + start[0] + k * STEP), round(y + start[1] + k * STEP))
                                in taken for x, y in base):
        k += 1
    return (start[0] + k * STEP, start[1] + k * STEP)
