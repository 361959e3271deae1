"""Step mode's label placement: greedy, most important first, nothing drawn on anything."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor

from bpstudio.ui.xray import label_layout
from bpstudio.ui.xray.label_layout import Card, Placer, edge_spots, loss_spots, neuron_spots

INK = QColor("#111827")
SCREEN = QRectF(0, 0, 400, 300)


def card(text: str = "a = 0.731", compact: str | None = None) -> Card:
    return Card([(text, INK, False)], INK,
                compact=[(compact, INK, False)] if compact else None)


def grid_spots(card: Card) -> list[QRectF]:
    """Candidate spots on a row: left to right, each the card's size."""
    w, h = card.size
    return [QRectF(x, 10, w, h) for x in range(0, 400, 20)]


def test_cards_take_the_first_free_spot_and_never_overlap():
    neuron = QRectF(0, 0, 60, 60)
    placer = Placer([neuron], SCREEN)
    cards = [card(f"card {i}") for i in range(4)]
    for c in cards:
        assert placer.place(c, grid_spots, essential=False)
    first = grid_spots(cards[0])
    assert cards[0].rect == next(s for s in first if not s.intersects(neuron))
    rects = [neuron] + [c.rect for c in cards]
    assert not any(a.intersects(b) for a, b in itertools.combinations(rects, 2))
    assert all(SCREEN.contains(c.rect) for c in cards) and placer.left_out == 0


def test_a_card_without_room_shrinks_to_its_compact_form_or_is_left_out():
    long = "a much longer line of numbers: 0.7310586 × (1 − 0.7310586)"

    def one_spot(c: Card) -> list[QRectF]:
        return [QRectF(10, 10, *c.size)]

    room = QRectF(10, 10, 80, 30)
    taken = [QRectF(10 + 85, 0, 300, 300)]           # everything right of the room
    placer = Placer(taken, SCREEN)
    shrinking = card(long, compact="a 0.73")
    assert placer.place(shrinking, one_spot, essential=False)
    assert shrinking.lines[0][0] == "a 0.73" and room.contains(shrinking.rect)
    crowded = card(long)
    assert not placer.place(crowded, one_spot, essential=False)
    assert placer.left_out == 1 and crowded.lines[0][0] == long      # full text kept


def test_an_essential_card_goes_where_it_covers_least():
    placer = Placer([QRectF(0, 0, 400, 40)], SCREEN)
    essential = card("loss L = 0.0625")

    def spots(c: Card) -> list[QRectF]:
        w, h = c.size
        return [QRectF(0, 0, w, h), QRectF(0, 40 - h / 2, w, h)]   # covered, half covered

    assert placer.place(essential, spots, essential=True)
    assert essential.rect == spots(essential)[1] and placer.left_out == 0


def test_spots_off_screen_count_as_covered():
    placer = Placer([], QRectF(0, 0, 100, 100))
    c = card("x1 = 1")

    def spots(c: Card) -> list[QRectF]:
        w, h = c.size
        return [QRectF(-w / 2, 10, w, h), QRectF(10, 10, w, h)]

    assert placer.place(c, spots, essential=False) and c.rect.left() == 10


def test_neurons_offer_their_own_side_first():
    c = card()
    label_layout.measure(c)
    center = QPointF(200, 150)
    inputs = neuron_spots(c, center, 18, "input")[0]
    outputs = neuron_spots(c, center, 18, "output")[0]
    hidden = neuron_spots(c, center, 18, "hidden")[0]
    assert inputs.right() < center.x() and outputs.left() > center.x()
    assert hidden.bottom() < center.y() and hidden.center().x() == pytest.approx(center.x())


def test_edge_pills_sit_on_the_edge_and_the_loss_right_of_the_outputs():
    c = card("w = 0.5")
    c.pill = True
    label_layout.measure(c)
    source, target = QPointF(0, 100), QPointF(300, 100)
    first = edge_spots(c, source, target, 18)[0]
    assert first.center().y() == pytest.approx(100)            # centred on the line
    assert first.center().x() == pytest.approx(18 + 282 * label_layout.EDGE_SPOTS[0])
    outputs = [QRectF(280, 80, 40, 40), QRectF(280, 180, 40, 40)]
    loss = loss_spots(c, outputs)[0]
    assert loss.left() > 320 and loss.center().y() == pytest.approx(150)   # mid-box


def test_overlap_areas_match_a_rectangle_by_rectangle_count():
    rng = np.random.default_rng(3)
    a = np.sort(rng.uniform(0, 50, (7, 2, 2)), axis=1).transpose(0, 2, 1).reshape(7, 4)
    a = a[:, [0, 2, 1, 3]]                                     # (x1, y1, x2, y2)
    b = a[::-1].copy()
    expected = [[QRectF(QPointF(*p[:2]), QPointF(*p[2:])).intersected(
        QRectF(QPointF(*q[:2]), QPointF(*q[2:]))) for q in b] for p in a]
    areas = [[r.width() * r.height() for r in row] for row in expected]
    np.testing.assert_allclose(label_layout._overlap(a, b), areas, atol=1e-9)
