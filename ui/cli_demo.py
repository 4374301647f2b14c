"""``ncpi-field demo``: fill a vault with a synthetic inspection of a fictional force.

A missing vault is created first (its recovery code printed once, as ``vault init`` does):
a demonstration usually starts from nothing, and refusing would only add a step. An existing
vault is unlocked as usual and the demo is added beside what it holds; the same seed twice
in one vault is refused.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING, Final

from ui.cli_types import AddOptions, Commands
from ui.passphrase import SecretSource

# The core loads inside the handler: ``ncpi-field --help`` must not pay for it.
if TYPE_CHECKING:
    from ncpi_field.demo import DemoSummary
    from ncpi_field.vault import Vault

FORM_LABELS: Final = (
    ("case_audit", "case audits"),
    ("reality_test", "reality tests"),
    ("observation", "observations"),
    ("debrief", "debriefs"),
)
GRADE_LABELS: Final = (
    ("good", "good"),
    ("requires_improvement", "requires improvement"),
    ("inadequate", "inadequate"),
)


def register(commands: Commands, add: AddOptions) -> None:
    demo = commands.add_parser(
        "demo",
        help="fill a vault with a synthetic inspection of a fictional force (creates the vault "
        "if there is none)",
    )
    add(demo)
    demo.add_argument("--seed", type=int, default=1, help="which demo inspection (default 1)")
    demo.add_argument("--json", action="store_true", help="print the summary as JSON")
    demo.set_defaults(handler=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    from ncpi_field.demo import fill_vault  # noqa: PLC0415
    from ncpi_field.vault import vault_exists  # noqa: PLC0415
    from ui.cli_vault import unlocked  # noqa: PLC0415

    if vault_exists(args.vault):
        with unlocked(args) as vault:
            summary = fill_vault(vault, seed=args.seed, progress=_progress())
    else:
        vault = _create(args)
        try:
            summary = fill_vault(vault, seed=args.seed, progress=_progress())
        finally:
            vault.lock()
    _print_summary(summary, as_json=args.json)
    return 0


def _create(args: argparse.Namespace) -> Vault:
    from ncpi_field.vault import Vault  # noqa: PLC0415

    secrets = SecretSource(from_stdin=args.passphrase_stdin)
    passphrase = secrets.get("NCPI_PASSPHRASE", "New passphrase: ", confirm=True)
    vault, code = Vault.create(args.vault, passphrase)
    # Printed before the demo is written, so the code is not lost if filling fails.
    print(f"Vault created in {args.vault}.")
    print("Recovery code (shown once; give it to your team lead to hold):")
    print(f"  {code}")
    return vault


def _progress() -> Callable[[int, int], None]:
    """A percentage on a terminal's standard error; nothing when it is not a terminal."""
    if not sys.stderr.isatty():
        return lambda _done, _total: None

    def show(done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        print(f"\rBuilding the demo inspection: {100 * done // max(total, 1)}%", end=end,
              file=sys.stderr, flush=True)  # fmt: skip

    return show


def _print_summary(summary: DemoSummary, *, as_json: bool) -> None:
    if as_json:
        json.dump(asdict(summary), sys.stdout, indent=2)
        print()
        return
    print(f"Demo inspection of {summary.force_name} (fictional), seed {summary.seed}.")
    forms = ", ".join(
        f"{summary.records_by_form.get(form_id, 0)} {label}" for form_id, label in FORM_LABELS
    )
    print(f"Records added:  {summary.total} ({forms}; {summary.drafts} left as drafts)")
    audits = sum(summary.grades.values()) or 1
    grades = ", ".join(
        f"{label} {summary.grades.get(grade, 0)} ({100 * summary.grades.get(grade, 0) // audits}%)"
        for grade, label in GRADE_LABELS
    )
    print(f"Case grades:    {grades}")
    agree = summary.agreement.get("agree", 0)
    print(
        f"Self-assessed:  {summary.self_assessed} cases; the force's grade agreed in {agree}, "
        f"was higher in {summary.agreement.get('hmicfrs_lower', 0)} and lower in "
        f"{summary.agreement.get('hmicfrs_higher', 0)}"
    )
    print(
        f"Immediate risk: {summary.immediate_risk} cases returned to the force; "
        f"{summary.case_references} force references held apart"
    )
