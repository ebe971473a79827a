"""Every page of the example hub, and the theme's stylesheet, pass the Nu Html Checker (vnu).

The checker is a Java program that is slow to start, so one run checks every
page and the stylesheet together, and both tests read its report.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest

from conftest import IN_CI, ROOT

pytestmark = pytest.mark.slow

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
STYLESHEET = "theme/css/fanzine.css"


@pytest.fixture(scope="module")
def nu_report(dev_site) -> dict[str, list[dict]]:
    """The checker's messages for every built page and the bundled stylesheet, by path in the site."""
    java = shutil.which("java")
    if not (java and VNU.exists()):
        missing = "java" if not java else f"{VNU.relative_to(ROOT)} (npm ci)"
        if IN_CI:
            pytest.fail(f"CI=true but {missing} is missing: the HTML checker cannot run")
        pytest.skip(f"the Nu Html Checker needs {missing}")
    pages = sorted(dev_site.rglob("*.html"))
    assert pages, f"the build wrote no pages into {dev_site}"
    # Files named one by one: the folder also holds pictures (and the theme's component
    # stylesheets, already bundled into fanzine.css); --also-check-css reads .css as CSS.
    # A short run: the quick (C1-only) JIT and the serial collector start it 2-3x faster.
    result = subprocess.run([java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(VNU),
                             "--format", "json", "--also-check-css",
                             *map(str, pages), str(dev_site / STYLESHEET)],
                            capture_output=True, text=True, timeout=300)
    try:
        messages = json.loads(result.stderr)["messages"]  # vnu writes its report to stderr
    except (ValueError, KeyError):
        pytest.fail(f"the Nu Html Checker did not report (exit {result.returncode}):\n{result.stderr[-2000:]}")
    report: dict[str, list[dict]] = {str(page.relative_to(dev_site)): [] for page in pages}
    report[STYLESHEET] = []
    for message in messages:
        path = Path(message.get("url", "").removeprefix("file:"))
        key = str(path.relative_to(dev_site)) if path.is_relative_to(dev_site) else str(path)
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


def test_every_page_is_valid_html(nu_report):
    pages = [path for path in nu_report if path.endswith(".html")]
    errors = problems(nu_report, pages)
    if errors:
        pytest.fail(f"{len(errors)} HTML error(s) in {len(pages)} pages:\n" + "\n".join(errors), pytrace=False)


def test_stylesheet_is_valid_css(nu_report):
    errors = problems(nu_report, [STYLESHEET])
    if errors:
        pytest.fail(f"{len(errors)} CSS error(s) in {STYLESHEET}:\n" + "\n".join(errors), pytrace=False)
