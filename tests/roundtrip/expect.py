"""What a file must hold, from what Blender had, and the comparison every reader goes through.

Objects are matched by identity, not by name: ``(asset_id, role, part, lod level)`` for meshes
(a part's asset is its nearest ancestor's ``asset_id``; an LOD is matched through its source, the
node named like it without ``_LOD<n>``). Names, hierarchy and counts are then compared too.
"""

from __future__ import annotations

import re

import numpy as np

TOL = 1e-4
AREA_TOL = 1e-4  # relative: faces per material, summed in float64 from float32 positions
LOD = re.compile(r"^(?P<base>.+)_LOD(?P<level>\d+)$")
# What each format promises, per material with a texture set (base colour, normal, ORM).
CHANNELS = {
    "GLTF": ("base_color", "normal", "occlusion", "roughness", "metallic"),
    "FBX": ("base_color", "normal", "roughness", "metallic"),
    "USD": ("base_color", "normal", "roughness", "metallic", "occlusion"),
}


def usd_name(name: str) -> str:
    """USD prim names are identifiers: Blender's exporter turns every other character into _."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", name)
    return "_" + name if name[:1].isdigit() else name


def identities(facts: dict, *, names: dict | None = None) -> dict[tuple, str]:
    """identity -> node name, for the mesh nodes of ``facts``; ``names`` maps node names to
    identities read elsewhere (for readers that cannot read custom properties)."""
    nodes = facts["nodes"]
    if names is not None:
        return {ident: name for name, ident in names.items() if name in nodes}

    def asset_of(name):
        while name is not None:
            node = nodes.get(name)
            if node is None:
                return None
            if "asset_id" in node["props"] and node["props"].get("role") != "lod":
                return node["props"]["asset_id"]
            name = node["parent"]
        return None

    found: dict[tuple, str] = {}
    for name, node in nodes.items():
        role = node["props"].get("role")
        if not node["mesh"] or role not in ("asset", "part", "collision"):
            continue
        found[(asset_of(name), role, node["props"].get("part", ""), 0)] = name
    by_name = {v: k for k, v in found.items()}
    for name, node in nodes.items():
        if not node["mesh"] or node["props"].get("role") != "lod":
            continue
        match = LOD.match(name)
        source = by_name.get(match["base"]) or by_name.get(match["base"] + "_LOD0") if match else None
        if source is None:
            found[("?", "lod", name, 0)] = name
            continue
        found[(source[0], source[1], source[2], int(node["props"].get("lod_level", match["level"])))] = name
    return found


def expected(bpy, version, preset, blender_facts) -> dict:
    """Facts of the version's exported objects as Blender has them, keyed by identity, with the
    rule each translation follows (pivots moved to the base for presets that move them)."""
    objs = list(version.collection.all_objects)
    roles = {"asset", "part"} | ({"lod"} if preset.lod_naming else set()) | (
        {"collision"} if preset.collision_style else set())
    cache: dict = {}
    out: dict[tuple, dict] = {}
    by_name = {o.name: o for o in objs}

    def asset_of(o):
        while o is not None:
            if "asset_id" in o and o.get("role") != "lod":
                return o["asset_id"]
            o = o.parent
        return None

    def key(o, level=0):
        return (asset_of(o), o.get("role"), o.get("part", ""), level)

    for o in objs:
        if o.type != "MESH" or o.get("role") not in roles:
            continue
        node = blender_facts.node_facts(o)
        if o.get("role") == "lod":
            source = by_name[o["source"]]
            ident = key(source, int(o["lod_level"]))
        else:
            source, ident = o, key(o)
        m = np.asarray(blender_facts.world_matrix(source))
        origin = m[:3, 3]
        if preset.pivot_to_base and source.get("role") == "asset":
            co = np.array([v.co for v in source.data.vertices])
            base = np.array([(co[:, 0].min() + co[:, 0].max()) / 2, (co[:, 1].min() + co[:, 1].max()) / 2,
                             co[:, 2].min(), 1.0])
            origin = (m @ base)[:3]
        node["origin"] = origin.round(6).tolist()
        node["materials"] = {s.material.name: blender_facts.material_facts(s.material, cache)
                             for s in o.material_slots if s.material is not None}
        out[ident] = node
    return out


def rotation(matrix) -> np.ndarray:
    m = np.asarray(matrix, dtype=np.float64)[:3, :3]
    return m / np.linalg.norm(m, axis=0)


def compare(expect: dict, facts: dict, fmt: str, *, names: dict | None = None, slot_order: bool = True,
            material_names=None, unreadable: tuple[str, ...] = ()) -> list[str]:
    """Every difference between what Blender had and what a reader found, as sentences."""
    problems = []
    got = identities(facts, names=names)
    missing = sorted(set(expect) - set(got), key=str)
    extra = sorted(set(got) - set(expect), key=str)
    if missing:
        problems.append(f"missing objects: {missing[:12]}")
    if extra:
        problems.append(f"unexpected objects: {[got[e] for e in extra][:12]}")
    rename = material_names or (lambda n: n)
    for ident in sorted(set(expect) & set(got), key=str):
        want, node = expect[ident], facts["nodes"][got[ident]]
        label = f"{got[ident]} {ident}"
        if want["box"] is not None and node["box"] is not None:
            diff = np.abs(np.asarray(want["box"]) - np.asarray(node["box"])).max()
            if diff > TOL:
                problems.append(f"{label}: world box off by {diff:.4f} m ({want['box']} vs {node['box']})")
        elif (want["box"] is None) != (node["box"] is None):
            problems.append(f"{label}: geometry {'lost' if node['box'] is None else 'appeared'}")
        diff = np.abs(rotation(want["matrix"]) - rotation(node["matrix"])).max()
        if diff > TOL:
            problems.append(f"{label}: world rotation differs by {diff:.4f}")
        diff = np.abs(np.asarray(want["origin"]) - np.asarray(node["matrix"])[:3, 3]).max()
        if diff > TOL:
            problems.append(f"{label}: origin off by {diff:.4f} m")
        want_slots = [rename(s) for s in want["slots"] if s is not None]
        have = [s for s in node["slots"] if s is not None]  # a mesh without material reads as [None] in glTF
        if slot_order and have != want_slots:
            problems.append(f"{label}: slots {have} instead of {want_slots}")
        elif not slot_order and (not set(have) <= set(want_slots) or (want_slots and not have)):
            # readers that list only materials faces use (an LOD may lose a slot's last face)
            problems.append(f"{label}: materials {sorted(have)} not among the slots {want_slots}")
        if "areas" in want and "areas" in node:  # readers that report faces per material
            want_areas = {rename(k): v for k, v in want["areas"].items()}
            for name in sorted(set(want_areas) | set(node["areas"])):
                a, b = want_areas.get(name, 0.0), node["areas"].get(name, 0.0)
                if abs(a - b) > AREA_TOL * max(a, b, 1e-3):
                    problems.append(f"{label}: faces with {name} cover {b:.5f} m2, Blender had {a:.5f} m2")
    materials = {}
    for want in expect.values():
        materials.update(want["materials"])
    for name, channels in sorted(materials.items()):
        read = facts["materials"].get(rename(name))
        if read is None:
            problems.append(f"material {name!r} missing")
            continue
        for channel in CHANNELS[fmt]:
            if channel not in channels or channel in unreadable:
                continue
            if channel not in read:
                problems.append(f"material {name!r}: {channel} texture missing")
            elif read[channel] != channels[channel]:
                problems.append(f"material {name!r}: {channel} is {read[channel]}, Blender had {channels[channel]}")
    return problems
