"""A PyTorch ``state_dict`` file (``.pt``) written without PyTorch.

Exporting for PyTorch must not need PyTorch: a user exports on a laptop and trains on a GPU
machine. ``torch.save`` writes a zip archive (stored, not compressed) holding ``data.pkl`` —
a protocol-2 pickle of the dict whose tensors refer to storages by key — one raw
little-endian file per storage under ``data/``, plus ``byteorder`` and ``version``. We write
the same records, and only the globals ``torch.load(weights_only=True)`` allows
(``torch._utils._rebuild_tensor_v2``, ``torch.DoubleStorage``, ``collections.OrderedDict``),
so the file loads with the safe loader and with ``mmap=True``; the tests load it with torch.
"""

from __future__ import annotations

import io
import struct
import zipfile

import numpy as np

ARCHIVE = "weights"   # the folder inside the zip; torch.load accepts any name


def _text(value: str) -> bytes:
    data = value.encode("utf-8")
    return b"X" + struct.pack("<I", len(data)) + data          # BINUNICODE


def _int(value: int) -> bytes:
    return b"\x8a\x08" + struct.pack("<q", value)             # LONG1, 8 bytes


def _tuple(items: list[bytes]) -> bytes:
    return b"(" + b"".join(items) + b"t"                       # MARK … TUPLE


def _tensor(key: str, array: np.ndarray) -> bytes:
    """``_rebuild_tensor_v2(storage, offset, shape, strides, requires_grad, hooks)``."""
    storage = _tuple([_text("storage"), b"ctorch\nDoubleStorage\n", _text(key), _text("cpu"),
                      _int(array.size)]) + b"Q"               # BINPERSID: a storage record
    return (b"ctorch._utils\n_rebuild_tensor_v2\n"
            + _tuple([storage, _int(0), _tuple([_int(n) for n in array.shape]),
                      _tuple([_int(s // array.itemsize) for s in array.strides]),
                      b"\x89",                                 # NEWFALSE: requires_grad
                      b"ccollections\nOrderedDict\n)R"])       # backward hooks: empty
            + b"R")                                            # REDUCE


def state_dict_bytes(tensors: dict[str, np.ndarray]) -> bytes:
    """A ``.pt`` file holding ``tensors`` (name → array) as float64 CPU tensors."""
    arrays = {name: np.require(array, dtype="<f8", requirements="C")
              for name, array in tensors.items()}
    pickle = [b"\x80\x02}("]                                  # PROTO 2, EMPTY_DICT, MARK
    for index, (name, array) in enumerate(arrays.items()):
        pickle.append(_text(name) + _tensor(str(index), array))
    pickle.append(b"u.")                                      # SETITEMS, STOP
    records = {"data.pkl": b"".join(pickle), "byteorder": b"little"}
    records.update((f"data/{index}", array.tobytes())
                   for index, array in enumerate(arrays.values()))
    records["version"] = b"3\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in records.items():
            # a fixed date: the same weights give the same bytes
            archive.writestr(zipfile.ZipInfo(f"{ARCHIVE}/{name}", (1980, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()
