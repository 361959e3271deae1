"""Marks words of the Qt-free core that the GUI shows, for Qt's translation tools.

``pyside6-lupdate`` collects every ``QT_TRANSLATE_NOOP(context, text)`` call it finds, by
name, into ``resources/translations/*.ts``; this one returns ``text`` unchanged, so the core
keeps speaking English (the command line's language) without importing Qt. The GUI
translates the words where it shows them (``bpstudio/ui/i18n.py``).
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802  (the name lupdate knows)
    return text
