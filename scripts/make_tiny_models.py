"""Build tiny random-weight Shap-E and Stable Diffusion pipelines into a models folder.

    python scripts/make_tiny_models.py OUT_DIR

writes OUT_DIR/shap-e and OUT_DIR/stable-diffusion with save_pretrained, the layout the
backend's --models-dir expects (docs/ARCHITECTURE.md, "Diffusion generators"). The weights are
random and tiny (a few hundred KB): the tests use them to run the backend's real loading,
denoising, decoding and GLB code on a CPU in seconds. Their output is noise, by design.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from wslib.model_configs import build_tiny_models  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="models folder to write (shap-e/, stable-diffusion/)")
    args = parser.parse_args(argv)
    for name, path in build_tiny_models(args.out).items():
        print(f"{name}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
