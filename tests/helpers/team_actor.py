"""One member of a team in its own Blender (bpy module) process, for the team end-to-end test.

Run by ``tests/helpers/fresh_process.run_script`` with ``TEAM_ROLE`` (lead | artist),
``WORLDSMITH_USER``, ``WORLDSMITH_TEAM_DIR``, ``TEAM_SIGNALS`` (a folder for the test's barriers)
and, for artists, ``TEAM_BRANCH`` and ``TEAM_COUNT``. Prints ``RESULT <json>`` lines.

- lead: generates a small world, publishes it as the base; once both artists are done, syncs,
  checks every version arrived undamaged, compares and renders two artists' versions side by side,
  approves one (and sends another to review), and checks the approved one is frozen.
- artist: syncs the base, takes it as their branch, then publishes ``TEAM_COUNT`` versions (each
  a branch of the last with an asset moved), at the same time as the other artist; after the
  approval, syncs, sees it, is refused when approving, sees the approved version frozen, and
  publishes a branch of it on the shared head "final" (the two land as siblings).
"""

from __future__ import annotations

import importlib
import json
import os
import time

WS = "bl_ext.user_default.worldsmith"
PROMPT = "a medieval courtyard with a well, a market stall and torches"
DEADLINE = 900.0


def _signals() -> str:
    return os.environ["TEAM_SIGNALS"]


def signal(name: str, value: dict) -> None:
    path = os.path.join(_signals(), name)
    with open(path + ".tmp", "w", encoding="utf-8") as fh:
        json.dump(value, fh)
    os.replace(path + ".tmp", path)


def wait_for(*names: str) -> list[dict]:
    start = time.monotonic()
    paths = [os.path.join(_signals(), n) for n in names]
    while not all(os.path.exists(p) for p in paths):
        if time.monotonic() - start > DEADLINE:
            raise TimeoutError(f"waited too long for {names}")
        if os.path.exists(os.path.join(_signals(), "abort")):
            raise SystemExit("another process failed")
        time.sleep(0.2)
    out = []
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            out.append(json.load(fh))
    return out


def result(**values) -> None:
    print("RESULT " + json.dumps(values, sort_keys=True), flush=True)


def make_world():
    from worldsmith_backend.generators.base import NullProgress
    from worldsmith_backend.generators.procedural import ProceduralGenerator

    plans = importlib.import_module(WS + ".generate.plans")
    run = importlib.import_module(WS + ".generate.run")
    plan = plans.plan_generate(PROMPT, seed=0, texture_size=64, max_assets=4)
    glb = ProceduralGenerator().generate(plan.spec, NullProgress())
    return run.finish(plan, glb, {}).version


def first_asset(version):
    return version.assets()[sorted(version.assets())[0]]


def refused(fn, error) -> str:
    try:
        fn()
    except error as exc:
        return str(exc)
    raise AssertionError(f"{fn} was not refused with {error.__name__}")


def frozen_everywhere(api, version) -> list[str]:
    """Every edit path refuses ``version``; returns the messages."""
    mat = first_asset(version).material_slots[0].material if first_asset(version).material_slots else None
    attempts = [lambda: api.ensure_editable(version), lambda: api.set_review(version, "draft"),
                lambda: api.rename_branch(version, "changed"), lambda: api.delete_version(version),
                lambda: api.ensure_single_user(first_asset(version))]
    if mat is not None:
        attempts.append(lambda: api.reassign_material(first_asset(version), 0, mat))
    return [refused(a, api.VersionFrozen) for a in attempts]


def lead(api) -> None:
    import bpy

    base = make_world()
    done = api.publish(base)
    signal("base.json", {"world_id": base.world_id, "base": base.id})
    result(step="base", world_id=base.world_id, base=base.id, number=done["number"])
    artists = wait_for("done-ana.json", "done-bo.json")
    t0 = time.monotonic()
    report = api.sync(base.world_id)
    sync_s = time.monotonic() - t0
    by_id = {v.id: v for v in api.versions(base.world_id)}
    compare = importlib.import_module(WS + ".versions.compare")
    damaged = []
    for artist in artists:
        for vid, digest in artist["digests"].items():
            version = by_id.get(vid)
            if version is None or {a: s["geometry"] for a, s in compare.snapshot(version)["assets"].items()} != digest:
                damaged.append(vid)
    a_last, b_last = by_id[artists[0]["published"][-1]], by_id[artists[1]["published"][-1]]
    diff = api.compare(a_last, b_last).to_dict()
    png = api.render_compare(a_last, b_last, os.path.join(_signals(), "ana vs bo.png"), size=(128, 64))
    api.compare_view(a_last, b_last)
    api.compare_view(a_last, b_last, on=False)
    api.review_store(a_last, "in_review", "ready for a look")
    approval = api.review_store(a_last, "approved", "ship it")
    api.review_store(b_last, "in_review")
    api.review_store(b_last, None, "the well should move back")
    signal("approved.json", {"approved": a_last.id, "in_review": b_last.id})
    refusals = frozen_everywhere(api, a_last)
    again = refused(lambda: api.review_store(a_last, "rejected"), api.VersionFrozen)
    linked = all(o.library is not None for o in a_last.objects())
    result(step="review", added=len(report["added"]), problems=report["problems"], damaged=damaged,
           versions=len(by_id), moved=len(diff["moved"]), png=os.path.getsize(png), linked=linked,
           approval=approval["state"], refusals=len(refusals), again=again, sync_s=round(sync_s, 2),
           state=a_last.review_state, authors=sorted({v.get("author") for v in by_id.values()}))
    wait_for("final-ana.json", "final-bo.json")
    bpy.ops.wm.save_as_mainfile(filepath=os.path.join(_signals(), "lead.blend"))


def artist(api) -> None:
    name, branch, count = os.environ["WORLDSMITH_USER"], os.environ["TEAM_BRANCH"], int(os.environ["TEAM_COUNT"])
    (base,) = wait_for("base.json")
    api.sync(base["world_id"])
    theirs = next(v for v in api.versions(base["world_id"]) if v.id == base["base"])
    current = api.take(theirs, branch)
    compare = importlib.import_module(WS + ".versions.compare")
    signal(f"ready-{name}.json", {})
    wait_for("ready-ana.json", "ready-bo.json")  # publish at the same time as the other artist
    published, digests = [], {}
    for i in range(count):
        if i:
            current = api.branch(current, branch)
        first_asset(current).location.x += 0.25 * (1 if name == "ana" else -1)
        done = api.publish(current)
        published.append(done["version"])
        digests[done["version"]] = {a: s["geometry"] for a, s in compare.snapshot(current)["assets"].items()}
    signal(f"done-{name}.json", {"published": published, "digests": digests})
    (review,) = wait_for("approved.json")
    report = api.sync(base["world_id"])
    by_id = {v.id: v for v in api.versions(base["world_id"])}
    approved, pending = by_id[review["approved"]], by_id[review["in_review"]]
    refusal = refused(lambda: api.review_store(pending, "approved"), api.NotPermitted)
    refusal_rejected = refused(lambda: api.review_store(pending, "rejected"), api.NotPermitted)
    refusals = frozen_everywhere(api, approved)
    own = approved.id in published
    final = api.branch(approved, "final") if own else api.take(approved, "final")
    final_done = api.publish(final)
    signal(f"final-{name}.json", {"version": final_done["version"]})
    result(step="after", name=name, published=published, versions=len(by_id), problems=report["problems"],
           approved_state=approved.review_state, pending_state=pending.review_state, refusal=refusal,
           refusal_rejected=refusal_rejected, refusals=len(refusals), own=own,
           notes=[n["text"] for n in pending.get("notes")], final=final_done["version"],
           final_parent=final.parent)


def main(api) -> None:
    try:
        {"lead": lead, "artist": artist}[os.environ["TEAM_ROLE"]](api)
    except BaseException:
        signal("abort", {})
        raise
