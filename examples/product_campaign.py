"""A product campaign: one product, five studio environments, each exported for the client.

Generates a product-studio world, locks the product, regenerates the rest with five seeds and
exports every variant. The product must not change at all between variants: the script checks
that its mesh data and materials are the very same in all five (shared, not copied) and that the
vertex positions hash the same, and fails loudly otherwise.

    python examples/product_campaign.py --out out/campaign
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402

PROMPT = "a product studio with a perfume bottle on a plinth"
SEEDS = (11, 12, 13, 14, 15)


def product_fingerprint(root) -> dict:
    """What "identical" means for the product: per object (root and parts), the mesh datablock,
    a hash of its vertex positions and the materials in its slots."""
    import numpy as np

    parts = {}
    for obj in [root, *sorted(root.children_recursive, key=lambda o: o.get("part", o.name))]:
        if obj.type != "MESH":
            continue
        co = np.empty(len(obj.data.vertices) * 3, dtype=np.float32)
        obj.data.vertices.foreach_get("co", co)
        parts[str(obj.get("part", "root"))] = {
            "mesh": obj.data.name,
            "positions": hashlib.sha256(co.tobytes()).hexdigest(),
            "materials": [slot.material.name if slot.material else None for slot in obj.material_slots],
        }
    return parts


def main() -> None:
    args = _common.arguments(__doc__.splitlines()[0])
    api = _common.connect(args.zip)
    texture = 64 if args.small else 1024
    base = api.generate(PROMPT, seed=10, theme="product_studio", texture_size=texture)
    product_id = next(aid for aid, obj in sorted(base.assets().items()) if obj["archetype"].startswith("product_"))
    api.lock([product_id], version=base)
    expected = product_fingerprint(base.assets()[product_id])

    variants = []
    for seed in SEEDS:
        version = api.regenerate(base, seed=seed)
        product = version.assets()[product_id]
        got = product_fingerprint(product)
        assert got == expected, f"seed {seed}: the product changed: {got} != {expected}"
        assert product.data == base.assets()[product_id].data, "the product's mesh is shared, not copied"
        files = api.export(version, str(args.out / f"campaign_s{seed}.glb"), overwrite=True)
        changed = api.compare(base, version).changed_assets
        assert product_id not in changed, f"seed {seed}: compare reports a product change"
        variants.append({"seed": seed, "version": version.id, "files": files, "environment_changes": len(changed)})
        print(f"[campaign] seed {seed}: {len(changed)} environment assets changed -> {files[0]}",
              file=sys.stderr, flush=True)
    assert any(v["environment_changes"] for v in variants), "the environments should differ"
    _common.finish({"out": str(args.out), "product": product_id, "product_fingerprint": expected,
                    "variants": variants})


if __name__ == "__main__":
    _common.run(main)
