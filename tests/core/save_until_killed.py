"""Child process for the kill -9 test: saves versions forever, acknowledging each after commit."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ncpi_field.service import VaultService
from ncpi_field.vault import Vault


def main() -> None:
    service = VaultService(Vault.unlock(Path(sys.argv[1]), os.environ["NCPI_PASSPHRASE"]))
    answers = {"evidence_statement": "x" * 1500}
    n = 0
    while True:
        version = service.put_draft("observation", {**answers, "n": n}).version
        # Only now is the version durable: the parent counts an id as promised from here on.
        sys.stdout.write(version.version_id + "\n")
        sys.stdout.flush()
        n += 1


if __name__ == "__main__":
    main()
