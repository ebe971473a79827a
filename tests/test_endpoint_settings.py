"""functions/settings.py: every FANZINE_* variable, its default, and the messages for bad values."""
from __future__ import annotations

from pathlib import Path

from functions.settings import SCHEMA, Settings, load_settings, near_misses

DOCS = Path(__file__).resolve().parent.parent / "docs" / "endpoint.md"


def test_defaults():
    settings = load_settings({})
    assert settings == Settings(secret_problem="FANZINE_GATE_SECRET is not set.")
    assert settings.sinks == ("store",)
    assert settings.store_location.display == "./signups.sqlite3"
    assert settings.max_body_bytes == 8192
    assert (settings.rate_limit_ip, settings.rate_limit_email) == (10, 3)
    assert settings.turnstile_url == "https://challenges.cloudflare.com/turnstile/v0/siteverify"


def test_values_are_read():
    settings = load_settings({
        "FANZINE_GATE_SECRET": "s" * 40,
        "FANZINE_GATE_PAGES": "night-drive, demos ,",
        "FANZINE_ALLOWED_ORIGINS": "https://NovaLights.com/, http://localhost:*",
        "FANZINE_SINKS": "webhook, SQLite, webhook",
        "FANZINE_WEBHOOK_URL": "https://discord.com/api/webhooks/1/abc",
        "FANZINE_RATE_LIMIT_IP": "0",
        "FANZINE_TRUST_FORWARDED_FOR": "yes",
        "FANZINE_BEEHIIV_WELCOME_EMAIL": "off",
        "FANZINE_SINK_TIMEOUT": "2.5",
    })
    assert settings.problems == () and settings.secret_problem is None
    assert settings.gate_pages == frozenset({"night-drive", "demos"})
    assert settings.allowed_origins == ("https://novalights.com", "http://localhost:*")
    assert settings.sinks == ("webhook", "store")  # sqlite is the store sink's older name
    assert settings.rate_limit_ip == 0 and settings.trust_forwarded_for and not settings.beehiiv_welcome_email
    assert settings.sink_timeout == 2.5


def test_every_problem_is_reported_at_once_with_what_was_expected():
    settings = load_settings({
        "FANZINE_SINKS": "sqlite, mailchimp",
        "FANZINE_GATE_PAGES": "Night_Drive",
        "FANZINE_ALLOWED_ORIGINS": "novalights.com",
        "FANZINE_RATE_LIMIT_IP": "ten",
        "FANZINE_MAX_BODY_BYTES": "100",
        "FANZINE_TRUST_FORWARDED_FOR": "maybe",
        "FANZINE_SINK_TIMEOUT": "0",
        "FANZINE_BUTTONDOWN_URL": "http://api.buttondown.com/v1",
    })
    assert settings.problems == (
        "FANZINE_GATE_PAGES: expected page ids like 'night-drive' (lowercase letters, digits, hyphens) but received: 'Night_Drive'",
        "FANZINE_ALLOWED_ORIGINS: expected origins like https://novalights.com or http://localhost:* but received: 'novalights.com'",
        "FANZINE_SINKS: expected one of: store, buttondown, beehiiv, webhook but received: 'mailchimp'",
        "FANZINE_BUTTONDOWN_URL: expected an https:// URL but received: 'http://api.buttondown.com/v1'",
        "FANZINE_SINK_TIMEOUT: expected a number of seconds between 0.1 and 30 but received: '0'",
        "FANZINE_RATE_LIMIT_IP: expected a whole number of requests per minute (0 turns the limit off) but received: 'ten'",
        "FANZINE_MAX_BODY_BYTES: expected a number of bytes between 1024 and 1048576 but received: '100'",
        "FANZINE_TRUST_FORWARDED_FOR: expected one of: true, false but received: 'maybe'",
    )
    assert settings.problem_vars[0] == "FANZINE_GATE_PAGES"


def test_chosen_sinks_need_their_settings():
    settings = load_settings({"FANZINE_SINKS": "buttondown,beehiiv,webhook"})
    assert settings.problems == (
        "FANZINE_BUTTONDOWN_API_KEY: is required because FANZINE_SINKS includes buttondown, but it is not set.",
        "FANZINE_BEEHIIV_API_KEY: is required because FANZINE_SINKS includes beehiiv, but it is not set.",
        "FANZINE_BEEHIIV_PUBLICATION_ID: is required because FANZINE_SINKS includes beehiiv, but it is not set.",
        "FANZINE_WEBHOOK_URL: is required because FANZINE_SINKS includes webhook, but it is not set.",
    )


def test_secret_values_are_never_repeated_in_messages():
    settings = load_settings({"FANZINE_SINKS": "webhook", "FANZINE_WEBHOOK_URL": "ftp://hooks/TOKEN-123", "FANZINE_GATE_SECRET": "short-secret"})
    assert "TOKEN-123" not in " ".join(settings.problems)
    assert "short-secret" not in (settings.secret_problem or "")
    assert settings.secret_problem.startswith("FANZINE_GATE_SECRET is too short: found 12 characters")


def test_local_http_urls_are_allowed_for_fakes():
    settings = load_settings({"FANZINE_TURNSTILE_URL": "http://127.0.0.1:9999/siteverify/"})
    assert settings.problems == () and settings.turnstile_url == "http://127.0.0.1:9999/siteverify"


def test_near_misses_are_pointed_out_and_other_variables_left_alone():
    environ = {"FANZINE_ALLOWED_ORIGIN": "x", "FANZINE_SINK": "x", "FANZINE_AS_OF": "2026-12-05", "PATH": "/bin"}
    assert near_misses(environ) == [
        "Unrecognised setting FANZINE_ALLOWED_ORIGIN: did you mean FANZINE_ALLOWED_ORIGINS?",
        "Unrecognised setting FANZINE_SINK: did you mean FANZINE_SINKS?",
    ]


def test_every_setting_is_documented_for_artists():
    text = DOCS.read_text(encoding="utf-8")
    missing = [setting.env for setting in SCHEMA if f"`{setting.env}`" not in text]
    assert missing == []
