"""The ```python examples of docs/python-api.md run top to bottom in one fresh bpy process, as a
reader would paste them into a script."""

from __future__ import annotations

import re

from tests.helpers.fresh_process import ROOT, explain, fresh_env, run_script

DOC = ROOT / "docs" / "python-api.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def examples() -> list[str]:
    return BLOCK.findall(DOC.read_text(encoding="utf-8"))


def test_the_page_has_examples_for_every_section():
    text = DOC.read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.M)[1:]
    without = [s.splitlines()[0] for s in sections if "```" not in s and not s.startswith(("The backend", "Versions"))]
    assert not without, f"sections without an example: {without}"


def test_examples_run_in_order(extension_zip, tmp_path):
    blocks = examples()
    assert len(blocks) >= 20
    # A marker after each block tells which one failed.
    script = "".join(f"{code}\nprint('DOC-BLOCK-OK {i}', flush=True)\n" for i, code in enumerate(blocks))
    proc = run_script(script, fresh_env(tmp_path, extension_zip), timeout=420)
    done = [int(line.split()[1]) for line in proc.stdout.splitlines() if line.startswith("DOC-BLOCK-OK ")]
    failed_at = len(done)
    where = blocks[failed_at] if failed_at < len(blocks) else ""
    assert proc.returncode == 0 and done == list(range(len(blocks))), (
        f"example {failed_at + 1} of {len(blocks)} failed:\n{where}\n{explain(proc)}")
