"""Prompt understanding without a model: setting, moods, named things, counts, relations, negations.

The parser walks the tokens once. At each position the longest phrase wins: a setting phrase
("throne room", "forest clearing") or a vocabulary noun ("lobster trap"); a word that is both (a
"pier", a "pond") votes for its setting and is a thing too. A count word or number before a noun
sets its count ("a dozen barrels", "2 carts"); adjectives before a noun set its material variant
("mossy rocks", "painted red stall"), and adjectives with no noun after them apply to the world.
"no" / "without" exclude the next noun (and those joined to it by "or", or listed with no article).
A preposition after a noun relates it to the next noun or setting part ("candles on the table",
"torches on the walls", "tents around the fire", "a chest in the corner"); "full of" / "shelves of"
put what follows on what came before. A word no table knows, standing where a noun stands (after
an article or count, before a boundary), is taken as a noun with no vocabulary entry: it becomes a
proxy, never dropped. Every other unknown word is reported as ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..textures import COLOURS
from .settings import MOOD_WORDS, SETTINGS, THEME_NAMES
from .vocabulary import entry, groups, max_phrase, phrases, singularize, tokens

THEMES = THEME_NAMES
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
_MAX_PREP = max(len(k) for k in PREPOSITIONS)
#: Parts of the setting a relation can point at.
SETTING_PARTS: dict[str, str] = {
    "wall": "walls", "walls": "walls", "corner": "corner", "corners": "corner", "middle": "centre",
    "centre": "centre", "center": "centre", "floor": "floor", "ground": "floor", "edge": "edge", "edges": "edge",
    "perimeter": "edge", "outskirts": "edge", "sides": "edge", "side": "edge", "ceiling": "ceiling",
    "rafters": "ceiling", "beams": "ceiling", "water": "water", "sea": "water", "waves": "water", "shore": "edge",
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
EMPTY_WORDS = frozenset({"empty", "bare", "vacant", "unfurnished", "deserted"})
BOUNDARY = frozenset({",", ".", ";", "and", "or", "with", "nor", "plus", "then", "but"})


@dataclass
class Mention:
    key: str  # canonical noun (the archetype name when one builds it)
    candidates: tuple[str, ...]
    count: int | None  # None: singular without a count word (1) or bare plural (DEFAULT_PLURAL)
    plural: bool
    variant: str | None
    words: str = ""  # the phrase as typed
    relation: str | None = None  # on | near | around | along | corner | centre | edge | ceiling | floor | water | ...
    target: int | None = None  # index of the mention the relation points at
    implied: bool = False  # named only as a relation's target ("on the table")
    known: bool = True  # False: no vocabulary entry (a guessed noun)
    filler: bool = False  # names what the place is made of ("pine forest"): as many as it needs

    @property
    def archetype(self) -> str:  # the name the original parser used
        return self.key


@dataclass
class ParsedPrompt:
    setting: str | None
    votes: dict[str, float]
    mentions: list[Mention] = field(default_factory=list)
    excluded: set[str] = field(default_factory=set)
    global_variant: str | None = None
    ignored: list[str] = field(default_factory=list)
    moods: list[str] = field(default_factory=list)
    no_enclosure: bool = False
    ground: str | None = None  # a ground the prompt names ("cobblestones", "sand")
    notes: list[str] = field(default_factory=list)
    empty: bool = False  # "an empty warehouse": the setting's structure and nothing else
    near_water: bool = False  # "by the lake", "along the shore": the setting gets a strip of water

    @property
    def theme(self) -> str | None:
        return self.setting


def tokenize(prompt: str) -> list[str]:
    """Lower-case words, keeping commas and full stops as clause boundaries."""
    return re.findall(r"[a-z0-9]+(?:[-'][a-z0-9]+)*|[,.;]", prompt.lower().replace("’", "'"))


@dataclass(frozen=True)
class _SettingTable:
    table: dict[tuple[str, ...], str]
    longest: int


def _setting_table() -> _SettingTable:
    table: dict[tuple[str, ...], str] = {}
    for s in SETTINGS.values():
        for w in s.words:
            table.setdefault(tokens(w), s.name)
    return _SettingTable(table, max(len(k) for k in table))


_SETTINGS = _setting_table()
STYLE_VOTES: dict[str, tuple[str, float]] = {"medieval": ("courtyard", 1.0), "fantasy": ("courtyard", 0.5),
                                             "victorian": ("interior", 0.5), "gothic": ("hall", 0.5),
                                             "pirate": ("dock", 0.5), "nautical": ("dock", 0.5),
                                             "rustic": ("farm_yard", 0.5), "tropical": ("beach", 1.0),
                                             "underwater": ("shore", 0.5), "western": ("street", 0.5)}
DEFAULT_PLURAL = 4


def _norm(toks: list[str]) -> list[str]:
    # "king's throne" tokenizes as one word; the vocabulary's phrases split at the apostrophe.
    out: list[str] = []
    for t in toks:
        out += t.replace("'", " ").split() if "'" in t else [t]
    return out


def _noun_at(toks: list[str], i: int) -> tuple[tuple[str, ...], bool, int] | None:
    table = phrases()
    for n in range(min(max_phrase(), len(toks) - i), 0, -1):
        hit = table.get(tuple(toks[i : i + n]))
        if hit:
            return hit[0], hit[1], n
    return None


def _setting_at(toks: list[str], i: int) -> tuple[str, int] | None:
    for n in range(min(_SETTINGS.longest, len(toks) - i), 0, -1):
        name = _SETTINGS.table.get(tuple(toks[i : i + n]))
        if name:
            return name, n
    return None


def _prep_at(toks: list[str], i: int) -> tuple[str, int] | None:
    for n in range(min(_MAX_PREP, len(toks) - i), 0, -1):
        kind = PREPOSITIONS.get(tuple(toks[i : i + n]))
        if kind:
            return kind, n
    return None


def _variant_word(toks: list[str], i: int) -> tuple[str | None, int]:
    t = toks[i]
    if t == "painted" and i + 1 < len(toks) and toks[i + 1] in COLOURS:
        return f"painted_{toks[i + 1]}", 2
    if t in COLOURS:
        return f"painted_{t}", 1
    if t in ADJECTIVES:
        return ADJECTIVES[t], 1
    return None, 0


def _looks_like_noun(toks: list[str], i: int, after_det: bool) -> bool:
    t = toks[i]
    if (t in STOP or t in NOT_THINGS or t in NUMBERS or t in NEGATIONS or not t.isalpha() or len(t) < 3
            or t.endswith(("ly", "ing", "ed", "ful", "ous", "ish", "ive", "less"))):
        return False
    nxt = toks[i + 1] if i + 1 < len(toks) else "."
    return after_det and (nxt in BOUNDARY or _prep_at(toks, i + 1) is not None)


def parse(prompt: str) -> ParsedPrompt:
    toks = _norm(tokenize(prompt))
    out = ParsedPrompt(None, {})
    votes = out.votes
    first_vote: dict[str, int] = {}

    def vote(name: str, w: float, at: int) -> None:
        votes[name] = votes.get(name, 0.0) + w
        first_vote.setdefault(name, at)

    count: int | None = None
    variant: str | None = None
    negate = False
    negate_list = False  # "no trees, rocks or bushes": the list continues the negation
    relation: str | None = None
    rel_subject: int | None = None  # the mention a pending relation belongs to
    after_det = False
    last: int | None = None  # index of the last mention
    prev_setting_end = -1
    i = 0
    while i < len(toks):
        t = toks[i]
        setting_hit = _setting_at(toks, i)
        noun_hit = _noun_at(toks, i)
        # Relations pointing at parts of the setting ("on the walls", "in the corner").
        if relation is not None and t in SETTING_PARTS and not (noun_hit and noun_hit[2] > 1) and not setting_hit:
            part = SETTING_PARTS[t]
            if rel_subject is not None and relation not in ("of", "filled"):  # "a barrel of water": contents
                m = out.mentions[rel_subject]
                if part == "it":
                    target = _it_target(out, rel_subject)
                    if target is not None and relation in ("on", "in", "filled", "of", "near"):
                        m.relation, m.target = "on" if relation != "near" else "near", target
                elif part == "walls" and relation in ("on", "along", "near", "in"):
                    m.relation = "walls"
                elif part == "entrance":
                    m.relation = "entrance"
                elif part == "floor" and relation in ("on", "in"):
                    m.relation = "floor"
                elif part != "floor":
                    m.relation = part
            relation, count, variant, after_det = None, None, None, False
            i += 1
            continue
        if setting_hit and (not noun_hit or setting_hit[1] >= noun_hit[2]):
            name, n = setting_hit
            is_noun = noun_hit is not None and noun_hit[2] == n
            # In "fishing village dock" the last word names the place: the head of the compound.
            weight = (2.0 if is_noun else 3.0) + (0.5 if prev_setting_end == i else 0.0)
            if relation in ("near", "along"):  # "a campsite by the lake": the lake is what is nearby
                weight = 1.5
                out.near_water = out.near_water or SETTINGS[name].water
            vote(name, weight, i)
            prev_setting_end = i + n
            if variant is not None and not is_noun:  # "a mossy courtyard": the adjective is for the world
                out.global_variant, variant = variant, None
            modifier = is_noun and i + n < len(toks) and (_setting_at(toks, i + n) or _noun_at(toks, i + n))
            if not is_noun or modifier:
                # "spaceship hallway": a setting word before another names the place, not a thing in it.
                count, after_det, relation = None, False, None
                i += n
                continue
        if noun_hit and toks[i + noun_hit[2] : i + noun_hit[2] + 1] == ["s"] and not negate:
            # A possessive names whose place it is, not a thing in it: "a dragon's lair", "the wizard's study".
            for s_ in entry(noun_hit[0][0]).settings[:1] if not noun_hit[0][0].startswith("@") else ():
                vote(s_, 1.0, i)
            count, variant, relation, after_det = None, None, None, False
            i += noun_hit[2] + 1
            continue
        if noun_hit:
            cands, plural, n = noun_hit
            words = " ".join(toks[i : i + n])
            place = _setting_at(toks, i + n) if i + n < len(toks) and not negate else None
            if place and place[0] not in entry(cands[0]).settings:
                # "a wizard tower library": a thing naming the kind of place is no thing in it.
                count, variant, relation, after_det = None, None, None, False
                i += n
                continue
            grove = place is not None  # "a birch grove", "a pine forest": the place is made of them
            if grove and i > 0 and toks[i - 1] in ("a", "an", "the"):
                count = None  # the article is the place's
            if cands[0].startswith("@"):  # a collective word: "old furniture", "fishing gear"
                members = groups()[cands[0][1:]]
                if negate:
                    out.excluded.update(members)
                else:
                    out.mentions += [Mention(k, (k,), count, False, variant, words) for k in members]
                    last = len(out.mentions) - 1
                count, variant, relation, after_det = None, None, None, False
                i += n
                continue
            if negate:
                for key in cands:
                    out.excluded.add(key)
                if any(entry(k).category == "enclosure" or k in ("fence", "iron_fence") for k in cands):
                    out.no_enclosure = True
                negate_list = True
            else:
                m = Mention(cands[0], cands, count, plural or grove, variant, words, filler=grove)
                e = entry(cands[0])
                if e.place == "structural":
                    _structural(out, m, e)
                else:
                    out.mentions.append(m)
                    idx = len(out.mentions) - 1
                    if relation is not None and rel_subject is not None:
                        _relate(out, rel_subject, idx, relation)
                    elif (last is not None and toks[i - 1] == "with" and entry(out.mentions[last].key).surface
                          and e.place == "on_surface"):
                        m.relation, m.target = "on", last  # "a table with candles"
                    last = idx
                for s in e.settings[:1]:
                    vote(s, 1.0, i)
                for s in e.settings[1:3]:
                    vote(s, 0.5, i)
            count, variant, relation, after_det = None, None, None, False
            negate = negate and toks[i + n : i + n + 1] in (["or"], ["nor"], [","])
            i += n
            continue
        prep = _prep_at(toks, i)
        if prep is not None and not (prep[0] == "of" and count is not None):
            kind, n = prep
            if kind == "of" and (last is None or not entry(out.mentions[last].key).surface):
                i += 1
                continue
            relation, rel_subject = kind, last
            count, variant, after_det = None, None, False
            if kind in ("filled", "of") and last is not None:
                rel_subject = last
            i += n
            continue
        v, n = _variant_word(toks, i)
        if v is not None and (i + n < len(toks) and _noun_at(toks, i + n) or t not in MOOD_WORDS):
            variant = v
            after_det = True
            i += n
            continue
        if t in EMPTY_WORDS:
            out.empty = True
            i += 1
            continue
        if t in MOOD_WORDS:
            mood = MOOD_WORDS[t]
            if mood not in out.moods:
                out.moods.append(mood)
        elif t in STYLE_VOTES:
            vote(*STYLE_VOTES[t], i)
        elif t in NEGATIONS:
            negate = True
            negate_list = False
        elif t.isdigit():
            count = max(0, min(int(t), 1000))
            after_det = True
            negate = negate and not negate_list  # "no trees, a campfire": the list ended
        elif t in NUMBERS:
            count = NUMBERS[t] if count is None or t not in ("a", "an") else count
            after_det = True
            negate = negate and not negate_list
        elif t in BOUNDARY:
            if t in (",", ".", ";"):
                if not negate_list:
                    negate = False
                relation = None
            count, variant = None, None  # "a fairy ring, an old well": a count ends with its clause
            # In a list ("a piano, poker tables, spittoons and a poster") the next word may be a thing.
            after_det = t in (",", "and", "or") and last is not None
        elif t in ("the", "its", "their", "his", "her", "my", "our", "your", "this", "that", "these", "those"):
            after_det = True
            negate = negate and not negate_list
        elif t not in STOP:
            if _looks_like_noun(toks, i, after_det) and not negate:
                key = singularize(t)
                m = Mention(key, (key,), count, key != t, variant, t, known=False)
                out.mentions.append(m)
                if relation is not None and rel_subject is not None:
                    _relate(out, rel_subject, len(out.mentions) - 1, relation)
                last = len(out.mentions) - 1
                count, variant, relation, after_det = None, None, None, False
            elif _looks_like_noun(toks, i, after_det) and negate:
                out.excluded.add(singularize(t))
            else:
                out.ignored.append(t)
                after_det = after_det and t not in ("is", "are")
        i += 1
    if variant is not None:
        out.global_variant = variant
    if votes:
        out.setting = max(sorted(votes), key=lambda k: (votes[k], -first_vote[k]))
    return out


def _structural(out: ParsedPrompt, m: Mention, e) -> None:
    """Grounds and enclosures the prompt names: they change the setting's pieces."""
    if e.category == "ground":
        out.ground = m.key
        if m.variant:
            out.notes.append(f"ground:{m.variant}")
    elif e.category == "enclosure" and m.variant:
        out.notes.append(f"wall:{m.variant}")


def _relate(out: ParsedPrompt, subject: int, target: int, kind: str) -> None:
    s, t = out.mentions[subject], out.mentions[target]
    if kind in ("filled", "of"):  # "shelves of bread": the second thing goes on the first
        t.relation, t.target = "on", subject
        return
    if kind == "in" and not entry(t.key).surface and entry(t.key).category not in ("container", "vehicle"):
        kind = "near"
    s.relation, s.target = ("on" if kind == "in" else kind), target
    if not any(m is not t and m.key == t.key and not m.implied for m in out.mentions[:target]):
        t.implied = t.count is None and not t.plural  # "on the table": a table the prompt names in passing


def _it_target(out: ParsedPrompt, subject: int) -> int | None:
    for j in range(subject - 1, -1, -1):
        if entry(out.mentions[j].key).surface:
            return j
    return subject - 1 if subject > 0 else None


def resolve(parsed: ParsedPrompt, setting: str) -> list[Mention]:
    """Pick, for each mention, the candidate whose usual settings include ``setting`` (else the first)."""
    out = []
    for m in parsed.mentions:
        pick = next((c for c in m.candidates if setting in entry(c).settings), m.candidates[0])
        out.append(Mention(pick, m.candidates, m.count, m.plural, m.variant, m.words, m.relation, m.target,
                           m.implied, m.known, m.filler))
    return out


def resolved_count(m: Mention) -> int:
    if m.count is not None:
        return m.count
    return DEFAULT_PLURAL if m.plural else 1
