"""Eight seeds of one prompt, a preview of each, and one contact sheet PNG to pick from.

    python examples/variant_sweep.py --out out/sweep
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402

PROMPT = "a medieval courtyard with a well, a market stall, barrels and torches"
SEEDS = range(1, 9)
COLUMNS = 4


def contact_sheet(api, tiles: list[tuple[str, str]], path: Path) -> str:
    """Previews in a grid, left to right and top to bottom, each captioned (e.g. "seed 3")."""
    import numpy as np

    labels = _common.labels_module(api)
    images = [(_common.read_png(p), caption) for p, caption in tiles]
    h, w = images[0][0].shape[:2]
    rows = (len(images) + COLUMNS - 1) // COLUMNS
    gap = 2
    sheet = np.ones(((h + gap) * rows + gap, (w + gap) * COLUMNS + gap, 4), dtype=np.float32)
    sheet[:, :, :3] = 0.12
    scale = max(1, h // 100)
    for i, (pixels, caption) in enumerate(images):
        row, col = divmod(i, COLUMNS)
        y0 = sheet.shape[0] - (row + 1) * (h + gap)  # rows are stored bottom-up
        x0 = gap + col * (w + gap)
        tile = pixels.copy()
        tile[:, :, 3] = 1.0
        tw, th = labels.text_size(caption, scale)
        labels.fill_box(tile, 0, 0, tw + 4 * scale, th + 4 * scale, (0.05, 0.05, 0.05, 1.0), top_down=False)
        labels.draw_text(tile, caption, x=2 * scale, y=2 * scale, scale=scale, top_down=False)
        sheet[y0:y0 + h, x0:x0 + w] = tile
    return _common.write_png(sheet, path)


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
    sheet = contact_sheet(api, tiles, args.out / "contact_sheet.png")
    assert len({v["version"] for v in variants}) == len(SEEDS), "each seed is its own version"
    _common.finish({"out": str(args.out), "prompt": PROMPT, "variants": variants, "contact_sheet": sheet,
                    "tile_size": list(size), "columns": COLUMNS})


if __name__ == "__main__":
    _common.run(main)
