#!/usr/bin/env python3
"""Write an Open Job Description job bundle (a folder with template.json) for a render farm.

    python scripts/farm_bundle.py sweep --prompt "a courtyard" --seeds 1-16 --output-root /farm/out BUNDLE
    python scripts/farm_bundle.py recipe-sweep --recipe v2.recipe.json --node material.1 --param request.seed \
        --values 1-8 --output-root /farm/out BUNDLE
    python scripts/farm_bundle.py export --blend /farm/shots/court.blend --presets gltf,unreal --output-root /farm/out BUNDLE

then ``openjd run BUNDLE/template.json`` on this machine, or ``deadline bundle submit BUNDLE`` to a
Deadline Cloud farm (docs/farm.md). Plain Python, no Blender: the templates come from
``addon/core/farm.py``, the same code the add-on's "Write Farm Bundle" button runs. Exit codes:
0 written, 2 bad arguments (one line saying what to fix).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from addon.core import farm, farm_recipe  # noqa: E402


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: write WIDTHxHEIGHT, e.g. 512x288") from None
    return w, h


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="farm_bundle.py", description=__doc__.splitlines()[0])
    kinds = p.add_subparsers(dest="kind", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("bundle", type=Path, help="the bundle folder to write (template.json goes in it)")
    common.add_argument("--output-root", required=True, help="where every task writes, under OUTPUT_ROOT/JOB_NAME")
    common.add_argument("--name", default="", help="job name and output subfolder (default: from the content)")
    common.add_argument("--blender", default="blender",
                        help="what workers run: blender, or WORLDSMITH_ROOT/scripts/bpy-blender for the bpy module")
    common.add_argument("--worldsmith-root", default=str(ROOT), help="the Worldsmith checkout on the workers")
    common.add_argument("--overwrite", action="store_true", help="replace the bundle folder's template.json")
    sweep = kinds.add_parser("sweep", parents=[common], help="prompt x seeds, a report and a contact sheet")
    sweep.add_argument("--prompt", required=True)
    sweep.add_argument("--seeds", default="1-4", help="1-8, 1,3,5 or both (one task per seed)")
    sweep.add_argument("--theme", default=None)
    sweep.add_argument("--generator", default="procedural")
    sweep.add_argument("--preset", default="gltf")
    sweep.add_argument("--texture-size", type=int, default=512)
    sweep.add_argument("--max-assets", type=int, default=None)
    sweep.add_argument("--render-size", type=_size, default=(512, 288), metavar="WxH")
    rsweep = kinds.add_parser("recipe-sweep", parents=[common], help="a recipe x values of one node parameter")
    rsweep.add_argument("--recipe", required=True, help="a recipe file (written with api.recipe)")
    rsweep.add_argument("--node", required=True, help="the node to vary: layout, material.1, ...")
    rsweep.add_argument("--param", required=True, help="its parameter, dots into dicts: seed, request.seed")
    rsweep.add_argument("--values", required=True, help="1-8 or 1,3,5 (whole numbers), or texts a,b,c")
    rsweep.add_argument("--preset", default="gltf")
    rsweep.add_argument("--render-size", type=_size, default=(512, 288), metavar="WxH")
    export = kinds.add_parser("export", parents=[common], help="a saved .blend's version with presets")
    export.add_argument("--blend", required=True, help="the saved .blend")
    export.add_argument("--version", default="latest", help="latest, published, approved or a version id")
    export.add_argument("--presets", default="gltf", help="comma separated: one task per preset")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    ns = build_parser().parse_args(argv)
    try:
        if ns.kind == "sweep":
            bundle = farm.sweep_bundle(farm.Sweep(
                prompt=ns.prompt, output_root=str(Path(ns.output_root).resolve()), seeds=ns.seeds, theme=ns.theme,
                generator=ns.generator, preset=ns.preset, texture_size=ns.texture_size, max_assets=ns.max_assets,
                render_size=ns.render_size, worldsmith_root=ns.worldsmith_root, blender=ns.blender, name=ns.name))
        elif ns.kind == "recipe-sweep":
            bundle = farm_recipe.recipe_sweep_bundle(farm_recipe.RecipeSweep(
                recipe=str(Path(ns.recipe).resolve()), node=ns.node, param=ns.param, values=ns.values,
                output_root=str(Path(ns.output_root).resolve()), preset=ns.preset, render_size=ns.render_size,
                worldsmith_root=ns.worldsmith_root, blender=ns.blender, name=ns.name))
        else:
            bundle = farm.export_bundle(farm.SavedExport(
                blend=str(Path(ns.blend).resolve()), output_root=str(Path(ns.output_root).resolve()),
                presets=tuple(p.strip() for p in ns.presets.split(",") if p.strip()), version=ns.version,
                worldsmith_root=ns.worldsmith_root, blender=ns.blender, name=ns.name))
        path = farm.write_bundle(str(ns.bundle), bundle, overwrite=ns.overwrite)
    except farm.FarmBundleError as exc:
        print(f"farm_bundle.py: error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps({"template": path, "parameters": bundle.values,
                      "run_here": f"openjd run {path} -p file://{Path(path).parent / farm.OPENJD_VALUES_FILE}",
                      "submit": f"deadline bundle submit {Path(path).parent}"}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
