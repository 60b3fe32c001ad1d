"""A small deterministic PNG encoder (8-bit grey/RGB/RGBA, and palette), at full lossless
compression.

What ends up in every export is these bytes: Blender's glTF exporter copies an imported PNG as it
is, so the encoder is where file size is decided. Every setting is fixed (zlib level 9, window 15,
memLevel 9, default strategy), so the same pixels always give the same bytes.

- RGB images with at most 256 distinct colours (most base colour maps, flat normal maps) are
  written as a palette: one byte per pixel, no filter. Decoders expand it back to exactly the
  same RGB values.
- Everything else uses the "Sub" filter on every row: cheap with numpy, and it makes smooth maps
  (normals, ORM) compress far better than no filter.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np

ZLIB_LEVEL = 9
_COLOR_TYPE = {1: 0, 3: 2, 4: 6}
_PALETTE = 3


def _chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def _deflate(raw: bytes, level: int) -> bytes:
    c = zlib.compressobj(level, zlib.DEFLATED, 15, 9, zlib.Z_DEFAULT_STRATEGY)
    return c.compress(raw) + c.flush()


def _palette(a: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """(palette (n, 3), indices (h, w)) when an RGB image has at most 256 colours."""
    if a.shape[2] != 3:
        return None
    key = (a[..., 0].astype(np.uint32) << 16) | (a[..., 1].astype(np.uint32) << 8) | a[..., 2]
    colours, index = np.unique(key.ravel(), return_inverse=True)
    if len(colours) > 256:
        return None
    rgb = np.stack([(colours >> 16) & 255, (colours >> 8) & 255, colours & 255], -1).astype(np.uint8)
    return rgb, index.astype(np.uint8).reshape(a.shape[:2])


def encode_png(img: np.ndarray, level: int = ZLIB_LEVEL) -> bytes:
    """Encode a (H, W) or (H, W, C) uint8 array, C in {1, 3, 4}, at a zlib ``level``."""
    a = np.ascontiguousarray(img, dtype=np.uint8)
    if a.ndim == 2:
        a = a[:, :, None]
    h, w, c = a.shape
    chunks = []
    palette = _palette(a)
    if palette is not None:
        colours, index = palette
        ihdr = struct.pack(">IIBBBBB", w, h, 8, _PALETTE, 0, 0, 0)
        chunks.append(_chunk(b"PLTE", colours.tobytes()))
        filt = np.zeros((h, w + 1), dtype=np.uint8)  # filter type None: indices are not smooth
        filt[:, 1:] = index
    else:
        rows = a.reshape(h, w * c)
        filt = np.empty((h, w * c + 1), dtype=np.uint8)
        filt[:, 0] = 1  # filter type Sub
        filt[:, 1 : 1 + c] = rows[:, :c]
        filt[:, 1 + c :] = rows[:, c:] - rows[:, :-c]  # uint8 arithmetic wraps mod 256, as PNG wants
        ihdr = struct.pack(">IIBBBBB", w, h, 8, _COLOR_TYPE[c], 0, 0, 0)
    return b"".join([
        b"\x89PNG\r\n\x1a\n",
        _chunk(b"IHDR", ihdr),
        *chunks,
        _chunk(b"IDAT", _deflate(filt.tobytes(), level)),
        _chunk(b"IEND", b""),
    ])
