"""A 5x7 bitmap font and text drawing into numpy RGBA images, for labels on compare renders.

Blender has no headless text rasteriser we can call from Python without a window, so labels are
drawn from these glyphs. Lowercase prints as uppercase; unknown characters print as "?".

>>> img = np.zeros((20, 80, 4), dtype=np.float32)
>>> draw_text(img, "V2 MAIN", x=2, y=2, scale=2)[1] > 0
True
"""

from __future__ import annotations

import numpy as np

# Each glyph: 7 rows of 5 columns, "#" for ink, top row first.
_GLYPHS = {
    "A": ".###. #...# #...# ##### #...# #...# #...#",
    "B": "####. #...# #...# ####. #...# #...# ####.",
    "C": ".###. #...# #.... #.... #.... #...# .###.",
    "D": "####. #...# #...# #...# #...# #...# ####.",
    "E": "##### #.... #.... ####. #.... #.... #####",
    "F": "##### #.... #.... ####. #.... #.... #....",
    "G": ".###. #...# #.... #.### #...# #...# .####",
    "H": "#...# #...# #...# ##### #...# #...# #...#",
    "I": ".###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.",
    "J": "..### ...#. ...#. ...#. ...#. #..#. .##..",
    "K": "#...# #..#. #.#.. ##... #.#.. #..#. #...#",
    "L": "#.... #.... #.... #.... #.... #.... #####",
    "M": "#...# ##.## #.#.# #.#.# #...# #...# #...#",
    "N": "#...# ##..# #.#.# #..## #...# #...# #...#",
    "O": ".###. #...# #...# #...# #...# #...# .###.",
    "P": "####. #...# #...# ####. #.... #.... #....",
    "Q": ".###. #...# #...# #...# #.#.# #..#. .##.#",
    "R": "####. #...# #...# ####. #.#.. #..#. #...#",
    "S": ".#### #.... #.... .###. ....# ....# ####.",
    "T": "##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..",
    "U": "#...# #...# #...# #...# #...# #...# .###.",
    "V": "#...# #...# #...# #...# #...# .#.#. ..#..",
    "W": "#...# #...# #...# #.#.# #.#.# #.#.# .#.#.",
    "X": "#...# #...# .#.#. ..#.. .#.#. #...# #...#",
    "Y": "#...# #...# .#.#. ..#.. ..#.. ..#.. ..#..",
    "Z": "##### ....# ...#. ..#.. .#... #.... #####",
    "0": ".###. #...# #..## #.#.# ##..# #...# .###.",
    "1": "..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.",
    "2": ".###. #...# ....# ...#. ..#.. .#... #####",
    "3": "####. ....# ....# .###. ....# ....# ####.",
    "4": "...#. ..##. .#.#. #..#. ##### ...#. ...#.",
    "5": "##### #.... ####. ....# ....# #...# .###.",
    "6": ".###. #.... #.... ####. #...# #...# .###.",
    "7": "##### ....# ...#. ..#.. .#... .#... .#...",
    "8": ".###. #...# #...# .###. #...# #...# .###.",
    "9": ".###. #...# #...# .#### ....# ....# .###.",
    " ": "..... ..... ..... ..... ..... ..... .....",
    ".": "..... ..... ..... ..... ..... .##.. .##..",
    ",": "..... ..... ..... ..... .##.. ..#.. .#...",
    ":": "..... .##.. .##.. ..... .##.. .##.. .....",
    "-": "..... ..... ..... ##### ..... ..... .....",
    "_": "..... ..... ..... ..... ..... ..... #####",
    "|": "..#.. ..#.. ..#.. ..#.. ..#.. ..#.. ..#..",
    "/": "....# ....# ...#. ..#.. .#... #.... #....",
    "(": "...#. ..#.. .#... .#... .#... ..#.. ...#.",
    ")": ".#... ..#.. ...#. ...#. ...#. ..#.. .#...",
    "?": ".###. #...# ....# ...#. ..#.. ..... ..#..",
}
GLYPH_W, GLYPH_H = 5, 7
_BITMAPS = {
    char: np.array([[c == "#" for c in row] for row in rows.split()], dtype=bool)
    for char, rows in _GLYPHS.items()
}


def text_size(text: str, scale: int = 1) -> tuple[int, int]:
    """Width and height in pixels of ``text`` drawn at ``scale`` (one column gap per character)."""
    return (len(text) * (GLYPH_W + 1) - 1) * scale if text else 0, GLYPH_H * scale


def draw_text(image: np.ndarray, text: str, *, x: int, y: int, scale: int = 2,
              colour=(1.0, 1.0, 1.0, 1.0), top_down: bool = True) -> tuple[int, int]:
    """Draw ``text`` into ``image`` (H x W x 4, float) with its top-left corner at ``(x, y)``.

    ``top_down=False`` is for Blender's pixel order (row 0 at the bottom): ``y`` still counts
    from the top. Pixels outside the image are skipped. Returns the drawn size.
    """
    height, width = image.shape[:2]
    ink = np.asarray(colour, dtype=image.dtype)
    for index, char in enumerate(text.upper()):
        bitmap = _BITMAPS.get(char, _BITMAPS["?"])
        big = np.kron(bitmap, np.ones((scale, scale), dtype=bool))
        left = x + index * (GLYPH_W + 1) * scale
        for row in range(big.shape[0]):
            py = y + row
            if not 0 <= py < height:
                continue
            target = py if top_down else height - 1 - py
            cols = np.nonzero(big[row])[0] + left
            cols = cols[(cols >= 0) & (cols < width)]
            image[target, cols] = ink
    return text_size(text, scale)


def fill_box(image: np.ndarray, x: int, y: int, w: int, h: int, colour, *, top_down: bool = True) -> None:
    """Fill a rectangle (top-left ``x, y``) with ``colour``, clipped to the image."""
    height, width = image.shape[:2]
    y0, y1 = max(0, y), min(height, y + h)
    x0, x1 = max(0, x), min(width, x + w)
    if y0 >= y1 or x0 >= x1:
        return
    if not top_down:
        y0, y1 = height - y1, height - y0
    image[y0:y1, x0:x1] = np.asarray(colour, dtype=image.dtype)
