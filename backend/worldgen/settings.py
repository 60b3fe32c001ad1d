"""Settings: the place a prompt describes, composed of ground, enclosure, entrance, lighting and looks.

A setting is data. ``shape`` says how the structure is laid out (walled: four sides with an entrance
in the front; open: no enclosure; corridor / street: two long sides; studio: a backdrop); ``ground``,
``wall`` and ``entrance`` name the structural archetypes; ``essentials`` are what makes the place
read as itself (trees around a clearing) and are added unless the prompt excludes them or names its
own kind of them; ``defaults`` are the full mix for a prompt that names nothing. Moods change looks
(material variants) and lights. The five original themes are settings with the same names.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .arch_courtyard import GATE_W, WALL_T
from .arch_interior import DOOR_W, ROOM_WALL_T
from .arch_scifi import BULK_T, CORRIDOR_W
from .setting_pieces import PIECES


@dataclass(frozen=True)
class Lighting:
    """Key and fill as two directional lights (W/m2, colour, elevation, azimuth in degrees)."""
    key_color: tuple[float, float, float]
    key_w: float
    key_el: float
    key_az: float
    fill_color: tuple[float, float, float]
    fill_w: float
    fill_el: float = 25.0
    fill_az: float = 215.0


LIGHTING: dict[str, Lighting] = {
    # Warm key, cool fill from the opposite side: the key models form, the fill keeps shadows readable.
    "day": Lighting((1.0, 0.95, 0.86), 3.0, 50.0, 35.0, (0.72, 0.83, 1.0), 0.8),
    "interior": Lighting((1.0, 0.9, 0.76), 2.2, 35.0, 35.0, (0.75, 0.85, 1.0), 0.6),
    # A dim, cold moon and a blue fill that keeps the dark readable; the practical lights (street
    # lamps, lanterns, torches, candles) carry the scene.
    "night": Lighting((0.62, 0.72, 1.0), 0.7, 40.0, 35.0, (0.42, 0.52, 0.9), 0.5),
    "studio": Lighting((1.0, 0.98, 0.95), 3.0, 45.0, 30.0, (0.9, 0.94, 1.0), 1.2, 20.0, 240.0),
}


@dataclass(frozen=True)
class Mood:
    name: str
    words: tuple[str, ...]
    lighting: str | None = None  # replaces the setting's lighting ("haunted" -> night)
    key_scale: float = 1.0
    key_tint: tuple[float, float, float] = (1.0, 1.0, 1.0)
    fill_tint: tuple[float, float, float] = (1.0, 1.0, 1.0)
    key_el: float | None = None
    ground_look: str | None = None
    wall_look: str | None = None
    prop_look: str | None = None  # a variant for every prop the prompt gives no adjective


MOODS: dict[str, Mood] = {m.name: m for m in (
    Mood("haunted", ("haunted", "spooky", "creepy", "eerie", "cursed", "ghostly", "sinister"), "night",
         key_tint=(0.8, 1.0, 0.9), fill_tint=(0.8, 1.1, 0.9), ground_look="weathered", wall_look="weathered",
         prop_look="weathered"),
    Mood("snowy", ("snowy", "snow", "winter", "wintry", "frozen", "icy", "frosty", "snowbound"),
         key_tint=(0.92, 0.97, 1.05), key_scale=1.1, key_el=30.0, ground_look="painted_white", wall_look="cool",
         prop_look="cool"),
    Mood("abandoned", ("abandoned", "derelict", "forgotten", "neglected", "dusty", "decrepit", "ruined",
                       "crumbling"),
         key_scale=0.7, ground_look="weathered", wall_look="weathered", prop_look="weathered"),
    Mood("rainy", ("rainy", "rain", "wet", "stormy", "storm", "drizzly", "overcast", "gloomy"),
         key_scale=0.45, key_tint=(0.85, 0.9, 1.0), ground_look="dark", wall_look="dark"),
    Mood("autumn", ("autumn", "autumnal", "fall"), key_tint=(1.08, 0.95, 0.78), key_el=30.0,
         prop_look="warm", ground_look="warm"),
    Mood("night", ("night", "nighttime", "midnight", "moonlit", "moonlight"), "night"),
    Mood("sunset", ("sunset", "dusk", "evening", "twilight", "sundown"), key_scale=0.8,
         key_tint=(1.1, 0.75, 0.5), fill_tint=(0.8, 0.75, 1.1), key_el=12.0),
    Mood("dawn", ("dawn", "sunrise", "morning"), key_scale=0.9, key_tint=(1.08, 0.88, 0.78), key_el=18.0),
    Mood("foggy", ("foggy", "misty", "hazy", "fog", "mist"), key_scale=0.6, fill_tint=(1.3, 1.3, 1.3)),
    Mood("cozy", ("cozy", "cosy", "warm", "homely", "snug"), key_tint=(1.08, 0.94, 0.8), prop_look="warm"),
    Mood("sunny", ("sunny", "bright", "summer", "sunlit"), key_scale=1.25),
    Mood("overgrown", ("overgrown", "mossy", "lush"), ground_look="mossy", wall_look="mossy"),
)}
MOOD_WORDS: dict[str, str] = {w: m.name for m in MOODS.values() for w in m.words}


@dataclass(frozen=True)
class Setting:
    name: str
    display: str
    words: tuple[str, ...]
    shape: str  # walled | open | corridor | street | studio
    ground: str
    wall: str | None = None
    entrance: str | None = None
    lighting: str = "day"
    indoor: bool = False
    essentials: tuple[tuple[str, int], ...] = ()
    defaults: tuple[tuple[str, int], ...] = ()
    hero: tuple[str, ...] = ()
    ring: tuple[str, ...] = ()
    min_side: float = 12.0
    width: float = CORRIDOR_W  # corridor and street width
    water: bool = False  # a strip of water along the back (shores, docks, beaches)
    ground_look: str | None = None
    wall_look: str | None = None
    companions: tuple[tuple[str, int], ...] = ()  # added even when the prompt names its own things
    entrance_w: float = 2.5
    wall_t: float = field(default=0.0)
    hero_back: bool = False  # the hero stands against the back wall facing the entrance (a throne)

    @property
    def sun_elevation(self) -> float:
        return LIGHTING[self.lighting].key_el


def _walled(name: str, display: str, words: tuple[str, ...], ground: str, wall: str, entrance: str | None,
            **kw) -> Setting:
    t = PIECES[wall][0]
    ew = {"gate": GATE_W, "door": DOOR_W}.get(entrance or "", 2.5)
    kw.setdefault("min_side", 6.0 if kw.get("indoor") else 12.0)  # rooms grow with what they hold
    return Setting(name, display, words, "walled", ground, wall, entrance, wall_t=t, entrance_w=ew, **kw)


ROOM = dict(indoor=True, lighting="interior")
TREES = (("tree", 6), ("pine_tree", 4))

SETTINGS: dict[str, Setting] = {s.name: s for s in (
    # The five original themes (same names, same structure).
    _walled("courtyard", "Medieval Courtyard", ("courtyard", "castle", "bailey", "keep", "fortress", "citadel",
                                                "castle courtyard", "castle yard", "stronghold"),
            "cobblestone_ground", "wall", "gate", hero=("well", "fountain", "statue"),
            defaults=(("well", 1), ("market_stall", 3), ("barrel", 4), ("crate", 3), ("crate_stack", 1), ("cart", 1),
                      ("bench", 2), ("hay_bale", 2), ("torch", 6)), min_side=16.0, ground_look="dark",
            wall_look="light"),
    Setting("forest", "Forest Clearing", ("forest", "clearing", "woods", "woodland", "glade", "jungle",
                                          "forest clearing", "grove"), "open", "grass_ground",
            essentials=TREES, hero=("campfire", "well", "statue"), ring=("tree", "pine_tree", "dead_tree"),
            defaults=(("campfire", 1), ("tree", 6), ("pine_tree", 4), ("rock", 4), ("bush", 4), ("log", 2),
                      ("stump", 2), ("mushroom", 3), ("tent", 1)), min_side=24.0),
    _walled("interior", "Interior Room", ("room", "interior", "living room", "lounge", "apartment", "flat",
                                          "parlour", "parlor", "sitting room", "den", "house", "home", "cabin",
                                          "cottage", "hotel room", "drawing room", "nook", "reading nook", "tea house",
                                          "teahouse", "cafe", "coffee shop", "restaurant"),
            "wood_floor", "room_wall", "door", hero=("rug", "table", "coffee_table"),
            defaults=(("rug", 1), ("sofa", 1), ("table", 1), ("chair", 4), ("lamp", 2), ("shelf", 2),
                      ("potted_plant", 2)), **ROOM),
    Setting("product_studio", "Product Studio", ("studio", "product", "packshot", "showcase", "product shot",
                                                 "photo studio", "product studio", "turntable"),
            "studio", "studio_floor", lighting="studio", hero=("plinth",), indoor=True, entrance_w=2.0,
            defaults=(("plinth", 3), ("product_bottle", 1), ("product_box", 1), ("product_sneaker", 1),
                      ("studio_light", 3)), companions=(("studio_light", 3),)),
    Setting("scifi_corridor", "Sci-Fi Corridor", ("sci-fi", "scifi", "corridor", "spaceship", "starship",
                                                  "station", "space station", "futuristic", "hallway",
                                                  "spacecraft", "cyberpunk"),
            "corridor", "metal_floor", "bulkhead", "sliding_door", lighting="interior", indoor=True,
            wall_t=BULK_T, entrance_w=2.4, min_side=16.0, ground_look="dark",
            defaults=(("console", 3), ("pipe_run", 4), ("cargo_crate", 4), ("barrel", 2), ("crate", 2))),
    # Outdoor places.
    Setting("market_square", "Market Square", ("market", "marketplace", "bazaar", "plaza", "square",
                                                "town square", "market square", "souk", "piazza"),
            "open", "cobblestone_ground", essentials=(("market_stall", 3),), hero=("fountain", "well", "statue"),
            defaults=(("market_stall", 4), ("barrel", 3), ("crate", 4), ("basket", 4), ("cart", 1),
                      ("fountain", 1), ("street_lamp", 4)), min_side=20.0, ground_look="dark"),
    Setting("village", "Village Green", ("village", "hamlet", "town", "fishing village", "settlement",
                                         "village green", "outpost"),
            "open", "dirt_ground", hero=("well", "fountain"), ring=("tree",),
            defaults=(("well", 1), ("cart", 1), ("barrel", 3), ("hay_bale", 2), ("tree", 4), ("bench", 2),
                      ("chicken", 4)), min_side=20.0),
    Setting("camp", "Camp", ("camp", "campsite", "campground", "encampment", "bivouac", "base camp",
                             "war camp", "army camp"),
            "open", "dirt_ground", essentials=(("campfire", 1),), hero=("campfire",), ring=("tree", "pine_tree"),
            defaults=(("campfire", 1), ("tent", 3), ("log", 3), ("woodpile", 1), ("bedroll", 2), ("lantern", 2),
                      ("pine_tree", 5)), min_side=18.0, ground_look="warm"),
    Setting("garden", "Garden", ("garden", "park", "backyard", "back yard", "yard", "courtyard garden",
                                 "flower garden", "orchard", "allotment", "greenhouse", "zen garden"),
            "walled", "grass_ground", "hedge_segment", None, wall_t=PIECES["hedge_segment"][0],
            essentials=(("flower_bed", 4),), hero=("fountain", "statue", "pond"), ring=("tree", "fruit_tree"),
            defaults=(("fountain", 1), ("bench", 2), ("flower_bed", 4), ("tree", 3), ("bush", 4), ("flower", 6)),
            min_side=16.0, wall_look="dark"),
    Setting("graveyard", "Graveyard", ("graveyard", "cemetery", "churchyard", "burial ground", "necropolis",
                                       "boneyard"),
            "walled", "grass_ground", "railing_segment", None, wall_t=PIECES["railing_segment"][0],
            essentials=(("gravestone", 10), ("lantern", 2)), hero=("mausoleum", "statue", "cross"), ring=("dead_tree",),
            defaults=(("gravestone", 12), ("dead_tree", 3), ("tomb", 2), ("cross", 2), ("lantern", 2)),
            min_side=10.0, lighting="night"),
    _walled("farm_yard", "Farm Yard", ("farm", "farmyard", "farm yard", "barnyard", "ranch", "homestead",
                                       "paddock", "pasture"),
            "dirt_ground", "fence_segment", None, essentials=(("hay_bale", 3),), hero=("well", "water_pump"),
            defaults=(("hay_bale", 4), ("cart", 1), ("trough", 1), ("chicken", 5), ("barrel", 2),
                      ("wheelbarrow", 1), ("chicken_coop", 1)), min_side=16.0, wall_look="light"),
    Setting("beach", "Beach", ("beach", "seaside", "coast", "coastline", "seashore", "cove", "bay", "island",
                               "tropical beach"),
            "open", "sand_ground", water=True, ground_look="warm", ring=("palm_tree",),
            defaults=(("palm_tree", 4), ("deck_chair", 3), ("parasol", 2), ("rowing_boat", 1), ("driftwood", 2),
                      ("rock", 3)), min_side=20.0),
    Setting("dock", "Dock", ("dock", "docks", "harbour", "harbor", "pier", "wharf", "jetty", "port", "quay",
                             "marina", "boatyard", "fishing dock", "waterfront", "shipyard"),
            "open", "deck_ground", water=True, essentials=(("bollard", 4),),
            defaults=(("rowing_boat", 2), ("crate", 4), ("barrel", 3), ("lobster_trap", 4), ("fishing_net", 2),
                      ("bollard", 4), ("rope_coil", 2), ("street_lamp", 2)), min_side=12.0, ground_look="weathered"),
    Setting("shore", "Lake Shore", ("shore", "lake", "lakeside", "river", "riverbank", "riverside", "pond",
                                    "lakeshore", "swamp", "marsh", "bayou", "waterside"),
            "open", "grass_ground", water=True, ring=("tree", "willow_tree"),
            defaults=(("reed", 6), ("rock", 4), ("tree", 3), ("rowing_boat", 1), ("log", 1)), min_side=18.0),
    Setting("street", "Street", ("street", "alley", "alleyway", "lane", "road", "avenue", "boulevard",
                                 "high street", "main street", "city", "downtown", "neighborhood", "neighbourhood"),
            "street", "cobblestone_ground", "facade", None, width=12.0, wall_t=PIECES["facade"][0],
            entrance_w=4.0, essentials=(("street_lamp", 4),), min_side=20.0,
            defaults=(("street_lamp", 4), ("bench", 2), ("barrel", 2), ("crate", 3), ("sign", 2), ("cart", 1)),
            ground_look="dark"),
    Setting("open_ground", "Open Ground", ("field", "meadow", "plains", "countryside", "hill",
                                           "hillside", "grassland", "moor", "valley", "outdoors", "landscape",
                                           "prairie", "savanna", "heath"),
            "open", "grass_ground", ring=("tree",),
            defaults=(("tree", 4), ("rock", 4), ("bush", 4), ("flower", 6)), min_side=20.0),
    Setting("desert", "Desert", ("desert", "dunes", "oasis", "wasteland", "badlands", "canyon", "sahara"),
            "open", "sand_ground", ground_look="warm", ring=("sand_dune",),
            defaults=(("cactus", 4), ("rock", 5), ("sand_dune", 3), ("dead_tree", 1)), min_side=20.0),
    Setting("ruins", "Ruins", ("ruins", "ruin", "temple ruins", "ancient ruins", "remains"),
            "open", "stone_floor", ring=("broken_wall",), ground_look="weathered",
            defaults=(("pillar", 6), ("broken_wall", 3), ("rubble", 4), ("statue", 1), ("tall_grass", 4)),
            min_side=18.0),
    Setting("rooftop", "Rooftop", ("rooftop", "terrace", "balcony", "roof garden"),
            "walled", "stone_floor", "railing_segment", None, wall_t=PIECES["railing_segment"][0],
            defaults=(("potted_plant", 4), ("bench", 1), ("table", 1), ("chair", 2), ("fairy_lights", 2)),
            min_side=12.0),
    # Indoor places.
    _walled("bedroom", "Bedroom", ("bedroom", "bedchamber", "dormitory", "nursery", "guest room"),
            "wood_floor", "room_wall", "door", essentials=(("bed", 1),), hero=("bed", "rug"),
            defaults=(("bed", 1), ("side_table", 2), ("wardrobe", 1), ("rug", 1), ("lamp", 1), ("dresser", 1)),
            **ROOM),
    _walled("kitchen", "Kitchen", ("kitchen", "scullery", "galley", "pantry"),
            "stone_floor", "room_wall", "door", essentials=(("oven", 1),), hero=("table",),
            defaults=(("oven", 1), ("counter", 2), ("table", 1), ("chair", 3), ("shelf", 1), ("pot", 2), ("sink", 1)),
            ground_look="light", **ROOM),
    _walled("shop", "Shop", ("shop", "store", "bakery", "boutique", "butcher", "butchers", "apothecary",
                             "general store", "grocery", "grocer", "pharmacy", "storefront interior", "emporium",
                             "trading post", "pawn shop", "bookshop", "bookstore"),
            "wood_floor", "room_wall", "door", essentials=(("counter", 1),),
            defaults=(("counter", 1), ("shop_shelf", 3), ("barrel", 2), ("basket", 3), ("cash_register", 1)),
            **ROOM),
    _walled("tavern", "Tavern", ("tavern", "inn", "pub", "saloon", "alehouse", "taproom", "bar room",
                                 "public house", "brewery"),
            "wood_floor", "room_wall", "door", essentials=(("table", 2),), hero=("fireplace",),
            defaults=(("bar_counter", 1), ("table", 3), ("chair", 8), ("stool", 4), ("barrel", 3), ("fireplace", 1),
                      ("chandelier", 1)), ground_look="dark", wall_look="warm", min_side=8.0, **ROOM),
    _walled("library", "Library", ("library", "study", "archive", "archives", "reading room", "scriptorium"),
            "wood_floor", "room_wall", "door", essentials=(("bookcase", 6),), hero=("table", "rug"),
            defaults=(("bookcase", 8), ("table", 1), ("chair", 4), ("reading_chair", 1), ("desk_lamp", 2),
                      ("rug", 1), ("globe", 1)), ground_look="dark", **ROOM),
    _walled("workshop", "Workshop", ("workshop", "smithy", "forge", "blacksmith", "garage", "shed", "carpentry",
                                     "workroom", "atelier", "art studio", "painter's studio", "tinker",
                                     "toolshed", "mill"),
            "dirt_ground", "room_wall", "door", essentials=(("workbench", 1),), hero=("anvil",),
            defaults=(("workbench", 2), ("tool_rack", 2), ("anvil", 1), ("barrel", 2), ("crate", 3),
                      ("sawhorse", 1)), wall_look="weathered", **ROOM),
    _walled("attic", "Attic", ("attic", "loft", "garret", "storage room", "storeroom", "junk room"),
            "wood_floor", "room_wall", "door", essentials=(("chest", 1), ("box_pile", 2)),
            defaults=(("chest", 2), ("box_pile", 3), ("armchair", 1), ("dust_sheet", 3), ("mirror", 1),
                      ("suitcase", 2), ("rocking_chair", 1)), ground_look="weathered", wall_look="warm", **ROOM),
    _walled("cellar", "Cellar", ("cellar", "basement", "wine cellar", "vault", "undercroft", "storage cellar"),
            "stone_floor", "masonry_wall", "door", essentials=(("barrel", 4),),
            defaults=(("barrel", 6), ("wine_rack", 2), ("crate", 3), ("shelf", 1), ("torch", 3)),
            ground_look="dark", wall_look="weathered", indoor=True, lighting="night"),
    _walled("dungeon", "Dungeon", ("dungeon", "prison", "jail", "gaol", "catacombs", "catacomb", "crypt",
                                   "torture chamber", "oubliette"),
            "stone_floor", "masonry_wall", "door", essentials=(("torch", 4),),
            defaults=(("torch", 6), ("prison_cell", 2), ("shackles", 3), ("chest", 1), ("bones", 2), ("barrel", 2)),
            ground_look="dark", wall_look="weathered", indoor=True, lighting="night", min_side=8.0),
    _walled("hall", "Great Hall", ("hall", "great hall", "throne room", "banquet hall", "ballroom", "palace",
                                   "audience chamber", "feast hall", "mead hall", "chamber"),
            "stone_floor", "masonry_wall", "door", hero=("throne", "dining_table", "throne_dais"), hero_back=True,
            essentials=(("banner", 4),), defaults=(("throne", 1), ("banner", 6), ("dining_table", 2), ("chair", 8),
                                                   ("chandelier", 2), ("torch", 6), ("carpet", 1)),
            ground_look="polished", wall_look="light", min_side=8.0, **ROOM),
    _walled("church", "Chapel", ("church", "chapel", "cathedral", "temple", "shrine", "abbey", "monastery",
                                 "sanctuary", "mosque"),
            "stone_floor", "masonry_wall", "door", essentials=(("pew_row", 6),), hero=("altar",), hero_back=True,
            defaults=(("altar", 1), ("pew_row", 8), ("candelabra", 4), ("banner", 2), ("statue", 2)),
            ground_look="polished", wall_look="light", min_side=10.0, **ROOM),
    _walled("cave", "Cave", ("cave", "cavern", "grotto", "mine", "tunnel", "mineshaft", "underground",
                             "lair", "sewer", "sewers", "catacomb tunnel"),
            "dirt_ground", "cave_wall", None, essentials=(("stalagmite", 4),), hero=("campfire", "chest"),
            defaults=(("stalagmite", 6), ("rock", 5), ("crystal", 4), ("torch", 3), ("mushroom", 4)),
            ground_look="dark", indoor=True, lighting="night", min_side=10.0),
    _walled("office", "Office", ("office", "cubicle farm", "workplace", "boardroom", "headquarters",
                                 "reception", "open plan office", "open-plan office"),
            "wood_floor", "room_wall", "door", essentials=(("desk", 2),),
            defaults=(("desk", 4), ("office_chair", 4), ("computer", 4), ("filing_cabinet", 2), ("potted_plant", 2),
                      ("water_cooler", 1)), ground_look="light", **ROOM),
    _walled("classroom", "Classroom", ("classroom", "school", "schoolroom", "lecture hall", "lecture room",
                                       "class room"),
            "wood_floor", "room_wall", "door", essentials=(("school_desk", 8),),
            defaults=(("school_desk", 12), ("chair", 12), ("chalkboard", 1), ("desk", 1), ("globe", 1)), **ROOM),
    _walled("lab", "Laboratory", ("lab", "laboratory", "research lab", "science lab", "alchemist",
                                  "alchemy lab", "control room"),
            "metal_floor", "room_wall", "door", essentials=(("console", 2),),
            defaults=(("console", 3), ("server_rack", 3), ("table", 2), ("microscope", 2), ("tank", 2)),
            wall_look="cool", **ROOM),
    _walled("warehouse", "Warehouse", ("warehouse", "depot", "hangar", "storehouse", "loading bay",
                                       "factory", "stockroom"),
            "stone_floor", "room_wall", "door", essentials=(("pallet", 3),),
            defaults=(("pallet", 4), ("cargo_crate", 6), ("crate_stack", 3), ("oil_drum", 4), ("forklift", 1),
                      ("shelf", 3)), ground_look="weathered", min_side=12.0, **ROOM),
    _walled("bathroom", "Bathroom", ("bathroom", "washroom", "bath house", "bathhouse", "restroom", "toilet room"),
            "stone_floor", "room_wall", "door", essentials=(("bathtub", 1),),
            defaults=(("bathtub", 1), ("sink", 1), ("toilet", 1), ("mirror", 1)), ground_look="light", **ROOM),
)}

#: The five themes the API has always accepted, now settings.
THEME_NAMES = ("courtyard", "forest", "product_studio", "interior", "scifi_corridor")
SETTING_NAMES = tuple(SETTINGS)


def with_overrides(s: Setting, **kw) -> Setting:
    return replace(s, **kw)
