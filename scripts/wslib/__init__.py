"""What Worldsmith's scripts share (scripts/*.py, examples/, benchmarks, the tests' fresh processes).

The entry points in scripts/ and examples/ parse their arguments and call in here; the logic
lives once:

- ``blender``       the bpy module (or Blender running a script) with the extension installed in
                    an isolated user folder, and its ``api`` imported
- ``backend``       a backend process on an ephemeral port, waited for until it is ready
- ``batch_core``, ``batch_run``
                    the batch run of scripts/batch.py: pure options and resume, then the bpy half
- ``bench``, ``bench_cases/``, ``gpu_bench``, ``model_configs``
                    the benchmark harness and its cases; random-weight diffusion pipelines
- ``glb``, ``worlds``
                    reading GLB bytes back; worlds built by hand as the store contract describes
- ``png``           PNG files as numpy pixels through bpy (contact sheets)

Package logic (triangle counts, asset roots, presets, themes) is not repeated here: it is called
from the extension's ``api`` and ``addon/core``. Import with ``scripts/`` on ``sys.path``.
"""

from __future__ import annotations

import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent.parent
# The demo's world (scripts/demo.py, the README picture): a courtyard with every kind of thing.
DEMO_PROMPT = "a medieval courtyard with cobblestones, a well, a market stall and torches on the walls"
ROOT = SCRIPTS.parent

# The checkout's pure packages (addon.core, the backend) and scripts/ itself (build_extension)
# must be importable however the entry point was started (Blender's --python adds neither).
for _path in (str(SCRIPTS), str(ROOT)):
    if _path not in sys.path:
        sys.path.append(_path)
