"""Vercel function for GET /api/results/<poll>/<ticket>: a live poll's running count.

Every file in api/ runs the same handler, which routes by path (Vercel maps the
folders named in brackets to the path's segments); the code lives
in functions/ (see docs/endpoint.md).
"""
from __future__ import annotations

import sys
from pathlib import Path

# Vercel loads this file by path: make sure the repository root, which holds
# the functions package, is importable whatever the working directory.
_ROOT = str(Path(__file__).resolve().parents[3])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from functions.vercel import FormHandler  # noqa: E402 - needs the path above


class handler(FormHandler):  # noqa: N801 - Vercel looks for this exact name
    """The class Vercel's Python runtime instantiates for each request."""
