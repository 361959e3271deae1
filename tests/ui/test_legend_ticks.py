"""The gradient colour bar's tick labels never run into each other (issue 10 §4:
"10⁻²⁶10⁻²⁵…" when the range was wide)."""

from __future__ import annotations

from bpstudio.ui.canvas.legend import TICK_GAP, labelled_ticks


def _overlaps(boxes, chosen) -> bool:
    spans = sorted(boxes[k] for k in chosen)
    return any(a + w + TICK_GAP > b for (a, w), (b, _) in zip(spans, spans[1:], strict=False))


def test_crowded_labels_are_thinned_keeping_both_ends():
    boxes = [(2 + 9.0 * k, 30.0) for k in range(16)]     # 16 decades on a 140-px bar
    chosen = labelled_ticks(boxes)
    assert chosen[0] == 0 and chosen[-1] == 15
    assert not _overlaps(boxes, chosen)
    assert len(chosen) >= 3


def test_roomy_labels_are_all_kept():
    boxes = [(2 + 40.0 * k, 30.0) for k in range(4)]
    assert labelled_ticks(boxes) == [0, 1, 2, 3]


def test_two_labels_that_would_touch_keep_the_first():
    assert labelled_ticks([(2, 30.0), (10, 30.0)]) == [0]
    assert labelled_ticks([]) == [] and labelled_ticks([(5, 10.0)]) == [0]
