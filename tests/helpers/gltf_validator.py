"""Run the Khronos glTF-Validator (npm package gltf-validator, see package.json) on GLBs.

Node starts in about half a second, so ``validate_many`` checks any number of files in one
process; ``GlbBatch`` collects a test module's GLBs and checks them together at the end.
Our bar: 0 errors and 0 warnings (infos are allowed).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Iterable, Union

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "gltf_validate.mjs"
GlbSource = Union[str, os.PathLike, bytes]


def validator_available() -> bool:
    return shutil.which("node") is not None and (ROOT / "node_modules" / "gltf-validator").is_dir()


def _require() -> None:
    # scripts/setup.sh installs it with the rest of the test environment: a missing validator is a
    # broken setup, and skipping would silently drop the validation of every GLB we make.
    if not validator_available():
        pytest.fail("glTF-Validator not installed: run `npm install` in the repository root (needs Node 20)")


def validate_many(items: Iterable[GlbSource]) -> list[dict]:
    """Validate GLB files or bytes in one node process; returns the reports in order."""
    _require()
    items = list(items)
    with tempfile.TemporaryDirectory(prefix="glbcheck-") as tmp:
        paths = []
        for i, item in enumerate(items):
            if isinstance(item, (bytes, bytearray)):
                p = Path(tmp) / f"{i:04d}-{hashlib.sha256(item).hexdigest()[:8]}.glb"
                p.write_bytes(item)
                paths.append(str(p))
            else:
                paths.append(str(Path(item).resolve()))
        proc = subprocess.run(["node", str(SCRIPT)], input=json.dumps(paths), capture_output=True, text=True,
                              cwd=ROOT, timeout=600)
        if proc.returncode != 0:
            raise RuntimeError(f"glTF-Validator failed: {proc.stderr.strip()}")
        reports = json.loads(proc.stdout)["reports"]
        return [reports[p] for p in paths]


def validate_glb(path_or_bytes: GlbSource) -> dict:
    """The validator's JSON report for one GLB (path or bytes)."""
    return validate_many([path_or_bytes])[0]


def problems(report: dict) -> list[str]:
    """Errors and warnings in a report, one line each (infos and hints are fine)."""
    return [f"{m['code']} at {m.get('pointer', '?')}: {m['message']}"
            for m in report["issues"]["messages"] if m["severity"] in (0, 1)]


def assert_valid_glb(*items: GlbSource, labels: list[str] | None = None) -> None:
    """Assert every GLB has 0 errors and 0 warnings."""
    reports = validate_many(items)
    bad = []
    for i, r in enumerate(reports):
        found = problems(r)
        if found:
            label = labels[i] if labels else f"glb #{i}"
            bad.append(f"{label}: " + "; ".join(found[:10]))
    assert not bad, "glTF-Validator found problems:\n" + "\n".join(bad)


class GlbBatch:
    """Collects GLB bytes during a test module and validates them together (deduplicated)."""

    def __init__(self) -> None:
        self._items: dict[str, tuple[str, bytes]] = {}

    def add(self, glb: bytes, label: str = "") -> bytes:
        self._items.setdefault(hashlib.sha256(glb).hexdigest(), (label, glb))
        return glb

    def __len__(self) -> int:
        return len(self._items)

    def check(self) -> None:
        if not self._items:
            return
        labels = [lab for lab, _ in self._items.values()]
        assert_valid_glb(*[g for _, g in self._items.values()], labels=labels)
