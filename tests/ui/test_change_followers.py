"""The four followers of the document (training, X-ray, problems list, canvas) react to
each field by its kind in bpstudio.model.fields: they cannot disagree about a field."""

from __future__ import annotations

import pytest

from bpstudio.model.fields import CONNECTION_FIELD_KINDS, NEURON_FIELD_KINDS, FieldKind
from bpstudio.ui.training.edits import PendingEdits

K = FieldKind
HIDDEN = 3                                    # xor_network(): inputs 1-2, hidden 3-4, output 5
NEW_VALUES = {"role": "output", "activation": "tanh", "frozen": True, "bias": 0.75,
              "label": "h", "x": 123.0, "y": -45.0}


class Followers:
    """What each follower did after one change, read before the event loop runs on."""

    def __init__(self, window, monkeypatch) -> None:
        self.window = window
        self.training = PendingEdits(lambda edits: None)
        self.training.follow(window.document.network)
        self.xray: list[object] = []
        session = window.xray.session
        session.values_changed.connect(lambda structure: self.xray.append(structure))
        session.layout_changed.connect(lambda: self.xray.append("layout"))
        window._problems_timer.stop()
        self.drawn: list[int] = []
        for item in window.scene.items_by_id.values():
            original = item.update_from
            monkeypatch.setattr(item, "update_from",
                                lambda neuron, original=original: (
                                    self.drawn.append(neuron.id), original(neuron)))

    def report(self) -> dict[str, object]:
        edits = self.training._edits
        return {"recompile": edits.structure, "values": (edits.weights, edits.biases),
                "training wakes": self.training._timer.isActive(), "xray": self.xray,
                "problems": self.window._problems_timer.isActive(), "drawn": self.drawn}


@pytest.mark.parametrize("field", sorted(NEURON_FIELD_KINDS))
def test_a_neuron_field_is_followed_by_its_kind(window, monkeypatch, field: str):
    kind = NEURON_FIELD_KINDS[field]
    followers = Followers(window, monkeypatch)
    window.document.network.update_neurons({HIDDEN: {field: NEW_VALUES[field]}})
    assert followers.report() == {
        "recompile": kind in (K.STRUCTURE, K.TRAINABILITY),
        "values": (set(), {HIDDEN} if kind is K.VALUE else set()),
        "training wakes": kind not in (K.NAME, K.POSITION),
        "xray": {K.STRUCTURE: [True], K.POSITION: ["layout"]}.get(kind, [False]),
        "problems": kind in (K.STRUCTURE, K.NAME),
        "drawn": [HIDDEN] if kind in (K.STRUCTURE, K.TRAINABILITY, K.NAME) else []}
    if kind is K.POSITION:
        pos = window.scene.neuron_item(HIDDEN).pos()
        assert getattr(pos, field)() == NEW_VALUES[field]


@pytest.mark.parametrize("field", sorted(CONNECTION_FIELD_KINDS))
def test_a_connection_field_is_followed_by_its_kind(window, monkeypatch, field: str):
    kind = CONNECTION_FIELD_KINDS[field]
    followers = Followers(window, monkeypatch)
    cid = min(window.document.network.connections)
    window.document.network.update_connections({cid: {field: {"weight": 2.5, "frozen": True,
                                                              "recurrent": True}[field]}})
    assert followers.report() == {
        "recompile": kind in (K.STRUCTURE, K.TRAINABILITY),
        "values": ({cid} if kind is K.VALUE else set(), set()),
        "training wakes": True, "xray": [kind is K.STRUCTURE],
        "problems": kind is K.STRUCTURE, "drawn": []}
