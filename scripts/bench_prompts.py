"""Score the procedural generator on the prompt table: per prompt and overall, how many of the named
things came back as real shapes, as proxies, or not at all, whether the setting was the one a
reader expects, and how long parsing + planning take.

    python scripts/bench_prompts.py [--table tests/data/prompt_table.json] [--json OUT] [--quiet]

Exit code 1 when any named thing is missing (the target is 100 % real or proxy).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "backend"))  # run from a checkout without installing the package


def _imports():
    try:
        from worldsmith_backend.worldgen.layout import layout
        from worldsmith_backend.worldgen.plan import make_plan
        from worldsmith_backend.worldgen.proxies import PROXY
    except ImportError:  # a checkout: backend/ is the package
        import importlib

        sys.modules.setdefault("worldsmith_backend", importlib.import_module("backend"))
        from backend.worldgen.layout import layout  # type: ignore[no-redef]
        from backend.worldgen.plan import make_plan  # type: ignore[no-redef]
        from backend.worldgen.proxies import PROXY  # type: ignore[no-redef]
    return make_plan, layout, PROXY


def score(table: list[dict], seed: int = 0) -> dict:
    make_plan, layout, proxy = _imports()
    make_plan({"prompt": "warm-up"})  # loads the vocabulary once, as a running backend has
    rows, plan_ms = [], []
    for case in table:
        spec = {"prompt": case["prompt"], "seed": seed}
        t0 = time.perf_counter()
        plan = make_plan(spec)
        plan_ms.append((time.perf_counter() - t0) * 1000)
        placed, _ = layout(plan, spec)
        got: dict[str, str] = {}
        for p in placed:
            kind = "proxy" if p.slot.archetype == proxy else "real"
            if got.get(p.slot.noun) != "real":
                got[p.slot.noun] = kind
        status = {k: got.get(k, "missing") for k in case["things"]}
        rows.append({"prompt": case["prompt"], "setting": plan.setting.name, "expected_setting": case["setting"],
                     "status": status, "notes": list(dict.fromkeys(plan.notes)), "ignored": plan.ignored})
    things = [s for r in rows for s in r["status"].values()]
    n = len(things)
    total = {k: things.count(k) for k in ("real", "proxy", "missing")}
    return {
        "prompts": len(rows), "settings": len({c["setting"] for c in table}), "things": n, **total,
        "real_pct": round(100 * total["real"] / n, 1), "real_or_proxy_pct": round(100 * (n - total["missing"]) / n, 1),
        "setting_hits": sum(r["setting"] == r["expected_setting"] for r in rows),
        "plan_ms_median": round(statistics.median(plan_ms), 2), "plan_ms_max": round(max(plan_ms), 2),
        "rows": rows,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--table", default=str(ROOT / "tests" / "data" / "prompt_table.json"))
    ap.add_argument("--json", help="write the full result here")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--quiet", action="store_true", help="only the totals")
    args = ap.parse_args(argv)
    table = json.loads(Path(args.table).read_text(encoding="utf-8"))["prompts"]
    res = score(table, args.seed)
    if not args.quiet:
        for r in res["rows"]:
            st = r["status"]
            real = sum(v == "real" for v in st.values())
            prox = [k for k, v in st.items() if v == "proxy"]
            miss = [k for k, v in st.items() if v == "missing"]
            mark = "  " if r["setting"] == r["expected_setting"] else f"!{r['setting']}"
            line = f"{real}/{len(st)} real  {len(prox)} proxy  {len(miss)} missing  {mark:>14}  {r['prompt']}"
            if prox:
                line += f"\n      proxies: {', '.join(prox)}"
            if miss:
                line += f"\n      MISSING: {', '.join(miss)}"
            print(line)
    print(f"\n{res['prompts']} prompts, {res['settings']} settings, {res['things']} named things: "
          f"{res['real']} real ({res['real_pct']} %), {res['proxy']} proxy, {res['missing']} missing; "
          f"real or proxy {res['real_or_proxy_pct']} %; setting as expected in {res['setting_hits']}/{res['prompts']}; "
          f"parse + plan {res['plan_ms_median']} ms median, {res['plan_ms_max']} ms max")
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=1), encoding="utf-8")
    return 1 if res["missing"] else 0


if __name__ == "__main__":
    sys.exit(main())
