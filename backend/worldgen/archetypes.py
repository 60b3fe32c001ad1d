"""All archetypes: importing the theme modules registers them in REGISTRY."""

from . import arch_courtyard, arch_forest, arch_interior, arch_scifi, arch_studio  # noqa: F401  (registration)
from .archetype_base import REGISTRY, Archetype, Built, Light

__all__ = ["REGISTRY", "Archetype", "Built", "Light"]
