#!/usr/bin/env python3
"""The main job, headless: the whole Worldsmith flow on the procedural generator.

Run through ``scripts/demo`` (which sets up the environment) or directly with a Python that has the
``bpy`` module. Builds the extension zip, installs it into an isolated Blender user folder under
out/, then drives everything through the public ``api``: generate, lock, regenerate, branch,
reassign a material, compare, export. Prints a summary with the paths it wrote.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from wslib import DEMO_PROMPT, blender  # noqa: E402

PROMPT = DEMO_PROMPT


def install_extension(out: Path):
    """Build the zip from this checkout, install and enable it; return the ``api`` module and the zip."""
    zip_path = blender.build_zip(out / "dist")
    try:
        return blender.installed_api(zip_path), zip_path
    except RuntimeError as exc:
        raise SystemExit(str(exc)) from None


class Steps:
    """Runs the demo's steps in order and remembers what each did, for the summary."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, float]] = []

    def run(self, name: str, func, *args, **kwargs):
        started = time.perf_counter()
        value = func(*args, **kwargs)
        self.rows.append((name, "ok", time.perf_counter() - started))
        print(f"[demo] {name}: ok ({time.perf_counter() - started:.2f} s)", file=sys.stderr)
        return value


def _find_asset(version, archetype: str):
    for asset_id, obj in sorted(version.assets().items()):
        if obj.get("archetype") == archetype:
            return asset_id, obj
    raise SystemExit(f"the demo world has no {archetype}; the generator did not follow the prompt")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "out")
    parser.add_argument("--prompt", default=PROMPT)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--texture-size", type=int, default=512)
    parser.add_argument("--compare-width", type=int, default=1024, help="side-by-side picture width")
    args = parser.parse_args(argv)

    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    blender.isolate_user_folder(out)  # before bpy is imported
    api, zip_path = install_extension(out)
    written: list[str] = [str(zip_path)]
    steps = Steps()

    v1 = steps.run("generate", api.generate, args.prompt, seed=args.seed, texture_size=args.texture_size)
    print(f"[demo] world: {len(v1.assets())} assets in {v1.collection.name}", file=sys.stderr)
    well_id, well = _find_asset(v1, "well")
    steps.run("lock the well", api.lock, [well_id])
    v2 = steps.run("regenerate the rest", api.regenerate, v1, seed=args.seed + 1)

    branch = steps.run("branch", api.branch, v2, "warm-torches")

    # Art direction on the branch: warmer torch flames, as a slot change, not a regeneration.
    flames = [o for o in branch.objects() if o.get("part") == "flame"]
    if not flames:
        raise SystemExit("the demo world has no torch flames; the generator did not follow the prompt")
    warm = api.copy_material(flames[0].material_slots[0].material, "Flame Warm", world=branch,
                             emission_color=(1.0, 0.38, 0.08), emission_strength=8.0)
    for flame in flames:
        steps.run(f"reassign {flame.name} slot 0", api.reassign_material, flame, 0, warm)

    diff = steps.run("compare", api.compare, v2, branch)
    diff_path = out / "diff.json"
    diff_path.write_text(json.dumps(diff.to_dict(), indent=2))
    written.append(str(diff_path))
    written.append(steps.run("render side by side", api.render_compare, v2, branch,
                             str(out / "compare.png"), size=(args.compare_width, args.compare_width // 2)))

    for preset, name in (("gltf", "world.glb"), ("unreal", "world_unreal.fbx"), ("usd", "world.usdc")):
        written += steps.run(f"export {preset}", api.export, branch, str(out / name), preset=preset,
                             overwrite=True)

    import bpy

    blend = out / "demo.blend"
    bpy.ops.wm.save_as_mainfile(filepath=str(blend))
    written.append(str(blend))

    print("\nWorldsmith demo summary")
    print(f"  prompt: {args.prompt!r} (seed {args.seed})")
    for version in api.versions():
        print(f"  version {version.number} [{version.branch}] {version.review_state}: "
              f"{len(version.assets())} assets, collection {version.collection.name!r}")
    for name, status, seconds in steps.rows:
        print(f"  {name:<24} {status} ({seconds:.2f} s)")
    print("  wrote:")
    for path in written:
        print(f"    {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
