"""A publish killed at any of its checkpoints (each file half written, written, flushed, renamed;
the publish event the same) never leaves a partial version visible: readers and sync see only
complete versions, and a killed publish never blocks the next one."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

from tests.helpers.fresh_process import ROOT, explain, fresh_env, result_lines, run_script

CHECKPOINTS = 16  # folder; blend, glb, preview: written, flushed, renamed; record, event: half, flushed, renamed
KILLED = 75  # team/store.py CRASH_EXIT
CODE = f"""
import json
sys.path.insert(0, {str(ROOT)!r})
from tests.helpers.team_actor import make_world
v = make_world()
print("RESULT " + json.dumps({{"id": v.id, "world_id": v.world_id}}), flush=True)
api.publish(v)
print("RESULT " + json.dumps({{"published": v.id}}), flush=True)
"""


def _publish_killed_at(extension_zip, tmp_path, team, point):
    env = fresh_env(tmp_path / f"p{point}", extension_zip, WORLDSMITH_USER="ana", WORLDSMITH_TEAM_DIR=str(team),
                    WORLDSMITH_TEAM_CRASH_AT=str(point))
    return point, run_script(CODE, env, timeout=600)


def test_a_killed_publish_never_leaves_a_partial_version_visible(api, fresh, extension_zip, tmp_path):
    team = tmp_path / "Team Ordner ü 日本"
    team.mkdir()
    points = list(range(1, CHECKPOINTS + 1)) + [0]  # 0: not killed
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = dict(pool.map(lambda p: _publish_killed_at(extension_zip, tmp_path, team, p), points))
    ids = {}
    for point, proc in runs.items():
        expected = 0 if point == 0 else KILLED
        assert proc.returncode == expected, f"checkpoint {point}: {explain(proc)}"
        lines = result_lines(proc)
        ids[point] = lines[0]["id"]
        world_id = lines[0]["world_id"]
        assert len(lines) == (2 if point == 0 else 1)
    from addon.team.store import TeamFolder

    folder = TeamFolder(str(team))
    merged = folder.merged(world_id)
    visible = set(merged.versions)
    # only the publish that got past its last rename (killed after it) and the one not killed
    assert visible == {ids[CHECKPOINTS], ids[0]}
    assert merged.problems == []
    assert all(folder.payload_problem(world_id, v) is None for v in merged.versions.values())
    # the killed ones did leave files behind (so they really died halfway), just none anyone reads
    leftovers = list((team / "worlds" / world_id / "versions").iterdir())
    assert len(leftovers) == len(points)
    temp_events = [p.name for p in (team / "worlds" / world_id / "events").iterdir() if p.name.startswith(".tmp-")]
    assert len(temp_events) == 2  # killed with the event half written, and written but not renamed

    # a sync in another file sees exactly the complete versions, undamaged
    report = api.sync(world_id, folder=str(team))
    assert sorted(report["added"]) == sorted(visible) and report["problems"] == []
    for version in api.versions(world_id):
        assert version.assets() and all(o.library is not None for o in version.objects())
    print(json.dumps({"points": len(points) - 1, "visible": len(visible)}))


LOOP = f"""
import json, time
sys.path.insert(0, {str(ROOT)!r})
from tests.helpers.team_actor import make_world, first_asset
v = make_world()
print("READY " + v.world_id, flush=True)
while True:
    v = api.branch(v, "loop")
    first_asset(v).location.x += 0.1
    print("PUBLISHING " + v.id, flush=True)
    api.publish(v, preview=False)
    print("PUBLISHED " + v.id, flush=True)
"""


def test_sigkill_at_random_moments_never_leaves_a_partial_version(extension_zip, tmp_path):
    import random
    import signal
    import subprocess
    import sys
    import threading
    import time

    from tests.helpers.fresh_process import EPILOGUE, INSTALL_PREAMBLE
    from addon.team.store import TeamFolder

    team = tmp_path / "Team Ordner ü 日本"
    team.mkdir()
    rng = random.Random(20)
    reported: dict[str, list[str]] = {}
    world_id = ""
    for run in range(3):
        env = fresh_env(tmp_path / f"k{run}", extension_zip, WORLDSMITH_USER="ana", WORLDSMITH_TEAM_DIR=str(team))
        proc = subprocess.Popen([sys.executable, "-c", INSTALL_PREAMBLE + LOOP + EPILOGUE], env=env, cwd=str(ROOT),
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        lines: list[str] = []
        reader = threading.Thread(target=lambda p=proc, out=lines: out.extend(iter(p.stdout.readline, "")), daemon=True)
        reader.start()
        deadline = time.monotonic() + 300
        while not any(line.startswith("PUBLISHED") for line in lines) and time.monotonic() < deadline:
            time.sleep(0.05)  # wait for the first publish, so the loop is warm
        time.sleep(rng.uniform(0.0, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        reader.join(timeout=10)
        world_id = next(line.split()[1] for line in lines if line.startswith("READY"))
        reported[f"run {run}"] = [line.split()[1] for line in lines if line.startswith("PUBLISHED")]
    folder = TeamFolder(str(team))
    merged = folder.merged(world_id)
    assert merged.problems == []
    assert all(folder.payload_problem(world_id, v) is None for v in merged.versions.values())
    done = {vid for ids in reported.values() for vid in ids}
    assert done <= set(merged.versions)  # every publish that returned is there
    # at most the one in flight per run landed without its process saying so
    assert len(set(merged.versions) - done) <= len(reported)
