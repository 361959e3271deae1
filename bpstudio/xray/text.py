"""How the X-ray writes numbers and names: four significant digits, a real minus sign.

Symbols carry subscripts as ``δ_{h1}``; :func:`plain` turns them into ``δ_h1`` and the
Qt panels into ``δ<sub>h1</sub>``.
"""

from __future__ import annotations

import math
import re

from bpstudio.model.network import Network

DIGITS = 4
MINUS = "\u2212"
_SUBSCRIPT = re.compile(r"_\{([^{}]*)\}")


def fmt(value: float, digits: int = DIGITS) -> str:
    """``value`` to ``digits`` significant digits: 0.6704, −0.01234, 1.234e−5."""
    if not math.isfinite(value):
        return "nan" if math.isnan(value) else ("∞" if value > 0 else f"{MINUS}∞")
    if value == 0:
        return "0"
    text = f"{value:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text.replace("-", MINUS)


def signed(value: float) -> str:
    """``fmt`` in parentheses when negative, for use inside a product: 2 × (−0.5)."""
    text = fmt(value)
    return f"({text})" if text.startswith(MINUS) else text


def plain(symbolic: str) -> str:
    """``δ_{h1}`` → ``δ_h1`` (for plain-text uses: CSV, tests, the status bar)."""
    return _SUBSCRIPT.sub(r"_\1", symbolic)


def neuron_name(network: Network, neuron_id: int) -> str:
    return network.neurons[neuron_id].name


def edge_name(network: Network, connection_id: int) -> str:
    """``x1 → h3``."""
    c = network.connections[connection_id]
    return f"{neuron_name(network, c.source)} → {neuron_name(network, c.target)}"


def parameter_name(network: Network, kind: str, param_id: int) -> str:
    """``w(x1 → h3)`` for a weight, ``b(h3)`` for a bias."""
    if kind == "weight":
        return f"w({edge_name(network, param_id)})"
    return f"b({neuron_name(network, param_id)})"


def sub(symbol: str, name: str) -> str:
    """``sub("δ", "h1")`` → ``δ_{h1}``."""
    return f"{symbol}_{{{name}}}"
