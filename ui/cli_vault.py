"""``ncpi-field vault ...``: create, rekey and inspect a vault.

Handlers call the vault service (imported inside them, so ``--help`` stays quick).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterator
from dataclasses import asdict
from typing import TYPE_CHECKING

from ui.cli_types import AddOptions, Commands
from ui.passphrase import SecretSource

if TYPE_CHECKING:
    from ncpi_field.service import VaultService


def register(commands: Commands, add: AddOptions) -> None:
    vault = commands.add_parser("vault", help="create, rekey or inspect a vault")
    actions = vault.add_subparsers(dest="vault_command", metavar="ACTION", required=True)

    init = actions.add_parser("init", help="create a vault and print its recovery code once")
    add(init)
    init.set_defaults(handler=init_vault)

    passwd = actions.add_parser("passwd", help="change the passphrase (vault.db is untouched)")
    add(passwd)
    passwd.add_argument(
        "--recovery", action="store_true", help="prove it with the recovery code instead"
    )
    passwd.set_defaults(handler=change_passphrase)

    status = actions.add_parser("status", help="counts, schema version and state digest")
    add(status)
    status.add_argument("--json", action="store_true", help="print JSON")
    status.set_defaults(handler=show_status)


def init_vault(args: argparse.Namespace) -> int:
    create_and_announce(args).lock()
    return 0


def create_and_announce(args: argparse.Namespace) -> VaultService:
    """Create the vault and print its recovery code once (``vault init`` and ``demo``)."""
    from ncpi_field import service  # noqa: PLC0415 - keeps --help quick

    secrets = SecretSource(from_stdin=args.passphrase_stdin)
    passphrase = secrets.get("NCPI_PASSPHRASE", "New passphrase: ", confirm=True)
    opened, code = service.create_vault(args.vault, passphrase)
    print(f"Vault created in {args.vault}.")
    print("Recovery code (shown once; give it to your team lead to hold):")
    print(f"  {code}")
    return opened


def change_passphrase(args: argparse.Namespace) -> int:
    from ncpi_field import opening  # noqa: PLC0415 - keeps --help quick; the KDF before the store

    secrets = SecretSource(from_stdin=args.passphrase_stdin)
    if args.recovery:
        code = secrets.get("NCPI_RECOVERY_CODE", "Recovery code: ")
        new = secrets.get("NCPI_NEW_PASSPHRASE", "New passphrase: ", confirm=True)
        # The app's forgotten-passphrase path: reset with the code, then open with the new one.
        opening.recover_vault(args.vault, code, new).lock()
    else:
        old = secrets.get("NCPI_PASSPHRASE", "Current passphrase: ")
        new = secrets.get("NCPI_NEW_PASSPHRASE", "New passphrase: ", confirm=True)
        opening.change_passphrase(args.vault, old, new)
    print("Passphrase changed.")
    return 0


@contextlib.contextmanager
def unlocked(
    args: argparse.Namespace, secrets: SecretSource | None = None
) -> Iterator[VaultService]:
    """The vault unlocked for one command (passphrase from the usual sources), then locked."""
    from ncpi_field import opening  # noqa: PLC0415 - keeps --help quick; the KDF before the store

    source = secrets or SecretSource(from_stdin=args.passphrase_stdin)
    opened = opening.unlock_vault(args.vault, source.get("NCPI_PASSPHRASE", "Passphrase: "))
    try:
        yield opened
    finally:
        opened.lock()


def show_status(args: argparse.Namespace) -> int:
    with unlocked(args) as opened:
        status = opened.status()
    if args.json:
        json.dump(asdict(status), sys.stdout, indent=2)
        print()
        return 0
    print(f"Vault:          {status.vault_id}")
    print(f"Device:         {status.device_id} (fingerprint {status.fingerprint})")
    print(f"Records:        {status.records}")
    print(f"Versions:       {status.versions}")
    print(f"Conflicts:      {status.conflicts}")
    print(f"Schema version: {status.schema_version}")
    print(f"State digest:   {status.state_digest}")
    return 0
