"""The one atomic-write helper that saving and exporting share."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from bpstudio.formats import atomic, bpnet, exports
from bpstudio.formats.atomic import WriteFailed, write_atomically, write_files_atomically


def test_both_writers_use_the_one_helper():
    assert bpnet.write_atomically is write_atomically
    assert exports.write_files_atomically is write_files_atomically


def test_a_new_file_gets_the_usual_mode_and_a_replaced_one_keeps_its_own(tmp_path: Path):
    umask = os.umask(0o022)
    os.umask(umask)
    new = tmp_path / "new.bin"
    write_atomically(new, b"one")
    assert new.read_bytes() == b"one" and new.stat().st_mode & 0o777 == 0o666 & ~umask
    new.chmod(0o640)
    write_atomically(new, b"two")
    assert new.read_bytes() == b"two" and new.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.bin"]


def test_writing_through_a_symlink_updates_its_target(tmp_path: Path):
    target = tmp_path / "real.bin"
    target.write_bytes(b"old")
    link = tmp_path / "link.bin"
    link.symlink_to(target)
    write_atomically(link, b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failure_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch,
                                                        failing: str):
    target = tmp_path / "file.bin"
    target.write_bytes(b"old")

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, failing, fail)
    with pytest.raises(OSError, match="No space left") as info:
        write_atomically(target, b"new")
    monkeypatch.undo()
    assert info.value.errno == 28 and info.value.filename == str(target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["file.bin"]


def test_several_files_are_all_replaced(tmp_path: Path):
    first, second = tmp_path / "net.c", tmp_path / "net.h"
    first.write_bytes(b"old c")
    write_files_atomically({first: b"new c", second: b"new h"})
    assert first.read_bytes() == b"new c" and second.read_bytes() == b"new h"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["net.c", "net.h"]


def test_a_failure_on_a_later_file_leaves_every_earlier_one_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    first, second = tmp_path / "net.c", tmp_path / "net.h"
    first.write_bytes(b"old c")
    second.write_bytes(b"old h")
    real_fsync, calls = os.fsync, []

    def fail_second(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(atomic.os, "fsync", fail_second)
    with pytest.raises(WriteFailed) as info:
        write_files_atomically({first: b"new c", second: b"new h"})
    monkeypatch.undo()
    assert info.value.filename == str(second) and info.value.strerror.startswith("No space")
    assert first.read_bytes() == b"old c" and second.read_bytes() == b"old h"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["net.c", "net.h"]


def test_a_missing_folder_names_the_file(tmp_path: Path):
    target = tmp_path / "missing" / "net.h"
    with pytest.raises(WriteFailed) as info:
        write_files_atomically({tmp_path / "net.c": b"c", target: b"h"})
    assert info.value.filename == str(target) and info.value.errno == 2
    assert list(tmp_path.iterdir()) == []


def test_every_write_removes_what_killed_writes_of_its_files_left(tmp_path: Path):
    """Exports (here a C file and its header) clean up as saves do (issue 10): a temporary
    file older than the write goes, one being written right now by someone else stays."""

    def leftover(name: str, token: str, age: float) -> Path:
        path = tmp_path / f".{name}.{token}.tmp"
        path.write_bytes(b"cut off")
        os.utime(path, (time.time() - age, time.time() - age))
        return path

    stale = [leftover("net.c", "a1b2c3d4", 60), leftover("net.h", "0f0f0f0f", 60)]
    fresh = leftover("net.c", "99999999", -5)   # written after this write began
    other = leftover("other.c", "a1b2c3d4", 60)
    write_files_atomically({tmp_path / "net.c": b"c", tmp_path / "net.h": b"h"})
    assert not any(p.exists() for p in stale)
    assert fresh.exists() and other.exists()
