"""``ncpi-field returned list``: the cases returned to the force and where each one stands."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime

from ui.cli_types import AddOptions, Commands
from ui.cli_vault import unlocked


def register(commands: Commands, add: AddOptions) -> None:
    returned = commands.add_parser(
        "returned", help="the cases returned to the force (immediate risk) and their status"
    )
    actions = returned.add_subparsers(dest="returned_command", metavar="ACTION", required=True)
    listing = actions.add_parser(
        "list",
        help="list every case audit marked immediate risk, longest waiting first "
        "(never the force's reference: see `caseref show`)",
    )
    add(listing)
    listing.add_argument(
        "--inspection", help="only this inspection's cases (and those filed under none)"
    )
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=list_returned)


def list_returned(args: argparse.Namespace) -> int:
    # Imported here so `ncpi-field --help` stays light (it loads SQLAlchemy).
    from ncpi_field.returned import time_since  # noqa: PLC0415

    with unlocked(args) as service:
        if args.inspection is not None:
            service.inspection(args.inspection)  # an id of no inspection: said, not listed
        rows = service.returned_cases(args.inspection)
    now = datetime.now(UTC)
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "record_id": r.record_id,
                        "title": r.title,
                        "category": r.category,
                        "marked_at": r.marked_at,
                        "status": r.status,
                        "record_status": r.record_status,
                        "in_conflict": r.in_conflict,
                    }
                    for r in rows
                ],
                indent=2,
            )
        )
        return 0
    if not rows:
        print("No case is marked immediate risk.")
        return 0
    for r in rows:
        flags = "".join(
            (
                " (withdrawn)" if r.record_status == "withdrawn" else "",
                " (in conflict)" if r.in_conflict else "",
            )
        )
        print(
            f"{r.record_id}  {r.title}  {r.status_label}  "
            f"marked {time_since(r.marked_since(now))}{flags}"
        )
    return 0
