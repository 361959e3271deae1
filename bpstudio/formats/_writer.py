"""Turns a ``.bpnet`` document (plain dicts and lists) into its text, one layout only.

The layout makes the file readable and diffable: objects are written one key per line,
except inside a list, where each object (a neuron, a connection) takes exactly one line
unless it holds rows (a dense block: then one key per line again); lists of plain values
(the history columns) take one line; a list of rows (a block's weights) one line per row.
Floats use ``repr``, the shortest text that reads back as the same float, so
save → load → save is byte-identical.
"""

from __future__ import annotations

import json
import math
from typing import Any

INDENT = "  "

# One encoder for the whole file: json.dumps would build a new one per neuron.
_COMPACT = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(", ", ": "))


def format_document(doc: dict[str, Any]) -> str:
    """The file's text, ending in a newline; ValueError on NaN/infinity, as json raises."""
    out: list[str] = []
    _write(doc, 0, out)
    out.append("\n")
    return "".join(out)


def _write(value: Any, depth: int, out: list[str]) -> None:
    pad = INDENT * (depth + 1)
    end = "\n" + INDENT * depth
    if isinstance(value, dict) and value:
        out.append("{\n")
        for index, (key, item) in enumerate(value.items()):
            out.append(f",\n{pad}" if index else pad)
            out.append(_COMPACT.encode(key) + ": ")
            _write(item, depth + 1, out)
        out.append(end + "}")
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        out.append("[\n")
        if any(_holds_rows(v) for v in value):
            for index, item in enumerate(value):
                out.append(f",\n{pad}" if index else pad)
                _write(item, depth + 1, out)
        else:
            out.append(_rows(value, pad))
        out.append(end + "]")
    elif isinstance(value, list) and value and all(isinstance(v, list) for v in value):
        out.append("[\n")
        out.append(",\n".join(pad + _COMPACT.encode(row) for row in value))
        out.append(end + "]")
    else:
        out.append(_COMPACT.encode(value))


def _holds_rows(item: dict[str, Any]) -> bool:
    return any(isinstance(v, list) and v and isinstance(v[0], list) for v in item.values())


def _rows(items: list[dict[str, Any]], pad: str) -> str:
    """One line per object. Encoding the list in one call saves a Python call per object;
    the split is exact when "}, {" occurs only between objects, which the count proves
    (each boundary holds one; text inside an object can only add more)."""
    parts = _COMPACT.encode(items)[2:-2].split("}, {")
    if len(parts) != len(items):
        return ",\n".join(pad + _COMPACT.encode(item) for item in items)
    return ",\n".join(f"{pad}{{{part}}}" for part in parts)


def unwritable(doc: Any) -> tuple[list[Any], str] | None:
    """The path to the first value the file cannot hold and why, or None."""
    stack: list[tuple[list[Any], Any]] = [([], doc)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, float) and not math.isfinite(value):
            return path, "is not finite"
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return path, "is not valid Unicode text"
        elif isinstance(value, dict):
            stack.extend((path + [k], v) for k, v in reversed(value.items()))
        elif isinstance(value, list | tuple):
            stack.extend((path + [i], v) for i, v in reversed(list(enumerate(value))))
    return None


def describe(doc: dict[str, Any], path: list[Any]) -> str:
    """``weight of connection 7`` for network items, ``history.train_loss[4]`` otherwise."""
    if len(path) == 6 and path[:2] == ["network", "blocks"] and path[3] == "weights":
        block = doc["network"]["blocks"][path[2]]
        return (f"weight of connection "
                f"{block['first_id'] + path[4] * len(block['sources']) + path[5]}")
    if len(path) == 4 and path[0] == "network":
        kind = {"neurons": "neuron", "connections": "connection"}[path[1]]
        item_id = doc["network"][path[1]][path[2]]["id"]
        return f"{path[3]} of {kind} {item_id}"
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
