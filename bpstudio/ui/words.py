"""Words of the document the GUI shows in several places, marked for translation once."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject

#: a neuron's role as the GUI names it (translate with the "EditController" context)
ROLE_WORDS = {"input": QT_TRANSLATE_NOOP("EditController", "input"),
              "hidden": QT_TRANSLATE_NOOP("EditController", "hidden"),
              "output": QT_TRANSLATE_NOOP("EditController", "output")}

if TYPE_CHECKING:
    from bpstudio.formats.exports import ExportFormat

translate = QCoreApplication.translate


class Counts(QObject):
    """Counted words ("1 neuron", "2 neurons") for code outside a QObject: lupdate finds
    Qt's plural forms (%n) only in ``self.tr`` calls, so they live here."""

    def neurons(self, count: int) -> str:
        return self.tr("%Ln neuron(s)", "", count)

    def connections(self, count: int) -> str:
        return self.tr("%Ln connection(s)", "", count)

    def training_samples(self, count: int) -> str:
        return self.tr("on %n training sample(s)", "", count)

    def training_sequences(self, count: int) -> str:
        return self.tr("on %n training sequence(s) of {steps} steps", "", count)

    def mean_activation(self, count: int) -> str:
        return self.tr("mean activation a: {value} (over %n training sample(s))", "", count)

    def valid_targets(self, count: int) -> str:
        return self.tr("Connect {name} → … (%n valid target(s) highlighted; Esc cancels)", "",
                       count)

    def snapshots(self, count: int) -> str:
        return self.tr("The timeline holds %n snapshot(s) of this run", "", count)

    def painted_values(self, count: int) -> str:
        return self.tr("Paint %n points of value {k}", "", count)

    def painted_classes(self, count: int) -> str:
        return self.tr("Paint %n points of class {k}", "", count)

    def erased_points(self, count: int) -> str:
        return self.tr("Erase %n drawn point(s)", "", count)

    def numbers(self, count: int) -> str:
        return self.tr("%n number(s)", "", count)


@cache
def counts() -> Counts:
    return Counts()


def neuron_count(count: int) -> str:
    """"1 neuron", "1,234 neurons" in the interface's language."""
    return counts().neurons(count)


def connection_count(count: int) -> str:
    return counts().connections(count)


#: the built-in datasets' descriptions (bpstudio/data/catalog.py), shown in the Training
#: dock; tests/ui/test_translations.py fails when one is missing here
DATASET_DESCRIPTIONS = (
    QT_TRANSLATE_NOOP("Datasets", "Four quadrant clusters, label 1 where x1 and x2 differ in "
                                  "sign (4 samples: the classic XOR truth table)"),
    QT_TRANSLATE_NOOP("Datasets", "A disc of one class inside a ring of the other"),
    QT_TRANSLATE_NOOP("Datasets", "Two Gaussian blobs: linearly separable"),
    QT_TRANSLATE_NOOP("Datasets", "Two interleaved spiral arms: hard but learnable"),
    QT_TRANSLATE_NOOP("Datasets", "Two interleaving half circles"),
    QT_TRANSLATE_NOOP("Datasets", "y = 0.5·x1 − 0.3·x2 + 0.1 plus noise"),
    QT_TRANSLATE_NOOP("Datasets", "y = sin(π·x) plus noise, x in [−1, 1]"),
    QT_TRANSLATE_NOOP("Datasets", "1,797 handwritten digits, 8×8 pixels in [0, 1], 10 classes"),
    QT_TRANSLATE_NOOP("Datasets", "10,000 Fashion-MNIST clothing images (the test set), 28×28 "
                                  "pixels in [0, 1], 10 classes"),
    QT_TRANSLATE_NOOP("Datasets", "150 iris flowers: 4 measurements in cm, 3 species"),
    QT_TRANSLATE_NOOP("Datasets", "178 Italian wines: 13 chemical measurements, 3 cultivars"),
    QT_TRANSLATE_NOOP("Datasets", "569 breast tumour biopsies (Wisconsin): 30 cell "
                                  "measurements, malignant or benign"),
    QT_TRANSLATE_NOOP("Datasets", "442 diabetes patients: 10 baseline measurements, disease "
                                  "progression after a year (regression)"),
    QT_TRANSLATE_NOOP("Datasets", "Sequences of random bits; the target is the bit from 2 "
                                  "steps ago"),
    QT_TRANSLATE_NOOP("Datasets", "Sequences of random bits; the target is the running XOR "
                                  "(parity) of the bits so far"),
    QT_TRANSLATE_NOOP("Datasets", "Noisy sines of random frequency and phase; the target is "
                                  "the next step's value"),
    QT_TRANSLATE_NOOP("Datasets", "A value and a marker per step; the target is the sum of "
                                  "the marked values so far (the adding problem)"),
)

#: the examples' titles (resources/examples), shown in File ▸ Examples
EXAMPLE_TITLES = (
    QT_TRANSLATE_NOOP("Examples", "XOR — the tutorial's 2-2-1 sigmoid network"),
    QT_TRANSLATE_NOOP("Examples", "Handwritten digits — 64-32-10, softmax output"),
    QT_TRANSLATE_NOOP("Examples", "Fashion-MNIST — 784-64-10 ReLU, softmax output"),
    QT_TRANSLATE_NOOP("Examples", "Iris — 4-8-3, z-scored measurements"),
    QT_TRANSLATE_NOOP("Examples", "Skip connections — two moons with a 2-6-6-1 network and "
                                  "shortcuts"),
    QT_TRANSLATE_NOOP("Examples", "Two spirals — a hard 2-D problem for a 2-16-16-1 tanh network"),
    QT_TRANSLATE_NOOP("Examples", "Echo — repeat the bit from two steps ago"),
    QT_TRANSLATE_NOOP("Examples", "Parity — an Elman network computes the running XOR of a "
                                  "bit stream"),
)


#: the built-in datasets' names as the Training dock lists them (files keep the names)
DATASET_NAMES = {
    "xor": QT_TRANSLATE_NOOP("Datasets", "xor"),
    "circle": QT_TRANSLATE_NOOP("Datasets", "circle"),
    "gaussians": QT_TRANSLATE_NOOP("Datasets", "gaussians"),
    "spiral": QT_TRANSLATE_NOOP("Datasets", "spiral"),
    "moons": QT_TRANSLATE_NOOP("Datasets", "moons"),
    "plane": QT_TRANSLATE_NOOP("Datasets", "plane"),
    "sine": QT_TRANSLATE_NOOP("Datasets", "sine"),
    "digits": QT_TRANSLATE_NOOP("Datasets", "digits"),
    "fashion": QT_TRANSLATE_NOOP("Datasets", "fashion"),
    "iris": QT_TRANSLATE_NOOP("Datasets", "iris"),
    "wine": QT_TRANSLATE_NOOP("Datasets", "wine"),
    "breast_cancer": QT_TRANSLATE_NOOP("Datasets", "breast_cancer"),
    "diabetes": QT_TRANSLATE_NOOP("Datasets", "diabetes"),
    "echo": QT_TRANSLATE_NOOP("Datasets", "echo"),
    "parity": QT_TRANSLATE_NOOP("Datasets", "parity"),
    "sine-next": QT_TRANSLATE_NOOP("Datasets", "sine-next"),
    "adding": QT_TRANSLATE_NOOP("Datasets", "adding"),
}

#: the export formats' names and one-line descriptions (bpstudio/formats/exports.py)
EXPORT_WORDS = (
    QT_TRANSLATE_NOOP("ExportFormats", "NumPy arrays"),
    QT_TRANSLATE_NOOP("ExportFormats", "one weight matrix per level, index maps, and a README "
                                       "to run it"),
    QT_TRANSLATE_NOOP("ExportFormats", "readable JSON"),
    QT_TRANSLATE_NOOP("ExportFormats", "every neuron and connection with its number, for any "
                                       "language"),
    QT_TRANSLATE_NOOP("ExportFormats", "ONNX model"),
    QT_TRANSLATE_NOOP("ExportFormats", "run it anywhere: onnxruntime, Netron, phones, "
                                       "browsers (float32)"),
    QT_TRANSLATE_NOOP("ExportFormats", "Python script"),
    QT_TRANSLATE_NOOP("ExportFormats", "one file, NumPy only, weights inside; predicts a CSV "
                                       "like bpstudio predict"),
    QT_TRANSLATE_NOOP("ExportFormats", "PyTorch module"),
    QT_TRANSLATE_NOOP("ExportFormats", "keep training, on GPUs: an nn.Module, its weights "
                                       "(.pt), the data and a train script for torchrun"),
    QT_TRANSLATE_NOOP("ExportFormats", "C source"),
    QT_TRANSLATE_NOOP("ExportFormats", "no dependencies, microcontrollers: a predict function "
                                       "in float32 (.c + .h)"),
)


def export_label(export_format: ExportFormat) -> str:
    """A format's menu line, ``ONNX model — run it anywhere: …``, in the user's language."""
    return (translate("ExportFormats", export_format.name) + " — "
            + translate("ExportFormats", export_format.about))
