"""Everything wrong with a network, in plain words, with the neurons involved."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from bpstudio.model.network import Network, recurrent_into_input_message
from bpstudio.model.settings import ACTIVATIONS


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
    more = f" and {len(ids) - limit} more" if len(ids) > limit else ""
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
        problems.append(Problem("the network has no input neurons"))
    if not outputs:
        problems.append(Problem("the network has no output neurons"))

    for neuron in sorted(network.neurons.values(), key=lambda n: n.id):
        if neuron.activation not in ACTIVATIONS:
            problems.append(Problem(f"{neuron.name} has an unknown activation "
                                    f"{neuron.activation!r}", neuron_ids=(neuron.id,)))

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
        problems.append(Problem(f"the connections form a cycle: {loop}; mark one of them "
                                "recurrent to feed its value back one time step later",
                                neuron_ids=tuple(cycle)))

    problems += _softmax_problems(network)
    problems += _cross_entropy_problems(network)

    input_ids, output_ids = [n.id for n in inputs], [n.id for n in outputs]
    reached = (network.downstream(input_ids) if levels is None
               else edges.downstream(levels, input_ids))
    for out in outputs:
        if inputs and out.id not in reached:
            problems.append(Problem(f"output {out.name} is not reached from any input",
                                    severity="warning", neuron_ids=(out.id,)))
    if outputs and cycle is None:
        feeds_output = (network.upstream(output_ids) if levels is None
                        else edges.upstream(levels, output_ids))
        dead = [n.id for n in sorted(network.neurons.values(), key=lambda n: n.id)
                if n.role == "hidden" and n.id not in feeds_output]
        if dead:
            verb, them = ("does", "it") if len(dead) == 1 else ("do", "them")
            problems.append(Problem(f"{_names(network, dead)} {verb} not feed any output, "
                                    f"so training never changes {them}",
                                    severity="warning", neuron_ids=tuple(dead)))
    # Inputs may be cut, but a neuron fed by nothing outputs f(bias) for every sample.
    unfed = [n.id for n in sorted(network.neurons.values(), key=lambda n: n.id)
             if n.role == "hidden" and not network.incoming(n.id)]
    if unfed:
        problems.append(Problem(
            f"{_names(network, unfed)} " + (
                "has no incoming connections, so it outputs the same f(bias) for every "
                "sample" if len(unfed) == 1 else
                "have no incoming connections, so each outputs the same f(bias) for every "
                "sample"), severity="warning", neuron_ids=tuple(unfed)))
    return problems


def _connection_problems(network: Network) -> list[Problem]:
    """Dangling ends, edges into inputs and duplicated pairs, in connection-id order."""
    problems: list[Problem] = []
    pair_count = Counter((c.source, c.target) for c in network.connections.values())
    for conn in sorted(network.connections.values(), key=lambda c: c.id):
        src = network.neurons.get(conn.source)
        dst = network.neurons.get(conn.target)
        if src is None or dst is None:
            problems.append(Problem(f"connection {conn.id} joins a neuron that does not exist",
                                    connection_ids=(conn.id,)))
            continue
        ends = (src.id, dst.id)
        if dst.role == "input":
            message = (recurrent_into_input_message(src.name, dst.name) if conn.recurrent
                       else f"{src.name} → {dst.name} ends at an input neuron; "
                       "inputs take data, not connections")
            problems.append(Problem(message, neuron_ids=ends, connection_ids=(conn.id,)))
        if pair_count[ends] > 1:
            pair_count[ends] = 0   # report each duplicated pair once
            dupes = tuple(c.id for c in network.connections.values()
                          if (c.source, c.target) == ends)
            problems.append(Problem(f"{src.name} → {dst.name} is connected more than once",
                                    neuron_ids=ends, connection_ids=dupes))
    return problems


def _softmax_problems(network: Network) -> list[Problem]:
    """Softmax is a group activation over all outputs, paired with its own loss."""
    problems: list[Problem] = []
    outputs = network.outputs()
    softmax_outputs = [n for n in outputs if n.activation == "softmax"]
    for n in sorted(network.neurons.values(), key=lambda n: n.id):
        if n.activation == "softmax" and n.role != "output":
            problems.append(Problem(f"{n.name} uses softmax, which only output neurons can "
                                    "use (it normalises over all outputs)",
                                    neuron_ids=(n.id,)))
    for n in softmax_outputs:
        if network.outgoing(n.id):
            problems.append(Problem(f"softmax output {n.name} cannot feed other neurons",
                                    neuron_ids=(n.id,)))
    if softmax_outputs and len(softmax_outputs) != len(outputs):
        others = [n.id for n in outputs if n.activation != "softmax"]
        uses = "uses" if len(others) == 1 else "use"
        problems.append(Problem(f"softmax must be used by all outputs or none; "
                                f"{_names(network, others)} {uses} something else",
                                neuron_ids=tuple(others)))
    loss = network.settings.loss
    if softmax_outputs and loss != "softmax_cross_entropy":
        problems.append(Problem("softmax outputs need the softmax cross-entropy loss "
                                f"(the loss is {loss})",
                                neuron_ids=tuple(n.id for n in softmax_outputs)))
    if loss == "softmax_cross_entropy" and outputs and not softmax_outputs:
        problems.append(Problem("the softmax cross-entropy loss needs softmax output neurons",
                                neuron_ids=tuple(n.id for n in outputs)))
    if loss == "softmax_cross_entropy" and len(outputs) == 1:
        problems.append(Problem("softmax over a single output is always 1: use two or more "
                                "outputs, or sigmoid with binary cross-entropy",
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
    what = "a sigmoid" if len(others) == 1 else "sigmoid"
    return [Problem(f"binary cross-entropy needs outputs in (0, 1): make "
                    f"{_names(network, others)} {what}, or use the L2 loss",
                    neuron_ids=tuple(others))]


def errors(network: Network) -> list[Problem]:
    return [p for p in validate(network) if p.severity == "error"]
