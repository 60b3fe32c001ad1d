"""Build tiny random-weight Shap-E and Stable Diffusion pipelines into a models folder.

    python scripts/make_tiny_models.py OUT_DIR

writes OUT_DIR/shap-e and OUT_DIR/stable-diffusion with save_pretrained, the layout the
backend's --models-dir expects (docs/ARCHITECTURE.md, "Diffusion generators"). The weights are
random and tiny (a few hundred KB): the tests use them to run the backend's real loading,
denoising, decoding and GLB code on a CPU in seconds. Their output is noise, by design.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import model_configs  # noqa: E402


#: Generation defaults the backend reads from each folder (diffusion_models.OPTIONS_FILE): a
#: handful of steps and a coarse grid, so a test job takes a second on a CPU.
TINY_OPTIONS = {
    "shap-e": {"steps": 4, "guidance_scale": 3.0, "grid_size": 32},
    "stable-diffusion": {"steps": 3, "guidance_scale": 3.0, "max_sample_size": 64},
}


def build(out: Path, options: dict[str, dict] | None = None) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tokenizer = model_configs.clip_tokenizer(Path(tmp))
        shap_e = model_configs.shap_e_pipeline(model_configs.SHAP_E_TINY, tokenizer)
        sd = model_configs.sd_pipeline(model_configs.SD_TINY, tokenizer)
    paths = {"shap-e": out / "shap-e", "stable-diffusion": out / "stable-diffusion"}
    shap_e.save_pretrained(paths["shap-e"])
    sd.save_pretrained(paths["stable-diffusion"])
    for key, opts in (options or TINY_OPTIONS).items():
        (paths[key] / "worldsmith.json").write_text(json.dumps(opts, indent=2) + "\n", encoding="utf-8")
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="models folder to write (shap-e/, stable-diffusion/)")
    args = parser.parse_args(argv)
    for name, path in build(args.out).items():
        print(f"{name}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
