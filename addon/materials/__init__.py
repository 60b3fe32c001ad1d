"""Materials of generated worlds: the library, slot reassignment, quick edits, retexture, the
Materials panel and its operators."""
