"""The application's look: Fusion with a light palette and a small stylesheet."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

STYLESHEET = """
QMainWindow::separator { background: #e5e7eb; width: 1px; height: 1px; }
QDockWidget { font-weight: 600; color: #374151; }
QDockWidget::title { background: #f3f4f6; padding: 6px 8px; border-bottom: 1px solid #e5e7eb; }
QToolBar { background: #ffffff; border: none; border-bottom: 1px solid #e5e7eb; spacing: 2px;
           padding: 3px 6px; }
QToolButton { border: 1px solid transparent; border-radius: 6px; padding: 4px; }
QToolButton:hover { background: #f3f4f6; border-color: #e5e7eb; }
QToolButton:checked { background: #dbeafe; border-color: #93c5fd; }
QStatusBar { background: #ffffff; border-top: 1px solid #e5e7eb; color: #374151; }
QStatusBar QLabel { color: #6b7280; padding: 0 8px; }
#paletteTile { background: #ffffff; border: 1px solid #e5e7eb; border-radius: 8px; }
#paletteTile:hover { border-color: #93c5fd; background: #f8fbff; }
#paletteTitle { font-weight: 600; color: #1f2937; }
#paletteHint { color: #6b7280; font-size: 8pt; }
#panelHeading { font-size: 11pt; font-weight: 600; color: #111827; padding-bottom: 4px; }
#fieldError { color: #b91c1c; font-size: 8.5pt; }
QLineEdit[invalid="true"] { border: 1px solid #dc2626; background: #fef2f2; }
QListWidget { border: none; }
QListWidget::item { padding: 4px 2px; }
"""


def apply_theme(app: QApplication) -> None:
    app.setStyle(QStyleFactory.create("Fusion"))
    palette = QPalette()
    colors = {
        QPalette.ColorRole.Window: "#f9fafb", QPalette.ColorRole.WindowText: "#1f2937",
        QPalette.ColorRole.Base: "#ffffff", QPalette.ColorRole.AlternateBase: "#f3f4f6",
        QPalette.ColorRole.Text: "#1f2937", QPalette.ColorRole.Button: "#ffffff",
        QPalette.ColorRole.ButtonText: "#1f2937", QPalette.ColorRole.Highlight: "#2563eb",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#ffffff",
        QPalette.ColorRole.ToolTipText: "#1f2937", QPalette.ColorRole.PlaceholderText: "#9ca3af",
    }
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    app.setPalette(palette)
    font = QFont(app.font())
    font.setPointSizeF(9.5)
    app.setFont(font)
    app.setStyleSheet(STYLESHEET)
