"""Where signups go: the fan store, Buttondown, beehiiv, and a Discord webhook.

Order, so that a failure never leaves a signup half-written:
1. If the `store` sink is on and the fan store already holds this (page,
   email), the signup was fully recorded before: nothing is sent again (a fan
   clicking twice does not get two welcome emails or two Discord posts).
2. The remote sinks run in the order FANZINE_SINKS lists them. The first
   failure stops the signup: the fan is asked to try again, and nothing is
   written to the store.
3. The store row is written last, in one statement. A retry after a failure
   re-sends to the newsletter providers, which treat an address they already
   have as a success.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Protocol
from urllib.parse import quote

from . import outbound
from .errors import SinkError
from .settings import Settings
from .store import FanStore
from .validation import Signup

NEWSLETTER_PAGE = ""  # the `page` column of a newsletter signup (no gated page)


class RemoteSink(Protocol):
    """A service told about each new signup."""

    name: str

    def send(self, signup: Signup) -> None:
        """Deliver one signup; raise SinkError when the service does not accept it."""


def page_column(signup: Signup) -> str:
    """The store's `page` for a signup: the gated page, or "" for the newsletter."""
    return signup.page if signup.page is not None else NEWSLETTER_PAGE


class ButtondownSink:
    """Adds the fan to a Buttondown newsletter (POST /v1/subscribers)."""

    name = "buttondown"

    def __init__(self, settings: Settings) -> None:
        self.url = f"{settings.buttondown_url}/subscribers"
        self.api_key = settings.buttondown_api_key
        self.tags = settings.buttondown_tags
        self.timeout = settings.sink_timeout

    def tags_for(self, signup: Signup) -> list[str]:
        """The configured tags, with {page} filled in (dropped for newsletter signups)."""
        if signup.page is None:
            return [tag for tag in self.tags if "{page}" not in tag]
        return [tag.replace("{page}", signup.page) for tag in self.tags]

    def send(self, signup: Signup) -> None:
        payload = {"email_address": signup.email, "tags": self.tags_for(signup)}
        reply = _post(self.name, self.url, payload, {"Authorization": f"Token {self.api_key}"}, self.timeout)
        if 200 <= reply.status < 300 or _already_subscribed(reply):
            return
        raise SinkError(self.name, f"HTTP {reply.status}{_error_code(reply)}")


class BeehiivSink:
    """Adds the fan to a beehiiv publication (POST /v2/publications/{id}/subscriptions)."""

    name = "beehiiv"

    def __init__(self, settings: Settings) -> None:
        publication = quote(settings.beehiiv_publication_id, safe="")
        self.url = f"{settings.beehiiv_url}/publications/{publication}/subscriptions"
        self.api_key = settings.beehiiv_api_key
        self.welcome_email = settings.beehiiv_welcome_email
        self.timeout = settings.sink_timeout

    def payload_for(self, signup: Signup) -> dict[str, object]:
        """The subscription as beehiiv's API documents it."""
        payload: dict[str, object] = {
            "email": signup.email,
            # Someone who unsubscribed stays unsubscribed unless they do it themselves.
            "reactivate_existing": False,
            "send_welcome_email": self.welcome_email,
            "utm_source": "fanzine",
            "utm_medium": "newsletter" if signup.page is None else "early-access",
        }
        if signup.page is not None:
            payload["utm_campaign"] = signup.page
        return payload

    def send(self, signup: Signup) -> None:
        headers = {"Authorization": f"Bearer {self.api_key}"}
        reply = _post(self.name, self.url, self.payload_for(signup), headers, self.timeout)
        if not 200 <= reply.status < 300:
            raise SinkError(self.name, f"HTTP {reply.status}{_error_code(reply)}")


class WebhookSink:
    """Tells a Discord channel that someone signed up, never who."""

    name = "webhook"

    def __init__(self, settings: Settings) -> None:
        self.url = settings.webhook_url
        self.timeout = settings.sink_timeout

    @staticmethod
    def message_for(signup: Signup) -> dict[str, object]:
        """The Discord message: the page, no address, and no @mentions."""
        if signup.page is None:
            content = "New newsletter signup"
        else:
            content = f"New early-access signup for {signup.page}"
        return {"content": content, "allowed_mentions": {"parse": []}}

    def send(self, signup: Signup) -> None:
        reply = _post(self.name, self.url, self.message_for(signup), {}, self.timeout)
        if not 200 <= reply.status < 300:
            raise SinkError(self.name, f"HTTP {reply.status}")


def _post(sink: str, url: str, payload: object, headers: dict[str, str], timeout: float) -> outbound.Reply:
    try:
        return outbound.post_json(url, payload, headers, timeout)
    except OSError as error:
        raise SinkError(sink, f"no answer ({error})") from error


def _already_subscribed(reply: outbound.Reply) -> bool:
    """Buttondown refuses an address it already has; for a retried signup that is success."""
    answer = reply.json()
    code = answer.get("code") if isinstance(answer, dict) else None
    return reply.status in (400, 409) and isinstance(code, str) and "already" in code


def _error_code(reply: outbound.Reply) -> str:
    # Only a short machine code is logged: provider messages may quote the address.
    answer = reply.json()
    code = answer.get("code") if isinstance(answer, dict) else None
    return f" ({code[:80]})" if isinstance(code, str) else ""


def remote_sinks(settings: Settings) -> list[RemoteSink]:
    """The remote sinks FANZINE_SINKS names, in its order."""
    makers: dict[str, Callable[[Settings], RemoteSink]] = {"buttondown": ButtondownSink, "beehiiv": BeehiivSink,
                                                           "webhook": WebhookSink}
    return [makers[name](settings) for name in settings.sinks if name in makers]


def record_signup(signup: Signup, remote: list[RemoteSink], store: FanStore | None) -> None:
    """Record one signup in every sink, the fan store last (see the module docstring).

    Raises SinkError when a remote sink refuses, StoreError when the store cannot be used.
    """
    if store is not None and remote and store.has_signup(page_column(signup), signup.email):
        return  # already told every sink; with no remote sink, the insert below is the whole check
    for sink in remote:
        sink.send(signup)
    if store is not None:
        store.add_signup(page_column(signup), signup.email)
