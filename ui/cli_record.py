"""``ncpi-field record ...``: save, show, list and trace records from scripts.

Each handler parses its input, calls one method of the vault service, and prints the result.
The core is imported inside the handlers, so ``ncpi-field --help`` stays quick.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import sys
from dataclasses import asdict, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ncpi_field.errors import UserError
from ui.cli_types import AddOptions, Commands
from ui.cli_vault import unlocked
from ui.json_rows import write_rows

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ncpi_field.service import RecordSummary, Version
    from ncpi_field.xlsform.validate import Issue

EXIT_INCOMPLETE = 3


def register(commands: Commands, add: AddOptions) -> None:
    record = commands.add_parser("record", help="save and read records")
    actions = record.add_subparsers(dest="record_command", metavar="ACTION", required=True)

    put = actions.add_parser("put", help="save a new record, or a new version of one")
    add(put)
    put.add_argument("--form", required=True, help="form id, e.g. case_audit")
    put.add_argument("--answers", required=True, type=Path, help="JSON file of answers")
    put.add_argument("--record", help="record id to save a new version of")
    put.add_argument("--parent", action="append", help="version edited from (default: heads)")
    put.add_argument("--draft", action="store_true", help="save as a draft (never refused)")
    put.add_argument(
        "--inspection",
        metavar="ID",
        help="the inspection the record belongs to (default: the only one in the vault)",
    )
    put.add_argument(
        "--pii-override",
        action="append",
        metavar="FIELD=REASON",
        help="keep a personal-data warning on FIELD, with the reason it is not personal data",
    )
    put.set_defaults(handler=put_record)

    for name, handler, text in (
        ("show", show_record, "show a record's current version(s)"),
        ("history", show_history, "every version of a record, oldest first"),
        ("delete", delete_record, "delete a record (a tombstone version; history is kept)"),
        ("withdraw", withdraw_record, "mark a record withdrawn (kept, with its history)"),
    ):
        sub = actions.add_parser(name, help=text)
        add(sub)
        sub.add_argument("record_id", metavar="ID")
        if name in ("show", "history"):
            sub.add_argument("--json", action="store_true", help="print JSON")
        sub.set_defaults(handler=handler)

    listing = actions.add_parser("list", help="every record with its title and status")
    add(listing)
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.add_argument("--all", action="store_true", help="include deleted records")
    listing.set_defaults(handler=list_records)


def put_record(args: argparse.Namespace) -> int:
    from ncpi_field.answer_file import read_answers  # noqa: PLC0415 - keeps --help quick
    from ncpi_field.completion import PII_OVERRIDES  # noqa: PLC0415
    from ncpi_field.issue_list import capped, more_line  # noqa: PLC0415
    from ncpi_field.service import IncompleteRecord  # noqa: PLC0415

    answers = read_answers(args.answers)
    if args.pii_override:
        answers[PII_OVERRIDES] = _overrides(args.pii_override)
    try:
        with unlocked(args) as service:
            save = service.put_draft if args.draft else service.complete
            filed = service.file_record_answers(
                args.form, answers, inspection_id=args.inspection, record_id=args.record
            )
            saved = save(args.form, filed, record_id=args.record, parents=args.parent)
    except IncompleteRecord as exc:
        print(f"ncpi-field: {exc}", file=sys.stderr)
        shown, more = capped(exc.issues)
        for issue in shown:
            print(f"  - {_where(issue)}: {issue.message}", file=sys.stderr)
        if more:
            print(f"  {more_line(more)}", file=sys.stderr)
        return EXIT_INCOMPLETE
    for warning in saved.pii_warnings:
        if not warning.overridden:
            print(f"warning: {warning.field}: {warning.message}", file=sys.stderr)
    print(f"record {saved.version.record_id}")
    print(f"version {saved.version.version_id}")
    return 0


def _overrides(items: list[str]) -> dict[str, str]:
    found = {}
    for item in items:
        field, _, reason = item.partition("=")
        if not field.strip() or not reason.strip():
            raise UserError("--pii-override needs FIELD=REASON, with a reason.")
        found[field.strip()] = reason.strip()
    return found


def _where(issue: Issue) -> str:
    if issue.repeat_index is None:
        return issue.field
    return f"{issue.field} (entry {issue.repeat_index + 1})"


def delete_record(args: argparse.Namespace) -> int:
    with unlocked(args) as service:
        saved = service.delete(args.record_id)
    print(f"record {saved.version.record_id} deleted")
    print(f"version {saved.version.version_id}")
    if saved.changes.case_references:
        print("Its force case reference was deleted too.")
    return 0


def withdraw_record(args: argparse.Namespace) -> int:
    with unlocked(args) as service:
        saved = service.withdraw(args.record_id)
    print(f"record {saved.version.record_id} withdrawn")
    print(f"version {saved.version.version_id}")
    return 0


def show_record(args: argparse.Namespace) -> int:
    with unlocked(args) as service:
        view = service.record(args.record_id)
    summary = view.summary
    if args.json:
        _print_json({"record": asdict(summary), "heads": [_version_json(v) for v in view.heads]})
        return 0
    print(f"Record {summary.record_id}  ({summary.form_id})  {summary.title}")
    print(f"Status: {summary.status}{'  [deleted]' if summary.deleted else ''}")
    if summary.in_conflict:
        print(f"In conflict: {summary.head_count} versions were edited apart.")
    for head in view.heads:
        _print_version(head, with_answers=True)
    return 0


def show_history(args: argparse.Namespace) -> int:
    with unlocked(args) as service:
        versions = service.history(args.record_id)
    if args.json:
        _print_json([_version_json(v) for v in versions])
        return 0
    for version in versions:
        _print_version(version, with_answers=False)
    return 0


def list_records(args: argparse.Namespace) -> int:
    # A listing makes tens of thousands of small objects and no cycles: the collector would
    # walk the whole growing heap again and again and free nothing (a tenth of the time at
    # 50,000 records, and more than linear in them).
    with _collector_paused():
        with unlocked(args) as service:
            rows = service.list_records(include_deleted=args.all)
        return _print_records(args, rows)


def _print_records(args: argparse.Namespace, rows: list[RecordSummary]) -> int:
    if args.json:
        # A plain dict a row: dataclasses.asdict deep-copies and cost more than the listing.
        names = [f.name for f in fields(rows[0])] if rows else []
        write_rows([{name: getattr(r, name) for name in names} for r in rows], sys.stdout)
        print()
        return 0
    if not rows:
        print("No records.")
    for row in rows:
        flag = " CONFLICT" if row.in_conflict else ""
        print(f"{row.record_id}  {row.form_id:<14} {row.status:<9} {row.title}{flag}")
    return 0


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _version_json(version: Version) -> dict[str, Any]:
    data = asdict(version)
    data["parents"] = list(version.parents)
    return data


def _print_version(version: Version, *, with_answers: bool) -> None:
    parents = ", ".join(version.parents) or "none"
    kind = "deleted" if version.tombstone else version.status
    print(f"- version {version.version_id}  {kind}  stamp {version.hlc}  parents: {parents}")
    if with_answers:
        for name, value in sorted(version.answers.items()):
            print(f"    {name}: {json.dumps(value, ensure_ascii=False)}")


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    print()
