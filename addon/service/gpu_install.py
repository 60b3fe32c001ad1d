"""Installing the GPU backend: a virtual environment with torch (CUDA build) and diffusers.

Pure Python, no bpy: the preferences operator (preferences/ops.py) only runs ``install`` (on a
thread in the UI, blocking headless) and shows its progress and log. Steps, in order:

    venv -> pip upgrade -> torch -> diffusers -> backend -> verify

Every command's output goes to a log file (``<venv>/worldsmith-install.log``). A failure ends
with an ``InstallError`` whose message says what to do (no network, no matching torch build,
no CUDA GPU...). ``find_links`` switches every pip step to ``--no-index --find-links DIR``,
which is how studios without internet install, and how the tests run offline.

The add-on never imports torch or diffusers itself (invariant 1); the verify step asks the new
interpreter in a subprocess.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

STEPS = ("venv", "pip upgrade", "torch", "diffusers", "backend", "verify")
DEFAULT_TORCH_INDEX = "https://download.pytorch.org/whl/cu124"
TORCH_SPEC = "torch==2.13.0"
DIFFUSION_SPECS = ("diffusers>=0.30", "transformers>=4.40", "accelerate", "safetensors", "xatlas")
BACKEND_SPECS = ("numpy>=1.24,<2", "fastjsonschema>=2.19")
LOG_NAME = "worldsmith-install.log"
#: What the verify step runs in the new interpreter: versions, CUDA, and whether torch is a
#: test stand-in (the offline tests install a fake "torch" that says so).
VERIFY_CODE = """
import json, importlib
out = {}
torch = importlib.import_module("torch")
out["torch"] = getattr(torch, "__version__", "?")
out["stand_in"] = bool(getattr(torch, "WORLDSMITH_STAND_IN", False))
out["cuda"] = bool(torch.cuda.is_available())
out["diffusers"] = getattr(importlib.import_module("diffusers"), "__version__", "?")
out["backend"] = getattr(importlib.import_module("worldsmith_backend"), "__version__", "?")
print("WORLDSMITH_VERIFY " + json.dumps(out))
"""

Progress = Callable[[str, int, int], None]  # (step name, step index from 1, number of steps)


class InstallError(RuntimeError):
    """The install stopped; ``step`` names where, the message says what to do."""

    def __init__(self, step: str, message: str, log_path: Path | None = None):
        hint = f" (log: {log_path})" if log_path else ""
        super().__init__(f"{step}: {message}{hint}")
        self.step = step
        self.log_path = log_path


@dataclass
class InstallPlan:
    venv_dir: Path
    backend_dir: Path                   # folder that holds worldsmith_backend/ (the extension)
    base_python: str = sys.executable   # interpreter that creates the venv
    torch_index_url: str = DEFAULT_TORCH_INDEX
    torch_spec: str = TORCH_SPEC
    diffusion_specs: tuple[str, ...] = DIFFUSION_SPECS
    backend_specs: tuple[str, ...] = BACKEND_SPECS
    find_links: Path | None = None      # offline: --no-index --find-links DIR for every pip step
    require_cuda: bool = True
    env: dict[str, str] = field(default_factory=dict)

    @property
    def python(self) -> Path:
        sub = ("Scripts", "python.exe") if os.name == "nt" else ("bin", "python")
        return self.venv_dir.joinpath(*sub)

    @property
    def log_path(self) -> Path:
        return self.venv_dir / LOG_NAME


@dataclass
class InstallResult:
    python: Path
    versions: dict[str, object]
    log_path: Path
    warnings: list[str]


def pip_args(plan: InstallPlan, index_url: str | None = None) -> list[str]:
    if plan.find_links is not None:
        return ["--no-index", "--find-links", str(plan.find_links)]
    return ["--index-url", index_url] if index_url else []


def explain_pip_failure(output: str, code: int) -> str:
    """Turn pip's output into what the user should do."""
    low = output.lower()
    if any(s in low for s in ("temporary failure in name resolution", "failed to establish a new connection",
                              "network is unreachable", "connection refused", "read timed out",
                              "max retries exceeded")):
        return ("no network: connect this computer to the internet (or set a proxy), or point "
                "'Wheel folder' at a folder of downloaded wheels, then run Install GPU backend again")
    if "no matching distribution" in low or "could not find a version" in low:
        return ("pip found no matching package: check the CUDA index URL (it must match your "
                "driver, e.g. .../whl/cu121) and that this Python version is supported")
    if "no space left" in low:
        return "the disk is full: free a few GB (torch with CUDA needs about 5 GB) and try again"
    return f"pip failed with exit code {code}; the log says why"


class Installer:
    def __init__(self, plan: InstallPlan, progress: Progress | None = None,
                 cancelled: Callable[[], bool] | None = None):
        self.plan = plan
        self.progress = progress or (lambda step, i, n: None)
        self.cancelled = cancelled or (lambda: False)
        self.warnings: list[str] = []

    # ---- plumbing -------------------------------------------------------------------------

    def _log(self, text: str) -> None:
        self.plan.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.plan.log_path, "a", encoding="utf-8") as f:
            f.write(text)

    def _run(self, step: str, cmd: list[str]) -> str:
        if self.cancelled():
            raise InstallError(step, "cancelled; run Install GPU backend again to continue")
        self._log(f"\n$ {' '.join(cmd)}\n")
        env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PYTHONNOUSERSITE": "1", **self.plan.env}
        try:
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                    env=env, stdin=subprocess.DEVNULL)
        except OSError as exc:
            raise InstallError(step, f"could not run {cmd[0]}: {exc}", self.plan.log_path) from None
        lines = []
        assert proc.stdout is not None
        for line in proc.stdout:  # streamed so the log shows progress while pip works
            lines.append(line)
            self._log(line)
        code = proc.wait()
        output = "".join(lines)
        if code != 0:
            raise InstallError(step, explain_pip_failure(output, code) if "pip" in cmd else
                               f"exit code {code}", self.plan.log_path)
        return output

    def _pip(self, step: str, specs: list[str], index_url: str | None = None) -> None:
        cmd = [str(self.plan.python), "-m", "pip", "install", "--progress-bar", "off",
               *pip_args(self.plan, index_url), *specs]
        self._run(step, cmd)

    # ---- steps ----------------------------------------------------------------------------

    def install(self) -> InstallResult:
        p = self.plan
        self._log(f"--- Worldsmith GPU backend install, {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
        steps: list[tuple[str, Callable[[], None]]] = [
            ("venv", self._venv), ("pip upgrade", self._pip_upgrade), ("torch", self._torch),
            ("diffusers", self._diffusers), ("backend", self._backend), ("verify", lambda: None)]
        for i, (name, work) in enumerate(steps, 1):
            self.progress(name, i, len(steps))
            self._log(f"--- step {i}/{len(steps)}: {name}\n")
            if name == "verify":
                versions = self._verify()
            else:
                work()
        self._log("--- done\n")
        return InstallResult(p.python, versions, p.log_path, list(self.warnings))

    def _venv(self) -> None:
        if self.plan.python.exists():
            self._log("virtual environment exists; reusing it\n")
            return
        self._run("venv", [self.plan.base_python, "-m", "venv", str(self.plan.venv_dir)])

    def _pip_upgrade(self) -> None:
        try:
            self._pip("pip upgrade", ["--upgrade", "pip"])
        except InstallError as exc:  # an old pip still installs wheels: go on, say so
            self.warnings.append(f"pip was not upgraded ({exc})")
            self._log(f"warning: {exc}\n")

    def _torch(self) -> None:
        self._pip("torch", [self.plan.torch_spec], self.plan.torch_index_url)

    def _diffusers(self) -> None:
        # The torch pin rides along so pip never swaps the CUDA build for a CPU one.
        self._pip("diffusers", [*self.plan.diffusion_specs, self.plan.torch_spec, "numpy<2"])

    def _backend(self) -> None:
        self._pip("backend", list(self.plan.backend_specs))
        # The backend's code ships inside the extension: a .pth file makes it importable in
        # the venv (the add-on also passes PYTHONPATH when it starts the backend).
        site = self._run("backend", [str(self.plan.python), "-c",
                                     "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).strip()
        Path(site, "worldsmith_backend_path.pth").write_text(str(self.plan.backend_dir) + "\n", encoding="utf-8")

    def _verify(self) -> dict[str, object]:
        out = self._run("verify", [str(self.plan.python), "-c", VERIFY_CODE])
        line = next((l for l in out.splitlines() if l.startswith("WORLDSMITH_VERIFY ")), None)
        if line is None:
            raise InstallError("verify", "the new interpreter did not report its versions", self.plan.log_path)
        versions = json.loads(line.split(" ", 1)[1])
        if versions.get("stand_in"):
            self.warnings.append("torch is a test stand-in, not a real install")
        elif self.plan.require_cuda and not versions.get("cuda"):
            raise InstallError("verify", "torch is installed but sees no CUDA GPU: install or update "
                               "the NVIDIA driver, or choose the CUDA index URL that matches it "
                               "(nvidia-smi shows the CUDA version); the CPU works but is very slow",
                               self.plan.log_path)
        return versions


def install(plan: InstallPlan, progress: Progress | None = None,
            cancelled: Callable[[], bool] | None = None) -> InstallResult:
    return Installer(plan, progress, cancelled).install()
