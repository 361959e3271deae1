"""Checks a parsed ``.bpnet`` document and builds the Network it describes.

Every problem is raised as :class:`Invalid` with a message that names where it is
(``network.neurons[3].bias must be a finite number, got "abc"``); the public loader adds the
file name. Checks are linear in the size of the document: one pass over neurons, one over
connections, one cycle search.
"""

from __future__ import annotations

import bisect
import difflib
import json
import math
from dataclasses import fields
from typing import Any

from bpstudio.formats.dense_blocks import BLOCK_KEYS, Checks, block_connections
from bpstudio.model.network import (
    DEFAULT_ACTIVATION,
    MAX_COORDINATE,
    MAX_NEURONS,
    ROLES,
    Connection,
    Network,
    NetworkError,
    Neuron,
)
from bpstudio.model.points import NO_POINTS, DrawnPoint, DrawnPoints
from bpstudio.model.scaling import NO_SCALING, InputScaling
from bpstudio.model.settings import (
    ACTIVATIONS,
    SCALINGS,
    DatasetSpec,
    LossHistory,
    SettingsError,
    TrainingSettings,
    settings_from_dict,
)
from bpstudio.model.validate import find_cycle
from bpstudio.progress import NO_PROGRESS, Progress
from bpstudio.words import QT_TRANSLATE_NOOP, translate

FORMAT_NAME = "bpstudio-network"
# 2 added training.validation_ratio; 3 added the dataset's image and scaling fields,
# input_scaling and points; 4 added runs; 5 added recurrent connections and the sequence
# settings; 6 added network.blocks (fully connected column pairs as one weight array each).
# Older versions read as they are (every new field has a default).
FORMAT_VERSION = 6

TOP_KEYS = ("format", "version", "title", "description", "network", "training", "dataset",
            "input_scaling", "points", "history", "runs")
SCALING_KEYS = ("method", "offset", "scale")
POINTS_KEYS = ("task", "n_classes", "samples")
NETWORK_KEYS = ("neurons", "connections", "blocks")
NEURON_KEYS = ("id", "role", "activation", "bias", "label", "x", "y", "frozen")
CONNECTION_KEYS = ("id", "source", "target", "weight", "frozen", "recurrent")
HISTORY_KEYS = tuple(f.name for f in fields(LossHistory))

MAX_ID = 2 ** 53 - 1   # the largest whole number every JSON reader (JavaScript too) keeps exact

CHUNK = 8192   # neurons or connections checked between two progress reports

_NEURON_KEY_SET = frozenset(NEURON_KEYS)
_ROLE_SET = frozenset(ROLES)
_ACTIVATION_SET = frozenset(ACTIVATIONS)
_CONNECTION_KEY_SET = frozenset(CONNECTION_KEYS)
_BLOCK_KEY_SET = frozenset(BLOCK_KEYS)


class Invalid(Exception):
    """One problem in the document; the message says what and where, without the file."""


class NonFinite:
    """What the JSON parser returns for ``NaN``, ``Infinity`` or a float that overflows
    (``1e999``), so the checks can reject it with its place and its original text."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def parse_float(text: str) -> float | NonFinite:
    value = float(text)
    return value if math.isfinite(value) else NonFinite(text)


def show(value: Any) -> str:
    """A value as it would appear in the file, shortened for a message."""
    if isinstance(value, NonFinite):
        return value.text
    if isinstance(value, int) and abs(value) >= 10**20:   # thousands of digits are possible
        return f"a {math.floor(math.log10(abs(value))) + 1}-digit number"
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):   # huge ints, foreign objects
        text = f"a value of type {type(value).__name__}"
    return text if len(text) <= 60 else text[:57] + "…"


# ---------------------------------------------------------------- leaf checks
def _whole(value: Any, where: str, low: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise Invalid(translate("Bpnet", "{where} must be a whole number ≥ {low}, got "
                                         "{value}").format(where=where, low=low,
                                                           value=show(value)))
    return value


def _id(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
        raise Invalid(translate("Bpnet", "{where} must be a whole number from 1 to "
                                         "{max_id}, got {value}").format(
                          where=where, max_id=MAX_ID, value=show(value)))
    return value


def _finite(value: Any, where: str) -> float:
    if type(value) is float and value - value == 0.0:   # fast path: finite float
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if math.isfinite(number):
            return number
    raise Invalid(translate("Bpnet", "{where} must be a finite number, got {value}").format(
                      where=where, value=show(value)))


def _optional_finite(value: Any, where: str) -> float | None:
    return None if value is None else _finite(value, where)


def _flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise Invalid(translate("Bpnet", "{where} must be true or false, got {value}").format(
                          where=where, value=show(value)))
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise Invalid(translate("Bpnet", "{where} must be text, got {value}").format(
                          where=where, value=show(value)))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:   # a lone surrogate from a "\ud800" escape
        raise Invalid(translate("Bpnet", "{where} contains an escape that is not a "
                                         "Unicode character ({value})").format(
                          where=where, value=show(value))) from None
    return value


def _choice(value: Any, where: str, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise Invalid(translate("Bpnet", "{where} must be one of {choices}; got {value}").format(
                          where=where, choices=', '.join(choices), value=show(value)))
    return value


def _object(value: Any, where: str, keys: tuple[str, ...] | frozenset[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Invalid(translate("Bpnet", "{where} must be an object, got {value}").format(
                          where=where, value=show(value)))
    if not value.keys() <= set(keys):
        unknown = sorted(value.keys() - set(keys))[0]
        close = difflib.get_close_matches(unknown, sorted(keys), n=1)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        raise Invalid(translate("Bpnet", "{where} has an unknown field {unknown}{hint}").format(
                          where=where, unknown=show(unknown), hint=hint))
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise Invalid(translate("Bpnet", "{where} must be a list, got {value}").format(
                          where=where, value=show(value)))
    return value


def _required(item: dict[str, Any], key: str, where: str) -> Any:
    if key not in item:
        raise Invalid(translate("Bpnet", "{where} has no {key}").format(
                          where=where, key=show(key)))
    return item[key]


# ---------------------------------------------------------------- header
def check_header(doc: Any) -> dict[str, Any]:
    """The top level, format name and version; everything else is read only after these."""
    if not isinstance(doc, dict):
        raise Invalid(translate("Bpnet", "the top level must be a JSON object, got {doc}").format(
                          doc=show(doc)))
    if "format" not in doc:
        raise Invalid(translate("Bpnet", "this is not a BP Studio network: \"format\" "
                                         "is missing (expected \"{format_name}\")").format(
                          format_name=FORMAT_NAME))
    if doc["format"] != FORMAT_NAME:
        raise Invalid(translate("Bpnet", "this is not a BP Studio network: \"format\" "
                                         "is {doc}, expected \"{format_name}\"").format(
                          doc=show(doc["format"]), format_name=FORMAT_NAME))
    version = _required(doc, "version", "the document")
    _whole(version, "version")
    if version > FORMAT_VERSION:
        raise Invalid(translate("Bpnet", "made by a newer BP Studio: version {version}; "
                                         "this one reads version {format_version}").format(
                          version=show(version), format_version=FORMAT_VERSION))
    _object(doc, "the top level", TOP_KEYS)
    return doc


# ---------------------------------------------------------------- network
def _position(value: Any, where: str, axis: str, name: str) -> float:
    """A finite coordinate within ±MAX_COORDINATE; the message names the neuron."""
    number = _finite(value, f"{where}.{axis}")
    if abs(number) > MAX_COORDINATE:
        raise Invalid(translate("Bpnet", "{where}.{axis}: neuron {name} sits at {axis} "
                                         "= {number:g}, off the canvas (positions lie "
                                         "within ±{max_coordinate:,.0f})").format(
                          where=where, axis=axis, name=name, number=number,
                          max_coordinate=MAX_COORDINATE))
    return number


def _neuron(item: Any, where: str) -> Neuron:
    item = _object(item, where, _NEURON_KEY_SET)
    nid = _id(_required(item, "id", where), f"{where}.id")
    role = _choice(_required(item, "role", where), f"{where}.role", ROLES)
    activation = item.get("activation", DEFAULT_ACTIVATION[role])
    label = _text(item.get("label", ""), f"{where}.label")
    name = show(label) if label else f"{role[0]}{nid}"
    return Neuron(
        id=nid, role=role,
        activation=_choice(activation, f"{where}.activation", ACTIVATIONS),
        bias=_finite(item.get("bias", 0.0), f"{where}.bias"),
        label=label,
        x=_position(item.get("x", 0.0), where, "x", name),
        y=_position(item.get("y", 0.0), where, "y", name),
        frozen=_flag(item.get("frozen", False), f"{where}.frozen"),
    )


def _saved_neuron(item: Any) -> Neuron | None:
    """The neuron of a line exactly as ``save`` writes it (all eight fields, exact types,
    values in range), or None: then the field-by-field check names the problem."""
    if type(item) is not dict or len(item) != 8:
        return None
    nid, role, activation = item.get("id"), item.get("role"), item.get("activation")
    bias, label, x, y = item.get("bias"), item.get("label"), item.get("x"), item.get("y")
    frozen = item.get("frozen")
    if (type(nid) is int and 1 <= nid <= MAX_ID and type(role) is str and role in _ROLE_SET
            and type(activation) is str and activation in _ACTIVATION_SET
            and type(bias) is float and bias - bias == 0.0
            and type(label) is str and label.isprintable()
            and type(x) is float and -MAX_COORDINATE <= x <= MAX_COORDINATE
            and type(y) is float and -MAX_COORDINATE <= y <= MAX_COORDINATE
            and type(frozen) is bool):
        return Neuron(nid, role, activation, bias, label, x, y, frozen)
    return None


def _neurons(items: Any, progress: Progress, consume: bool) -> list[Neuron]:
    items = _list(items, "network.neurons")
    if len(items) > MAX_NEURONS:
        raise Invalid(translate("Bpnet", "network.neurons holds {count:,} neurons; BP "
                                         "Studio opens at most {max_neurons:,}").format(
                          count=len(items), max_neurons=MAX_NEURONS))
    stage = progress.stage(QT_TRANSLATE_NOOP("Progress", "Reading neurons"), len(items))
    neurons: list[Neuron] = []
    index_of: dict[int, int] = {}
    for start in range(0, len(items), CHUNK):
        for index in range(start, min(start + CHUNK, len(items))):
            item = items[index]
            if consume:   # the parsed object is several times the Neuron's size
                items[index] = None
            neuron = _saved_neuron(item) or _neuron(item, f"network.neurons[{index}]")
            if neuron.id in index_of:
                raise Invalid(translate("Bpnet", "network.neurons[{index}].id: neuron "
                                                 "id {id} is already used by "
                                                 "network.neurons[{index_of}]").format(
                                  index=index, id=neuron.id,
                                  index_of=index_of[neuron.id]))
            index_of[neuron.id] = index
            neurons.append(neuron)
        stage.advance(min(CHUNK, len(items) - start))
    return neurons


def _connection(item: Any, where: str, index_of: dict[int, int],
                neuron_ids: set[int]) -> Connection:
    """Check one connection field by field; the message names the first problem."""
    item = _object(item, where, _CONNECTION_KEY_SET)
    cid = _id(_required(item, "id", where), f"{where}.id")
    if cid in index_of:
        raise Invalid(translate("Bpnet", "{where}.id: connection id {cid} is already "
                                         "used by network.connections[{index_of}]").format(
                          where=where, cid=cid, index_of=index_of[cid]))
    ends = []
    for end in ("source", "target"):
        nid = _id(_required(item, end, where), f"{where}.{end}")
        if nid not in neuron_ids:
            raise Invalid(translate("Bpnet", "{where}.{end}: there is no neuron with id "
                                             "{nid}").format(
                              where=where, end=end, nid=nid))
        ends.append(nid)
    return Connection(id=cid, source=ends[0], target=ends[1],
                      weight=_finite(item.get("weight", 0.0), f"{where}.weight"),
                      frozen=_flag(item.get("frozen", False), f"{where}.frozen"),
                      recurrent=_flag(item.get("recurrent", False), f"{where}.recurrent"))


def _connections(items: Any, neuron_ids: set[int], progress: Progress,
                 consume: bool) -> list[Connection]:
    items = _list(items, "network.connections")
    stage = progress.stage(QT_TRANSLATE_NOOP("Progress", "Reading connections"), len(items))
    connections: list[Connection] = []
    index_of: dict[int, int] = {}   # connection id -> its index, for duplicate messages
    for start in range(0, len(items), CHUNK):
        for index in range(start, min(start + CHUNK, len(items))):
            item = items[index]
            if consume:
                items[index] = None
            # Fast path for what save writes for an ordinary connection (all five fields,
            # exact types; "recurrent" is written only when true); anything else
            # goes through the field-by-field check, which takes defaults or names the problem.
            if type(item) is dict and len(item) == 5:
                cid, source, target = item.get("id"), item.get("source"), item.get("target")
                weight, frozen = item.get("weight"), item.get("frozen")
                if (type(cid) is int and 1 <= cid <= MAX_ID and cid not in index_of
                        and type(source) is int and source in neuron_ids
                        and type(target) is int and target in neuron_ids
                        and type(weight) is float and weight - weight == 0.0
                        and type(frozen) is bool):
                    index_of[cid] = index
                    connections.append(Connection(cid, source, target, weight, frozen))
                    continue
            connection = _connection(item, f"network.connections[{index}]", index_of,
                                     neuron_ids)
            index_of[connection.id] = index
            connections.append(connection)
        stage.advance(min(CHUNK, len(items) - start))
    return connections


class _Places:
    """Where each connection sits in the file, for messages: a record's index, or a block
    and the row and column in it."""

    def __init__(self, records: list[Connection]) -> None:
        self.records = records
        self.blocks: list[tuple[int, int, int]] = []   # (first id, width, size), file order

    def _record_index(self, connection: Connection) -> int | None:
        """Searched only for a message: an index of a million records costs 100 MB."""
        return next((i for i, c in enumerate(self.records) if c is connection), None)

    def of(self, connection: Connection) -> str:
        index = self._record_index(connection)
        if index is not None:
            return f"network.connections[{index}]"
        for number, (first, width, size) in enumerate(self.blocks):
            if first <= connection.id < first + size:
                row, column = divmod(connection.id - first, width)
                return f"network.blocks[{number}].weights[{row}][{column}]"
        return f"connection {connection.id}"   # not reached: every connection has a place

    def sort_key(self, connection: Connection) -> tuple[int, int]:
        index = self._record_index(connection)
        return (0, index) if index is not None else (1, connection.id)


def _repeated_problem(network: Network, places: _Places) -> str | None:
    """Two connections joining the same pair of neurons (the editor refuses to draw the
    second; training would add their weights as one), named by their place in the file."""
    pair = network.repeated_connection()
    if pair is None:
        return None
    first, second = sorted(pair, key=places.sort_key)
    names = f"{network.neurons[pair[0].source].name} → {network.neurons[pair[0].target].name}"
    return (f"{places.of(second)} repeats {places.of(first)}: both "
            f"connect {names}, and a pair of neurons takes one connection")


def _cycle_problem(network: Network) -> str | None:
    if network.is_acyclic():   # a tenth of find_cycle's time on a million connections
        return None
    cycle = find_cycle(network)
    if cycle is None:
        return None
    loop = cycle + cycle[:1]
    names = " → ".join(network.neurons[i].name for i in loop)
    edges = [network.find_connection(a, b) for a, b in zip(loop, loop[1:], strict=False)]
    ids = ", ".join(str(c.id) for c in edges if c is not None)
    return (f"network.connections form a cycle: {names} (connections {ids}); "
            "a network must only feed forward, except through recurrent connections")


def _blocks(items: Any, neuron_ids: set[int], record_ids: dict[int, int],
            progress: Progress, consume: bool, places: _Places) -> list[Connection]:
    """The connections of ``network.blocks``: each block checked (dense_blocks.py), no id
    shared with a record or another block."""
    items = _list(items, "network.blocks")
    checks = Checks(id=_id, weight=_finite, error=Invalid)
    connections: list[Connection] = []
    stage = progress.stage(QT_TRANSLATE_NOOP("Progress", "Reading connection blocks"), len(items))
    for index in range(len(items)):
        item = items[index]
        if consume:
            items[index] = None
        where = f"network.blocks[{index}]"
        block = block_connections(_object(item, where, _BLOCK_KEY_SET), where, neuron_ids,
                                  MAX_ID, checks)
        places.blocks.append((block[0].id, len(item["sources"]), len(block)))
        connections.extend(block)
        stage.advance()
    _check_block_ids(places.blocks, record_ids)
    return connections


def _check_block_ids(blocks: list[tuple[int, int, int]], record_ids: dict[int, int]) -> None:
    """No two blocks share an id, and no record uses one of a block's ids."""
    ranges = sorted((first, first + size - 1, number)
                    for number, (first, _width, size) in enumerate(blocks))
    for (_, last, a), (first, _, b) in zip(ranges, ranges[1:], strict=False):
        if first <= last:
            later, earlier = max(a, b), min(a, b)
            raise Invalid(translate("Bpnet", "network.blocks[{later}] and "
                                             "network.blocks[{earlier}] both hold "
                                             "connection id {first}").format(
                              later=later, earlier=earlier, first=first))
    starts = [first for first, _, _ in ranges]
    for cid, index in record_ids.items():
        slot = bisect.bisect_right(starts, cid) - 1
        if slot >= 0 and cid <= ranges[slot][1]:
            raise Invalid(translate("Bpnet", "network.connections[{index}].id: "
                                             "connection id {cid} is already used by "
                                             "network.blocks[{ranges}]").format(
                              index=index, cid=cid, ranges=ranges[slot][2]))


def build_network(section: Any, progress: Progress = NO_PROGRESS,
                  consume: bool = False) -> Network:
    """The neurons and connections of ``network``: checked, added in bulk, each pair of
    neurons joined at most once, cycle-free. ``consume``: the caller owns the parsed
    document and lets each item go once it is read (a million neurons take half the
    memory)."""
    section = _object(section, "network", NETWORK_KEYS)
    neurons = _neurons(section.get("neurons", []), progress, consume)
    neuron_ids = {n.id for n in neurons}
    records = _connections(section.get("connections", []), neuron_ids, progress, consume)
    places = _Places(records)
    connections = records
    if "blocks" in section:
        record_ids = {c.id: i for i, c in enumerate(records)}
        connections = records + _blocks(section["blocks"], neuron_ids, record_ids, progress,
                                        consume, places)
        connections.sort(key=lambda c: c.id)   # as if every connection were a record
    network = Network()
    try:
        network.add_neurons(neurons, check=False)   # every field was checked above
        network.add_connections(connections, check=False)
    except NetworkError as error:   # not expected after the checks above; never a traceback
        raise Invalid(f"network: {error}") from None
    progress.check()
    problem = _repeated_problem(network, places) or _cycle_problem(network)
    if problem:
        raise Invalid(problem)
    return network


# ---------------------------------------------------------------- settings, history
def _settings(cls: type, section: Any, where: str) -> Any:
    names = tuple(f.name for f in fields(cls))
    data = _object(section, where, names)
    for key, value in data.items():
        # Pre-empt what the settings checks would misreport: NaN shown as "must be a number".
        if isinstance(value, NonFinite):
            raise Invalid(translate("Bpnet", "{where}.{key} must be a finite number, "
                                             "got {value}").format(
                              where=where, key=key, value=show(value)))
    try:
        return settings_from_dict(cls, dict(data), where)
    except SettingsError as error:
        raise Invalid(str(error)) from None


def _history(section: Any) -> LossHistory:
    data = _object(section, "history", HISTORY_KEYS)

    def column(key: str, check: Any) -> tuple[Any, ...]:
        values = _list(data.get(key, []), f"history.{key}")
        return tuple(check(v, f"history.{key}[{i}]") for i, v in enumerate(values))

    try:
        return LossHistory(
            epochs=column("epochs", lambda v, w: _whole(v, w, low=0)),
            train_loss=column("train_loss", _finite),
            test_loss=column("test_loss", _optional_finite),
            test_metric=column("test_metric", _optional_finite),
            learning_rate=column("learning_rate", _finite),
            metric_name=_text(data.get("metric_name", ""), "history.metric_name"),
        )
    except SettingsError as error:
        raise Invalid(str(error)) from None


def _numbers(value: Any, where: str) -> tuple[float, ...]:
    return tuple(_finite(v, f"{where}[{i}]") for i, v in enumerate(_list(value, where)))


def _input_scaling(section: Any) -> InputScaling:
    if section is None:
        return NO_SCALING
    data = _object(section, "input_scaling", SCALING_KEYS)
    method = _choice(data.get("method", "none"), "input_scaling.method", SCALINGS)
    offset = _numbers(data.get("offset", []), "input_scaling.offset")
    scale = _numbers(data.get("scale", []), "input_scaling.scale")
    try:
        return InputScaling(method, offset, scale)
    except SettingsError as error:
        raise Invalid(str(error)) from None


def _point(item: Any, where: str, classification: bool) -> DrawnPoint:
    value_key = "label" if classification else "target"
    data = _object(item, where, ("x1", "x2", value_key))
    x1 = _finite(_required(data, "x1", where), f"{where}.x1")
    x2 = _finite(_required(data, "x2", where), f"{where}.x2")
    if classification:
        value: float = _whole(_required(data, "label", where), f"{where}.label", low=0)
    else:
        value = _finite(_required(data, "target", where), f"{where}.target")
    return DrawnPoint(x1, x2, float(value))


def _drawn_points(section: Any) -> DrawnPoints:
    if section is None:
        return NO_POINTS
    data = _object(section, "points", POINTS_KEYS)
    task = _choice(data.get("task", "classification"), "points.task",
                   ("classification", "regression"))
    classification = task == "classification"
    n_classes = _whole(data.get("n_classes", 2 if classification else 0), "points.n_classes",
                       low=0)
    samples = _list(data.get("samples", []), "points.samples")
    points = tuple(_point(item, f"points.samples[{i}]", classification)
                   for i, item in enumerate(samples))
    try:
        return DrawnPoints(task, n_classes, points)
    except SettingsError as error:
        raise Invalid(str(error)) from None


def read_document(doc: Any, progress: Progress = NO_PROGRESS,
                  consume: bool = False) -> tuple[Network, str, str]:
    """The Network plus (title, description) described by ``doc``, or :class:`Invalid`;
    ``progress`` hears about the neurons and connections (LoadCancelled when stopped);
    ``consume``: see :func:`build_network`."""
    doc = check_header(doc)
    title = _text(doc.get("title", ""), "title")
    description = _text(doc.get("description", ""), "description")
    if "network" not in doc:
        raise Invalid(translate("Bpnet", "\"network\" is missing: the file has no neurons or "
                                         "connections section"))
    network = build_network(doc["network"], progress, consume)
    settings = _settings(TrainingSettings, doc.get("training", {}), "training")
    dataset = _settings(DatasetSpec, doc.get("dataset", {}), "dataset")
    history = _history(doc.get("history", {}))
    network.set_settings(settings, dataset)
    network.set_input_scaling(_input_scaling(doc.get("input_scaling")))
    network.set_drawn_points(_drawn_points(doc.get("points")))
    network.set_history(history)
    from bpstudio.formats._runs import read_runs  # (it builds on this module's checks)

    network.set_runs(read_runs(doc.get("runs")))
    return network, title, description
