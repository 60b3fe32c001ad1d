"""The object vocabulary (vocabulary.json), loaded once: nouns, synonyms, plurals, sizes, placement.

The data file is the source of truth; this module only reads it. Every key is a canonical
snake_case noun and the name of the archetype that builds it: whether a thing comes back as a real
shape or as a proxy is decided by looking the key up in the archetype registry at plan time, so a
newly registered archetype turns its noun into a real shape with no change here. Words of registered
archetypes that the vocabulary lacks are added as synonyms, after the vocabulary's own.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import proxies  # noqa: F401  (registers the proxy archetype)
from .archetypes import REGISTRY

PATH = Path(__file__).with_name("vocabulary.json")
PLACEMENTS = ("floor", "against_wall", "wall_mounted", "ceiling", "on_surface", "edge", "centre", "clustered",
              "path", "structural")
UNCOUNTABLE = frozenset({"sheep", "deer", "fish", "hay", "grass", "sand", "water", "dirt", "mud", "gravel", "bread",
                         "food", "produce", "rubble", "debris", "ivy", "wine", "firewood", "driftwood", "bracken",
                         "shrubbery", "undergrowth", "cattle", "luggage", "pipework", "piping", "paving", "cargo",
                         "packaging", "artillery", "ore", "tiles", "planking", "earth", "soil", "shelving", "fencing",
                         "hedgerow", "herbs", "crops", "toys", "bones", "pews", "rails", "tracks", "chains", "stairs",
                         "steps", "drums", "bars", "dunes", "reeds"})
_TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Entry:
    key: str
    words: tuple[str, ...]
    size_min: tuple[float, float, float]
    size_max: tuple[float, float, float]
    place: str
    companions: tuple[str, ...]
    materials: tuple[str, ...]
    category: str
    settings: tuple[str, ...]
    surface: bool = False  # other things can stand on it ("on the table")
    water: bool = False  # goes on the water where the setting has some (boats, buoys)

    @property
    def size(self) -> tuple[float, float, float]:
        """The nominal size: the middle of the real-world range (what a proxy is built at)."""
        return tuple(round((a + b) / 2, 2) for a, b in zip(self.size_min, self.size_max))  # type: ignore[return-value]

    @property
    def display(self) -> str:
        return self.key.replace("_", " ").title()


def tokens(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(text.lower()))


def pluralize(word: str) -> str:
    """The regular English plural of a phrase's head: its last word, or the word before "of"
    ("coils of rope"). Irregular plurals are in the data."""
    if " of " in word:
        head_part, _, rest = word.partition(" of ")
        return f"{pluralize(head_part)} of {rest}"
    *head, last = word.split(" ")
    if last in UNCOUNTABLE or last.endswith("s") and not last.endswith(("ss", "us")):
        plural = last
    elif last.endswith(("ss", "x", "ch", "sh", "z", "us")):
        plural = last + "es"
    elif last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
        plural = last[:-1] + "ies"
    else:
        plural = last + "s"
    return " ".join(head + [plural])


def singularize(word: str) -> str:
    """Best guess at the singular of an unknown word (for proxies of nouns the data lacks)."""
    if word in UNCOUNTABLE or len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses", "zes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


@lru_cache(maxsize=1)
def entries() -> dict[str, Entry]:
    raw = json.loads(PATH.read_text(encoding="utf-8"))
    out: dict[str, Entry] = {}
    for key, e in raw.items():
        if key.startswith("_"):
            continue
        if e["place"] not in PLACEMENTS:
            raise ValueError(f"vocabulary.json: {key}: place {e['place']!r} is not one of {PLACEMENTS}")
        out[key] = Entry(key, tuple(e["words"]), tuple(e["size"][0]), tuple(e["size"][1]), e["place"],
                         tuple(e.get("with", ())), tuple(e.get("materials", ())), e.get("category", "thing"),
                         tuple(e.get("settings", ())), bool(e.get("surface")), bool(e.get("water")))
    return out


@lru_cache(maxsize=1)
def groups() -> dict[str, tuple[str, ...]]:
    """Collective words ("furniture", "fishing gear") -> the things they stand for."""
    raw = json.loads(PATH.read_text(encoding="utf-8")).get("_groups", {})
    return {k: tuple(v) for k, v in raw.items()}


def entry(key: str) -> Entry:
    """The vocabulary entry for ``key``; a registered archetype the data lacks gets one from its
    footprint, and an unknown noun a generic one (a proxy of about a metre)."""
    e = entries().get(key)
    if e is not None:
        return e
    a = REGISTRY.get(key)
    if a is not None:
        w, d = (max(0.1, float(v)) for v in a.footprint)
        place = {"wall": "wall_mounted", "on_plinth": "on_surface"}.get(a.placement, a.placement)
        return Entry(key, a.words, (w, 1.0, d), (w, 1.0, d), place, (), (), "thing", a.themes)
    return Entry(key, (key.replace("_", " "),), (0.6, 0.6, 0.6), (1.0, 1.0, 1.0), "floor", (), (), "thing", ())


def is_real(key: str) -> bool:
    """Whether an archetype builds ``key`` (else it comes back as a proxy)."""
    return key in REGISTRY and key != proxies.PROXY


@lru_cache(maxsize=1)
def phrases() -> dict[tuple[str, ...], tuple[tuple[str, ...], bool]]:
    """Phrase tokens -> (candidate keys in preference order, plural). The vocabulary's own words
    first, then the words registered archetypes bring that the vocabulary lacks."""
    table: dict[tuple[str, ...], tuple[tuple[str, ...], bool]] = {}

    def add(phrase: str, key: str, plural: bool) -> None:
        toks = tokens(phrase)
        if not toks:
            return
        keys, pl = table.get(toks, ((), plural))
        if key not in keys:
            table[toks] = (keys + (key,), pl and plural)

    sources: list[tuple[str, tuple[str, ...]]] = [(k, e.words + (k.replace("_", " "),)) for k, e in entries().items()]
    sources += [(a.name, a.words + (a.name.replace("_", " "),)) for a in sorted(REGISTRY.values(), key=lambda a: a.name)
                if a.name not in entries()]
    sources += [(f"@{g}", (g,)) for g in groups()]
    for explicit in (True, False):  # singular and explicit plurals first, rule plurals after
        for key, words in sources:
            for w in words:
                sing, _, irregular = w.partition("/")
                if explicit:
                    add(sing, key, sing in UNCOUNTABLE and sing.endswith("s"))
                    if irregular:
                        add(irregular, key, True)
                elif not irregular:
                    plural = pluralize(sing)
                    if plural != sing:
                        add(plural, key, True)
    return table


@lru_cache(maxsize=1)
def max_phrase() -> int:
    return max(len(k) for k in phrases())


def counts() -> dict[str, int]:
    keys = [k for k in entries() if entries()[k].place != "structural" and k != proxies.PROXY]
    real = [k for k in keys if is_real(k)]
    return {"nouns": len(keys), "real": len(real), "proxy": len(keys) - len(real), "phrases": len(phrases())}


def missing_entries() -> list[str]:
    """Registered archetypes with no vocabulary entry (the data should name every one)."""
    return sorted(k for k in REGISTRY if k not in entries())
