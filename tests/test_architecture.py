"""Rules of DESIGN.md that a grep can keep: who may know what (no Qt needed)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "bpstudio"


def sources(outside: str = "") -> list[Path]:
    """Every module of the package, except those under ``outside`` (a subfolder)."""
    skip = PACKAGE / outside if outside else None
    return [p for p in sorted(PACKAGE.rglob("*.py"))
            if skip is None or skip not in p.parents]


def offenders(pattern: str, files: list[Path]) -> list[str]:
    found = re.compile(pattern)
    return [f"{p.relative_to(PACKAGE.parent)}:{n}" for p in files
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if found.search(line)]


@pytest.mark.parametrize("pattern", [r"\bweight_index\b", r"\bbias_index\b",
                                     r"optimizer\.(state|clear_state)\b"])
def test_only_the_engine_knows_how_parameters_are_laid_out(pattern: str) -> None:
    """Everyone else asks the Plan (positions and values by id) and the Trainer
    (override, which also clears the optimiser state of what it sets)."""
    assert offenders(pattern, sources(outside="engine")) == []


def test_every_undo_push_goes_through_the_editor_controller() -> None:
    """editor.py's "the one place where edits become commands" holds: training and the
    X-ray hand their commands to EditController.push."""
    document = PACKAGE / "ui" / "document"
    others = [p for p in sources() if p not in (document / "editor.py",
                                                document / "commands.py")]
    assert offenders(r"apply_and_push\(|\bstack\.push\(|undo_stack\.push\(", others) == []


@pytest.mark.parametrize("plugin", ["visuals", "xray"])
def test_plugins_use_the_host_protocol_instead_of_probing_the_window(plugin: str) -> None:
    """Plug-ins see the window as a PluginHost (ui/host.py): no getattr probing, no
    attributes set on it (the README screenshot tool drives a window of its own)."""
    files = [p for p in sources() if PACKAGE / "ui" / plugin in p.parents
             and p.name != "screenshot.py"]
    assert offenders(r"getattr\((self\.)?(session\.)?window\b|\bwindow\.\w+ = ", files) == []


def test_the_command_line_modules_do_not_import_each_other_in_a_loop() -> None:
    """cli.py launches headless.py; headless.py takes UserError from bpstudio.errors."""
    code = ("import sys, bpstudio.headless\n"
            "assert 'bpstudio.cli' not in sys.modules, 'headless imports cli'\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert offenders(r"^from bpstudio\.cli import|^import bpstudio\.cli",
                     [PACKAGE / "headless.py"]) == []


def test_one_atomic_write_helper() -> None:
    """Files are replaced in one place (formats/atomic.py: temporary beside the target,
    fsync, rename, folder fsync): saves, exports and the image cache all call it."""
    others = [p for p in sources() if p != PACKAGE / "formats" / "atomic.py"]
    assert offenders(r"\bos\.(replace|rename)\(|NamedTemporaryFile|mkstemp", others) == []
