"""Benchmark: sync a world with 50 published versions of 100 assets from a team folder.

Publishes 50 versions (a 100-asset world of ~2,000-triangle props, each version a branch of the
last with one asset moved; .blend library and record only, no GLB or preview, to keep the setup
short), then, in an empty file: the time of the first sync, of a second sync (nothing new), and
how much the saved .blend grows; the same versions appended (copied) instead of linked, for
reference. Prints one JSON object; docs/benchmarks.md records the numbers.

    .venv/bin/python scripts/bench_team.py [--versions 50] [--assets 100] [--folder DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))
CUTS = 13  # ~2,000 triangles per asset, as in the versions benchmarks


def _size(path: str) -> int:
    return os.path.getsize(path)


def _tree_size(folder: Path, pattern: str) -> int:
    return sum(p.stat().st_size for p in folder.rglob(pattern) if p.is_file())


def run(args: argparse.Namespace) -> dict:
    from wslib import bench
    from wslib.worlds import grid_world

    api = bench.bpy_ready(args)
    import bpy

    os.environ.setdefault("WORLDSMITH_USER", "bench")
    team = Path(args.folder or tempfile.mkdtemp(prefix="worldsmith team bench ü "))
    team.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="worldsmith-bench-files-"))
    bpy.ops.wm.read_homefile(use_empty=True)
    grid_world(bpy, args.assets, cuts=CUTS)
    version = api.versions()[0]
    world_id = version.world_id
    publish_s = []
    for i in range(args.versions):
        if i:
            version = api.branch(version, "bench")
            root = version.assets()[sorted(version.assets())[i % args.assets]]
            root.location.z += 0.1
        t0 = time.perf_counter()
        api.publish(version, folder=str(team), glb=False, preview=False)
        publish_s.append(time.perf_counter() - t0)

    def empty_file(name: str) -> str:
        bpy.ops.wm.read_homefile(use_empty=True)
        path = str(work / name)
        bpy.ops.wm.save_as_mainfile(filepath=path)
        return path

    empty = _size(empty_file("empty.blend"))
    t0 = time.perf_counter()
    report = api.sync(world_id, folder=str(team))
    first_sync = time.perf_counter() - t0
    assert len(report["added"]) == args.versions and not report["problems"], report
    t0 = time.perf_counter()
    again = api.sync(world_id, folder=str(team))
    second_sync = time.perf_counter() - t0
    assert not again["added"]
    synced = str(work / "synced.blend")
    bpy.ops.wm.save_as_mainfile(filepath=synced)
    linked_growth = _size(synced) - empty

    # reference: the same versions copied into the file (append) instead of linked
    empty_file("appended.blend")
    folder = team / "worlds" / world_id
    t0 = time.perf_counter()
    for event_path in sorted((folder / "events").glob("*.json")):
        event = json.loads(event_path.read_text(encoding="utf-8"))
        library = folder / event["folder"] / event["files"]["blend"]["name"]
        with bpy.data.libraries.load(str(library), link=False) as (_src, dst):
            dst.collections = [event["collection"]]
        bpy.context.scene.collection.children.link(dst.collections[0])
    append_s = time.perf_counter() - t0
    bpy.ops.wm.save_as_mainfile(filepath=str(work / "appended.blend"))
    appended_growth = _size(str(work / "appended.blend")) - empty

    records = _tree_size(folder / "events", "*.json") + _tree_size(folder / "versions", "record.json")
    return {
        "machine": bench.machine(), "versions": args.versions, "assets": args.assets,
        "triangles_per_asset": 12 * CUTS ** 2,
        "publish_s_median": round(sorted(publish_s)[len(publish_s) // 2], 3),
        "first_sync_s": round(first_sync, 2), "second_sync_s": round(second_sync, 3),
        "empty_blend_bytes": empty, "linked_growth_bytes": linked_growth,
        "appended_growth_bytes": appended_growth, "append_s": round(append_s, 2),
        "records_bytes": records, "libraries_bytes": _tree_size(folder / "versions", "*.blend"),
        "team_folder": str(team),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--versions", type=int, default=50)
    parser.add_argument("--assets", type=int, default=100)
    parser.add_argument("--folder", default=None, help="team folder to publish into (default: a new temp folder)")
    args = parser.parse_args(argv)
    print(json.dumps(run(args), indent=1))
    return 0


if __name__ == "__main__":
    import bpy_exit

    bpy_exit.run(lambda: main())
