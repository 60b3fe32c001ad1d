"""Add-on preferences and the "Install GPU backend" operator they show."""
