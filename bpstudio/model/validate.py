"""Everything wrong with a network, in plain words, with the neurons involved."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from bpstudio.model.network import Network, recurrent_into_input_message
from bpstudio.model.settings import ACTIVATIONS
from bpstudio.words import translate


@dataclass(frozen=True)
class Problem:
    """One thing wrong; ``error`` problems stop training, warnings do not."""

    message: str
    severity: str = "error"                      # "error" or "warning"
    neuron_ids: tuple[int, ...] = field(default=())
    connection_ids: tuple[int, ...] = field(default=())

    def __str__(self) -> str:
        return self.message


def _names(network: Network, ids: list[int], limit: int = 8) -> str:
    names = [network.neurons[i].name for i in ids[:limit]]
    more = (translate("Problems", " and {count} more").format(count=len(ids) - limit)
            if len(ids) > limit else "")
    return ", ".join(names) + more


def find_cycle(network: Network) -> list[int] | None:
    """Neuron ids along one directed cycle (first repeated at the end omitted), or None."""
    state: dict[int, int] = {}          # 1 = on the current path, 2 = finished
    for root in sorted(network.neurons):
        if root in state:
            continue
        path: list[int] = []
        stack: list[tuple[int, list[int]]] = [(root, _successors(network, root))]
        state[root] = 1
        path.append(root)
        while stack:
            node, todo = stack[-1]
            if not todo:
                stack.pop()
                path.pop()
                state[node] = 2
                continue
            nxt = todo.pop()
            if state.get(nxt) == 1:
                return path[path.index(nxt):]
            if nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, _successors(network, nxt)))
    return None


def _successors(network: Network, nid: int) -> list[int]:
    """Targets of ``nid``'s ordinary connections: recurrent ones may close loops."""
    return sorted((c.target for c in network.outgoing(nid) if not c.recurrent), reverse=True)


def validate(network: Network) -> list[Problem]:
    """Every problem that would stop training (errors) or waste it (warnings).

    Runs on the GUI thread after structural edits: the graph walks go through
    :class:`EdgeArrays` so a 100k-connection network takes milliseconds.
    """
    problems: list[Problem] = []
    inputs, outputs = network.inputs(), network.outputs()
    if not inputs:
        problems.append(Problem(translate("Problems", "the network has no input neurons")))
    if not outputs:
        problems.append(Problem(translate("Problems", "the network has no output neurons")))

    for neuron in sorted(network.neurons.values(), key=lambda n: n.id):
        if neuron.activation not in ACTIVATIONS:
            problems.append(Problem(translate("Problems", "{name} has an unknown activation "
                                                          "{activation}").format(
                name=neuron.name, activation=repr(neuron.activation)), neuron_ids=(neuron.id,)))

    # Imported here: the project-file code imports find_cycle and must stay NumPy-free.
    from bpstudio.model.edge_arrays import EdgeArrays

    edges = EdgeArrays.of(network)
    # Recurrent networks take the plain walks: the level walks follow ordinary edges only,
    # while reaching an output may go through a recurrent edge (one time step later).
    if network.has_recurrent or not edges.looks_sound([n.id for n in inputs]):
        problems += _connection_problems(network)
        levels = None                 # the fast walks assume sound edges
        cycle = find_cycle(network)
    else:
        levels = edges.levels()
        cycle = find_cycle(network) if levels is None else None
    if cycle is not None:
        loop = " → ".join(network.neurons[i].name for i in cycle + cycle[:1])
        problems.append(Problem(translate("Problems", "the connections form a cycle: {loop}; "
                                                      "mark one of them recurrent to feed its "
                                                      "value back one time step later")
                                .format(loop=loop),
                                neuron_ids=tuple(cycle)))

    problems += _softmax_problems(network)
    problems += _cross_entropy_problems(network)

    input_ids, output_ids = [n.id for n in inputs], [n.id for n in outputs]
    reached = (network.downstream(input_ids) if levels is None
               else edges.downstream(levels, input_ids))
    for out in outputs:
        if inputs and out.id not in reached:
            problems.append(Problem(translate("Problems", "output {name} is not reached from "
                                                          "any input").format(name=out.name),
                                    severity="warning", neuron_ids=(out.id,)))
    if outputs and cycle is None:
        feeds_output = (network.upstream(output_ids) if levels is None
                        else edges.upstream(levels, output_ids))
        dead = [n.id for n in sorted(network.neurons.values(), key=lambda n: n.id)
                if n.role == "hidden" and n.id not in feeds_output]
        if dead:
            template = (translate("Problems", "{names} does not feed any output, so training "
                                              "never changes it") if len(dead) == 1 else
                        translate("Problems", "{names} do not feed any output, so training "
                                              "never changes them"))
            problems.append(Problem(template.format(names=_names(network, dead)),
                                    severity="warning", neuron_ids=tuple(dead)))
    # Inputs may be cut, but a neuron fed by nothing outputs f(bias) for every sample.
    unfed = [n.id for n in sorted(network.neurons.values(), key=lambda n: n.id)
             if n.role == "hidden" and not network.incoming(n.id)]
    if unfed:
        template = (translate("Problems", "{names} has no incoming connections, so it outputs "
                                          "the same f(bias) for every sample")
                    if len(unfed) == 1 else
                    translate("Problems", "{names} have no incoming connections, so each "
                                          "outputs the same f(bias) for every sample"))
        problems.append(Problem(template.format(names=_names(network, unfed)),
                                severity="warning", neuron_ids=tuple(unfed)))
    return problems


def _connection_problems(network: Network) -> list[Problem]:
    """Dangling ends, edges into inputs and duplicated pairs, in connection-id order."""
    problems: list[Problem] = []
    pair_count = Counter((c.source, c.target) for c in network.connections.values())
    for conn in sorted(network.connections.values(), key=lambda c: c.id):
        src = network.neurons.get(conn.source)
        dst = network.neurons.get(conn.target)
        if src is None or dst is None:
            problems.append(Problem(translate("Problems", "connection {id} joins a neuron that "
                                                          "does not exist").format(id=conn.id),
                                    connection_ids=(conn.id,)))
            continue
        ends = (src.id, dst.id)
        if dst.role == "input":
            message = (recurrent_into_input_message(src.name, dst.name) if conn.recurrent
                       else translate("Problems", "{source} → {target} ends at an input "
                                                  "neuron; inputs take data, not connections")
                       .format(source=src.name, target=dst.name))
            problems.append(Problem(message, neuron_ids=ends, connection_ids=(conn.id,)))
        if pair_count[ends] > 1:
            pair_count[ends] = 0   # report each duplicated pair once
            dupes = tuple(c.id for c in network.connections.values()
                          if (c.source, c.target) == ends)
            problems.append(Problem(translate("Problems", "{source} → {target} is connected "
                                                          "more than once").format(
                                                              source=src.name, target=dst.name),
                                    neuron_ids=ends, connection_ids=dupes))
    return problems


def _softmax_problems(network: Network) -> list[Problem]:
    """Softmax is a group activation over all outputs, paired with its own loss."""
    problems: list[Problem] = []
    outputs = network.outputs()
    softmax_outputs = [n for n in outputs if n.activation == "softmax"]
    for n in sorted(network.neurons.values(), key=lambda n: n.id):
        if n.activation == "softmax" and n.role != "output":
            problems.append(Problem(translate("Problems", "{name} uses softmax, which only "
                                                          "output neurons can use (it "
                                                          "normalises over all outputs)")
                                    .format(name=n.name),
                                    neuron_ids=(n.id,)))
    for n in softmax_outputs:
        if network.outgoing(n.id):
            problems.append(Problem(translate("Problems", "softmax output {name} cannot feed "
                                                          "other neurons").format(name=n.name),
                                    neuron_ids=(n.id,)))
    if softmax_outputs and len(softmax_outputs) != len(outputs):
        others = [n.id for n in outputs if n.activation != "softmax"]
        template = (translate("Problems", "softmax must be used by all outputs or none; "
                                          "{names} uses something else") if len(others) == 1
                    else translate("Problems", "softmax must be used by all outputs or none; "
                                               "{names} use something else"))
        problems.append(Problem(template.format(names=_names(network, others)),
                                neuron_ids=tuple(others)))
    loss = network.settings.loss
    if softmax_outputs and loss != "softmax_cross_entropy":
        problems.append(Problem(translate("Problems", "softmax outputs need the softmax "
                                                      "cross-entropy loss (the loss is {loss})")
                                .format(loss=loss),
                                neuron_ids=tuple(n.id for n in softmax_outputs)))
    if loss == "softmax_cross_entropy" and outputs and not softmax_outputs:
        problems.append(Problem(translate("Problems", "the softmax cross-entropy loss needs "
                                                      "softmax output neurons"),
                                neuron_ids=tuple(n.id for n in outputs)))
    if loss == "softmax_cross_entropy" and len(outputs) == 1:
        problems.append(Problem(translate("Problems", "softmax over a single output is always "
                                                      "1: use two or more outputs, or sigmoid "
                                                      "with binary cross-entropy"),
                                neuron_ids=tuple(n.id for n in outputs)))
    return problems


def _cross_entropy_problems(network: Network) -> list[Problem]:
    """Binary cross-entropy takes ln a and ln(1 − a): only a sigmoid output lies in (0, 1)
    for every input, and only there is it trained exactly (from z, docs/file-format.md,
    "Loss conventions"). Softmax outputs already have their own message."""
    if network.settings.loss != "binary_cross_entropy":
        return []
    others = [n.id for n in network.outputs() if n.activation not in ("sigmoid", "softmax")]
    if not others:
        return []
    template = (translate("Problems", "binary cross-entropy needs outputs in (0, 1): make "
                                      "{names} a sigmoid, or use the L2 loss")
                if len(others) == 1 else
                translate("Problems", "binary cross-entropy needs outputs in (0, 1): make "
                                      "{names} sigmoid, or use the L2 loss"))
    return [Problem(template.format(names=_names(network, others)),
                    neuron_ids=tuple(others))]


def errors(network: Network) -> list[Problem]:
    return [p for p in validate(network) if p.severity == "error"]
