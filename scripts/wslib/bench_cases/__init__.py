"""Benchmark cases by area (``scripts/bench.py <filter>``); each module registers its cases with
``wslib.bench.case`` when imported."""
