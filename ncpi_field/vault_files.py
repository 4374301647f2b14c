"""What a vault directory holds, by name: importable without the store (no SQLAlchemy, no Qt).

The desktop app asks "is there a vault here?" before its first paint, long before it needs the
database engine or the key derivation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

KEYSLOTS_NAME: Final = "keyslots.json"


def vault_exists(directory: Path) -> bool:
    return (directory / KEYSLOTS_NAME).is_file()
