"""What the examples share: connecting to ``api``, their arguments, and PNG pixels as numpy.

Run an example with the bpy module (``python examples/variant_sweep.py --out out/sweep``) or in
Blender (``blender --background --python examples/variant_sweep.py -- --out out/sweep``).
``--small`` (or ``WORLDSMITH_EXAMPLES_SMALL=1``) uses tiny textures and renders, for the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from wslib import batch_core, blender  # noqa: E402  (imports bpy only when asked)
from bpy_exit import run  # noqa: E402,F401  (examples end with run(main): exit cleanly on the bpy 4.2 module)
from wslib.png import read_png, write_png  # noqa: E402,F401  (contact sheets)


def arguments(description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--out", type=Path, default=ROOT / "out" / Path(sys.argv[0]).stem)
    parser.add_argument("--small", action="store_true", default=os.environ.get("WORLDSMITH_EXAMPLES_SMALL") == "1",
                        help="tiny textures and renders (tests)")
    parser.add_argument("--zip", help="extension zip to install if none is enabled")
    argv = batch_core.script_args(sys.argv, blender.inside_blender(sys.modules))
    args = parser.parse_args(argv)
    args.out = args.out.resolve()
    args.out.mkdir(parents=True, exist_ok=True)
    return args


def connect(zip_path: str | None = None) -> Any:
    """The extension's ``api``: the enabled one inside Blender, else this checkout's zip installed."""
    return blender.connect(zip_path)


def finish(summary: dict) -> None:
    """The example's result as one JSON line on stdout (the tests read it) and in out/summary.json."""
    out = Path(summary["out"])
    (out / "summary.json").write_text(json.dumps(summary, indent=2, sort_keys=True))
    print("RESULT " + json.dumps(summary, sort_keys=True), flush=True)
