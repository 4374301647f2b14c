"""Child process for the kill -9 test: saves versions forever, acknowledging each after commit."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ncpi_field.records import Draft
from ncpi_field.vault import Vault


def main() -> None:
    vault = Vault.unlock(Path(sys.argv[1]), os.environ["NCPI_PASSPHRASE"])
    answers = {"evidence_statement": "x" * 1500}
    n = 0
    while True:
        version = vault.save(Draft(form_id="observation", answers={**answers, "n": n}))
        # Only now is the version durable: the parent counts an id as promised from here on.
        sys.stdout.write(version.version_id + "\n")
        sys.stdout.flush()
        n += 1


if __name__ == "__main__":
    main()
