"""The procedural texture generator (job kind "texture", Retexture): prompt -> PBR maps -> ZIP.

The result is a ZIP holding basecolor.png, normal.png, orm.png (R occlusion, G roughness,
B metallic) and material.json. Same (prompt, seed, size, material) and generator version give
the same bytes: the RNGs are seeded from the job, and the ZIP is written with fixed timestamps,
attributes and member order.

No synthesizer step has a tile loop (recipes are whole-image FFTs), so each heavy step runs on
a helper thread while the job thread keeps calling check_cancel(): a cancel is honoured within
about 50 ms even at 4096 px, and the abandoned step finishes alone and is dropped.
"""

from __future__ import annotations

import io
import json
import threading
import zipfile
from typing import Any, Callable, TypeVar

from ..schema import PROMPT_MAX_CHARS, TEXTURE_SIZES
from ..textures import RECIPES
from . import texture_synth as synth
from .base import InvalidSpec, Progress
from .texture_words import (DEFAULT_MATERIAL, TexturePlan, material_names, modifier_names,
                            plan_texture, resolve_material)

T = TypeVar("T")

ZIP_MEMBERS = ("basecolor.png", "normal.png", "orm.png", "material.json")
#: The earliest time a ZIP can hold: file times must not depend on when the job ran.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
CANCEL_POLL_S = 0.05
_STEPS = ("fields", "modifiers", "basecolor", "normal", "orm", "pack")


def _run_cancellable(work: Callable[[], T], progress: Progress) -> T:
    """Run ``work`` on a helper thread, calling check_cancel() until it is done."""
    box: dict[str, Any] = {}
    done = threading.Event()

    def run() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:  # handed to the job thread, which reports it
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name="texture-step", daemon=True).start()
    while not done.wait(CANCEL_POLL_S):
        progress.check_cancel()  # raises JobCancelled; the helper's result is then dropped
    if "error" in box:
        raise box["error"]
    return box["value"]


def pack_zip(members: dict[str, bytes]) -> bytes:
    """A deterministic ZIP: fixed order, time, attributes and host system; stored, because
    PNGs are already deflated and a second pass would only cost time."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as zf:
        for name in ZIP_MEMBERS:
            info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
            info.create_system = 3  # the default depends on the platform that writes it
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_STORED
            zf.writestr(info, members[name])
    return buf.getvalue()


class TextureGenerator:
    """One PBR texture set per job; no weights, any machine."""

    name = "procedural"
    version = "1.0.0"
    device = "cpu"
    kind = "texture"

    def capabilities(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "version": self.version,
            "device": self.device,
            "weights_present": True,
            "reason": None,
            "parameters": ["prompt", "seed", "size", "material"],
            "limits": {"size": [min(TEXTURE_SIZES), max(TEXTURE_SIZES)],
                       "sizes": list(TEXTURE_SIZES), "prompt_chars": PROMPT_MAX_CHARS},
            "base_materials": material_names(),
            "default_material": DEFAULT_MATERIAL,
            "modifiers": modifier_names(),
            "result": {"media_type": "application/zip", "members": list(ZIP_MEMBERS)},
        }

    def check_inputs(self, spec: dict[str, Any]) -> None:
        hint = spec.get("material")
        if hint is not None and resolve_material(hint) is None:
            raise InvalidSpec("material", f"unknown base material {hint!r}; use one of "
                              f"{', '.join(material_names())} or a word such as iron, brick, "
                              "fabric, or null to read it from the prompt")
        size = int(spec.get("size", 0))
        if size not in TEXTURE_SIZES:
            raise InvalidSpec("size", "must be a power of two from 64 to 4096")

    def plan(self, spec: dict[str, Any]) -> TexturePlan:
        return plan_texture(spec["prompt"], spec.get("material"))

    def generate(self, spec: dict[str, Any], progress: Progress) -> bytes:
        plan = self.plan(spec)
        seed, size, base = int(spec["seed"]), int(spec["size"]), plan.base_material
        total = len(_STEPS)

        def step(index: int, work: Callable[[], T]) -> T:
            progress.update(_STEPS[index], index, total)
            progress.check_cancel()
            return _run_cancellable(work, progress)

        fields, emissive = step(0, lambda: synth.synthesize_fields(base, seed, size))
        step(1, lambda: synth.apply_modifiers(fields, base, plan.modifiers, seed, size))
        members = {
            "basecolor.png": step(2, lambda: synth.basecolor_png(fields)),
            "normal.png": step(3, lambda: synth.normal_png(fields, base)),
            "orm.png": step(4, lambda: synth.orm_png(fields)),
        }
        progress.update(_STEPS[5], 5, total)
        progress.check_cancel()
        emissive = emissive or bool(synth.EMISSIVE_MODIFIERS & set(plan.modifiers))
        members["material.json"] = self._material_json(spec, plan, emissive)
        data = pack_zip(members)
        progress.update(_STEPS[5], total, total)
        return data

    def _material_json(self, spec: dict[str, Any], plan: TexturePlan, emissive: bool) -> bytes:
        tags = list(RECIPES[plan.base_material][2])
        tags += [m for m in plan.modifiers if m not in tags]
        meta = {
            "prompt": spec["prompt"],
            "seed": int(spec["seed"]),
            "size": int(spec["size"]),
            "material": spec.get("material"),
            "base_material": plan.base_material,
            "modifiers": list(plan.modifiers),
            "words_used": list(plan.words_used),
            "ignored": list(plan.ignored),
            "emissive": emissive,
            "tags": tags,
            "generator": self.name,
            "generator_version": self.version,
        }
        return (json.dumps(meta, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode()
