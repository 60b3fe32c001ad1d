#!/usr/bin/env python3
"""Compare two GLB files: the binary chunk byte for byte, and the JSON chunk value by value,
ignoring the keys named with ``--ignore`` (version ids, authors, times: what differs between two
runs of the same recipe). Prints each difference as a JSON path; exit 0 when the files match,
1 when they differ, 2 when a file is not a GLB.

    scripts/compare_glb.py out/world.glb old/world.glb --ignore version_id,worldsmith_version_id
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wslib import glb  # noqa: E402  (reading and comparing GLBs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    parser.add_argument("--ignore", default="", help="comma-separated keys to skip at any depth")
    args = parser.parse_args(argv)
    try:
        found = glb.compare(args.a.read_bytes(), args.b.read_bytes(), [k for k in args.ignore.split(",") if k])
    except (OSError, ValueError) as exc:
        print(f"compare_glb: {exc}", file=sys.stderr)
        return 2
    for line in found:
        print(line)
    print("identical" if not found else f"{len(found)} difference(s)")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
