"""``ncpi-field inspection new|list|show|edit``: set up and read the inspection records.

Each handler reads its input, calls one method of the vault service, and prints the result.
Team members' names are what they chose to appear as; no evidence answer is ever printed here.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ui.cli_types import AddOptions, Commands
from ui.cli_vault import unlocked

if TYPE_CHECKING:
    from ncpi_field.service import InspectionView, Saved

EXIT_INCOMPLETE = 3


def register(commands: Commands, add: AddOptions) -> None:
    group = commands.add_parser("inspection", help="set up, list, show and edit inspections")
    actions = group.add_subparsers(dest="inspection_command", metavar="ACTION", required=True)

    new = actions.add_parser("new", help="set up an inspection from a JSON file of answers")
    add(new)
    new.add_argument("--answers", required=True, type=Path, help="JSON file of answers")
    new.set_defaults(handler=new_inspection)

    listing = actions.add_parser("list", help="the inspections in this vault")
    add(listing)
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=list_inspections)

    show = actions.add_parser("show", help="one inspection: force, type, dates, team")
    add(show)
    show.add_argument("inspection_id", metavar="ID")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=show_inspection)

    edit = actions.add_parser("edit", help="save a new version of an inspection")
    add(edit)
    edit.add_argument("inspection_id", metavar="ID")
    edit.add_argument("--answers", required=True, type=Path, help="JSON file of answers")
    edit.set_defaults(handler=edit_inspection)


def new_inspection(args: argparse.Namespace) -> int:
    from ncpi_field.answer_file import read_answers  # noqa: PLC0415 - keeps --help quick

    answers = read_answers(args.answers)
    return _saved(args, lambda service: service.create_inspection(answers))


def edit_inspection(args: argparse.Namespace) -> int:
    from ncpi_field.answer_file import read_answers  # noqa: PLC0415

    answers = read_answers(args.answers)
    return _saved(args, lambda service: service.update_inspection(args.inspection_id, answers))


def _saved(args: argparse.Namespace, save: Any) -> int:
    from ncpi_field.issue_list import capped, more_line  # noqa: PLC0415
    from ncpi_field.service import IncompleteRecord  # noqa: PLC0415

    try:
        with unlocked(args) as service:
            saved: Saved = save(service)
            view = service.inspection(saved.version.record_id)
    except IncompleteRecord as exc:
        print(f"ncpi-field: {exc}", file=sys.stderr)
        shown, more = capped(exc.issues)
        for issue in shown:
            print(f"  - {issue.field}: {issue.message}", file=sys.stderr)
        if more:
            print(f"  {more_line(more)}", file=sys.stderr)
        return EXIT_INCOMPLETE
    print(f"inspection {view.record_id}  {view.title}")
    print(f"version {saved.version.version_id}")
    return 0


def list_inspections(args: argparse.Namespace) -> int:
    with unlocked(args) as service:
        views = service.inspections()
    if args.json:
        _print_json([_as_json(v) for v in views])
        return 0
    if not views:
        print("No inspections. Set one up with: ncpi-field inspection new --answers FILE.json")
    for view in views:
        flag = " CONFLICT" if view.in_conflict else ""
        kind = view.inspection_type_label or "type not chosen"
        print(f"{view.record_id}  {view.title}  {kind}  {view.status}{flag}")
    return 0


def show_inspection(args: argparse.Namespace) -> int:
    with unlocked(args) as service:
        view = service.inspection(args.inspection_id)
    if args.json:
        _print_json(_as_json(view))
        return 0
    print(f"Inspection {view.record_id}  ({view.status})")
    print(f"Force: {view.force_label} ({view.nation})")
    print(f"Type: {view.inspection_type_label}; framework: {view.framework_label}")
    print(f"Fieldwork: {view.fieldwork_start} to {view.fieldwork_end}")
    if view.follows:
        print(f"Follows: {view.follows}")
    print(f"Marking: {view.security_marking}")
    print("Team:" if view.team else "Team: nobody listed yet")
    for member in view.team:
        print(f"  - {member.name} ({member.role_label})")
    return 0


def _as_json(view: InspectionView) -> dict[str, Any]:
    return {
        "record_id": view.record_id,
        "title": view.title,
        "force": view.force,
        "force_label": view.force_label,
        "nation": view.nation,
        "framework_version": view.framework_version,
        "inspection_stage": view.inspection_stage,
        "inspection_type": view.inspection_type,
        "fieldwork_start": view.fieldwork_start,
        "fieldwork_end": view.fieldwork_end,
        "follows": view.follows,
        "security_marking": view.security_marking,
        "team": [{"name": m.name, "role": m.role} for m in view.team],
        "status": view.status,
        "in_conflict": view.in_conflict,
    }


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    print()
