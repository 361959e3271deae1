"""Write the small tables BP Studio ships (resources/datasets/*.csv.gz) from scikit-learn.

Run once from the repository root, with scikit-learn installed (it is not a dependency of
BP Studio; ``pip install scikit-learn`` into the venv first):

    .venv/bin/python scripts/make_datasets.py

The tables are scikit-learn's bundled copies of classic public datasets (their sources and
licences are in docs/datasets.md). Each file is gzip'd CSV (a fixed gzip timestamp, so a
rerun writes identical bytes): a header naming every column, one row per sample, the
feature columns first and the target last. Class targets are whole numbers 0..k−1, in
scikit-learn's order; their names live in bpstudio/data/catalog.py. Numbers are written
with Python's ``repr``, which reads back as exactly the same float.

The Fashion-MNIST test set (resources/datasets/fashion-mnist/) is not made here: it is the
original ``t10k-*`` IDX files, copied from Debian's ``dataset-fashion-mnist`` package
(``apt-get install dataset-fashion-mnist``; /usr/share/datasets/fashion-mnist/).
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn import datasets  # type: ignore[import-untyped]

OUT = Path(__file__).resolve().parent.parent / "resources" / "datasets"


def _number(value: float, whole: bool) -> str:
    return str(int(value)) if whole else repr(float(value))


def write_table(name: str, features: np.ndarray, target: np.ndarray,
                feature_names: Sequence[str], target_name: str) -> Path:
    """``name``.csv.gz with a header, the features and the target column."""
    whole_features = bool(np.all(features == np.round(features)))
    whole_target = bool(np.all(target == np.round(target)))
    text = io.StringIO()
    names = [n.replace(",", " ") for n in (*feature_names, target_name)]
    text.write(",".join(names) + "\n")
    for row, y in zip(features, target, strict=True):
        cells = [_number(v, whole_features) for v in row] + [_number(y, whole_target)]
        text.write(",".join(cells) + "\n")
    path = OUT / f"{name}.csv.gz"
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw,
                                               mtime=0, compresslevel=9) as packed:
        packed.write(text.getvalue().encode("ascii"))
    return path


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    iris = datasets.load_iris()
    wine = datasets.load_wine()
    cancer = datasets.load_breast_cancer()
    diabetes = datasets.load_diabetes(scaled=False)
    digits = datasets.load_digits()
    tables = [
        ("iris", iris.data, iris.target, [n.removesuffix(" (cm)").replace(" ", "_") + "_cm"
                                          for n in iris.feature_names], "species"),
        ("wine", wine.data, wine.target, wine.feature_names, "cultivar"),
        ("breast_cancer", cancer.data, cancer.target,
         [n.replace(" ", "_") for n in cancer.feature_names], "diagnosis"),
        ("diabetes", diabetes.data, diabetes.target, diabetes.feature_names, "progression"),
        ("digits", digits.data, digits.target, digits.feature_names, "digit"),
    ]
    for name, x, y, feature_names, target_name in tables:
        path = write_table(name, np.asarray(x), np.asarray(y), list(feature_names), target_name)
        print(f"wrote {path.relative_to(OUT.parent.parent)}: {x.shape[0]} rows × "
              f"{x.shape[1]} features, {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
