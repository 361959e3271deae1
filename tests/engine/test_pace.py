"""Pace: a Pacer against a fake clock keeps the rate it is given (steps are counted, not
timed), full speed never waits, and the choices map to rates."""

from __future__ import annotations

import pytest

from bpstudio.engine.pace import (
    AUTO_SECONDS,
    CHOICES,
    FRAME_RATE,
    MAX_LAG_S,
    Pace,
    Pacer,
    at_full_speed,
    steps_per_second,
)


class FakeClock:
    """Time moves only when the pacer sleeps or a step is said to take some."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> bool:
        self.sleeps.append(seconds)
        self.now += seconds
        return False


def steps_within(pacer: Pacer, clock: FakeClock, seconds: float, step_cost: float = 0.0
                 ) -> int:
    """Steps a paced loop takes in ``seconds`` of fake time."""
    end, steps = clock.now + seconds, 0
    while True:
        pacer.wait()
        if clock.now >= end:
            return steps
        steps += 1
        clock.now += step_cost


@pytest.mark.parametrize("rate", [1, 3, 10, 30, 100, 300, 1000])
def test_a_paced_loop_takes_rate_steps_a_second(rate: float) -> None:
    clock = FakeClock()
    pacer = Pacer(clock, clock.sleep)
    pacer.set_rate(rate)
    assert steps_within(pacer, clock, 10.0) in (10 * rate, 10 * rate + 1)


def test_slow_steps_are_not_paced_further_and_never_burst() -> None:
    clock = FakeClock()
    pacer = Pacer(clock, clock.sleep)
    pacer.set_rate(100)                       # asks for a step every 10 ms
    assert steps_within(pacer, clock, 10.0, step_cost=0.02) in (500, 501)   # 20 ms each
    clock.now += 5.0                          # a pause: the loop waited for a command
    # no burst of the 500 steps "missed" while paused: at most MAX_LAG_S worth extra
    assert steps_within(pacer, clock, 1.0) <= 100 + MAX_LAG_S * 100 + 1


def test_full_speed_never_waits_nor_reads_the_clock() -> None:
    reads = []
    pacer = Pacer(lambda: reads.append(1) or 0.0, lambda s: pytest.fail("slept"))
    pacer.set_rate(None)
    for _ in range(1000):
        assert pacer.wait() is False
    assert reads == []


def test_a_change_of_rate_takes_effect_at_once() -> None:
    clock = FakeClock()
    pacer = Pacer(clock, clock.sleep)
    pacer.set_rate(1)
    assert steps_within(pacer, clock, 3.0) in (3, 4)
    pacer.set_rate(1000)
    assert steps_within(pacer, clock, 1.0) in (1000, 1001)


def test_an_interrupt_or_pending_work_ends_the_wait_without_a_step() -> None:
    clock = FakeClock()
    pacer = Pacer(clock, lambda seconds: True)     # the sleep is cut short at once
    pacer.set_rate(1)
    assert pacer.wait() is False                   # the first step is due now
    assert pacer.wait() is True                    # the next one is a second away
    calm = Pacer(clock, clock.sleep)
    calm.set_rate(1)
    calm.wait()
    assert calm.wait(pending=lambda: True) is True
    assert clock.sleeps == []


def test_the_choices_map_to_rates() -> None:
    assert steps_per_second(Pace("full"), 10, 100) is None
    assert steps_per_second(Pace("rate", 30), 10, 100) == 30
    assert steps_per_second(Pace("epoch"), 12, 100) == 12 * FRAME_RATE
    # Auto: the whole run in AUTO_SECONDS (a slower machine simply goes at its speed)
    assert steps_per_second(Pace("auto"), 4, 1500) == pytest.approx(6000 / AUTO_SECONDS)
    assert [Pace.from_key(p.key) for p in CHOICES] == list(CHOICES)
    assert Pace.from_key("nonsense") == Pace() == Pace.from_key("-3")


def test_a_loop_behind_its_rate_takes_the_steps_already_due_without_waiting():
    clock = FakeClock()
    pacer = Pacer(clock=clock, sleep=clock.sleep)
    pacer.set_rate(1000.0)                  # 1 ms a step; the loop takes 10.5 ms a step
    assert not pacer.wait()
    assert pacer.due_steps() == 0           # the next step is not due yet
    clock.now += 0.0105
    assert not pacer.wait() and not clock.sleeps    # due: no wait
    assert pacer.due_steps() == 9           # nine more were due meanwhile: counted taken
    assert pacer.due_steps() == 0
    assert not pacer.wait()                 # the step after those is not due yet: waits
    assert clock.sleeps and clock.sleeps[-1] > 0


def test_a_run_is_at_full_speed_unpaced_or_behind_its_pace():
    assert at_full_speed(None, 0.0) and at_full_speed(None, 50_000.0)
    # Auto asks a long run for more than it reaches: it goes as fast as it can
    assert at_full_speed(3_000_000.0, 15_000.0)
    assert not at_full_speed(120.0, 120.0)        # keeping its pace: time to spare
    assert not at_full_speed(120.0, 110.0)        # a little jitter is still keeping it
    assert at_full_speed(120.0, 60.0)
