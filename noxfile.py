"""nox sessions: the Pelican-facing tests against the newest Pelican the version range (pelican~=4.12) allows.

`make test` runs everything against the pinned versions (constraints.txt). This session installs the project
into a venv of its own WITHOUT constraints.txt, so pip picks the newest Pelican (and the newest of everything
else) the ranges in pyproject.toml allow, then runs the whole-site builds, which between them run every
module that talks to Pelican (settings, reader, generators, signals, templates, writers), and the golden snapshot.
A Pelican release that changes what the engine writes shows up there as a diff. .ci/run runs it:

    nox -s newest_pelican
"""
from __future__ import annotations

import nox

nox.options.default_venv_backend = "venv"

# The whole-site builds: between them they run every module that imports Pelican or is called from its signals
# (settings, reader, generators, templates, writers), and the golden snapshot shows any change in what is written.
# Kept to these so CI stays short; the rest of the suite runs against the pinned versions in `make test`.
PELICAN_FACING = [
    "tests/test_golden.py",  # the whole site, byte for byte (normalised)
    "tests/test_build.py", "tests/test_content_types.py", "tests/test_settings.py", "tests/test_today.py",
    "tests/test_other_artist.py", "tests/test_gate.py", "tests/test_sealed_workflow.py", "tests/test_events.py",
]


@nox.session(python="3.11")
def newest_pelican(session: nox.Session) -> None:
    session.install("-e", ".[test]")  # no -c constraints.txt: the newest versions the ranges allow
    session.run("python", "-c", "import pelican, jinja2, markdown; print('Pelican', pelican.__version__, "
                "'Jinja2', jinja2.__version__, 'Markdown', markdown.__version__)")
    # on every core, as `make test` runs (Makefile): each file whole on one worker
    session.run("python", "-m", "pytest", "-q", "-m", "not browser", "-p", "no:cacheprovider", "-n", "auto",
                "--maxprocesses", "4", "--dist", "loadfile", *PELICAN_FACING, *session.posargs)
