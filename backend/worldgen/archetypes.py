"""All archetypes: importing the theme modules registers them in REGISTRY."""

from . import arch_courtyard, arch_forest, arch_interior, arch_scifi, arch_studio  # noqa: F401  (registration)
# Archetypes described with the part grammar (parts.py), grouped by where people find them.
from . import (arch_castle, arch_creatures, arch_dock, arch_extra, arch_farm, arch_furniture, arch_graveyard, arch_home, arch_kitchen,  # noqa: F401
               arch_market, arch_nature, arch_office, arch_props, arch_scifi2, arch_street, arch_workshop)
from .archetype_base import REGISTRY, Archetype, Built, Light

__all__ = ["REGISTRY", "Archetype", "Built", "Light"]
