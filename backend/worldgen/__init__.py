"""World generation without a model: prompt parsing, archetypes, layout, cameras and lights.

prompt -> plan (slots with stable ids, world size) -> layout (poses, boxes) -> assemble (GLB).
"""
