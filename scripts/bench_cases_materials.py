"""Benchmarks for materials: replace-everywhere across 1,000 objects, and retexturing one 1024²
material from request to updated material.

    scripts/bench.py materials
"""

from __future__ import annotations

import itertools


def register(case, median_time, row, bpy_ready) -> None:
    @case("materials.replace_everywhere")
    def replace_everywhere(args) -> list[dict]:
        api = bpy_ready(args)
        import bpy

        from tests.helpers.worlds import clear, grid_world

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

        from tests.helpers.worlds import clear, courtyard

        from worldsmith_backend.textures import texture_set

        clear(bpy)
        courtyard(bpy)
        well = bpy.data.objects["Well"]
        seeds = itertools.count(1)
        retex = __import__(api.__name__.rsplit(".", 1)[0] + ".materials.retexture", fromlist=["x"])
        note = "backend texture job (procedural)"
        try:
            api.retexture(well, 0, "mossy stone", seed=0, size=1024)
            run = lambda: api.retexture(well, 0, "mossy stone", seed=next(seeds), size=1024)  # noqa: E731
        except api.WorldsmithError as exc:
            from tests.helpers.materials_world import texture_zip

            note = f"in-process texture ZIP; backend job unavailable ({str(exc)[:60]})"

            def run():
                texture_set.cache_clear()  # a new request synthesises its textures
                return retex.retexture(well, 0, "stone", seed=next(seeds), size=1024,
                                       fetch=lambda r: texture_zip(r["prompt"], r["seed"], r["size"]))
        ours = median_time(run, args.repeat)

        def synthesis_only() -> None:
            texture_set.cache_clear()
            texture_set("stone", "mossy", 1024)

        reference = median_time(synthesis_only, args.repeat)
        clear(bpy)
        return [row("retexture one 1024² material, request to material", ours, reference=reference,
                    note=f"{note}; reference: texture synthesis alone")]
