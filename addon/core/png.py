"""A deterministic 8-bit greyscale PNG writer for the single-channel maps export derives (FBX
roughness and metallic from the packed ORM). Pure: numpy and zlib. Full lossless compression
(zlib level 9, Sub filter on every row), every setting fixed, so the same plane gives the same bytes.

>>> data = grey_png(np.zeros((2, 3), np.uint8))
>>> data[:8] == b"\\x89PNG\\r\\n\\x1a\\n", data[24:26]
(True, b'\\x08\\x00')
"""

from __future__ import annotations

import struct
import zlib

import numpy as np


def _chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def grey_png(plane: np.ndarray) -> bytes:
    """PNG bytes of a (H, W) uint8 plane, top row first."""
    a = np.ascontiguousarray(plane, dtype=np.uint8)
    h, w = a.shape
    rows = np.empty((h, w + 1), dtype=np.uint8)
    rows[:, 0] = 1  # Sub
    rows[:, 1] = a[:, 0]
    rows[:, 2:] = a[:, 1:] - a[:, :-1]  # wraps mod 256, as PNG wants
    deflate = zlib.compressobj(9, zlib.DEFLATED, 15, 9, zlib.Z_DEFAULT_STRATEGY)
    idat = deflate.compress(rows.tobytes()) + deflate.flush()
    return b"".join([b"\x89PNG\r\n\x1a\n", _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)),
                     _chunk(b"IDAT", idat), _chunk(b"IEND", b"")])
