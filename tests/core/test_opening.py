"""Opening a vault derives the key before the store loads, so their memory never adds up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from ncpi_field.opening import change_passphrase, recover_vault, unlock_vault

ROOT = Path(__file__).resolve().parents[2]

SPY = """
import json, os, sys
from pathlib import Path
from ncpi_field import keyslots
real, seen = keyslots.unwrap, []
def spy(*args, **kwargs):
    seen.append(sorted(m for m in ("sqlalchemy", "sqlcipher3") if m in sys.modules))
    return real(*args, **kwargs)
keyslots.unwrap = spy
from ncpi_field.opening import unlock_vault
vault = unlock_vault(Path(sys.argv[1]), os.environ["NCPI_PASSPHRASE"])
print(json.dumps({"loaded_during_kdf": seen, "records": vault.status().records}))
vault.lock()
"""


def test_the_key_is_derived_before_the_store_is_imported(
    created_vault: tuple[Path, str], passphrase: str
) -> None:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(SPY), str(created_vault[0])],
        env={**os.environ, "NCPI_PASSPHRASE": passphrase},
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    assert json.loads(result.stdout) == {"loaded_during_kdf": [[]], "records": 0}


def test_recovery_and_change_open_the_same_vault(
    created_vault: tuple[Path, str], passphrase: str
) -> None:
    vault_dir, code = created_vault
    first = "a passphrase set by recovery"
    recovered = recover_vault(vault_dir, code, first)
    identity = recovered.identity.device_id
    recovered.lock()
    change_passphrase(vault_dir, first, passphrase)
    again = unlock_vault(vault_dir, passphrase)
    assert again.identity.device_id == identity
    again.lock()
