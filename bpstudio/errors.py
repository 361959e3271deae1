"""Errors shared by the command line's front door (cli.py) and its commands (headless.py),
here so that neither imports the other for them."""

from __future__ import annotations


class UserError(Exception):
    """A mistake in what the user asked for: printed as one line, exit status 2."""
