"""Where the app keeps things by default: the vault, and the log of internal errors."""

from __future__ import annotations

import os
from pathlib import Path


def default_vault_dir() -> Path:
    """The vault used when none is named: ``$NCPI_VAULT``, else the user's data directory."""
    override = os.environ.get("NCPI_VAULT")
    if override:
        return Path(override).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "ncpi-field" / "vault"


def log_dir() -> Path:
    """Logs hold error types and code locations only, never field values."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "ncpi-field"
