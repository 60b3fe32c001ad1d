"""The pure half of ``scripts/batch.py``: arguments, seeds, job files, fingerprints, resume
decisions and exit codes. Never imports bpy, so it is unit tested in plain Python and every bad
input is refused (exit code 2, one line) before Blender or the backend start.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from addon.core import presets as _presets  # pure, like this module: the extension's own lists
from addon.core.spec import THEMES  # noqa: F401  (one list of themes, the one the add-on offers)

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT, EXIT_GENERATION, EXIT_VALIDATION, EXIT_PUBLISH = 0, 1, 2, 3, 4, 5
MAX_SEED = 2**32 - 1
MAX_VARIANTS = 1000
PRESETS = tuple(_presets.names())
PRESET_EXTENSION = {name: _presets.get(name).extensions[0] for name in PRESETS}  # a variant's export file
MANIFEST_SUFFIX = ".worldsmith.json"
# Job keys: the long options without the dashes (dashes or underscores both accepted in files).
JOB_KEYS = ("name", "prompt", "theme", "seeds", "generator", "keep_locked_from", "export", "preset",
            "render", "render_size", "texture_size", "max_assets", "triangle_budget", "blend", "version")


class BadInput(Exception):
    """Something the user must fix before anything runs; the message is one line saying what."""


# ---- argv ---------------------------------------------------------------------------------------

def script_args(argv: Sequence[str], inside_blender: bool) -> list[str]:
    """The script's own arguments: after ``--`` inside Blender (Blender reads the rest itself),
    everything after the script name under plain Python."""
    argv = list(argv)
    if inside_blender:
        return argv[argv.index("--") + 1:] if "--" in argv else []
    return argv[1:]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would print usage and exit 2 on its own
        raise BadInput(f"{message} (see --help)")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="batch.py", description="Generate, validate, export and render world variants headless.",
                allow_abbrev=False)
    p.add_argument("--prompt", help="what to make")
    p.add_argument("--theme", help=f"one of {', '.join(THEMES)} (default, or auto: from the prompt)")
    p.add_argument("--seeds", default=None, help="a range 1-8, a list 1,3,5, or both: 1-4,9 (default 0)")
    p.add_argument("--generator", default=None, help="backend generator (default procedural)")
    p.add_argument("--keep-locked-from", metavar="FILE.blend",
                   help="regenerate the newest version of the world in FILE, keeping its locked assets")
    p.add_argument("--blend", metavar="FILE.blend", help="export a version of the world saved in FILE (no generation)")
    p.add_argument("--version", default=None, help="with --blend: latest (default), published, approved, or a version id")
    p.add_argument("--export", metavar="DIR", help="output folder: one export (and preview) per variant")
    p.add_argument("--preset", default=None, help=f"export/validation preset: {', '.join(PRESETS)} (default gltf)")
    p.add_argument("--render", action="store_true", default=None, help="a preview PNG per variant (needs --export)")
    p.add_argument("--render-size", default=None, metavar="WxH", help="preview size in pixels (default 512x288)")
    p.add_argument("--texture-size", type=int, default=None, help="texture size per asset, 64..4096 (default 512)")
    p.add_argument("--max-assets", type=int, default=None, help="cap on the asset count (0: no cap)")
    p.add_argument("--triangle-budget", type=int, default=None,
                   help="per-asset triangle budget checked with the preset's rules")
    p.add_argument("--job", metavar="FILE.json", help="a JSON list of jobs with the keys above")
    p.add_argument("--report", metavar="FILE.json", help="write the JSON report here")
    p.add_argument("--save", metavar="FILE.blend", help="save the .blend with every generated variant")
    p.add_argument("--zip", metavar="FILE.zip", help="extension zip to install if none is enabled")
    p.add_argument("--force", action="store_true", help="redo variants whose outputs already exist")
    p.add_argument("--publish", nargs="?", const="", default=None, metavar="DIR",
                   help="publish each valid variant to the team folder DIR (default $WORLDSMITH_TEAM_DIR)")
    p.add_argument("--backend-data-dir", metavar="DIR", help="the backend's data folder (cache, logs) for this run")
    return p


@dataclass(frozen=True)
class Job:
    name: str = ""
    prompt: str | None = None
    theme: str | None = None
    seeds: tuple[int, ...] = (0,)
    generator: str = "procedural"
    keep_locked_from: str | None = None
    blend: str | None = None
    version: str = "latest"
    export: str | None = None
    preset: str = "gltf"
    render: bool = False
    render_size: tuple[int, int] = (512, 288)
    texture_size: int = 512
    max_assets: int | None = None
    triangle_budget: int | None = None


@dataclass
class Options:
    jobs: list[Job]
    report: str | None = None
    save: str | None = None
    zip: str | None = None
    force: bool = False
    job_file: str | None = None
    publish: str | None = None  # the team folder to publish each valid variant to
    backend_data_dir: str | None = None


# ---- values -------------------------------------------------------------------------------------

def parse_seeds(text: Any) -> tuple[int, ...]:
    """``"1-8"``, ``"1,3,5"``, ``"1-3,9"``, an int or a list of ints -> seeds in order, no repeats."""
    if isinstance(text, bool):
        raise BadInput(f"seeds {text!r}: give a range like 1-8 or a list like 1,3,5")
    if isinstance(text, int):
        parts: list[Any] = [text]
    elif isinstance(text, (list, tuple)):
        parts = list(text)
    elif isinstance(text, str):
        parts = [p.strip() for p in text.split(",")]
    else:
        raise BadInput(f"seeds {text!r}: give a range like 1-8 or a list like 1,3,5")
    seeds: list[int] = []
    for part in parts:
        if isinstance(part, int) and not isinstance(part, bool):
            lo = hi = part
        elif isinstance(part, str) and re.fullmatch(r"\d+", part):
            lo = hi = int(part)
        elif isinstance(part, str) and re.fullmatch(r"\d+\s*-\s*\d+", part):
            lo, hi = (int(x) for x in part.split("-"))
            if hi < lo:
                raise BadInput(f"seed range {part} runs backwards: write {hi}-{lo}")
        else:
            raise BadInput(f"seeds {text!r}: {part!r} is not a seed or a range like 1-8 (seeds are 0..{MAX_SEED})")
        if hi > MAX_SEED:
            raise BadInput(f"seed {hi} is too large: seeds are 0..{MAX_SEED}")
        if hi - lo + 1 + len(seeds) > MAX_VARIANTS:
            raise BadInput(f"seeds {text!r} make more than {MAX_VARIANTS} variants: split the run")
        seeds.extend(s for s in range(lo, hi + 1) if s not in seeds)
    if not seeds:
        raise BadInput("seeds are empty: give a range like 1-8 or a list like 1,3,5")
    return tuple(seeds)


def parse_size(text: Any) -> tuple[int, int]:
    if isinstance(text, (list, tuple)) and len(text) == 2:
        w, h = text
    elif isinstance(text, str) and re.fullmatch(r"\d+[xX]\d+", text.strip()):
        w, h = (int(v) for v in text.strip().lower().split("x"))
    else:
        raise BadInput(f"render size {text!r}: write WIDTHxHEIGHT, e.g. 512x288")
    if not all(isinstance(v, int) and 16 <= v <= 8192 for v in (w, h)):
        raise BadInput(f"render size {text!r}: width and height must be 16..8192 pixels")
    return int(w), int(h)


def slug(text: str, limit: int = 40) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words)[:limit].strip("-") or "world"


def _int_in(value: Any, key: str, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise BadInput(f"{key} {value!r}: must be a whole number {lo}..{hi}")
    return value


def check_job(job: Job, where: str = "") -> Job:
    """Refuse what would fail later for a reason the user can fix now; returns the job."""
    at = f"{where}: " if where else ""
    if not job.prompt and not job.keep_locked_from and not job.blend:
        raise BadInput(f"{at}give --prompt (what to make), --keep-locked-from FILE.blend or --blend FILE.blend")
    if job.blend and (job.prompt or job.keep_locked_from or job.seeds != (0,)):
        raise BadInput(f"{at}--blend exports a saved version: leave out --prompt, --keep-locked-from and --seeds")
    if job.prompt is not None and (not isinstance(job.prompt, str) or not 1 <= len(job.prompt.strip()) <= 2000):
        raise BadInput(f"{at}prompt must be text of 1..2000 characters")
    if job.theme is not None and job.theme not in THEMES:
        raise BadInput(f"{at}theme {job.theme!r} is unknown: use one of {', '.join(THEMES)}")
    if job.preset not in PRESETS:
        raise BadInput(f"{at}preset {job.preset!r} is unknown: use one of {', '.join(PRESETS)}")
    if not isinstance(job.generator, str) or not job.generator:
        raise BadInput(f"{at}generator must be a name, e.g. procedural")
    size = _int_in(job.texture_size, f"{at}texture size", 64, 4096)
    if size & (size - 1):
        raise BadInput(f"{at}texture size {size} must be a power of two (64, 128, ..., 4096)")
    if job.max_assets is not None:
        _int_in(job.max_assets, f"{at}max assets", 1, 1000)
    if job.triangle_budget is not None:
        _int_in(job.triangle_budget, f"{at}triangle budget", 1, 10_000_000)
    if job.render and not job.export:
        raise BadInput(f"{at}--render writes the previews into the output folder: add --export DIR")
    for flag, value in (("--keep-locked-from", job.keep_locked_from), ("--blend", job.blend)):
        path = Path(value or "")
        if value and (path.suffix.lower() != ".blend" or not path.is_file() or not os.access(path, os.R_OK)):
            raise BadInput(f"{at}{flag} {str(path)!r} is not a readable .blend file: fix the path")
    if job.export:
        ensure_writable_dir(job.export, "export folder")
    return job


def ensure_writable_dir(path: str, what: str) -> None:
    """Create ``path`` if needed and prove it takes a file; BadInput otherwise."""
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".worldsmith-probe-"):
            pass
    except OSError as exc:
        raise BadInput(f"{what} {str(folder)!r} cannot be written ({exc.strerror or exc}): "
                       "choose a folder you can write to") from None


def ensure_writable_file(path: str, what: str) -> None:
    target = Path(path)
    if target.is_dir():
        raise BadInput(f"{what} {str(target)!r} is a folder: give a file name")
    ensure_writable_dir(str(target.parent if str(target.parent) else "."), f"folder of the {what}")


# ---- options and job files ----------------------------------------------------------------------

def _cli_job(ns: argparse.Namespace) -> dict[str, Any]:
    """The per-job values given on the command line (None where not given)."""
    return {key: getattr(ns, key) for key in JOB_KEYS if hasattr(ns, key) and getattr(ns, key) is not None}


def make_job(values: Mapping[str, Any], where: str = "") -> Job:
    """A checked Job from option values (job-file keys or CLI options)."""
    fields: dict[str, Any] = {}
    for raw_key, value in values.items():
        key = str(raw_key).replace("-", "_")
        if key not in JOB_KEYS:
            raise BadInput(f"{where + ': ' if where else ''}unknown key {raw_key!r}: use {', '.join(JOB_KEYS)}")
        if value is None or (key, value) in (("theme", "auto"), ("max_assets", 0)):
            continue  # "auto" theme and a cap of 0 are the defaults, spelt so a farm job can pass them
        if key == "seeds":
            value = parse_seeds(value)
        elif key == "render_size":
            value = parse_size(value)
        elif key == "render" and not isinstance(value, bool):
            raise BadInput(f"{where + ': ' if where else ''}render must be true or false")
        elif key in ("name", "generator", "preset", "theme", "prompt", "version") and not isinstance(value, str):
            raise BadInput(f"{where + ': ' if where else ''}{key} must be text, not {value!r}")
        fields[key] = value
    job = Job(**fields)
    if not job.name:
        job = replace(job, name=slug(job.prompt or Path(job.keep_locked_from or job.blend or "world").stem))
    return check_job(job, where)


def read_job_file(path: str) -> list[dict[str, Any]]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"cannot read job file {path!r} ({getattr(exc, 'strerror', None) or exc}): fix the path") from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise BadInput(f"job file {path!r} is not valid JSON ({exc}): fix it") from None
    if isinstance(data, dict) and isinstance(data.get("jobs"), list):
        data = data["jobs"]
    if not isinstance(data, list) or not data or not all(isinstance(j, dict) for j in data):
        raise BadInput(f"job file {path!r} must hold a non-empty JSON list of job objects")
    return data


def parse_options(args: Sequence[str]) -> Options:
    """Command line -> checked options. Per-job options given with --job are defaults for every job."""
    ns = build_parser().parse_args(list(args))
    defaults = _cli_job(ns)
    if ns.job:
        base = Path(ns.job).resolve().parent
        entries = read_job_file(ns.job)
        jobs = [make_job({**defaults, **_file_paths(entry, base)}, f"job {i + 1}") for i, entry in enumerate(entries)]
        named = ["name" in entry for entry in entries]
    else:
        jobs, named = [make_job(defaults)], [True]
    jobs = unique_names(jobs, named)
    if ns.report:
        ensure_writable_file(ns.report, "report")
    if ns.save:
        if not ns.save.lower().endswith(".blend"):
            raise BadInput(f"--save {ns.save!r}: the file name must end in .blend")
        ensure_writable_file(ns.save, "--save file")
    if ns.zip and not Path(ns.zip).is_file():
        raise BadInput(f"--zip {ns.zip!r} does not exist: build it with scripts/build_extension.py")
    if ns.backend_data_dir:
        ensure_writable_dir(ns.backend_data_dir, "backend data folder")
    return Options(jobs=jobs, report=ns.report, save=ns.save, zip=ns.zip, force=bool(ns.force), job_file=ns.job,
                   publish=team_folder(ns.publish),
                   backend_data_dir=ns.backend_data_dir and os.path.abspath(ns.backend_data_dir))


def team_folder(value: str | None) -> str | None:
    """``--publish [DIR]``: DIR, else $WORLDSMITH_TEAM_DIR; it must be an existing folder."""
    if value is None:
        return None
    folder = value or os.environ.get("WORLDSMITH_TEAM_DIR", "")
    if not folder:
        raise BadInput("--publish needs a team folder: --publish DIR, or set $WORLDSMITH_TEAM_DIR")
    if not Path(folder).is_dir():
        raise BadInput(f"--publish {folder!r} is not an existing folder: create the team folder first")
    return os.path.abspath(folder)


def _file_paths(entry: Mapping[str, Any], base: Path) -> dict[str, Any]:
    """Paths written in a job file are relative to that file (command-line paths to the cwd)."""
    out = dict(entry)
    for key, value in entry.items():
        if str(key).replace("-", "_") in ("keep_locked_from", "blend", "export") and isinstance(value, str) and value:
            out[key] = str(base / Path(value).expanduser())
    return out


def unique_names(jobs: list[Job], named: Sequence[bool]) -> list[Job]:
    """Jobs write ``<name>_s<seed>`` files: automatic names (``named`` False) that collide get the
    job number; a clash that remains would overwrite outputs, so it is refused."""
    counts: dict[str, int] = {}
    for job in jobs:
        counts[job.name] = counts.get(job.name, 0) + 1
    out = [replace(j, name=f"{j.name}-job{i + 1}") if counts[j.name] > 1 and not given else j
           for i, (j, given) in enumerate(zip(jobs, named))]
    seen: dict[tuple[str, str], int] = {}
    for i, job in enumerate(out):
        key = (job.name, str(Path(job.export).resolve()) if job.export else "")
        if key in seen:
            raise BadInput(f"jobs {seen[key] + 1} and {i + 1} would write the same files: give them different names")
        seen[key] = i
    return out


# ---- variants, fingerprints, resume -------------------------------------------------------------

def variant_name(job: Job, seed: int) -> str:
    return f"{job.name}_{job.preset}" if job.blend else f"{job.name}_s{seed}"


def canonical(job: Job, seed: int, keep_hash: str = "") -> dict[str, Any]:
    """Everything that decides a variant's outputs; equal dicts mean the same files. ``keep_hash``
    is the sha256 of the job's .blend (--keep-locked-from, or --blend)."""
    out = {"prompt": job.prompt, "theme": job.theme, "seed": seed, "generator": job.generator,
           "preset": job.preset, "texture_size": job.texture_size, "max_assets": job.max_assets,
           "triangle_budget": job.triangle_budget, "render": list(job.render_size) if job.render else None,
           "keep_locked_from": None if job.blend else keep_hash or None}
    if job.blend:  # only then, so fingerprints of generated variants stay what earlier runs recorded
        out.update(blend=keep_hash, version=job.version)
    return out


def fingerprint(canonical_job: Mapping[str, Any]) -> str:
    text = json.dumps(canonical_job, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_sha256(path: str | os.PathLike) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def output_paths(job: Job, seed: int) -> dict[str, str]:
    """Where a variant writes: ``export``, ``preview`` and its ``manifest`` (the resume record)."""
    if not job.export:
        return {}
    stem = os.path.join(os.path.abspath(job.export), variant_name(job, seed))
    paths = {"export": stem + PRESET_EXTENSION[job.preset], "manifest": stem + MANIFEST_SUFFIX}
    if job.render:
        paths["preview"] = stem + ".png"
    return paths


def read_manifest(path: str) -> dict[str, Any] | None:
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return None  # missing or half-written: the variant simply runs again
    return data if isinstance(data, dict) else None


def resume_decision(manifest: Mapping[str, Any] | None, fp: str, force: bool) -> tuple[bool, str]:
    """``(skip, why)``: skip a variant whose recorded fingerprint matches and whose every recorded
    output still exists with its recorded hash."""
    if force:
        return False, "--force"
    if not manifest:
        return False, "no earlier run"
    if manifest.get("fingerprint") != fp:
        return False, "the job changed since the earlier run"
    if manifest.get("status") != "ok":
        return False, f"the earlier run ended {manifest.get('status', 'unfinished')}"
    outputs = manifest.get("outputs") or []
    if not outputs:
        return False, "the earlier run recorded no outputs"
    for item in outputs:
        path, digest = item.get("path", ""), item.get("sha256", "")
        if not os.path.isfile(path):
            return False, f"{os.path.basename(path)} is missing"
        if file_sha256(path) != digest:
            return False, f"{os.path.basename(path)} changed since the earlier run"
    return True, "outputs exist and match"


def exit_code(statuses: Iterable[str]) -> int:
    """The worst outcome wins: a bug, then generation failures, then validation failures."""
    statuses = set(statuses)
    if "error" in statuses:
        return EXIT_INTERNAL
    if "generation_failed" in statuses:
        return EXIT_GENERATION
    if "validation_failed" in statuses:
        return EXIT_VALIDATION
    if "publish_failed" in statuses:
        return EXIT_PUBLISH
    return EXIT_OK


def budget_issues(triangles_by_asset: Mapping[str, int], budget: int | None) -> list[str]:
    """Issues for assets over the job's per-asset triangle budget, worded like preset issues."""
    if budget is None:
        return []
    return [f"{asset} breaks triangle_budget: {count} triangles, the budget is {budget}: "
            f"lower max triangles or raise the budget"
            for asset, count in sorted(triangles_by_asset.items()) if count > budget]


def job_dict(job: Job) -> dict[str, Any]:
    out = asdict(job)
    out["seeds"], out["render_size"] = list(job.seeds), list(job.render_size)
    return out
