"""What the generation tests share besides fixtures (those are in tests/blender/conftest.py):
small generation settings, a mesh fingerprint, datablock counts, and an ID's own custom keys."""

from __future__ import annotations

import hashlib

from tests.helpers.extension import mod

SMALL = dict(texture_size=64, max_assets=12)
PROMPT = "a medieval courtyard with a well, a market stall, crates and torches"


def mesh_hash(obj) -> str:
    import numpy as np

    co = np.empty(len(obj.data.vertices) * 3, dtype=np.float32)
    obj.data.vertices.foreach_get("co", co)
    return hashlib.sha256(co.tobytes()).hexdigest()


def counts() -> dict:
    return mod("scene.transaction").counts()


def custom_keys(idblock) -> list[str]:
    """The ID's custom property keys (what the glTF importer or a script wrote), sorted.

    bpy 4.2 also lists the storage of *registered* properties in ``keys()`` once anything has
    written them (here the add-on's own ``Scene.worldsmith`` group: its UI state); 5.x keeps that
    storage apart. Such storage is left out, so snapshots compare the same on both. A key that
    shares a registered property's name but does not hold its storage (a custom property written
    over it, e.g. glTF scene extras "worldsmith": keys the property group does not declare) is kept,
    so a leak is still caught on 4.2.
    """
    keys = []
    for key in idblock.keys():
        prop = idblock.bl_rna.properties.get(key)
        if prop is not None and prop.is_runtime and holds_storage_of(idblock[key], prop):
            continue
        keys.append(key)
    return sorted(keys)


def holds_storage_of(value, prop) -> bool:
    if prop.type != "POINTER":
        return True  # a plain registered property: its value, whatever it is
    declared = {p.identifier for p in prop.fixed_type.properties if p.identifier != "rna_type"}
    return hasattr(value, "keys") and set(value.keys()) <= declared
