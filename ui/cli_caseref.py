"""``ncpi-field caseref ...``: the force's own case reference, held apart from the answers."""

from __future__ import annotations

import argparse

from ui.cli_types import AddOptions, Commands
from ui.cli_vault import unlocked
from ui.passphrase import SecretSource


def register(commands: Commands, add: AddOptions) -> None:
    caseref = commands.add_parser(
        "caseref", help="hold, show (to return a case) or purge force case references"
    )
    actions = caseref.add_subparsers(dest="caseref_command", metavar="ACTION", required=True)

    held = actions.add_parser(
        "set",
        help="hold the force reference for a record (read from a prompt, "
        "$NCPI_FORCE_REFERENCE, or the line after the passphrase on stdin)",
    )
    add(held)
    held.add_argument("record_id", metavar="RECORD_ID")
    held.add_argument("--inspection", required=True, help="the inspection it belongs to")
    held.set_defaults(handler=set_reference)

    show = actions.add_parser("show", help="print the reference, to return a case to the force")
    add(show)
    show.add_argument("record_id", metavar="RECORD_ID")
    show.set_defaults(handler=show_reference)

    purge = actions.add_parser("purge", help="delete every reference of an inspection")
    add(purge)
    purge.add_argument("--inspection", required=True)
    purge.set_defaults(handler=purge_references)


def set_reference(args: argparse.Namespace) -> int:
    # One source for both secrets, so --passphrase-stdin reads them line by line in order.
    secrets = SecretSource(from_stdin=args.passphrase_stdin)
    with unlocked(args, secrets) as service:
        # Not a command-line argument: those show in process lists and shell history.
        reference = secrets.get("NCPI_FORCE_REFERENCE", "Force case reference: ")
        service.hold_case_reference(args.record_id, args.inspection, reference)
    print("Force case reference held (sealed, apart from the answers).")
    return 0


def show_reference(args: argparse.Namespace) -> int:
    with unlocked(args) as service:
        reference = service.show_case_reference(args.record_id)
    print(reference)
    return 0


def purge_references(args: argparse.Namespace) -> int:
    with unlocked(args) as service:
        count = service.purge_case_references(args.inspection).case_references
    print(f"Purged {count} force case reference{'s' if count != 1 else ''}.")
    return 0
