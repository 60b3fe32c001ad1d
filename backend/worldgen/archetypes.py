"""All archetypes: importing the theme modules registers them in REGISTRY."""

from . import arch_courtyard, arch_forest, arch_interior, arch_scifi, arch_studio  # noqa: F401  (registration)
# Archetypes described with the part grammar (parts.py), grouped by where people find them.
from . import (arch_castle, arch_dock, arch_furniture, arch_kitchen, arch_nature, arch_office,  # noqa: F401
               arch_street)
from .archetype_base import REGISTRY, Archetype, Built, Light

__all__ = ["REGISTRY", "Archetype", "Built", "Light"]
