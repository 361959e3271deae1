"""Words of the document the GUI shows in several places, marked for translation once."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

#: a neuron's role as the GUI names it (translate with the "EditController" context)
ROLE_WORDS = {"input": QT_TRANSLATE_NOOP("EditController", "input"),
              "hidden": QT_TRANSLATE_NOOP("EditController", "hidden"),
              "output": QT_TRANSLATE_NOOP("EditController", "output")}
