"""The build's secrets: environment variables, plus all of them at once in one JSON variable (FANZINE_SECRETS).

GitHub Actions can hand a job every repository secret as one JSON object
(`FANZINE_SECRETS: ${{ toJSON(secrets) }}` in .github/workflows/site.yml),
so an early-access page's `code_env: NIGHT_DRIVE_CODE` only needs a
repository secret named NIGHT_DRIVE_CODE: never a new line in the workflow.
A variable set on its own (and not empty) wins over the same name in the bundle.
"""
from __future__ import annotations

import json
import os
import re

from ..errors import FanzineError

BUNDLE = "FANZINE_SECRETS"
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def build_environment(environ: dict | None = None) -> dict[str, str]:
    """The variables a build may read secrets from: the bundle's, then the environment's own on top."""
    environ = dict(os.environ if environ is None else environ)
    raw = environ.get(BUNDLE, "").strip()
    bundle: dict[str, str] = {}
    if raw:
        try:
            data = json.loads(raw)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            # never echo the value: it holds secrets
            raise FanzineError(f'{BUNDLE}: expected a JSON object of secrets like {{"NIGHT_DRIVE_CODE": "..."}} '
                               "(in GitHub Actions: ${{ toJSON(secrets) }}), got something that is not one")
        bundle = {name: value for name, value in data.items() if NAME.fullmatch(str(name)) and isinstance(value, str)}
    return {**bundle, **{name: value for name, value in environ.items() if value != "" and name != BUNDLE}}
