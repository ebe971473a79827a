"""The participation commands, registered together: `fanzine polls results`, `inbox`, `approve`, `reject`."""
from __future__ import annotations

import argparse

from . import inbox, polls


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register every participation command on the main parser's subcommands."""
    polls.add_commands(commands)
    inbox.add_commands(commands)
