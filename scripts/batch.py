#!/usr/bin/env python3
"""Headless Worldsmith batch runs: generate variants, validate, export, render previews, report.

Two ways to run it, same arguments:

    blender --background --python scripts/batch.py -- --prompt "a courtyard" --seeds 1-8 --export out/
    python scripts/batch.py --prompt "a courtyard" --seeds 1-8 --export out/     # bpy module

Inside Blender it uses the enabled Worldsmith extension (or installs --zip / a zip built from
this checkout); under plain Python it installs the zip built from this checkout into an isolated
Blender user folder (``BLENDER_USER_RESOURCES``, default out/.blender-user). Progress lines go to
stderr, the JSON report to --report (or stdout). Exit codes: 0 ok, 2 bad arguments, 3 generation
failed, 4 validation failed, 1 an unexpected error (a bug: see the traceback).
Arguments are in ``batch_core.build_parser``; job files in docs/python-api.md ("Batch runs").
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, Mapping, Sequence

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(HERE) not in sys.path:  # Blender's --python does not put the script's folder on sys.path
    sys.path.insert(0, str(HERE))

import batch_core as core  # noqa: E402


def log(message: str) -> None:
    print(f"[batch] {message}", file=sys.stderr, flush=True)


def inside_blender(modules: Mapping[str, Any]) -> bool:
    """True when Blender runs this script (bpy is preloaded and knows its executable); the bpy
    module under plain Python has an empty ``binary_path``."""
    bpy = modules.get("bpy")
    return bool(bpy is not None and getattr(getattr(bpy, "app", None), "binary_path", ""))


def isolate_blender_user_folder() -> None:
    # Must happen before bpy is imported, or the bpy module writes into the home folder.
    os.environ.setdefault("BLENDER_USER_RESOURCES", str(ROOT / "out" / ".blender-user"))
    os.environ.setdefault("XDG_CACHE_HOME", str(ROOT / "out" / ".cache"))


def find_enabled_extension() -> str | None:
    """The module name of an enabled Worldsmith extension in any repository, if one is."""
    import bpy

    for name in bpy.context.preferences.addons.keys():
        if name.startswith("bl_ext.") and name.rsplit(".", 1)[-1] == "worldsmith":
            return name
    return None


def install_extension(zip_path: str | None) -> str:
    """Install and enable ``zip_path`` (or a zip built from this checkout); the module name."""
    import bpy

    if zip_path is None:
        import build_extension

        zip_path = str(build_extension.build(Path(tempfile.mkdtemp(prefix="worldsmith-batch-zip-"))))
    log(f"installing the extension from {zip_path}")
    result = bpy.ops.extensions.package_install_files(filepath=str(zip_path), repo="user_default",
                                                      enable_on_install=True)
    if result != {"FINISHED"}:
        raise RuntimeError(f"installing {zip_path} failed: {result}")
    return "bl_ext.user_default.worldsmith"


def load_api(zip_path: str | None, in_blender: bool) -> Any:
    # In Blender the user's own installed extension is what they expect to run; under the bpy
    # module the isolated user folder may hold an older build, so install this checkout's.
    module = find_enabled_extension() if in_blender and zip_path is None else None
    if module is None:
        module = install_extension(zip_path)
    return importlib.import_module(module + ".api")


def connect(zip_path: str | None = None) -> Any:
    """The Worldsmith ``api`` for scripts like examples/: isolates the bpy module's user folder
    (before bpy is imported), then finds or installs the extension."""
    in_blender = inside_blender(sys.modules)
    if "bpy" not in sys.modules:
        isolate_blender_user_folder()
    return load_api(zip_path, in_blender)


def main(args: Sequence[str] | None = None) -> int:
    in_blender = inside_blender(sys.modules)
    if args is None:
        args = core.script_args(sys.argv, in_blender)
    try:
        options = core.parse_options(args)
    except core.BadInput as exc:
        print(f"batch.py: error: {exc}", file=sys.stderr, flush=True)
        return core.EXIT_BAD_INPUT
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    api = connect(options.zip)
    import batch_run

    return batch_run.run(api, options, log)


if __name__ == "__main__":
    import bpy_exit

    bpy_exit.run(main)  # sys.exit(main()), minus the bpy 4.2 module's crash at exit
