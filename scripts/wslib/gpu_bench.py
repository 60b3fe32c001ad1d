"""The GPU benchmark behind scripts/bench_gpu.py (its docstring says what it measures).

Random weights in the real architectures (``model_configs``); timings with the backend's own
pipeline code.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from . import model_configs
from .bench import machine
from .glb import read_glb

TARGET_RATIO = 3.0


def _sync(device: str) -> None:
    import torch

    if device == "cuda":
        torch.cuda.synchronize()


def _peak_reset(device: str) -> None:
    import torch

    if device == "cuda":
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats()


def _peak_mb(device: str) -> float | None:
    import torch

    return round(torch.cuda.max_memory_allocated() / 2**20, 1) if device == "cuda" else None


def reference_surface(renderer: Any, grid: int) -> Any:
    """A prop-sized surface decoded by the pipeline's own marching cubes at ``grid``: a bulging
    barrel with staves. Random weights decode to noise filling the whole volume (millions of
    triangles), which no real checkpoint produces, so mesh post-processing is timed on this."""
    import numpy as np
    import torch

    from backend.generators.diffusion_run import DecodedMesh

    x = torch.linspace(-1, 1, grid + 2)
    gx, gy, gz = torch.meshgrid(x, x, x, indexing="ij")
    radius = 0.55 + 0.08 * torch.cos(gz * 2.5) + 0.02 * torch.sin(8 * torch.atan2(gy, gx))
    sdf = torch.minimum(radius - torch.sqrt(gx * gx + gy * gy), 0.8 - gz.abs())
    vol = renderer.volume
    raw = renderer.mesh_decoder(sdf.to(vol.bbox_min.device), vol.bbox_min, vol.bbox_max - vol.bbox_min)
    pos = raw.verts.double().cpu().numpy()
    colour = np.clip(0.5 + 0.5 * pos, 0.0, 1.0)
    return DecodedMesh(pos, raw.faces.long().cpu().numpy(), colour)


def bench_shap_e(pipe: Any, device: str, counts: list[int], steps: int, grid: int,
                 max_tris: int = 20000, tex: int = 512) -> list[dict]:
    """Timed as ShapEGenerator runs a world: prompts through the prior (batched, or one call
    per asset), then each latent decoded on the device while the previous meshes are cleaned,
    unwrapped and baked on the CPU thread pool (AssetBuilder). ``post_wait_s`` is the
    post-processing left after the last decode; ``post_serial_s`` what one thread would take."""
    from backend.generators import diffusion_run as run
    from backend.generators.shape import AssetBuilder, build_asset
    from backend.worldgen.templates import fitted_template

    like = fitted_template("barrel", 0, 20000)
    surface = reference_surface(pipe.shap_e_renderer, grid)
    t = time.perf_counter()
    build_asset(surface, like, max_tris, tex, 0, "barrel")
    post_one = time.perf_counter() - t
    rows = []
    for n in counts:
        prompts = [f"a wooden barrel number {i}" for i in range(n)]
        for mode in ("batched", "one_at_a_time"):
            _peak_reset(device)
            _sync(device)
            t0 = time.perf_counter()
            groups = [prompts] if mode == "batched" else [[p] for p in prompts]
            latents = []
            for g in groups:
                latents += list(run.shap_e_latents(pipe, g, list(range(len(g))), steps, 15.0, lambda: None))
            _sync(device)
            t1 = time.perf_counter()
            with AssetBuilder() as builder:
                for i, lat in enumerate(latents):
                    run.decode_mesh(pipe.shap_e_renderer, lat, grid)
                    builder.submit(i, surface, like, max_tris, tex, "barrel")
                _sync(device)
                t2 = time.perf_counter()
                builder.results()
            t3 = time.perf_counter()
            total = t3 - t0
            rows.append({"assets": n, "mode": mode, "denoise_s": round(t1 - t0, 3), "decode_s": round(t2 - t1, 3),
                         "post_wait_s": round(t3 - t2, 3), "post_serial_s": round(post_one * n, 3),
                         "total_s": round(total, 3), "per_asset_s": round(total / n, 3),
                         "peak_vram_mb": _peak_mb(device)})
    return rows


#: Whole worlds for the target: one prop, and props of eight kinds, two of each (18 props: the
#: planner adds what the scene needs). Props sharing archetype, shape and look share one mesh.
WORLD_PROMPTS = {
    "one prop": "a barrel",
    "props of 8 kinds": "a medieval courtyard with 2 barrels, 2 crates, 2 market stalls, 2 carts, "
                        "2 benches, 2 hay bales, 2 wells and 2 torches",
}


def bench_worlds(cfg: dict, tokenizer: Any, device: str, steps: int, grid: int, max_tris: int,
                 tex: int) -> dict:
    """Whole shap-e world jobs as the backend runs them: the pipeline saved, loaded by
    ModelManager (in its precision: fp16 on CUDA), then ShapEGenerator.generate for each of
    WORLD_PROMPTS (plan, denoise, decode, post-processing, textures, GLB)."""
    import tempfile

    from backend.generators.base import NullProgress
    from backend.generators.diffusion_models import ModelManager
    from backend.generators.shape import ShapEGenerator

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "shap-e"
        model_configs.shap_e_pipeline(cfg, tokenizer).save_pretrained(folder)
        (folder / "worldsmith.json").write_text(json.dumps({"steps": steps, "guidance_scale": 15.0,
                                                            "grid_size": grid}))
        manager = ModelManager(device, Path(tmp))
        _peak_reset(device)
        t = time.perf_counter()
        with manager.use("shap-e"):
            pass
        out: dict[str, Any] = {"dtype": manager.dtype_name, "load_s": round(time.perf_counter() - t, 3), "rows": []}
        gen = ShapEGenerator(manager)
        for label, prompt in WORLD_PROMPTS.items():
            spec = {"prompt": prompt, "seed": 0, "generator": "shap-e",
                    "asset_budget": {"max_triangles": max_tris, "texture_size": tex}}
            _sync(device)
            t = time.perf_counter()
            doc, _ = read_glb(gen.generate(spec, NullProgress()))
            diffusion = doc["scenes"][0]["extras"]["worldsmith"]["diffusion"]
            _sync(device)
            out["rows"].append({"world": label, "props": len(diffusion["prompts"]),
                                "generated_meshes": diffusion["generated_meshes"],
                                "total_s": round(time.perf_counter() - t, 3), "peak_vram_mb": _peak_mb(device)})
        manager.unload()
    one, many = out["rows"][0]["total_s"], out["rows"][-1]["total_s"]
    out["ratio"] = round(many / one, 2)
    out["meets_target"] = many <= TARGET_RATIO * one
    return out


def bench_sd(pipe: Any, device: str, size: int, steps: int, runs: int) -> dict:
    from backend.generators import diffusion_run as run
    from backend.generators.sd_texture import derive_maps
    from backend.generators.sd_tiling import circular_padding

    _peak_reset(device)
    times = []
    with circular_padding(pipe):
        for i in range(runs):
            _sync(device)
            t0 = time.perf_counter()
            out = pipe(prompt=["mossy stone"], height=size, width=size, num_inference_steps=steps,
                       guidance_scale=7.5, generator=run.generators([i]), output_type="np")
            derive_maps(out.images[0], "stone")
            _sync(device)
            times.append(time.perf_counter() - t0)
    return {"size": size, "steps": steps, "s_per_material": round(min(times), 3), "runs": runs,
            "peak_vram_mb": _peak_mb(device)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="GPU benchmark of the diffusion generators")
    parser.add_argument("--device", choices=["cuda", "cpu"], default="cuda")
    parser.add_argument("--tiny", action="store_true", help="tiny models and sizes (a CPU smoke test)")
    parser.add_argument("--dtypes", default=None, help="comma list: float16,float32 (default: both on "
                                                       "cuda, float32 on cpu)")
    parser.add_argument("--counts", default=None, help="assets per world (default 1,4,8,16; "
                                                        "1,2,4 with --tiny)")
    parser.add_argument("--steps", type=int, default=None, help="Shap-E denoising steps (default 64; 4 tiny)")
    parser.add_argument("--grid", type=int, default=None, help="Shap-E decode grid (default 128; 32 tiny)")
    parser.add_argument("--sd-size", type=int, default=None, help="texture size in px (default 1024; 64 tiny)")
    parser.add_argument("--sd-steps", type=int, default=None, help="SD denoising steps (default 25; 3 tiny)")
    parser.add_argument("--json", type=Path, default=Path("bench_gpu.json"))
    args = parser.parse_args(argv)

    import tempfile

    import torch

    if args.device == "cuda" and not torch.cuda.is_available():
        print("CUDA is not available; run with --device cpu --tiny for a smoke test", file=sys.stderr)
        return 2
    dtypes = (args.dtypes.split(",") if args.dtypes else
              (["float16", "float32"] if args.device == "cuda" else ["float32"]))
    counts = [int(c) for c in (args.counts or ("1,2,4" if args.tiny else "1,4,8,16")).split(",")]
    shap_cfg, sd_cfg = ((model_configs.SHAP_E_TINY, model_configs.SD_TINY) if args.tiny
                        else (model_configs.SHAP_E_FULL, model_configs.SD_FULL))
    sizes = (4, 32, 64, 3) if args.tiny else (64, 128, 1024, 25)
    given = (args.steps, args.grid, args.sd_size, args.sd_steps)
    steps, grid, sd_size, sd_steps = (g if g is not None else d for g, d in zip(given, sizes))
    report: dict[str, Any] = {"device": args.device, "tiny": args.tiny, "torch": torch.__version__,
                              "gpu": torch.cuda.get_device_name(0) if args.device == "cuda" else machine(),
                              "shap_e": {}, "sd_texture": {}, "target_ratio": TARGET_RATIO,
                              "settings": {"steps": steps, "grid": grid, "sd_size": sd_size,
                                           "sd_steps": sd_steps, "counts": counts}}
    with tempfile.TemporaryDirectory() as tmp:
        tokenizer = model_configs.clip_tokenizer(Path(tmp))
    for dtype_name in dtypes:
        dtype = getattr(torch, dtype_name)
        pipe = model_configs.shap_e_pipeline(shap_cfg, tokenizer).to(args.device, dtype)
        pipe.set_progress_bar_config(disable=True)
        rows = bench_shap_e(pipe, args.device, counts, steps, grid,
                            *((1000, 64) if args.tiny else (20000, 512)))
        one = next(r["total_s"] for r in rows if r["assets"] == 1 and r["mode"] == "batched")
        big = max(r["assets"] for r in rows)
        many = next(r["total_s"] for r in rows if r["assets"] == big and r["mode"] == "batched")
        report["shap_e"][dtype_name] = {"rows": rows, f"ratio_{big}_vs_1": round(many / one, 2),
                                        "meets_target": many <= TARGET_RATIO * one}
        del pipe
        sd = model_configs.sd_pipeline(sd_cfg, tokenizer).to(args.device, dtype)
        sd.set_progress_bar_config(disable=True)
        report["sd_texture"][dtype_name] = bench_sd(sd, args.device, sd_size, sd_steps, 2)
        del sd
        if args.device == "cuda":
            torch.cuda.empty_cache()
    report["worlds"] = bench_worlds(shap_cfg, tokenizer, args.device, steps, grid,
                                    *((1000, 64) if args.tiny else (20000, 512)))
    print_table(report)
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json}")
    return 0


def print_table(report: dict[str, Any]) -> None:
    print(f"device {report['device']} ({report['gpu']}), torch {report['torch']}, tiny={report['tiny']}")
    print(f"{'dtype':8} {'assets':>6} {'mode':14} {'denoise s':>10} {'decode s':>9} {'post wait':>9} "
          f"{'(serial)':>9} {'total s':>8} {'s/asset':>8} {'peak MB':>8}")
    for dtype, res in report["shap_e"].items():
        for r in res["rows"]:
            print(f"{dtype:8} {r['assets']:>6} {r['mode']:14} {r['denoise_s']:>10} {r['decode_s']:>9} "
                  f"{r['post_wait_s']:>9} {r['post_serial_s']:>9} {r['total_s']:>8} {r['per_asset_s']:>8} "
                  f"{str(r['peak_vram_mb']):>8}")
        ratio = [v for k, v in res.items() if k.startswith("ratio_")][0]
        print(f"{dtype:8} world/single ratio {ratio} (target <= {report['target_ratio']}): "
              f"{'met' if res['meets_target'] else 'NOT met'}")
    w = report["worlds"]
    print(f"whole worlds ({w['dtype']}, pipeline load {w['load_s']} s):")
    for r in w["rows"]:
        print(f"  {r['world']:18} {r['props']:>3} props, {r['generated_meshes']:>2} generated meshes: "
              f"{r['total_s']} s, peak {r['peak_vram_mb']} MB")
    print(f"  world/single ratio {w['ratio']} (target <= {report['target_ratio']}): "
          f"{'met' if w['meets_target'] else 'NOT met'}")
    for dtype, r in report["sd_texture"].items():
        print(f"{dtype:8} sd-texture {r['size']}px x {r['steps']} steps: {r['s_per_material']} s/material, "
              f"peak {r['peak_vram_mb']} MB")
