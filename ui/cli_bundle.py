"""``ncpi-field bundle ...``: export, import and inspect signed, encrypted sync bundles."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ui.cli_types import AddOptions, Commands
from ui.cli_vault import unlocked

EXIT_REFUSED = 3


def register(commands: Commands, add: AddOptions) -> None:
    group = commands.add_parser("bundle", help="export, import and inspect sync bundles")
    actions = group.add_subparsers(dest="bundle_command", metavar="ACTION", required=True)

    export = actions.add_parser(
        "export", help="write what the recipients have not had from this vault, signed"
    )
    add(export)
    export.add_argument("--out", type=Path, required=True, metavar="FILE")
    export.add_argument(
        "--full", action="store_true", help="include every version (always safe to re-send)"
    )
    export.add_argument(
        "--to",
        nargs="+",
        default=[],
        metavar="DEVICE",
        help="recipient device ids (default: every trusted device)",
    )
    export.set_defaults(handler=export_bundle)

    imported = actions.add_parser("import", help="import bundles; a refused one changes nothing")
    add(imported)
    imported.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imported.set_defaults(handler=import_bundles)

    inspect = actions.add_parser("inspect", help="show a bundle's header (no key needed)")
    inspect.add_argument("file", type=Path, metavar="FILE")
    inspect.set_defaults(handler=inspect_bundle)


def export_bundle(args: argparse.Namespace) -> int:
    from sync import bundle_export  # noqa: PLC0415 - keeps --help quick

    with unlocked(args) as service:
        done = bundle_export.export_bundle(service, args.out, full=args.full, to=args.to)
    header = done.header
    count = header.versions
    print(f"Bundle written to {done.path} ({done.size} bytes).")
    print(f"{count} version{'s' if count != 1 else ''} for {len(header.recipients)} recipient(s).")
    return 0


def import_bundles(args: argparse.Namespace) -> int:
    from sync import bundle_import  # noqa: PLC0415 - keeps --help quick

    with unlocked(args) as service:
        results = bundle_import.import_bundles(service, args.files)
    refused = 0
    for result in results:
        if isinstance(result, bundle_import.Refused):
            refused += 1
            name = type(result.error).__name__
            print(f"{result.path}: refused ({name}): {result.error}", file=sys.stderr)
        elif result.already_imported:
            print(f"{result.path}: already imported; nothing changed.")
        else:
            print(
                f"{result.path}: {result.new_versions} new version(s), "
                f"{result.already_present} already present, "
                f"{result.conflicts_created} conflict(s) created, "
                f"{result.merged_automatically} merged automatically, "
                f"{result.left_for_a_person} left for you (ncpi-field conflicts list)."
            )
    return EXIT_REFUSED if refused else 0


def inspect_bundle(args: argparse.Namespace) -> int:
    from sync import bundle_format, bundle_import  # noqa: PLC0415 - keeps --help quick

    prefix, size = bundle_import.inspect_bundle(args.file)
    header = prefix.header
    print(f"Format:     NCPI Field bundle 1.{prefix.minor} ({size} bytes)")
    print(f"Suite:      {bundle_format.SUITES[prefix.suite]}")
    print(f"Bundle:     {header.bundle_id}")
    print(f"Inspection: {header.inspection or '(none)'}")
    print(f"Sender:     {header.sender}")
    print(f"Created:    {header.created}")
    print(f"Versions:   {header.versions}; forms: {header.forms}")
    for recipient in header.recipients:
        print(f"Recipient:  {recipient.device_id} (sequence {recipient.sequence})")
    return 0
