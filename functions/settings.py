"""The endpoint's settings: every environment variable, declared once with its default and meaning.

Problems are collected for all variables at once and reported with the
variable's name, what was found and what is expected; secrets are never echoed.
"""
from __future__ import annotations

import difflib
import importlib.util
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .keys import is_page_slug, site_secret_problem
from .store.location import DEFAULT_STORE, StoreLocation, parse_store

SINK_NAMES = ("store", "buttondown", "beehiiv", "webhook")
SINK_ALIASES = {"sqlite": "store"}  # the name the fan store's sink had when it could only be SQLite
# Environment variables that mark a serverless host, whose disk does not last.
SERVERLESS_HOSTS = {"VERCEL": "Vercel", "AWS_LAMBDA_FUNCTION_NAME": "AWS Lambda"}
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
ORIGIN = re.compile(r"(https?)://([a-z0-9.-]+|\[[0-9a-f:]+\])(:(\d{1,5}|\*))?")


@dataclass(frozen=True)
class Setting:
    """One environment variable: its name, the Settings attribute, parser, default and meaning.

    Parsers of secret values never repeat the value in their error message.
    """

    env: str
    attr: str
    parse: Callable[[str], Any]
    default: Any
    help: str


@dataclass(frozen=True)
class Settings:
    """The endpoint's configuration, read from the environment by `load_settings`."""

    gate_secret: str = ""
    gate_pages: frozenset[str] | None = None
    allowed_origins: tuple[str, ...] | None = None
    sinks: tuple[str, ...] = ("store",)
    store: str = ""
    db_path: str = DEFAULT_STORE
    buttondown_api_key: str = ""
    buttondown_url: str = "https://api.buttondown.com/v1"
    buttondown_tags: tuple[str, ...] = ()
    beehiiv_api_key: str = ""
    beehiiv_publication_id: str = ""
    beehiiv_url: str = "https://api.beehiiv.com/v2"
    beehiiv_welcome_email: bool = True
    webhook_url: str = ""
    sink_timeout: float = 5.0
    turnstile_secret: str = ""
    turnstile_url: str = "https://challenges.cloudflare.com/turnstile/v0/siteverify"
    rate_limit_ip: int = 10
    rate_limit_email: int = 3
    rate_limit_hits: int = 60
    max_body_bytes: int = 8192
    trust_forwarded_for: bool = False
    # Problems that make every signup fail (a sink without its API key...).
    problems: tuple[str, ...] = ()
    # Why /unlock cannot answer (no or weak FANZINE_GATE_SECRET); /subscribe still works.
    secret_problem: str | None = None
    # Names of the variables behind `problems`, safe to show to the public.
    problem_vars: tuple[str, ...] = field(default=())

    @property
    def store_location(self) -> StoreLocation:
        """Where the fan store is: FANZINE_STORE, else the older FANZINE_DB, else ./signups.sqlite3."""
        return parse_store(self.store or self.db_path)


def _text(raw: str) -> str:
    return raw.strip()


def _secret(raw: str) -> str:
    # Secrets are used verbatim: a trailing space is part of the key material.
    return raw


def _list(raw: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in raw.split(",") if item.strip())


def _pages(raw: str) -> frozenset[str] | None:
    pages = _list(raw)
    bad = [page for page in pages if not is_page_slug(page)]
    if bad:
        raise ValueError(
            "expected page ids like 'night-drive' (lowercase letters, digits, hyphens) "
            f"but received: {', '.join(map(repr, bad))}"
        )
    return frozenset(pages) if pages else None


def _origins(raw: str) -> tuple[str, ...] | None:
    origins = tuple(origin.lower().rstrip("/") for origin in _list(raw))
    bad = [origin for origin in origins if not ORIGIN.fullmatch(origin)]
    if bad:
        raise ValueError(
            "expected origins like https://novalights.com or http://localhost:* "
            f"but received: {', '.join(map(repr, bad))}"
        )
    return origins or None


def _sinks(raw: str) -> tuple[str, ...]:
    sinks = tuple(SINK_ALIASES.get(sink.lower(), sink.lower()) for sink in _list(raw)) or ("store",)
    bad = [sink for sink in sinks if sink not in SINK_NAMES]
    if bad:
        raise ValueError(f"expected one of: {', '.join(SINK_NAMES)} but received: {', '.join(map(repr, bad))}")
    return tuple(dict.fromkeys(sinks))  # drop repeats, keep order


def _store(raw: str) -> str:
    location = parse_store(raw)  # ValueError says what was expected, never repeating a password
    if location.engine == "postgresql" and importlib.util.find_spec("psycopg") is None:
        raise ValueError("a PostgreSQL store needs the psycopg package: pip install 'psycopg[binary]'")
    return raw.strip()


def _url(raw: str) -> str:
    url = raw.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url
    if parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS:
        return url  # local fakes and development only
    raise ValueError(f"expected an https:// URL but received: {url!r}")


def _secret_url(raw: str) -> str:
    # A webhook URL embeds its token: check it, but never repeat it in a message.
    try:
        return _url(raw)
    except ValueError:
        raise ValueError("expected an https:// URL (the value is not repeated here because it holds a token)") from None


def _bool(raw: str) -> bool:
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"expected one of: true, false but received: {raw.strip()!r}")


def _per_minute(raw: str) -> int:
    text = raw.strip()
    if not (text.isascii() and text.isdigit()):  # str.isdigit() alone also accepts '¹', which int() refuses
        raise ValueError(
            f"expected a whole number of requests per minute (0 turns the limit off) but received: {text!r}"
        )
    return int(text)


def _body_cap(raw: str) -> int:
    text = raw.strip()
    if not (text.isascii() and text.isdigit()) or not 1024 <= int(text) <= 1_048_576:
        raise ValueError(f"expected a number of bytes between 1024 and 1048576 but received: {text!r}")
    return int(text)


def _seconds(raw: str) -> float:
    try:
        seconds = float(raw.strip())
    except ValueError:
        seconds = -1.0
    if not 0.1 <= seconds <= 30:
        raise ValueError(f"expected a number of seconds between 0.1 and 30 but received: {raw.strip()!r}")
    return seconds


SCHEMA: tuple[Setting, ...] = (
    Setting(
        "FANZINE_GATE_SECRET", "gate_secret", _secret, "",
        "Site secret from which every page key is derived (at least 32 characters). Required for /unlock.",
    ),
    Setting(
        "FANZINE_GATE_PAGES", "gate_pages", _pages, None,
        "Comma-separated page ids /unlock may answer for; unset: every page the build made (each page "
        "carries a ticket only the site secret can make).",
    ),
    Setting(
        "FANZINE_ALLOWED_ORIGINS", "allowed_origins", _origins, None,
        "Comma-separated sites whose pages may post to the endpoint (https://novalights.com); a port of * "
        "allows any port. Unset: same-origin plus http://localhost:* and http://127.0.0.1:*.",
    ),
    Setting(
        "FANZINE_SINKS", "sinks", _sinks, ("store",),
        "Where signups are recorded, comma-separated: store (the fan store; sqlite is its older name), "
        "buttondown, beehiiv, webhook.",
    ),
    Setting(
        "FANZINE_STORE", "store", _store, "",
        "The fan store: a SQLite file (./signups.sqlite3 or sqlite:///var/lib/fanzine/fans.sqlite3) or a "
        "PostgreSQL URL (postgresql://user:password@host/dbname). Default: FANZINE_DB, else ./signups.sqlite3.",
    ),
    Setting(
        "FANZINE_DB", "db_path", _store, DEFAULT_STORE,
        "Older name for a SQLite FANZINE_STORE, used when FANZINE_STORE is not set.",
    ),
    Setting(
        "FANZINE_BUTTONDOWN_API_KEY", "buttondown_api_key", _secret, "",
        "Buttondown API key (buttondown sink).",
    ),
    Setting(
        "FANZINE_BUTTONDOWN_URL", "buttondown_url", _url, "https://api.buttondown.com/v1",
        "Buttondown API base URL (change only for tests).",
    ),
    Setting(
        "FANZINE_BUTTONDOWN_TAGS", "buttondown_tags", _list, (),
        "Comma-separated Buttondown tags for new subscribers; {page} becomes the page id. Tags need a "
        "Buttondown plan that has them.",
    ),
    Setting(
        "FANZINE_BEEHIIV_API_KEY", "beehiiv_api_key", _secret, "",
        "beehiiv API key (beehiiv sink).",
    ),
    Setting(
        "FANZINE_BEEHIIV_PUBLICATION_ID", "beehiiv_publication_id", _text, "",
        "beehiiv publication id, pub_... (beehiiv sink).",
    ),
    Setting(
        "FANZINE_BEEHIIV_URL", "beehiiv_url", _url, "https://api.beehiiv.com/v2",
        "beehiiv API base URL (change only for tests).",
    ),
    Setting(
        "FANZINE_BEEHIIV_WELCOME_EMAIL", "beehiiv_welcome_email", _bool, True,
        "Whether beehiiv sends its welcome email to new subscribers.",
    ),
    Setting(
        "FANZINE_WEBHOOK_URL", "webhook_url", _secret_url, "",
        "Discord channel webhook URL told about each signup, without the address (webhook sink).",
    ),
    Setting(
        "FANZINE_SINK_TIMEOUT", "sink_timeout", _seconds, 5.0,
        "Seconds to wait for Buttondown, beehiiv, the webhook or Turnstile.",
    ),
    Setting(
        "FANZINE_TURNSTILE_SECRET", "turnstile_secret", _secret, "",
        "Cloudflare Turnstile secret key; when set, every signup must pass the challenge.",
    ),
    Setting(
        "FANZINE_TURNSTILE_URL", "turnstile_url", _url, "https://challenges.cloudflare.com/turnstile/v0/siteverify",
        "Turnstile siteverify URL (change only for tests).",
    ),
    Setting(
        "FANZINE_RATE_LIMIT_IP", "rate_limit_ip", _per_minute, 10,
        "Signup attempts per minute from one IP address (0: no limit).",
    ),
    Setting(
        "FANZINE_RATE_LIMIT_EMAIL", "rate_limit_email", _per_minute, 3,
        "Signups per minute for one email address (0: no limit).",
    ),
    Setting(
        "FANZINE_RATE_LIMIT_HITS", "rate_limit_hits", _per_minute, 60,
        "Cookieless counts (/hit) per minute from one fan's network, kept only as a daily-salted digest (0: no limit).",
    ),
    Setting(
        "FANZINE_MAX_BODY_BYTES", "max_body_bytes", _body_cap, 8192,
        "Largest request body accepted, in bytes.",
    ),
    Setting(
        "FANZINE_TRUST_FORWARDED_FOR", "trust_forwarded_for", _bool, False,
        "WSGI only: take the fan's IP from the last X-Forwarded-For entry (set it when a proxy you run "
        "sits in front).",
    ),
)


def load_settings(environ: Mapping[str, str]) -> Settings:
    """Read every FANZINE_* variable, collecting all problems instead of stopping at the first."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    problem_vars: list[str] = []
    for setting in SCHEMA:
        raw = environ.get(setting.env)
        if raw is None or not raw.strip():
            values[setting.attr] = setting.default
            continue
        try:
            values[setting.attr] = setting.parse(raw)
        except ValueError as error:
            values[setting.attr] = setting.default
            problems.append(f"{setting.env}: {error}")
            problem_vars.append(setting.env)
    for env, message in _missing_sink_settings(values) + _store_on_serverless(environ):
        problems.append(f"{env}: {message}")
        problem_vars.append(env)
    return Settings(
        **values,
        problems=tuple(problems),
        problem_vars=tuple(dict.fromkeys(problem_vars)),
        secret_problem=site_secret_problem(values["gate_secret"]),
    )


def _missing_sink_settings(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Each chosen sink's required variables that are not set."""
    required = {
        "buttondown": [("FANZINE_BUTTONDOWN_API_KEY", "buttondown_api_key")],
        "beehiiv": [
            ("FANZINE_BEEHIIV_API_KEY", "beehiiv_api_key"),
            ("FANZINE_BEEHIIV_PUBLICATION_ID", "beehiiv_publication_id"),
        ],
        "webhook": [("FANZINE_WEBHOOK_URL", "webhook_url")],
    }
    missing = []
    for sink in values["sinks"]:
        for env, attr in required.get(sink, []):
            if not values[attr]:
                missing.append((env, f"is required because FANZINE_SINKS includes {sink}, but it is not set."))
    return missing


def _store_on_serverless(environ: Mapping[str, str]) -> list[tuple[str, str]]:
    """FANZINE_STORE left unset on a host whose disk is temporary: signups and limits would not last."""
    if (environ.get("FANZINE_STORE") or "").strip() or (environ.get("FANZINE_DB") or "").strip():
        return []
    for variable, host in SERVERLESS_HOSTS.items():
        if environ.get(variable):
            return [(
                "FANZINE_STORE",
                f"is required on {host}, whose disk is temporary: set it to a PostgreSQL URL like "
                "postgresql://user:password@host/dbname (see docs/endpoint.md).",
            )]
    return []


def near_misses(environ: Mapping[str, str]) -> list[str]:
    """Warnings for FANZINE_* variables that look like a misspelt setting.

    Other FANZINE_* variables may belong to the site build, so only close
    matches are reported.
    """
    known = [setting.env for setting in SCHEMA]
    warnings = []
    for name in sorted(environ):
        if name.startswith("FANZINE_") and name not in known:
            match = difflib.get_close_matches(name, known, n=1, cutoff=0.85)
            if match:
                warnings.append(f"Unrecognised setting {name}: did you mean {match[0]}?")
    return warnings
