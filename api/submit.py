"""Vercel function for POST /api/submit: a fan answers a call for submissions.

Every file in api/ runs the same handler, which routes by path; the code lives
in functions/ (see docs/endpoint.md).
"""
from __future__ import annotations

import sys
from pathlib import Path

# Vercel loads this file by path: make sure the repository root, which holds
# the functions package, is importable whatever the working directory.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from functions.vercel import FormHandler  # noqa: E402 - needs the path above


class handler(FormHandler):  # noqa: N801 - Vercel looks for this exact name
    """The class Vercel's Python runtime instantiates for each request."""
