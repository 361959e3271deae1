"""bpnet.schema.json and docs/file-format.md describe exactly what the code reads and writes."""

from __future__ import annotations

import json
import math
import re
from dataclasses import MISSING, fields
from pathlib import Path
from typing import Any

import pytest

from bpstudio.formats import (
    FORMAT_NAME,
    FORMAT_VERSION,
    BpnetError,
    dumps,
    loads,
    to_document,
)
from bpstudio.formats._checks import MAX_ID, TOP_KEYS
from bpstudio.model.builders import layered
from bpstudio.model.network import ROLES, Connection, Network, Neuron
from bpstudio.model.settings import (
    ACTIVATIONS,
    BUILTIN_DATASETS,
    DTYPES,
    INITIALIZERS,
    LOSSES,
    OPTIMIZERS,
    SCHEDULES,
    DatasetSpec,
    LossHistory,
    SettingsError,
    TrainingSettings,
)
from tests.formats.conftest import make_rich_network, make_xor_network

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_PATH = ROOT / "bpstudio" / "formats" / "bpnet.schema.json"
DOCS_PATH = ROOT / "docs" / "file-format.md"
SCHEMA: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
DEFS = SCHEMA["$defs"]


def _validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    return jsonschema.Draft202012Validator(SCHEMA)


# ---------------------------------------------------------------- saved files fit the schema
@pytest.mark.parametrize("make", [make_rich_network, lambda: (make_xor_network(), None),
                                  lambda: (Network(), None),
                                  lambda: (layered([30, 20, 10], "relu", "softmax"), None)])
def test_saved_documents_validate_against_the_schema(make):
    network, info = make()
    _validator().validate(json.loads(dumps(network, info)))


@pytest.mark.parametrize(("path", "value"), [
    (("version",), FORMAT_VERSION + 1),
    (("format",), "other"),
    (("training", "validation_ratio"), 0.6),
    (("training", "validation_ratio"), -0.1),
    (("network", "neurons", 0, "bias"), "abc"),
    (("network", "neurons", 0, "id"), True),
    (("network", "neurons", 0, "id"), 0),
    (("network", "neurons", 0, "label"), ["a"]),
    (("network", "neurons", 0, "role"), "middle"),
    (("network", "neurons", 0, "activation"), "sigmoidd"),
    (("network", "neurons", 0, "colour"), "red"),
    (("network", "connections", 0, "weight"), "0.5"),
    (("network", "connections", 0, "source"), None),
    (("network", "connections", 0, "frozen"), 1),
    (("training", "learning_rate"), 0),
    (("training", "learning_rate"), 1001),
    (("training", "loss"), "hinge"),
    (("training", "epochs"), 10.5),
    (("training", "lr"), 0.1),
    (("dataset", "name"), " "),
    (("dataset", "samples"), 3),
    (("history", "test_loss"), ["x"]),
    (("history", "epochs"), [-1]),
    (("extra",), 1),
])
def test_the_schema_refuses_what_the_loader_refuses(xor_doc, path, value):
    node = xor_doc
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    errors = list(_validator().iter_errors(xor_doc))
    assert errors, f"the schema accepts {path} = {value!r}"
    with pytest.raises(BpnetError):
        loads(json.dumps(xor_doc))


def test_the_schema_requires_what_the_loader_requires(xor_doc):
    validator = _validator()
    for key in ("format", "version", "network"):
        doc = dict(xor_doc)
        del doc[key]
        assert not validator.is_valid(doc)
    neuron = {"id": 1, "role": "input"}
    connection = {"id": 1, "source": 1, "target": 2}
    minimal = {"format": FORMAT_NAME, "version": FORMAT_VERSION,
               "network": {"neurons": [neuron, {"id": 2, "role": "output"}],
                           "connections": [connection]}}
    assert validator.is_valid(minimal)
    loads(json.dumps(minimal))
    for item, keys in ((neuron, ("id", "role")), (connection, ("id", "source", "target"))):
        for key in keys:
            value = item.pop(key)
            assert not validator.is_valid(minimal)
            with pytest.raises(BpnetError):
                loads(json.dumps(minimal))
            item[key] = value


# ---------------------------------------------------------------- no drift from the model
def test_header_constants_match():
    assert SCHEMA["properties"]["format"]["const"] == FORMAT_NAME
    assert SCHEMA["properties"]["version"]["const"] == FORMAT_VERSION
    assert SCHEMA["required"] == ["format", "version", "network"]
    assert list(SCHEMA["properties"]) == list(TOP_KEYS)
    written = list(to_document(Network()))   # input_scaling, points, runs only when set
    assert written == [key for key in TOP_KEYS if key not in ("input_scaling", "points", "runs")]


@pytest.mark.parametrize(("enum", "vocab"), [
    (DEFS["neuron"]["properties"]["role"]["enum"], ROLES),
    (DEFS["neuron"]["properties"]["activation"]["enum"], ACTIVATIONS),
    (DEFS["training"]["properties"]["loss"]["enum"], LOSSES),
    (DEFS["training"]["properties"]["optimizer"]["enum"], OPTIMIZERS),
    (DEFS["training"]["properties"]["init"]["enum"], INITIALIZERS),
    (DEFS["training"]["properties"]["schedule"]["enum"], SCHEDULES),
    (DEFS["training"]["properties"]["dtype"]["enum"], DTYPES),
    (DEFS["dataset"]["properties"]["name"]["examples"], BUILTIN_DATASETS),
], ids=["roles", "activations", "losses", "optimizers", "initializers", "schedules", "dtypes",
        "datasets"])
def test_schema_vocabularies_match_the_model(enum, vocab):
    assert enum == list(vocab)


@pytest.mark.parametrize(("name", "cls"), [("training", TrainingSettings),
                                           ("dataset", DatasetSpec),
                                           ("history", LossHistory)])
def test_settings_fields_and_defaults_match_the_dataclasses(name, cls):
    properties = DEFS[name]["properties"]
    assert list(properties) == [f.name for f in fields(cls)]
    defaults = cls().to_dict()
    for key, spec in properties.items():
        assert spec["default"] == defaults[key], key
        assert type(spec["default"]) is type(defaults[key]), key


@pytest.mark.parametrize(("name", "cls"), [("neuron", Neuron), ("connection", Connection)])
def test_item_fields_match_the_model(name, cls):
    properties = DEFS[name]["properties"]
    assert list(properties) == [f.name for f in fields(cls)]
    for f in fields(cls):
        if "default" in properties[f.name]:
            assert properties[f.name]["default"] == f.default, f.name
        else:
            assert f.name in DEFS[name]["required"] or f.name == "activation"
    network = make_xor_network()
    first = min(network.connections)
    network.update_connections({first: {"recurrent": True}})   # written only when true
    written = to_document(network)["network"][f"{name}s"][0]
    assert list(written) == list(properties)
    if name == "connection":
        ordinary = to_document(make_xor_network())["network"]["connections"][0]
        assert list(ordinary) == [key for key in properties if key != "recurrent"]


def _bounds() -> list[tuple[type, str, str, float]]:
    cases = []
    for name, cls in (("training", TrainingSettings), ("dataset", DatasetSpec)):
        for key, spec in DEFS[name]["properties"].items():
            for bound in ("minimum", "maximum", "exclusiveMinimum"):
                if bound in spec:
                    cases.append((cls, key, bound, spec[bound]))
    return cases


@pytest.mark.parametrize(("cls", "key", "bound", "limit"), _bounds(),
                         ids=lambda v: v.__name__ if isinstance(v, type) else str(v))
def test_schema_ranges_match_the_settings_checks(cls, key, bound, limit):
    """Each bound in the schema is exactly where the settings start refusing values."""
    integer = DEFS["training" if cls is TrainingSettings else "dataset"][
        "properties"][key]["type"] == "integer"
    step = 1 if integer else max(abs(limit) * 1e-6, 1e-12)
    inside, outside = {
        "minimum": (limit, limit - step),
        "maximum": (limit, limit + step),
        "exclusiveMinimum": (limit + step, limit),
    }[bound]
    # The image size is set as a pair (both 0 = automatic): give the partner a fitting value.
    partner = {"image_width": "image_height", "image_height": "image_width"}.get(key)
    extra = {partner: inside if inside == 0 else 1} if partner else {}
    cls(**{key: inside}, **extra)
    with pytest.raises(SettingsError):
        cls(**{key: outside}, **extra)


def test_every_number_field_with_limits_in_the_code_has_them_in_the_schema():
    """The settings refuse 0 learning rate and negative epochs; so must the schema."""
    bounded = {(c.__name__, k) for c, k, _, _ in _bounds()}
    for name, cls in (("training", TrainingSettings), ("dataset", DatasetSpec)):
        for key, spec in DEFS[name]["properties"].items():
            if spec.get("type") not in ("number", "integer"):
                continue
            try:
                cls(**{key: -1})
            except SettingsError:
                assert (cls.__name__, key) in bounded, key


# ---------------------------------------------------------------- the documentation
def test_the_docs_describe_every_field():
    docs = DOCS_PATH.read_text(encoding="utf-8")
    names = set(SCHEMA["properties"])
    for definition in DEFS.values():
        names |= set(definition.get("properties", {}))
    missing = sorted(name for name in names if f"`{name}`" not in docs)
    assert not missing, f"docs/file-format.md does not mention {missing}"


def test_the_docs_example_is_a_file_that_loads_and_is_written_exactly_so():
    docs = DOCS_PATH.read_text(encoding="utf-8")
    example = re.search(r"```json\n(.*?)```", docs, re.DOTALL)
    assert example, "docs/file-format.md has no ```json example"
    network, info = loads(example.group(1), "example")
    assert dumps(network, info) == example.group(1)
    _validator().validate(json.loads(example.group(1)))


def test_defaults_stated_in_the_docs_tables_match(xor_doc):
    """Rows look like | `name` | type | default | meaning |; check the defaults we state."""
    docs = DOCS_PATH.read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)` \| [^|]+ \| `([^`]*)` \|", docs, re.MULTILINE)
    stated: dict[str, list[str]] = {}
    for name, default in rows:
        stated.setdefault(name, []).append(default)
    checked = 0
    for name, cls in (("training", TrainingSettings), ("dataset", DatasetSpec)):
        for f in fields(cls):
            assert f.default is not MISSING
            if f.name in stated:
                assert json.dumps(f.default) in stated[f.name], (name, f.name, stated[f.name])
                checked += 1
    assert checked >= len(fields(TrainingSettings))


def test_the_id_limit_matches():
    assert DEFS["id"]["maximum"] == MAX_ID


def test_loss_conventions_are_documented_where_the_code_and_the_table_point():
    """The loss row pointed to model/settings.py and losses.py to the docs: neither held the
    formulas. Both now point to one section, which names every loss."""
    from bpstudio.engine import losses
    text = DOCS_PATH.read_text(encoding="utf-8")
    section = text[text.index("### Loss conventions"):text.index("## `dataset`")]
    for name in LOSSES:
        assert f"`{name}`" in section
    assert "without** a factor ½" in section and "softplus(z) − y·z" in section
    assert "z − logsumexp(z)" in section
    assert "(#loss-conventions)" in text and "documented in `bpstudio/model/settings.py`" \
        not in text
    assert losses.__doc__ is not None and '"Loss conventions"' in losses.__doc__


def test_the_documented_l2_convention_is_what_the_engine_computes():
    import numpy as np

    from bpstudio.engine.backprop import Engine
    from bpstudio.engine.plan import compile_network
    net = layered([2, 2], output_activation="identity")
    plan = compile_network(net)
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(5, 2)), rng.normal(size=(5, 2))
    a = Engine(plan).predict(x)
    assert Engine(plan).loss(x, y) == pytest.approx(((a - y) ** 2).sum() / 5)


def test_every_whole_number_setting_fits_the_editors_32_bit_spin_boxes():
    """A seed of 3000000000 loaded, then crashed the editor's spin box with OverflowError:
    the schema and the loader bound every whole number within SPIN_BOX_MAX."""
    from bpstudio.model.settings import SPIN_BOX_MAX

    for name, cls in (("training", TrainingSettings), ("dataset", DatasetSpec)):
        for key, spec in DEFS[name]["properties"].items():
            if spec.get("type") != "integer":
                continue
            assert spec.get("maximum", math.inf) <= SPIN_BOX_MAX, (name, key)
            with pytest.raises(SettingsError):
                cls(**{key: SPIN_BOX_MAX + 1})


def test_the_schema_bounds_positions_where_the_loader_does():
    from bpstudio.model.network import MAX_COORDINATE

    for axis in ("x", "y"):
        spec = DEFS["neuron"]["properties"][axis]
        assert spec["minimum"] == -MAX_COORDINATE and spec["maximum"] == MAX_COORDINATE
