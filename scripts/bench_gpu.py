"""GPU benchmark of the diffusion generators, with random weights in the real architectures.

    python scripts/bench_gpu.py                       # CUDA, full-size Shap-E and SD 1.5, fp16 + fp32
    python scripts/bench_gpu.py --device cpu --tiny   # the same code on tiny models (CI smoke test)

Builds the pipelines from configs (scripts/model_configs.py: no download; timings and memory
are those of the real models, outputs are noise) and measures, with the backend's own pipeline
code (backend/generators/diffusion_run.py, sd_tiling.py, shape.AssetBuilder):

- Shap-E: per-asset latency for worlds of 1, 4, 8 and 16 assets, batched (one pipeline call)
  and one at a time; denoise, decode and mesh post-processing separately; peak VRAM; fp16 and
  fp32. Target: a 16-asset world in at most 3x the time of a single asset. Post-processing runs
  on a reference surface (see reference_surface): random weights decode to noise.
- sd-texture: time per tileable material at 1024 px (64 px with --tiny).
- Whole worlds: the pipeline saved and loaded by the backend's ModelManager (load time), then
  ShapEGenerator jobs for a one-prop world and an 18-prop world of 8 kinds (bench_worlds), the
  target as a user meets it: props that share archetype, shape and look share one mesh.

Prints a table and writes JSON (--json PATH, default bench_gpu.json).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wslib.gpu_bench import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
