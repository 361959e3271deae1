"""Files that must not take the app down (issue 10): positions, repeated connections,
sizes, what is not a regular file, progress and cancel, leftovers of killed saves."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from bpstudio.formats import BpnetError, bpnet, dumps, load, loads, save
from bpstudio.formats.leftovers import leftovers_of, original_name
from bpstudio.model.builders import MAX_LAYERED_CONNECTIONS, NEURON_SPACING, layered
from bpstudio.model.network import MAX_COORDINATE, MAX_NEURONS, Network, NetworkError
from bpstudio.progress import LoadCancelled, LoadProgress
from tests.formats.conftest import make_xor_network


def _error(text: str, source: str = "net.bpnet") -> str:
    with pytest.raises(BpnetError) as caught:
        loads(text, source)
    return str(caught.value)


# ---------------------------------------------------------------- positions
@pytest.mark.parametrize("value", [1e18, -1e18, 1.5e8, 10 ** 30])
def test_a_neuron_far_off_the_canvas_is_refused_by_name(xor_doc, value):
    """At |x| ≈ 1e18 the canvas's background grid looped for ever (x += 20 left x as it
    was) and the process grew until it was killed."""
    xor_doc["network"]["neurons"][2]["x"] = value   # h3
    message = _error(json.dumps(xor_doc))
    assert message.startswith("net.bpnet: network.neurons[2].x: neuron h3 sits at x = ")
    assert "off the canvas (positions lie within ±100,000,000)" in message


def test_positions_up_to_the_limit_load(xor_doc):
    xor_doc["network"]["neurons"][0]["y"] = -MAX_COORDINATE
    xor_doc["network"]["neurons"][1]["x"] = MAX_COORDINATE
    network, _ = loads(json.dumps(xor_doc))
    assert network.neurons[1].y == -MAX_COORDINATE


def test_a_labelled_neuron_is_named_by_its_label(xor_doc):
    xor_doc["network"]["neurons"][4]["y"] = -5e9   # y, labelled "y"
    assert 'neuron "y" sits at y = -5e+09' in _error(json.dumps(xor_doc))


def test_the_model_keeps_neurons_on_the_canvas():
    network = make_xor_network()
    with pytest.raises(NetworkError, match=r"x must be within ±100,000,000; got 1e\+18"):
        network.update_neurons({1: {"x": 1e18}})
    with pytest.raises(NetworkError):
        network.add_neuron("hidden", y=-2e8)


def test_the_tallest_column_bpstudio_new_builds_fits_the_canvas():
    """A layer holds at most MAX_NEURONS neurons (and at most MAX_LAYERED_CONNECTIONS), laid
    out in a column NEURON_SPACING apart around 0: its ends stay inside the bound."""
    tallest = min(MAX_NEURONS, MAX_LAYERED_CONNECTIONS)
    assert NEURON_SPACING * (tallest - 1) / 2 < MAX_COORDINATE


# ---------------------------------------------------------------- repeated connections
def test_a_repeated_connection_is_refused_with_the_file_and_both_places(tmp_path, xor_doc):
    """It loaded, and training failed later without naming the file."""
    xor_doc["network"]["connections"].append(
        {"id": 9, "source": 1, "target": 3, "weight": 0.1, "frozen": False})
    path = tmp_path / "twice.bpnet"
    path.write_text(json.dumps(xor_doc), encoding="utf-8")
    with pytest.raises(BpnetError) as caught:
        load(path)
    assert str(caught.value) == (
        "twice.bpnet: network.connections[6] repeats network.connections[0]: both connect "
        'x1 → h3, and a pair of neurons takes one connection')


def test_the_same_pair_in_the_field_by_field_path_is_refused_too(xor_doc):
    xor_doc["network"]["connections"].append({"id": 9, "source": 2, "target": 4})
    assert "network.connections[6] repeats network.connections[3]" in _error(
        json.dumps(xor_doc))


def test_opposite_directions_are_not_a_repeat_but_a_cycle(xor_doc):
    xor_doc["network"]["connections"].append({"id": 9, "source": 5, "target": 3})
    assert "form a cycle" in _error(json.dumps(xor_doc))


# ---------------------------------------------------------------- sizes
def test_more_neurons_than_the_limit_are_refused_before_any_is_built(monkeypatch, xor_doc):
    monkeypatch.setattr("bpstudio.formats._checks.MAX_NEURONS", 4)
    assert _error(json.dumps(xor_doc)) == ("net.bpnet: network.neurons holds 5 neurons; "
                                           "BP Studio opens at most 4")


def test_save_never_writes_a_file_the_reader_refuses(tmp_path, monkeypatch):
    path = tmp_path / "big.bpnet"
    monkeypatch.setattr(bpnet, "MAX_NEURONS", 4)
    with pytest.raises(BpnetError, match=r"big\.bpnet: cannot save 5 neurons: BP Studio "
                                         r"opens files of at most 4 neurons"):
        save(make_xor_network(), path)
    monkeypatch.setattr(bpnet, "MAX_NEURONS", MAX_NEURONS)
    monkeypatch.setattr(bpnet, "MAX_FILE_BYTES", 1000)
    with pytest.raises(BpnetError, match=r"cannot save [\d.]+ KiB"):
        save(make_xor_network(), path)
    assert not path.exists() and not leftovers_of(path)


# ---------------------------------------------------------------- not a regular file
@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_dev_zero_is_refused_before_reading():
    with pytest.raises(BpnetError, match=r"^/dev/zero: is a character device \(like "
                                         r"/dev/zero\), which never ends, not a \.bpnet file$"):
        load("/dev/zero")


def test_a_file_that_grows_past_the_limit_while_read_is_refused(tmp_path, monkeypatch):
    """The limit holds for what is read, not just for what stat said."""
    path = tmp_path / "growing.bpnet"
    path.write_text(dumps(make_xor_network()), encoding="utf-8")
    real_fstat = os.fstat

    def shrunk(fd: int) -> os.stat_result:   # as if the file grew after fstat looked
        info = real_fstat(fd)
        return os.stat_result((info.st_mode, *info[1:6], 10, *info[7:]))

    monkeypatch.setattr(os, "fstat", shrunk)
    monkeypatch.setattr(bpnet, "MAX_FILE_BYTES", 100)
    monkeypatch.setattr("bpstudio.files.check_regular", lambda path: 10)
    with pytest.raises(BpnetError, match=r"the file is 101 bytes, more than the 100 bytes"):
        load(path)


# ---------------------------------------------------------------- progress and cancel
def test_loading_reports_its_stages_and_can_be_cancelled(tmp_path):
    path = tmp_path / "net.bpnet"
    network = layered([30, 20, 5])
    save(network, path)
    seen: list[LoadProgress] = []
    loaded, _ = load(path, report=seen.append)
    assert loaded.snapshot() == network.snapshot()
    stages = list(dict.fromkeys(p.stage for p in seen))
    assert stages == ["Reading the file", "Parsing the file", "Reading neurons",
                      "Reading connections", "Reading connection blocks"]
    last = {p.stage: p for p in seen}
    assert last["Reading neurons"].done == last["Reading neurons"].total == 55
    assert last["Reading connection blocks"].done == 2   # 30 → 20 and 20 → 5
    assert last["Reading the file"].done == path.stat().st_size

    for stop_at in stages:
        def should_stop(at: str = stop_at) -> bool:
            return bool(seen) and seen[-1].stage == at
        seen.clear()
        with pytest.raises(LoadCancelled):
            load(path, report=seen.append, should_stop=should_stop)


# ---------------------------------------------------------------- leftovers of killed saves
def _leftover(folder: Path, name: str, token: str = "a1b2c3d4") -> Path:
    path = folder / f".{name}.{token}.tmp"
    path.write_bytes(b'{"format": "bpstudio-network", "ver')   # cut off mid-write
    old = time.time() - 60
    os.utime(path, (old, old))
    return path


def test_the_next_save_removes_what_killed_saves_left(tmp_path):
    target = tmp_path / "net.bpnet"
    mine = [_leftover(tmp_path, "net.bpnet"), _leftover(tmp_path, "net.bpnet", "x_9kq2ab")]
    others = [_leftover(tmp_path, "other.bpnet"), _leftover(tmp_path, "net.bpnet.bak"),
              tmp_path / ".net.bpnet.notes.tmp"]
    others[-1].write_text("not a leftover: the random part is not 8 characters")
    assert leftovers_of(target) == sorted(mine)
    save(make_xor_network(), target)
    assert not any(p.exists() for p in mine)
    assert all(p.exists() for p in others)
    assert load(target)[0].snapshot() == make_xor_network().snapshot()


def test_a_temporary_file_being_written_now_is_kept(tmp_path):
    """Another process may be saving the same file at this moment."""
    target = tmp_path / "net.bpnet"
    fresh = _leftover(tmp_path, "net.bpnet")
    os.utime(fresh, (time.time() + 5, time.time() + 5))
    save(make_xor_network(), target)
    assert fresh.exists()


def test_a_leftover_is_never_opened_as_a_document(tmp_path):
    path = _leftover(tmp_path, "net.bpnet")
    assert original_name(path) == "net.bpnet"
    with pytest.raises(BpnetError, match=r"a temporary file left by an interrupted save of "
                                         r"net\.bpnet; open net\.bpnet instead"):
        load(path)
    assert original_name(tmp_path / "net.bpnet") is None


def test_leftovers_of_a_save_through_a_symlink_are_found_beside_the_real_file(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link.bpnet"
    link.symlink_to(real / "net.bpnet")
    stale = _leftover(real, "net.bpnet")
    save(make_xor_network(), link)
    assert not stale.exists() and (real / "net.bpnet").is_file()


def test_an_empty_network_still_loads():
    assert len(loads(dumps(Network()))[0].neurons) == 0
