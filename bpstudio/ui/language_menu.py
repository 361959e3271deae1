"""View ▸ Language: English or 简体中文, remembered in the settings.

The window is built in one language, so a new choice applies from the next start; the app
offers to restart at once (the close asks to save unsaved work first, as Quit does) and
reopens the document's file.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QProcess, QSettings, QTranslator
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMainWindow, QMessageBox

from bpstudio.ui.i18n import (
    LANGUAGES,
    TRANSLATIONS_DIR,
    current_language,
    rearm_font_hint,
    save_language,
    translate,
)


def language_actions(window: QMainWindow, choose: Callable[[str], None]) -> dict[str, QAction]:
    """One checkable action per language, named in that language, the current one checked."""
    group = QActionGroup(window)
    actions: dict[str, QAction] = {}
    for code, name in LANGUAGES.items():
        action = QAction(name, window)
        action.setCheckable(True)
        action.setChecked(code == current_language())
        action.setData(code)
        action.triggered.connect(lambda checked=False, c=code: choose(c))
        group.addAction(action)
        actions[code] = action
    return actions


def restart_command(document_path: Path | None) -> tuple[str, list[str]]:
    """The program and arguments that start BP Studio again on ``document_path``."""
    arguments = ["-m", "bpstudio"]
    if document_path is not None:
        arguments.append(str(document_path))
    return sys.executable, arguments


def _restart(program: str, arguments: list[str]) -> None:
    """Start a new BP Studio and end this one (its window has closed already)."""
    QProcess.startDetached(program, arguments)
    QCoreApplication.quit()


def offer_restart(window: QMainWindow, settings: QSettings, language: str,
                  restart: Callable[[str, list[str]], object] | None = None) -> bool:
    """Remember ``language`` and offer to restart in it; True when the app is restarting."""
    rearm_font_hint(settings, language)
    save_language(settings, language)
    settings.sync()
    if language == current_language():
        return False
    # Asked in both languages: the user may not read the one on the screen.
    title = " / ".join(dict.fromkeys((translate("LanguageMenu", "Language"),
                                      _in(language, "Language"))))
    text = "\n\n".join(dict.fromkeys((
        translate("LanguageMenu", "BP Studio speaks {language} from its next start. "
                                  "Restart now?"),
        _in(language, "BP Studio speaks {language} from its next start. Restart now?"))))
    box = QMessageBox(QMessageBox.Icon.Question, title,
                      text.format(language=LANGUAGES[language]), parent=window)
    now = box.addButton(translate("LanguageMenu", "Restart Now"),
                        QMessageBox.ButtonRole.AcceptRole)
    box.addButton(translate("LanguageMenu", "Later"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(now)
    box.exec()
    if box.clickedButton() is not now:
        return False
    if not window.close():          # the user kept the window (Cancel in "Save changes?")
        return False
    # Read after closing: saving on the way out may have given the document its file.
    path = getattr(getattr(window, "document", None), "path", None)
    (restart or _restart)(*restart_command(path))
    return True


def _in(language: str, text: str) -> str:
    """``text`` (of the LanguageMenu context) in ``language``, whichever is installed now."""
    translator = QTranslator()
    if translator.load(f"bpstudio_{language}", str(TRANSLATIONS_DIR)):
        return translator.translate("LanguageMenu", text) or text
    return text
