"""The editable document: pure Python, importable without NumPy or Qt."""

from bpstudio.model.network import Connection, Network, NetworkError, Neuron
from bpstudio.model.settings import DatasetSpec, LossHistory, SettingsError, TrainingSettings
from bpstudio.model.validate import Problem, validate

__all__ = [
    "Connection", "DatasetSpec", "LossHistory", "Network", "NetworkError", "Neuron",
    "Problem", "SettingsError", "TrainingSettings", "validate",
]
