"""Dense blocks in .bpnet files: chosen when they fit, read back exactly, refused clearly."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from bpstudio.formats import (
    FORMAT_VERSION,
    BpnetError,
    dense_blocks,
    dumps,
    load,
    loads,
    save,
    to_document,
)
from bpstudio.formats._checks import MAX_ID
from bpstudio.model.builders import layered
from bpstudio.model.network import Connection, Network, Neuron

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "file-format.md"
SCHEMA = json.loads((ROOT / "bpstudio" / "formats" / "bpnet.schema.json").read_text("utf-8"))

Doc = dict[str, Any]


def _weighted(sizes: list[int]) -> Network:
    """A layered network whose every weight differs, with awkward floats among them."""
    network = layered(sizes, "relu", "softmax")
    network.set_parameters({cid: (cid % 97 - 48) / 7.0 + 1e-17 * cid
                            for cid in network.connections},
                           {nid: -0.1 * nid for nid in network.neurons})
    return network


def _as_records(network: Network, monkeypatch: pytest.MonkeyPatch) -> str:
    """The same network written as version 4 would write it without blocks."""
    with monkeypatch.context() as patch:
        patch.setattr(dense_blocks, "MIN_BLOCK", 10 ** 12)
        return dumps(network)


def _error(doc: Doc) -> str:
    with pytest.raises(BpnetError) as caught:
        loads(json.dumps(doc), "net.bpnet")
    message = str(caught.value)
    assert message.startswith("net.bpnet: ") and "\n" not in message
    return message.removeprefix("net.bpnet: ")


# ---------------------------------------------------------------- round trips
def test_a_layered_network_is_written_as_blocks_and_read_back_exactly(tmp_path):
    network = _weighted([40, 12, 10])
    network.update_connections({5: {"frozen": True}, 481: {"frozen": True}})
    path = tmp_path / "net.bpnet"
    save(network, path)
    doc = json.loads(path.read_text("utf-8"))
    assert doc["network"]["connections"] == []
    first, second = doc["network"]["blocks"]
    assert (first["first_id"], len(first["sources"]), len(first["targets"])) == (1, 40, 12)
    assert (second["first_id"], len(second["sources"]), len(second["targets"])) == (481, 12, 10)
    assert first["frozen"] == [5] and second["frozen"] == [481]
    assert first["weights"][2][3] == network.connections[1 + 2 * 40 + 3].weight
    loaded, _ = load(path)
    assert loaded.snapshot() == network.snapshot()
    assert dumps(loaded) == path.read_text("utf-8")   # save → load → save: same bytes


def test_each_block_row_is_one_line_and_keys_one_per_line():
    text = dumps(_weighted([70, 2, 1]))
    lines = text.splitlines()
    start = lines.index('        "weights": [')
    assert lines[start + 1].startswith("          [") and lines[start + 1].count(",") == 70
    assert lines[start + 2].startswith("          [") and lines[start + 2].count(",") == 69
    assert lines[start + 3] == "        ]"
    assert '        "first_id": 1,' in lines and '        "targets": [71, 72],' in lines


def test_old_record_files_load_to_the_same_network_as_blocks(monkeypatch):
    network = _weighted([30, 20, 5])
    records = _as_records(network, monkeypatch)
    version3 = records.replace(f'"version": {FORMAT_VERSION}', '"version": 3', 1)
    blocks = dumps(network)
    assert '"blocks"' not in records and '"blocks"' in blocks
    assert len(blocks) < len(records) / 3
    for text in (version3, records, blocks):
        loaded, _ = loads(text)
        assert loaded.snapshot() == network.snapshot()
        assert dumps(loaded) == blocks   # an old file is saved in the new form
        assert list(loaded.connections) == sorted(loaded.connections)


def test_records_and_blocks_mix_in_any_order_and_weights_may_be_whole_numbers():
    doc = to_document(_weighted([9, 8, 1]))
    records = doc["network"]["connections"]
    assert len(records) == 8 and len(doc["network"]["blocks"]) == 1   # 8 → 1 is too small
    doc["network"]["connections"] = list(reversed(records))
    doc["network"]["blocks"][0]["weights"][0][0] = 3
    doc["network"]["blocks"][0]["frozen"] = [7, 2]
    network, _ = loads(json.dumps(doc))
    assert network.connections[1].weight == 3.0 and type(network.connections[1].weight) is float
    assert [c.id for c in network.connections.values() if c.frozen] == [2, 7]
    assert json.loads(dumps(network))["network"]["blocks"][0]["frozen"] == [2, 7]


def test_the_shipped_examples_round_trip_byte_for_byte():
    for path in sorted((ROOT / "resources" / "examples").glob("*.bpnet")):
        text = path.read_text("utf-8")
        network, info = loads(text, path.name)
        assert dumps(network, info) == text, path.name


# ---------------------------------------------------------------- chosen or not
def test_small_and_irregular_drawings_keep_their_records():
    assert "blocks" not in to_document(layered([2, 2, 1]))["network"]   # the tutorial's XOR
    assert "blocks" not in to_document(layered([7, 9]))["network"]      # 63 connections
    assert len(to_document(layered([8, 8]))["network"]["blocks"]) == 1  # 64: a block


def test_a_deleted_connection_splits_the_block_at_its_row():
    network = _weighted([10, 20])           # rows of 10 sources, ids 1..200
    network.remove_connections([75])        # row 7 (ids 71..80) loses one
    doc = to_document(network)["network"]
    assert [(b["first_id"], len(b["targets"])) for b in doc["blocks"]] == [(1, 7), (81, 12)]
    assert [c["id"] for c in doc["connections"]] == [71, 72, 73, 74, 76, 77, 78, 79, 80]
    assert loads(dumps(network))[0].snapshot() == network.snapshot()


def test_rows_must_share_their_sources_in_order():
    network = Network()
    network.add_neurons([Neuron(i, "input") for i in range(1, 9)]
                        + [Neuron(i, "output") for i in range(9, 25)])
    pairs = [(s, t) for t in range(9, 17) for s in range(1, 9)]
    pairs += [(s, t) for t in range(17, 25) for s in reversed(range(1, 9))]
    network.connect_many(pairs)
    blocks = to_document(network)["network"]["blocks"]
    assert [b["sources"] for b in blocks] == [list(range(1, 9)), list(range(8, 0, -1))]
    assert loads(dumps(network))[0].snapshot() == network.snapshot()


@pytest.mark.parametrize(("sources", "targets"), [(64, 1), (1, 64), (8, 8)])
def test_a_block_is_smaller_than_its_records_even_at_the_smallest(sources, targets,
                                                                  monkeypatch):
    network = Network()
    big = 10 ** 15   # long ids make the block's id lists as long as they get
    network.add_neurons([Neuron(big + i, "input") for i in range(sources)]
                        + [Neuron(2 * big + i, "output") for i in range(targets)])
    network.add_connections([Connection(big + k, big + k % sources, 2 * big + k // sources,
                                        -0.123456789012345 * k) for k in
                             range(sources * targets)])
    assert "blocks" in to_document(network)["network"]
    assert len(dumps(network)) < len(_as_records(network, monkeypatch))


# ---------------------------------------------------------------- malformed blocks
def _block_doc() -> Doc:
    """Inputs 1-3, hidden 4-5 and output 6: one 3 → 2 block (ids 1-6) and records 7, 8."""
    return {
        "format": "bpstudio-network", "version": FORMAT_VERSION,
        "network": {
            "neurons": [{"id": i, "role": r} for i, r in
                        ((1, "input"), (2, "input"), (3, "input"), (4, "hidden"),
                         (5, "hidden"), (6, "output"))],
            "connections": [{"id": 7, "source": 4, "target": 6},
                            {"id": 8, "source": 5, "target": 6}],
            "blocks": [{"first_id": 1, "sources": [1, 2, 3], "targets": [4, 5],
                        "weights": [[0.5, -1.25, 0.125], [2.0, 0.75, -0.5]]}],
        },
    }


def test_the_test_document_loads():
    network, _ = loads(json.dumps(_block_doc()))
    assert network.find_connection(2, 5).id == 5 and network.connections[5].weight == 0.75


def _set(path: tuple[Any, ...], value: Any) -> Any:
    def change(doc: Doc) -> None:
        node = doc["network"]["blocks"][0]
        for part in path[:-1]:
            node = node[part]
        if value is _DELETE:
            del node[path[-1]]
        else:
            node[path[-1]] = value
    return change


_DELETE = object()
_B = "network.blocks[0]"


@pytest.mark.parametrize(("change", "message"), [
    (_set(("first_id",), _DELETE), f'{_B} has no "first_id"'),
    (_set(("first_id",), 0), f"{_B}.first_id must be a whole number from 1 to {MAX_ID}, got 0"),
    (_set(("first_id",), MAX_ID - 2),
     f"{_B} holds 6 connections from id {MAX_ID - 2}: the last id would pass {MAX_ID}"),
    (_set(("sources",), []), f"{_B}.sources must be a non-empty list of neuron ids"),
    (_set(("targets",), _DELETE), f"{_B}.targets must be a non-empty list of neuron ids"),
    (_set(("sources", 1), 42), f"{_B}.sources[1]: there is no neuron with id 42"),
    (_set(("sources", 2), 1), f"{_B}.sources[2]: neuron 1 is listed twice (also sources[0])"),
    (_set(("targets", 0), "4"),
     f'{_B}.targets[0] must be a whole number from 1 to {MAX_ID}, got "4"'),
    (_set(("weights",), _DELETE),
     f"{_B}.weights must be a list of 2 rows, one per target; got no list of rows"),
    (_set(("weights",), [[1.0, 2.0, 3.0]]),
     f"{_B}.weights must be a list of 2 rows, one per target; got 1 row"),
    (_set(("weights", 1), [1.0, 2.0]),
     f"{_B}.weights[1] must hold 3 weights, one per source; got 2 weights"),
    (_set(("weights", 0), 5.0), f"{_B}.weights[0] must hold 3 weights, one per source; "
                                "got not a list"),
    (_set(("weights", 1, 2), "0.5"), f'{_B}.weights[1][2] must be a finite number, got "0.5"'),
    (_set(("weights", 0, 1), True), f"{_B}.weights[0][1] must be a finite number, got true"),
    (_set(("frozen",), 3), f"{_B}.frozen must be a list of connection ids"),
    (_set(("frozen",), [2, 9]),
     f"{_B}.frozen[1]: connection 9 is not in this block (its ids run from 1 to 6)"),
    (_set(("frozen",), [2, 2]), f"{_B}.frozen[1]: connection 2 is listed twice"),
    (_set(("colour",), "red"), f"{_B} has an unknown field \"colour\""),
    (_set(("first_id",), 3), "network.connections[0].id: connection id 7 is already used "
                             "by network.blocks[0]"),
    (lambda doc: doc["network"]["connections"][0].update(source=2, target=5),
     "network.blocks[0].weights[1][1] repeats network.connections[0]: both connect i2 → h5, "
     "and a pair of neurons takes one connection"),
    (_set(("sources",), [1, 2, 6]), "network.connections form a cycle"),
])
def test_a_malformed_block_gives_one_message_naming_the_place(change, message):
    doc = _block_doc()
    change(doc)
    assert _error(doc).startswith(message)


def test_overlapping_blocks_and_a_block_list_that_is_not_a_list_are_refused():
    doc = _block_doc()
    doc["network"]["blocks"].append({"first_id": 4, "sources": [4], "targets": [6],
                                     "weights": [[1.0]]})
    del doc["network"]["connections"][0]
    assert _error(doc) == ("network.blocks[1] and network.blocks[0] both hold connection "
                           "id 4")
    doc["network"]["blocks"] = {"first_id": 1}
    assert _error(doc).startswith("network.blocks must be a list")


def test_a_non_finite_block_weight_is_named_by_its_connection_when_saving():
    network = _weighted([10, 10])
    network.connections[23].weight = float("nan")
    with pytest.raises(BpnetError, match="cannot save: weight of connection 23 is not finite"):
        dumps(network)


# ---------------------------------------------------------------- schema and docs
def test_block_files_fit_the_schema_and_the_schema_refuses_malformed_blocks():
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(SCHEMA)
    validator.validate(json.loads(dumps(_weighted([9, 8, 1]))))
    validator.validate(_block_doc())
    for path, value in ((("sources",), []), (("sources", 2), 1), (("weights", 0, 1), "x"),
                        (("first_id",), _DELETE), (("frozen",), [2, 2]), (("extra",), 1)):
        doc = copy.deepcopy(_block_doc())
        _set(path, value)(doc)
        assert not validator.is_valid(doc), path
        with pytest.raises(BpnetError):
            loads(json.dumps(doc))


def test_the_docs_block_example_means_what_the_docs_say():
    text = DOCS.read_text("utf-8")
    section = text[text.index("### Dense blocks"):text.index("### What BP Studio checks")]
    block = json.loads(re.search(r"```json\n(.*?)```", section, re.DOTALL).group(1))
    doc = _block_doc()
    doc["network"]["blocks"] = [block]
    network, _ = loads(json.dumps(doc))
    five = network.connections[5]
    assert (five.source, five.target, five.weight, five.frozen) == (2, 5, 0.75, True)
    assert sorted(c.id for c in network.connections.values() if c.id <= 6) == [1, 2, 3, 4, 5, 6]
    assert f"at least {dense_blocks.MIN_BLOCK} connections" in section
