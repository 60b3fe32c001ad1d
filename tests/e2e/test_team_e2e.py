"""Two artists and a lead, each in their own Blender (bpy module) process, on one team folder
whose path has spaces and non-ASCII characters: both artists publish 20 versions of the same
world at the same time; the lead syncs all 40 undamaged, compares two artists' versions,
approves one; both artists see it approved and frozen after their sync and are refused when they
try to approve; two publishes on the same head both land, the later as a sibling."""

from __future__ import annotations

import json
import subprocess
import sys


from tests.helpers.fresh_process import EPILOGUE, INSTALL_PREAMBLE, ROOT, explain, fresh_env, result_lines

COUNT = 20
CODE = f"""
sys.path.insert(0, {str(ROOT)!r})
from tests.helpers.team_actor import main
main(api)
"""


def _start(tmp_path, zip_path, team, signals, name, role, **extra):
    env = fresh_env(tmp_path / name, zip_path, WORLDSMITH_USER=name, WORLDSMITH_TEAM_DIR=str(team),
                    TEAM_SIGNALS=str(signals), TEAM_ROLE=role, **extra)
    log = open(tmp_path / f"{name}.log", "w+", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-c", INSTALL_PREAMBLE + CODE + EPILOGUE], env=env, cwd=str(ROOT),
                            stdout=log, stderr=subprocess.STDOUT, text=True)
    return proc, log


def _finish(proc, log, timeout):
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    log.seek(0)
    out = log.read()
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, "")


def test_two_artists_and_a_lead(extension_zip, tmp_path):
    team = tmp_path / "Team Ordner ü 日本"
    team.mkdir()
    (team / "roles.json").write_text(json.dumps({"leads": ["kim"]}), encoding="utf-8")
    signals = tmp_path / "signals"
    signals.mkdir()
    procs = {
        "kim": _start(tmp_path, extension_zip, team, signals, "kim", "lead"),
        "ana": _start(tmp_path, extension_zip, team, signals, "ana", "artist", TEAM_BRANCH="ana-light",
                      TEAM_COUNT=str(COUNT)),
        "bo": _start(tmp_path, extension_zip, team, signals, "bo", "artist", TEAM_BRANCH="bo-layout",
                     TEAM_COUNT=str(COUNT)),
    }
    done = {name: _finish(proc, log, 1400) for name, (proc, log) in procs.items()}
    for name, proc in done.items():
        assert proc.returncode == 0, f"{name}: {explain(proc)}"
    base, review = result_lines(done["kim"])
    ana, bo = result_lines(done["ana"])[-1], result_lines(done["bo"])[-1]

    # all 40 arrive at the lead, none damaged, linked, with their authors
    assert len(ana["published"]) == len(bo["published"]) == COUNT
    assert review["added"] == 2 * COUNT and review["problems"] == [] and review["damaged"] == []
    assert review["versions"] == 2 * COUNT + 1 and review["authors"] == ["ana", "bo", "kim"]
    assert review["linked"] and review["moved"] >= 1 and review["png"] > 0
    assert review["approval"] == "approved" and review["state"] == "approved"
    assert review["refusals"] >= 5 and "approved" in review["again"]

    # both artists see the approval (and the note) after their sync; approving is refused
    for artist in (ana, bo):
        assert artist["problems"] == []
        assert artist["approved_state"] == "approved" and artist["pending_state"] == "in_review"
        assert "may not approve" in artist["refusal"] and "kim" in artist["refusal"]
        assert "may not reject" in artist["refusal_rejected"]
        assert artist["refusals"] >= 5
        assert "the well should move back" in artist["notes"]
        assert artist["versions"] == 2 * COUNT + 1
    assert ana["own"] != bo["own"]

    # the store, read by anyone: 43 versions, every file sound, the two "final" publishes siblings
    from addon.team.store import TeamFolder

    folder = TeamFolder(str(team))
    merged = folder.merged(base["world_id"])
    assert merged.problems == []
    assert len(merged.versions) == 2 * COUNT + 3
    assert all(folder.payload_problem(base["world_id"], v) is None for v in merged.versions.values())
    # the two artists really published at the same time: their publish times interleave
    times = {name: sorted(merged.versions[v].at for v in a["published"]) for name, a in (("ana", ana), ("bo", bo))}
    assert times["ana"][0] < times["bo"][-1] and times["bo"][0] < times["ana"][-1]
    finals = sorted((merged.versions[a["final"]] for a in (ana, bo)), key=lambda v: v.number)
    assert finals[0].parent == finals[1].parent == review_id(merged)
    assert finals[0].sibling_of == "" and finals[1].sibling_of == finals[0].id
    print(f"lead sync of {2 * COUNT} versions: {review['sync_s']} s")


def review_id(merged):
    return next(v.id for v in merged.versions.values() if v.review_state == "approved")
