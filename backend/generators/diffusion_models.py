"""Where diffusion weights come from, whether the stack is installed, and loaded pipelines.

Nothing here imports torch or diffusers at module level: the backend must start (and answer
/v1/capabilities) on Blender's own Python, which has neither. Presence checks use
``importlib.util.find_spec`` and the file system only; the import happens on first use.

Weights are looked up, in order, in ``MODELS_DIR/<folder>`` (a save_pretrained / snapshot
folder with model_index.json) and in the local Hugging Face cache. Nothing is ever downloaded
(invariant 6): ``from_pretrained`` always runs with ``local_files_only=True``.
"""

from __future__ import annotations

import gc
import importlib.util
import json
import logging
import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

log = logging.getLogger(__name__)

STACK_MODULES = ("torch", "diffusers", "transformers")
INSTALL_HINT = ("not installed: run the Install GPU backend operator (Preferences > Add-ons > "
                "Worldsmith), or pip install 'worldsmith-backend[diffusion]' into the backend's "
                "Python")
#: Optional per-folder generation defaults (steps, grid size...), e.g. written by
#: scripts/make_tiny_models.py so tiny test models run a handful of steps.
OPTIONS_FILE = "worldsmith.json"


@dataclass(frozen=True)
class ModelSpec:
    key: str          # "shap-e"
    folder: str       # MODELS_DIR/<folder>
    repo_id: str      # what to download
    pipeline: str     # diffusers class name


MODELS = {
    "shap-e": ModelSpec("shap-e", "shap-e", "openai/shap-e", "ShapEPipeline"),
    "stable-diffusion": ModelSpec("stable-diffusion", "stable-diffusion",
                                  "stable-diffusion-v1-5/stable-diffusion-v1-5",
                                  "StableDiffusionPipeline"),
}


class ModelsBusy(RuntimeError):
    """A job is using the pipelines; unloading now would pull them from under it."""

    busy = True  # the HTTP layer answers 409 for errors that say so


def missing_stack() -> list[str]:
    return [m for m in STACK_MODULES if importlib.util.find_spec(m) is None]


def hf_hub_cache() -> Path:
    """The Hugging Face hub cache folder, resolved as huggingface_hub does (without importing it)."""
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"])
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]) / "hub"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "huggingface" / "hub"


def _from_hf_cache(repo_id: str) -> Path | None:
    repo = hf_hub_cache() / ("models--" + repo_id.replace("/", "--"))
    ref = repo / "refs" / "main"
    candidates = []
    if ref.is_file():
        candidates.append(repo / "snapshots" / ref.read_text(encoding="utf-8").strip())
    if (repo / "snapshots").is_dir():
        candidates += sorted((repo / "snapshots").iterdir())
    return next((c for c in candidates if (c / "model_index.json").is_file()), None)


def find_weights(key: str, models_dir: Path | None) -> Path | None:
    spec = MODELS[key]
    if models_dir is not None:
        local = Path(models_dir) / spec.folder
        if (local / "model_index.json").is_file():
            return local
    return _from_hf_cache(spec.repo_id)


def weights_message(key: str, models_dir: Path | None) -> str:
    spec = MODELS[key]
    target = (Path(models_dir) / spec.folder) if models_dir is not None else Path("MODELS_DIR") / spec.folder
    return (f"weights not found: download {spec.repo_id} (diffusers format) into {target} "
            f"(e.g. huggingface-cli download {spec.repo_id} --local-dir {target}) and start the "
            f"backend with --models-dir {target.parent}, or put it in the Hugging Face cache "
            f"({hf_hub_cache()})")


def availability(key: str, models_dir: Path | None) -> tuple[bool, str | None]:
    """(usable, reason) without importing torch: what /v1/capabilities reports."""
    missing = missing_stack()
    if missing:
        return False, f"{INSTALL_HINT} (missing: {', '.join(missing)})"
    if find_weights(key, models_dir) is None:
        return False, weights_message(key, models_dir)
    return True, None


def read_options(key: str, models_dir: Path | None) -> dict[str, Any]:
    path = find_weights(key, models_dir)
    if path is None or not (path / OPTIONS_FILE).is_file():
        return {}
    try:
        return dict(json.loads((path / OPTIONS_FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        log.warning("ignoring unreadable %s", path / OPTIONS_FILE)
        return {}


class ModelBackedGenerator:
    """What every generator backed by one local diffusers pipeline shares: the manager that
    holds the pipeline, the batch size, options (class defaults overridden by an options file
    beside the weights), and the weights check that capabilities and check_inputs report.

    Subclasses set ``name``, ``model_key``, ``DEFAULTS`` and ``DEFAULT_BATCH`` (per device).
    """

    name: str
    model_key: str
    DEFAULTS: dict[str, Any] = {}
    DEFAULT_BATCH: dict[str, int] = {"cpu": 1}

    def __init__(self, manager: "ModelManager", batch_size: int | None = None):
        self.manager = manager
        self.batch_size = int(batch_size or self.DEFAULT_BATCH.get(manager.device, self.DEFAULT_BATCH["cpu"]))

    def load(self) -> Any:
        """The pipeline (loaded once, kept by the manager)."""
        with self.manager.use(self.model_key) as pipe:
            return pipe

    def options(self) -> dict[str, Any]:
        return {**self.DEFAULTS, **read_options(self.model_key, self.manager.models_dir)}

    def availability(self) -> tuple[bool, str | None]:
        return availability(self.model_key, self.manager.models_dir)

    def require_weights(self, field: str = "generator") -> None:
        """InvalidSpec naming ``field`` when the stack or the weights are missing."""
        from .base import InvalidSpec

        ok, reason = self.availability()
        if not ok:
            raise InvalidSpec(field, f"{self.name} is unavailable: {reason}")

    def model_info(self) -> dict[str, Any]:
        spec = MODELS[self.model_key]
        return {"repo_id": spec.repo_id, "folder": spec.folder,
                "loaded": self.model_key in self.manager.loaded(),
                "dtype": self.manager.dtype_name, "runs_on": self.manager.device}


class ModelManager:
    """Loads pipelines once and keeps them for later jobs; ``unload`` frees them.

    One manager per backend (one device). Jobs hold ``use()`` while they run a pipeline; the
    lock also keeps two loads of the same weights from racing.
    """

    def __init__(self, device: str, models_dir: Path | None):
        self.device = device
        self.models_dir = Path(models_dir) if models_dir is not None else None
        self._pipes: dict[str, Any] = {}
        self._lock = threading.RLock()

    @property
    def dtype_name(self) -> str:
        # Half precision halves memory and roughly doubles speed on a GPU; CPUs have no fast
        # fp16 kernels for these models (and some ops are missing), so they run float32.
        return "float16" if self.device == "cuda" else "float32"

    def loaded(self) -> list[str]:
        return sorted(self._pipes)

    @contextmanager
    def use(self, key: str) -> Iterator[Any]:
        with self._lock:
            yield self._get(key)

    def _get(self, key: str) -> Any:
        if key in self._pipes:
            return self._pipes[key]
        ok, reason = availability(key, self.models_dir)
        if not ok:
            raise RuntimeError(reason)
        import diffusers  # noqa: PLC0415 - heavy, optional
        import torch  # noqa: PLC0415

        path = find_weights(key, self.models_dir)
        cls = getattr(diffusers, MODELS[key].pipeline)
        log.info("loading %s from %s (%s, %s)", key, path, self.device, self.dtype_name)
        diffusers.utils.logging.disable_progress_bar()  # stderr is the backend's log
        dtype = getattr(torch, self.dtype_name)
        pipe = cls.from_pretrained(str(path), dtype=dtype, local_files_only=True)
        # Older diffusers know only ``torch_dtype`` and ignore ``dtype``: the cast here
        # makes fp16 on CUDA hold with every version the installer may fetch.
        pipe = pipe.to(self.device, dtype)
        pipe.set_progress_bar_config(disable=True)
        if key == "shap-e":
            _check_mesh_tables(pipe)
        self._pipes[key] = pipe
        return pipe

    def unload(self, wait_s: float = 0.0) -> list[str]:
        """Drop every loaded pipeline and return the GPU memory to the driver."""
        acquired = self._lock.acquire(timeout=wait_s) if wait_s > 0 else self._lock.acquire(blocking=False)
        if not acquired:
            raise ModelsBusy("a job is using the models; cancel it or wait for it to finish")
        try:
            names = sorted(self._pipes)
            self._pipes.clear()
            gc.collect()
            if names and self.device == "cuda":
                import torch  # noqa: PLC0415

                torch.cuda.empty_cache()
            log.info("unloaded %s", ", ".join(names) or "nothing")
            return names
        finally:
            self._lock.release()


def _check_mesh_tables(pipe: Any) -> None:
    """A Shap-E checkpoint carries marching-cubes tables; one converted without them (all
    zeros) would decode every shape to nothing, so fill ours in and say so."""
    dec = pipe.shap_e_renderer.mesh_decoder
    if not bool(dec.masks.any()):
        from .marching_cubes import fill_mesh_decoder

        log.warning("the Shap-E mesh decoder has empty marching-cubes tables; using ours")
        fill_mesh_decoder(pipe.shap_e_renderer)
