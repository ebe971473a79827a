"""What `make site-check` runs after the content check, as a test runs it: scripts/audit.py on a content folder."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import AS_OF, CHROMIUM, IN_CI, ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def site_check(content) -> subprocess.CompletedProcess:
    """What `make site-check` runs after the content check: links, Nu HTML, axe, feeds and JSON-LD on every page."""
    missing = [str(p.relative_to(ROOT)) for p in (VNU, AXE) if not p.exists()] + [
        name for name, found in (("java", shutil.which("java")), ("chromium", CHROMIUM)) if not found]
    if missing:
        if IN_CI:
            pytest.fail(f"CI=true but {', '.join(missing)} missing: .ci/run installs them")
        pytest.skip(f"needs {', '.join(missing)}")
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "audit.py"), "--content", str(content),
                           "--only", "links,nu,axe,feeds,jsonld", "--as-of", AS_OF],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
