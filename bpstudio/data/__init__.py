"""Built-in datasets and loaders (CSV) for training; NumPy only, never Qt or the engine.

Public API::

    load_dataset(spec, base_dir=None, *, n_inputs=None, n_outputs=None, task=None) -> Dataset
    load_inputs_csv(path, n_inputs) -> np.ndarray
    BUILTINS: Mapping[str, BuiltinInfo]
    Dataset, DataError, one_hot
"""

from bpstudio.data.catalog import BUILTINS, BuiltinInfo, make_builtin
from bpstudio.data.csv_loader import load_csv_dataset, load_inputs_csv
from bpstudio.data.dataset import TASKS, DataError, Dataset, one_hot
from bpstudio.data.loading import load_dataset, resolve_path

__all__ = [
    "BUILTINS",
    "TASKS",
    "BuiltinInfo",
    "DataError",
    "Dataset",
    "load_csv_dataset",
    "load_dataset",
    "load_inputs_csv",
    "make_builtin",
    "one_hot",
    "resolve_path",
]
