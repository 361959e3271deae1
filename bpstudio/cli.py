"""The `bpstudio` command: the GUI by default, headless subcommands otherwise.

The headless commands never import Qt: the GUI is imported only when it is launched.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bpstudio import __version__

HEADLESS_COMMANDS = ("train", "gradcheck", "predict", "export", "import", "new", "examples",
                     "runs", "sweep")


def gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bpstudio",
        description="Draw a neural network and watch backpropagation train it. "
                    f"Headless commands: {', '.join(HEADLESS_COMMANDS)}, and animate "
                    "(offscreen Qt; see `bpstudio COMMAND --help`).")
    parser.add_argument("file", nargs="?", help="a .bpnet file to open (default: the XOR example)")
    parser.add_argument("--screenshot", metavar="OUT.png",
                        help="render the main window offscreen to a PNG and exit")
    parser.add_argument("--train-for", metavar="SECONDS", type=float, default=0.0,
                        help="with --screenshot: train this long before rendering")
    parser.add_argument("--scrub", metavar="FRACTION", type=_fraction,
                        help="with --screenshot: show the run's timeline at this fraction of "
                             "the run (0 = start, 1 = end)")
    parser.add_argument("--edges", choices=("gradient", "weight", "change"),
                        help="with --screenshot: colour the edges by the gradient |∂L/∂w|, "
                             "the weight (the default view) or the change since training "
                             "started")
    parser.add_argument("--xray", action="store_true",
                        help="with --screenshot: show the backprop X-ray after a whole pass "
                             "(the chain rule and the nudge lens of an input's weight)")
    parser.add_argument("--lang", choices=("en", "zh_CN"),
                        help="the interface's language for this run (default: the one chosen "
                             "in View ▸ Language, else the system's); also with --screenshot")
    parser.add_argument("--version", action="version", version=f"bpstudio {__version__}")
    return parser


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1; got {text}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "animate":    # needs Qt (offscreen), unlike the others
        from bpstudio.ui.animate_command import run_animate

        return run_animate(args[1:])
    if args and args[0] in HEADLESS_COMMANDS:
        from bpstudio.headless import run_command

        return run_command(args)
    options = gui_parser().parse_args(args)
    from bpstudio.ui.app import run_gui

    return run_gui(options)
