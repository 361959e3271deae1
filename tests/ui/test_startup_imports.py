"""The window's module imports only what its first frame needs; the rest loads on first use.

Start-up time is measured in bench/bench_startup.py; this test keeps the lazy imports lazy.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# Loaded on first use: exporting, the CSV / image-folder / IDX readers, Pillow, the CLI.
NOT_AT_START = ("bpstudio.formats.exports", "bpstudio.formats.export_onnx",
                "bpstudio.formats.export_torch", "bpstudio.formats.export_c",
                "bpstudio.formats.export_npz", "bpstudio.formats.torch_pt",
                "bpstudio.formats.imports", "bpstudio.formats.import_onnx",
                "bpstudio.data.csv_loader", "bpstudio.data.image_folder",
                "bpstudio.data.image_cache", "bpstudio.data.idx", "PIL", "bpstudio.headless")

SCRIPT = f"""
import json, sys
import bpstudio.ui.main_window
print(json.dumps([m for m in {NOT_AT_START!r} if m in sys.modules]))
import bpstudio.data, bpstudio.data.csv_loader as csv_loader
from bpstudio.ui.document.file_actions import import_filter
assert bpstudio.data.load_csv_dataset is csv_loader.load_csv_dataset
assert bpstudio.data.load_inputs_csv is csv_loader.load_inputs_csv
assert "*.onnx" in import_filter()
"""


@pytest.mark.slow
def test_importing_the_main_window_leaves_what_the_first_frame_does_not_need() -> None:
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                            check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
