"""Tiny random-weight diffusion models for tests (``wslib.model_configs``, which
scripts/make_tiny_models.py also runs), and the skip used when torch / diffusers are not installed."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from wslib import model_configs

HAVE_STACK = all(importlib.util.find_spec(m) is not None for m in ("torch", "diffusers", "transformers"))
needs_stack = pytest.mark.skipif(not HAVE_STACK, reason="torch/diffusers not installed (scripts/setup.sh "
                                                        "installs them into .venv; the GPU backend is optional)")


def build_tiny_models(folder: Path) -> Path:
    """Write MODELS_DIR/shap-e and MODELS_DIR/stable-diffusion into ``folder``; returns it."""
    model_configs.build_tiny_models(folder)
    return folder


def slow_copy(models: Path, dest: Path, shap_e_steps: int) -> Path:
    """A copy of the tiny models whose Shap-E runs ``shap_e_steps`` steps (cancel tests)."""
    shutil.copytree(models, dest)
    opts = dest / "shap-e" / "worldsmith.json"
    data = json.loads(opts.read_text())
    data["steps"] = shap_e_steps
    opts.write_text(json.dumps(data))
    return dest
