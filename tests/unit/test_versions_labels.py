"""Bitmap-font labels for compare renders (addon/core/labels.py)."""

from __future__ import annotations

import numpy as np

from addon.core import labels


def test_every_glyph_is_5x7():
    for char, bitmap in labels._BITMAPS.items():
        assert bitmap.shape == (7, 5), char
    assert labels._BITMAPS["A"].any() and not labels._BITMAPS[" "].any()


def test_text_is_drawn_where_asked_and_clipped():
    img = np.zeros((40, 100, 4), dtype=np.float32)
    w, h = labels.draw_text(img, "v2 main", x=3, y=5, scale=2)
    assert (w, h) == ((7 * 6 - 1) * 2, 14)
    ink = np.argwhere(img[:, :, 0] > 0)
    assert ink[:, 0].min() >= 5 and ink[:, 0].max() < 5 + h
    assert ink[:, 1].min() >= 3 and ink[:, 1].max() < 3 + w
    labels.draw_text(img, "WWWWWWWWWWWWWWWWWWWWWWWW", x=90, y=35, scale=3)  # runs off the edges: no error


def test_bottom_up_order_mirrors_rows_and_unknown_chars_print():
    top = np.zeros((20, 20, 4), dtype=np.float32)
    bottom = np.zeros((20, 20, 4), dtype=np.float32)
    labels.draw_text(top, "é", x=0, y=0, scale=1)
    labels.draw_text(bottom, "é", x=0, y=0, scale=1, top_down=False)
    assert top.any() and np.array_equal(top[::-1], bottom)
    box = np.zeros((10, 10, 4), dtype=np.float32)
    labels.fill_box(box, 2, 1, 3, 2, (1, 0, 0, 1), top_down=False)
    assert np.argwhere(box[:, :, 0] > 0)[:, 0].tolist() == [7, 7, 7, 8, 8, 8]
