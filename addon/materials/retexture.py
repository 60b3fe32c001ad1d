"""Retexture one material slot from a prompt: the backend's texture job -> a new PBR material.

The job (``POST /v1/jobs`` with ``{"kind": "texture", prompt, seed, size, generator}``) returns
a ZIP with basecolor.png, normal.png, orm.png and material.json. The PNGs are packed into the
.blend as they came (source FILE, never dirty), so a glTF export writes the same bytes back.
Fetching is injectable (``fetch``) so tests and benchmarks can feed a ZIP without a backend.

>>> retexture(bpy.data.objects["Well"], 0, "mossy stone", seed=3)
"""

from __future__ import annotations

import json
from typing import Any, Callable

import bpy

from ..core import materials as rules
from ..core import polling
from ..core.errors import GenerationFailed, InvalidInput, JobCancelled
from ..scene import records, settings, store
from ..scene.assets import asset_key
from ..scene.transaction import Transaction
from ..service.jobs import JobRun
from . import library as materials
from . import nodes

Fetch = Callable[[dict[str, Any]], bytes]
RETEXTURE_KEY = "ws_retexture"  # on the material: the request it was made from (JSON)


def fetch_from_backend(request: dict[str, Any], *, timeout_s: float = 300.0) -> bytes:
    """Run the texture job on the local backend, blocking (headless and UI alike: the procedural
    texture job takes about a second), and return the ZIP bytes."""
    job = JobRun.submit(settings.client(), request, timeout_s=timeout_s)
    poller = job.wait()
    if poller.state == polling.CANCELLED:
        raise JobCancelled("the texture job was cancelled; nothing was changed")
    if poller.state != polling.DONE:
        raise GenerationFailed(f"the texture job did not finish ({poller.state}: {poller.error}); nothing was changed")
    return job.result()


def image_from_png(name: str, data: bytes, *, is_data: bool) -> bpy.types.Image:
    """A packed image holding ``data`` exactly; ``InvalidInput`` (and no image) if it won't load."""
    rules.png_size(data, name)
    image = bpy.data.images.new(name, 8, 8)
    image.pack(data=data, data_len=len(data))
    image.source = "FILE"
    image.alpha_mode = "CHANNEL_PACKED"  # as the glTF importer does: alpha is data, not premultiplied
    if image.size[0] == 0 or image.size[1] == 0:
        bpy.data.images.remove(image)
        raise InvalidInput(f"the texture {name!r} could not be decoded; nothing was changed")
    if is_data:
        image.colorspace_settings.is_data = True
    return image


def _existing(world: bpy.types.Collection, key: str) -> bpy.types.Material | None:
    for mat in materials.library_materials(world):
        if mat.get("material_id") == key and mat.get(RETEXTURE_KEY):
            return mat
    return None


def build(textures: rules.TextureSet, name: str, key: str, request: dict[str, Any],
          world_id: str) -> bpy.types.Material:
    """A new material from a checked texture set; on failure nothing is left behind."""
    made: list[bpy.types.Image] = []
    try:
        for channel, data in textures.images.items():
            made.append(image_from_png(f"{name}_{channel}", data, is_data=channel in nodes.DATA_CHANNELS))
        images = dict(zip(textures.images, made))
        if textures.emissive:
            images["emission"] = images["base_color"]
        strength = float(textures.meta.get("emission_strength", 1.0 if textures.emissive else 0.0))
        mat = nodes.build_material(name, images, emission_strength=strength)
    except BaseException:
        for image in made:
            bpy.data.images.remove(image)
        raise
    mat["material_id"] = key
    mat["tags"] = list(textures.tags) or ["retextured"]
    mat[RETEXTURE_KEY] = store_request(request)
    return materials.tag_material(mat, world_id=world_id)


def store_request(request: dict[str, Any]) -> str:
    return json.dumps(request, sort_keys=True)


def retexture(obj: Any, slot_index: int, prompt: str, *, seed: int = 0, size: int | None = None,
              fetch: Fetch | None = None) -> bpy.types.Material:
    """A new texture set for slot ``slot_index`` of ``obj`` from ``prompt`` and ``seed``; only that
    slot changes. ``size`` defaults to the current base colour's size (512 when unknown). The same
    prompt, seed and size reuse the material made before, so pixels are identical."""
    obj, version, index = materials.prepare(obj, slot_index)
    old = obj.material_slots[index].material
    size = size if size is not None else _current_size(old)
    request = rules.texture_request(prompt, seed, size)
    world = version.world_collection
    key = rules.retexture_id("rt", request)
    with Transaction():  # a failure anywhere removes the new material and images again
        mat = _existing(world, key)
        if mat is None:
            textures = rules.read_texture_zip((fetch or fetch_from_backend)(request))
            name = f"{request['prompt'][:40]} s{seed}"
            mat = build(textures, name, key, request, version.world_id)
        step = rules.retexture_step(store.now_iso(), obj.name, asset_key(obj), index,
                                    materials.id_or_none(old), key, request)
        link = obj.material_slots[index].link
        materials.set_slot(obj, index, mat)
        try:
            records.add_step(version, step)
        except BaseException:
            obj.material_slots[index].link = link
            obj.material_slots[index].material = old
            raise
    return mat


def _current_size(mat: bpy.types.Material | None) -> int:
    if mat is not None:
        image = nodes.channel_images(mat).get("base_color")
        if image is not None and image.size[0] in rules.TEXTURE_SIZES:
            return int(image.size[0])
    return 512
