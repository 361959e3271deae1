"""Toolbar icons: small SVGs in resources/icons (package ``bpstudio.resources``)."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from bpstudio.resources import RESOURCES_DIR

ICONS_DIR = RESOURCES_DIR / "icons"


@cache
def icon(name: str) -> QIcon:
    """The icon called ``name`` (an empty icon if the file is missing)."""
    path = ICONS_DIR / f"{name}.svg"
    return QIcon(str(path)) if path.is_file() else QIcon()
