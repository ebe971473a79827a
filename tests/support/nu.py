"""The Nu Html Checker (vnu) over built pages: its report by page, and the errors in it."""
from __future__ import annotations

import json
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest

from conftest import IN_CI, ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
STYLESHEET = "theme/css/fanzine.css"


def run_vnu(site: Path, files: list[Path]) -> dict[str, list[dict]]:
    """The checker's messages for the given files of a built site, by path in the site."""
    java = shutil.which("java")
    if not (java and VNU.exists()):
        missing = "java" if not java else f"{VNU.relative_to(ROOT)} (npm ci)"
        if IN_CI:
            pytest.fail(f"CI=true but {missing} is missing: the HTML checker cannot run")
        pytest.skip(f"the Nu Html Checker needs {missing}")
    # Files named one by one: the folder also holds pictures (and the theme's component
    # stylesheets, already bundled into fanzine.css); --also-check-css reads .css as CSS.
    # A short run: the quick (C1-only) JIT and the serial collector start it 2-3x faster.
    result = subprocess.run([java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(VNU),
                             "--format", "json", "--also-check-css", *map(str, files)],
                            capture_output=True, text=True, timeout=300)
    try:
        messages = json.loads(result.stderr)["messages"]  # vnu writes its report to stderr
    except (ValueError, KeyError):
        pytest.fail(f"the Nu Html Checker did not report (exit {result.returncode}):\n{result.stderr[-2000:]}")
    report: dict[str, list[dict]] = {str(path.relative_to(site)): [] for path in files}
    for message in messages:
        path = Path(message.get("url", "").removeprefix("file:"))
        key = str(path.relative_to(site)) if path.is_relative_to(site) else str(path)
        report.setdefault(key, []).append(message)
    return report


def problems(report: dict[str, list[dict]], paths) -> list[str]:
    """Errors as `file:line:column: message`; warnings are passed on to pytest's summary."""
    errors = []
    for path in paths:
        for m in report[path]:
            where = f"{path}:{m.get('lastLine', '?')}:{m.get('firstColumn', m.get('lastColumn', '?'))}"
            line = f"{where}: {m['message']}" + (f"  [{m['extract'].strip()}]" if m.get("extract") else "")
            if m.get("type") == "info":
                if m.get("subType") == "warning":
                    warnings.warn(f"Nu Html Checker: {line}", stacklevel=2)
            else:  # "error" and "non-document-error" (a file it could not read)
                errors.append(line)
    return errors
