"""Start-up and opening files: ``bpstudio [FILE]`` to its first painted frame, cold.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.bench_startup [--runs N]``.
Each start is a fresh ``bpstudio [FILE]`` process, with bytecode cached as after
``pip install`` (the first, unmeasured start writes it); the time runs from just
before the process is spawned to the end of the window's first frame in which the canvas
painted (the moment the user sees the drawing), and on to when the plots, which are built
right after that frame, stand in it (the user can act on the canvas at the first moment,
on the plots at the second). The process then leaves at once, so its exit is not counted.
Prints, in one run:

- the median (and range) of the wall time and of the CPU time (the process's own count,
  all threads) of ``--runs`` cold starts with no file (the XOR example), the ``fashion``
  example (784-64-10), and a 784-128-10 document written in dense blocks (version 4) and
  as one record per connection (the version 3 form), interleaved; to the first frame and
  to the plots built;
- what opening each file adds to the start without one (difference of the medians);
- each file's size;
- `formats.load` of both 784-128-10 files in this process (median, and their ratio);
- the slowest entries of ``python -X importtime -c "import bpstudio.ui.main_window"``
  (cumulative, their own module included) and what the first frame imports in total.

``--against TREE`` runs the same starts for another source tree, interleaved, and prints
the ratio: ``git archive BASE | tar -x -C /tmp/base && ln -s ../resources
/tmp/base/bpstudio/resources``, then ``--against /tmp/base``.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Runs in the child: wraps the application factory so an event filter sees the window's
# first frame, prints the CPU time used until the end of that frame (the first zero timer
# queued in it fires right after it) once the canvas (a QGraphicsView's viewport inside the
# main window) has painted in it, then again once what waits for the first frame (the plots)
# is built, and exits at once.
CHILD = """
import os, resource, sys
import bpstudio.ui.app as app_module

make_application = app_module._application


def _cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _application():
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QGraphicsView

    app = make_application()
    state = {"window": None, "canvas": False, "scheduled": False}

    def built():
        window = state["window"]
        plots = getattr(window, "training_plots", None)
        boundary = getattr(getattr(window, "visuals", None), "boundary", None)
        if (getattr(plots, "is_built", lambda: True)()   # (older trees build them at once)
                and (getattr(boundary, "is_plot_built", lambda: True)()
                     or not boundary.isVisible())):   # a hidden panel builds on first show
            sys.stdout.write(f"built {_cpu()}\\n")
            sys.stdout.flush()
            os._exit(0)
        QTimer.singleShot(5, built)   # not a busy wait: it would add CPU time

    def painted():
        if not state["canvas"]:      # a frame without the canvas: wait for the next one
            state["scheduled"] = False
            return
        sys.stdout.write(f"painted {_cpu()}\\n")
        sys.stdout.flush()
        QTimer.singleShot(5, built)   # not a busy wait: it would add CPU time

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if (event.type() == QEvent.Type.Paint and not state["canvas"]
                    and type(watched.window()).__name__ == "MainWindow"):
                state["window"] = watched.window()
                if isinstance(watched.parent(), QGraphicsView):
                    state["canvas"] = True
                if not state["scheduled"]:   # before any timer queued by this frame's paints
                    state["scheduled"] = True
                    QTimer.singleShot(0, painted)
            return False

    app._first_paint = FirstPaint()
    app.installEventFilter(app._first_paint)
    return app


app_module._application = _application
from bpstudio.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _environment(tree: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    # An installed BP Studio has its bytecode compiled (pip does it); without this, a
    # PYTHONDONTWRITEBYTECODE environment would compile every module on every start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if tree != ROOT:
        env["PYTHONPATH"] = str(tree)
    return env


def time_start(arguments: list[str], tree: Path = ROOT) -> tuple[float, float, float, float]:
    """Seconds from spawning ``bpstudio ARGUMENTS`` to the end of its first frame with the
    canvas painted, and the CPU seconds (user + system, all threads) the process used until
    then; the same two to when the plots built after the first frame stand in its window
    (the same as the first two for a tree that builds them before). NaN when the window
    never painted (an older tree given a file it cannot read, for one)."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", CHILD, *arguments], cwd=tree,
                               env=_environment(tree), stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    times: list[float] = []
    for expected in ("painted", "built"):
        line = process.stdout.readline() if process.stdout else ""
        times.append(time.perf_counter() - started)
        word, _, cpu = line.partition(" ")
        if word != expected:
            break
        times.append(float(cpu))
    process.wait()
    if process.stdout:
        process.stdout.close()
    if len(times) < 4:
        return math.nan, math.nan, math.nan, math.nan
    return times[0], times[1], times[2], times[3]


def write_documents(folder: Path) -> dict[str, Path]:
    """784-128-10 (ReLU, softmax, initialised weights) in both forms."""
    from bpstudio.formats import FORMAT_VERSION, dense_blocks, save
    from bpstudio.model.builders import layered
    from bpstudio.workflow import initialize

    network = layered([784, 128, 10], "relu", "softmax")
    initialize(network)
    blocks, records = folder / "mnist-blocks.bpnet", folder / "mnist-records.bpnet"
    save(network, blocks)
    minimum = dense_blocks.MIN_BLOCK
    dense_blocks.MIN_BLOCK = 10 ** 12   # as version 3 wrote it: one record per connection
    try:
        save(network, records)
    finally:
        dense_blocks.MIN_BLOCK = minimum
    text = records.read_text("utf-8").replace(f'"version": {FORMAT_VERSION}', '"version": 3', 1)
    records.write_text(text, "utf-8")
    return {"784-128-10, dense blocks": blocks, "784-128-10, records (v3)": records}


def import_times(module: str, top: int, tree: Path = ROOT
                 ) -> tuple[list[tuple[float, str]], float, int]:
    """The slowest ``top`` imports (cumulative ms), the total ms and the module count."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"],
                            cwd=tree, env=_environment(tree), capture_output=True, text=True,
                            check=True)
    rows = []
    for line in result.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if match:
            rows.append((int(match.group(2)) / 1000, len(match.group(3)), match.group(4)))
    total = sum(ms for ms, depth, _ in rows if depth == 1)
    slow = sorted(((ms, name) for ms, depth, name in rows if depth <= 3), reverse=True)
    return slow[:top], total, len(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="cold starts per case")
    parser.add_argument("--top", type=int, default=12, help="import entries to print")
    parser.add_argument("--against", type=Path,
                        help="also run another source tree, interleaved (an extracted older "
                             "commit with bpstudio/resources linked to its resources/)")
    options = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    trees = [ROOT] + ([options.against.resolve()] if options.against else [])
    with tempfile.TemporaryDirectory() as folder:
        documents = write_documents(Path(folder))
        cases: dict[tuple[str, Path], list[str]] = {}
        for tree in trees:
            cases[("no file (XOR example)", tree)] = []
            cases[("fashion example (784-64-10)", tree)] = [
                str(tree / "resources" / "examples" / "fashion.bpnet")]
            for name, path in documents.items():
                if tree == ROOT or "v3" in name:   # older trees do not read dense blocks
                    cases[(name, tree)] = [str(path)]
        for tree in trees:
            time_start([], tree)   # warm the disk cache: every run below is a cold *process*
        # wall and CPU time to the first frame, then to the plots built after it
        series: list[dict[tuple[str, Path], list[float]]] = [
            {key: [] for key in cases} for _ in range(4)]
        for _ in range(options.runs):   # interleaved, so drift hits every case alike
            for key, arguments in cases.items():
                for values, value in zip(series, time_start(arguments, key[1]), strict=True):
                    values[key].append(value)
        wall, cpu, wall_built, cpu_built = series
        _print_starts(cases, wall, trees, f"Cold starts to the first painted frame, "
                      f"median of {options.runs} (range), offscreen, wall time:")
        _print_starts(cases, cpu, trees, "\nThe same starts' CPU time (user + system, all "
                      "the process's threads, until the end of the first frame):")
        _print_starts(cases, cpu_built, trees, "\nCPU time until the plots built right "
                      "after the first frame stand in the window (older trees: the same as "
                      "the first frame):")
        _print_starts(cases, wall_built, trees, "\nWall time until then:")
        _print_loads(documents, options.runs)
    for tree in trees:
        slow, total, count = import_times("bpstudio.ui.main_window", options.top, tree)
        print(f"\n{tree}: `import bpstudio.ui.main_window` {total:.0f} ms, {count} modules; "
              "slowest (cumulative, up to three levels deep):\n")
        for ms, name in slow:
            print(f"  {ms:7.1f} ms  {name}")


def _print_loads(documents: dict[str, Path], runs: int) -> None:
    """``formats.load`` alone, in this process, interleaved: the file's share of opening."""
    from bpstudio.formats import load

    times: dict[str, list[float]] = {name: [] for name in documents}
    for _ in range(runs):
        for name, path in documents.items():
            started = time.perf_counter()
            load(path)
            times[name].append(time.perf_counter() - started)
    medians = {name: statistics.median(values) for name, values in times.items()}
    blocks, records = medians.values()
    print(f"\n`formats.load`, median of {runs} in one process: "
          + ", ".join(f"{name} {value * 1000:.0f} ms" for name, value in medians.items())
          + f"; blocks / records {blocks / records:.2f}×")


def _print_starts(cases: dict[tuple[str, Path], list[str]],
                  times: dict[tuple[str, Path], list[float]], trees: list[Path],
                  title: str) -> None:
    def median(key: tuple[str, Path]) -> float:
        return statistics.median(times[key]) if key in times else math.nan

    print(f"{title}\n")
    header = "| case | file size | to first frame | beyond start-up |"
    if len(trees) > 1:
        header += f" {trees[1].name}: to first frame | beyond start-up | this / {trees[1].name} |"
    print(header)
    print("|" + " --- |" * (header.count("|") - 1))
    for (name, tree), arguments in cases.items():
        if tree != ROOT:
            continue
        size = f"{Path(arguments[0]).stat().st_size / 2 ** 20:.2f} MiB" if arguments else "–"
        row = f"| {name} | {size} |"
        for other in trees:
            key, base = (name, other), median(("no file (XOR example)", other))
            if key not in times or any(math.isnan(t) for t in times[key]):
                row += " – | – |"
                continue
            extra = f"{median(key) - base:+.2f} s" if arguments else "–"
            row += (f" {median(key):.2f} s ({min(times[key]):.2f}–{max(times[key]):.2f}) |"
                    f" {extra} |")
        if len(trees) > 1:
            ratio = median((name, ROOT)) / median((name, trees[1]))
            row += f" {ratio:.2f}× |" if not math.isnan(ratio) else " – |"
        print(row)


if __name__ == "__main__":
    main()
