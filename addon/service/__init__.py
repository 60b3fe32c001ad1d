"""Talking to the generation backend: HTTP client, process manager, the one job-polling loop, and
the GPU backend installer. No bpy here: everything is unit tested in plain Python."""
