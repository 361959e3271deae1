"""Issue 14 in the window: one export dialog over exports.FORMATS that remembers where it
wrote, and File ▸ Import… opening a model as a new document."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QDialog, QFileDialog

from bpstudio.engine.backprop import Engine
from bpstudio.engine.plan import compile_network
from bpstudio.formats.exports import FORMATS, export_network
from bpstudio.ui.document.export_dialog import ExportDialog, with_suffix
from bpstudio.ui.document.file_actions import read_example
from bpstudio.ui.main_window import MainWindow


def _answer_export(monkeypatch, path: Path | None = None, key: str | None = None,
                   seen: list[ExportDialog] | None = None) -> None:
    """The export dialog answered like a user: pick ``key``, type ``path``, Export."""
    def exec_(dialog):
        if seen is not None:
            seen.append(dialog)
        if key is not None:
            dialog.select(key)
        if path is not None:
            dialog.path.setText(str(path))
        dialog._accept()
        return dialog.result()

    monkeypatch.setattr(ExportDialog, "exec", exec_)


def test_the_dialog_lists_every_format_with_what_it_is_for(qtbot, tmp_path):
    dialog = ExportDialog(tmp_path / "net.npz")
    qtbot.addWidget(dialog)
    texts = [dialog.formats.item(i).text() for i in range(dialog.formats.count())]
    assert len(texts) == len(FORMATS)
    for text, export_format in zip(texts, FORMATS, strict=True):
        assert text.startswith(export_format.name) and export_format.about in text
    dialog.select("onnx")
    assert dialog.path.text() == str(tmp_path / "net.onnx")     # the suffix follows
    dialog.select("torch")
    assert dialog.chosen() == (tmp_path / "net.py", "torch")
    dialog.select("c")
    assert dialog.chosen() == (tmp_path / "net.c", "c")
    dialog.show()
    assert not dialog.grab().isNull()


@pytest.mark.parametrize(("typed", "key", "written"), [
    ("weights", "json", "weights.json"),
    ("run.v2", "onnx", "run.v2.onnx"),
    ("weights.json", "npz", "weights.npz"),
    ("net.py", "numpy", "net.py"),
])
def test_the_file_is_named_for_the_chosen_format(typed, key, written):
    chosen = next(f for f in FORMATS if f.key == key)
    assert with_suffix(Path(typed), chosen) == Path(written)


def test_export_writes_the_chosen_format_and_remembers_folder_and_format(
        window, monkeypatch, tmp_path):
    out = tmp_path / "exports" / "xor.json"
    out.parent.mkdir()
    _answer_export(monkeypatch, out, "json")
    assert window.files.export()
    doc = json.loads(out.read_text())
    assert len(doc["connections"]) == len(window.document.network.connections)
    assert not window.dialogs.warnings
    seen: list[ExportDialog] = []
    _answer_export(monkeypatch, seen=seen)          # the next export starts from there
    assert window.files.export()
    assert seen[0].chosen() == (out.parent / "network.json", "json")
    # and so does a new window on the same settings
    again = MainWindow(window.store.settings)
    try:
        assert again.store.export_location() == (str(out.parent), "json")
    finally:
        again.close()
        again.deleteLater()


def test_export_as_menu_has_every_format_and_opens_the_dialog_on_it(window, monkeypatch,
                                                                    tmp_path):
    labels = [a.text() for a in window.export_format_actions]
    assert labels == [f.label for f in FORMATS]
    seen: list[ExportDialog] = []
    _answer_export(monkeypatch, tmp_path / "net", seen=seen)
    window.export_format_actions[[f.key for f in FORMATS].index("c")].trigger()
    assert seen[0].format().key == "c"
    assert (tmp_path / "net.c").is_file() and (tmp_path / "net.h").is_file()


def test_an_export_error_is_one_message_and_nothing_is_written(window, monkeypatch,
                                                              tmp_path):
    _answer_export(monkeypatch, tmp_path / "missing" / "net.onnx", "onnx")
    assert not window.files.export()
    assert len(window.dialogs.warnings) == 1 and "missing" in window.dialogs.warnings[0]
    assert not (tmp_path / "missing").exists()


def test_cancelling_the_dialog_writes_nothing(window, monkeypatch, tmp_path):
    monkeypatch.setattr(ExportDialog, "exec", lambda d: QDialog.DialogCode.Rejected)
    assert not window.files.export()
    assert window.store.export_location() == ("", "")


# ---------------------------------------------------------------------- import
@pytest.mark.parametrize("suffix", [".onnx", ".npz", ".json"])
def test_import_opens_the_model_as_a_new_document_with_the_same_outputs(
        window, monkeypatch, tmp_path, suffix):
    source = read_example("skip").network
    model = tmp_path / f"model{suffix}"
    export_network(source, model)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(model), ""))
    before = window.document
    window.import_action.trigger()
    document = window.document
    assert document is not before and document.path is None
    assert "model" in document.info.title and "imported" in document.info.title
    x = np.random.default_rng(0).normal(size=(7, len(source.inputs())))
    expected = Engine(compile_network(source)).predict(x)
    got = Engine(compile_network(document.network)).predict(x)
    np.testing.assert_allclose(got, expected, atol=1e-5 if suffix == ".onnx" else 1e-12)
    assert not window.dialogs.warnings


def test_a_bad_model_is_one_message_and_the_open_document_stays(window, tmp_path):
    bad = tmp_path / "truncated.onnx"
    bad.write_bytes(b"\x08\x07garbage")
    before = window.document
    snapshot = before.network.snapshot()
    assert not window.files.import_model(bad)
    assert window.document is before and before.network.snapshot() == snapshot
    assert len(window.dialogs.warnings) == 1
    assert "truncated.onnx" in window.dialogs.warnings[0]
    assert "Traceback" not in window.dialogs.warnings[0]
