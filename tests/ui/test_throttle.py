"""The one throttle (visuals, training plots, status lines), on a clock the test moves."""

from __future__ import annotations

from bpstudio.ui.plots.training_plots import TrainingPlots
from bpstudio.ui.widgets.throttle import Budget, Throttle


class Clock:
    def __init__(self) -> None:
        self.now = 0.0          # binary fractions below: exact sums

    def __call__(self) -> float:
        return self.now


def make(qtbot, interval_ms=100.0, cost=0.0, **kwargs) -> tuple[Throttle, Clock, list]:
    """A throttle whose work takes ``cost`` seconds of the test's clock."""
    clock, seen = Clock(), []

    def work() -> None:
        seen.append(clock.now)
        clock.now += cost

    return Throttle(work, interval_ms, clock=clock, **kwargs), clock, seen


def test_requests_in_the_quiet_period_become_one_call_when_it_ends(qtbot):
    throttle, clock, seen = make(qtbot)
    throttle.request()
    assert seen == [0.0] and not throttle.pending()          # the first runs at once
    clock.now += 0.0625
    throttle.request()
    throttle.request()
    assert len(seen) == 1 and throttle.pending()             # too soon: scheduled, once
    qtbot.waitUntil(lambda: len(seen) == 2)                  # …and run when it ends
    assert not throttle.pending() and throttle.calls == 2
    clock.now += 0.125
    throttle.request()
    assert len(seen) == 3                                    # after the period: at once


def test_a_costly_call_waits_until_it_fits_its_share_of_the_budget(qtbot):
    budget = Budget(0.5)
    throttle, clock, seen = make(qtbot, interval_ms=10, cost=1 / 32, share=0.25,
                                 budget=budget)
    throttle.request()                   # 1/32 s at 0.25 × 0.5 of the time: 1/4 s apart
    assert throttle.last_cost == 1 / 32 and throttle.time_share == 1 / 8
    clock.now = 0.25 - 1 / 1024
    throttle.request()
    assert len(seen) == 1 and throttle.pending()
    throttle.cancel()
    clock.now = 0.25
    throttle.request()
    assert len(seen) == 2 and not throttle.pending()


def test_a_new_budget_reschedules_a_waiting_call(qtbot):
    budget = Budget(0.125)
    throttle, clock, seen = make(qtbot, interval_ms=10, cost=1 / 16, budget=budget)
    throttle.request()                   # 1/16 s at 1/8: 1/2 s apart
    clock.now = 0.25
    throttle.request()
    assert throttle.pending()
    budget.fraction = 0.5                # now 1/8 s apart: already over
    throttle.rebudget()
    assert len(seen) == 2 and not throttle.pending()


def test_max_interval_caps_the_wait_and_paint_and_cost_clocks_count(qtbot):
    cpu = Clock()
    clock, seen = Clock(), []

    def work() -> None:
        seen.append(clock.now)
        clock.now += 4.0                 # wall time spent waiting (for the GIL, say)…
        cpu.now += 1 / 64                # …costs 1/64 s of this thread's CPU

    throttle = Throttle(work, 100, 1.0, Budget(1 / 32), clock=clock, cost_clock=cpu,
                        paint_cost=lambda: 1 / 64, max_interval_ms=500)
    throttle.request()
    assert throttle.last_cost == throttle.total_cost == 1 / 32      # CPU + paint
    clock.now = 0.5 - 1 / 1024           # 1/32 s at 1/32 of the time: 1 s, capped at 1/2
    throttle.request()
    assert len(seen) == 1
    throttle.cancel()
    clock.now = 0.5
    throttle.request()
    assert len(seen) == 2


def test_run_now_flush_cancel_and_reset(qtbot):
    throttle, clock, seen = make(qtbot)
    throttle.run_now()
    throttle.run_now()                   # a switch the user flipped: no waiting
    assert len(seen) == 2
    throttle.request()
    assert throttle.pending()
    throttle.flush()                     # before a screenshot: the scheduled call now
    assert len(seen) == 3 and not throttle.pending()
    throttle.flush()
    assert len(seen) == 3                # nothing was scheduled
    throttle.request()
    throttle.cancel()
    assert not throttle.pending() and len(seen) == 3
    throttle.reset()                     # a new source: the next request runs at once
    throttle.request()
    assert len(seen) == 4


def test_the_plots_and_the_status_lines_use_the_one_throttle(qtbot, window):
    assert isinstance(window.training_plots.throttle, Throttle)
    assert isinstance(window.training._progress_throttle, Throttle)
    assert all(isinstance(t, Throttle) for t in window.visuals.throttles())
    plots = TrainingPlots(window.training.history)
    qtbot.addWidget(plots)
    assert plots.throttle.max_interval == 1.0 and plots.throttle.interval == 0.1


def test_a_request_just_before_the_period_ends_runs_with_it_given_slack(qtbot):
    """Status lines follow reports that come about once a period: one a few ms early
    runs at once instead of waking the GUI thread again for a timer."""
    throttle, clock, seen = make(qtbot, slack_ms=31.25)
    throttle.request()
    clock.now += 0.078125               # 21.875 ms before the period ends: within slack
    throttle.request()
    assert seen == [0.0, 0.078125] and not throttle.pending()
    clock.now += 0.0625                 # 37.5 ms before: beyond it, so it waits
    throttle.request()
    assert len(seen) == 2 and throttle.pending()
    strict, strict_clock, strict_seen = make(qtbot)
    strict.request()
    strict_clock.now += 0.078125
    strict.request()
    assert strict_seen == [0.0] and strict.pending()     # no slack: the timer runs it
