"""Run Python code in a fresh interpreter where Qt cannot be imported (the dependency rule:
the model, engine, data, formats, X-ray core and headless commands never import Qt)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

#: set to None in ``sys.modules``: importing them (or any of their submodules) fails
BLOCKED = ("PySide6", "shiboken6", "pyqtgraph")
ROOT = Path(__file__).resolve().parents[1]


def run_without_qt(code: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``code`` run by ``python -c`` from the project's root with :data:`BLOCKED` blocked;
    fails the calling test with the child's stderr if it does not exit cleanly. The
    code may check ``loaded_qt()`` (defined for it): the Qt modules it imported after all."""
    prelude = ("import sys\n"
               + "".join(f"sys.modules[{name!r}] = None\n" for name in BLOCKED)
               + "def loaded_qt():\n"
               + f"    return [m for m in sys.modules if m.split('.')[0] in {BLOCKED!r}\n"
               + "            and sys.modules[m] is not None]\n")
    result = subprocess.run([sys.executable, "-c", prelude + code], capture_output=True,
                            text=True, timeout=timeout, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr
    return result
