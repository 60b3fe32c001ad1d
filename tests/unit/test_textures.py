"""Texture synthesis: PNGs decode, maps tile, ORM channels mean what glTF says, the cache works."""

from __future__ import annotations

import struct
import time
import zlib

import numpy as np
import pytest

from worldsmith_backend.textures import METALS, RECIPES, encode_png, texture_set


def decode_png(data: bytes) -> np.ndarray:
    """A minimal decoder for what our encoder writes (8-bit, filters 0/1, palette), for the tests."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, w, palette = 8, b"", 0, None
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos : pos + 4])
        tag = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + n]
        assert struct.unpack(">I", data[pos + 8 + n : pos + 12 + n])[0] == zlib.crc32(tag + body)
        if tag == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            c = {0: 1, 2: 3, 3: 1, 6: 4}[ctype]
        elif tag == b"PLTE":
            palette = np.frombuffer(body, np.uint8).reshape(-1, 3)
        elif tag == b"IDAT":
            idat += body
        pos += 12 + n
    raw = np.frombuffer(zlib.decompress(idat), np.uint8).reshape(h, 1 + w * c)
    rows = raw[:, 1:].astype(np.int64)
    for y in range(h):
        assert raw[y, 0] in (0, 1)
        if raw[y, 0] == 1:
            rows[y] = _unsub(rows[y], c)
    if ctype == 3:
        return palette[rows.reshape(h, w)]
    return rows.reshape(h, w, c).astype(np.uint8)


def _unsub(row: np.ndarray, c: int) -> np.ndarray:
    out = row.reshape(-1, c).copy()
    return (np.cumsum(out, axis=0) % 256).reshape(-1)


def test_png_roundtrip_and_deterministic():
    rng = np.random.default_rng(0)
    img = rng.integers(0, 256, (17, 23, 3), dtype=np.uint8)
    data = encode_png(img)
    assert np.array_equal(decode_png(data), img)
    assert encode_png(img) == data
    grey = rng.integers(0, 256, (8, 8), dtype=np.uint8)
    assert np.array_equal(decode_png(encode_png(grey))[..., 0], grey)


def test_png_is_fully_compressed_and_lossless():
    """Few colours: a palette (one byte per pixel); many: RGB with the Sub filter; zlib at level
    9 either way. Decoding gives back every value."""
    rng = np.random.default_rng(1)
    few = rng.choice(np.array([[128, 128, 255], [120, 130, 250], [140, 120, 255], [128, 140, 240]], np.uint8),
                     size=(64, 64))
    data = encode_png(few)
    assert data[25] == 3 and b"PLTE" in data  # colour type 3: palette
    assert np.array_equal(decode_png(data), few)
    many = rng.integers(0, 256, (64, 64, 3), dtype=np.uint8)
    data = encode_png(many)
    assert data[25] == 2 and np.array_equal(decode_png(data), many)
    idat = data[data.index(b"IDAT") + 4:]
    assert idat[1] == 0xDA  # zlib header FLEVEL 3: maximum compression


@pytest.mark.parametrize("kind", sorted(RECIPES))
def test_maps_tile_and_decode(kind):
    ts = texture_set(kind, "default", 64)
    for png in (ts.base_png, ts.normal_png, ts.orm_png):
        img = decode_png(png).astype(float)
        assert img.shape == (64, 64, 3)
        # Tileable: the step across the wrap (last column -> first, last row -> first) looks
        # like a step between neighbouring lines inside the image, never a new seam. Patterned
        # maps (mortar, panel seams) may put a real line at the edge, so compare with the
        # largest interior line step, not the average one.
        inner_x = np.abs(np.diff(img, axis=1)).mean(axis=(0, 2)).max()
        inner_y = np.abs(np.diff(img, axis=0)).mean(axis=(1, 2)).max()
        wrap_x = np.abs(img[:, 0] - img[:, -1]).mean()
        wrap_y = np.abs(img[0] - img[-1]).mean()
        assert wrap_x <= 1.25 * inner_x + 1.0, f"{kind}: seam across u"
        assert wrap_y <= 1.25 * inner_y + 1.0, f"{kind}: seam across v"
        # A random image would fail this: its wrap step is typical but so is every step;
        # check that smooth maps really are smooth across the wrap too.
        if kind in ("plaster", "soil", "metal"):
            assert wrap_x <= 3 * np.abs(np.diff(img, axis=1)).mean() + 1.0


def test_orm_channels_mean_occlusion_roughness_metallic():
    for kind in RECIPES:
        orm = decode_png(texture_set(kind, "default", 64).orm_png).astype(float) / 255
        metallic = orm[..., 2].mean()
        if kind in METALS:
            assert metallic > 0.5, kind
        else:
            assert metallic < 0.05, kind
        assert orm[..., 0].min() >= 0.29  # occlusion never goes black
    polished = decode_png(texture_set("metal", "polished", 64).orm_png)[..., 1].mean()
    rough = decode_png(texture_set("metal", "default", 64).orm_png)[..., 1].mean()
    assert polished < rough
    rusty = decode_png(texture_set("metal", "rusty", 64).orm_png)[..., 2].mean()
    assert rusty < decode_png(texture_set("metal", "default", 64).orm_png)[..., 2].mean()


def test_normal_maps_point_out_of_the_surface():
    n = decode_png(texture_set("cobble", "default", 64).normal_png).astype(float) / 127.5 - 1
    assert (n[..., 2] > 0).all()
    assert np.allclose(np.linalg.norm(n, axis=-1), 1.0, atol=0.03)


def test_variants_change_colour():
    base = decode_png(texture_set("stone", "default", 64).base_png).astype(float)
    mossy = decode_png(texture_set("stone", "mossy", 64).base_png).astype(float)
    red = decode_png(texture_set("wood", "painted_red", 64).base_png).astype(float)
    assert mossy[..., 1].mean() - mossy[..., 0].mean() > base[..., 1].mean() - base[..., 0].mean()
    assert red[..., 0].mean() > 2 * red[..., 2].mean()
    assert texture_set("flame", "default", 64).emissive and not texture_set("stone", "default", 64).emissive


def test_deterministic_and_cached():
    texture_set.cache_clear()
    t0 = time.perf_counter()
    a = texture_set("planks", "weathered", 256)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    b = texture_set("planks", "weathered", 256)
    warm = time.perf_counter() - t0
    assert a is b and warm < cold / 20
    texture_set.cache_clear()
    c = texture_set("planks", "weathered", 256)
    assert (c.base_png, c.normal_png, c.orm_png) == (a.base_png, a.normal_png, a.orm_png)


def test_material_prompts_for_retexturing():
    from worldsmith_backend.textures import parse_material_prompt, texture_from_prompt

    assert parse_material_prompt("mossy stone") == ("stone", "mossy")
    assert parse_material_prompt("painted red planks") == ("planks", "painted_red")
    assert parse_material_prompt("rusty iron") == ("rusty_metal", "default")
    a = texture_from_prompt("mossy stone", 3, 64)
    b = texture_from_prompt("mossy stone", 4, 64)
    assert a.base_png != b.base_png and a.base_png == texture_from_prompt("mossy stone", 3, 64).base_png
