"""Without a font that draws Chinese, the status bar names the package to install once per
user, and again only after the user chooses 简体中文 anew (issue 15: "says once")."""

from __future__ import annotations

import argparse

import PySide6.QtCore
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from bpstudio.ui import i18n, language_menu
from bpstudio.ui.app import run_gui
from bpstudio.ui.document import autosave
from bpstudio.ui.document.file_actions import read_example
from bpstudio.ui.main_window import MainWindow


@pytest.fixture
def no_chinese_font(monkeypatch):
    monkeypatch.setattr(i18n, "has_cjk_font", lambda: False)


@pytest.fixture
def starts(qapp, tmp_path, monkeypatch, no_chinese_font):
    """``start(*args)``: BP Studio started as `bpstudio ARGS` on one settings file (the
    event loop left out); the status bar's first message of each start."""
    ini = tmp_path / "settings.ini"
    seen: list[str] = []
    windows: list[MainWindow] = []
    monkeypatch.setattr(PySide6.QtCore, "QSettings",
                        lambda *a: QSettings(str(ini), QSettings.Format.IniFormat))
    monkeypatch.setattr(autosave, "default_recovery_folder", lambda: tmp_path / "recovery")
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    show = MainWindow.show_message

    def first_message(window, text, timeout_ms=8000):
        if window not in windows:
            windows.append(window)
            seen.append(text)
        show(window, text, timeout_ms)

    monkeypatch.setattr(MainWindow, "show_message", first_message)

    def start(*args: str) -> str:
        options = argparse.Namespace(file=None, screenshot=None, lang=None)
        if args:
            options.lang = args[1]
        assert run_gui(options) == 0
        return seen[-1]

    yield start
    for window in windows:
        window.close()
        window.deleteLater()
    i18n.install_language("en")


@pytest.mark.slow
def test_the_package_is_named_at_the_first_chinese_start_only(starts):
    first = starts("--lang", "zh_CN")
    assert i18n.CJK_FONT_PACKAGE in first and "未安装中文字体" in first
    again = starts("--lang", "zh_CN")
    assert i18n.CJK_FONT_PACKAGE not in again and again      # the welcome instead
    assert i18n.CJK_FONT_PACKAGE not in starts("--lang", "en")


@pytest.mark.slow
def test_choosing_chinese_anew_names_the_package_at_the_next_start(qtbot, starts, tmp_path,
                                                                   monkeypatch):
    assert i18n.CJK_FONT_PACKAGE in starts("--lang", "zh_CN")
    assert i18n.CJK_FONT_PACKAGE not in starts("--lang", "zh_CN")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.set_document(read_example("xor"))
    def later(box: QMessageBox) -> int:
        next(b for b in box.buttons()
             if box.buttonRole(b) == QMessageBox.ButtonRole.RejectRole).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", later)
    # View ▸ Language ▸ English, then 简体中文 again: a new choice of Chinese
    assert not language_menu.offer_restart(window, settings, "en", restart=pytest.fail)
    assert not language_menu.offer_restart(window, settings, "zh_CN", restart=pytest.fail)
    settings.sync()
    assert i18n.CJK_FONT_PACKAGE in starts()                 # the remembered 简体中文
    assert i18n.CJK_FONT_PACKAGE not in starts()


def test_choosing_chinese_again_while_it_is_chosen_does_not_repeat_the_hint(
        tmp_path, no_chinese_font):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    i18n.save_language(settings, "zh_CN")
    assert i18n.font_hint_once(settings, "zh_CN")
    i18n.rearm_font_hint(settings, "zh_CN")                 # not anew: it was chosen
    assert i18n.font_hint_once(settings, "zh_CN") == ""
    i18n.rearm_font_hint(settings, "en")
    assert i18n.font_hint_once(settings, "zh_CN") == ""


def test_with_a_chinese_font_nothing_is_said_or_remembered(tmp_path, monkeypatch):
    monkeypatch.setattr(i18n, "has_cjk_font", lambda: True)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert i18n.font_hint_once(settings, "zh_CN") == ""
    assert not settings.contains(i18n.FONT_HINT_KEY)
    monkeypatch.setattr(i18n, "has_cjk_font", lambda: False)   # the font removed later
    assert i18n.CJK_FONT_PACKAGE in i18n.font_hint_once(settings, "zh_CN")
