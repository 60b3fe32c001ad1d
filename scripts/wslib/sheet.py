"""Contact sheets: previews in a captioned grid (the extension's bitmap font), as the settings
sheet and the variant sweeps make them. Pixels come and go through ``wslib.png``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from . import blender
from .png import read_png, write_png


def contact_sheet(api: Any, tiles: list[tuple[str, str]], path: str | os.PathLike, *, columns: int = 4) -> str:
    """Previews (``(png path, caption)``) in a grid, left to right and top to bottom, each captioned
    with the extension's bitmap font; all previews must have one size. Returns ``path``."""
    import numpy as np

    labels = blender.extension_module(api, "core.labels")
    images = [(read_png(p), caption) for p, caption in tiles]
    h, w = images[0][0].shape[:2]
    rows = (len(images) + columns - 1) // columns
    gap = 2
    sheet = np.ones(((h + gap) * rows + gap, (w + gap) * columns + gap, 4), dtype=np.float32)
    sheet[:, :, :3] = 0.12
    scale = max(1, h // 100)
    for i, (pixels, caption) in enumerate(images):
        row, col = divmod(i, columns)
        y0 = sheet.shape[0] - (row + 1) * (h + gap)  # rows are stored bottom-up
        x0 = gap + col * (w + gap)
        tile = pixels.copy()
        tile[:, :, 3] = 1.0
        tw, th = labels.text_size(caption, scale)
        labels.fill_box(tile, 0, 0, tw + 4 * scale, th + 4 * scale, (0.05, 0.05, 0.05, 1.0), top_down=False)
        labels.draw_text(tile, caption, x=2 * scale, y=2 * scale, scale=scale, top_down=False)
        sheet[y0:y0 + h, x0:x0 + w] = tile
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return write_png(sheet, path)
