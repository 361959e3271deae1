"""The interface in Simplified Chinese: every string translated, none left in English,
nothing clipped, and the language chosen by --lang, View ▸ Language and the system."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDockWidget, QMessageBox

from bpstudio import words
from bpstudio.examples import example_path
from bpstudio.ui import i18n
from bpstudio.ui.app import run_gui
from bpstudio.ui.document.file_actions import read_example
from bpstudio.ui.main_window import MainWindow
from bpstudio.ui.words import connection_count, neuron_count
from tests.ui.texts import clipped, english_words, plain, window_texts

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"
ZH_TS = TRANSLATIONS / "bpstudio_zh_CN.ts"
TOOLS = Path(sys.executable).parent
_FIELD = re.compile(r"\{\w*(?:![rsa])?(?::[^{}]*)?\}|%L?\d|%s")  # {name}, {v!r}, {rate:.0f}, %1
_TAG = re.compile(r"</?\w+")


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(TOOLS)) or shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed")
    return found


def _messages(ts: Path) -> Iterator[tuple[str, ET.Element]]:
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            yield name, message


def _translations(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    assert translation is not None
    if message.get("numerus") == "yes":
        return [form.text or "" for form in translation.iter("numerusform")]
    return [translation.text or ""]


@pytest.fixture
def chinese(qapp):
    """Simplified Chinese installed for one test, English again afterwards."""
    i18n.install_language("zh_CN")
    yield
    i18n.install_language("en")


# ------------------------------------------------------------------ the files
def test_every_string_has_a_finished_chinese_translation():
    problems = []
    count = 0
    for context, message in _messages(ZH_TS):
        count += 1
        source = message.findtext("source") or ""
        where = f"{context}: {source[:60]!r}"
        kind = message.find("translation").get("type")   # type: ignore[union-attr]
        if kind is not None:
            problems.append(f"{where} is {kind}")
            continue
        for text in _translations(message):
            if not text.strip():
                problems.append(f"{where} has no translation")
            elif sorted(_FIELD.findall(text)) != sorted(_FIELD.findall(source)):
                problems.append(f"{where}: the {{fields}} differ: {text!r}")
            elif sorted(_TAG.findall(text)) != sorted(_TAG.findall(source)):
                problems.append(f"{where}: the HTML tags differ: {text!r}")
            elif "%n" in source and "%n" not in text or "%Ln" in source and "%Ln" not in text:
                problems.append(f"{where}: the count %n is missing: {text!r}")
            elif re.search(r"&[^&\s]", source) and "&" not in text:
                problems.append(f"{where}: the keyboard accelerator is missing: {text!r}")
    assert count > 500
    assert not problems, "\n".join(problems)


def test_every_dataset_and_example_has_its_words_marked():
    """Their names and descriptions live in the Qt-free core: ui/words.py marks them."""
    from bpstudio.data import BUILTINS
    from bpstudio.examples import list_examples
    from bpstudio.ui.words import DATASET_DESCRIPTIONS, DATASET_NAMES, EXAMPLE_TITLES

    assert {info.description for info in BUILTINS.values()} <= set(DATASET_DESCRIPTIONS)
    assert set(BUILTINS) <= set(DATASET_NAMES)
    assert {info.title for info in list_examples()} <= set(EXAMPLE_TITLES)
    from bpstudio.formats.exports import FORMATS
    from bpstudio.ui.words import EXPORT_WORDS

    assert {f.name for f in FORMATS} | {f.about for f in FORMATS} <= set(EXPORT_WORDS)


def test_english_plurals_have_both_forms():
    forms = {message.findtext("source"): _translations(message)
             for _, message in _messages(TRANSLATIONS / "bpstudio_en.ts")}
    assert forms["%Ln neuron(s)"] == ["%Ln neuron", "%Ln neurons"]
    assert all(len(pair) == 2 and all(pair) for pair in forms.values())


@pytest.mark.slow
def test_the_ts_files_hold_every_string_of_the_code(tmp_path):
    """`make translations` was run: lupdate finds nothing new (and nothing vanished)."""
    sources = sorted(str(p) for p in (ROOT / "bpstudio").rglob("*.py"))
    for ts in TRANSLATIONS.glob("*.ts"):
        fresh = tmp_path / ts.name
        shutil.copy(ts, fresh)
        language = ts.stem.removeprefix("bpstudio_")
        # as the Makefile's translations target runs it
        only = ["-pluralonly"] if language == "en" else []
        subprocess.run([_tool("pyside6-lupdate"), "-silent", "-locations", "none",
                        "-no-obsolete", *only, "-source-language", "en", "-target-language",
                        language, *sources, "-ts", str(fresh)], check=True, cwd=ROOT)
        known = {(c, m.findtext("source")) for c, m in _messages(ts)}
        found = {(c, m.findtext("source")) for c, m in _messages(fresh)}
        assert found == known, (f"{ts.name}: run `make translations`; new: "
                                f"{sorted(found - known)[:5]}, gone: {sorted(known - found)[:5]}")


@pytest.mark.slow
def test_the_committed_qm_files_are_compiled_from_the_ts_files(tmp_path):
    for ts in TRANSLATIONS.glob("*.ts"):
        out = tmp_path / ts.with_suffix(".qm").name
        subprocess.run([_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(out)],
                       check=True)
        assert out.read_bytes() == ts.with_suffix(".qm").read_bytes(), \
            f"{ts.with_suffix('.qm').name} is out of date: run `make translations`"


# ------------------------------------------------------------- the language
def test_the_language_comes_from_lang_then_the_settings_then_the_system(tmp_path,
                                                                        monkeypatch):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    monkeypatch.setattr(i18n, "system_language", lambda: "zh_CN")
    assert i18n.choose_language(None, settings) == "zh_CN"
    i18n.save_language(settings, "en")
    assert i18n.choose_language(None, settings) == "en"
    assert i18n.choose_language("zh_CN", settings) == "zh_CN"
    settings.setValue(i18n.SETTINGS_KEY, "klingon")        # a damaged settings file
    assert i18n.choose_language(None, settings) == "zh_CN"


def test_installing_a_language_translates_qt_and_the_core(qapp, chinese):
    from PySide6.QtCore import QCoreApplication

    from bpstudio.model.network import Network
    from bpstudio.model.validate import validate

    assert QCoreApplication.translate("MainWindow", "&File") == "文件(&F)"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"   # Qt's own
    assert validate(Network())[0].message == "网络没有输入神经元"
    assert i18n.current_language() == "zh_CN"
    i18n.install_language("en")
    assert validate(Network())[0].message == "the network has no input neurons"
    assert neuron_count(1) == "1 neuron" and connection_count(2) == "2 connections"
    assert neuron_count(1234) \
        == "1,234 neurons"


@pytest.mark.slow
def test_why_a_run_stopped_stays_english_in_files_and_is_shown_translated(chinese):
    from bpstudio.engine.training import STOP_TEMPLATES

    message = STOP_TEMPLATES[2].format(epoch=41, loss="0.0123")
    assert "validation loss" in message                      # what runs save in .bpnet
    assert i18n.translate_filled("Training", message, STOP_TEMPLATES) == \
        "验证损失不再下降；保留第 41 轮的权重（验证损失 0.0123）"
    assert i18n.translate_filled("Training", "no such sentence", STOP_TEMPLATES) == \
        "no such sentence"


def test_the_command_line_stays_english(tmp_path):
    """The headless commands never install Qt's translator: scripts read their English,
    whatever the locale."""
    from bpstudio.formats.bpnet import ProjectInfo, save
    from bpstudio.model.network import Network

    empty = tmp_path / "empty.bpnet"
    save(Network(), empty, ProjectInfo("empty"))
    result = subprocess.run([sys.executable, "-m", "bpstudio", "train", str(empty)],
                            capture_output=True, text=True, timeout=120,
                            env={"LANG": "zh_CN.UTF-8", "LC_ALL": "zh_CN.UTF-8",
                                 "LANGUAGE": "zh_CN", "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode != 0
    assert "no input neurons" in result.stderr
    assert not re.search(r"[\u4e00-\u9fff]", result.stdout + result.stderr)


def test_a_missing_chinese_font_is_named_once_in_the_status_bar(monkeypatch):
    monkeypatch.setattr(i18n, "has_cjk_font", lambda: False)
    hint = i18n.missing_font_hint("zh_CN")
    assert "fonts-noto-cjk" in hint and "install" in hint
    assert i18n.missing_font_hint("en") == ""
    monkeypatch.setattr(i18n, "has_cjk_font", lambda: True)
    assert i18n.missing_font_hint("zh_CN") == ""


def test_view_language_remembers_the_choice_and_offers_a_restart(qtbot, settings,
                                                                  monkeypatch, tmp_path):
    from bpstudio.ui import language_menu

    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.set_document(read_example("xor"))
    window.show()
    assert window.language_actions["en"].isChecked()
    assert {a.text() for a in window.language_actions.values()} == {"English", "简体中文"}
    answers = iter(["Later", "Restart Now"])
    asked: list[str] = []

    def click(box: QMessageBox) -> int:
        asked.append(box.text())
        wanted = next(answers)
        next(b for b in box.buttons() if b.text() == wanted).click()
        return 0

    restarts: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(QMessageBox, "exec", click)
    monkeypatch.setattr(language_menu, "_restart", lambda *a: restarts.append(a))
    # "Later": remembered for the next start, the window stays.
    window.language_actions["zh_CN"].trigger()
    assert settings.value(i18n.SETTINGS_KEY) == "zh_CN" and not restarts
    assert "简体中文" in asked[0] and "下次启动" in asked[0]     # asked in both languages
    assert window.isVisible()
    # "Restart Now": the window closes (asking to save, as Quit does), BP Studio restarts.
    path = tmp_path / "mine.bpnet"
    window.files._write(path)
    window.files.maybe_save = lambda: True
    assert language_menu.offer_restart(window, settings, "zh_CN",
                                       restart=lambda *a: restarts.append(a))
    program, arguments = restarts[0]
    assert program == sys.executable and arguments == ["-m", "bpstudio", str(path.resolve())]
    assert not window.isVisible()


# -------------------------------------------------------------- the window
def _window_in_every_state(qtbot, settings, example: str) -> MainWindow:
    """A window whose docks, X-ray and training views have all shown their texts."""
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.set_document(read_example(example))
    window.show()
    for dock in window.findChildren(QDockWidget):
        dock.show()
    network = window.document.network
    for rate in (0.5, 1.0):          # two runs in the Runs dock, what differs between them
        window.editor.set_training_settings(network.settings.with_changes(learning_rate=rate),
                                            "Learning rate η", "learning_rate")
        runs = len(network.runs)
        assert window.training.step()
        qtbot.waitUntil(lambda: window.training.progress is not None
                        and window.training.progress.step >= 1)
        window.training.stop()
        qtbot.waitUntil(lambda runs=runs: len(network.runs) == runs + 1)
    assert window.training.step()
    qtbot.waitUntil(lambda: window.training.progress is not None
                    and window.training.progress.step >= 1)
    window.visuals.redraw_now()
    xray = window.xray
    xray.step.enter()
    xray.step.run_pass()
    xray.session.select_parameter("weight", min(network.connections))
    for dock in xray.docks:
        xray.show_dock(dock)
    xray.checker.check()
    window.scene.select([min(network.neurons)], [])
    window.properties.show_selection([min(network.neurons)], [])
    return window


def _english_left(window: MainWindow) -> list[str]:
    return sorted({f"{where}: {plain(text)[:90]!r} {words}"
                   for where, text in window_texts(window)
                   if (words := english_words(text))})


@pytest.mark.slow
@pytest.mark.parametrize("example", ["xor", "digits"])
def test_no_english_is_left_in_the_chinese_window(qtbot, settings, chinese, dialogs, example):
    window = _window_in_every_state(qtbot, settings, example)
    left = _english_left(window)
    window.training.discard()
    assert not left, "\n".join(left)


@pytest.mark.slow
def test_the_same_walk_finds_english_in_the_english_window(qtbot, settings, dialogs):
    """The check above can fail: in English it finds the words it looks for."""
    window = _window_in_every_state(qtbot, settings, "xor")
    left = "\n".join(_english_left(window))
    window.training.discard()
    assert "Palette" in left and "Chain rule" in left and "Problems" in left


@pytest.mark.slow
def test_the_tour_speaks_chinese_on_every_page(qtbot, settings, chinese, dialogs):
    from bpstudio.ui.xray.tour import PAGES

    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.set_document(read_example("xor"))
    window.show()
    tour = window.xray.open_tour()
    left = []
    for page in range(len(PAGES)):
        tour.go_to(page)
        left += [f"page {page + 1}: {words}" for _, text in window_texts(window)
                 if (words := english_words(text))]
    assert "链式法则" in tour.text.toPlainText() or any(
        "链式法则" in text for _, text in window_texts(window))
    tour.close()
    assert not left, "\n".join(sorted(set(left)))


def test_the_sweep_dialog_speaks_chinese(qtbot, settings, chinese):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.set_document(read_example("xor"))
    dialog = window.open_sweep()
    left = [f"{where}: {words}" for where, text in window_texts(window)
            if (words := english_words(text))]
    assert dialog.windowTitle() == "参数扫描"
    dialog.reject()
    assert not left, "\n".join(left)


def test_the_problems_list_speaks_chinese(qtbot, settings, chinese):
    from bpstudio.formats.bpnet import ProjectInfo
    from bpstudio.model.network import Network
    from bpstudio.ui.document.file_actions import Document

    window = MainWindow(settings)
    qtbot.addWidget(window)
    network = Network()
    network.add_neuron("hidden")
    window.set_document(Document(network, ProjectInfo()))
    texts = [window.problems.list.item(i).text() for i in range(window.problems.list.count())]
    assert "网络没有输入神经元" in texts
    assert re.fullmatch(r"问题 \(\d+\)", window.problems_dock.windowTitle())
    assert not [t for t in texts if english_words(t)], texts


# ------------------------------------------------------------ screenshots
VIEWS = {"editor": [], "training": ["--train-for", "0.3"], "xray": ["--xray"]}


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("view", list(VIEWS))
def test_screenshots_in_both_languages_clip_no_label(qtbot, tmp_path, monkeypatch, language,
                                                     view):
    """`--screenshot --lang` renders each view; no label, button or tab is cut off, at the
    size of the screenshot and at 1366×768."""
    from bpstudio.cli import gui_parser

    seen: dict[str, object] = {}
    grab = MainWindow.grab

    def record(window, *args):
        seen["menu"] = window.menuBar().actions()[0].text()
        seen["clipped"] = clipped(window)
        window.resize(1366, 768)
        for _ in range(5):        # the docks' layouts settle over a few event loops
            QApplication.processEvents()
        seen["clipped small"] = clipped(window)
        return grab(window, *args)

    monkeypatch.setattr(MainWindow, "grab", record)
    out = tmp_path / f"{view}-{language}.png"
    options = gui_parser().parse_args([str(example_path("xor")), "--screenshot", str(out),
                                       "--lang", language, *VIEWS[view]])
    assert run_gui(options) == 0
    assert out.stat().st_size > 10_000
    assert seen["menu"] == ("文件(&F)" if language == "zh_CN" else "&File")
    assert seen["clipped"] == [] and seen["clipped small"] == []
    assert i18n.current_language() == "en"       # the test run goes on in English


def test_clipped_finds_a_label_narrower_than_its_text(qtbot):
    from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

    box = QWidget()
    qtbot.addWidget(box)
    QVBoxLayout(box).addWidget(label := QLabel("反向传播，一次一个神经元"))
    box.show()
    assert clipped(box) == []
    label.setFixedWidth(20)
    assert len(clipped(box)) == 1


def test_lang_is_a_gui_option_only():
    from bpstudio.cli import gui_parser

    assert gui_parser().parse_args(["--lang", "zh_CN"]).lang == "zh_CN"
    assert gui_parser().parse_args([]).lang is None
    with pytest.raises(SystemExit):
        gui_parser().parse_args(["--lang", "fr"])


def test_words_translate_routes_through_the_installed_translator():
    words.install_translator(lambda context, text: f"<{context}:{text}>")
    try:
        assert words.translate("Problems", "x") == "<Problems:x>"
    finally:
        words.install_translator(None)
    assert words.translate("Problems", "x") == "x"
