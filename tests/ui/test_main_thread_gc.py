"""Garbage holding Qt objects is collected on the GUI thread, never on a training thread."""

from __future__ import annotations

import gc
import threading

from PySide6.QtWidgets import QApplication, QMenu

from bpstudio.ui.main_thread_gc import INTERVAL_MS, collect_on_gui_thread


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_a_worker_allocating_cycles_never_collects_and_the_gui_thread_does(qtbot, qapp):
    assert collect_on_gui_thread(qapp) is collect_on_gui_thread(qapp)   # installed once
    assert not gc.isenabled()
    collecting_threads: list[str] = []

    def note(phase: str, info: dict) -> None:
        if phase == "start":
            collecting_threads.append(threading.current_thread().name)

    gc.callbacks.append(note)
    try:
        menu = QMenu()
        holder = Cycle()
        holder.menu = menu            # a Qt object in a cycle, as a closed dialog leaves one
        del menu, holder

        def allocate() -> None:          # far past every generation's threshold
            for _ in range(50 * gc.get_threshold()[0]):
                Cycle()

        worker = threading.Thread(target=allocate, name="trainer")
        worker.start()
        worker.join()
        assert "trainer" not in collecting_threads
        qtbot.waitUntil(lambda: bool(collecting_threads), timeout=10 * INTERVAL_MS)
        assert set(collecting_threads) == {threading.main_thread().name}
        assert gc.get_count()[0] < gc.get_threshold()[0]
    finally:
        gc.callbacks.remove(note)
    QApplication.processEvents()


def test_full_collections_keep_to_their_share_of_the_time(qapp, monkeypatch):
    """A full collection holds the GIL for all of its walk: after one, the next waits
    until the first's cost is FULL_SHARE of the time since; the younger generations are
    collected meanwhile when theirs are due."""
    from bpstudio.ui import main_thread_gc
    from bpstudio.ui.main_thread_gc import FULL_SHARE, MainThreadCollector

    now = [1000.0]

    def clock() -> float:
        now[0] += 0.010          # each reading 10 ms later: a full collection "costs" 10 ms
        return now[0]

    monkeypatch.setattr(MainThreadCollector, "clock", staticmethod(clock))
    monkeypatch.setattr(MainThreadCollector, "next_full", 0.0)
    generations: list[int] = []

    def note(phase: str, info: dict) -> None:
        if phase == "start":
            generations.append(info["generation"])

    def counts(*values: int) -> None:
        monkeypatch.setattr(main_thread_gc.gc, "get_count", lambda: values)

    gc.callbacks.append(note)
    try:
        counts(0, 0, 11)                       # past the oldest generation's threshold
        MainThreadCollector.collect_due()
        MainThreadCollector.collect_due()      # 10 ms later: far inside the share
        assert generations == [2]
        counts(0, 11, 11)                      # the middle one's is due too: it goes
        MainThreadCollector.collect_due()
        assert generations == [2, 1]
        now[0] += 0.010 / FULL_SHARE           # the share's wait has passed
        MainThreadCollector.collect_due()
        assert generations == [2, 1, 2]
    finally:
        gc.callbacks.remove(note)
