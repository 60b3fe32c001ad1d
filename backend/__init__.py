"""Worldsmith generation backend (import name ``worldsmith_backend``).

A loopback HTTP service that turns world specs into GLB files. It never imports bpy.
"""

__version__ = "0.1.0"
