"""The backend without the GPU stack: generators are listed, capabilities say how to install,
jobs are refused with that message, and nothing imports torch on the way."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_backend_builds_generators_and_capabilities_without_torch(tmp_path):
    # A fresh interpreter in which torch, diffusers and transformers cannot be imported.
    code = textwrap.dedent(f"""
        import importlib.abc, sys, json
        class Block(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("torch", "diffusers", "transformers"):
                    raise ImportError("blocked for the test")
                return None
        sys.meta_path.insert(0, Block())
        import importlib.util
        real = importlib.util.find_spec
        importlib.util.find_spec = lambda n, *a: None if n.split(".")[0] in ("torch", "diffusers", "transformers") else real(n, *a)
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from backend.generators.registry import build_generators, build_texture_generators
        from backend.generators.base import InvalidSpec
        gens = build_generators("cpu", Path({str(tmp_path)!r}))
        tex = build_texture_generators("cpu", Path({str(tmp_path)!r}))
        caps = gens["shap-e"].capabilities()
        try:
            gens["shap-e"].check_inputs({{"prompt": "a courtyard", "generator": "shap-e"}})
            refused = None
        except InvalidSpec as exc:
            refused = exc.field + ": " + exc.message
        print(json.dumps({{"names": sorted(gens), "tex": sorted(tex), "caps": caps["reason"],
                          "present": caps["weights_present"], "refused": refused,
                          "torch_loaded": "torch" in sys.modules}}))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    import json

    data = json.loads(out.stdout.strip().splitlines()[-1])
    assert data["names"] == ["procedural", "shap-e"] and data["tex"] == ["procedural", "sd-texture"]
    assert data["present"] is False and "not installed: run the Install GPU backend operator" in data["caps"]
    assert data["refused"].startswith("generator: ") and "Install GPU backend" in data["refused"]
    assert data["torch_loaded"] is False
