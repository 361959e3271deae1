"""The dense-block form of ``network.blocks``: a fully connected column pair as one array.

A 784-128-10 drawing has about 100,000 connections; as one record each
(``{"id": …, "source": …, "target": …, "weight": …, "frozen": false}``) that is 10 MB of
JSON, most of it repeated keys. A block lists its sources and targets once and its weights
as one row per target, about 22 bytes per connection. Connection ids inside a block are
implied: the connection from ``sources[j]`` to ``targets[i]`` has id
``first_id + i * len(sources) + j``, the order in which "Fully Connect" numbers them.

The writer finds blocks in the connections sorted by id (:func:`split_blocks`): a run of
consecutive ids that is whole rows, each row one target fed by the same sources in the same
order. Runs of fewer than :data:`MIN_BLOCK` connections stay per-connection records, so small
and irregular drawings read as before. The choice depends on the network alone, so
save → load → save writes the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bpstudio.model.network import Connection
from bpstudio.words import translate

#: A run of fewer connections is written as records: easier to read, and a few hundred
#: bytes at most; from here on a block is always the smaller form (about 22 instead of
#: about 100 bytes per connection, against at most a few hundred bytes of ids and keys).
MIN_BLOCK = 64

BLOCK_KEYS = ("first_id", "sources", "targets", "frozen", "weights")


def split_blocks(connections: Sequence[Connection]
                 ) -> tuple[list[Connection], list[dict[str, Any]]]:
    """Connections sorted by id → (the ones written as records, the blocks' documents)."""
    records: list[Connection] = []
    blocks: list[dict[str, Any]] = []
    count = len(connections)
    start = 0
    while start < count:
        if connections[start].recurrent:   # a block holds ordinary connections only
            records.append(connections[start])
            start += 1
            continue
        width = _row_width(connections, start)
        rows = _row_count(connections, start, width)
        if width * rows >= MIN_BLOCK:
            blocks.append(_block_document(connections[start:start + width * rows], width))
            start += width * rows
        else:   # the first row is written as records; a block may start at the next one
            records.extend(connections[start:start + width])
            start += width
    return records, blocks


def _row_width(connections: Sequence[Connection], start: int) -> int:
    """How many connections from ``start`` on feed the same target with consecutive ids."""
    first = connections[start]
    end = start + 1
    while (end < len(connections) and connections[end].target == first.target
           and connections[end].id == first.id + (end - start)
           and not connections[end].recurrent):
        end += 1
    return end - start


def _row_count(connections: Sequence[Connection], start: int, width: int) -> int:
    """How many rows of ``width`` from ``start`` on repeat the first row's sources, each
    for a new target, with ids running on without a gap."""
    sources = [c.source for c in connections[start:start + width]]
    targets = {connections[start].target}
    first_id = connections[start].id
    rows = 1
    while start + (rows + 1) * width <= len(connections):
        row = connections[start + rows * width:start + (rows + 1) * width]
        target = row[0].target
        if (target in targets or row[-1].id != first_id + (rows + 1) * width - 1
                or any(c.recurrent for c in row) or row[0].id != first_id + rows * width
                or any(c.target != target for c in row)
                or [c.source for c in row] != sources):
            break
        targets.add(target)
        rows += 1
    return rows


def _block_document(block: Sequence[Connection], width: int) -> dict[str, Any]:
    """One block as it is written; ``frozen`` lists the ids of its frozen connections."""
    return {
        "first_id": block[0].id,
        "sources": [c.source for c in block[:width]],
        "targets": [block[i].target for i in range(0, len(block), width)],
        "frozen": [c.id for c in block if c.frozen],
        "weights": [[float(c.weight) for c in block[i:i + width]]
                    for i in range(0, len(block), width)],
    }


# ---------------------------------------------------------------- reading
@dataclass(frozen=True)
class Checks:
    """The loader's leaf checks and the exception it raises, lent to the block reader."""

    id: Callable[[Any, str], int]
    weight: Callable[[Any, str], float]
    error: type[Exception]


def block_connections(block: dict[str, Any], where: str, neuron_ids: set[int], max_id: int,
                      check: Checks) -> list[Connection]:
    """The connections of one block (already an object with known keys).

    ``where`` names the block in messages (``network.blocks[2]``); ``check`` holds the
    loader's own checks and error, so messages read the same as for records.
    """
    if "first_id" not in block:
        raise check.error(translate("Bpnet", "{where} has no \"first_id\"").format(
                              where=where))
    first_id = check.id(block["first_id"], f"{where}.first_id")
    sources = _neuron_list(block, where, "sources", neuron_ids, check)
    targets = _neuron_list(block, where, "targets", neuron_ids, check)
    width, size = len(sources), len(sources) * len(targets)
    if first_id + size - 1 > max_id:
        raise check.error(translate("Bpnet", "{where} holds {size:,} connections from "
                                             "id {first_id}: the last id would pass "
                                             "{max_id}").format(
                              where=where, size=size, first_id=first_id,
                              max_id=max_id))
    rows = block.get("weights")
    if not isinstance(rows, list) or len(rows) != len(targets):
        got = _count(len(rows), "row") if isinstance(rows, list) else "no list of rows"
        raise check.error(translate("Bpnet", "{where}.weights must be a list of {count} "
                                             "rows, one per target; got {got}").format(
                              where=where, count=len(targets), got=got))
    frozen = _frozen_ids(block.get("frozen", []), f"{where}.frozen", first_id, size, check)
    connections: list[Connection] = []
    for i, (target, row) in enumerate(zip(targets, rows, strict=True)):
        if not isinstance(row, list) or len(row) != width:
            got = _count(len(row), "weight") if isinstance(row, list) else "not a list"
            raise check.error(translate("Bpnet", "{where}.weights[{i}] must hold "
                                                 "{width} weights, one per source; got "
                                                 "{got}").format(
                                  where=where, i=i, width=width, got=got))
        if not all(type(w) is float and w - w == 0.0 for w in row):   # what save writes
            row = [check.weight(w, f"{where}.weights[{i}][{j}]") for j, w in enumerate(row)]
        ids = range(first_id + i * width, first_id + (i + 1) * width)
        connections += [Connection(cid, source, target, weight, cid in frozen)
                        for cid, source, weight in zip(ids, sources, row, strict=True)]
    return connections


def _neuron_list(block: dict[str, Any], where: str, key: str, neuron_ids: set[int],
                 check: Checks) -> list[int]:
    where = f"{where}.{key}"
    items = block.get(key)
    if not isinstance(items, list) or not items:
        raise check.error(translate("Bpnet", "{where} must be a non-empty list of "
                                             "neuron ids").format(
                              where=where))
    ids = [check.id(nid, f"{where}[{i}]") for i, nid in enumerate(items)]
    seen: dict[int, int] = {}
    for i, nid in enumerate(ids):
        if nid not in neuron_ids:
            raise check.error(translate("Bpnet", "{where}[{i}]: there is no neuron with "
                                                 "id {nid}").format(
                                  where=where, i=i, nid=nid))
        if nid in seen:
            raise check.error(translate("Bpnet", "{where}[{i}]: neuron {nid} is listed "
                                                 "twice (also {key}[{seen}])").format(
                                  where=where, i=i, nid=nid, key=key, seen=seen[nid]))
        seen[nid] = i
    return ids


def _frozen_ids(items: Any, where: str, first_id: int, size: int,
                check: Checks) -> set[int]:
    if not isinstance(items, list):
        raise check.error(translate("Bpnet", "{where} must be a list of connection ids").format(
                              where=where))
    frozen: set[int] = set()
    for i, cid in enumerate(items):
        cid = check.id(cid, f"{where}[{i}]")
        if not first_id <= cid < first_id + size:
            raise check.error(translate("Bpnet", "{where}[{i}]: connection {cid} is not "
                                                 "in this block (its ids run from "
                                                 "{first_id} to {last_id})").format(
                                  where=where, i=i, cid=cid, first_id=first_id,
                                  last_id=first_id + size - 1))
        if cid in frozen:
            raise check.error(translate("Bpnet", "{where}[{i}]: connection {cid} is "
                                                 "listed twice").format(
                                  where=where, i=i, cid=cid))
        frozen.add(cid)
    return frozen


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")
