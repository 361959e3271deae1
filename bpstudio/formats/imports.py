"""Networks into BP Studio from other files: ONNX models and BP Studio's own exports.

``import_network(path)`` reads the file by its suffix and returns a new network laid out
by depth, ready to train or to step through in the X-ray, with a title saying where it came
from. Anything that stops the import — a file that is not what its suffix says, an operator
that is not a dense layer or one of the activations, a model too large to draw — is one
:class:`ModelImportError` whose message says what and where.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bpstudio.files import NotARegularFile, check_regular
from bpstudio.formats.bpnet import ProjectInfo
from bpstudio.formats.import_draft import (
    MAX_CONNECTIONS,
    MAX_NEURONS,
    Draft,
    ModelImportError,
    build_network,
)
from bpstudio.model.network import Network
from bpstudio.words import translate

__all__ = ["IMPORT_FORMATS", "MAX_CONNECTIONS", "MAX_NEURONS", "ImportFormat",
           "ModelImportError", "import_network"]


@dataclass(frozen=True)
class ImportFormat:
    """One entry of File ▸ Import and of ``bpstudio import``."""

    suffix: str
    name: str
    about: str
    reader: Callable[[Path], Draft]

    @property
    def label(self) -> str:
        return f"{self.name} — {self.about}"


def _onnx(path: Path) -> Draft:
    from bpstudio.formats.import_onnx import onnx_draft

    try:
        return onnx_draft(path)
    except ImportError as error:   # onnx is a dependency; a broken install says so here
        raise ModelImportError(translate("Import", "cannot read ONNX: the {package} "
                                                   "package is missing or broken "
                                                   "({error})").format(
                                   package=error.name or 'onnx', error=error)) from None


def _npz(path: Path) -> Draft:
    from bpstudio.formats.import_weights import npz_draft

    return npz_draft(path)


def _json(path: Path) -> Draft:
    from bpstudio.formats.import_weights import json_draft

    return json_draft(path)


IMPORT_FORMATS: tuple[ImportFormat, ...] = (
    ImportFormat(".onnx", "ONNX model", "a dense network: Gemm or MatMul + Add layers, "
                 "Relu, Sigmoid, Tanh, LeakyRelu, Softmax (torch.onnx.export of an MLP)", _onnx),
    ImportFormat(".npz", "BP Studio NumPy export", "weights exported from BP Studio", _npz),
    ImportFormat(".json", "BP Studio JSON export", "weights exported from BP Studio", _json),
)


def import_network(path: str | os.PathLike[str]) -> tuple[Network, ProjectInfo]:
    """The network in ``path`` and a title and description naming the file it came from."""
    path = Path(path)
    chosen = next((f for f in IMPORT_FORMATS if f.suffix == path.suffix.lower()), None)
    if chosen is None:
        supported = ", ".join(f.suffix for f in IMPORT_FORMATS)
        problem = (translate("Import", 'cannot import "{suffix}" files').format(
                       suffix=path.suffix) if path.suffix else
                   translate("Import", "the name has no suffix to choose the format by"))
        raise ModelImportError(translate("Import", "{path}: {problem}; use one of "
                                                   "{supported}").format(
                                   path=path, problem=problem, supported=supported))
    try:
        check_regular(path)   # a pipe or /dev/zero would block or never end
        network = build_network(chosen.reader(path))
    except FileNotFoundError:
        raise ModelImportError(translate("Import", "{path}: file not found").format(
                                   path=path)) from None
    except NotARegularFile as error:
        raise ModelImportError(translate("Import", "{path}: is {what}, not a file").format(
                                   path=path, what=error.what)) from None
    except OSError as error:
        raise ModelImportError(translate("Import", "cannot read {path}: {reason}").format(
                                   path=path, reason=error.strerror or error)) from None
    except ModelImportError as error:
        message = str(error)
        raise ModelImportError(message if message.startswith((str(path), path.name))
                               else f"{path.name}: {message}") from None
    info = ProjectInfo(title=f"{path.stem} (imported)",
                       description=f"Imported from {path.name} ({chosen.name}): "
                                   f"{len(network.neurons)} neurons, "
                                   f"{len(network.connections)} connections.")
    return network, info
