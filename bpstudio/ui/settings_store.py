"""Everything BP Studio remembers between runs, on top of one QSettings object.

The main window takes the QSettings it should use, so tests pass a temporary ini file
and never touch the user's real settings.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from bpstudio.model.runs import DEFAULT_RUNS_WITH_PARAMETERS

MAX_RECENT = 10


class SettingsStore:
    """Typed accessors: window geometry and docks, recent files, view options."""

    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.settings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self.settings.setValue("window/geometry", geometry)
        self.settings.setValue("window/state", state)

    def recent_files(self) -> list[str]:
        value = self.settings.value("files/recent", [])
        if isinstance(value, str):          # QSettings hands back one item as a string
            value = [value]
        return [str(v) for v in value or [] if v]

    def add_recent_file(self, path: str | Path) -> list[str]:
        path = str(Path(path).resolve())
        recent = [path] + [p for p in self.recent_files() if p != path]
        self.settings.setValue("files/recent", recent[:MAX_RECENT])
        return recent[:MAX_RECENT]

    def remove_recent_file(self, path: str) -> None:
        self.settings.setValue("files/recent", [p for p in self.recent_files() if p != path])

    def clear_recent_files(self) -> None:
        self.settings.setValue("files/recent", [])

    def last_directory(self) -> str:
        return str(self.settings.value("files/last_directory", "") or "")

    def set_last_directory(self, path: str | Path) -> None:
        self.settings.setValue("files/last_directory", str(Path(path).parent))

    def export_location(self) -> tuple[str, str]:
        """(folder, format key) of the last export; empty strings before the first."""
        return (str(self.settings.value("export/last_directory", "") or ""),
                str(self.settings.value("export/last_format", "") or ""))

    def set_export_location(self, path: str | Path, format_key: str) -> None:
        self.settings.setValue("export/last_directory", str(Path(path).parent))
        self.settings.setValue("export/last_format", format_key)

    def snap_to_grid(self) -> bool:
        return str(self.settings.value("view/snap_to_grid", "false")).lower() == "true"

    def set_snap_to_grid(self, on: bool) -> None:
        self.settings.setValue("view/snap_to_grid", "true" if on else "false")

    def runs_with_weights(self) -> int:
        """How many of a document's newest runs keep their final weights (a preference)."""
        try:
            value = int(str(self.settings.value("runs/with_weights",
                                                DEFAULT_RUNS_WITH_PARAMETERS)))
        except ValueError:
            return DEFAULT_RUNS_WITH_PARAMETERS
        return max(0, min(value, 1000))

    def set_runs_with_weights(self, count: int) -> None:
        self.settings.setValue("runs/with_weights", int(count))

    def pace(self) -> str:
        """The training pace's key (engine.pace.Pace.key); Auto by default."""
        return str(self.settings.value("view/training_pace", "auto") or "auto")

    def set_pace(self, key: str) -> None:
        self.settings.setValue("view/training_pace", key)

    def sync(self) -> None:
        self.settings.sync()
