"""Derive the key of a vault's passphrase slot once; print the seconds it took (JSON)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from ncpi_field import keyslots
from ncpi_field.vault_files import KEYSLOTS_NAME

directory, passphrase = Path(sys.argv[1]), sys.stdin.readline().rstrip("\n")
slots = keyslots.load(directory / KEYSLOTS_NAME)
start = time.perf_counter()
keyslots.unwrap(slots.slot("passphrase"), passphrase, slots.vault_id)
print(json.dumps({"seconds": time.perf_counter() - start}))
