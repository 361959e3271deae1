"""Big drawings zoomed out: one NeuronDotsItem paints every neuron, the items stay live."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QTransform
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView

from bpstudio.ui.canvas import neuron_item as neuron_item_module
from bpstudio.ui.canvas import scene as scene_module
from bpstudio.ui.canvas import style
from bpstudio.ui.canvas.edge_group import EDGE_Z
from bpstudio.ui.document import layout
from tests.ui.conftest import drag, neuron_pos, viewport_point
from tests.ui.test_visuals_support import Run, attach_fake, open_example

NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
SIZES = (("input", 256), ("hidden", 16), ("output", 4))
ZOOMED_OUT = 0.25      # neurons 4.5 px in radius: body and fill, no glyphs
ZOOMED_IN = 1.0


@pytest.fixture
def big(window):
    """A 256-16-4 drawing built as a user does (hidden → output fully connected)."""
    window.files.new()
    columns, left = [], 0.0
    for role, count in SIZES:
        width = layout.block_width(count)
        columns.append(window.editor.add_neurons(role, count,
                                                 QPointF(left + width / 2, 0.0)))
        left += width + layout.LAYER_GAP
    window.scene.select(columns[1] + columns[2])
    assert window.editor.fully_connect_selection()
    window.scene.select([])
    set_zoom(window.view, ZOOMED_OUT)
    window.columns = columns
    return window


def set_zoom(view, zoom: float) -> None:
    view.setTransform(QTransform.fromScale(zoom, zoom))   # one step, not via 1:1
    view.centerOn(view.network_scene().drawing_rect().center())


def grab(view) -> QImage:
    """The viewport as painted by a paint event (the legend card is not in it)."""
    return view.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def pixels(image: QImage) -> np.ndarray:
    """(rows, columns, 4) ints of an RGB32 image."""
    return np.asarray(image.constBits()).reshape(image.height(), image.width(), 4).astype(int)


def pixel(view, image: QImage, scene_pos: QPointF) -> QColor:
    return image.pixelColor(viewport_point(view, scene_pos))


def near(a: QColor, b: QColor, tolerance: int = 12) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a.getRgb()[:3], b.getRgb()[:3],
                                                       strict=True))


def count_paints(monkeypatch) -> list[str]:
    """The roles of the neurons NeuronItem.paint draws from now on. It calls the module's
    paint_body each time (patching the class's paint would not do: shiboken binds an
    item's Python override at its first paint); the dots never call it."""
    calls: list[str] = []
    original = neuron_item_module.paint_body

    def counting(painter, lod, role, *args):
        calls.append(role)
        return original(painter, lod, role, *args)

    monkeypatch.setattr(neuron_item_module, "paint_body", counting)
    return calls


# ------------------------------------------------------------------ switching
def test_batch_mode_follows_the_zoom_for_big_drawings(big):
    scene, view = big.scene, big.view
    assert scene.neurons_batched and scene.dots.isVisible()
    assert all(item.flags() & NO_CONTENTS for item in scene.items_by_id.values())
    view.zoom_by(ZOOMED_IN / view.zoom())
    assert not scene.neurons_batched and not scene.dots.isVisible()
    assert not any(item.flags() & NO_CONTENTS for item in scene.items_by_id.values())
    # Just below and above the radius from which glyphs are drawn (8 px).
    view.zoom_by(7.9 / style.NEURON_RADIUS / view.zoom())
    assert scene.neurons_batched
    view.zoom_by(8.1 / style.NEURON_RADIUS / view.zoom())
    assert not scene.neurons_batched
    # Every way the view's scale changes is seen: fit to view, and View ▸ Actual Size.
    view.fit_to_view()
    assert scene.neurons_batched == (view.zoom() * style.NEURON_RADIUS < 8)
    big._actual_size()
    assert not scene.neurons_batched
    # A scale change Python does not see (Qt's own) is caught when the view paints.
    QGraphicsView.scale(view, ZOOMED_OUT, ZOOMED_OUT)
    assert not scene.neurons_batched
    grab(view)
    assert scene.neurons_batched


def test_small_drawings_are_never_batched(window):
    network = open_example(window, "digits")
    assert len(network.neurons) == 106
    set_zoom(window.view, 0.05)
    assert not window.scene.neurons_batched
    assert not any(i.flags() & NO_CONTENTS for i in window.scene.items_by_id.values())


def test_adding_and_removing_neurons_follows_the_batch(big):
    scene, editor, undo = big.scene, big.editor, big.undo_stack
    added = editor.add_neurons("hidden", 3, QPointF(900, 0))
    assert all(scene.neuron_item(n).flags() & NO_CONTENTS for n in added)
    assert all(n in scene.dots.slot_of for n in added)
    # Down to 200 neurons: small enough to paint one by one again.
    scene.select(big.columns[0][:79])
    assert editor.delete_selection()
    assert len(scene.items_by_id) == 200 and not scene.neurons_batched
    assert not any(i.flags() & NO_CONTENTS for i in scene.items_by_id.values())
    assert set(scene.dots.slot_of) == set(scene.items_by_id)
    undo.undo()
    assert len(scene.items_by_id) == 279 and scene.neurons_batched
    assert all(i.flags() & NO_CONTENTS for i in scene.items_by_id.values())
    assert set(scene.dots.slot_of) == set(scene.items_by_id)


# ------------------------------------------------------------------- painting
def test_items_are_not_painted_in_batch_mode(big, monkeypatch):
    calls = count_paints(monkeypatch)
    set_zoom(big.view, ZOOMED_OUT * 1.01)       # a new scale: nothing cached for it
    rendered = big.scene.dots.atlases_rendered
    grab(big.view)
    # The dots painted (their sprites were drawn for this zoom), the items did not.
    assert calls == [] and big.scene.dots.atlases_rendered > rendered
    set_zoom(big.view, ZOOMED_IN)
    grab(big.view)
    assert len(calls) > 50            # each neuron on screen paints itself again


def test_batch_looks_like_the_items(big, monkeypatch):
    """The dots reproduce what the items paint at that size, to a fraction of a pixel."""
    scene, view = big.scene, big.view
    ids = big.columns
    scene.select([ids[0][3], ids[1][5]])
    scene.neuron_item(ids[2][1]).set_hover(True)
    scene.neuron_item(ids[1][2]).set_fill(QColor("#b91c1c"))
    batched = pixels(grab(view))
    monkeypatch.setattr(scene_module, "BATCH_MIN_NEURONS", 10_000)
    scene.set_zoom(view.zoom())
    assert not scene.neurons_batched
    items = pixels(grab(view))
    difference = np.abs(batched - items).max(axis=2)
    # Centres are placed to a quarter pixel: only anti-aliased rims differ, a little.
    worst = np.unravel_index(difference.argmax(), difference.shape)
    assert difference.max() <= 96 and difference.mean() < 1.0, (worst, difference.max())


def test_selected_and_hovered_neurons_are_highlighted(big):
    scene, view = big.scene, big.view
    nid = big.columns[1][4]
    pos = neuron_pos(big, nid)
    # The halo is a stroke 6.6 units wide over the body's outline: sample across the rim
    # (a fraction of a pixel either way at this zoom decides which pixel it covers).
    rim = [pos + QPointF(style.NEURON_RADIUS + dx, 0) for dx in (-2.0, 0.0, 2.0, 4.0)]

    def bluest(image: QImage) -> int:
        return max(c.blue() - c.red() for c in (pixel(view, image, p) for p in rim))

    plain = bluest(grab(view))
    scene.select([nid])
    assert bluest(grab(view)) > plain + 30
    halo = scene.dots.look_of(nid)[3]
    assert halo is not None and QColor.fromRgba(halo).rgb() == style.SELECTION.rgb()
    scene.select([])
    assert bluest(grab(view)) == plain


def test_fills_from_the_overlay_appear(window, monkeypatch):
    """Mean-activation fills on the digits network, batched here by lowering the bar."""
    monkeypatch.setattr(scene_module, "BATCH_MIN_NEURONS", 50)
    network = open_example(window, "digits")
    fake = attach_fake(window)
    run = Run(network)
    fake.publish(run.train(5).state())
    window.visuals.fill_actions["activation"].trigger()
    set_zoom(window.view, 0.3)
    scene, view = window.scene, window.view
    assert scene.neurons_batched
    image = grab(view)
    checked = 0
    for nid, item in scene.items_by_id.items():
        if item.fill_override is None or not view.viewport().rect().contains(
                viewport_point(view, item.pos())):
            continue
        assert scene.dots.look_of(nid)[2] == item.fill_override.rgba()
        assert near(pixel(view, image, item.pos()), item.fill_override), nid
        checked += 1
    assert checked > 50


def test_frozen_neurons_keep_their_dashed_border(big):
    scene = big.scene
    nid = big.columns[1][0]
    assert big.editor.set_neuron_properties({nid: {"frozen": True}})
    assert scene.dots.look_of(nid)[1] is True


def test_rendering_larger_than_the_view_paints_the_items(big, monkeypatch):
    """An export at another scale than the view's still gets glyphs and labels."""
    calls = count_paints(monkeypatch)
    scene = big.scene
    nid = big.columns[1][0]
    pos = neuron_pos(big, nid)
    image = QImage(400, 400, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    scene.render(painter, QRectF(0, 0, 400, 400), QRectF(pos.x() - 50, pos.y() - 50, 100, 100))
    painter.end()
    assert scene.neurons_batched and "hidden" in calls     # the hidden neuron at its centre


def test_the_dots_sit_between_edges_and_neurons(big):
    """Drawn above the edges and below the (contentless) neuron items, which keep the
    mouse; X-ray's card placer lets cards cover them (cards_may_cover, ui/xray/overlay.py)."""
    dots = big.scene.dots
    assert EDGE_Z < dots.zValue() < big.scene.neuron_item(big.columns[0][0]).zValue()
    assert dots.acceptedMouseButtons() == Qt.MouseButton.NoButton


# ---------------------------------------------------------------- interaction
def test_hover_and_click_reach_the_neurons(big, qtbot):
    scene, view = big.scene, big.view
    nid = big.columns[1][7]
    at = viewport_point(view, neuron_pos(big, nid))
    with qtbot.waitSignal(scene.hovered_neuron_changed) as hovered:
        QTest.mouseMove(view.viewport(), at)
    assert hovered.args == [nid] and scene.neuron_item(nid).hovered
    assert QColor.fromRgba(scene.dots.look_of(nid)[3]).rgb() == style.HOVER.rgb()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert scene.selected_neuron_ids() == [nid]
    QTest.mouseMove(view.viewport(), viewport_point(view, QPointF(-400, -400)))
    assert not scene.neuron_item(nid).hovered
    assert QColor.fromRgba(scene.dots.look_of(nid)[3]).rgb() == style.SELECTION.rgb()


def test_rubber_band_selects_in_batch_mode(big):
    scene, view = big.scene, big.view
    inputs = big.columns[0]
    first, last = neuron_pos(big, inputs[0]), neuron_pos(big, inputs[40])
    drag(view, first - QPointF(30, 30), QPointF(last.x() + 20, last.y() + 20))
    inside = {n for n in inputs if first.x() <= neuron_pos(big, n).x() <= last.x() + 20
              and first.y() <= neuron_pos(big, n).y() <= last.y() + 20}
    assert set(scene.selected_neuron_ids()) == inside and len(inside) > 10
    assert all(scene.dots.look_of(n)[3] is not None for n in inside)


def test_dragging_a_neuron_moves_its_dot(big):
    scene, view = big.scene, big.view
    nid = big.columns[2][0]
    start = neuron_pos(big, nid)
    drag(view, start, start + QPointF(0, 200))
    moved = big.document.network.neurons[nid]
    assert abs(moved.y - start.y() - 200) < 2 / view.zoom() and big.undo_stack.count()
    assert tuple(scene.dots.pos_xy[scene.dots.slot_of[nid]]) == (moved.x, moved.y)
    big.undo_stack.undo()
    assert tuple(scene.dots.pos_xy[scene.dots.slot_of[nid]]) == (start.x(), start.y())


def test_connect_gesture_works_in_batch_mode(big):
    view, network = big.view, big.document.network
    view.tool = "connect"
    source, target = big.columns[0][0], big.columns[1][0]
    drag(view, neuron_pos(big, source), neuron_pos(big, target))
    assert any(c.source == source and c.target == target
               for c in network.connections.values())


def test_looks_no_longer_used_are_forgotten(big, monkeypatch):
    """Live fills keep bringing new colours: the table of looks stays bounded."""
    from bpstudio.ui.canvas import neuron_dots

    monkeypatch.setattr(neuron_dots, "MAX_LOOKS", 20)
    scene, view = big.scene, big.view
    hidden = big.columns[1]
    for shade in range(60):
        for nid in hidden:
            scene.neuron_item(nid).set_fill(QColor(200, 4 * shade, (nid * 7) % 255))
    assert len(scene.dots._looks) <= 20
    for nid, item in scene.items_by_id.items():
        assert scene.dots.look_of(nid) == item.look_key()
    image = grab(view)
    last = scene.neuron_item(hidden[0]).fill_override
    assert near(pixel(view, image, neuron_pos(big, hidden[0])), last)


def test_between_half_size_and_1_to_1_zoom_steps_reuse_the_neuron_pictures(big, monkeypatch):
    """From zoom 0.5 to 1:1 each neuron is a picture cached at 1:1 and scaled: a zoom step
    runs no Python paint code (460 re-rendered neurons took 42 ms at zoom 0.6), and the
    scaled pictures look like neurons painted at that size."""
    scene, view = big.scene, big.view
    item_cache = QGraphicsItem.CacheMode.ItemCoordinateCache
    set_zoom(view, 0.6)
    assert not scene.neurons_batched
    assert all(i.cacheMode() == item_cache for i in scene.items_by_id.values())
    scaled = pixels(grab(view))
    paints = count_paints(monkeypatch)
    view.scale(1.05, 1.05)
    grab(view)
    view.scale(1 / 1.05, 1 / 1.05)
    grab(view)
    assert paints == []
    # Painted afresh at this zoom (the cache the view used before 0.5 and from 1:1 on):
    # only the anti-aliased rims differ, a little.
    monkeypatch.setattr(scene_module, "ITEM_CACHE_ZOOMS", (0.0, 0.0))
    scene.set_zoom(view.zoom())
    assert all(i.cacheMode() != item_cache for i in scene.items_by_id.values())
    direct = pixels(grab(view))
    difference = np.abs(scaled - direct).max(axis=2)
    assert difference.mean() < 2.0, difference.mean()
    set_zoom(view, 1.0)
    assert all(i.cacheMode() != item_cache for i in scene.items_by_id.values())


def test_fit_to_view_goes_to_its_zoom_in_one_step(big, monkeypatch):
    """Through 1:1 on the way, every neuron would switch to item painting and device
    caches and back (and drop its cached picture) at each press of F."""
    scene, view = big.scene, big.view
    zooms: list[float] = []
    original = scene.set_zoom
    monkeypatch.setattr(scene, "set_zoom", lambda zoom: (zooms.append(zoom), original(zoom)))
    view.fit_to_view()
    assert zooms and all(z == pytest.approx(view.zoom()) for z in zooms)


def test_the_dots_catch_up_with_looks_changed_while_the_items_painted(big):
    """Zoomed in the items paint themselves and the dots skip restyles (live fills restyle
    every neuron several times a second); zoomed out again they show the latest looks."""
    scene, view = big.scene, big.view
    set_zoom(view, ZOOMED_IN)
    assert not scene.dots.isVisible()
    looks = len(scene.dots._looks)
    hidden = big.columns[1]
    for shade, nid in enumerate(hidden):
        scene.neuron_item(nid).set_fill(QColor(200, 10 * shade, 40))
    assert len(scene.dots._looks) == looks           # nothing computed while hidden
    set_zoom(view, ZOOMED_OUT)
    assert scene.dots.isVisible()
    for nid, item in scene.items_by_id.items():
        assert scene.dots.look_of(nid) == item.look_key()
    image = grab(view)
    assert near(pixel(view, image, neuron_pos(big, hidden[3])),
                scene.neuron_item(hidden[3]).fill_override)
