"""Child process for SECURITY.md test 11: export or import one bundle, to be killed midway."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ncpi_field.service import unlock_vault
from sync import bundle_export, bundle_import


def main() -> None:
    mode, vault, bundle = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    service = unlock_vault(vault, os.environ["NCPI_PASSPHRASE"])
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    if mode == "export":
        bundle_export.export_bundle(service, bundle, full=True)
    else:
        bundle_import.import_bundle(service, bundle)
    sys.stdout.write("done\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
