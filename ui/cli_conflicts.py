"""``ncpi-field conflicts ...``: list, show and resolve records edited apart on two devices.

Each handler calls one conflict use case (sync.resolution) and prints the result. The core is
imported inside the handlers, so ``ncpi-field --help`` stays quick.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ui.cli_types import AddOptions, Commands
from ui.cli_vault import unlocked

if TYPE_CHECKING:
    from ncpi_field.service import VaultService
    from sync.conflicts import Conflict
    from sync.resolution import ConflictResolution

EXIT_INCOMPLETE = 3


def register(commands: Commands, add: AddOptions) -> None:
    conflicts = commands.add_parser("conflicts", help="records edited apart: list, show, resolve")
    actions = conflicts.add_subparsers(dest="conflicts_command", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="every record in conflict, soft or hard")
    add(listing)
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=list_conflicts)

    show = actions.add_parser("show", help="the heads of a record, field by field")
    add(show)
    show.add_argument("record_id", metavar="RECORD")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=show_conflict)

    resolve = actions.add_parser("resolve", help="resolve a conflict: take a version or answers")
    add(resolve)
    resolve.add_argument("record_id", metavar="RECORD")
    how = resolve.add_mutually_exclusive_group(required=True)
    how.add_argument("--take", metavar="VERSION", help="keep this version's content as it is")
    how.add_argument("--answers", type=Path, metavar="FILE", help="JSON file of merged answers")
    resolve.add_argument(
        "--draft", action="store_true", help="with --answers: save as a draft (never refused)"
    )
    resolve.set_defaults(handler=resolve_conflict)

    merge = actions.add_parser("merge", help="merge every soft conflict automatically")
    add(merge)
    merge.set_defaults(handler=merge_soft)


def _desk(service: VaultService) -> ConflictResolution:
    from sync.resolution import ConflictResolution  # noqa: PLC0415 - keeps --help quick

    return ConflictResolution(service)


def list_conflicts(args: argparse.Namespace) -> int:
    with unlocked(args) as service:
        found = _desk(service).list_conflicts()
    if args.json:
        _print_json([asdict(c) for c in found])
        return 0
    if not found:
        print("No conflicts.")
    for item in found:
        print(
            f"{item.record_id}  {item.form_id:<14} {item.kind:<4} {item.head_count} heads"
            f"  {item.title}  ({item.reason})"
        )
    return 0


def show_conflict(args: argparse.Namespace) -> int:
    with unlocked(args) as service:
        conflict = _desk(service).show(args.record_id)
    if args.json:
        _print_json(_conflict_json(conflict))
        return 0
    labels = _labels(conflict)
    print(f"Record {conflict.record_id}: {conflict.kind} conflict, {conflict.reason}.")
    print("Heads (live before deleted, complete before draft, then the latest):")
    for head in conflict.heads:
        kind = "deleted" if head.tombstone else head.status
        print(
            f"  {labels[head.version_id]}  version {head.version_id}  {kind}"
            f"  stamp {head.hlc}  by {head.author_device}"
        )
    print(f"Common ancestor(s): {', '.join(conflict.ancestors) or 'none'}")
    if not conflict.differences:
        print("The heads hold the same answers.")
    for difference in conflict.differences:
        print(f"  {difference.field}  [{difference.kind}]")
        for base in difference.base:
            print(f"      ancestor: {_shown(base)}")
        for version_id, value in difference.heads:
            print(f"      {labels[version_id]}: {_shown(value)}")
    return 0


def resolve_conflict(args: argparse.Namespace) -> int:
    from ncpi_field.answer_file import read_answers  # noqa: PLC0415 - keeps --help quick
    from ncpi_field.service import IncompleteRecord  # noqa: PLC0415

    answers = read_answers(args.answers) if args.answers is not None else None
    try:
        with unlocked(args) as service:
            desk = _desk(service)
            if answers is None:
                saved = desk.take(args.record_id, args.take)
            else:
                saved = desk.resolve_with_answers(args.record_id, answers, draft=args.draft)
    except IncompleteRecord as exc:
        print(f"ncpi-field: {exc}", file=sys.stderr)
        for issue in exc.issues:
            print(f"  - {issue.field}: {issue.message}", file=sys.stderr)
        return EXIT_INCOMPLETE
    print(f"record {saved.version.record_id} resolved")
    print(f"version {saved.version.version_id}")
    return 0


def merge_soft(args: argparse.Namespace) -> int:
    with unlocked(args) as service:
        merged = _desk(service).auto_merge()
    print(f"Merged {len(merged.changes.records)} soft conflict(s) automatically.")
    for left in merged.left:
        print(f"Left for a person: {left.record_id} ({left.reason})")
    return 0


def _labels(conflict: Conflict) -> dict[str, str]:
    return {h.version_id: chr(ord("A") + i) for i, h in enumerate(conflict.heads)}


def _shown(value: Any) -> str:
    from sync.conflicts import MISSING  # noqa: PLC0415

    return "(no answer)" if value is MISSING else json.dumps(value, ensure_ascii=False)


def _conflict_json(conflict: Conflict) -> dict[str, Any]:
    from sync.conflicts import MISSING  # noqa: PLC0415

    def plain(value: Any) -> Any:
        return None if value is MISSING else value

    return {
        "record_id": conflict.record_id,
        "kind": conflict.kind,
        "reason": conflict.reason,
        "delete_versus_edit": conflict.delete_versus_edit,
        "ancestors": list(conflict.ancestors),
        "heads": [
            {**asdict(h), "parents": list(h.parents), "answers": dict(h.answers)}
            for h in conflict.heads
        ],
        "differences": [
            {
                "field": d.field,
                "kind": d.kind,
                "ancestors": [plain(b) for b in d.base],
                "heads": {v: plain(x) for v, x in d.heads},
                "answered": {v: x is not MISSING for v, x in d.heads},
            }
            for d in conflict.differences
        ],
    }


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    print()
