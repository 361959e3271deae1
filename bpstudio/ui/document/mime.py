"""Mime types the canvas accepts: palette drops (a role, or a layer of N neurons)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QMimeData

PALETTE_MIME = "application/x-bpstudio-palette"
MAX_LAYER = 4096


@dataclass(frozen=True)
class PaletteEntry:
    """What a palette drag carries: one neuron of ``role``, or a layer of ``count``."""

    role: str
    count: int = 1     # > 1 for the "layer of N" template (any role)


def palette_mime(entry: PaletteEntry) -> QMimeData:
    data = QMimeData()
    data.setData(PALETTE_MIME, f"{entry.role}:{entry.count}".encode())
    data.setText(f"{entry.count} {entry.role} neuron(s)")
    return data


def parse_palette_mime(data: QMimeData) -> PaletteEntry | None:
    """The entry a drop carries, or None for anything we do not understand."""
    if not data.hasFormat(PALETTE_MIME):
        return None
    try:
        role, count_text = bytes(data.data(PALETTE_MIME).data()).decode().split(":")
        count = int(count_text)
    except (ValueError, UnicodeDecodeError):
        return None
    if role not in ("input", "hidden", "output") or not 1 <= count <= MAX_LAYER:
        return None
    return PaletteEntry(role, count)
