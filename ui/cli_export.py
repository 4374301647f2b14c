"""``ncpi-field export xlsx --out FILE``: the workbook for analysts (not encrypted: it says so)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ui.cli_types import AddOptions, Commands
from ui.cli_vault import unlocked

NOT_ENCRYPTED = (
    "The workbook is not encrypted. Keep it on an encrypted disk, share it only as the "
    "inspection's data rules allow, and delete it when done."
)


def register(commands: Commands, add: AddOptions) -> None:
    export = commands.add_parser("export", help="write the vault's records out for analysis")
    kinds = export.add_subparsers(dest="export_kind", metavar="KIND", required=True)
    xlsx = kinds.add_parser(
        "xlsx",
        help="an Excel workbook: a sheet per instrument, repeats as child sheets, the data "
        "dictionary, the returned-to-force list and the recommendations register "
        "(not encrypted; never the force's case references)",
    )
    add(xlsx)
    xlsx.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")
    xlsx.set_defaults(handler=export_xlsx)


def export_xlsx(args: argparse.Namespace) -> int:
    print(f"ncpi-field: {NOT_ENCRYPTED}", file=sys.stderr)
    with unlocked(args) as service:
        written = service.export_workbook(args.out)
    rows = sum(count for _title, count in written.sheets)
    print(f"Wrote {written.path}: {len(written.sheets)} sheets, {rows} rows.")
    return 0
