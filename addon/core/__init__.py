"""Pure Worldsmith logic. Never imports bpy, bmesh or mathutils (a test walks the syntax trees)."""
