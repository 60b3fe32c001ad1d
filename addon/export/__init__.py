"""Validation and export through Blender's exporters, engine presets and game preparation (LODs,
collision, sockets); the Export panel and its operators."""
