"""Helpers for the versions tests: the installed extension's modules, parts of a version,
reassigning a slot and re-shaping the well as the add-on does, and the scene state compare view
may touch. The hand-built worlds themselves are ``wslib.worlds`` (the benchmarks use them too);
the ``court`` fixture is in tests/blender/conftest.py.
"""

from __future__ import annotations

from tests.helpers.extension import mod as ext  # noqa: F401  (the versions tests call it ext)


def part(version, part_name: str):
    """The part object (``obj["part"] == part_name``) of a version."""
    return next(o for o in version.collection.all_objects if o.get("part") == part_name)


def reassign(obj, slot_index: int, material):
    """Reassign a material slot the way our operators do: ``api.reassign_material``."""
    return ext("api").reassign_material(obj, slot_index, material)


def raise_well(obj, dz: float = 1.0) -> None:
    """Stand-in for a reroll of the well: new geometry, through copy-on-write first."""
    ext("scene.cow").ensure_single_user(obj)
    for vertex in obj.data.vertices:
        if vertex.co.z > 0.5:
            vertex.co.z += dz
    obj.data.update()


def scene_state(bpy) -> dict:
    """Everything compare view may touch, exactly: layer exclusion and object transforms."""
    layers = {}

    def walk(layer, path):
        layers[path + layer.name] = layer.exclude
        for child in layer.children:
            walk(child, path + layer.name + "/")

    for scene in bpy.data.scenes:
        for view_layer in scene.view_layers:
            walk(view_layer.layer_collection, f"{scene.name}/{view_layer.name}/")
    objects = {o.name: (tuple(o.location), tuple(o.rotation_euler), tuple(o.scale)) for o in bpy.data.objects}
    return {"layers": layers, "objects": objects}
