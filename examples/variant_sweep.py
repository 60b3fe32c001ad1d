"""Eight seeds of one prompt, a preview of each, and one contact sheet PNG to pick from.

    python examples/variant_sweep.py --out out/sweep
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402
from wslib.sheet import contact_sheet  # noqa: E402

PROMPT = "a medieval courtyard with a well, a market stall, barrels and torches"
SEEDS = range(1, 9)
COLUMNS = 4


def main() -> None:
    args = _common.arguments(__doc__.splitlines()[0])
    api = _common.connect(args.zip)
    texture, size, samples = (64, (64, 36), 2) if args.small else (512, (320, 180), 16)
    variants, tiles = [], []
    for seed in SEEDS:
        version = api.generate(PROMPT, seed=seed, texture_size=texture, max_assets=10 if args.small else None)
        preview = api.render_preview(version, str(args.out / f"seed_{seed}.png"), size=size, samples=samples)
        variants.append({"seed": seed, "version": version.id, "assets": len(version.assets()), "preview": preview})
        tiles.append((preview, f"seed {seed}"))
        print(f"[sweep] seed {seed}: {len(version.assets())} assets -> {preview}", file=sys.stderr, flush=True)
    sheet = contact_sheet(api, tiles, args.out / "contact_sheet.png", columns=COLUMNS)
    assert len({v["version"] for v in variants}) == len(SEEDS), "each seed is its own version"
    _common.finish({"out": str(args.out), "prompt": PROMPT, "variants": variants, "contact_sheet": sheet,
                    "tile_size": list(size), "columns": COLUMNS})


if __name__ == "__main__":
    _common.run(main)
