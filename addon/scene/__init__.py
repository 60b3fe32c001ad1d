"""What every feature shares: world and version handles over collections, the stored version
records (read, write, who, recipe steps, the frozen rule), asset lookups, copy-on-write,
visibility and the compare state, backend settings from the preferences, and the UI base classes."""
