"""The interface's language: BP Studio's and Qt's own translators, the remembered choice of
View ▸ Language, and whether a font is installed that can draw Chinese.

Translations are Qt's: ``resources/translations/bpstudio_<lang>.ts`` (edited with
``pyside6-linguist``, refreshed from the code by ``make translations``) compiled by
``pyside6-lrelease`` into the ``.qm`` files next to them, which are committed and ship in
the wheel (``tests/ui/test_translations.py`` fails when a ``.qm`` is older than its ``.ts``).
English is the source language; ``bpstudio_en.qm`` holds only its plural forms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtGui import QFontDatabase

from bpstudio import words
from bpstudio.resources import RESOURCES_DIR

TRANSLATIONS_DIR = RESOURCES_DIR / "translations"
#: language code → its name in itself (how the View ▸ Language menu shows it)
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
DEFAULT_LANGUAGE = "en"
SETTINGS_KEY = "view/language"
#: the Debian/Ubuntu package to suggest when no installed font covers Chinese
CJK_FONT_PACKAGE = "fonts-noto-cjk"
#: set once the status bar has named CJK_FONT_PACKAGE, so later starts do not repeat it
FONT_HINT_KEY = "view/cjk_font_hint_shown"

translate = QCoreApplication.translate

_installed: list[QTranslator] = []      # kept alive here: Qt does not own translators
_current = DEFAULT_LANGUAGE


def system_language() -> str:
    """The supported language closest to the system locale: Chinese locales get 简体中文."""
    names = [QLocale.system().name(), *QLocale.system().uiLanguages()]
    for name in names:
        if name.replace("-", "_").lower().startswith("zh"):
            return "zh_CN"
        if name.lower().startswith("en"):
            return "en"
    return DEFAULT_LANGUAGE


def saved_language(settings: QSettings) -> str | None:
    value = str(settings.value(SETTINGS_KEY, "") or "")
    return value if value in LANGUAGES else None


def save_language(settings: QSettings, language: str) -> None:
    settings.setValue(SETTINGS_KEY, language)


def choose_language(override: str | None, settings: QSettings | None) -> str:
    """``--lang`` first, then View ▸ Language's remembered choice, then the system locale."""
    if override in LANGUAGES:
        return str(override)
    remembered = saved_language(settings) if settings is not None else None
    return remembered or system_language()


def current_language() -> str:
    return _current


def install_language(language: str) -> str:
    """Replace the application's translators by those of ``language`` (English when the
    code is unknown); the language now in force. Widgets built afterwards speak it."""
    global _current
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_language needs a QApplication")
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    # Qt's own words (the buttons of message boxes, file dialogs) come from qtbase_*.qm.
    for name, folder in ((f"bpstudio_{language}", str(TRANSLATIONS_DIR)),
                         (f"qtbase_{language}", qt_dir)):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _installed.append(translator)
    # Numbers (%Ln in plurals, spin boxes) are written the language's way: 1,234.5.
    QLocale.setDefault(QLocale(language))
    # The Qt-free core's words (problems, the X-ray's narration) go through Qt's too.
    words.install_translator(lambda context, text: translate(context, text))
    _current = language
    return language


@cache
def _pattern(template: str) -> re.Pattern[str]:
    """``"finished {epochs} epochs"`` → a regex with one named group per field."""
    parts = re.split(r"\{(\w+)\}", template)
    return re.compile("".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)"
                              for i, part in enumerate(parts)), re.DOTALL)


def translate_filled(context: str, text: str, templates: Iterable[str]) -> str:
    """A sentence the core keeps in English (it is saved in files, e.g. why a run
    stopped) in the interface's language: the template it was filled from, translated and
    filled with the same values; ``text`` itself when no template matches."""
    for template in templates:
        match = _pattern(template).fullmatch(text)
        if match:
            return translate(context, template).format(**match.groupdict())
    return text


def has_cjk_font() -> bool:
    """Whether an installed font can draw Simplified Chinese."""
    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def missing_font_hint(language: str) -> str:
    """The status bar's one message when Chinese is chosen but cannot be drawn; '' if fine."""
    if language != "zh_CN" or has_cjk_font():
        return ""
    # Said in English too: without the font the Chinese words would be boxes.
    return (f"No Chinese font is installed, so Chinese text shows as boxes: install one "
            f"(Debian/Ubuntu: sudo apt install {CJK_FONT_PACKAGE}) and restart BP Studio. "
            f"未安装中文字体：请安装 {CJK_FONT_PACKAGE} 后重启。")


def font_hint_once(settings: QSettings, language: str) -> str:
    """:func:`missing_font_hint` the first time it is needed, remembered in ``settings``;
    '' at every later start (until :func:`rearm_font_hint`) and whenever a font is there."""
    hint = missing_font_hint(language)
    if not hint or settings.value(FONT_HINT_KEY, False, type=bool):
        return ""
    settings.setValue(FONT_HINT_KEY, True)
    return hint


def rearm_font_hint(settings: QSettings, language: str) -> None:
    """The user chose Chinese anew (View ▸ Language, from another language): name the font
    package again at the next start, should none be installed then."""
    if language == "zh_CN" and (saved_language(settings) or current_language()) != "zh_CN":
        settings.remove(FONT_HINT_KEY)
