"""``ncpi-field debrief`` and ``ncpi-field return-note``: the written documents for the force.

- ``debrief --kind daily|hot [--date D] [--internal] [--pdf F] [--docx F] [--html F]`` writes the
  debrief as it stands (nothing is stored);
- ``debrief issue --kind ...`` freezes it in the vault as a new numbered version, with the
  SHA-256 of each file, and writes the files asked for;
- ``debrief issued [--json]`` lists what was issued, and ``debrief issued --get ID --pdf F``
  writes the exact bytes of one issue again;
- ``return-note RECORD --pdf F --docx F`` issues the note for one case audit marked immediate
  risk and records the case as passed to the force.

Every file goes through the same check as issuing: no force case reference, no personal data.
The PDF is laid out by Qt (offscreen when there is no display).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ncpi_field.errors import UserError
from ui.cli_types import AddOptions, Commands
from ui.cli_vault import unlocked

if TYPE_CHECKING:
    from ncpi_field.reports.documents import Prepared
    from ncpi_field.reports.issued import Issued

FORCE_REFERENCE_WARNING = (
    "Warning: this note carries the force's own case reference. Give it to the force alone; "
    "keep no other copy."
)


def register(commands: Commands, add: AddOptions) -> None:
    debrief = commands.add_parser(
        "debrief", help="the written debrief (daily or hot): write it, issue it, list issues"
    )
    add(debrief)
    _document_options(debrief, required=False)
    debrief.set_defaults(handler=write_debrief)
    actions = debrief.add_subparsers(dest="debrief_command", metavar="ACTION")
    issue = actions.add_parser(
        "issue", help="freeze the debrief in the vault as issued (a new version), write its files"
    )
    add(issue)
    _document_options(issue, required=True)
    issue.set_defaults(handler=issue_debrief)
    issued = actions.add_parser("issued", help="list what was issued, or write one issue again")
    add(issued)
    issued.add_argument("--json", action="store_true", help="print JSON")
    issued.add_argument("--get", metavar="ID", help="the issue to write again (its id)")
    _file_options(issued)
    issued.set_defaults(handler=list_issued)

    note = commands.add_parser(
        "return-note",
        help="issue the return-to-force note for a case audit marked immediate risk",
    )
    add(note)
    note.add_argument("record", metavar="RECORD", help="the case audit's record id")
    _file_options(note)
    note.add_argument(
        "--recipient",
        metavar="ROLE",
        help="who in the force receives it, by role (force_liaison_officer, duty_inspector, "
        "head_of_public_protection, other), if the audit does not say yet",
    )
    note.add_argument(
        "--with-force-reference",
        action="store_true",
        help="print the force's own case reference on this copy, for the force's records only",
    )
    note.add_argument(
        "--preview", action="store_true", help="write the files only: issue nothing, change nothing"
    )
    note.set_defaults(handler=return_note)


def _document_options(parser: argparse.ArgumentParser, *, required: bool) -> None:
    parser.add_argument("--kind", choices=("daily", "hot"), required=required, default=None)
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="the debrief of that day")
    parser.add_argument(
        "--internal",
        action="store_true",
        help="the team's version: every item, shared or not (never for the force)",
    )
    _file_options(parser)


def _file_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pdf", type=Path, metavar="FILE", help="write the PDF (PDF/A, A4)")
    parser.add_argument("--docx", type=Path, metavar="FILE", help="write the Word document")
    parser.add_argument("--html", type=Path, metavar="FILE", help="write the HTML")


def _wanted(args: argparse.Namespace) -> dict[str, Path]:
    return {fmt: getattr(args, fmt) for fmt in ("pdf", "docx", "html") if getattr(args, fmt)}


def write_debrief(args: argparse.Namespace) -> int:
    if args.kind is None:
        raise UserError("Say which debrief: --kind daily or --kind hot.")
    files = _wanted(args)
    if not files:
        raise UserError("Say where to write it: --pdf, --docx and/or --html FILE.")
    with unlocked(args) as service:
        prepared = service.prepare_debrief(args.kind, date=args.date, internal=args.internal)
    prepared.refuse_if_unsafe()
    _write(files, _contents(prepared, files))
    print(f"{prepared.title}: written, not issued.")
    return 0


def issue_debrief(args: argparse.Namespace) -> int:
    from ui.reports_pdf import pdf_bytes  # noqa: PLC0415 - Qt loads only when a PDF is made

    files = _wanted(args)
    with unlocked(args) as service:
        issued = service.issue_debrief(args.kind, pdf_bytes, date=args.date, internal=args.internal)
        contents = {fmt: service.issued_file(issued.issue_id, fmt) for fmt in files}
    _write(files, contents)
    _print_issued(issued)
    return 0


def list_issued(args: argparse.Namespace) -> int:
    files = _wanted(args)
    if files and not args.get:
        raise UserError("Say which issue to write again: --get ID (from `debrief issued`).")
    with unlocked(args) as service:
        if args.get:
            if not files:
                raise UserError("Say where to write it: --pdf, --docx and/or --html FILE.")
            _write(files, {fmt: service.issued_file(args.get, fmt) for fmt in files})
            return 0
        rows = service.issued_documents()
    if args.json:
        print(json.dumps([vars(r) for r in rows], indent=2))
        return 0
    if not rows:
        print("Nothing has been issued from this vault.")
    for r in rows:
        print(f"{r.issue_id}  {r.issued_at}  {r.title}  version {r.number}  PDF {r.pdf_sha256}")
    return 0


def return_note(args: argparse.Namespace) -> int:
    files = _wanted(args)
    if not files:
        raise UserError("Say where to write the note: --pdf and/or --docx FILE.")
    if args.with_force_reference:
        print(FORCE_REFERENCE_WARNING, file=sys.stderr)
    if args.preview:
        with unlocked(args) as service:
            prepared = service.prepare_return_note(
                args.record, with_force_reference=args.with_force_reference
            )
        prepared.refuse_if_unsafe()
        _write(files, _contents(prepared, files))
        print(f"{prepared.title}: written, not issued.")
        return 0
    from ui.reports_pdf import pdf_bytes  # noqa: PLC0415 - Qt loads only when a PDF is made

    with unlocked(args) as service:
        issued = service.issue_return_note(args.record, pdf_bytes, recipient_role=args.recipient)
        if args.with_force_reference:  # the force's own copy: made now, never stored
            copy = service.prepare_return_note(args.record, with_force_reference=True)
            copy.refuse_if_unsafe()
            contents = _contents(copy, files)
        else:
            contents = {fmt: service.issued_file(issued.issue_id, fmt) for fmt in files}
    _write(files, contents)
    _print_issued(issued)
    if args.with_force_reference:
        print("The files carry the force's reference; the vault keeps the note without it.")
    return 0


def _contents(prepared: Prepared, files: dict[str, Path]) -> dict[str, bytes]:
    contents: dict[str, bytes] = {}
    if "pdf" in files:
        from ui.reports_pdf import pdf_bytes  # noqa: PLC0415 - Qt loads only for a PDF

        contents["pdf"] = pdf_bytes(prepared.html, prepared.security_marking, prepared.title)
    if "docx" in files:
        contents["docx"] = prepared.docx
    if "html" in files:
        contents["html"] = prepared.html.encode("utf-8")
    return contents


def _write(files: dict[str, Path], contents: dict[str, bytes]) -> None:
    from ncpi_field.atomic import atomic_write  # noqa: PLC0415

    for fmt, path in files.items():
        atomic_write(path, contents[fmt], what=f"the {fmt.upper()} file")
        print(path)


def _print_issued(issued: Issued) -> None:
    print(f"Issued: {issued.title}, version {issued.number}, at {issued.issued_at}")
    print(f"  PDF  SHA-256 {issued.pdf_sha256}")
    print(f"  DOCX SHA-256 {issued.docx_sha256}")
