"""The import figure's fair baseline: ``VAULT ROWS_JSON`` saves the bundles' versions locally.

The same versions the bundles carry (``sync_build.py`` kept them as rows) saved into VAULT (a
fresh copy of the receiving vault) through ``VaultService.add_records``, the save path, which
runs the same form checks and PII rules on every complete version that an import runs: one
call per bundle's worth. A whole process, like the import it is set against: starting Python,
unlocking the vault (the passphrase on stdin) and reading the rows are in both.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import cast

from ncpi_field.records import RecordId, Status
from ncpi_field.service import NewRecord, unlock_vault


def main() -> None:
    vault, rows_file = Path(sys.argv[1]), Path(sys.argv[2])
    service = unlock_vault(vault, sys.stdin.readline().rstrip("\n"))
    saved = 0
    try:
        for rows in json.loads(rows_file.read_text()):
            # Row columns as sync_build.version_rows reads them: record id, form, status, answers.
            batch = [
                NewRecord(RecordId(row[1]), row[2], json.loads(row[8]), cast(Status, row[6]))
                for row in rows
            ]
            saved += len(service.add_records(batch).versions)
    finally:
        service.lock()
    print(json.dumps({"versions": saved}))


if __name__ == "__main__":
    main()
