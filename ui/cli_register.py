"""``ncpi-field register``: the recommendations register; ``register set`` records a status."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from ui.cli_types import AddOptions, Commands
from ui.cli_vault import unlocked

if TYPE_CHECKING:
    from ncpi_field.service import Recommendation

STATUS_WORDS = "drafted, issued, accepted, in_progress, met, not_met"
TEXT_SHOWN = 60


def register(commands: Commands, add: AddOptions) -> None:
    listing = commands.add_parser(
        "register",
        help="the recommendations register across the vault's inspections",
        description="With no action, list every recommendation, its status and progress.",
    )
    add(listing)
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=list_register)
    actions = listing.add_subparsers(dest="register_command", metavar="ACTION")
    setting = actions.add_parser("set", help="record a recommendation's new status")
    add(setting)
    setting.add_argument("rec_id", metavar="REC-ID", help="the identifier, e.g. REC-03")
    setting.add_argument("--status", required=True, help=f"one of: {STATUS_WORDS}")
    setting.add_argument("--inspection", help="the inspection, when the identifier is in several")
    setting.add_argument("--note", default="", help="why it changed, in a line (no names)")
    setting.add_argument("--json", action="store_true", help="print the row as JSON")
    setting.set_defaults(handler=set_status)
    carried = actions.add_parser(
        "carried", help="the earlier recommendations a revisit follows up (not yet met)"
    )
    add(carried)
    carried.add_argument("revisit", metavar="INSPECTION", help="the revisit's inspection id")
    carried.add_argument("--json", action="store_true", help="print JSON")
    carried.add_argument(
        "--answers",
        action="store_true",
        help="print the revisit debrief's earlier_recommendations entries as answers JSON "
        "(for record put), progress and evidence left to fill in",
    )
    carried.set_defaults(handler=list_carried)


def list_register(args: argparse.Namespace) -> int:
    with unlocked(args) as service:
        rows = service.recommendations()
    return _show(rows, args.json, "No recommendation has been drafted in this vault.")


def set_status(args: argparse.Namespace) -> int:
    with unlocked(args) as service:
        row, _changes = service.set_recommendation_status(
            args.rec_id, args.status, inspection_id=args.inspection, note=args.note
        )
    if args.json:
        print(json.dumps(as_json(row), indent=2))
    else:
        print(f"{row.rec_id} is now {row.status_label.lower()}.")
    return 0


def list_carried(args: argparse.Namespace) -> int:
    from ncpi_field.recommendations import earlier_entries  # noqa: PLC0415 - keeps --help light

    with unlocked(args) as service:
        rows = service.carried_recommendations(args.revisit)
    if args.answers:
        print(json.dumps({"earlier_recommendations": earlier_entries(rows)}, indent=2))
        return 0
    return _show(rows, args.json, "The revisit follows up no open recommendation.")


def _show(rows: list[Recommendation], as_json_out: bool, empty: str) -> int:
    if as_json_out:
        print(json.dumps([as_json(r) for r in rows], indent=2))
        return 0
    if not rows:
        print(empty)
        return 0
    for r in rows:
        print("  ".join(_line(r)))
    return 0


def _line(r: Recommendation) -> list[str]:
    text = r.text if len(r.text) <= TEXT_SHOWN else f"{r.text[: TEXT_SHOWN - 1]}…"
    inspection = r.inspection_label or r.inspection_id or "-"
    parts = [r.rec_id, r.status_label, r.timescale or "-", inspection, text]
    if r.in_conflict:
        parts.append("(in conflict)")
    return parts


def as_json(r: Recommendation) -> dict[str, Any]:
    progress = r.progress
    return {
        "inspection": r.inspection_id,
        "inspection_label": r.inspection_label,
        "rec_id": r.rec_id,
        "status": r.status,
        "status_changed_at": r.status_changed_at,
        "text": r.text,
        "timescale": r.timescale,
        "share_with_force": r.share_with_force,
        "debrief_record_id": r.debrief_id,
        "in_conflict": r.in_conflict,
        "carried_into": list(r.carried_into),
        "progress": None
        if progress is None
        else {
            "revisit": progress.revisit_id,
            "debrief_record_id": progress.debrief_id,
            "progress": progress.progress,
            "evidence": list(progress.evidence),
        },
    }
