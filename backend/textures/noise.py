"""Tileable noise fields. Everything is periodic on the texture size, so textures wrap."""

from __future__ import annotations

import numpy as np

from .memo import byte_cached, nbytes_of_arrays


@byte_cached(nbytes_of_arrays)
def _amplitude(size: int, beta: float, low: int, high: int | None) -> np.ndarray:
    f = np.fft.fftfreq(size) * size
    fx = np.fft.rfftfreq(size) * size
    rad = np.sqrt(f[:, None] ** 2 + fx[None, :] ** 2)
    amp = np.zeros_like(rad)
    band = rad >= low
    if high is not None:
        band &= rad <= high
    amp[band] = rad[band] ** (-beta / 2.0)
    return amp


def fbm(rng: np.random.Generator, size: int, beta: float = 2.0, low: int = 1, high: int | None = None
        ) -> np.ndarray:
    """Spectral (1/f^beta) noise normalised to [0, 1]. An inverse FFT of a random spectrum is
    periodic by construction, which is what makes the result tile. ``low``/``high`` band-limit
    the frequencies (in cycles per tile)."""
    amp = _amplitude(size, beta, low, high)
    z = rng.standard_normal((2,) + amp.shape, dtype=np.float32)
    out = np.fft.irfft2(amp * (z[0] + 1j * z[1]), s=(size, size)).astype(np.float32)
    lo, hi = out.min(), out.max()
    return (out - lo) * np.float32(1.0 / (hi - lo + 1e-12))


def cells(rng: np.random.Generator, size: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Tileable Voronoi over about ``n`` jittered points (one per grid cell): returns the gap
    between the nearest and second-nearest point (0 on cell borders, in pixels) and the nearest
    cell's id. Grid indices wrap, so the pattern tiles."""
    full = size
    size = size // 2 if size >= 128 else size  # evaluated at half resolution, then upsampled
    g = max(2, int(round(np.sqrt(n))))
    jitter = rng.random((g, g, 2)).astype(np.float32)
    cell = size / g
    coords = (np.arange(size, dtype=np.float32) + 0.5) / cell
    cy = np.floor(coords).astype(np.int64)
    fy = coords - cy
    best1 = np.full((size, size), np.inf, np.float32)
    best2 = np.full((size, size), np.inf, np.float32)
    bid = np.zeros((size, size), np.int64)
    for dy in (-1, 0, 1):
        iy = (cy + dy) % g
        for dx in (-1, 0, 1):
            ix = (cy + dx) % g
            jy = jitter[iy[:, None], ix[None, :], 0]
            jx = jitter[iy[:, None], ix[None, :], 1]
            py = (dy + jy) - fy[:, None]
            px = (dx + jx) - fy[None, :]
            d = np.sqrt(py * py + px * px) * cell
            closer = d < best1
            best2 = np.where(closer, best1, np.minimum(best2, d))
            best1 = np.where(closer, d, best1)
            bid = np.where(closer, iy[:, None] * g + ix[None, :], bid)
    edge = best2 - best1
    if full != size:
        k = full // size
        edge = upsample(edge, k) * k  # distances are in full-resolution pixels
        bid = np.repeat(np.repeat(bid, k, 0), k, 1)
    return edge, bid


def upsample(a: np.ndarray, k: int) -> np.ndarray:
    """Bilinear, wrap-around upsample by an integer factor (keeps tileability)."""
    m = a.shape[0]
    t = (np.arange(m * k) + 0.5) / k - 0.5
    i0 = np.floor(t).astype(int)
    f = (t - i0).astype(np.float32)
    i0 %= m
    i1 = (i0 + 1) % m
    rows = a[i0] * (1 - f)[:, None] + a[i1] * f[:, None]
    return rows[:, i0] * (1 - f)[None, :] + rows[:, i1] * f[None, :]


def normal_from_height(h: np.ndarray, strength: float) -> np.ndarray:
    """Tangent-space normal map (uint8 RGB) from a height field; np.roll wraps, so it tiles."""
    size = h.shape[0]
    s = np.float32(strength * size / 256.0)
    dx = (np.roll(h, -1, 1) - np.roll(h, 1, 1)) * s
    dy = (np.roll(h, -1, 0) - np.roll(h, 1, 0)) * s
    inv = np.float32(127.5) / np.sqrt(dx * dx + dy * dy + np.float32(1.0))
    out = np.empty(h.shape + (3,), np.uint8)
    # Image rows run down while +V runs up in glTF tangent space, hence +dy for green.
    out[..., 0] = np.clip(127.5 - dx * inv + 0.5, 0, 255)
    out[..., 1] = np.clip(127.5 + dy * inv + 0.5, 0, 255)
    out[..., 2] = np.clip(127.5 + inv + 0.5, 0, 255)
    return out
