"""bpstudio.data stays NumPy-only: no Qt, no engine, and no scikit-learn import even for digits."""

import subprocess
import sys

SCRIPT = """
import sys
import bpstudio.data as data
from bpstudio.model.settings import DatasetSpec
for name in data.BUILTINS:
    data.load_dataset(DatasetSpec(name=name))
heavy = [m for m in ("PySide6", "pyqtgraph", "bpstudio.engine", "bpstudio.ui", "sklearn")
         if m in sys.modules]
print(",".join(heavy))
"""


def test_loading_every_builtin_imports_nothing_heavy() -> None:
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                            check=True, timeout=60)
    assert result.stdout.strip() == ""
