"""Our own deterministic GLB writer (see docs/ARCHITECTURE.md for why not pygltflib)."""

from .writer import GltfBuilder, r6, rl

__all__ = ["GltfBuilder", "r6", "rl"]
