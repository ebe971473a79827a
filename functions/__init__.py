"""Fanzine's form endpoint: early-access unlocks and newsletter signups.

One platform-free core (core.py: Request -> Response) with thin adapters:
wsgi.py (any WSGI host, `functions.wsgi:app`), aws_lambda.py (Lambda
function URLs) and vercel.py (Vercel's Python runtime, via api/*.py).
Everything fans send is kept in the fan store (store/: SQLite or
PostgreSQL). keys.py is shared with the site build. See docs/endpoint.md.
"""
from __future__ import annotations

from .core import Endpoint, handle
from .keys import encode_key, signup_page_key
from .messages import Request, Response

__all__ = ["Endpoint", "Request", "Response", "encode_key", "handle", "signup_page_key"]
