"""The procedural world generator: prompt -> plan -> layout -> textures -> GLB. No weights."""

from __future__ import annotations

import copy
from typing import Any

from ..gltf import rl
from ..textures import clear_caches as clear_texture_caches
from ..worldgen.archetypes import REGISTRY
from ..worldgen.assemble import build_glb
from ..worldgen.layout import layout
from ..worldgen.plan import make_plan
from ..worldgen.proxies import PROXY
from ..worldgen.settings import SETTINGS, THEME_NAMES
from ..worldgen.vocabulary import counts as vocabulary_counts
from ..worldgen.vocabulary import entries as vocabulary_entries
from ..worldgen.vocabulary import is_real
from ..worldgen.templates import build_template
from .base import InvalidSpec, Progress

MIN_TRIANGLES = 256  # the coarsest detail level of every archetype fits in this
DEFAULT_BUDGET = {"max_triangles": 20000, "texture_size": 512}
SCHEMA_VERSION = 1


def canonical_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with every default of docs/ARCHITECTURE.md filled in (what extras record)."""
    s = copy.deepcopy(spec)
    s.setdefault("seed", 0)
    s.setdefault("generator", "procedural")
    s.setdefault("theme", None)
    s.setdefault("max_assets", None)
    budget = dict(DEFAULT_BUDGET)
    budget.update(s.get("asset_budget") or {})
    s["asset_budget"] = budget
    s.setdefault("world_id", None)
    s["keep"] = [{"asset_id": k["asset_id"], "box": {"min": rl(k["box"]["min"]), "max": rl(k["box"]["max"])}}
                 for k in s.get("keep") or []]
    s["reroll"] = list(s.get("reroll") or [])
    s.setdefault("reroll_seed", 0)
    s.setdefault("units", "meters")
    return s


class ProceduralGenerator:
    name = "procedural"
    version = "2.2.0"  # 2.1: PNGs at zlib level 9 (palette when few colours), images stored once;
    # 2.2: cameras framed on the content, rooms sized to it, readable nights (art-direction pass)
    device = "cpu"

    def __init__(self, texture_source: Any = None):
        # The sd-texture generator, used when a spec asks for texture_generator "sd-texture".
        self.texture_source = texture_source

    def lane_for(self, spec: dict[str, Any]) -> str:
        """Worlds with diffusion textures share the single GPU worker with the other models."""
        return "gpu" if spec.get("texture_generator") == "sd-texture" else self.device

    def capabilities(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "device": self.device,
            "weights_present": True,
            "reason": None,
            "themes": list(THEME_NAMES),
            "settings": [{"name": st.name, "display": st.display, "shape": st.shape, "lighting": st.lighting,
                          "words": list(st.words)} for st in SETTINGS.values()],
            "archetypes": sorted(k for k in REGISTRY if k != PROXY),
            "vocabulary": {"nouns": vocabulary_counts()["nouns"], "phrases": vocabulary_counts()["phrases"],
                           "real": sorted(k for k, e in vocabulary_entries().items()
                                          if e.place != "structural" and is_real(k)),
                           "proxy": sorted(k for k, e in vocabulary_entries().items()
                                           if e.place != "structural" and k != PROXY and not is_real(k))},
            "parameters": ["prompt", "seed", "theme", "max_assets", "asset_budget", "world_id", "keep", "reroll",
                           "reroll_seed", "texture_generator"],
            "limits": {"min_triangles": MIN_TRIANGLES, "texture_size": [64, 4096], "max_assets": 1000},
        }

    def check_inputs(self, spec: dict[str, Any]) -> None:
        from .shape import check_texture_generator  # noqa: PLC0415 - avoids an import cycle

        check_texture_generator(spec, self.texture_source)
        s = canonical_spec(spec)
        if not isinstance(s.get("prompt"), str) or not s["prompt"].strip():
            raise InvalidSpec("prompt", "must be a non-empty string")
        if s["theme"] is not None and s["theme"] not in SETTINGS:
            raise InvalidSpec("theme", f"must be a setting ({', '.join(SETTINGS)}) or null")
        budget = s["asset_budget"]
        if int(budget["max_triangles"]) < MIN_TRIANGLES:
            raise InvalidSpec("asset_budget.max_triangles", f"must be at least {MIN_TRIANGLES} for the procedural generator")
        size = int(budget["texture_size"])
        if size < 64 or size > 4096 or size & (size - 1):
            raise InvalidSpec("asset_budget.texture_size", "must be a power of two from 64 to 4096")
        if s["max_assets"] is not None and int(s["max_assets"]) < 1:
            raise InvalidSpec("max_assets", "must be at least 1 or null")
        if s["units"] != "meters":
            raise InvalidSpec("units", 'only "meters" is supported')
        keep_ids = set()
        for i, k in enumerate(s["keep"]):
            lo, hi = k["box"]["min"], k["box"]["max"]
            if len(lo) != 3 or len(hi) != 3 or any(a > b for a, b in zip(lo, hi)):
                raise InvalidSpec(f"keep[{i}].box", "min must be <= max on every axis (x, y, z)")
            keep_ids.add(k["asset_id"])
        if s["reroll"]:
            ids = {slot.asset_id for slot in make_plan(s).slots}
            for i, a in enumerate(s["reroll"]):
                if a not in ids:
                    raise InvalidSpec(f"reroll[{i}]", f"{a!r} is not an asset of this world")
                if a in keep_ids:
                    raise InvalidSpec(f"reroll[{i}]", f"{a!r} is also in keep; an asset is either kept or rerolled")

    def generate(self, spec: dict[str, Any], progress: Progress) -> bytes:
        s = canonical_spec(spec)
        progress.update("plan", 0, 1)
        plan = make_plan(s)
        placed, bounds = layout(plan, s)
        progress.update("plan", 1, 1)
        progress.check_cancel()
        keys = sorted({m for p in placed for m in p.materials.values()})
        from .shape import world_textures  # noqa: PLC0415 - avoids an import cycle

        textures = world_textures(s, keys, int(s["asset_budget"]["texture_size"]), progress,
                                  self.texture_source)

        def asset_step(done: int, total: int) -> None:
            progress.update("meshes", done, total)
            progress.check_cancel()

        extras = self.scene_extras(s, plan, bounds, placed)
        glb = build_glb(plan, placed, bounds, textures, extras, asset_step,
                        on_pack=lambda: progress.update("pack", 0, 1))
        progress.update("pack", 1, 1)
        return glb

    def scene_extras(self, s: dict[str, Any], plan: Any, bounds: dict[str, Any],
                     placed: list[Any] | None = None) -> dict[str, Any]:
        """scenes[0].extras.worldsmith (the GLB contract); other world generators reuse it."""
        if placed is None:  # other generators: the plan's own account
            got = {t["noun"]: t["planned"] for t in plan.things}
            proxies = [s_ for s_ in plan.slots if s_.archetype == PROXY]
        else:
            got = {}
            kept = [k["asset_id"] for k in s["keep"]]
            for noun in [p.slot.noun for p in placed] + [a.rsplit(".", 1)[0] for a in kept]:
                got[noun] = got.get(noun, 0) + 1
            proxies = [p.slot for p in placed if p.slot.archetype == PROXY]
        things = [dict(t, placed=got.get(t["noun"], 0), status=t["status"] if got.get(t["noun"]) else "missing")
                  for t in plan.things]
        st = plan.setting
        return {
            "schema": SCHEMA_VERSION,
            "world_id": plan.world_id,
            "spec": s,
            "seed": int(s["seed"]),
            "generator": self.name,
            "generator_version": self.version,
            "theme": plan.theme.name,
            "ignored": list(plan.ignored),
            "bounds": {"min": rl(bounds["min"]), "max": rl(bounds["max"])},
            "setting": {"name": st.name, "display": st.display, "shape": st.shape, "ground": st.ground,
                        "enclosure": st.wall, "entrance": st.entrance, "lighting": plan.lighting["kind"],
                        "moods": list(plan.moods)},
            "things": things,
            "proxies": [{"asset_id": x.asset_id, "noun": x.noun, "reason": x.proxy_reason or ""} for x in proxies],
            "not_honoured": list(dict.fromkeys(plan.notes)),
        }


# --- benchmark helpers (scripts/bench.py) --------------------------------------------------------

_BENCH_MIX = (("barrel", 0.2), ("crate", 0.18), ("market stall", 0.07), ("torch", 0.1), ("bench", 0.08),
              ("cart", 0.04), ("hay bale", 0.06), ("crate stack", 0.04))


def bench_spec(n_assets: int, texture_size: int = 512, seed: int = 0) -> dict[str, Any]:
    """A courtyard spec with about ``n_assets`` assets (walls, ground and gate included)."""
    lo, hi = 0.0, 2.0
    for _ in range(20):  # find the smallest prop mix whose plan reaches n_assets
        mid = (lo + hi) / 2
        prompt = _bench_prompt(n_assets, mid)
        if len(make_plan({"prompt": prompt}).slots) >= n_assets:
            hi = mid
        else:
            lo = mid
    return {"prompt": _bench_prompt(n_assets, hi), "seed": seed, "max_assets": n_assets,
            "asset_budget": {"max_triangles": 20000, "texture_size": texture_size}}


def _bench_prompt(n: int, k: float) -> str:
    parts = [f"{max(1, round(n * w * k))} {name}s" for name, w in _BENCH_MIX]
    return "a medieval courtyard with a well, " + ", ".join(parts)


def clear_caches() -> None:
    """Empty the texture and mesh caches (for cold-cache timings)."""
    clear_texture_caches()
    build_template.cache_clear()


__all__ = ["ProceduralGenerator", "bench_spec", "canonical_spec", "clear_caches"]
