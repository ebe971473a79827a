"""Run the warm dev server's build in this process, step by step, and say which pages each build rendered.

Used by tests/test_rerender.py in a process of its own (Pelican's signals stay out of the test process):
`python warm_steps.py AS_OF < steps.json`, run in a project folder. Each step is
{"path": "content/…", "old": "…", "new": "…"} (a replacement in a file) or {"copy": [from, to]}; a step of
{} changes nothing. Prints one JSON line per build: ok, the pages rendered again, all pages, and what
Python's cycle collector did (paused for the build, collected and on again once the caches are written).
"""
from __future__ import annotations

import gc
import json
import shutil
import sys
from pathlib import Path

# this file's folder is not a place to import from (its html.py would hide Python's), the project's plugin is
sys.path[:1] = [str(Path.cwd() / "plugins"), str(Path.cwd())]

from fanzine.commands.warm import WarmBuild  # noqa: E402 - the project's own plugin, from the path above


def main() -> None:
    builder = WarmBuild(as_of=sys.argv[1])
    try:
        for step in [{}] + json.load(sys.stdin):
            if "copy" in step:
                shutil.copyfile(*step["copy"])
            elif step:
                path = Path(step["path"])
                text = path.read_text(encoding="utf-8")
                assert step["old"] in text, (step, text[:300])
                path.write_text(text.replace(step["old"], step["new"], 1), encoding="utf-8")
            outcome = builder.build()
            paused = not gc.isenabled()
            builder.write_caches()  # as the dev server does, once the open pages were told
            collector = {"paused_after_build": paused, "enabled_after_caches": gc.isenabled(),
                         "garbage_left": gc.collect()}
            sys.stdout.write(json.dumps({"ok": outcome.ok, "rendered": sorted(outcome.rendered), "pages": outcome.pages,
                                         "problems": outcome.problems, "crash": outcome.crash,
                                         "collector": collector}) + "\n")
            sys.stdout.flush()
    finally:
        builder.close()


if __name__ == "__main__":
    main()
