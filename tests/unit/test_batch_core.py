"""The pure half of scripts/batch.py (wslib.batch_core): argv, seeds, job files, fingerprints,
resume, exit codes."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import given, strategies as st

from tests.helpers.permissions import run_unprivileged
from wslib import batch_core as core
from wslib.blender import inside_blender


def test_script_args_inside_blender_are_after_the_double_dash():
    argv = ["blender", "--background", "--python", "scripts/batch.py", "--", "--prompt", "a well", "--seeds", "1-3"]
    assert core.script_args(argv, inside_blender=True) == ["--prompt", "a well", "--seeds", "1-3"]
    assert core.script_args(["blender", "-b", "--python", "batch.py"], inside_blender=True) == []
    assert core.script_args(["scripts/batch.py", "--prompt", "x"], inside_blender=False) == ["--prompt", "x"]


def test_inside_blender_needs_a_preloaded_bpy_with_a_binary():
    class App:
        binary_path = "/opt/blender/blender"

    class FakeBpy:
        app = App()

    assert inside_blender({"bpy": FakeBpy()})
    App.binary_path = ""  # the bpy module under plain Python
    assert not inside_blender({"bpy": FakeBpy()})
    assert not inside_blender({})


@pytest.mark.parametrize("text, seeds", [
    ("1-8", (1, 2, 3, 4, 5, 6, 7, 8)), ("1,3,5", (1, 3, 5)), ("7", (7,)), ("1-3,9", (1, 2, 3, 9)),
    ("3,1,3", (3, 1)), (5, (5,)), ([2, 4], (2, 4)), (" 2 - 4 ", (2, 3, 4)),
])
def test_seeds(text, seeds):
    assert core.parse_seeds(text) == seeds


@pytest.mark.parametrize("text, says", [
    ("8-1", "runs backwards: write 1-8"), ("", "is not a seed"), ("a-b", "is not a seed"), ("-3", "is not a seed"),
    ("1-5000", "more than 1000 variants"), (str(2**32), "too large"), (True, "give a range"), (1.5, "give a range"),
])
def test_bad_seeds_say_what_to_write(text, says):
    with pytest.raises(core.BadInput, match=says):
        core.parse_seeds(text)


@given(st.integers(0, 500), st.integers(0, 50))
def test_a_range_is_every_seed_in_it(lo, width):
    assert core.parse_seeds(f"{lo}-{lo + width}") == tuple(range(lo, lo + width + 1))


def test_options_from_the_command_line(tmp_path):
    opts = core.parse_options(["--prompt", "a courtyard", "--seeds", "1-2", "--texture-size", "64",
                               "--export", str(tmp_path / "out"), "--render", "--render-size", "64x36",
                               "--report", str(tmp_path / "r.json")])
    (job,) = opts.jobs
    assert job.prompt == "a courtyard" and job.seeds == (1, 2) and job.texture_size == 64
    assert job.render and job.render_size == (64, 36) and job.name == "a-courtyard" and job.preset == "gltf"
    assert (tmp_path / "out").is_dir(), "the export folder is created (and proven writable) up front"


@pytest.mark.parametrize("args, says", [
    (["--prompt", "x", "--bogus"], "unrecognized arguments: --bogus"),
    ([], "give --prompt"),
    (["--prompt", "x", "--preset", "maya"], "preset 'maya' is unknown"),
    (["--prompt", "x", "--theme", "moon"], "theme 'moon' is unknown"),
    (["--prompt", "x", "--texture-size", "100"], "power of two"),
    (["--prompt", "x", "--texture-size", "8192"], "64..4096"),
    (["--prompt", "x", "--render"], "add --export DIR"),
    (["--prompt", "x", "--keep-locked-from", "/nope/world.blend"], "not a readable .blend"),
    (["--prompt", "x", "--export", "/proc/worldsmith-cannot"], "cannot be written"),
    (["--prompt", "x", "--save", "/tmp/world.txt"], "must end in .blend"),
    (["--prompt", "x", "--seeds", "8-1"], "runs backwards"),
    (["--prompt", "x", "--job", "/nope/jobs.json"], "cannot read job file"),
    (["--prompt", "x", "--render-size", "big"], "WIDTHxHEIGHT"),
    (["--blend", "/nope/world.blend"], "--blend '/nope/world.blend' is not a readable .blend"),
    (["--prompt", "x", "--blend", "/nope/world.blend"], "leave out --prompt"),
    (["--prompt", "x", "--backend-data-dir", "/proc/worldsmith-cannot"], "backend data folder"),
])
def test_bad_arguments_are_one_line_saying_what_to_fix(args, says):
    with pytest.raises(core.BadInput, match=says) as info:
        core.parse_options(args)
    assert "\n" not in str(info.value)


def test_farm_spellings_of_the_defaults_and_a_saved_blend(tmp_path):
    """A farm job passes every option, so "auto" theme and a cap of 0 mean "not given"."""
    (job,) = core.parse_options(["--prompt", "x", "--theme", "auto", "--max-assets", "0"]).jobs
    assert job.theme is None and job.max_assets is None
    blend = tmp_path / "court.blend"
    blend.write_bytes(b"BLENDER")
    opts = core.parse_options(["--blend", str(blend), "--version", "approved", "--preset", "godot",
                               "--backend-data-dir", str(tmp_path / "be")])
    (job,) = opts.jobs
    assert (job.name, job.version, core.variant_name(job, 0)) == ("court", "approved", "court_godot")
    assert opts.backend_data_dir == str(tmp_path / "be") and (tmp_path / "be").is_dir()
    canon = core.canonical(job, 0, keep_hash="abc")
    assert canon["blend"] == "abc" and canon["version"] == "approved" and canon["keep_locked_from"] is None
    assert "blend" not in core.canonical(core.Job(prompt="x"), 0), "generated variants keep their fingerprints"


def test_export_folder_that_is_a_file(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(core.BadInput, match="cannot be written"):
        core.parse_options(["--prompt", "x", "--export", str(tmp_path / "file")])


def _job_file(tmp_path, data) -> str:
    path = tmp_path / "jobs.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return str(path)


def test_job_file_keys_defaults_and_relative_paths(tmp_path):
    path = _job_file(tmp_path, [
        {"prompt": "a courtyard", "seeds": "1-2", "export": "out"},
        {"prompt": "a forest", "seeds": [4], "texture-size": 128, "preset": "godot", "export": "out"},
        {"name": "studio", "prompt": "a product studio", "theme": "product_studio", "export": "out"},
    ])
    opts = core.parse_options(["--job", path, "--texture-size", "64", "--seeds", "7"])
    a, b, c = opts.jobs
    assert (a.seeds, a.texture_size) == ((1, 2), 64), "the command line gives defaults, the file wins"
    assert (b.seeds, b.texture_size, b.preset) == ((4,), 128, "godot")
    assert c.name == "studio" and c.seeds == (7,)
    assert a.export == str(tmp_path / "out"), "paths in a job file are relative to it"
    assert opts.job_file == path


@pytest.mark.parametrize("data, says", [
    ("{not json", "not valid JSON"),
    ("[]", "non-empty JSON list"),
    ('{"prompt": "x"}', "non-empty JSON list"),
    ('[{"prompt": "x", "sedes": "1-3"}]', "job 1: unknown key 'sedes'"),
    ('[{"prompt": "x"}, {"prompt": "y", "seeds": "5-2"}]', "runs backwards"),
    ('[{"prompt": "x"}, {"prompt": 3}]', "job 2: prompt must be text"),
    ('[{"prompt": "x", "render": "yes"}]', "render must be true or false"),
    ('[{"name": "a", "prompt": "x"}, {"name": "a", "prompt": "y"}]', "jobs 1 and 2 would write the same files"),
])
def test_bad_job_files(tmp_path, data, says):
    with pytest.raises(core.BadInput, match=says):
        core.parse_options(["--job", _job_file(tmp_path, data)])


def test_automatic_names_that_collide_get_the_job_number(tmp_path):
    path = _job_file(tmp_path, [{"prompt": "a well"}, {"prompt": "a well", "theme": "courtyard"}])
    assert [j.name for j in core.parse_options(["--job", path]).jobs] == ["a-well-job1", "a-well-job2"]


def test_unreadable_job_file(tmp_path):
    """A job file its user may not read (checked in a process file modes bind: root reads any file)."""
    path = _job_file(tmp_path, "[]")
    os.chmod(path, 0)
    proc = run_unprivileged(f"""if True:
        from wslib import batch_core as core
        try:
            core.parse_options(["--job", {path!r}])
        except core.BadInput as exc:
            print("BadInput:", exc)""")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"BadInput: cannot read job file {path!r} (Permission denied)"), proc.stdout


def test_fingerprint_covers_the_canonical_job_only():
    job = core.Job(name="a", prompt="a courtyard", seeds=(1, 2), texture_size=64)
    fp = core.fingerprint(core.canonical(job, 1))
    assert fp == core.fingerprint(core.canonical(core.Job(name="b", prompt="a courtyard", seeds=(1,),
                                                          texture_size=64), 1)), "name and seed list do not matter"
    for changed in (core.canonical(job, 2), core.canonical(core.Job(prompt="a courtyard", texture_size=128), 1),
                    core.canonical(core.Job(prompt="a courtyard", texture_size=64, preset="unreal"), 1),
                    core.canonical(core.Job(prompt="a courtyard", texture_size=64, generator="x"), 1),
                    core.canonical(core.Job(prompt="a courtyard", texture_size=64, theme="courtyard"), 1),
                    core.canonical(job, 1, keep_hash="abc")):
        assert core.fingerprint(changed) != fp


def _finished(tmp_path, fp="f") -> dict:
    out = tmp_path / "v.glb"
    out.write_bytes(b"glb")
    return {"fingerprint": fp, "status": "ok", "outputs": [{"path": str(out), "sha256": core.file_sha256(out)}]}


def test_resume_skips_only_matching_finished_work(tmp_path):
    manifest = _finished(tmp_path)
    assert core.resume_decision(manifest, "f", force=False) == (True, "outputs exist and match")
    assert core.resume_decision(manifest, "f", force=True)[0] is False
    assert core.resume_decision(None, "f", force=False) == (False, "no earlier run")
    assert "job changed" in core.resume_decision(manifest, "g", force=False)[1]
    assert "ended validation_failed" in core.resume_decision({**manifest, "status": "validation_failed"}, "f", False)[1]
    (tmp_path / "v.glb").write_bytes(b"edited")
    assert "changed since" in core.resume_decision(manifest, "f", force=False)[1]
    (tmp_path / "v.glb").unlink()
    assert "missing" in core.resume_decision(manifest, "f", force=False)[1]


def test_half_written_manifest_means_run_again(tmp_path):
    path = tmp_path / "m.json"
    path.write_text('{"fingerprint": ')
    assert core.read_manifest(str(path)) is None


def test_output_paths(tmp_path):
    job = core.Job(name="court", prompt="x", export=str(tmp_path), preset="unreal", render=True)
    paths = core.output_paths(job, 3)
    assert paths == {"export": str(tmp_path / "court_s3.fbx"), "manifest": str(tmp_path / "court_s3.worldsmith.json"),
                     "preview": str(tmp_path / "court_s3.png")}
    assert core.output_paths(core.Job(prompt="x"), 3) == {}


@pytest.mark.parametrize("statuses, code", [
    ([], 0), (["ok", "skipped"], 0), (["ok", "validation_failed"], 4),
    (["validation_failed", "generation_failed"], 3), (["generation_failed", "error"], 1),
])
def test_exit_codes_worst_wins(statuses, code):
    assert core.exit_code(statuses) == code


def test_budget_issues_name_the_asset_and_rule():
    assert core.budget_issues({"well.000": 900, "crate.000": 12}, 100) == [
        "well.000 breaks triangle_budget: 900 triangles, the budget is 100: lower max triangles or raise the budget"]
    assert core.budget_issues({"well.000": 900}, None) == []


def test_presets_and_themes_are_the_addons(tmp_path):
    """The batch takes every preset and theme the add-on offers, writes each preset's default file
    type, and names the add-on's list when refusing another."""
    from addon.core import presets, spec

    for name in presets.names():
        job = core.make_job({"prompt": "x", "preset": name, "export": str(tmp_path)})
        assert core.output_paths(job, 1)["export"].endswith("_s1" + presets.get(name).extensions[0])
    assert [core.make_job({"prompt": "x", "theme": t}).theme for t in spec.THEMES] == list(spec.THEMES)
    with pytest.raises(core.BadInput, match=f"use one of {', '.join(presets.names())}$"):
        core.make_job({"prompt": "x", "preset": "unreel"})
    with pytest.raises(core.BadInput, match=f"use one of {', '.join(spec.THEMES)}$"):
        core.make_job({"prompt": "x", "theme": "castle"})
