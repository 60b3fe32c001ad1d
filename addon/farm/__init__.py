"""Farm: hand a world to a render farm as an Open Job Description job bundle (``bundle``: what the
world says, templates from ``core.farm``), its settings (``props``), operator (``ops``) and the
Farm sub-panel of Export (``ui``)."""
