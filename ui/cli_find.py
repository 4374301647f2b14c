"""``ncpi-field find``: the records whose title or answers hold some words, with filters."""

from __future__ import annotations

import argparse
import json

from ui.cli_types import AddOptions, Commands
from ui.cli_vault import unlocked

STATUSES = ("draft", "complete", "withdrawn")


def register(commands: Commands, add: AddOptions) -> None:
    find = commands.add_parser(
        "find",
        help="records whose title or answers hold the words (case and accents aside)",
    )
    add(find)
    find.add_argument("words", nargs="*", help="words to find (none: every record)")
    find.add_argument("--form", help="only this instrument (case_audit, observation, ...)")
    find.add_argument("--status", choices=STATUSES, help="only records with this status")
    find.add_argument("--category", help="only case audits of this primary category (code)")
    find.add_argument("--grade", help="only case audits given this grade (code)")
    find.add_argument("--author", help="only records last saved by this device id")
    find.add_argument("--conflicts", action="store_true", help="only records in conflict")
    find.add_argument(
        "--inspection", help="only this inspection's records (and those filed under none)"
    )
    find.add_argument("--json", action="store_true", help="print JSON")
    find.set_defaults(handler=find_records)


def find_records(args: argparse.Namespace) -> int:
    from ncpi_field.record_query import RecordQuery  # noqa: PLC0415 - keeps --help light

    query = RecordQuery(
        text=" ".join(args.words),
        form_id=args.form,
        status=args.status,
        category=args.category,
        grade=args.grade,
        author=args.author,
        in_conflict=args.conflicts,
        inspection_id=args.inspection,
    )
    with unlocked(args) as service:
        if args.inspection is not None:
            service.inspection(args.inspection)  # an id of no inspection: said, not searched
        found = set(service.search_records(query))
        rows = [s for s in service.list_records() if s.record_id in found]
    if args.json:
        keys = ("record_id", "form_id", "title", "status", "head_count")
        print(json.dumps([{k: getattr(r, k) for k in keys} for r in rows], indent=2))
        return 0
    if not rows:
        print("No record matches.")
        return 0
    for r in rows:
        conflict = " (in conflict)" if r.in_conflict else ""
        print(f"{r.record_id}  {r.title}  {r.form_id}  {r.status}{conflict}")
    return 0
