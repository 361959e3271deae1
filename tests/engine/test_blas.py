"""The one owner of the BLAS thread limit: holders come and go in any order."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from bpstudio.engine import blas
from bpstudio.engine.blas import BlasThreads
from bpstudio.engine.plan import compile_network
from bpstudio.engine.targets import prepare
from bpstudio.engine.training import Trainer
from bpstudio.model.builders import layered
from bpstudio.model.settings import TrainingSettings

SMALL = compile_network(layered([2, 8, 1]))
BIG = compile_network(layered([784, 256, 10]))


class Recorder:
    def __init__(self) -> None:
        self.calls: list[int | None] = []

    def __call__(self, limit: int | None) -> None:
        self.calls.append(limit)


def owner(cores: int = 4) -> tuple[BlasThreads, Recorder]:
    recorder = Recorder()
    return BlasThreads(recorder, cores=cores), recorder


def test_a_small_network_trains_on_one_thread_and_gives_it_back():
    threads, calls = owner()
    with threads.for_training(SMALL, 32):
        assert threads.applied == 1
    assert calls.calls == [1, None]          # None: the machine's own setting again


def test_a_big_network_keeps_the_machines_setting():
    threads, calls = owner()
    assert not blas.is_small(BIG, 64) and blas.is_small(SMALL, 64)
    with threads.for_training(BIG, 64):
        assert threads.applied is None
    assert calls.calls == []


def test_gui_holders_are_counted_and_leave_one_core():
    threads, calls = owner(cores=4)
    threads.reserve_gui_core()
    threads.reserve_gui_core()               # a stopping session and the next one
    threads.release_gui_core()
    assert threads.applied == 3
    threads.release_gui_core()
    threads.release_gui_core()               # one release too many changes nothing
    assert calls.calls == [3, None] and threads.applied is None


def test_the_tightest_wish_wins_whatever_the_order():
    """A session releasing its core while a small run trains must not lift the run's
    limit, and the run ending must not leave the machine limited for good."""
    threads, calls = owner(cores=2)
    threads.reserve_gui_core()               # 2 cores: the GUI keeps one, BLAS gets one
    run = threads.for_training(SMALL, 8)
    run.__enter__()
    threads.release_gui_core()               # the old session ends mid-run
    assert threads.applied == 1
    run.__exit__(None, None, None)
    assert threads.applied is None and calls.calls == [1, None]


def test_holders_from_several_threads_end_with_the_machines_setting():
    threads, calls = owner(cores=8)

    def trainer() -> None:
        for _ in range(200):
            with threads.for_training(SMALL, 4):
                pass

    def gui() -> None:
        for _ in range(200):
            threads.reserve_gui_core()
            threads.release_gui_core()

    workers = [threading.Thread(target=f) for f in (trainer, trainer, gui)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert threads.applied is None and calls.calls[-1] is None
    assert all(a != b for a, b in zip(calls.calls, calls.calls[1:], strict=False))


def test_the_trainer_limits_through_the_owner(monkeypatch):
    recorder = Recorder()
    monkeypatch.setattr(blas, "LIMITS", BlasThreads(recorder, cores=4))
    net = layered([2, 2, 1])
    plan = compile_network(net)
    x = np.array([[0.0, 0.0], [1.0, 1.0]])
    data = prepare(plan, x, np.array([0, 1]), x[:0], np.array([], dtype=int),
                   "classification", 2)
    trainer = Trainer(plan, data, TrainingSettings(epochs=3))
    trainer.run()
    trainer.resume(trainer.settings.with_changes(epochs=4))
    trainer.run_epoch()
    assert recorder.calls == [1, None, 1, None]


def test_threadpoolctl_really_changes_the_blas_threads():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    controller = threadpoolctl.ThreadpoolController()
    if not controller.select(user_api="blas").lib_controllers:
        pytest.skip("no BLAS library that threadpoolctl can limit")
    before = controller.select(user_api="blas").info()[0]["num_threads"]
    setter = blas.ThreadpoolSetter()
    setter(1)
    assert threadpoolctl.ThreadpoolController().select(
        user_api="blas").info()[0]["num_threads"] == 1
    setter(None)
    assert threadpoolctl.ThreadpoolController().select(
        user_api="blas").info()[0]["num_threads"] == before
