"""The form endpoint itself: route a `Request`, apply the defences, record the signup, answer.

Knows nothing of any platform: the adapters (wsgi.py, aws_lambda.py,
vercel.py) translate to and from `Request` and `Response`.
"""
from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from . import defences, hits, rsvp, sinks
from .errors import SignupError, SinkError, StoreError, VerificationUnavailableError
from .keys import DEVELOPMENT_SECRET, encode_key, signup_page_key, ticket_version
from .messages import Request, Response, json_response, read_body
from .settings import Settings, load_settings, near_misses
from .store import FanStore, open_store
from .validation import (
    TURNSTILE_FIELD,
    Signup,
    check_content_type,
    honeypot_filled,
    normalise_email,
    parse_form,
    read_signup,
)

log = logging.getLogger("fanzine.endpoint")

MAX_PATH_LENGTH = 256
ALLOW = "POST, OPTIONS"
# What the fan reads; tests assert these sentences word for word.
SAVE_FAILED = "We couldn't save your signup. Please try again."
HONEYPOT_FILLED = (
    'This looks like an automated signup. If you are a person, leave the "website" field empty and try again.'
)
NO_SECRET = (
    "Early access isn't set up yet: the site secret is missing or too short. Site owner: set FANZINE_GATE_SECRET."
)
TOO_MANY_FROM_IP = "Too many signups from your network. Please wait a minute and try again."
TOO_MANY_FOR_EMAIL = "This address was just used to sign up. Please wait a minute before trying again."
TURNSTILE_UNAVAILABLE = "We couldn't check the verification challenge just now. Please try again."


Handler = Callable[["Endpoint", "Request", "str | None"], Response]


@dataclass(frozen=True)
class Route:
    """One route: its handler (endpoint, request, the path's argument → answer) and the methods it takes."""

    handler: Handler
    methods: tuple[str, ...] = ("POST",)
    argument: str | None = None  # a pattern for one more path segment (/results/<poll>/<ticket>)


def _signups(endpoint: Endpoint, request: Request, argument: str | None) -> Response:
    return json_response(200, endpoint.sign_up(request))


def _rsvp(endpoint: Endpoint, request: Request, argument: str | None) -> Response:
    answer = rsvp.answer(endpoint, request)
    return answer if isinstance(answer, Response) else json_response(200, answer)


def _hit(endpoint: Endpoint, request: Request, argument: str | None) -> Response:
    return hits.answer(endpoint, request)


def _routes() -> dict[str, Route]:
    # One line per route; each route's handler lives in a module of its own.
    from . import submissions, votes

    return {
        "unlock": Route(_signups),
        "subscribe": Route(_signups),
        "rsvp": Route(_rsvp),
        "hit": Route(_hit),  # cookieless counts (issue 19): answers 204 itself
        "vote": Route(votes.vote),
        "results": Route(votes.results, ("GET",), argument=votes.RESULTS_ARGUMENT),
        "submit": Route(submissions.submit),
    }


def match_route(path: str) -> str | None:
    """The route a path names (``"unlock"``, ``"vote"``...), or None when this endpoint does not serve it."""
    found = route_and_argument(path)
    return found[0] if found else None


def route_and_argument(path: str) -> tuple[str, str | None] | None:
    """(route, its argument or None) for a path this endpoint serves, else None.

    Any prefix of plain segments (/api, /forms/api) may sit before the route;
    no dots, so "/api/../unlock" and friends are simply not found.
    """
    if len(path) > MAX_PATH_LENGTH:
        return None
    routes = all_routes()
    for name, route in routes.items():
        argument = f"(?:/({route.argument}))" if route.argument else "()"
        match = re.fullmatch(rf"(?:/[A-Za-z0-9_-]+)*/({name}){argument}/?", path)
        if match:
            return name, match.group(2) or None
    return None


ROUTES: dict[str, Route] = {}  # filled on first use: the handlers' modules import this one


def all_routes() -> dict[str, Route]:
    """The route table, made once."""
    if not ROUTES:
        ROUTES.update(_routes())
    return ROUTES


def route_list() -> str:
    """"/unlock, /subscribe, /rsvp, …": the routes, as the 404 answer names them."""
    names = [f"/{name}" for name in all_routes()]
    return ", ".join(names[:-1]) + " and " + names[-1]


class Endpoint:
    """The unlock and subscribe forms, with their settings, rate limits, sinks and fan store.

    One instance lives as long as the process (a serverless instance, a WSGI
    worker). The rate limits that count are kept in the fan store, shared by
    every instance; each instance also keeps them in memory as a first line,
    so a flood from one address is turned away without a trip to the store.
    """

    def __init__(
        self, settings: Settings, clock: Callable[[], float] = time.monotonic, store: FanStore | None = None
    ) -> None:
        self.settings = settings
        self.ip_limit = defences.RateLimiter(settings.rate_limit_ip, clock)
        self.email_limit = defences.RateLimiter(settings.rate_limit_email, clock)
        self.hit_limit = defences.RateLimiter(settings.rate_limit_hits, clock)
        self.remote_sinks = sinks.remote_sinks(settings)
        self.store = store if store is not None else open_store(settings.store_location)
        self.keeps_signups = "store" in settings.sinks

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Endpoint:
        """Build the endpoint from FANZINE_* variables, logging every setting problem once."""
        environ = os.environ if environ is None else environ
        settings = load_settings(environ)
        for problem in settings.problems:
            log.error("Setting problem: %s", problem)
        if settings.secret_problem:
            log.warning("/unlock is off until this is fixed: %s", settings.secret_problem)
        elif settings.gate_secret == DEVELOPMENT_SECRET:
            log.warning("FANZINE_GATE_SECRET is Fanzine's public development secret: fine on your computer, "
                        "never on a real site.")
        for warning in near_misses(environ):
            log.warning(warning)
        return cls(settings)

    def handle(self, request: Request) -> Response:
        """Answer one request. The one place that catches every exception."""
        try:
            return self._answer(request)
        except Exception:  # the outermost guard: a bug must not reach the fan as a traceback
            log.exception("Unexpected error answering %s %s", request.method, request.path[:MAX_PATH_LENGTH])
            return json_response(500, {"error": "Something went wrong on our side. Please try again later."})

    def _answer(self, request: Request) -> Response:
        found = route_and_argument(request.path)
        if found is None:
            return json_response(404, {"error": f"Nothing here: this endpoint answers {route_list()}."})
        name, argument = found
        route = all_routes()[name]
        origin = request.headers.get("origin")
        cors: dict[str, str] = {"Vary": "Origin"}
        allow = ", ".join((*route.methods, "OPTIONS"))
        try:
            if request.method not in (*route.methods, "OPTIONS"):
                verb = " or ".join(route.methods)
                raise SignupError(405, f"Send this form with {verb}." if "POST" in route.methods
                                  else f"Ask for this with {verb}.", headers={"Allow": allow})
            if origin is not None:
                if not defences.origin_allowed(origin, request, self.settings.allowed_origins):
                    raise SignupError(403, "This form can only be sent from the artist's own site.", "origin")
                cors = defences.cors_headers(origin, preflight=request.method == "OPTIONS")
            if request.method == "OPTIONS":
                return json_response(204, None, {**cors, "Allow": allow})
            request.route = name
            response = route.handler(self, request, argument)
            response.headers = {**cors, **response.headers}
            return response
        except SignupError as error:
            return json_response(error.status, error.body(), {**cors, **error.headers})
        except StoreError as error:
            log.error("The fan store is unavailable: %s", error)
            return json_response(503, {"error": SAVE_FAILED}, cors)

    def read_form(self, route: str, request: Request) -> dict[str, object]:
        """The first defences every form goes through, in order: settings, the network's rate limit, the
        content type, the body cap, the form itself, the honeypot. Returns the form's fields."""
        self._check_ready(route)
        self._limit("ip", self.ip_limit, self._fan_ip(request), self.settings.rate_limit_ip)
        check_content_type(request.headers.get("content-type", ""))
        body = read_body(request, self.settings.max_body_bytes)
        fields = parse_form(request.headers.get("content-type", ""), body)
        if honeypot_filled(fields):
            log.info("Refused a %s with the honeypot field filled", route)
            raise SignupError(403, HONEYPOT_FILLED, "website")
        return fields

    def limit_address(self, email: str) -> None:
        """The per-address rate limit (in memory, then in the store); a 429 when it is out."""
        self._limit("email", self.email_limit, normalise_email(email), self.settings.rate_limit_email)

    def sign_up(self, request: Request) -> dict[str, object]:
        """Run a signup (/unlock, /subscribe) through every check in order, then record it; return the 200 body."""
        route = request.route or "subscribe"
        fields = self.read_form(route, request)
        signup = read_signup(fields, needs_page=route == "unlock")
        version = self._key_version(signup.page, fields.get("ticket")) if signup.page is not None else None
        self.limit_address(signup.email)
        self._check_turnstile(signup, self._fan_ip(request))
        self._record(signup)
        hits.count_action(self, fields, f"early:{signup.page}" if signup.page else "newsletter", "signup")
        if signup.page is None or version is None:  # a page always has a key version
            return {"ok": True}
        return {"key": encode_key(signup_page_key(self.settings.gate_secret, signup.page, version))}

    def _key_version(self, page: str, ticket: object) -> int:
        """The page's key version, vouched for by the ticket its built page carries; else a 404."""
        version = ticket_version(self.settings.gate_secret, page, ticket)
        listed = self.settings.gate_pages is None or page in self.settings.gate_pages
        if version is None or not listed:
            why = "not in FANZINE_GATE_PAGES" if version is not None else (
                "its ticket is missing or was not made with this FANZINE_GATE_SECRET (is the site built with the "
                "same secret?)")
            log.warning("Refused an unlock for page %r: %s", page, why)
            raise SignupError(404, f'There is no early-access page called "{page}".', "page")
        return version

    def _check_ready(self, route: str) -> None:
        """Refuse every signup while a setting is broken, so none is half-handled."""
        if self.settings.problems:
            log.error("Refused a signup: settings need fixing (%s)", ", ".join(self.settings.problem_vars))
            names = ", ".join(self.settings.problem_vars)
            raise SignupError(
                503, f"This signup form isn't set up correctly yet. Site owner: check {names} in the server settings."
            )
        if route == "unlock" and self.settings.secret_problem:
            log.error("Refused an unlock: %s", self.settings.secret_problem)
            raise SignupError(503, NO_SECRET)

    def _fan_ip(self, request: Request) -> str:
        forwarded = request.headers.get("x-forwarded-for", "")
        if self.settings.trust_forwarded_for and forwarded.strip():
            # The last entry is the one our own proxy added; earlier ones are the client's word.
            return forwarded.split(",")[-1].strip()
        return request.client_ip or "unknown"

    def _limit(self, kind: str, limiter: defences.RateLimiter, key: str, per_minute: int) -> None:
        """Spend a token in memory, then in the store (where every instance counts); 429 when either is out."""
        wait = limiter.wait_time(key) or self.store.take_token(kind, key, per_minute)
        if not wait:
            return
        if kind == "ip":
            raise SignupError(429, TOO_MANY_FROM_IP, headers={"Retry-After": str(wait)})
        raise SignupError(429, TOO_MANY_FOR_EMAIL, "email", {"Retry-After": str(wait)})

    def _check_turnstile(self, signup: Signup, fan_ip: str) -> None:
        settings = self.settings
        if not settings.turnstile_secret:
            return
        if not signup.turnstile_token:
            raise SignupError(403, "Please complete the verification challenge and try again.", TURNSTILE_FIELD)
        try:
            passed = defences.turnstile_passed(
                signup.turnstile_token, settings.turnstile_secret, settings.turnstile_url, fan_ip, settings.sink_timeout
            )
        except VerificationUnavailableError as error:
            log.warning("Turnstile check unavailable: %s", error)
            raise SignupError(503, TURNSTILE_UNAVAILABLE, TURNSTILE_FIELD) from None
        if not passed:
            raise SignupError(403, "The verification challenge failed. Please try it again.", TURNSTILE_FIELD)

    def _record(self, signup: Signup) -> None:
        try:
            sinks.record_signup(signup, self.remote_sinks, self.store if self.keeps_signups else None)
        except SinkError as error:
            log.error("Signup for %s not recorded: %s", signup.page or "the newsletter", error)
            raise SignupError(502, SAVE_FAILED) from None
        log.info("Signup recorded for %s", signup.page or "the newsletter")


_default: Endpoint | None = None
_default_lock = threading.Lock()


def default_endpoint() -> Endpoint:
    """The process-wide endpoint, built from the environment on first use."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Endpoint.from_environ()
        return _default


def handle(request: Request) -> Response:
    """Answer one request with the process-wide endpoint (what the adapters call)."""
    return default_endpoint().handle(request)
