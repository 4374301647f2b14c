"""``ncpi-field team ...``: lead an inspection, share and trust device keys, revoke a device."""

from __future__ import annotations

import argparse
from pathlib import Path

from ui.cli_types import AddOptions, Commands
from ui.cli_vault import unlocked


def register(commands: Commands, add: AddOptions) -> None:
    group = commands.add_parser("team", help="the inspection team: keys, trust and revocation")
    actions = group.add_subparsers(dest="team_command", metavar="ACTION", required=True)

    lead = actions.add_parser("lead", help="make this vault the team lead of an inspection")
    add(lead)
    lead.add_argument(
        "--inspection", help="the inspection's id (default: the only one this vault holds)"
    )
    lead.set_defaults(handler=become_lead)

    export = actions.add_parser(
        "export-key", help="write this device's public keys to a file, and show its fingerprint"
    )
    add(export)
    export.add_argument("--out", type=Path, required=True, metavar="FILE")
    export.set_defaults(handler=export_key)

    trust = actions.add_parser(
        "trust", help="install another device's public keys (confirm the fingerprint it shows)"
    )
    add(trust)
    trust.add_argument("--key", type=Path, required=True, metavar="FILE")
    trust.set_defaults(handler=trust_key)

    revoke = actions.add_parser("revoke", help="revoke a device: its later bundles are refused")
    add(revoke)
    revoke.add_argument("device", metavar="DEVICE", help="device id (or its first 6+ digits)")
    revoke.set_defaults(handler=revoke_device)

    listing = actions.add_parser("list", help="list the devices this vault trusts")
    add(listing)
    listing.set_defaults(handler=list_team)


def become_lead(args: argparse.Namespace) -> int:
    from sync import team  # noqa: PLC0415 - keeps --help quick

    with unlocked(args) as service:
        done = team.become_lead(service, args.inspection)
    state = "is now" if done.newly else "already is"
    if done.inspection_id:
        print(f"This vault {state} the team lead of inspection {done.inspection_id}.")
    else:
        print(
            f"This vault {state} the team lead. Set up the inspection next "
            "(ncpi-field inspection new): its bundles name it."
        )
    print(f"Fingerprint to read aloud: {done.fingerprint}")
    return 0


def export_key(args: argparse.Namespace) -> int:
    from sync import team  # noqa: PLC0415 - keeps --help quick

    with unlocked(args) as service:
        fingerprint = team.export_key(service, args.out)
    print(f"Public keys written to {args.out}.")
    print(f"Fingerprint to read aloud: {fingerprint}")
    return 0


def trust_key(args: argparse.Namespace) -> int:
    from sync import team  # noqa: PLC0415 - keeps --help quick

    with unlocked(args) as service:
        done = team.trust(service, args.key)
    state = "was already trusted" if done.already else "is now trusted"
    print(f"Device {done.device_id} ({done.role}) {state}.")
    print(f"Fingerprint: {done.fingerprint}")
    print("Confirm it with its owner, read aloud; revoke the device if it does not match.")
    return 0


def revoke_device(args: argparse.Namespace) -> int:
    from sync import team  # noqa: PLC0415 - keeps --help quick

    with unlocked(args) as service:
        member = team.revoke(service, args.device)
    print(f"Device {member.device_id} revoked at {member.revoked_at}.")
    print("Its later bundles will be refused; what it sent before stays.")
    return 0


def list_team(args: argparse.Namespace) -> int:
    from sync import team  # noqa: PLC0415 - keeps --help quick

    with unlocked(args) as service:
        found = team.members(service)
    if not found:
        print("This vault trusts no other device yet.")
    for member in found:
        state = f"revoked {member.revoked_at}" if member.revoked else "trusted"
        print(f"{member.device_id}  {member.fingerprint}  {member.role:<9}  {state}")
    return 0
