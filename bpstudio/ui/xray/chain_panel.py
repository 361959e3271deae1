"""The chain-rule dock: for the selected weight (or a neuron's bias), the chain from the loss
down to it with the current numbers, and the loss as a function of that one parameter."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QFont, QFontDatabase, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTextBrowser, QVBoxLayout, QWidget

from bpstudio.ui.i18n import translate
from bpstudio.ui.xray.session import XRaySession
from bpstudio.xray.chain import GENERAL, ChainLine, chain_rule
from bpstudio.xray.formula import Formula, loss_formula
from bpstudio.xray.text import fmt, parameter_name

EMPTY = QT_TRANSLATE_NOOP("ChainPanel", "Select a connection on the canvas (or a neuron, for "
                                       "its bias) to see the chain rule from the loss down "
                                       "to it.")
_SUBSCRIPT = re.compile(r"_\{([^{}]*)\}")
WIDE_PX = 620            # narrower panels put each line's numbers under its rule
KIND_COLORS = {"loss": "#6d28d9", "grad_a": "#b91c1c", "slope": "#92400e",
               "delta": "#b91c1c", "result": "#047857", "note": "#6b7280"}


def rich(symbolic: str) -> str:
    """``δ_{h1}`` → ``δ<sub>h1</sub>``, the rest escaped."""
    parts = _SUBSCRIPT.split(symbolic)
    out = []
    for i, part in enumerate(parts):
        out.append(f"<sub>{html.escape(part)}</sub>" if i % 2 else html.escape(part))
    return "".join(out)


def chain_html(lines: list[ChainLine], wide: bool = True) -> str:
    """The chain as a table: symbol = rule = numbers = value, one row per line when
    ``wide``, else the numbers under the rule."""
    rows = []
    for line in lines:
        color = KIND_COLORS.get(line.kind, "#111827")
        if line.kind == "note":
            rows.append(f"<tr><td colspan=4 style='color:{color}'><i>{rich(line.rule)}</i>"
                        "</td></tr>")
            continue
        weight = "font-weight:600;" if line.kind in ("loss", "result") else ""
        symbol = f"<td style='color:{color};{weight}' align=right>{rich(line.symbol)}</td>"
        rule = f"=&nbsp;{rich(line.rule)}"
        numbers = f"<span style='color:#4b5563'>=&nbsp;{html.escape(line.numbers)}</span>"
        value = f"<span style='color:{color};{weight}'>=&nbsp;{fmt(line.value)}</span>"
        if wide:
            rows.append(f"<tr>{symbol}<td>{rule}</td><td>{numbers}</td><td>{value}</td></tr>")
        else:
            rows.append(f"<tr>{symbol}<td>{rule}<br>{numbers} {value}</td></tr>")
    return "<table cellspacing=0 cellpadding=3>" + "".join(rows) + "</table>"


class ChainPanel(QWidget):
    """Refreshes on selection and value changes while it is visible."""

    def __init__(self, session: XRaySession) -> None:
        super().__init__()
        self.session = session
        self.lines: list[ChainLine] = []
        self.formula: Formula | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.title = QLabel()
        self.title.setObjectName("panelHeading")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.general = QLabel("&emsp;".join(rich(part) for part in GENERAL.split("     ")))
        self.general.setStyleSheet("color: #6b7280;")
        layout.addWidget(self.general)
        self.chain = QTextBrowser()
        self.chain.setOpenLinks(False)
        self.chain.setStyleSheet("QTextBrowser { border: 1px solid #e5e7eb; background: white; "
                                 "font-size: 10pt; }")
        layout.addWidget(self.chain, 4)
        self.formula_title = QLabel()
        self.formula_title.setWordWrap(True)
        self.formula_title.setStyleSheet("font-weight: 600; color: #374151;")
        layout.addWidget(self.formula_title)
        self.formula_text = QPlainTextEdit()
        self.formula_text.setReadOnly(True)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(9.5)
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.formula_text.setFont(mono)
        self.formula_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.formula_text.setMaximumHeight(120)
        layout.addWidget(self.formula_text, 1)
        session.selection_changed.connect(self.refresh)
        session.values_changed.connect(lambda structure: self.refresh())
        session.document_changed.connect(self.refresh)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if (event.oldSize().width() >= WIDE_PX) != (self.width() >= WIDE_PX):
            self.refresh()

    def refresh(self) -> None:
        if not self.isVisible():
            return
        session, network = self.session, self.session.network
        chosen = session.selected_parameter()
        values = session.values()
        if network is None or values is None or chosen is None:
            self.lines, self.formula = [], None
            self.title.setText(self.tr("Chain rule"))
            text = session.error() or translate("ChainPanel", EMPTY)
            self.chain.setHtml(f"<p style='color:#6b7280'>{html.escape(text)}</p>")
            self.formula_title.setText("")
            self.formula_text.setPlainText("")
            return
        kind, pid = chosen
        sample = values.sample_trace()
        self.lines = chain_rule(network, sample, kind, pid)
        name = parameter_name(network, kind, pid)
        which = self.tr("sample {index}").format(index=session.sample + 1)
        self.title.setText(self.tr("∂L/∂{name} on {sample}").format(name=name, sample=which))
        text = chain_html(self.lines, wide=self.width() >= WIDE_PX)
        if values.batch > 1:
            grad = values.grad_w[pid] if kind == "weight" else values.grad_b[pid]
            text += ("<p style='color:#374151'>"
                     + self.tr("For the minibatch of {batch} samples, ∂L/∂{name} is the mean "
                               "of this over its samples: <b>{value}</b>.").format(
                         batch=values.batch, name=html.escape(name), value=fmt(grad))
                     + "</p>")
        self.chain.setHtml(text)
        x, y = values.x[0], values.y[0]
        self.formula = loss_formula(network, kind, pid, x, y)
        current = (network.connections[pid].weight if kind == "weight"
                   else network.neurons[pid].bias)
        variable = self.formula.variable
        self.formula_title.setText(
            self.tr("The loss of {sample} as a function of {name} = {variable} alone, every "
                    "other number substituted (at {variable} = {value}: L = {loss})").format(
                sample=which, name=name, variable=variable, value=fmt(current),
                loss=fmt(self.formula.evaluate(current))))
        self.formula_text.setPlainText(self.formula.text)
