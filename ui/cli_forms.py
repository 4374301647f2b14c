"""``ncpi-field forms ...``: check workbooks, list the installed forms, evaluate expressions."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ncpi_field.errors import UserError
from ncpi_field.issue_list import capped, more_line
from ui.cli_types import AddOptions, Commands

# The core loads inside each handler: ``ncpi-field --help`` must not pay for pyxform,
# openpyxl or SQLAlchemy (PLC0415 below marks those imports).
if TYPE_CHECKING:
    from ncpi_field.xlsform.evaluate import FormState
    from ncpi_field.xlsform.spec import FormSpec
    from ncpi_field.xpath import Value

EXIT_PROBLEMS = 3


def register(commands: Commands, _add: AddOptions) -> None:
    forms = commands.add_parser("forms", help="check, list and try out XLSForm instruments")
    actions = forms.add_subparsers(dest="forms_command", metavar="ACTION", required=True)

    check = actions.add_parser("check", help="check workbooks; exit 3 if any is unusable")
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")
    check.set_defaults(handler=check_files)

    listing = actions.add_parser("list", help="the installed forms, their versions and hashes")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=list_forms)

    ev = actions.add_parser("eval", help="evaluate expressions, one JSON value a line")
    ev.add_argument("expressions", nargs="+", metavar="EXPR")
    ev.add_argument("--form", help="an installed form id, or a workbook file")
    ev.add_argument("--answers", type=Path, help="JSON file of answers (needs --form)")
    ev.add_argument("--at", help="evaluate as this question sees it (for '.' and repeats)")
    ev.set_defaults(handler=evaluate_expressions)


def check_files(args: argparse.Namespace) -> int:
    from ncpi_field import formstore  # noqa: PLC0415
    from ncpi_field.xlsform.check import check_form  # noqa: PLC0415
    from ncpi_field.xlsform.expressions import kind_problems  # noqa: PLC0415

    results = [(path, check_form(path)) for path in args.files]
    # A record's kind is its form's id: evidence filters may name the installed forms and the
    # workbooks checked together.
    kinds = {f.form_id for f in formstore.installed_forms()}
    kinds |= {r.spec.form_id for _path, r in results if r.spec is not None}
    failed = 0
    for path, result in results:
        problems = list(result.problems)
        if result.spec is not None:
            problems += kind_problems(result.spec, sorted(kinds))
        if result.spec is not None and not problems:
            spec = result.spec
            count = sum(1 for _ in spec.questions())
            print(
                f"{path}: ok: {spec.form_id} version {spec.version or '(none)'}, {count} questions"
            )
        else:
            failed += 1
            print(f"{path}: {len(problems)} problem(s)")
            _print_capped([f"  - {problem}" for problem in problems], "problem")
        _print_capped([f"  note: {note}" for note in result.notes], "note")
    if failed:
        print(f"{failed} of {len(args.files)} file(s) cannot be used as forms.")
        return EXIT_PROBLEMS
    return 0


def _print_capped(lines: list[str], noun: str) -> None:
    shown, more = capped(lines)
    for line in shown:
        print(line)
    if more:
        print(f"  {more_line(more, noun)}")


def list_forms(args: argparse.Namespace) -> int:
    from ncpi_field import formstore  # noqa: PLC0415

    forms = formstore.installed_forms()
    if args.json:
        rows = [
            {"form_id": f.form_id, "version": f.version, "sha256": f.sha256, "file": f.path.name}
            for f in forms
        ]
        print(json.dumps(rows, indent=2))
        return 0
    for form in forms:
        print(f"{form.form_id:<14} {form.version:<12} {form.sha256}  {form.path.name}")
    for name, problems in formstore.installed_form_problems().items():
        print(f"{name}: not usable ({len(problems)} problem(s); run 'ncpi-field forms check')")
    return 0


def evaluate_expressions(args: argparse.Namespace) -> int:
    if args.answers is not None and args.form is None:
        raise UserError("--answers needs --form: answers only mean something against a form.")
    from ncpi_field.xpath import EmptyContext, ExpressionError, evaluate, parse  # noqa: PLC0415

    state = _state(args)
    failed = False
    for text in args.expressions:
        try:
            if state is None:
                value = evaluate(parse(text), EmptyContext())
            else:
                value = state.evaluate_expression(text, args.at)
            print(json.dumps(to_json(value), ensure_ascii=False))
        except ExpressionError as exc:
            failed = True
            print(json.dumps({"error": str(exc)}, ensure_ascii=False))
    return EXIT_PROBLEMS if failed else 0


def _state(args: argparse.Namespace) -> FormState | None:
    from ncpi_field.answer_file import read_answers  # noqa: PLC0415
    from ncpi_field.xlsform.evaluate import FormState  # noqa: PLC0415

    if args.form is None:
        return None
    answers = read_answers(args.answers) if args.answers is not None else {}
    return FormState(resolve_form(args.form), answers)


def resolve_form(name: str) -> FormSpec:
    """An installed form by id, or a workbook given by path."""
    from ncpi_field import formstore  # noqa: PLC0415

    path = Path(name)
    if path.suffix.lower() in formstore.FORM_SUFFIXES and path.exists():
        return formstore.read_form_file(path)
    return formstore.installed_spec(name)


def to_json(value: Value) -> Any:
    """An XPath value as JSON: numbers stay numbers (NaN and infinities as text), dates as ISO."""
    from ncpi_field.xpath import NodeSet  # noqa: PLC0415

    if isinstance(value, NodeSet):
        return [to_json(node) for node in value.nodes]
    if isinstance(value, bool | str):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return int(value) if value.is_integer() and abs(value) < 2**53 else value
