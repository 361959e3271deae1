"""Print what the Qt-free core's tests need: the project's dependencies without the GUI
stack (PySide6, pyqtgraph), plus the test tools that are not Qt's (no pytest-qt)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

GUI = ("pyside6", "pyqtgraph", "pytest-qt")
LINT = ("ruff", "mypy")


def name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower()


def main() -> None:
    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())[
        "project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["test"]
    for requirement in wanted:
        if not name(requirement).startswith(GUI) and name(requirement) not in LINT:
            print(requirement)


if __name__ == "__main__":
    main()
