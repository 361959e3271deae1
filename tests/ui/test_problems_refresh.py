"""The problems list re-validates only after edits that can change what validate() finds."""

from __future__ import annotations

import pytest

import bpstudio.ui.panels.problems as problems_module


@pytest.fixture
def validations(window, monkeypatch):
    """Counts validate() calls made for the problems list."""
    calls: list[int] = []
    real = problems_module.validate

    def counting(network):
        calls.append(len(network.neurons))
        return real(network)

    monkeypatch.setattr(problems_module, "validate", counting)
    return calls


def _settle(window) -> None:
    """Run a scheduled refresh now, as its timer would."""
    if window._problems_timer.isActive():
        window._problems_timer.timeout.emit()


def test_moves_and_parameter_edits_do_not_validate(window, validations):
    net = window.document.network
    hidden = next(n for n in net.neurons.values() if n.role == "hidden")
    window.editor.move({hidden.id: (hidden.x, hidden.y)}, {hidden.id: (hidden.x + 30, 5.0)})
    cid = min(net.connections)
    window.editor.set_connection_properties({cid: {"weight": -1.25, "frozen": True}})
    window.editor.set_neuron_properties({hidden.id: {"bias": 0.75}})
    net.set_parameters({cid: 2.0}, {hidden.id: 0.1})     # what training's updates do
    assert not window._problems_timer.isActive()
    _settle(window)
    assert validations == []


@pytest.mark.parametrize("edit", ["add", "connect", "delete", "activation", "role"])
def test_structural_edits_update_the_list(window, validations, edit):
    net = window.document.network
    out = next(n for n in net.neurons.values() if n.role == "output")
    hidden = next(n for n in net.neurons.values() if n.role == "hidden")
    if edit == "add":
        window.editor.add_neurons("hidden", 1, window.view.mapToScene(0, 0))
        expected = "does not feed any output"
    elif edit == "connect":
        window.editor.add_neurons("output", 1, window.view.mapToScene(0, 0))
        _settle(window)
        new_out = max(net.neurons)
        window.editor.connect(hidden.id, new_out)
        expected = None                        # the unreached-output warning goes away
    elif edit == "delete":
        window.scene.select([], [c.id for c in net.incoming(out.id)])
        window.editor.delete_selection()
        expected = "not reached from any input"
    elif edit == "activation":
        window.editor.set_neuron_properties({hidden.id: {"activation": "softmax"}})
        expected = "only output neurons"
    else:
        window.editor.set_neuron_properties({out.id: {"role": "hidden"}})
        expected = "no output neurons"
    assert window._problems_timer.isActive()
    _settle(window)
    assert validations
    messages = [p.message for p in window.problems.problems]
    if expected is None:
        assert not any("not reached" in m for m in messages)
    else:
        assert any(expected in m for m in messages), messages


def test_a_renamed_neuron_is_renamed_in_the_list(window, validations):
    net = window.document.network
    window.editor.add_neurons("hidden", 1, window.view.mapToScene(0, 0))
    _settle(window)
    window.editor.set_neuron_properties({max(net.neurons): {"label": "lonely"}})
    _settle(window)
    assert any(p.message.startswith("lonely does not feed") for p in window.problems.problems)


def test_changing_the_loss_revalidates(window, validations):
    net = window.document.network
    window.editor.set_training_settings(
        net.settings.with_changes(loss="softmax_cross_entropy"), "loss", "loss")
    _settle(window)
    assert any("softmax" in p.message for p in window.problems.problems)


def test_binary_cross_entropy_on_a_tanh_output_is_listed_with_what_to_change(window):
    """Issue 9, case 2: the Problems dock refuses what `bpstudio train` refuses."""
    net = window.document.network
    (output,) = net.outputs()
    window.editor.set_training_settings(
        net.settings.with_changes(loss="binary_cross_entropy"), "loss", "loss")
    net.update_neurons({output.id: {"activation": "tanh"}})
    _settle(window)
    messages = [p.message for p in window.problems.problems if p.severity == "error"]
    assert messages == [f"binary cross-entropy needs outputs in (0, 1): make {output.name} "
                        "a sigmoid, or use the L2 loss"]
    net.update_neurons({output.id: {"activation": "sigmoid"}})
    _settle(window)
    assert not [p for p in window.problems.problems if p.severity == "error"]


def test_the_list_writes_labels_as_written_and_counts_in_words(window, validations):
    """"H6 do not feed any output": capitalised label, plural for one neuron (issue 10 §4)."""
    net = window.document.network
    window.editor.add_neurons("hidden", 2, window.view.mapToScene(0, 0))
    _settle(window)
    first, second = sorted(net.neurons)[-2:]
    window.editor.set_neuron_properties({first: {"label": "h10"}, second: {"label": "h11"}})
    _settle(window)
    shown = [window.problems.list.item(i).text() for i in range(window.problems.list.count())]
    assert "h10, h11 do not feed any output, so training never changes them" in shown
    assert ("h10, h11 have no incoming connections, so each outputs the same f(bias) for "
            "every sample") in shown
    window.scene.select([second], [])
    window.editor.delete_selection()
    _settle(window)
    shown = [window.problems.list.item(i).text() for i in range(window.problems.list.count())]
    assert "h10 does not feed any output, so training never changes it" in shown
    assert ("h10 has no incoming connections, so it outputs the same f(bias) for every "
            "sample") in shown
    window.editor.set_neuron_properties({first: {"label": ""}})
    _settle(window)
    messages = [p.message for p in window.problems.problems]
    assert any(m.startswith(f"h{first} does not feed") for m in messages)


def test_a_hidden_neuron_fed_only_by_its_bias_is_flagged(window, validations):
    """It feeds the output, so nothing else is said about it; its output is a constant."""
    net = window.document.network
    window.editor.add_neurons("hidden", 1, window.view.mapToScene(0, 0))
    _settle(window)
    lonely = max(net.neurons)
    out = next(n.id for n in net.neurons.values() if n.role == "output")
    window.editor.connect(lonely, out)
    _settle(window)
    [problem] = window.problems.problems
    assert problem.severity == "warning" and problem.neuron_ids == (lonely,)
    assert "no incoming connections" in problem.message
