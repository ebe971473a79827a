"""Where the site secret comes from: FANZINE_GATE_SECRET, the project's .fanzine-secret file, or the development secret.

One secret does everything: it seals early-access pages in git (sealing.py),
derives the page keys the endpoint hands out (functions/keys.py) and the
tickets pages carry. CI and the endpoint get it as the environment variable
FANZINE_GATE_SECRET; on the artist's computer `make secret` writes it to
`.fanzine-secret` (ignored by git) so nobody has to export anything. A fresh
clone without either uses the public development secret, which a publish
build refuses.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from functions.keys import DEVELOPMENT_SECRET, site_secret_problem

from .environment import build_environment

SECRET_ENV = "FANZINE_GATE_SECRET"
SECRET_FILE = ".fanzine-secret"


@dataclass(frozen=True)
class SiteSecret:
    """The secret in use and where it was found (for messages)."""

    value: str
    origin: str

    @property
    def is_development(self) -> bool:
        return self.value == DEVELOPMENT_SECRET


DEVELOPMENT = SiteSecret(DEVELOPMENT_SECRET, "the development secret")


def find_secret(project: Path | None = None) -> SiteSecret | None:
    """The artist's own secret: the environment variable first, then the project's secret file."""
    value = build_environment().get(SECRET_ENV, "")  # FANZINE_SECRETS' bundle counts (environment.py)
    if value:
        return SiteSecret(value, SECRET_ENV)
    file = (project or Path.cwd()) / SECRET_FILE
    try:
        value = file.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return SiteSecret(value, SECRET_FILE) if value else None


def secret_problem(found: SiteSecret | None) -> str | None:
    """Why this secret cannot seal anything real (None when it can)."""
    if found is None:
        return f"{SECRET_ENV} is not set."
    if found.is_development:
        return (f"{SECRET_ENV} is Fanzine's development secret, which everyone knows; run `make secret` to "
                "make your own")
    problem = site_secret_problem(found.value)
    if problem and found.origin == SECRET_FILE:
        problem = problem.replace(SECRET_ENV, SECRET_FILE, 1)
    return problem


def working_secret(publish: bool = False) -> tuple[SiteSecret, str | None]:
    """The secret a build uses, and the problem that stops a publish build (None when usable).

    A development build falls back to the development secret, so a fresh clone builds and unlocks.
    """
    found = find_secret()
    problem = secret_problem(found)
    if problem is None and found is not None:
        return found, None
    return (found or DEVELOPMENT) if publish else DEVELOPMENT, problem


def new_secret() -> str:
    """43 characters of URL-safe randomness: 256 bits."""
    return secrets.token_urlsafe(32)
