"""The wheel carries every module and every shipped resource.

``resources/`` sits at the top of the repository and installs as ``bpstudio.resources``
through a package-dir mapping in pyproject.toml, which also lists the packages by hand:
a new subpackage missing from that list, or a resource folder the mapping misses, fails here.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _shipped_sources() -> set[str]:
    """Every file the wheel must hold, as its path inside the wheel."""
    names = {p.relative_to(ROOT).as_posix() for p in (ROOT / "bpstudio").rglob("*.py")}
    names |= {p.relative_to(ROOT).as_posix() for p in (ROOT / "bpstudio").rglob("*.json")}
    for path in (ROOT / "resources").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            names.add("bpstudio/" + path.relative_to(ROOT).as_posix())
    return names


@pytest.mark.slow
def test_the_wheel_holds_every_module_and_resource(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--quiet",
                    "-w", str(tmp_path)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("bpstudio-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        inside = set(archive.namelist())
    missing = _shipped_sources() - inside
    assert not missing, f"not in the wheel: {sorted(missing)}"
    assert any(name.startswith("bpstudio/resources/examples/") and name.endswith(".bpnet")
               for name in inside)
    assert "bpstudio/resources/icons/train.svg" in inside
    # the compiled translations the GUI loads (committed, see DEVELOPERS.md)
    for language in ("zh_CN", "en"):
        assert f"bpstudio/resources/translations/bpstudio_{language}.qm" in inside
    for shipped in ("fashion-mnist/t10k-images-idx3-ubyte.gz", "fashion-mnist/LICENSE",
                    "iris.csv.gz", "digits.csv.gz", "diabetes.csv.gz"):
        assert f"bpstudio/resources/datasets/{shipped}" in inside, shipped


def test_the_installed_package_finds_its_examples_and_icons() -> None:
    from bpstudio.resources import RESOURCES_DIR

    from bpstudio.examples import example_path, list_examples

    assert (RESOURCES_DIR / "icons" / "train.svg").is_file()
    names = {info.name for info in list_examples()}
    assert {"xor", "digits"} <= names
    assert all(example_path(name).is_file() for name in names)
