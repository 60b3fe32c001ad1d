"""What every Worldsmith panel shares: its place in the 3D viewport's sidebar."""

from __future__ import annotations


class WorldsmithSidebarPanel:
    """Mixin for panels in the "Worldsmith" tab of the 3D viewport's sidebar (N panel)."""

    bl_space_type = "VIEW_3D"
    bl_region_type = "UI"
    bl_category = "Worldsmith"
