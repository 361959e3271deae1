"""BP Studio's own ``.npz`` and ``.json`` weight exports, read back as a network.

The JSON lists every neuron and connection with its id, so the import is the network that
was exported (positions, frozen flags and settings other than the loss are not in exports).
The ``.npz`` holds weight matrices, where "not connected" is a 0: connections of weight
exactly 0 do not come back. A file that scales its inputs (``input_scaling``: a method,
offsets and scales) gives the document that input scaling, so the imported network takes
the same raw inputs and exports the same files again; offsets and scales the document
cannot hold as they are (no known method, a negative scale) are folded into the first
weights and biases instead, which computes the same from raw inputs.
"""

from __future__ import annotations

import json
import math
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from bpstudio.formats.bpnet import FORMAT_NAME as BPNET_FORMAT
from bpstudio.formats.export_json import FORMAT_NAME as JSON_FORMAT
from bpstudio.formats.export_json import FORMAT_VERSION as JSON_VERSION
from bpstudio.formats.export_npz import FORMAT_NAME as NPZ_FORMAT
from bpstudio.formats.export_npz import FORMAT_VERSION as NPZ_VERSION
from bpstudio.formats.import_draft import Draft, ModelImportError
from bpstudio.model.network import ROLES
from bpstudio.model.scaling import InputScaling
from bpstudio.model.settings import ACTIVATIONS, SettingsError
from bpstudio.words import translate

MAX_FILE_BYTES = 1 << 30


def _check_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ModelImportError(translate("Import", "{name} is {size:.0f} MB; the limit "
                                                   "is {max_file_bytes} MB").format(
                                   name=path.name, size=size / 2**20,
                                   max_file_bytes=MAX_FILE_BYTES >> 20))


def fold_input_scaling(draft: Draft, offset: np.ndarray, scale: np.ndarray) -> None:
    """Make the draft take raw inputs x where it took (x − offset) / scale: every weight
    w from input i becomes w / scale_i and its target's bias loses w · offset_i / scale_i."""
    column = {key: i for i, key in enumerate(draft.inputs)}
    for (source, target), weight in list(draft.edges.items()):
        i = column.get(source)
        if i is not None:
            draft.edges[(source, target)] = weight / float(scale[i])
            draft.neurons[target].bias -= weight * float(offset[i]) / float(scale[i])


def _scaling(draft: Draft, method: Any, offset: Any, scale: Any, where: str) -> None:
    """The file's input scaling as the draft's, or folded into its first weights."""
    try:
        offset = np.asarray(offset, dtype=np.float64).reshape(-1)
        scale = np.asarray(scale, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError):
        raise ModelImportError(translate("Import", "{where}: the input scaling must be "
                                                   "numbers").format(
                                   where=where)) from None
    n = len(draft.inputs)
    if offset.shape != (n,) or scale.shape != (n,) or not np.isfinite(offset).all() \
            or not np.isfinite(scale).all() or (scale == 0).any():
        raise ModelImportError(translate("Import", "{where}: the input scaling needs "
                                                   "{n} finite offsets and non-zero "
                                                   "scales, one per input").format(
                                   where=where, n=n))
    try:
        draft.input_scaling = InputScaling(str(method), tuple(offset.tolist()),
                                           tuple(scale.tolist()))
    except SettingsError:   # raw inputs, or no method BP Studio fits, or a scale < 0
        if (offset != 0).any() or (scale != 1).any():
            fold_input_scaling(draft, offset, scale)   # the same maths from raw inputs


# ------------------------------------------------------------------ .json
def _get(item: Any, key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if not isinstance(item, dict) or key not in item:
        raise ModelImportError(translate("Import", "{where} has no {key!r}").format(
                                   where=where, key=key))
    value = item[key]
    if isinstance(value, bool) or not isinstance(value, kind):
        raise ModelImportError(translate("Import", "{where}: {key!r} has the wrong type "
                                                   "({value!r})").format(
                                   where=where, key=key, value=value))
    if isinstance(value, float) and not math.isfinite(value):
        raise ModelImportError(translate("Import", "{where}: {key!r} is not a finite "
                                                   "number").format(
                                   where=where, key=key))
    return value


def json_draft(path: Path) -> Draft:
    _check_size(path)
    try:
        doc = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        raise ModelImportError(translate("Import", "{name} is not UTF-8 text").format(
                                   name=path.name)) from None
    except json.JSONDecodeError as error:
        raise ModelImportError(translate("Import", "{name} is not valid JSON (line "
                                                   "{lineno}: {msg})").format(
                                   name=path.name, lineno=error.lineno, msg=error.msg)) from None
    name = path.name
    if not isinstance(doc, dict) or doc.get("format") != JSON_FORMAT:
        hint = (" (a BP Studio project: open it with File ▸ Open)"
                if isinstance(doc, dict) and doc.get("format") == BPNET_FORMAT else "")
        raise ModelImportError(translate("Import", "{name} is not a BP Studio weights "
                                                   "export{hint}: its \"format\" is not "
                                                   "\"{json_format}\"").format(
                                   name=name, hint=hint, json_format=JSON_FORMAT))
    if _get(doc, "version", int, name) > JSON_VERSION:
        raise ModelImportError(translate("Import", "{name} is version {version} of the "
                                                   "weights format; this BP Studio "
                                                   "reads up to version {json_version}").format(
                                   name=name, version=doc["version"],
                                   json_version=JSON_VERSION))
    draft, key_of, connection_ids = Draft(), {}, set()
    for index, item in enumerate(_get(doc, "neurons", list, name)):
        where = f"{name}: neurons[{index}]"
        nid = _get(item, "id", int, where)
        role = _get(item, "role", str, where)
        activation = _get(item, "activation", str, where)
        if role not in ROLES or activation not in ACTIVATIONS or nid < 1 or nid in key_of:
            raise ModelImportError(translate("Import", "{where}: id {nid}, role "
                                                       "{role!r} or activation "
                                                       "{activation!r} is not valid (or "
                                                       "the id is repeated)").format(
                                       where=where, nid=nid, role=role,
                                       activation=activation))
        bias = 0.0 if role == "input" else float(_get(item, "bias", (int, float), where))
        key = draft.add_neuron(role, activation, bias)
        draft.neurons[key].id, key_of[nid] = nid, key
        draft.neurons[key].label = str(item.get("label", ""))
    for index, item in enumerate(_get(doc, "connections", list, name)):
        where = f"{name}: connections[{index}]"
        cid, ends = _get(item, "id", int, where), []
        for end in ("source", "target"):
            nid = _get(item, end, int, where)
            if nid not in key_of:
                raise ModelImportError(translate("Import", "{where}: the {end} {nid} is "
                                                           "not a listed neuron").format(
                                           where=where, end=end, nid=nid))
            ends.append(key_of[nid])
        pair = (ends[0], ends[1])
        if pair in draft.edges or cid in connection_ids:
            raise ModelImportError(translate("Import", "{where}: connection {cid} is "
                                                       "listed twice").format(
                                       where=where, cid=cid))
        draft.add_edge(*pair, float(_get(item, "weight", (int, float), where)))
        draft.connection_ids[pair] = cid
        if item.get("recurrent") is True:
            draft.recurrent.add(pair)
        connection_ids.add(cid)
    for end in ("inputs", "outputs"):
        ids = _get(doc, end, list, name)
        role = end[:-1]
        if not all(type(i) is int for i in ids) \
                or sorted(ids) != sorted(n.id or 0 for n in draft.neurons if n.role == role):
            raise ModelImportError(translate("Import", "{name}: {end!r} does not list "
                                                       "the {role} neurons").format(
                                       name=name, end=end, role=role))
        setattr(draft, end, [key_of[i] for i in ids])
    scaling = doc.get("input_scaling")
    if scaling is not None:
        _scaling(draft, scaling.get("method") if isinstance(scaling, dict) else None,
                 _get(scaling, "offset", list, name), _get(scaling, "scale", list, name), name)
    draft.loss = doc.get("loss") if isinstance(doc.get("loss"), str) else None
    return draft


# ------------------------------------------------------------------ .npz
def npz_draft(path: Path) -> Draft:
    _check_size(path)
    try:
        # our own handle: np.load leaves its file open when the zip cannot be read
        with open(path, "rb") as handle, np.load(handle, allow_pickle=False) as file:
            arrays = {key: file[key] for key in file.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as error:
        raise ModelImportError(translate("Import", "{name} is not a readable .npz file "
                                                   "({error})").format(
                                   name=path.name, error=error)) from None
    name = path.name
    if str(arrays.get("format", "")) != NPZ_FORMAT:
        raise ModelImportError(translate("Import", "{name} is not a BP Studio weights "
                                                   "export: its \"format\" array is not "
                                                   "\"{npz_format}\"").format(
                                   name=name, npz_format=NPZ_FORMAT))
    try:
        return _npz(arrays, name)
    except ModelImportError:
        raise
    except (KeyError, ValueError, TypeError, IndexError) as error:
        raise ModelImportError(translate("Import", "{name} is damaged: {error}").format(
                                   name=name, error=error)) from None


def _npz(arrays: dict[str, np.ndarray], name: str) -> Draft:
    if int(arrays["version"]) > NPZ_VERSION:
        raise ModelImportError(translate("Import", "{name} is version {version} of the "
                                                   "weights format; this BP Studio "
                                                   "reads up to version {npz_version}").format(
                                   name=name, version=int(arrays['version']),
                                   npz_version=NPZ_VERSION))
    ids = [int(i) for i in arrays["neuron_ids"]]
    labels = [str(s) for s in arrays["neuron_labels"]]
    inputs = [int(i) for i in arrays["input_index"]]
    outputs = {int(i) for i in arrays["output_index"]}
    if len(labels) != len(ids) or not set(inputs) | outputs <= set(range(len(ids))):
        raise ValueError(translate("Import", "the neuron index arrays do not match"))
    draft = Draft()
    for column, (nid, label) in enumerate(zip(ids, labels, strict=True)):
        role = "input" if column in inputs else "output" if column in outputs else "hidden"
        key = draft.add_neuron(role, "identity")
        draft.neurons[key].id, draft.neurons[key].label = nid, label
    for k in range(int(arrays["n_levels"])):
        weight, bias = arrays[f"level{k}_weight"], arrays[f"level{k}_bias"]
        sources = [int(i) for i in arrays[f"level{k}_sources"]]
        targets = [int(i) for i in arrays[f"level{k}_targets"]]
        activations = [str(a) for a in arrays[f"level{k}_activation"]]
        if weight.shape != (len(targets), len(sources)) or bias.shape != (len(targets),) \
                or len(activations) != len(targets) or not set(activations) <= set(ACTIVATIONS) \
                or not {*sources, *targets} <= set(range(len(ids))):
            raise ValueError(translate("Import", "level {k}'s arrays do not fit together").format(
                                 k=k))
        for i, target in enumerate(targets):
            draft.neurons[target].activation = activations[i]
            draft.neurons[target].bias = float(bias[i])
            for j in np.flatnonzero(weight[i]):
                draft.add_edge(sources[int(j)], target, float(weight[i, j]))
        if f"level{k}_recurrent_weight" in arrays:   # version 3: the previous step's sources
            held = [int(i) for i in arrays[f"level{k}_recurrent_sources"]]
            recurrent = arrays[f"level{k}_recurrent_weight"]
            if recurrent.shape != (len(targets), len(held)) \
                    or not set(held) <= set(range(len(ids))):
                raise ValueError(translate("Import", "level {k}'s recurrent arrays do "
                                                     "not fit together").format(
                                     k=k))
            for i, target in enumerate(targets):
                for j in np.flatnonzero(recurrent[i]):
                    draft.add_edge(held[int(j)], target, float(recurrent[i, j]))
                    draft.recurrent.add((held[int(j)], target))
    draft.inputs = inputs
    draft.outputs = [int(i) for i in arrays["output_index"]]
    if "input_offset" in arrays:
        _scaling(draft, arrays.get("input_scaling"), arrays["input_offset"],
                 arrays["input_scale"], name)
    draft.loss = str(arrays["loss"])
    return draft
