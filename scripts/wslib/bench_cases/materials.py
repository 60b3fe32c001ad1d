"""Benchmarks for materials: replace-everywhere across 1,000 objects, and retexturing one 1024²
material from request to updated material.

    scripts/bench.py materials
"""

from __future__ import annotations

import itertools

from ..bench import bpy_ready, case, median_time, row
from ..worlds import clear, courtyard, grid_world


@case("materials.replace_everywhere")
def replace_everywhere(args) -> list[dict]:
    api = bpy_ready(args)
    import bpy

    clear(bpy)
    _, coll = grid_world(bpy, 1000)
    version = api.versions()[0]
    paint = bpy.data.materials["Grid Paint"]
    other = api.copy_material(paint, "Grid Paint Blue", world=version, tint=(0.2, 0.3, 1.0))
    flip = itertools.cycle([(paint, other), (other, paint)])
    counts: list[int] = []
    ours = median_time(lambda: counts.append(api.replace_material(version, *next(flip))), args.repeat)
    assert set(counts) == {1000}, counts
    objects = list(coll.all_objects)

    def plain_loop() -> None:  # the bare bpy work: no checks, no recipe step
        old, new = next(flip)
        for obj in objects:
            for slot in obj.material_slots:
                if slot.material == old:
                    slot.link = "OBJECT"
                    slot.material = new

    reference = median_time(plain_loop, args.repeat)
    clear(bpy)
    return [row("replace everywhere, 1,000 objects", ours, reference=reference, target="<= 0.2 s",
                note="reference: a bare bpy loop over the slots")]


@case("materials.retexture_1024")
def retexture_1024(args) -> list[dict]:
    api = bpy_ready(args)
    import bpy

    from worldsmith_backend.textures import texture_set

    clear(bpy)
    courtyard(bpy)
    well = bpy.data.objects["Well"]
    seeds = itertools.count(1)
    api.retexture(well, 0, "mossy stone", seed=0, size=1024)  # warm: the backend and its texture job
    ours = median_time(lambda: api.retexture(well, 0, "mossy stone", seed=next(seeds), size=1024), args.repeat)

    def synthesis_only() -> None:
        texture_set.cache_clear()
        texture_set("stone", "mossy", 1024)

    reference = median_time(synthesis_only, args.repeat)
    clear(bpy)
    return [row("retexture one 1024² material, request to material", ours, reference=reference,
                note="backend texture job (procedural); reference: texture synthesis alone")]
