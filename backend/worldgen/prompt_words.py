"""The words the prompt parser knows besides nouns and settings: counts, adjectives, filler,
negations, prepositions and the relations they make, parts of a setting a relation can point at,
words that never name a thing, and style words that hint at a setting. Data, like the vocabulary."""

from __future__ import annotations

NUMBERS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "single": 1, "lone": 1, "two": 2, "pair": 2, "couple": 2, "both": 2, "three": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
    "few": 3, "several": 4, "some": 3, "many": 8, "lots": 8, "lot": 8, "dozen": 12, "dozens": 24, "multiple": 3,
    "handful": 5, "bunch": 5, "plenty": 8, "numerous": 8, "various": 4, "assorted": 4, "loads": 8, "tons": 12,
    "countless": 16, "row": 6, "rows": 12, "group": 4, "cluster": 5, "circle": 6, "ring": 6, "line": 6,
    "scattered": 5, "stacks": 6, "heaps": 6, "piles": 6,
}
ADJECTIVES: dict[str, str] = {
    "mossy": "mossy", "moss": "mossy", "overgrown": "mossy", "weathered": "weathered", "old": "weathered",
    "aged": "weathered", "ancient": "weathered", "worn": "worn", "rusty": "rusty", "rusted": "rusty",
    "corroded": "rusty", "warm": "warm", "cozy": "warm", "cosy": "warm", "cool": "cool", "cold": "cool",
    "dark": "dark", "light": "light", "bright": "light", "polished": "polished", "shiny": "polished",
    "glossy": "polished", "dusty": "weathered", "battered": "worn", "broken": "worn", "pale": "light",
    "gilded": "polished", "golden": "painted_yellow", "gold": "painted_yellow", "snowy": "light",
    "frozen": "cool", "icy": "cool",
}
STOP = frozenset("""a an the with and on of in at to for by from into onto near next beside along some its their
    there is are be it this that as or plus also have has having lot lots full filled against around over under
    inside outside behind front each other which where small big large little tall short nice beautiful tiny huge
    giant massive wooden stone iron metal steel brass copper marble glass leather velvet wicker made scene view
    shot setting place area spot style render image picture of very quite really all both them they we i my our
    your his her lit well-lit standing sitting lying hanging set placed arranged filling covering dotted lined
    against across among amongst between up down out off while just only more most lots rather still even
    another extra plenty various assorted different same other few w s""".split())
NEGATIONS = frozenset({"no", "without", "not", "except", "excluding", "minus", "nor", "never", "zero", "none"})
#: Preposition phrases -> relation kind.
PREPOSITIONS: dict[tuple[str, ...], str] = {
    ("on",): "on", ("upon",): "on", ("atop",): "on", ("onto",): "on", ("on", "top", "of"): "on", ("in",): "in",
    ("inside",): "in", ("at",): "in", ("under",): "near", ("beneath",): "near", ("below",): "near",
    ("underneath",): "near", ("next", "to"): "near", ("beside",): "near", ("by",): "near", ("near",): "near",
    ("close", "to"): "near", ("alongside",): "near", ("behind",): "near", ("in", "front", "of"): "near",
    ("beside", "the"): "near", ("around",): "around", ("round",): "around", ("surrounding",): "around",
    ("circling",): "around", ("encircling",): "around", ("ringing",): "around", ("along",): "along",
    ("against",): "along", ("lining",): "along", ("hanging", "from"): "ceiling", ("from",): "in",
    ("full", "of"): "filled", ("filled", "with"): "filled", ("covered", "in"): "filled", ("covered", "with"): "filled",
    ("stacked", "with"): "filled", ("piled", "with"): "filled", ("laden", "with"): "filled", ("loaded", "with"): "filled",
    ("stocked", "with"): "filled", ("of",): "of",
}
MAX_PREP = max(len(k) for k in PREPOSITIONS)
#: Parts of the setting a relation can point at.
SETTING_PARTS: dict[str, str] = {
    "wall": "walls", "walls": "walls", "corner": "corner", "corners": "corner", "middle": "centre",
    "centre": "centre", "center": "centre", "floor": "floor", "ground": "floor", "edge": "edge", "edges": "edge",
    "perimeter": "edge", "outskirts": "edge", "sides": "edge", "side": "edge", "ceiling": "ceiling",
    "rafters": "ceiling", "beams": "ceiling", "water": "water", "sea": "water", "waves": "water", "shore": "waterside",
    "waterline": "waterside", "quay": "waterside", "quayside": "waterside", "waterfront": "waterside",
    "entrance": "entrance", "door": "entrance", "doorway": "entrance", "gate": "entrance", "path": "path",
    "road": "path", "street": "path", "way": "path", "background": "edge", "distance": "edge",
    "foreground": "entrance", "room": "floor", "square": "floor", "it": "it", "them": "it", "top": "it",
}
#: Words that stand where nouns stand but name no thing (never guessed as proxies).
NOT_THINGS = frozenset("""time day night morning evening afternoon noon dusk dawn sunset sunrise light lighting
    mood atmosphere feel feeling vibe look style color colour colours colors tone detail details kind sort type
    variety range number amount bit lot piece pieces set theme scene view shot place area space spot world
    version sunlight moonlight shadow shadows weather season summer winter spring autumn fall background
    foreground distance middle centre center side sides edge edges corner corners wall walls floor ground
    ceiling it them thing things stuff everything something anything nothing""".split())
DETERMINERS = frozenset({"the", "its", "their", "his", "her", "my", "our", "your", "this", "that", "these", "those"})
EMPTY_WORDS = frozenset({"empty", "bare", "vacant", "unfurnished", "deserted"})
BOUNDARY = frozenset({",", ".", ";", "and", "or", "with", "nor", "plus", "then", "but"})
STYLE_VOTES: dict[str, tuple[str, float]] = {"medieval": ("courtyard", 1.0), "fantasy": ("courtyard", 0.5),
                                             "victorian": ("interior", 0.5), "gothic": ("hall", 0.5),
                                             "pirate": ("dock", 0.5), "nautical": ("dock", 0.5),
                                             "rustic": ("farm_yard", 0.5), "tropical": ("beach", 1.0),
                                             "underwater": ("shore", 0.5), "western": ("street", 0.5)}
MAX_PREP = max(len(k) for k in PREPOSITIONS)
