"""The one atomic-write helper that saving and exporting share."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bpstudio.formats import atomic, bpnet, exports
from bpstudio.formats.atomic import write_atomically


def test_both_writers_use_the_one_helper():
    assert bpnet.write_atomically is exports.write_atomically is write_atomically


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
    with pytest.raises(OSError, match="No space left"):
        write_atomically(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["file.bin"]
