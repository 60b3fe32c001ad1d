"""``scripts/batch.py --recipe FILE``: reproduce a version from a recipe file in a fresh Blender.

    python scripts/batch.py --recipe v6.recipe.json --export out/v6.glb [--preset gltf] [--save out/v6.blend]

The arguments and the file are checked here, before bpy loads (exit 2 with one line saying what
to fix); the recipe itself is checked by ``api.run_recipe``, which refuses a bad one (unknown node
type, a cycle, a missing input, a newer schema) naming the node, before anything is created
(also exit 2). The JSON report (``version_id``, ``number``, ``outputs``) goes to ``--report`` or
stdout.
"""

from __future__ import annotations

import argparse
import json
import os
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from . import batch_core as core


@dataclass
class RecipeOptions:
    recipe: dict[str, Any]
    path: str
    export: str | None
    preset: str
    report: str | None
    save: str | None
    zip: str | None
    backend_data_dir: str | None = None


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line and exit 2, as the rest of batch.py
        raise core.BadInput(f"{message} (see --help)")


def wanted(args: Sequence[str]) -> bool:
    return any(a == "--recipe" or a.startswith("--recipe=") for a in args)


def parse(args: Sequence[str]) -> RecipeOptions:
    p = Parser(prog="batch.py --recipe", description="Reproduce a version from a recipe file.", allow_abbrev=False)
    p.add_argument("--recipe", required=True, metavar="FILE.json", help="a file written from api.recipe(version)")
    p.add_argument("--export", metavar="FILE", help="export the new version here")
    p.add_argument("--preset", default="gltf", help=f"export preset: {', '.join(core.PRESETS)} (default gltf)")
    p.add_argument("--report", metavar="FILE.json", help="write the JSON report here")
    p.add_argument("--save", metavar="FILE.blend", help="save the .blend with the new version")
    p.add_argument("--zip", metavar="FILE.zip", help="extension zip to install if none is enabled")
    p.add_argument("--backend-data-dir", metavar="DIR", help="the backend's data folder (cache, logs) for this run")
    ns = p.parse_args(list(args))
    if ns.preset not in core.PRESETS:
        raise core.BadInput(f"--preset {ns.preset!r} is unknown; use one of {', '.join(core.PRESETS)}")
    try:
        with open(ns.recipe, encoding="utf-8") as f:
            data = json.load(f)
    except OSError as exc:
        raise core.BadInput(f"--recipe {ns.recipe}: cannot read it ({exc.strerror})") from None
    except ValueError as exc:
        raise core.BadInput(f"--recipe {ns.recipe}: not JSON ({exc})") from None
    if not isinstance(data, dict) or "nodes" not in data:
        raise core.BadInput(f"--recipe {ns.recipe}: not a Worldsmith recipe (no 'nodes'); write one with api.recipe")
    for path, what in ((ns.export, "--export"), (ns.save, "--save"), (ns.report, "--report")):
        if path:
            core.ensure_writable_file(path, what)
    if ns.backend_data_dir:
        core.ensure_writable_dir(ns.backend_data_dir, "backend data folder")
    return RecipeOptions(data, ns.recipe, ns.export, ns.preset, ns.report, ns.save, ns.zip,
                         ns.backend_data_dir and os.path.abspath(ns.backend_data_dir))


def run(api: Any, options: RecipeOptions, log: Callable[[str], None]) -> int:
    try:
        version = api.run_recipe(options.recipe)
    except api.InvalidInput as exc:
        log(f"the recipe was refused: {exc}")
        return core.EXIT_BAD_INPUT
    except api.WorldsmithError as exc:
        log(f"the recipe could not run: {exc}")
        return core.EXIT_GENERATION
    outputs = []
    if options.export:
        for path in api.export(version, options.export, preset=options.preset, overwrite=True):
            outputs.append({"path": path, "sha256": core.file_sha256(path), "bytes": os.path.getsize(path)})
    if options.save:
        import bpy

        bpy.ops.wm.save_as_mainfile(filepath=os.path.abspath(options.save))
    report = {"recipe": options.path, "version_id": version.id, "number": version.number,
              "assets": len(version.assets()), "outputs": outputs}
    text = json.dumps(report, indent=2)
    if options.report:
        with open(options.report, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        print(text, flush=True)
    log(f"made {version.collection.name} from {options.path}")
    return 0
