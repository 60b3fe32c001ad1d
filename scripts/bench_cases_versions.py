"""Registers the versions benchmarks (scripts/bench_versions.py) with scripts/bench.py.

    scripts/bench.py versions
"""

from __future__ import annotations


def register(case, median_time, row, bpy_ready) -> None:
    import bench_versions

    for name, func in bench_versions.cases().items():
        case(name)(func)
