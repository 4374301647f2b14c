"""Where the command line gets secrets: a prompt, the environment, or standard input."""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Iterator

from ncpi_field.errors import UserError


class SecretSource:
    """Hands out secrets in order. With ``--passphrase-stdin`` each line of stdin is one secret."""

    def __init__(self, *, from_stdin: bool) -> None:
        self._lines: Iterator[str] | None = (
            iter(sys.stdin.read().splitlines()) if from_stdin else None
        )

    def get(self, env_var: str, prompt: str, *, confirm: bool = False) -> str:
        if self._lines is not None:
            return self._next_line(prompt)
        value = os.environ.get(env_var)
        if value:
            return value
        if not sys.stdin.isatty():
            raise UserError(
                f"{prompt.rstrip(': ')} needed: set {env_var} or use --passphrase-stdin."
            )
        return _prompt(prompt, confirm=confirm)

    def _next_line(self, prompt: str) -> str:
        assert self._lines is not None
        line = next(self._lines, None)
        if line is None or not line:
            raise UserError(f"{prompt.rstrip(': ')} missing from standard input.")
        return line


def _prompt(prompt: str, *, confirm: bool) -> str:
    try:
        first = getpass.getpass(prompt)
        if confirm and getpass.getpass("Type it again: ") != first:
            raise UserError("The two entries do not match; nothing was changed.")
    except (EOFError, KeyboardInterrupt):
        raise UserError("Cancelled; nothing was changed.") from None
    return first
