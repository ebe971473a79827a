"""`python -m fanzine`: the `fanzine` command (see commands/cli.py)."""
from __future__ import annotations

import sys

from .commands.cli import main

if __name__ == "__main__":
    sys.exit(main())
