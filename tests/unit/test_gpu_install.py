"""The GPU backend installer (addon/service/gpu_install.py), offline, with stand-in wheels.

No real torch or diffusers is installed here: the test builds small wheels named torch,
diffusers, transformers, accelerate, safetensors and xatlas whose code only says it is a
stand-in (torch sets WORLDSMITH_STAND_IN, which the verify step recognises). numpy and
fastjsonschema are real wheels fetched with pip into a folder first; the installer itself then
runs with --no-index --find-links against that folder, as an offline studio install would.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from addon.service import gpu_install

STAND_INS = {
    "torch": "WORLDSMITH_STAND_IN = True\n__version__ = '2.13.0+standin'\n"
             "class cuda:\n    @staticmethod\n    def is_available():\n        return False\n",
    "diffusers": "__version__ = '0.0.0+standin'\n",
    "transformers": "__version__ = '0.0.0+standin'\n",
    "accelerate": "", "safetensors": "", "xatlas": "",
}


def stand_in_wheel(folder: Path, name: str, version: str, code: str) -> Path:
    """A minimal valid pure-Python wheel for ``name``."""
    dist = f"{name}-{version}"
    path = folder / f"{dist}-py3-none-any.whl"
    files = {f"{name}/__init__.py": code,
             f"{dist}.dist-info/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
             f"{dist}.dist-info/WHEEL": "Wheel-Version: 1.0\nGenerator: worldsmith-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
    record = "".join(f"{n},,\n" for n in files) + f"{dist}.dist-info/RECORD,,\n"
    with zipfile.ZipFile(path, "w") as zf:
        for n, text in files.items():
            zf.writestr(n, text)
        zf.writestr(f"{dist}.dist-info/RECORD", record)
    return path


@pytest.fixture(scope="module")
def wheels(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("wheels")
    got = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(folder),
                          "numpy>=1.24,<2", "fastjsonschema>=2.19"], capture_output=True, text=True, timeout=300)
    if got.returncode != 0:
        pytest.skip(f"could not fetch the numpy/fastjsonschema wheels for the offline folder: {got.stderr[-300:]}")
    for name, code in STAND_INS.items():
        # Versions high enough for every requirement the installer states (>=4.40 etc.).
        stand_in_wheel(folder, name, "2.13.0" if name == "torch" else "99.0", code)
    return folder


def _plan(tmp_path: Path, wheels: Path, **kw) -> gpu_install.InstallPlan:
    return gpu_install.InstallPlan(venv_dir=tmp_path / "venv", backend_dir=Path(__file__).resolve().parents[2] / "backend_link",
                                   find_links=wheels, **kw)


@pytest.mark.slow
def test_offline_install_with_stand_in_wheels_runs_every_step_and_verifies(tmp_path, wheels):
    root = Path(__file__).resolve().parents[2]
    link = tmp_path / "ext"
    link.mkdir()
    (link / "worldsmith_backend").symlink_to(root / "backend")
    plan = gpu_install.InstallPlan(venv_dir=tmp_path / "venv", backend_dir=link, find_links=wheels)
    seen = []
    result = gpu_install.install(plan, lambda step, i, n: seen.append((step, i, n)))
    assert [s for s, _, _ in seen] == list(gpu_install.STEPS)
    assert [i for _, i, _ in seen] == list(range(1, 7))
    assert result.python.exists() and result.versions["torch"] == "2.13.0+standin"
    assert result.versions["backend"] and result.versions["stand_in"] is True
    assert "torch is a test stand-in, not a real install" in result.warnings
    log = result.log_path.read_text()
    assert "--no-index" in log and "step 6/6: verify" in log and "--- done" in log


def test_missing_package_fails_with_a_message_that_says_what_to_do(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    plan = gpu_install.InstallPlan(venv_dir=tmp_path / "venv", backend_dir=tmp_path, find_links=empty)
    with pytest.raises(gpu_install.InstallError) as info:
        gpu_install.install(plan)
    assert info.value.step == "torch"
    assert "no matching package" in str(info.value) and "index URL" in str(info.value)
    assert info.value.log_path.exists()


def test_pip_failures_are_explained():
    assert "no network" in gpu_install.explain_pip_failure("Temporary failure in name resolution", 1)
    assert "disk is full" in gpu_install.explain_pip_failure("OSError: No space left on device", 1)
    assert "exit code 2" in gpu_install.explain_pip_failure("something else", 2)


def test_online_plan_uses_the_cuda_index_for_torch_only():
    plan = gpu_install.InstallPlan(venv_dir=Path("/x"), backend_dir=Path("/y"))
    assert gpu_install.pip_args(plan, plan.torch_index_url) == ["--index-url", gpu_install.DEFAULT_TORCH_INDEX]
    assert gpu_install.pip_args(plan) == []
