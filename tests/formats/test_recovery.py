"""Recovery copies (issue 10 §1): written aside atomically, offered back after a crash."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bpstudio.formats import BpnetError, ProjectInfo, load, save
from bpstudio.formats.recovery import SUFFIX, RecoveryStore, new_untitled_id
from tests.formats.conftest import make_xor_network


@pytest.fixture
def store(tmp_path: Path) -> RecoveryStore:
    return RecoveryStore(tmp_path / "data" / "recovery")


def _edited():
    network = make_xor_network()
    network.update_neurons({3: {"label": "edited", "bias": 0.75}})
    return network


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_copy_is_written_beside_nothing_of_the_users(store, tmp_path):
    document = tmp_path / "work" / "xor.bpnet"
    document.parent.mkdir()
    save(make_xor_network(), document)
    before = document.read_bytes()
    path = store.write(_edited(), ProjectInfo("XOR"), document)
    assert path.parent == store.folder and path.name.endswith(SUFFIX)
    assert path.name.startswith("xor-") and document.read_bytes() == before
    assert sorted(os.listdir(document.parent)) == ["xor.bpnet"]
    assert store.path_for(document) == path == store.path_for(str(document))


def test_names_map_each_document_to_its_own_copy(store, tmp_path):
    a, b = tmp_path / "a" / "net.bpnet", tmp_path / "b" / "net.bpnet"
    assert store.path_for(a) != store.path_for(b)          # same name, other folders
    link = tmp_path / "link.bpnet"
    link.symlink_to(a)
    assert store.path_for(link) == store.path_for(a)        # one document, one copy
    first, second = new_untitled_id(), new_untitled_id()
    assert first != second
    assert store.path_for(None, first).name == f"untitled-{first}{SUFFIX}"
    with pytest.raises(ValueError):
        store.path_for(None, "../../etc/passwd")
    with pytest.raises(ValueError):
        store.path_for(None)


def test_a_copy_newer_than_its_document_is_offered_and_restores_the_edits(store, tmp_path):
    document = tmp_path / "xor.bpnet"
    save(make_xor_network(), document, ProjectInfo("XOR"))
    _age(document, 120)
    store.write(_edited(), ProjectInfo("XOR"), document)
    [found] = [r for r in store.all()]
    assert found.document == document.resolve() and found.is_newer_than_document()
    assert found.writer_is_running()          # this process wrote it: not offered …
    assert store.pending() == []
    network, info = store.restore(found)      # … but readable
    assert network.snapshot() == _edited().snapshot() and info.title == "XOR"


def test_a_copy_older_than_its_document_is_stale_and_removed(store, tmp_path, monkeypatch):
    document = tmp_path / "xor.bpnet"
    save(make_xor_network(), document)
    path = store.write(_edited(), None, document)
    _rewrite_header(path, saved_at=time.time() - 600, pid=_dead_pid())
    assert store.pending() == []              # the document was saved after the copy
    assert [r.path for r in store.remove_stale()] == [path] and not path.exists()


def test_an_unsaved_document_and_a_vanished_one_are_offered(store, tmp_path):
    untitled = new_untitled_id()
    first = store.write(_edited(), None, None, untitled)
    gone = tmp_path / "gone.bpnet"
    second = store.write(make_xor_network(), ProjectInfo("gone"), gone)
    for path in (first, second):
        _rewrite_header(path, pid=_dead_pid())
    pending = store.pending()
    assert {r.path for r in pending} == {first, second}
    unsaved = next(r for r in pending if r.document is None)
    assert unsaved.untitled_id == untitled and not unsaved.document_exists


def test_discard_after_a_clean_save_or_close(store, tmp_path):
    document = tmp_path / "xor.bpnet"
    path = store.write(_edited(), None, document)
    leftover = path.with_name(f".{path.name}.0123abcd.tmp")
    leftover.write_bytes(b"half a copy")
    store.discard(document)
    assert not path.exists() and not leftover.exists()
    store.discard(document)                   # nothing left: no error
    untitled = new_untitled_id()
    store.write(_edited(), None, None, untitled)
    store.discard(None, untitled)
    assert os.listdir(store.folder) == []


def test_damaged_and_foreign_files_are_never_offered(store, tmp_path):
    store.folder.mkdir(parents=True)
    (store.folder / f"broken{SUFFIX}").write_bytes(b"\x00\xff not json")
    (store.folder / f"newer{SUFFIX}").write_text(json.dumps({"format": "bpstudio-recovery",
                                                             "version": 99}) + "\n{}")
    (store.folder / "notes.txt").write_text("hello")
    (store.folder / f"folder{SUFFIX}").mkdir()
    if hasattr(os, "mkfifo"):
        os.mkfifo(store.folder / f"pipe{SUFFIX}")   # must not block the listing
    assert store.all() == [] and store.pending() == []


def test_a_copy_whose_body_is_damaged_says_so_when_restored(store, tmp_path):
    path = store.write(_edited(), None, tmp_path / "x.bpnet")
    header = path.read_bytes().split(b"\n", 1)[0]
    path.write_bytes(header + b"\n{\"format\": \"bpstudio-network\", ")
    [found] = store.all()
    with pytest.raises(BpnetError, match=rf"^{path.name}: the JSON ends too early"):
        store.restore(found)


def test_an_unwritable_folder_is_a_bpnet_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(BpnetError, match="cannot write the recovery copy"):
        RecoveryStore(blocker / "recovery").write(make_xor_network(), None, None, "abc")


def test_edits_survive_sigkill(tmp_path):
    """Edit, autosave, SIGKILL the process; a new process is offered the copy and gets the
    edits back (the GUI adds the timer and the dialog in part B)."""
    folder, document = tmp_path / "recovery", tmp_path / "xor.bpnet"
    save(make_xor_network(), document)
    _age(document, 60)
    script = f"""
import sys, time
from bpstudio.formats import load
from bpstudio.formats.recovery import RecoveryStore
network, info = load({str(document)!r})
network.update_neurons({{3: {{"label": "edited", "bias": 0.75}}}})
RecoveryStore({str(folder)!r}).write(network, info, {str(document)!r})
print("written", flush=True)
time.sleep(60)
"""
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                          text=True) as child:
        try:
            assert child.stdout is not None and child.stdout.readline().strip() == "written"
            assert RecoveryStore(folder).pending() == []      # its writer is still running
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    store = RecoveryStore(folder)
    [found] = store.pending()
    network, _ = store.restore(found)
    assert network.neurons[3].label == "edited" and network.neurons[3].bias == 0.75
    assert load(document)[0].neurons[3].label != "edited"   # the user's file as saved
    store.remove(found)
    assert store.all() == []


# ---------------------------------------------------------------- helpers
def _dead_pid() -> int:
    """The pid of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _rewrite_header(path: Path, **changes) -> None:
    header, body = path.read_bytes().split(b"\n", 1)
    fields = json.loads(header) | changes
    path.write_bytes(json.dumps(fields).encode() + b"\n" + body)
