"""Own data trains: image folders, IDX files and drawn points each reach a stated accuracy
through the same workflow the CLI and GUI use; a vanished dataset still opens."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bpstudio.data import DataError
from bpstudio.engine.training import Trainer
from bpstudio.formats.bpnet import load, save
from bpstudio.model.points import DrawnPoint, DrawnPoints
from bpstudio.model.settings import DatasetSpec
from bpstudio.workflow import (
    data_problems,
    network_for_dataset,
    prepare_training,
    store_trained,
)
from tests.data.test_drawn import two_blobs
from tests.data.test_idx import stripes, write_pair
from tests.data.test_image_folder import make_folder


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def train(network, base_dir: Path | None = None):  # noqa: ANN001, ANN201
    prepared = prepare_training(network, base_dir)
    trainer = Trainer(prepared.plan, prepared.data, network.settings)
    final = trainer.run()
    store_trained(network, prepared.plan, prepared.dataset)
    return final


def test_an_image_folder_of_shapes_trains_to_90_percent(tmp_path: Path) -> None:
    make_folder(tmp_path / "shapes", per_class=60, size=(16, 16))
    network, dataset = network_for_dataset(DatasetSpec("shapes", test_ratio=0.25), tmp_path,
                                           hidden=(32,), activation="relu")
    assert dataset.image_shape == (16, 16) and len(network.inputs()) == 256
    assert [n.label for n in network.outputs()] == ["circle", "square", "triangle"]
    network.set_settings(network.settings.with_changes(epochs=40))
    final = train(network, tmp_path)
    assert final.test_metric >= 0.9, final


def test_an_idx_pair_trains_to_100_percent(tmp_path: Path) -> None:
    images, labels = stripes(80)
    path = write_pair(tmp_path, images, labels)
    network, _ = network_for_dataset(DatasetSpec(str(path)), hidden=(4,), activation="tanh")
    assert len(network.outputs()) == 1 and network.settings.loss == "binary_cross_entropy"
    network.set_settings(network.settings.with_changes(epochs=30))
    assert train(network).test_metric == 1.0


def test_drawn_points_train_and_survive_save_and_load(tmp_path: Path) -> None:
    network, _ = network_for_dataset(DatasetSpec("xor"), hidden=(4,), activation="tanh")
    network.set_drawn_points(two_blobs(60))
    network.set_settings(network.settings.with_changes(epochs=100),
                         DatasetSpec("drawn", test_ratio=0.25))
    assert train(network).test_metric >= 0.95
    save(network, tmp_path / "drawn.bpnet")
    loaded, _ = load(tmp_path / "drawn.bpnet")
    assert loaded.drawn_points == network.drawn_points


def test_drawn_regression_points_get_an_identity_output_and_fit() -> None:
    line = DrawnPoints("regression", 0, tuple(
        DrawnPoint(float(x), float(-x), float(2 * x)) for x in np.linspace(-1, 1, 40)))
    network, _ = network_for_dataset(DatasetSpec("drawn", test_ratio=0.25), hidden=(),
                                     points=line)
    assert network.drawn_points == line and network.settings.loss == "l2"
    assert [n.activation for n in network.outputs()] == ["identity"]
    network.set_settings(network.settings.with_changes(epochs=300))
    assert train(network).test_metric >= 0.99     # R² of a straight line


def test_a_vanished_dataset_opens_and_is_reported(tmp_path: Path) -> None:
    make_folder(tmp_path / "photos", per_class=3, size=(8, 8))
    network, _ = network_for_dataset(DatasetSpec("photos"), tmp_path, hidden=(4,))
    save(network, tmp_path / "net.bpnet")
    (tmp_path / "photos").rename(tmp_path / "moved")
    opened, _ = load(tmp_path / "net.bpnet")          # the document opens anyway
    assert opened.snapshot() == network.snapshot()
    (problem,) = data_problems(opened, tmp_path)
    assert problem.startswith("The dataset 'photos' is missing: no folder ")
    with pytest.raises(DataError, match=r"'photos' is not a built-in dataset .* and no file "
                                        r"or folder .*photos exists"):
        prepare_training(opened, tmp_path)
    (tmp_path / "moved").rename(tmp_path / "photos")
    assert data_problems(opened, tmp_path) == []
