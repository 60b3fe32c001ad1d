"""World -> glTF: materials from texture sets, shared meshes, asset/part/light nodes, cameras,
sun and fill, and the extras contract of docs/ARCHITECTURE.md."""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np

from ..gltf import GltfBuilder, r6, rl
from ..textures import TextureSet
from .archetypes import REGISTRY
from .layout import Placed
from .mesh import tangents
from .plan import WorldPlan
from .proxies import PROXY
from .scene import cameras, sun_rotation
from .vocabulary import entry

LIGHTS_EXT = "KHR_lights_punctual"



# KHR_lights_punctual is photometric (lux for suns, candela for points); the numbers we tune are
# radiometric (W/m^2, W), as in Blender. 683 lm/W is the conversion glTF importers, Blender's
# among them, use; a point light spreads its power over 4*pi steradians.
LUMENS_PER_WATT = 683.0


def sun_lux(irradiance_w_m2: float) -> float:
    return irradiance_w_m2 * LUMENS_PER_WATT


def point_candela(watts: float) -> float:
    return watts * LUMENS_PER_WATT / (4.0 * math.pi)

def _snake(name: str) -> str:
    return name.lower().replace(" ", "_")


def _yaw_quat(yaw: float) -> list[float]:
    return rl([0.0, math.sin(yaw / 2), 0.0, math.cos(yaw / 2)])


def _box(lo: np.ndarray, hi: np.ndarray) -> dict[str, list[float]]:
    return {"min": rl(lo), "max": rl(hi)}


def _material(b: GltfBuilder, key: tuple[str, str], ts: TextureSet) -> int:
    kind, variant = key
    name = kind if variant == "default" else f"{kind}_{variant}"
    base = b.texture(b.image_png(ts.base_png, f"{name}_basecolor"))
    normal = b.texture(b.image_png(ts.normal_png, f"{name}_normal"))
    orm = b.texture(b.image_png(ts.orm_png, f"{name}_orm"))
    m: dict[str, Any] = {
        "name": name,
        "pbrMetallicRoughness": {"baseColorTexture": {"index": base}, "metallicRoughnessTexture": {"index": orm},
                                 "metallicFactor": 1.0, "roughnessFactor": 1.0},
        "normalTexture": {"index": normal},
        "occlusionTexture": {"index": orm},
        "extras": {"material_id": f"{kind}.{variant}", "tags": list(ts.tags)},
    }
    if ts.emissive:
        m["emissiveFactor"] = [1.0, 1.0, 1.0]
        m["emissiveTexture"] = {"index": base}
    if ts.transparent:
        m["alphaMode"] = "BLEND"
        m["pbrMetallicRoughness"]["baseColorFactor"] = [1.0, 1.0, 1.0, 0.4]
    return b.add("materials", m)


def _names(plan: WorldPlan, placed: list[Placed]) -> dict[str, str]:
    """People's names: "Well" when the world has one, "Torch.002" (the id's number) when several."""
    per_kind: dict[str, int] = {}
    for s in plan.slots:
        per_kind[s.noun] = per_kind.get(s.noun, 0) + 1
    names, used = {}, set()
    for p in placed:
        display = display_name(p.slot.noun, p.slot.archetype)
        n = display if per_kind[p.slot.noun] == 1 else f"{display}.{p.slot.asset_id.rsplit('.', 1)[1]}"
        if n in used:
            n = f"{n} ({p.slot.asset_id})"
        used.add(n)
        names[p.slot.asset_id] = n
    return names


def display_name(noun: str, archetype: str) -> str:
    """People's name for a thing: the archetype's display name, or the noun's for a proxy."""
    return entry(noun).display if archetype == PROXY else REGISTRY[archetype].display


def build_glb(plan: WorldPlan, placed: list[Placed], bounds: dict[str, list[float]],
              textures: dict[tuple[str, str], TextureSet], scene_extras: dict[str, Any],
              between_assets: Callable[[int, int], None],
              on_pack: Callable[[], None] | None = None) -> bytes:
    b = GltfBuilder()
    mat_index = {k: _material(b, k, textures[k]) for k in sorted(textures)}
    meshes: dict[tuple, int] = {}

    mesh_names: dict[str, int] = {}

    def mesh_for(p: Placed, part: str, geos: dict) -> int | None:
        if not geos:
            return None
        t = p.template
        mats = tuple((k, p.materials[k]) for k in sorted(geos))
        key = (t.archetype, t.variant, t.detail, part, mats)
        if key not in meshes:
            prims = [(g.pos, g.nrm, tangents(g), g.uv, g.idx, mat_index[p.materials[k]]) for k, g in sorted(geos.items())]
            if t.archetype == PROXY:
                label = f"{display_name(p.slot.noun, PROXY)} Blockout"
            else:
                label = REGISTRY[t.archetype].display + (f" {part}" if part else "") + f" v{t.variant}"
            # Two looks of one variant (other materials) are two meshes: keep their names apart.
            uses = mesh_names[label] = mesh_names.get(label, 0) + 1
            meshes[key] = b.mesh(label if uses == 1 else f"{label}.{uses - 1:03d}", prims)
        return meshes[key]

    names = _names(plan, placed)
    roots: list[int] = []
    lights: list[dict[str, Any]] = []
    for i, p in enumerate(placed):
        between_assets(i, len(placed))
        name = names[p.slot.asset_id]
        children = []
        for part, geos in p.template.parts:
            node = {"name": f"{name} {part}", "mesh": mesh_for(p, part, geos),
                    "extras": {"role": "part", "part": _snake(part)}}
            children.append(b.add("nodes", node))
        for j, light in enumerate(p.template.lights):
            lights.append({"type": "point", "color": rl(light.color), "intensity": r6(point_candela(light.intensity)),
                           "range": r6(light.range), "name": f"{name} Light"})
            node = {"name": f"{name} Light" + (f" {j + 1}" if j else ""), "translation": rl(light.pos),
                    "extensions": {LIGHTS_EXT: {"light": len(lights) - 1}}, "extras": {"role": "light"}}
            children.append(b.add("nodes", node))
        root: dict[str, Any] = {
            "name": name,
            "translation": rl(p.pos),
            "extras": {"asset_id": p.slot.asset_id, "role": "asset", "archetype": p.slot.archetype,
                       "box": _box(p.box_min, p.box_max)},
        }
        if p.slot.archetype == PROXY and p.source:
            # A proxy a model filled: a real asset now, saying where its shape came from.
            root["extras"].update(noun=p.slot.noun, source=p.source)
        elif p.slot.archetype == PROXY:
            # A named blockout for a thing no archetype builds yet: the noun says what should go here.
            root["extras"].update(role="proxy", noun=p.slot.noun, reason=p.slot.proxy_reason or "")
        if REGISTRY[p.slot.archetype].placement == "wall":
            # Where the asset meets the wall, in its own (glTF) space: engines put sockets here.
            t = p.template
            mount = [(t.box_min[0] + t.box_max[0]) / 2, (t.box_min[1] + t.box_max[1]) / 2, 0.0]
            root["extras"]["attach_points"] = [{"name": "Mount", "location": rl(np.asarray(mount))}]
        if p.yaw:
            root["rotation"] = _yaw_quat(p.yaw)
        body = mesh_for(p, "", p.template.body)
        if body is not None:
            root["mesh"] = body
        if children:
            root["children"] = children
        roots.append(b.add("nodes", root))

    boxes = [(p.box_min, p.box_max) for p in placed]
    hero = next(((p.box_min, p.box_max) for p in placed if p.slot.hero), None)
    if hero is None:
        hero = next(((p.box_min, p.box_max) for p in placed if not p.slot.structural), None)
    content = [(p.box_min, p.box_max) for p in placed if not p.slot.structural]
    st = plan.setting
    view = "room" if st.indoor and st.shape == "walled" else st.shape
    inside = (plan.size[0] / 2 - st.wall_t, plan.size[1] / 2 - st.wall_t) if view == "room" else None
    for cam in cameras(boxes, hero, plan.size, content, view, inside):
        ci = b.add("cameras", {"type": "perspective", "name": cam.name, "perspective": {
            "aspectRatio": r6(16 / 9), "yfov": r6(0.75), "znear": 0.1, "zfar": r6(math.ceil(cam.zfar))}})
        roots.append(b.add("nodes", {"name": cam.name, "camera": ci, "translation": rl(cam.pos),
                                     "rotation": rl(cam.rot), "extras": {"role": "camera", "asset_id": cam.asset_id}}))
    key, fill = plan.lighting["key"], plan.lighting["fill"]
    for lid, lname, color, intensity, rot in (
        ("light.sun", "Sun", key["color"], key["w"], sun_rotation(key["elevation"], key["azimuth"])),
        ("light.fill", "Fill", fill["color"], fill["w"], sun_rotation(fill["elevation"], fill["azimuth"])),
    ):
        lights.append({"type": "directional", "color": rl(color), "intensity": r6(sun_lux(intensity)), "name": lname})
        roots.append(b.add("nodes", {"name": lname, "rotation": rl(rot), "extras": {"role": "light", "asset_id": lid},
                                     "extensions": {LIGHTS_EXT: {"light": len(lights) - 1}}}))
    for k, pt in enumerate(plan.lighting.get("points", []), 1):  # rooms: warm lights under the ceiling
        lights.append({"type": "point", "color": rl(pt["color"]), "intensity": r6(point_candela(pt["w"])),
                       "name": f"Ceiling Light {k}"})
        roots.append(b.add("nodes", {"name": f"Ceiling Light.{k:03d}", "translation": rl(pt["pos"]),
                                     "extras": {"role": "light", "asset_id": f"light.ceiling.{k:03d}"},
                                     "extensions": {LIGHTS_EXT: {"light": len(lights) - 1}}}))
    b.gltf["extensions"] = {LIGHTS_EXT: {"lights": lights}}
    b.use_extension(LIGHTS_EXT)
    b.gltf["scenes"] = [{"name": plan.theme.display, "nodes": roots, "extras": {"worldsmith": scene_extras}}]
    b.gltf["scene"] = 0
    between_assets(len(placed), len(placed))
    if on_pack is not None:
        on_pack()
    return b.to_glb()
