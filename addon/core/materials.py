"""Material library search, slot-change planning, recipe steps, quick-edit maths, texture ZIPs.

Pure: the bpy layer (``addon/materials/library.py``) reads slots and materials into plain values, calls
these functions and applies what they return, so every rule here is tested without Blender.

>>> entries = [LibraryEntry("Flame", "flame", ("emissive", "fire")), LibraryEntry("Oak", "oak", ("wood",))]
>>> [e.name for e in search(entries, "fire")]
['Flame']
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import re
import struct
import zipfile
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from .errors import InvalidInput

# The channels of a Worldsmith material, in the order the panel shows them. ORM packs
# occlusion (R), roughness (G) and metallic (B) in one image, as the GLB contract says.
CHANNELS = ("base_color", "normal", "orm", "emission")
CHANNEL_LABELS = {"base_color": "Base Color", "normal": "Normal", "orm": "ORM", "emission": "Emission"}
# Members of a texture job's result ZIP and the channel each one feeds.
ZIP_MEMBERS = {"basecolor.png": "base_color", "normal.png": "normal", "orm.png": "orm"}
ZIP_META = "material.json"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TEXTURE_SIZES = (64, 128, 256, 512, 1024, 2048, 4096)
MAX_PROMPT_CHARS = 2000
MAX_SEED = 2**32 - 1


# ---- library ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class LibraryEntry:
    """One material of a world's library, as plain values."""

    name: str
    material_id: str
    tags: tuple[str, ...] = ()
    users: int = 0  # slots of the world using it


def tokens(query: str) -> list[str]:
    return [t for t in re.split(r"[\s,]+", (query or "").lower()) if t]


def matches(entry: LibraryEntry, query_tokens: Sequence[str]) -> bool:
    """Every token must appear in the name, the material id or one of the tags."""
    haystacks = [entry.name.lower(), entry.material_id.lower(), *(t.lower() for t in entry.tags)]
    return all(any(tok in h for h in haystacks) for tok in query_tokens)


def search(entries: Iterable[LibraryEntry], query: str = "") -> list[LibraryEntry]:
    """Entries matching ``query`` (all words, name/id/tag substrings, any case); an exact tag or
    name match ranks first, then by name, so typing "fire" puts the fire materials on top."""
    toks = tokens(query)
    found = [e for e in entries if matches(e, toks)]

    def rank(e: LibraryEntry) -> tuple[int, str]:
        exact = {e.name.lower(), e.material_id.lower(), *(t.lower() for t in e.tags)}
        return (0 if toks and all(t in exact for t in toks) else 1, e.name.lower())

    return sorted(found, key=rank)


def slug(text: str) -> str:
    """A material id from a name: "Flame Warm.001" -> "flame_warm_001"."""
    out = re.sub(r"[^a-z0-9]+", "_", str(text).lower()).strip("_")
    return out or "material"


def unique_id(base: str, taken: Iterable[str]) -> str:
    taken = set(taken)
    if base not in taken:
        return base
    n = 1
    while f"{base}.{n:03d}" in taken:
        n += 1
    return f"{base}.{n:03d}"


def tags_of(raw: Any) -> tuple[str, ...]:
    """Tags as the importer stores them (a list, or a JSON string after some round trips)."""
    if raw is None:
        return ()
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raw = [t for t in re.split(r"[\s,]+", raw) if t]
    if isinstance(raw, str):
        raw = [raw]
    try:
        return tuple(str(t) for t in raw)
    except TypeError:
        return ()


# ---- channels ----------------------------------------------------------------------------------

def encode_channels(channels: Mapping[str, str | None]) -> str:
    """``mat["ws_channels"]``: which image feeds which channel, JSON with sorted keys."""
    return json.dumps({k: channels[k] for k in CHANNELS if channels.get(k)}, sort_keys=True)


def decode_channels(raw: Any) -> dict[str, str]:
    if not raw:
        return {}
    try:
        data = json.loads(raw) if isinstance(raw, str) else dict(raw)
    except (TypeError, ValueError):
        return {}
    return {k: str(v) for k, v in data.items() if k in CHANNELS and v}


def check_channel(channel: str) -> str:
    if channel not in CHANNELS:
        raise InvalidInput(f"channel {channel!r} is not one of {', '.join(CHANNELS)}")
    return channel


# ---- slots ----------------------------------------------------------------------------------------

def check_slot_index(index: Any, count: int, owner: str) -> int:
    """``index`` as an int within ``owner``'s ``count`` slots, else ``InvalidInput``."""
    if isinstance(index, bool) or not isinstance(index, int):
        raise InvalidInput(f"slot index must be a whole number, not {index!r}")
    if count == 0:
        raise InvalidInput(f"{owner} has no material slots")
    if not 0 <= index < count:
        raise InvalidInput(f"{owner} has material slots 0..{count - 1}; there is no slot {index}")
    return index


@dataclass(frozen=True)
class SlotChange:
    obj: str
    slot: int
    old: str | None
    new: str


def plan_replace(slots: Mapping[str, Sequence[str | None]], old: str, new: str) -> list[SlotChange]:
    """Every slot (of every object, by name) whose material is ``old``, to become ``new``.
    Nothing when ``old == new``: replacing a material by itself changes no slot."""
    if old == new:
        return []
    return [SlotChange(obj, i, old, new) for obj in sorted(slots)
            for i, mat in enumerate(slots[obj]) if mat == old]


# ---- recipe steps ---------------------------------------------------------------------------

def reassign_step(at: str, obj: str, asset_id: str, slot: int, old: str | None, new: str,
                  *, op: str = "material_reassign", source: Mapping[str, Any] | None = None) -> dict:
    step: dict[str, Any] = {"op": op, "at": at, "object": obj, "asset_id": asset_id, "slot": slot,
                            "from": old, "to": new}
    if source:
        step["source"] = dict(source)
    return step


def replace_step(at: str, old: str, new: str, changes: Sequence[SlotChange],
                 asset_ids: Mapping[str, str]) -> dict:
    return {"op": "material_replace", "at": at, "from": old, "to": new, "count": len(changes),
            "slots": [[asset_ids.get(c.obj, c.obj), c.obj, c.slot] for c in changes]}


def retexture_step(at: str, obj: str, asset_id: str, slot: int, old: str | None, new: str,
                   request: Mapping[str, Any]) -> dict:
    step = reassign_step(at, obj, asset_id, slot, old, new, op="material_retexture")
    step["request"] = dict(request)
    return step


def edit_step(at: str, material_id: str, changes: Mapping[str, Any]) -> dict:
    return {"op": "material_edit", "at": at, "material": material_id, "changes": dict(changes)}


# ---- quick edits ----------------------------------------------------------------------------

@dataclass
class Edit:
    """A checked quick edit; ``None`` fields are left alone."""

    tint: tuple[float, float, float, float] | None = None
    roughness_scale: float | None = None
    metallic_scale: float | None = None
    emission_color: tuple[float, float, float, float] | None = None
    emission_strength: float | None = None
    images: dict[str, str] = field(default_factory=dict)  # channel -> image name

    def record(self) -> dict[str, Any]:
        """JSON-ready description for the recipe step."""
        out: dict[str, Any] = {k: (list(v) if isinstance(v, tuple) else v) for k, v in vars(self).items()
                               if v is not None and k != "images"}
        if self.images:
            out["images"] = dict(self.images)
        return out

    def empty(self) -> bool:
        return not self.record()


def check_colour(value: Any, name: str) -> tuple[float, float, float, float]:
    """An RGB or RGBA colour of finite, non-negative linear values (alpha defaults to 1)."""
    try:
        vals = [float(v) for v in value]
    except (TypeError, ValueError):
        raise InvalidInput(f"{name} must be 3 or 4 numbers (linear RGB[A]), not {value!r}") from None
    if len(vals) not in (3, 4) or not all(math.isfinite(v) and v >= 0 for v in vals):
        raise InvalidInput(f"{name} must be 3 or 4 finite numbers >= 0 (linear RGB[A]), not {value!r}")
    if len(vals) == 3:
        vals.append(1.0)
    return (vals[0], vals[1], vals[2], vals[3])


def check_scale(value: Any, name: str, *, upper: float = 10.0) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"{name} must be a number, not {value!r}") from None
    if not (math.isfinite(v) and 0.0 <= v <= upper):
        raise InvalidInput(f"{name} must be between 0 and {upper:g}, not {value!r}")
    return v


def make_edit(*, tint: Any = None, roughness_scale: Any = None, metallic_scale: Any = None,
              emission_color: Any = None, emission_strength: Any = None,
              images: Mapping[str, str] | None = None) -> Edit:
    """Check every argument before anything changes; ``InvalidInput`` names the bad one."""
    edit = Edit(
        tint=None if tint is None else check_colour(tint, "tint"),
        roughness_scale=None if roughness_scale is None else check_scale(roughness_scale, "roughness_scale"),
        metallic_scale=None if metallic_scale is None else check_scale(metallic_scale, "metallic_scale"),
        emission_color=None if emission_color is None else check_colour(emission_color, "emission_color"),
        emission_strength=(None if emission_strength is None
                           else check_scale(emission_strength, "emission_strength", upper=1e6)),
        images={check_channel(k): v for k, v in (images or {}).items()},
    )
    if edit.empty():
        raise InvalidInput("nothing to edit: give a tint, a roughness or metallic scale, an emission "
                           "colour or strength, or an image for a channel")
    return edit


def multiply(a: Sequence[float], b: Sequence[float]) -> tuple[float, ...]:
    """Component-wise product: a tint multiplies the colour factor, as glTF's baseColorFactor
    multiplies the texture, so tints compose and export as one factor."""
    return tuple(x * y for x, y in zip(a, b))


def scaled_factor(current: float, scale: float) -> float:
    """A roughness or metallic factor after a scale; glTF factors live in 0..1."""
    return min(1.0, max(0.0, current * scale))


# ---- retexture -----------------------------------------------------------------------------

def texture_request(prompt: Any, seed: Any, size: Any) -> dict[str, Any]:
    """The texture job body (POST /v1/jobs), checked here so a bad argument never reaches the
    backend or changes the scene."""
    if not isinstance(prompt, str) or not prompt.strip():
        raise InvalidInput("the retexture prompt is empty; describe the material, e.g. 'mossy stone'")
    if len(prompt) > MAX_PROMPT_CHARS:
        raise InvalidInput(f"the prompt has {len(prompt)} characters; the limit is {MAX_PROMPT_CHARS}")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise InvalidInput(f"seed must be a whole number 0..{MAX_SEED}, not {seed!r}")
    if size not in TEXTURE_SIZES:
        raise InvalidInput(f"texture size must be one of {', '.join(map(str, TEXTURE_SIZES))}, not {size!r}")
    return {"kind": "texture", "prompt": prompt.strip(), "seed": seed, "size": size, "generator": "procedural"}


def retexture_id(base_id: str, request: Mapping[str, Any]) -> str:
    """A stable material id for a retexture: the same prompt, seed and size give the same id."""
    key = json.dumps({k: request[k] for k in ("prompt", "seed", "size")}, sort_keys=True)
    return f"{slug(base_id)}.rt_{hashlib.sha256(key.encode()).hexdigest()[:8]}"


def png_size(data: bytes, name: str) -> tuple[int, int]:
    """Width and height from a PNG's IHDR; ``InvalidInput`` when it is not a PNG."""
    if len(data) < 24 or data[:8] != PNG_SIGNATURE or data[12:16] != b"IHDR":
        raise InvalidInput(f"{name} is not a PNG image; nothing was changed")
    width, height = struct.unpack(">II", data[16:24])
    if width == 0 or height == 0:
        raise InvalidInput(f"{name} has no pixels ({width}x{height}); nothing was changed")
    return width, height


@dataclass(frozen=True)
class TextureSet:
    """A texture job's result: PNG bytes per channel and the material description."""

    images: dict[str, bytes]  # channel -> PNG bytes
    meta: dict[str, Any]

    @property
    def emissive(self) -> bool:
        return bool(self.meta.get("emissive", False))

    @property
    def tags(self) -> tuple[str, ...]:
        return tags_of(self.meta.get("tags"))


def read_texture_zip(data: bytes) -> TextureSet:
    """Unpack and check a texture job result (basecolor.png, normal.png, orm.png, material.json)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, TypeError):
        raise InvalidInput("the texture result is not a ZIP file; nothing was changed") from None
    with zf:
        names = set(zf.namelist())
        missing = sorted((set(ZIP_MEMBERS) | {ZIP_META}) - names)
        if missing:
            raise InvalidInput(f"the texture result lacks {', '.join(missing)}; nothing was changed")
        images = {}
        for member, channel in ZIP_MEMBERS.items():
            raw = zf.read(member)
            png_size(raw, member)
            images[channel] = raw
        try:
            meta = json.loads(zf.read(ZIP_META).decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise InvalidInput("material.json in the texture result is not JSON; nothing was changed") from None
    if not isinstance(meta, dict):
        raise InvalidInput("material.json in the texture result is not an object; nothing was changed")
    return TextureSet(images, meta)
