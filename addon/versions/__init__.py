"""Versions as a tree: branch, rename, delete, notes, review, integrity; compare, side-by-side
renders, previews and repair; the Versions panel and its operators."""
