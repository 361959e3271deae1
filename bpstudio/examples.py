"""The built-in example networks in ``resources/examples`` (package ``bpstudio.resources``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from bpstudio.resources import RESOURCES_DIR

EXAMPLES_DIR = RESOURCES_DIR / "examples"
DEFAULT_EXAMPLE = "xor"


@dataclass(frozen=True)
class ExampleInfo:
    name: str           # file stem, e.g. "xor"
    title: str          # one line for menus
    path: Path


def list_examples() -> list[ExampleInfo]:
    """Every example, the default first, then alphabetical."""
    infos = []
    for path in sorted(EXAMPLES_DIR.glob("*.bpnet")):
        try:
            title = json.loads(path.read_text(encoding="utf-8")).get("title", "") or path.stem
        except (OSError, ValueError, AttributeError):
            title = path.stem
        infos.append(ExampleInfo(path.stem, str(title), path))
    infos.sort(key=lambda info: (info.name != DEFAULT_EXAMPLE, info.name))
    return infos


def example_path(name: str) -> Path:
    """Path of the example called ``name``; ValueError listing the known ones otherwise."""
    path = EXAMPLES_DIR / f"{name}.bpnet"
    if not path.is_file():
        known = ", ".join(info.name for info in list_examples()) or "none installed"
        raise ValueError(f"no example called {name!r} (examples: {known})")
    return path
