"""The Qt-free core's error messages in Chinese when the GUI shows them, in English on the
command line (issue 15: "error messages shown in the GUI" go through Qt's translation)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from bpstudio.formats.bpnet import ProjectInfo, save
from bpstudio.model.settings import DatasetSpec
from bpstudio.ui import i18n
from bpstudio.ui.document.file_actions import read_example
from bpstudio.ui.document.new_for_dataset import NewForDatasetDialog
from tests.data.test_image_folder import make_folder
from tests.ui.texts import english_words
from tests.without_qt import run_without_qt

HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def chinese(qapp):
    i18n.install_language("zh_CN")
    yield
    i18n.install_language("en")


def _english_besides(message: str, *names: str) -> list[str]:
    """The English words of ``message`` once the file names and JSON paths it quotes
    (data, not words) are taken out."""
    for name in sorted(names, key=len, reverse=True):
        message = message.replace(name, " ")
    return english_words(message)


def _bpnet(path: Path, change) -> Path:
    save(read_example("xor").network, path, ProjectInfo("xor"))
    doc = json.loads(path.read_text())
    change(doc)
    path.write_text(json.dumps(doc))
    return path


# ------------------------------------------------------------------ .bpnet files
def _newer(doc):
    doc["version"] = 99


def _bias_text(doc):
    doc["network"]["neurons"][-1]["bias"] = "abc"


def _no_format(doc):
    del doc["format"]


@pytest.mark.parametrize(("change", "quoted"), [
    (_newer, ()),
    (_bias_text, ("network.neurons[4].bias", '"abc"')),
    (_no_format, ('"format"', '"bpstudio-network"')),
])
def test_a_malformed_bpnet_is_refused_in_chinese(win, tmp_path, chinese, change, quoted):
    path = _bpnet(tmp_path / "net.bpnet", change)
    before = win.document
    assert not win.files.open_path(path)
    assert win.document is before
    [message] = win.dialogs.warnings
    assert message.startswith("net.bpnet：") and HAN.search(message), message
    assert not _english_besides(message, "net.bpnet", *quoted), message


def test_an_empty_bpnet_and_a_missing_one_are_refused_in_chinese(win, tmp_path, chinese):
    empty = tmp_path / "empty.bpnet"
    empty.write_bytes(b"")
    assert not win.files.open_path(empty)
    assert not win.files.open_path(tmp_path / "gone.bpnet")
    assert win.dialogs.warnings == ["empty.bpnet：文件是空的",
                                    f"{tmp_path / 'gone.bpnet'}：文件不存在"]


# ------------------------------------------------------- datasets: CSV, images
def _new_for_dataset(win, monkeypatch, name: str) -> str:
    """File ▸ New for Dataset… on ``name``: the warning the window shows."""
    def answer(dialog):
        dialog.set_dataset(name)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewForDatasetDialog, "exec", answer)
    before = win.document
    assert not win.files.new_for_dataset()
    assert win.document is before
    [message] = win.dialogs.warnings
    return message


@pytest.mark.parametrize(("text", "expected"), [
    ("x1,x2,y\n1,2,0\n3,oops,1\n4,5,0\n", "第 3 行第 2 列（'x2'）：'oops' 不是数字"),
    ("x1,x2,y\n1,2,0\n3,4\n", "第 3 行：应有 3 列，实际有 2 列"),
    ('x1,x2,y\n1,2,0\n3,"4,1\n', "第 3 行：有一个加引号的单元格没有闭合"),
    ("x1,x2,y\n", "只有表头，没有数据行"),
])
def test_a_malformed_csv_is_refused_in_chinese(win, tmp_path, monkeypatch, chinese, text,
                                               expected):
    data = tmp_path / "table.csv"
    data.write_text(text)
    message = _new_for_dataset(win, monkeypatch, str(data))
    assert expected in message, message
    assert not _english_besides(message, str(data), "table.csv", "'x2'", "'oops'"), message


def test_a_bad_image_folder_is_refused_in_chinese(win, tmp_path, monkeypatch, chinese,
                                                  private_cache):
    folder = make_folder(tmp_path / "pictures", per_class=2)
    for kind in ("square", "triangle"):          # one class left: nothing to tell apart
        for picture in (folder / kind).iterdir():
            picture.unlink()
        (folder / kind).rmdir()
    message = _new_for_dataset(win, monkeypatch, str(folder))
    assert "只有一个类别子文件夹（circle）" in message, message
    assert not _english_besides(message, str(folder), "circle"), message


def test_a_folder_without_class_folders_is_refused_in_chinese(win, tmp_path, monkeypatch,
                                                              chinese, private_cache):
    folder = tmp_path / "loose"
    make_folder(tmp_path / "shapes", per_class=1)
    folder.mkdir()
    (tmp_path / "shapes" / "circle" / "000.png").rename(folder / "000.png")
    message = _new_for_dataset(win, monkeypatch, str(folder))
    assert "不是图像文件夹" in message, message
    assert not _english_besides(message, str(folder), "cat/1.png", "dog/1.png"), message


@pytest.fixture
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def test_a_dataset_the_network_does_not_fit_is_a_chinese_problem(qtbot, win, tmp_path,
                                                                   chinese):
    """Loaded for training (the data cache the Train button uses): the counts are Chinese
    too ("3 个输入", not "3 inputs")."""
    data = tmp_path / "wide.csv"
    data.write_text("a,b,c,y\n1,2,3,0\n4,5,6,1\n7,8,9,0\n")
    network = win.document.network
    win.editor.set_dataset(DatasetSpec(str(data)), "Dataset", "dataset")
    qtbot.waitUntil(lambda: "wide.csv" in win.training.problem(), timeout=15_000)
    problem = win.training.problem()
    assert "有 4 列，但网络有 2 个输入和 1 个输出" in problem, problem
    assert not _english_besides(problem, str(data), "wide.csv"), problem
    assert network.dataset.name == str(data)


# ------------------------------------------------------------------- the run diff
def test_what_differs_between_runs_is_chinese(chinese):
    """The Runs dock's "what differs": the words around the symbols, names and values."""
    from bpstudio.model.builders import layered
    from bpstudio.model.run_diff import describe_differences
    from bpstudio.model.runs import restore_problem
    from tests.formats.test_bpnet_runs import make_run

    network = layered([2, 2, 1], "tanh", "sigmoid")
    old = make_run(network, 1)
    network.set_settings(network.settings.with_changes(learning_rate=0.01, shuffle=False),
                         DatasetSpec("circle", samples=321))
    network.update_neurons({3: {"activation": "relu"}})
    new = make_run(network, 2)
    text = describe_differences(old, new)
    assert "η 0.5 → 0.01" in text and "shuffle 开 → 关" in text, text
    assert "数据集 xor → circle" in text and "tanh → relu on" not in text, text
    assert "神经元 3" in text and "数据集.samples 200 → 321" in text, text
    assert not english_words(text.replace("samples", "")), text
    bigger = layered([2, 3, 1])
    assert "在另一个网络结构" in (restore_problem(old, bigger) or "")


# --------------------------------------------------------------- the command line
def _cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """``bpstudio ARGS`` in a Chinese locale whose remembered View ▸ Language is 简体中文."""
    config = home / ".config" / "BP Studio"
    config.mkdir(parents=True, exist_ok=True)
    (config / "BP Studio.conf").write_text("[view]\nlanguage=zh_CN\n")
    env = {"LANG": "zh_CN.UTF-8", "LC_ALL": "zh_CN.UTF-8", "LANGUAGE": "zh_CN",
           "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "bpstudio", *args], capture_output=True,
                          text=True, timeout=120, env=env)


def test_the_command_line_reports_the_same_errors_in_english(tmp_path):
    """What the window says in Chinese, `bpstudio train` says in plain English, word for
    word, whatever the locale and the language the GUI remembers."""
    bad = _bpnet(tmp_path / "net.bpnet", _newer)
    table = tmp_path / "table.csv"
    table.write_text("x1,x2,y\n1,2,0\n3,oops,1\n4,5,0\n")
    good = tmp_path / "good.bpnet"
    save(read_example("xor").network, good, ProjectInfo("xor"))
    opened = _cli("train", str(bad), home=tmp_path)
    loaded = _cli("train", str(good), "--data", str(table), home=tmp_path)
    for result in (opened, loaded):
        assert result.returncode != 0
        assert not HAN.search(result.stdout + result.stderr), result.stderr
    assert "net.bpnet: made by a newer BP Studio: version 99; this one reads version" \
        in opened.stderr
    assert "table.csv line 3, column 2 ('x2'): 'oops' is not a number" in loaded.stderr


def test_the_core_speaks_english_again_when_the_translator_is_removed(chinese):
    """In one process too: the words follow the translator installed, none is cached."""
    from bpstudio.data.dataset import plural
    from bpstudio.words import install_translator

    assert plural(3, "input") == "3 个输入"
    install_translator(None)
    try:
        assert plural(3, "input") == "3 inputs" and plural(1, "class") == "1 class"
    finally:
        i18n.install_language("zh_CN")


def test_the_core_with_its_translated_messages_imports_without_qt():
    """Every module of the Qt-free core (and the words it translates through) loads with
    PySide6 blocked, and speaks English there."""
    core = ["model", "engine", "data", "formats", "xray"]
    root = Path(__file__).resolve().parents[2] / "bpstudio"
    modules = sorted(
        ".".join(("bpstudio", *path.relative_to(root).with_suffix("").parts))
        .removesuffix(".__init__")
        for folder in core for path in (root / folder).rglob("*.py"))
    modules += ["bpstudio.words", "bpstudio.files", "bpstudio.progress", "bpstudio.sweep",
                "bpstudio.workflow", "bpstudio.run_record"]
    result = run_without_qt(
        "import importlib\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "assert not loaded_qt(), loaded_qt()\n"
        "from bpstudio.data.dataset import plural\n"
        "print(plural(2, 'column'))\n")
    assert result.stdout == "2 columns\n"
    assert len(modules) > 80


def test_the_stages_of_a_load_are_named_in_chinese(chinese):
    """The progress dialogs show the core's stage names ("Decoding images") translated;
    the core keeps them English (the command line's progress bars and tests read them)."""
    root = Path(__file__).resolve().parents[2] / "bpstudio"
    stages = {match for path in root.rglob("*.py")
              for match in re.findall(r'\.stage\(QT_TRANSLATE_NOOP\("Progress", "([^"]+)"\)',
                                      path.read_text())}
    unmarked = [str(path) for path in root.rglob("*.py")
                if re.search(r'\.stage\("', path.read_text())]
    assert len(stages) >= 7 and not unmarked
    shown = {stage: i18n.translate("Progress", stage) for stage in stages}
    assert shown["Decoding images"] == "解码图像"
    assert all(HAN.search(text) for text in shown.values()), shown


def test_why_a_run_diverged_is_saved_in_english_and_shown_in_chinese(chinese):
    """The stop message is kept in the run (a file's `runs`): English even while Chinese is
    installed; the window shows it translated from the template it was filled from."""
    from bpstudio.engine.training import STOP_TEMPLATES
    from tests.networks import diverging_trainer

    final = diverging_trainer().run()
    assert final.stop_reason == "diverged"
    assert re.fullmatch(r"the loss (exploded to \S+ \(best \S+\)|became infinite or NaN) at "
                        r"step \d+: training paused with the weights of step \d+ and the "
                        r"optimiser's momentum cleared; try a lower learning rate",
                        final.message), final.message
    shown = i18n.translate_filled("Training", final.message, STOP_TEMPLATES)
    assert shown.startswith("损失函数在第 ") and "更小的学习率" in shown, shown
    assert not english_words(shown.replace("NaN", "")), shown
