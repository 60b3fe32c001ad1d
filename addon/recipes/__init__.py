"""Recipes: each version's steps as a graph (``graph``), re-run only what changed (``run``), and
the "Worldsmith Recipe" node tree in the Node Editor (``tree``, ``ops``, ``ui``)."""
