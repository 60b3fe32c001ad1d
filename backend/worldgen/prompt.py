"""Prompt understanding without a model: themes, archetype nouns, counts, adjectives, exclusions.

The parser walks the tokens once. Multi-word archetype phrases ("market stall") win over single
words. A count word or number before a noun sets its count; adjectives before a noun set its
material variant ("mossy rocks", "painted red stall"), and adjectives with no noun after them
apply to the whole world. "no"/"without" exclude the next noun. Every other word that is not a
stop word is reported as ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..textures import COLOURS
from .archetypes import REGISTRY

THEMES = ("courtyard", "forest", "product_studio", "interior", "scifi_corridor")
THEME_WORDS: dict[str, str] = {
    "courtyard": "courtyard", "medieval": "courtyard", "castle": "courtyard", "market": "courtyard",
    "village": "courtyard", "square": "courtyard", "plaza": "courtyard", "town": "courtyard",
    "forest": "forest", "clearing": "forest", "woods": "forest", "woodland": "forest", "glade": "forest",
    "camp": "forest", "campsite": "forest", "jungle": "forest",
    "studio": "product_studio", "product": "product_studio", "packshot": "product_studio",
    "showcase": "product_studio", "hero": "product_studio",
    "room": "interior", "interior": "interior", "living": "interior", "bedroom": "interior",
    "office": "interior", "lounge": "interior", "apartment": "interior", "library": "interior",
    "sci-fi": "scifi_corridor", "scifi": "scifi_corridor", "corridor": "scifi_corridor",
    "spaceship": "scifi_corridor", "starship": "scifi_corridor", "station": "scifi_corridor",
    "futuristic": "scifi_corridor", "hallway": "scifi_corridor", "spacecraft": "scifi_corridor",
}
NUMBERS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "pair": 2, "couple": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "few": 3, "several": 4, "some": 3, "many": 8, "lots": 8, "dozen": 12, "multiple": 3,
}
ADJECTIVES: dict[str, str] = {
    "mossy": "mossy", "moss": "mossy", "overgrown": "mossy", "weathered": "weathered", "old": "weathered",
    "aged": "weathered", "ancient": "weathered", "worn": "worn", "rusty": "rusty", "rusted": "rusty",
    "corroded": "rusty", "warm": "warm", "cozy": "warm", "cosy": "warm", "cool": "cool", "cold": "cool",
    "dark": "dark", "light": "light", "bright": "light", "polished": "polished", "shiny": "polished",
    "glossy": "polished",
}
STOP = frozenset("""a an the with and on of in at to for by from into onto near next beside by along
    some its their there is are be it this that as or plus also have has having lot lots full filled
    against around over under inside outside behind front each other which where small big large
    little tall short nice beautiful""".split())
NEGATIONS = frozenset({"no", "without", "not", "except", "excluding", "minus"})
#: Nouns that cover a family when excluded ("no trees" also removes pine trees).
FAMILIES: dict[str, tuple[str, ...]] = {"tree": ("tree", "pine_tree"), "crate": ("crate", "crate_stack", "cargo_crate")}
#: Plural forms: a bare plural with no count gets this many.
DEFAULT_PLURAL = 4


@dataclass
class Mention:
    archetype: str
    candidates: tuple[str, ...]
    count: int | None  # None: singular without a count word (means 1) or plural (DEFAULT_PLURAL)
    plural: bool
    variant: str | None


@dataclass
class ParsedPrompt:
    theme: str | None
    theme_votes: dict[str, int]
    mentions: list[Mention] = field(default_factory=list)
    excluded: set[str] = field(default_factory=set)
    global_variant: str | None = None
    ignored: list[str] = field(default_factory=list)


def _phrase_table() -> dict[tuple[str, ...], tuple[tuple[str, ...], bool]]:
    """Phrase -> (candidate archetypes, plural). Words like "wall" belong to several themes'
    archetypes; the theme picks one after the whole prompt is read."""
    table: dict[tuple[str, ...], tuple[tuple[str, ...], bool]] = {}
    for a in sorted(REGISTRY.values(), key=lambda a: a.name):
        for w in a.words:
            toks = tuple(w.split())
            plural = toks[-1].endswith("s") and toks[-1] not in ("glass", "moss", "cypress") and w != a.words[0]
            names, pl = table.get(toks, ((), plural))
            table[toks] = (names + (a.name,), pl)
    return table


_PHRASES = _phrase_table()
_MAX_PHRASE = max(len(k) for k in _PHRASES)


def tokenize(prompt: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", prompt.lower())


def _variant_word(toks: list[str], i: int) -> tuple[str | None, int]:
    """An adjective (or "painted red" / "red") at i: (variant, tokens consumed)."""
    t = toks[i]
    if t == "painted" and i + 1 < len(toks) and toks[i + 1] in COLOURS:
        return f"painted_{toks[i + 1]}", 2
    if t in COLOURS:
        return f"painted_{t}", 1
    if t in ADJECTIVES:
        return ADJECTIVES[t], 1
    return None, 0


def parse(prompt: str) -> ParsedPrompt:
    toks = tokenize(prompt)
    votes: dict[str, int] = {}
    out = ParsedPrompt(None, votes)
    count: int | None = None
    variant: str | None = None
    negate = False
    i = 0
    while i < len(toks):
        t = toks[i]
        match = None
        for n in range(min(_MAX_PHRASE, len(toks) - i), 0, -1):
            key = tuple(toks[i : i + n])
            if key in _PHRASES:
                match = (_PHRASES[key], n)
                break
        # "light" is an adjective unless it ends a noun phrase ("a light" / "studio lights").
        if match and t == "light" and i + 1 < len(toks) and _match_at(toks, i + 1):
            match = None
        if match:
            (cands, plural), n = match
            if negate:
                for arch in cands:
                    out.excluded.update(FAMILIES.get(arch, (arch,)))
            else:
                out.mentions.append(Mention(cands[0], cands, count, plural, variant))
            if len(cands) == 1:  # ambiguous words ("wall") say nothing about the theme
                votes_for = REGISTRY[cands[0]].themes[0]
                votes[votes_for] = votes.get(votes_for, 0) + 1
            count, variant, negate = None, None, False
            i += n
            continue
        v, n = _variant_word(toks, i)
        if v is not None:
            variant = v
            i += n
            continue
        if t in THEME_WORDS:
            votes[THEME_WORDS[t]] = votes.get(THEME_WORDS[t], 0) + 3
            count = None
            if variant is not None:  # "a mossy courtyard": the adjective is for the world
                out.global_variant = variant
                variant = None
        elif t in NEGATIONS:
            negate = True
        elif t.isdigit():
            count = max(0, min(int(t), 1000))
        elif t in NUMBERS:
            count = NUMBERS[t] if count is None or t not in ("a", "an") else count
        elif t not in STOP:
            out.ignored.append(t)
            count = None
        i += 1
    if variant is not None:
        out.global_variant = variant
    if votes:
        out.theme = max(sorted(votes), key=lambda k: votes[k])
    return out


def resolve(parsed: ParsedPrompt, theme: str) -> list[Mention]:
    """Pick, for each mention, the candidate archetype that belongs to ``theme`` (else the first)."""
    out = []
    for m in parsed.mentions:
        pick = next((c for c in m.candidates if theme in REGISTRY[c].themes), m.candidates[0])
        out.append(Mention(pick, m.candidates, m.count, m.plural, m.variant))
    return out


def _match_at(toks: list[str], i: int) -> bool:
    return any(tuple(toks[i : i + n]) in _PHRASES for n in range(1, _MAX_PHRASE + 1))


def resolved_count(m: Mention) -> int:
    if m.count is not None:
        return m.count
    return DEFAULT_PLURAL if m.plural else 1
