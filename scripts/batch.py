#!/usr/bin/env python3
"""Headless Worldsmith batch runs: generate variants, validate, export, render previews, report.

Two ways to run it, same arguments:

    blender --background --python scripts/batch.py -- --prompt "a courtyard" --seeds 1-8 --export out/
    python scripts/batch.py --prompt "a courtyard" --seeds 1-8 --export out/     # bpy module
    python scripts/batch.py --recipe v6.recipe.json --export out/v6.glb         # reproduce a version

Inside Blender it uses the enabled Worldsmith extension (or installs --zip / a zip built from
this checkout); under plain Python it installs the zip built from this checkout into an isolated
Blender user folder (``BLENDER_USER_RESOURCES``, default out/.blender-user). Progress lines go to
stderr, the JSON report to --report (or stdout). Exit codes: 0 ok, 2 bad arguments, 3 generation
failed, 4 validation failed, 1 an unexpected error (a bug: see the traceback).
Arguments are in ``wslib.batch_core.build_parser``; job files in docs/python-api.md ("Batch runs").
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Sequence

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # Blender's --python does not put the script's folder on sys.path
    sys.path.insert(0, str(HERE))

from wslib import batch_core as core  # noqa: E402
from wslib.blender import connect, inside_blender  # noqa: E402
from wslib import batch_recipe  # noqa: E402


def log(message: str) -> None:
    print(f"[batch] {message}", file=sys.stderr, flush=True)


def main(args: Sequence[str] | None = None) -> int:
    in_blender = inside_blender(sys.modules)
    if args is None:
        args = core.script_args(sys.argv, in_blender)
    try:
        options = batch_recipe.parse(args) if batch_recipe.wanted(args) else core.parse_options(args)
    except core.BadInput as exc:
        print(f"batch.py: error: {exc}", file=sys.stderr, flush=True)
        return core.EXIT_BAD_INPUT
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    if options.backend_data_dir:  # read when the add-on starts its backend (scene.settings)
        os.environ["WORLDSMITH_BACKEND_DATA_DIR"] = options.backend_data_dir
    api = connect(options.zip, in_blender=in_blender, log=log)
    if isinstance(options, batch_recipe.RecipeOptions):  # --recipe FILE: reproduce one version
        return batch_recipe.run(api, options, log)
    from wslib import batch_run

    return batch_run.run(api, options, log)


if __name__ == "__main__":
    import bpy_exit

    bpy_exit.run(main)  # sys.exit(main()), minus the bpy 4.2 module's crash at exit
