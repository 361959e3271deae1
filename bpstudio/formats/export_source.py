"""What every export writer receives, and the small text helpers the code writers share."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bpstudio.engine.plan import Plan
from bpstudio.engine.targets import TrainingData
from bpstudio.model.network import Network
from bpstudio.model.scaling import InputScaling


@dataclass(frozen=True)
class ExportSource:
    """The compiled network and everything a format may need besides it."""

    plan: Plan                              # float64, weights and biases as drawn
    network: Network                        # labels, roles, settings, input scaling
    title: str                              # the document's title ("" when it has none)
    data: TrainingData | None               # encoded, inputs raw: for formats that train

    @property
    def input_scaling(self) -> InputScaling:
        """The document's stored scaling: every format applies it to raw inputs first."""
        return self.network.input_scaling


def comment_text(text: str, limit: int = 60) -> str:
    """``text`` safe inside a one-line comment or docstring of C or Python: control
    characters, comment delimiters and triple quotes replaced, long text shortened."""
    cleaned = "".join(" " if unicodedata.category(ch)[0] == "C" or ch in "\u2028\u2029" else ch
                      for ch in text)
    # a backslash continues a C line comment, "??/" is its trigraph, "*/" ends a C comment
    cleaned = cleaned.replace("\\", "/")
    while "??" in cleaned:
        cleaned = cleaned.replace("??", "? ?")
    cleaned = cleaned.replace("*/", "* /").replace("/*", "/ *")
    while '"""' in cleaned:   # would end a Python docstring
        cleaned = cleaned.replace('"""', '"" "')
    cleaned = cleaned.strip()
    return cleaned if len(cleaned) <= limit else cleaned[:limit - 1] + "…"


def name_list(names: list[str], limit: int = 6) -> str:
    """``x1, x2, x3`` or ``x1, x2, …, x64 (64)`` for long lists."""
    if len(names) <= limit:
        return ", ".join(names)
    return f"{', '.join(names[:limit - 1])}, …, {names[-1]} ({len(names)})"


def plan_summary(source: ExportSource) -> str:
    """One line: the shape, the loss and the title, for the head of generated files."""
    title = comment_text(source.title, 80)
    return (f"{title + ': ' if title else ''}{source.plan.describe()}; "
            f"loss {source.plan.loss_name}")


def python_list(values: list[Any]) -> str:
    """``repr(values)``, wrapped one indented block of lines when it is long."""
    text = repr(values)
    if len(text) <= 80:
        return text
    lines = [""]
    for item in (f"{v!r}," for v in values):   # whole items only: never inside a string
        if lines[-1] and len(lines[-1]) + len(item) >= 88:
            lines.append("")
        lines[-1] = f"{lines[-1]} {item}" if lines[-1] else item
    return "[\n" + "".join(f"    {line}\n" for line in lines) + "]"


def tensor_runs(ids: Sequence[int], where: dict[int, tuple[str, int]]
                ) -> list[tuple[str, list[int]]]:
    """Consecutive ids that live in the same tensor, as (tensor, its columns): how the
    ONNX and PyTorch exports gather a layer's inputs with one slice per run."""
    runs: list[tuple[str, list[int]]] = []
    for nid in ids:
        tensor, column = where[nid]
        if runs and runs[-1][0] == tensor:
            runs[-1][1].append(column)
        else:
            runs.append((tensor, [column]))
    return runs
