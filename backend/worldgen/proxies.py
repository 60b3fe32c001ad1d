"""Proxies: named blockouts for things the prompt names that no archetype builds yet.

A proxy is one archetype (``proxy``) whose shape variant packs the thing's size in centimetres, so
every proxy of one size is one cached template and one glTF mesh. It is a plain box (a base and a
slightly inset body, so its top edge reads) in a neutral material; a proxy for a light source
carries a point light, so a night scene lit by named lanterns still has its light.
"""

from __future__ import annotations

from .archetype_base import Archetype, Built, Light, register, slots
from .mesh import box

PROXY = "proxy"
MAX_CM = 999
LIGHT_FLAG = 10**9


def pack(size: tuple[float, float, float], light: bool = False) -> int:
    w, h, d = (max(1, min(MAX_CM, int(round(v * 100)))) for v in size)
    return (LIGHT_FLAG if light else 0) + w * 1_000_000 + h * 1000 + d


def unpack(v: int) -> tuple[tuple[float, float, float], bool]:
    light, rest = divmod(v, LIGHT_FLAG)
    w, rest = divmod(rest, 1_000_000)
    h, d = divmod(rest, 1000)
    return (w / 100, h / 100, d / 100), bool(light)


def _build(v: int, d: int) -> Built:
    (w, h, dd), light = unpack(v)
    base = min(0.06, h * 0.15)
    body = [box(w, base, dd, (0, base / 2, 0)), box(w * 0.94, h - base, dd * 0.94, (0, base + (h - base) / 2, 0))]
    lights = [Light((0.0, h * 0.9, 0.0), (1.0, 0.72, 0.4), 25.0, 6.0)] if light else []
    return Built(slots(blockout=body), lights=lights)


register(Archetype(PROXY, "Proxy", ("settings",), {"blockout": "matte_paint"}, _build, (1.0, 1.0),
                   placement="floor", words=()))
