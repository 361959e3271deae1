"""Where neurons go: layer blocks, auto-layout by depth, and columns of a selection."""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path

from bpstudio.data import BUILTINS, dataset_kind
from bpstudio.model.builders import GRID_SPACING, Grid, grid_positions, square_grid
from bpstudio.model.network import Network
from bpstudio.model.settings import DatasetSpec

LAYER_GAP = 160.0       # between the right of one column block and the left of the next
ROW_SPACING = 56.0      # same as model.builders, so built and drawn networks match
COLUMN_SPACING = 48.0   # between sub-columns of a wrapped (large) layer
MAX_ROWS = 32           # a layer taller than this wraps into several sub-columns
COLUMN_GAP = 100.0      # x distance that separates two columns of a selection


def block_shape(count: int) -> tuple[int, int]:
    """(columns, rows) of a layer block of ``count`` neurons."""
    columns = max(1, math.ceil(count / MAX_ROWS))
    return columns, math.ceil(count / columns)


def input_grid(count: int, spec: DatasetSpec, base_dir: Path | None = None) -> Grid | None:
    """(rows, cols, channels) to lay ``count`` new inputs out as, or None for a column
    block: the document's images when they hold exactly that many values (a built-in's
    shape, or the size chosen in the image options), or a square of at least 6×6 for
    images of automatic size (an IDX file or an image folder)."""
    if spec.is_builtin:
        shape = BUILTINS[spec.name].image_shape
        if shape is None:
            return None
        if spec.image_size is not None and spec.name == "fashion":
            shape = (spec.image_height, spec.image_width)
        return (shape[0], shape[1], 1) if shape[0] * shape[1] == count else None
    if spec.image_size is not None:
        width, height = spec.image_size
        channels = 1 if spec.grayscale else 3
        return (height, width, channels) if width * height * channels == count else None
    if dataset_kind(spec, base_dir) in ("idx", "image_folder"):
        return square_grid(count)
    return None


def input_grid_positions(grid: Grid, center_x: float, center_y: float
                         ) -> list[tuple[float, float]]:
    """``grid``'s pixel positions (data order) centred on (center_x, center_y)."""
    rows, cols, channels = grid
    right = center_x + GRID_SPACING * (cols - 1) / 2
    return [(x, y + center_y) for x, y in grid_positions(rows, cols, channels, right)]


def block_width(count: int) -> float:
    return (block_shape(count)[0] - 1) * COLUMN_SPACING


def block_positions(count: int, left: float, center_y: float = 0.0) -> list[tuple[float, float]]:
    """Positions for a layer of ``count``: one column, or a block if it is tall."""
    columns, rows = block_shape(count)
    top = center_y - ROW_SPACING * (rows - 1) / 2
    return [(left + (i // rows) * COLUMN_SPACING, top + (i % rows) * ROW_SPACING)
            for i in range(count)]


def depths(network: Network) -> dict[int, int]:
    """Longest path from a source to each neuron (inputs are 0); cycles are cut."""
    order = network.topological_order()
    depth = dict.fromkeys(network.neurons, 0)
    if order is None:          # a loaded file may hold a cycle: fall back to role columns
        return {nid: {"input": 0, "hidden": 1, "output": 2}[n.role]
                for nid, n in network.neurons.items()}
    for nid in order:
        for c in network.outgoing(nid):
            depth[c.target] = max(depth[c.target], depth[nid] + 1)
    return depth


def auto_layout(network: Network) -> dict[int, tuple[float, float]]:
    """Columns left to right by depth (outputs last), each evenly spaced and centred."""
    depth = depths(network)
    if not depth:
        return {}
    roles = {n.role for n in network.neurons.values()}
    last = max([d for nid, d in depth.items() if network.neurons[nid].role != "output"]
               + [d for nid, d in depth.items() if network.neurons[nid].role == "output"]
               + [2 if "hidden" in roles else 1 if roles - {"input"} else 0])
    columns: dict[int, list[int]] = {}
    for nid, d in depth.items():
        role = network.neurons[nid].role
        key = {"input": 0, "output": last}.get(role, min(max(d, 1), max(1, last - 1)))
        columns.setdefault(key, []).append(nid)
    positions: dict[int, tuple[float, float]] = {}
    left = 0.0
    for key in sorted(columns):
        # Keep the user's vertical order within a column: it is usually meaningful.
        ids = sorted(columns[key], key=lambda i: (network.neurons[i].y, i))
        for nid, pos in zip(ids, block_positions(len(ids), left), strict=True):
            positions[nid] = pos
        left += block_width(len(ids)) + LAYER_GAP
    return positions


def split_columns(positions: Mapping[int, tuple[float, float]]) -> list[list[int]]:
    """Group neurons into columns left to right: a gap wider than COLUMN_GAP separates."""
    ordered = sorted(positions, key=lambda i: (positions[i][0], positions[i][1]))
    columns: list[list[int]] = []
    last_x = -math.inf
    for nid in ordered:
        x = positions[nid][0]
        if x - last_x > COLUMN_GAP or not columns:
            columns.append([])
        columns[-1].append(nid)
        last_x = x
    for column in columns:
        column.sort(key=lambda i: (positions[i][1], positions[i][0]))
    return columns
