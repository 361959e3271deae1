"""The Qt-free core's words in the user's language, without importing Qt.

The core writes what the GUI shows (the problems list, the X-ray's narration, why a run
stopped) through :func:`translate`, which ``pyside6-lupdate`` finds by name and collects
into ``resources/translations/*.ts``. Until the GUI installs Qt's translator
(``bpstudio/ui/i18n.py``) it returns the English source, so the command line, which
never does, keeps speaking English. ``QT_TRANSLATE_NOOP`` marks words translated later,
where they are shown.
"""

from __future__ import annotations

from collections.abc import Callable

Translator = Callable[[str, str], str]

_translator: Translator | None = None


def translate(context: str, text: str) -> str:
    """``text`` (an English source string) in the installed language."""
    return text if _translator is None else _translator(context, text)


def install_translator(translator: Translator | None) -> None:
    """Route :func:`translate` through ``translator`` (None: English again)."""
    global _translator
    _translator = translator


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802  (the name lupdate knows)
    return text
