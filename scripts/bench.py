#!/usr/bin/env python3
"""Worldsmith benchmarks: each case measures our code and, where one exists, a reference doing the
same work in the same run, and prints medians and their ratio. Timing targets live here, never in
tests (the machines are shared and noisy).

    scripts/bench.py                 # every case
    scripts/bench.py generator       # cases whose name contains "generator"
    scripts/bench.py --json out/bench.json

Cases that need bpy install the extension zip into an isolated Blender user folder first.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wslib.bench import main  # noqa: E402  (the harness; cases in wslib/bench_cases/)

if __name__ == "__main__":
    raise SystemExit(main())
