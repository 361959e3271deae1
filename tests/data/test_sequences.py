"""Sequence datasets (issue 18): the built-in generators, sequence CSVs and their refusals."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bpstudio import workflow
from bpstudio.data import BUILTINS, DataError, load_dataset, make_builtin
from bpstudio.data.sequences import ECHO_DELAY, load_sequence_inputs
from bpstudio.engine.targets import ShapeMismatch
from bpstudio.model.builders import layered
from bpstudio.model.settings import SEQUENCE_DATASETS, DatasetSpec

CSV = """sequence,x,y
a,1,0
a,0,1
a,1,1
b,0,0
b,0,0
b,1,1
c,1,0
c,1,1
c,0,1
"""


def make(name: str, **changes: object):
    return make_builtin(DatasetSpec(name=name, **changes))


@pytest.mark.parametrize("name", SEQUENCE_DATASETS)
def test_the_builtin_sequences_have_their_documented_shapes(name):
    info = BUILTINS[name]
    data = make(name, samples=40, sequence_length=12, test_ratio=0.25)
    assert info.is_sequences and data.is_sequences and data.steps == "every"
    assert data.x_train.shape == (30, 12, info.n_features)
    assert data.x_test.shape == (10, 12, info.n_features)
    assert data.sequence_length == 12 and data.n_targets == info.n_targets
    if info.task == "classification":
        assert data.y_train.shape == (30, 12) and data.y_train.dtype == np.int64
    else:
        assert data.y_train.shape == (30, 12, 1)
    again = make(name, samples=40, sequence_length=12, test_ratio=0.25)
    assert np.array_equal(again.x_train, data.x_train)
    assert "sequences of 12 steps" in data.describe()


def test_parity_is_the_running_xor_and_echo_the_delayed_bit():
    parity = make("parity", samples=20, test_ratio=0.0)
    bits = parity.x_train[..., 0].astype(int)
    assert np.array_equal(parity.y_train, np.bitwise_xor.accumulate(bits, axis=1))
    echo = make("echo", samples=20, test_ratio=0.0)
    bits = echo.x_train[..., 0].astype(int)
    assert np.array_equal(echo.y_train[:, ECHO_DELAY:], bits[:, :-ECHO_DELAY])
    assert not echo.y_train[:, :ECHO_DELAY].any()


def test_sine_next_predicts_the_next_clean_value_and_adding_sums_the_marked():
    sine = make("sine-next", samples=10, test_ratio=0.0)
    assert np.allclose(sine.x_train[:, 1:, 0], sine.y_train[:, :-1, 0])   # noise 0
    adding = make("adding", samples=10, test_ratio=0.0, sequence_length=8)
    values, markers = adding.x_train[..., 0], adding.x_train[..., 1]
    assert (markers.sum(axis=1) == 2).all()
    assert np.allclose(adding.y_train[:, -1, 0], (values * markers).sum(axis=1))


def test_a_sequence_csv_loads_one_sequence_per_id(tmp_path: Path):
    path = tmp_path / "seq.csv"
    path.write_text(CSV)
    data = load_dataset(DatasetSpec(name=str(path), test_ratio=0.0), n_inputs=1,
                        n_outputs=1, sequences=True)
    assert data.is_sequences and data.x_train.shape == (3, 3, 1)
    assert data.task == "classification" and data.y_train.shape == (3, 3)
    assert sorted(data.x_train[:, :, 0].tolist()) == [[0, 0, 1], [1, 0, 1], [1, 1, 0]]
    assert data.feature_names == ("x",)


def test_last_step_targets_may_leave_the_other_target_cells_empty(tmp_path: Path):
    path = tmp_path / "last.csv"
    path.write_text("id;a;b;target\ns1;1;0;\ns1;2;1;\ns1;3;0;0.5\ns2;4;1;\ns2;5;0;\n"
                    "s2;6;1;1.5\n")
    spec = DatasetSpec(name=str(path), test_ratio=0.0, sequence_column="id",
                       sequence_targets="last")
    data = load_dataset(spec, n_inputs=2, n_outputs=1, sequences=True)
    assert data.steps == "last" and data.y_train[:, -1, 0].tolist() == [0.5, 1.5]


def test_a_csv_without_the_sequence_column_is_refused_for_a_recurrent_network(tmp_path):
    path = tmp_path / "flat.csv"
    path.write_text("x,y\n1,0\n0,1\n1,1\n")
    with pytest.raises(DataError) as caught:
        load_dataset(DatasetSpec(name=str(path)), n_inputs=1, n_outputs=1, sequences=True)
    assert str(caught.value) == (
        "flat.csv has no column named 'sequence', so it holds no sequences; a network with "
        "recurrent connections trains on sequences: add a column 'sequence' that names the "
        "sequence each row belongs to (its rows in time order), or set the dataset's "
        "sequence column to the one that does")


def test_sequences_of_different_lengths_are_refused_naming_two(tmp_path: Path):
    path = tmp_path / "ragged.csv"
    path.write_text("sequence,x,y\na,1,0\na,0,1\nb,1,1\n")
    with pytest.raises(DataError) as caught:
        load_dataset(DatasetSpec(name=str(path)), n_inputs=1, n_outputs=1, sequences=True)
    assert str(caught.value) == (
        "ragged.csv: the sequences have different lengths (sequence 'a' has 2 rows, "
        "sequence 'b' 1 row, from line 4); BP Studio trains on sequences of one length: "
        "pad or cut them to the same number of rows")


def test_a_sequence_split_in_two_places_is_refused(tmp_path: Path):
    path = tmp_path / "split.csv"
    path.write_text("sequence,x,y\na,1,0\nb,0,1\na,1,1\nb,0,0\n")
    with pytest.raises(DataError, match="split.csv line 4: sequence 'a' continues after "
                                        "sequence 'b' began"):
        load_dataset(DatasetSpec(name=str(path)), n_inputs=1, n_outputs=1, sequences=True)


def test_a_recurrent_network_refuses_data_that_is_not_sequences():
    net = layered([2, 2, 1])
    net.connect(3, 3, recurrent=True)
    net.set_settings(dataset=DatasetSpec(name="xor"))
    workflow.initialize(net)
    with pytest.raises(ShapeMismatch, match="the network has recurrent connections, so it "
                                            "trains on sequences, but the data is not a "
                                            "sequence dataset"):
        workflow.prepare_training(net)


def test_prediction_inputs_may_differ_in_length(tmp_path: Path):
    path = tmp_path / "in.csv"
    path.write_text("x,sequence\n1,a\n2,a\n3,b\n")
    names, sequences = load_sequence_inputs(path, 1, "sequence")
    assert names == ["a", "b"] and [s[:, 0].tolist() for s in sequences] == [[1, 2], [3]]


def test_the_problems_list_says_when_a_recurrent_network_has_no_sequences(tmp_path: Path):
    net = layered([1, 2, 1])
    net.connect(2, 2, recurrent=True)
    net.set_settings(dataset=DatasetSpec(name="sine"))
    assert workflow.data_problems(net, tmp_path) == [
        "The network has recurrent connections, so it trains on sequences, but the dataset "
        "'sine' holds none: choose echo, parity, sine-next or adding, or a CSV file with a "
        "'sequence' column"]
    (tmp_path / "seq.csv").write_text(CSV)
    for name in ("parity", "seq.csv"):
        net.set_settings(dataset=DatasetSpec(name=name))
        assert workflow.data_problems(net, tmp_path) == []
