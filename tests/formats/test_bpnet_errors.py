"""Bad .bpnet files: each gives one BpnetError saying what is wrong and where."""

from __future__ import annotations

import copy
import json
import os
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bpstudio.formats import (
    FORMAT_VERSION,
    MAX_FILE_BYTES,
    BpnetError,
    bpnet,
    dumps,
    from_document,
    load,
    loads,
)
from tests.formats.conftest import make_rich_network, make_xor_network

Doc = dict[str, Any]


def _error(text: str | bytes, source: str = "xor.bpnet") -> str:
    """The message of the BpnetError that loading ``text`` raises (and nothing else)."""
    with pytest.raises(BpnetError) as caught:
        loads(text, source)
    assert type(caught.value) is BpnetError
    message = str(caught.value)
    assert message.startswith(f"{source}: ")
    assert "\n" not in message and "Traceback" not in message
    return message


def _set(path: str, value: Any) -> Callable[[Doc], None]:
    """A mutation that sets ``doc[a][b][2]...`` (path "a.b.2") to ``value``."""
    def mutate(doc: Doc) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        node: Any = doc
        for part in parents:
            node = node[part]
        node[last] = value
    return mutate


def _delete(path: str) -> Callable[[Doc], None]:
    def mutate(doc: Doc) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        node: Any = doc
        for part in parents:
            node = node[part]
        del node[last]
    return mutate


def _add_connection(cid: Any, source: Any, target: Any, weight: Any = 0.5) -> Callable[[Doc], None]:
    def mutate(doc: Doc) -> None:
        doc["network"]["connections"].append(
            {"id": cid, "source": source, "target": target, "weight": weight, "frozen": False})
    return mutate


# The XOR document: neurons x1 (1), x2 (2), h3 (3), h4 (4), y (5) at indexes 0..4;
# connections 1..6 at indexes 0..5, the last two h3 → y and h4 → y.
BAD_DOCUMENTS: list[tuple[str, Callable[[Doc], None], list[str]]] = [
    # header
    ("format missing", _delete("format"), ['"format" is missing', "bpstudio-network"]),
    ("format wrong", _set("format", "keras-model"),
     ['this is not a BP Studio network: "format" is "keras-model"']),
    ("version missing", _delete("version"), ['no "version"']),
    ("version newer", _set("version", 7),
     [f"made by a newer BP Studio: version 7; this one reads version {FORMAT_VERSION}"]),
    ("version text", _set("version", "1"), ['version must be a whole number ≥ 1, got "1"']),
    ("version bool", _set("version", True), ["version must be a whole number ≥ 1, got true"]),
    ("version zero", _set("version", 0), ["version must be a whole number ≥ 1, got 0"]),
    ("unknown top-level field", _set("colour", "red"),
     ['the top level has an unknown field "colour"']),
    ("title not text", _set("title", 5), ["title must be text, got 5"]),
    ("description a list", _set("description", ["a"]), ['description must be text, got ["a"]']),
    # network sections
    ("network missing", _delete("network"), ['"network" is missing']),
    ("network a list", _set("network", []), ["network must be an object, got []"]),
    ("network unknown field", _set("network.layers", []),
     ['network has an unknown field "layers"']),
    ("neurons not a list", _set("network.neurons", {"1": {}}),
     ['network.neurons must be a list, got {"1": {}}']),
    ("connections not a list", _set("network.connections", "none"),
     ['network.connections must be a list, got "none"']),
    # neurons
    ("neuron not an object", _set("network.neurons.1", 5),
     ["network.neurons[1] must be an object, got 5"]),
    ("neuron unknown field", _set("network.neurons.0.colour", "red"),
     ['network.neurons[0] has an unknown field "colour"']),
    ("neuron id missing", _delete("network.neurons.2.id"), ['network.neurons[2] has no "id"']),
    ("neuron role missing", _delete("network.neurons.2.role"),
     ['network.neurons[2] has no "role"']),
    ("neuron id bool", _set("network.neurons.0.id", True),
     ["network.neurons[0].id must be a whole number from 1 to 9007199254740991, got true"]),
    ("neuron id float", _set("network.neurons.0.id", 1.0),
     ["network.neurons[0].id must be a whole number from 1 to 9007199254740991, got 1.0"]),
    ("neuron id negative", _set("network.neurons.0.id", -3),
     ["network.neurons[0].id must be a whole number from 1 to 9007199254740991, got -3"]),
    ("neuron id too large", _set("network.neurons.0.id", 2 ** 53),
     ["network.neurons[0].id must be a whole number from 1 to 9007199254740991, "
      "got 9007199254740992"]),
    ("neuron id text", _set("network.neurons.0.id", "1"),
     ['network.neurons[0].id must be a whole number from 1 to 9007199254740991, got "1"']),
    ("unknown role", _set("network.neurons.2.role", "middle"),
     ['network.neurons[2].role must be one of input, hidden, output; got "middle"']),
    ("unknown activation", _set("network.neurons.2.activation", "sigmoidd"),
     ["network.neurons[2].activation must be one of identity, sigmoid", 'got "sigmoidd"']),
    ("activation not text", _set("network.neurons.2.activation", 3),
     ["network.neurons[2].activation must be one of", "got 3"]),
    ("bias text", _set("network.neurons.3.bias", "abc"),
     ['network.neurons[3].bias must be a finite number, got "abc"']),
    ("bias bool", _set("network.neurons.3.bias", False),
     ["network.neurons[3].bias must be a finite number, got false"]),
    ("x null", _set("network.neurons.1.x", None),
     ["network.neurons[1].x must be a finite number, got null"]),
    ("y huge int", _set("network.neurons.1.y", 10 ** 400),
     ["network.neurons[1].y must be a finite number, got 1000000"]),
    ("label a list", _set("network.neurons.0.label", ["a", "b"]),
     ['network.neurons[0].label must be text, got ["a", "b"]']),
    ("frozen text", _set("network.neurons.4.frozen", "yes"),
     ['network.neurons[4].frozen must be true or false, got "yes"']),
    ("frozen number", _set("network.neurons.4.frozen", 1),
     ["network.neurons[4].frozen must be true or false, got 1"]),
    ("duplicate neuron id", _set("network.neurons.4.id", 2),
     ["network.neurons[4].id: neuron id 2 is already used by network.neurons[1]"]),
    # connections
    ("connection not an object", _set("network.connections.0", [1, 3]),
     ["network.connections[0] must be an object, got [1, 3]"]),
    ("connection unknown field", _set("network.connections.0.colour", "red"),
     ['network.connections[0] has an unknown field "colour"']),
    ("connection source missing", _delete("network.connections.1.source"),
     ['network.connections[1] has no "source"']),
    ("connection id text", _set("network.connections.1.id", "2"),
     ['network.connections[1].id must be a whole number from 1 to 9007199254740991, got "2"']),
    ("connection source bool", _set("network.connections.1.source", True),   # True == 1
     ["network.connections[1].source must be a whole number from 1 to 9007199254740991, got true"]),
    ("connection target float", _set("network.connections.1.target", 3.0),
     ["network.connections[1].target must be a whole number from 1 to 9007199254740991, got 3.0"]),
    ("dangling target", _set("network.connections.2.target", 42),
     ["network.connections[2].target: there is no neuron with id 42"]),
    ("dangling source", _set("network.connections.5.source", 6),
     ["network.connections[5].source: there is no neuron with id 6"]),
    ("duplicate connection id", _set("network.connections.5.id", 1),
     ["network.connections[5].id: connection id 1 is already used by network.connections[0]"]),
    ("weight text", _set("network.connections.0.weight", "0.5"),
     ['network.connections[0].weight must be a finite number, got "0.5"']),
    ("weight object", _set("network.connections.0.weight", {"value": 1}),
     ['network.connections[0].weight must be a finite number, got {"value": 1}']),
    ("connection frozen null", _set("network.connections.3.frozen", None),
     ["network.connections[3].frozen must be true or false, got null"]),
    ("cycle", _add_connection(7, 5, 3),
     ["network.connections form a cycle: h3 → y → h3 (connections 5, 7)", "feed forward"]),
    ("self-loop", _add_connection(7, 4, 4),
     ["network.connections form a cycle: h4 → h4 (connections 7)"]),
    # settings
    ("training a list", _set("training", []), ["training must be an object, got []"]),
    ("training unknown field", _set("training.lr", 0.1), ['training has an unknown field "lr"']),
    ("learning rate negative", _set("training.learning_rate", -1),
     ["training: learning_rate must be > 0; got -1"]),
    ("unknown loss", _set("training.loss", "hinge"),
     ["training: loss must be one of l2, binary_cross_entropy, softmax_cross_entropy",
      "'hinge'"]),
    ("epochs text", _set("training.epochs", "many"),
     ["training: epochs must be a number; got 'many'"]),
    ("epochs float", _set("training.epochs", 10.5),
     ["training: epochs must be a whole number; got 10.5"]),
    ("epochs too large for a float", _set("training.epochs", 10 ** 400),
     ["training.epochs is far too large"]),
    ("shuffle as a number", _set("training.shuffle", 1),
     ["training: shuffle must be true or false; got 1"]),
    ("dataset name empty", _set("dataset.name", " "),
     ["dataset: dataset name must be a non-empty string"]),
    ("dataset samples too few", _set("dataset.samples", 2),
     ["dataset: samples must be ≥ 4; got 2"]),
    ("dataset unknown field", _set("dataset.path", "a.csv"),
     ['dataset has an unknown field "path"']),
    # history
    ("history columns of different lengths", _set("history.epochs", [1, 2, 3]),
     ["history: all columns must have the same length"]),
    ("history loss text", _set("history.train_loss", ["x", 1.0]),
     ['history.train_loss[0] must be a finite number, got "x"']),
    ("history learning rate null", _set("history.learning_rate", [0.5, None]),
     ["history.learning_rate[1] must be a finite number, got null"]),
    ("history epoch float", _set("history.epochs", [1, 2.5]),
     ["history.epochs[1] must be a whole number ≥ 0, got 2.5"]),
    ("history column not a list", _set("history.test_loss", 0.5),
     ["history.test_loss must be a list, got 0.5"]),
    ("history metric name number", _set("history.metric_name", 1),
     ["history.metric_name must be text, got 1"]),
    ("history unknown column", _set("history.accuracy", []),
     ['history has an unknown field "accuracy"']),
]


@pytest.mark.parametrize(("mutate", "expected"),
                         [case[1:] for case in BAD_DOCUMENTS],
                         ids=[case[0] for case in BAD_DOCUMENTS])
def test_a_bad_document_names_what_and_where(xor_doc, mutate, expected):
    mutate(xor_doc)
    message = _error(json.dumps(xor_doc))
    for fragment in expected:
        assert fragment in message
    with pytest.raises(BpnetError, match=r"^<memory>: "):   # the same without a file
        from_document(xor_doc)


def test_the_xor_document_itself_is_fine(xor_doc):
    """The cases above break exactly one thing in a document that loads."""
    network, info = from_document(copy.deepcopy(xor_doc))
    assert network.snapshot() == make_xor_network().snapshot()
    assert info.title == "XOR"


def test_the_top_level_must_be_an_object():
    assert "the top level must be a JSON object, got [1, 2]" in _error("[1, 2]")
    assert 'got "bpstudio-network"' in _error('"bpstudio-network"')


def test_a_lone_surrogate_escape_in_a_label(xor_doc):
    text = json.dumps(xor_doc).replace('"label": "x1"', '"label": "x\\ud800"')
    assert "network.neurons[0].label contains an escape that is not a Unicode character" \
        in _error(text)


# ---------------------------------------------------------------- non-finite numbers
@pytest.mark.parametrize(("original", "replacement", "where"), [
    ('"weight": 0.5,', '"weight": NaN,', "network.connections[0].weight"),
    ('"bias": -0.25,', '"bias": Infinity,', "network.neurons[2].bias"),
    ('"x": 0.0,', '"x": -Infinity,', "network.neurons[0].x"),
    ('"y": 0.0,', '"y": 1e999,', "network.neurons[4].y"),
    ('"learning_rate": 0.5,', '"learning_rate": NaN,', "training.learning_rate"),
    ('"noise": 0.0,', '"noise": -1E+400,', "dataset.noise"),
    ('"train_loss": [0.5,', '"train_loss": [NaN,', "history.train_loss[0]"),
    ('"test_loss": [0.6,', '"test_loss": [Infinity,', "history.test_loss[0]"),
])
def test_non_finite_numbers_are_rejected_where_they_are(original, replacement, where):
    text = dumps(make_xor_network())
    assert original in text
    literal = replacement.split(": ")[1].strip(",[")
    message = _error(text.replace(original, replacement, 1))
    assert f"{where} must be a finite number, got {literal}" in message


def test_python_nan_in_a_document_is_rejected(xor_doc):
    xor_doc["network"]["connections"][4]["weight"] = float("nan")
    with pytest.raises(BpnetError, match=r"connections\[4\]\.weight must be a finite number"):
        from_document(xor_doc, "xor.bpnet")


# ---------------------------------------------------------------- text that is not JSON
def test_not_json_gives_line_and_column():
    message = _error('{\n  "format": "bpstudio-network",\n  "version": 1 2\n}')
    assert "not valid JSON: Expecting ',' delimiter at line 3, column 16" in message


def test_plain_text_is_not_json():
    assert "not valid JSON: Expecting value at line 1, column 1" in _error("hello, network")


def test_truncated_json_is_called_truncated():
    text = dumps(make_xor_network())
    cut = text[: len(text) // 2]
    line = cut.count("\n") + 1
    message = _error(cut)
    assert "the file looks truncated" in message and f"line {line}" in message
    inside_a_string = text[: text.index('"identity"') + 4]
    assert "the file looks truncated" in _error(inside_a_string)


def test_extra_data_after_the_document():
    text = dumps(make_xor_network()) + "{}\n"
    assert "not valid JSON: Extra data at line" in _error(text)


@pytest.mark.parametrize("text", ["", "   \n\t ", b"", "\ufeff"])
def test_an_empty_file(text):
    assert _error(text) == "xor.bpnet: the file is empty"


def test_absurd_nesting_is_refused_without_a_recursion_error():
    assert "nested too deeply" in _error("[" * 200_000 + "]" * 200_000)


def test_a_number_with_too_many_digits():
    text = '{"format": "bpstudio-network", "version": ' + "1" * 5000 + "}"
    assert "not valid JSON: Exceeds the limit" in _error(text)


def test_invalid_utf8_names_the_byte_and_line():
    data = dumps(make_xor_network()).encode("utf-8").replace(b'"x1"', b'"x\xff"')
    line = data[: data.index(b"\xff")].count(b"\n") + 1
    message = _error(data)
    assert f"not UTF-8 text: byte 0xff on line {line}" in message


# ---------------------------------------------------------------- files
def test_a_missing_file(tmp_path):
    path = tmp_path / "gone.bpnet"
    with pytest.raises(BpnetError) as caught:
        load(path)
    assert str(caught.value) == f"{path}: no such file"


def test_a_folder(tmp_path):
    folder = tmp_path / "project.bpnet"
    folder.mkdir()
    with pytest.raises(BpnetError, match=r"project\.bpnet: is a folder, not a \.bpnet file"):
        load(folder)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_something_that_is_not_a_regular_file(tmp_path):
    pipe = tmp_path / "pipe.bpnet"
    os.mkfifo(pipe)
    with pytest.raises(BpnetError, match=r"pipe\.bpnet: is not a regular file"):
        load(pipe)   # and does not block reading it


def test_an_empty_file_on_disk(tmp_path):
    path = tmp_path / "xor.bpnet"
    path.write_bytes(b"")
    with pytest.raises(BpnetError, match=r"^xor\.bpnet: the file is empty$"):
        load(path)


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.bpnet"
    with open(path, "wb") as file:
        file.truncate(1 << 30)   # sparse: no real gigabyte is written

    def no_reading(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(bpnet, "open", no_reading, raising=False)
    with pytest.raises(BpnetError) as caught:
        load(path)
    assert str(caught.value) == ("huge.bpnet: the file is 1 GiB, more than the 256 MiB "
                                 "a project file may have")
    assert MAX_FILE_BYTES == 256 * 2 ** 20


def test_the_size_limit_is_the_one_in_force(tmp_path, monkeypatch):
    path = tmp_path / "xor.bpnet"
    path.write_text(dumps(make_xor_network()), encoding="utf-8")
    monkeypatch.setattr(bpnet, "MAX_FILE_BYTES", 1000)
    with pytest.raises(BpnetError, match=r"the file is [\d.]+ KiB, more than the 1000 bytes"):
        load(path)


def test_content_errors_name_the_file_not_the_folder(tmp_path, xor_doc):
    path = tmp_path / "xor.bpnet"
    xor_doc["network"]["neurons"][3]["bias"] = "abc"
    path.write_text(json.dumps(xor_doc), encoding="utf-8")
    with pytest.raises(BpnetError) as caught:
        load(path)
    assert str(caught.value) == 'xor.bpnet: network.neurons[3].bias must be a finite number, ' \
                                'got "abc"'


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root reads any file")
def test_a_file_without_read_permission(tmp_path):
    path = tmp_path / "secret.bpnet"
    path.write_text(dumps(make_xor_network()), encoding="utf-8")
    path.chmod(0)
    try:
        with pytest.raises(BpnetError, match=r"secret\.bpnet: permission denied"):
            load(path)
    finally:
        path.chmod(0o600)


# ---------------------------------------------------------------- nothing else escapes
WRONG_VALUES = [None, True, False, 0, -1, 1.5, 10 ** 400, "", "x", [], [1], {}, {"a": 1}]


def _leaves(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(node, dict):
        return [leaf for key, value in node.items() for leaf in _leaves(value, path + (key,))]
    if isinstance(node, list) and node:
        return [leaf for i, value in enumerate(node) for leaf in _leaves(value, path + (i,))]
    return [path]


def test_any_wrong_value_anywhere_is_a_bpnet_error_naming_the_field(xor_doc):
    """Every field of the document replaced by every kind of wrong value: the load either
    succeeds (the value happens to be allowed there) or names the field."""
    refused = 0
    for path in _leaves(xor_doc):
        for value in WRONG_VALUES:
            doc = copy.deepcopy(xor_doc)
            node = doc
            for part in path[:-1]:
                node = node[part]
            node[path[-1]] = value
            try:
                from_document(doc, "xor.bpnet")
            except BpnetError as error:
                refused += 1
                name = str(path[-1]) if isinstance(path[-1], str) else f"[{path[-1]}]"
                assert name in str(error), (path, value, str(error))
    assert refused > 500


def test_damaged_bytes_never_raise_anything_but_bpnet_error():
    data = dumps(*make_rich_network()).encode("utf-8")
    rng = random.Random(1)
    damaged = [data[:n] for n in range(0, len(data), 97)]
    for _ in range(300):
        copy_ = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            copy_[rng.randrange(len(copy_))] = rng.randrange(256)
        damaged.append(bytes(copy_))
    outcomes = {"loaded": 0, "refused": 0}
    for raw in damaged:
        try:
            loads(raw, "rich.bpnet")
            outcomes["loaded"] += 1
        except BpnetError as error:
            assert str(error).startswith("rich.bpnet: ")
            outcomes["refused"] += 1
    assert outcomes["refused"] > 100


def test_a_refused_load_reports_one_line(tmp_path):
    path = Path(tmp_path) / "cycle.bpnet"
    network = make_xor_network()
    text = dumps(network).replace('"source": 4, "target": 5', '"source": 5, "target": 3')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BpnetError) as caught:
        load(path)
    assert str(caught.value).count("\n") == 0
    assert "cycle: h3 → y → h3" in str(caught.value)
    assert caught.value.__cause__ is None


def test_a_misspelt_field_gets_a_suggestion(xor_doc):
    xor_doc["training"]["learning_rte"] = xor_doc["training"].pop("learning_rate")
    assert 'training has an unknown field "learning_rte" (did you mean "learning_rate"?)' \
        in _error(json.dumps(xor_doc))


def test_a_control_character_in_a_string():
    message = _error('{"format": "bpstudio-network\n"}')
    assert "not valid JSON: Invalid control character at line 1, column 29" in message
