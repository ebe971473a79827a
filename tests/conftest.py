"""Shared fixtures: the fixture hubs built once per session, a static server for them, Chromium settings.

Tests never read the artist's content/: they build fixture projects from
examples/nova-lights (the example hub, a copy of which the template ships in
content/) or from tests/sites/ (unrelated artists), so renaming the band or
starting fresh (`make start`) never breaks the suite.
"""
from __future__ import annotations

import atexit
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

# `store` and `module_store`: each endpoint test on SQLite and on a real PostgreSQL server.
pytest_plugins = ["store_fixtures"]

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "nova-lights"  # the example hub, Nova Lights (a content folder)
SITES = ROOT / "tests" / "sites"  # fixture hubs of other artists, each a content folder
AS_OF = "2026-11-21"  # the example hub's "today": night-drive is upcoming, the rest are out
# Debian's chromium, or the Chrome/Chromium a CI image ships (GitHub's runners have google-chrome); CHROMIUM= wins.
CHROMIUM = os.environ.get("CHROMIUM") or next(
    (found for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
     if (found := shutil.which(name))), None) or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
# Test-only keys for the example hub's early-access pages (never used anywhere real).
GATE_ENV = {"FANZINE_GATE_SECRET": "test-secret-0123456789-abcdefghij-KLMNOP",
            "STUDIO_DIARY_CODE": "marble-orbit-cactus-velvet"}
# The example's forms post to /api, which runs beside the site (make serve, or a server of the artist's own):
# publish builds say so, rather than depend on the CI they run in (GitHub Actions would mean GitHub Pages).
HOST_ENV = {"FANZINE_HOST": "own-server"}


def fanzine(*args: str, cwd: Path = ROOT, env: dict | None = None, check: bool = False):
    """Run the `fanzine` command as an artist would, capturing what it prints."""
    result = subprocess.run([sys.executable, "-m", "fanzine", *args], cwd=cwd, capture_output=True,
                            text=True, env={**os.environ, **GATE_ENV, **HOST_ENV, **project_env(cwd), **(env or {})},
                            timeout=300)
    if check and result.returncode != 0:
        raise AssertionError(f"fanzine {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def project_env(project: Path) -> dict:
    """Import the plugin from the project's own plugins/ folder (a copy may have edited it)."""
    return {"PYTHONPATH": os.pathsep.join([str(project / "plugins"), str(project)])}


def copy_project(destination: Path, content: Path = EXAMPLE) -> Path:
    """A throwaway project (theme, plugin, settings) with a copy of a fixture hub as its content/.

    `content` is a content folder: the example hub by default, or one of tests/sites/.
    """
    shutil.copytree(content, destination / "content")
    for name in ("themes", "pelicanconf.py", "publishconf.py"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name)
        else:
            shutil.copy2(source, destination / name)
    (destination / "plugins").mkdir()
    shutil.copytree(ROOT / "plugins" / "fanzine", destination / "plugins" / "fanzine",
                    ignore=shutil.ignore_patterns("__pycache__"))
    open_sealed(destination / "content")
    # Resized covers and social cards are cached by a hash of their inputs, so sharing the
    # cache between copies is safe and saves redrawing every picture in every test build.
    share_cache(destination)
    for kind in ("images", "cards"):
        warm = WARM_CACHE[0] / kind if WARM_CACHE[0] else None
        if warm is not None and warm.is_dir():
            shutil.copytree(warm, destination / ".fanzine-cache" / kind)
    return destination


def open_sealed(content: Path) -> None:
    """Open the example's sealed early-access pages and files (sealed with the development secret), as
    `make open` does on an artist's computer: tests edit and build them like any page."""
    from fanzine.early.sources import open_development_copies

    open_development_copies(content)


WARM_CACHE: list[Path | None] = [None]  # set once the first example build has drawn the pictures
SHARED_CACHE: list[Path] = []  # the fonts and icons every test hub of this run shares (share_cache)


def shared_cache() -> Path:
    """The run's shared cache folder: made on first use, removed when the process that made it exits."""
    if not SHARED_CACHE:
        SHARED_CACHE.append(Path(tempfile.mkdtemp(prefix="fanzine-test-cache-")))
        atexit.register(shutil.rmtree, SHARED_CACHE[0], True)
    return SHARED_CACHE[0]


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """pytest-xdist (make test): every worker shares the controller's cache folder, which outlives them."""
    node.workerinput["fanzine_shared_cache"] = str(shared_cache())


def pytest_configure(config):
    folder = getattr(config, "workerinput", {}).get("fanzine_shared_cache")
    if folder:
        SHARED_CACHE.append(Path(folder))


def share_cache(project: Path) -> None:
    """Point the project's font and icon caches at one folder for the whole run: both are named by a hash of
    their inputs and written atomically (a file of the process's own, then renamed), so every hub with the same
    letters reuses the same cut fonts, in every worker."""
    for kind in ("fonts", "marks"):
        (shared_cache() / kind).mkdir(parents=True, exist_ok=True)
        (project / ".fanzine-cache").mkdir(parents=True, exist_ok=True)
        link = project / ".fanzine-cache" / kind
        if not link.exists():
            link.symlink_to(shared_cache() / kind, target_is_directory=True)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The example hub, built once with production settings into a temporary folder."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    output = project / "output"
    fanzine("build", "--publish", "--as-of", AS_OF, cwd=project,
            env={"SITEURL": "https://novalights.example"}, check=True)
    WARM_CACHE[0] = WARM_CACHE[0] or project / ".fanzine-cache"
    return output


TAINA_URL = "https://tainarocha.example"
EXAMPLE_URL = "https://novalights.example"


@pytest.fixture(scope="session")
def example_on(tmp_path_factory):
    """The example hub as fans see it on a given day: `example_on("2026-12-05")` (development settings) or
    `example_on(day, publish=True)` (production, SITEURL https://novalights.example). Each is built once per
    session, into one project, and shared by every test file that reads it (never write into it)."""
    project: list[Path] = []
    built: dict[tuple[str, bool], Path] = {}

    def output(day: str, publish: bool = False) -> Path:
        if (day, publish) not in built:
            if not project:
                project.append(copy_project(tmp_path_factory.mktemp("days")))
            folder = project[0] / f"{'publish' if publish else 'dev'}-{day}"
            fanzine("build", *(["--publish"] if publish else []), "--as-of", day, "--output", str(folder),
                    cwd=project[0], env={"SITEURL": EXAMPLE_URL} if publish else None, check=True)
            built[(day, publish)] = folder
        return built[(day, publish)]

    return output


@pytest.fixture(scope="session")
def taina_site(tmp_path_factory) -> Path:
    """Tainá Rocha's hub (tests/sites/taina-rocha), built once with production settings as of AS_OF."""
    project = copy_project(tmp_path_factory.mktemp("taina"), SITES / "taina-rocha")
    fanzine("build", "--publish", "--as-of", AS_OF, cwd=project, env={"SITEURL": TAINA_URL}, check=True)
    return project / "output"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="write tests/golden/ again from this build (make golden)")


@pytest.fixture(scope="session")
def dev_site(tmp_path_factory) -> Path:
    """The example hub built with development settings (root-relative URLs), for the browser."""
    project = copy_project(tmp_path_factory.mktemp("devproject"))
    fanzine("build", "--as-of", AS_OF, cwd=project, check=True)
    WARM_CACHE[0] = WARM_CACHE[0] or project / ".fanzine-cache"
    return project / "output"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve_folder(folder: Path, handler=QuietHandler):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture(scope="session")
def site_url(dev_site) -> str:
    """The dev build served over real HTTP on 127.0.0.1 (a secure context for WebCrypto)."""
    server = serve_folder(dev_site)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


# --- Chromium through Playwright (pytest-playwright fixtures) ---------------------------------

@pytest.fixture(scope="session")
def axe_source() -> str | None:
    """axe-core's source; None where it is not installed (outside CI: then only axe is skipped)."""
    axe = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    if axe.exists():
        return axe.read_text(encoding="utf-8")
    if IN_CI:
        pytest.fail(f"CI=true but {axe.relative_to(ROOT)} is missing: run `npm ci`")
    return None



def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    if IN_CI:
        raise pytest.UsageError("CI=true but Chromium is missing: .ci/run must install it (apt-get install chromium)")
    skip = pytest.mark.skip(reason="Chromium is not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # a phone: fans arrive from a bio link
    return {**browser_context_args, "viewport": {"width": 390, "height": 844}, "bypass_csp": True}


def robustness_cases() -> int:
    """How many generated or hostile content files test_robustness.py checked in this process."""
    robustness = sys.modules.get("test_robustness")
    return robustness.CASES_RUN[0] if robustness is not None else 0


CASES_FROM_WORKERS: list[int] = []  # under pytest-xdist (make test), each worker's count


def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: hand the count to the controller, which prints the summary
        workeroutput["robustness_cases"] = robustness_cases()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    CASES_FROM_WORKERS.append(getattr(node, "workeroutput", {}).get("robustness_cases", 0))


def pytest_terminal_summary(terminalreporter):
    cases = robustness_cases() + sum(CASES_FROM_WORKERS)
    if cases:
        terminalreporter.write_line(f"robustness corpus: {cases} generated or hostile content files checked, "
                                    "none crashed")
