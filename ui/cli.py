"""The command line: ``ncpi-field`` opens the app; subcommands are the headless face."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ncpi_field.errors import UserError
from ui import crashlog
from ui.paths import default_vault_dir

EXIT_OK = 0
EXIT_BUG = 1
EXIT_USAGE = 2
EXIT_USER = 3


def build_parser() -> argparse.ArgumentParser:
    # The command modules load here, not at the top: ``ncpi-field`` alone (the desktop app)
    # never builds the parser, and its unlock dialog paints that much sooner.
    from ui import (  # noqa: PLC0415 - see above
        cli_bundle,
        cli_caseref,
        cli_conflicts,
        cli_debrief,
        cli_demo,
        cli_export,
        cli_find,
        cli_forms,
        cli_inspection,
        cli_record,
        cli_register,
        cli_returned,
        cli_screenshot,
        cli_team,
        cli_vault,
    )

    parser = argparse.ArgumentParser(
        prog="ncpi-field",
        description="NCPI Field: encrypted evidence capture for child protection inspections. "
        "With no command, opens the desktop app.",
    )
    parser.add_argument(
        "--vault", type=Path, default=None, help="vault directory for the desktop app"
    )
    cli_screenshot.add_arguments(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    cli_vault.register(commands, vault_option)
    cli_record.register(commands, vault_option)
    cli_conflicts.register(commands, vault_option)
    cli_caseref.register(commands, vault_option)
    cli_returned.register(commands, vault_option)
    cli_find.register(commands, vault_option)
    cli_forms.register(commands, vault_option)
    cli_demo.register(commands, vault_option)
    cli_team.register(commands, vault_option)
    cli_bundle.register(commands, vault_option)
    cli_debrief.register(commands, vault_option)
    cli_inspection.register(commands, vault_option)
    cli_register.register(commands, vault_option)
    cli_export.register(commands, vault_option)
    return parser


def vault_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--vault",
        type=Path,
        # Suppressed, not None: a subcommand without --vault keeps one given before it
        # (ncpi-field --vault DIR vault status).
        default=argparse.SUPPRESS,
        help="vault directory (default: $NCPI_VAULT or the user data directory)",
    )
    parser.add_argument(
        "--passphrase-stdin",
        action="store_true",
        help="read the passphrase (and for passwd the new one) from standard input, one a line",
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = _app_alone(sys.argv[1:] if argv is None else argv)
    if args is None:
        args = build_parser().parse_args(argv)
    if getattr(args, "vault", None) is None:
        args.vault = default_vault_dir()
    try:
        if args.command is None:
            return _open_app(args.vault) if args.screenshot is None else _screenshot(args)
        handler = args.handler
        result: int = handler(args)
        return result
    except UserError as exc:
        print(f"ncpi-field: {exc}", file=sys.stderr)
        return EXIT_USER
    except KeyboardInterrupt:
        print("ncpi-field: interrupted.", file=sys.stderr)
        return EXIT_USER
    except BrokenPipeError:
        # The reader stopped early (| head): not an error. Quieten the final flush too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:
        print(
            f"ncpi-field: {crashlog.excepthook_message(type(exc), exc, exc.__traceback__)}",
            file=sys.stderr,
        )
        return EXIT_BUG


def _screenshot(args: argparse.Namespace) -> int:
    from ui import cli_screenshot  # noqa: PLC0415 - see build_parser

    return cli_screenshot.run(args)


def _app_alone(argv: Sequence[str]) -> argparse.Namespace | None:
    """``ncpi-field`` or ``ncpi-field --vault DIR``: the desktop app and nothing else, read
    without building the parser of every subcommand (the unlock dialog paints that much sooner).
    """
    if not argv:
        vault = None
    elif len(argv) == 2 and argv[0] == "--vault" and not argv[1].startswith("-"):
        vault = Path(argv[1])
    elif len(argv) == 1 and argv[0].startswith("--vault="):
        vault = Path(argv[0].removeprefix("--vault="))
    else:
        return None
    return argparse.Namespace(vault=vault, command=None, screenshot=None)


def _open_app(vault_dir: Path) -> int:
    from ui.app import run_app  # noqa: PLC0415 - Qt loads only when the desktop app is wanted

    return run_app(vault_dir)


if __name__ == "__main__":
    sys.exit(main())
