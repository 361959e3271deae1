"""Rules of DESIGN.md that a grep can keep: who may know what (no Qt needed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "bpstudio"


def sources(outside: str = "") -> list[Path]:
    """Every module of the package, except those under ``outside`` (a subfolder)."""
    skip = PACKAGE / outside if outside else None
    return [p for p in sorted(PACKAGE.rglob("*.py"))
            if skip is None or skip not in p.parents]


def offenders(pattern: str, files: list[Path]) -> list[str]:
    found = re.compile(pattern)
    return [f"{p.relative_to(PACKAGE.parent)}:{n}" for p in files
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if found.search(line)]


@pytest.mark.parametrize("pattern", [r"\bweight_index\b", r"\bbias_index\b",
                                     r"optimizer\.(state|clear_state)\b"])
def test_only_the_engine_knows_how_parameters_are_laid_out(pattern: str) -> None:
    """Everyone else asks the Plan (positions and values by id) and the Trainer
    (override, which also clears the optimiser state of what it sets)."""
    assert offenders(pattern, sources(outside="engine")) == []
