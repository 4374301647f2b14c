"""The form checker: a workbook in, its problems in a form author's words (and the spec) out.

``check_form`` never raises for a bad workbook: damaged files, pyxform errors, unsupported
types and broken expressions all come back as Problems. Only a bug in this code would raise.
"""

from __future__ import annotations

import dataclasses
import re
import warnings
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any, Final

from pyxform.builder import create_survey_element_from_dict
from pyxform.errors import PyXFormError
from pyxform.xls2json import workbook_to_json

from ncpi_field.xlsform import attachments as choice_files
from ncpi_field.xlsform import expressions
from ncpi_field.xlsform.build import build_spec
from ncpi_field.xlsform.problems import CheckResult, Problem, from_pyxform_all
from ncpi_field.xlsform.ranges import range_problems
from ncpi_field.xlsform.rowtypes import CHOICE_FILE_SUFFIXES, IGNORED_METADATA, classify
from ncpi_field.xlsform.spec import ChoiceList, FormSpec, Group, Question
from ncpi_field.xlsform.workbook import (
    Source,
    SurveyRow,
    Unreadable,
    Workbook,
    open_workbook,
    read_source,
)

# Where answers are stored: records.form_id and versions.form_version.
MAX_FORM_ID: Final = 100
MAX_VERSION: Final = 64
# Settings the app reads beyond XLSForm's own (pyxform passes unknown settings through).
TITLE_FIELD: Final = "title_field"
PII_BLOCKS_COMPLETION: Final = "pii_blocks_completion"
# 'begin loop over x' / 'end loop' would leave a group half-open as a stand-in.
_LOOP_EDGE: Final = re.compile(r"^(begin|end)[ _]")
# Columns whose text may show answers with ${name} (in any language: 'label::Welsh (cy)').
_TEXT_COLUMNS: Final = (
    "label",
    "hint",
    "guidance_hint",
    "constraint_message",
    "constraint message",
    "jr:constraintmsg",
    "required_message",
    "required message",
    "jr:requiredmsg",
)
_TEXT_REFERENCE: Final = re.compile(r"\$\{\s*([\w.-]+)\s*\}")
_YES: Final = frozenset({"yes", "true", "1"})
_NO: Final = frozenset({"no", "false", "0"})
# Kinds of question whose answer is one value, so can name a record in a list.
_TITLE_KINDS: Final = frozenset(
    {"text", "integer", "decimal", "date", "time", "dateTime", "select_one", "calculate", "hidden"}
)


def check_form(
    source: Source,
    *,
    file_name: str | None = None,
    record_kinds: Collection[str] | None = None,
    attachments: Mapping[str, bytes] | None = None,
) -> CheckResult:
    """Check a workbook given as a path or as its bytes (``file_name`` names bytes).

    ``record_kinds``: the form ids whose records the form's evidence filters may name (the
    installed forms, say); None checks the form alone and leaves those names unchecked.
    ``attachments``: the choice files the form names, by file name; None reads them from
    beside a workbook given as a path (bytes may also be a bundle that holds them).
    """
    try:
        data, stem = read_source(source, file_name)
        data, stem, attachments, digest = choice_files.unpack(data, stem, attachments)
        workbook = open_workbook(data, stem)
    except Unreadable as exc:
        return CheckResult([exc.problem], None, [])
    except choice_files.AttachmentError as exc:
        return CheckResult([Problem("", 0, "", str(exc), "Copy the form again.")], None, [])
    if attachments is None and not isinstance(source, bytes):
        named = choice_files.referenced_files(row.type for row in workbook.survey)
        attachments = choice_files.read_beside(Path(source), named)
    if attachments and digest is None:
        name = Path(file_name or str(source)).name if not isinstance(source, bytes) else None
        digest = choice_files.definition_hash(data, name or f"{stem}.xlsx", attachments)
    if digest is not None:
        workbook = dataclasses.replace(workbook, sha256=digest)
    return _check_workbook(workbook, record_kinds, attachments or {})


def _check_workbook(
    workbook: Workbook, record_kinds: Collection[str] | None, attachments: Mapping[str, bytes]
) -> CheckResult:
    problems = _row_type_problems(workbook.survey)
    file_choices = _file_choices(workbook.survey, attachments, problems)
    problems.extend(range_problems(workbook.survey, workbook.sheets.survey))
    _stand_in_for_unusable_rows(workbook)
    notes: list[str] = []
    form = _pyxform_json(workbook, notes, problems)
    form_id, version = _identity(workbook, problems)
    title_field, pii_blocks = _app_settings(workbook, problems)
    if form is None:
        return CheckResult(problems, None, _notes(notes))
    spec = build_spec(
        form,
        workbook.survey,
        form_id=form_id,
        version=version,
        sha256=workbook.sha256,
        title_field=title_field,
        pii_blocks_completion=pii_blocks,
        file_choices=file_choices,
    )
    problems.extend(_title_field_problems(spec))
    left_out = _refused_names(workbook.survey)
    problems.extend(expressions.check(spec, left_out, record_kinds))
    # Metadata rows shown in a label just show blank here: only refused rows are reported.
    refused = {name: why for name, why in left_out.items() if name not in _metadata(workbook)}
    problems.extend(_text_reference_problems(workbook.survey, refused))
    if not problems:
        problems.extend(_pyxform_xml_problems(form))
    found_notes = [*_notes(notes), *expressions.notes(spec)]
    return CheckResult(problems, None if problems else spec, found_notes)


def _file_choices(
    rows: Iterable[SurveyRow], attachments: Mapping[str, bytes], problems: list[Problem]
) -> dict[str, ChoiceList]:
    """The choices of each attached file a row names; one problem for each row whose file is
    missing or cannot be read."""
    found: dict[str, ChoiceList] = {}
    for row in rows:
        kind = classify(row.type) if row.type else None
        name = kind.list_name if kind is not None and kind.action == "question" else None
        if name is None or not name.lower().endswith(CHOICE_FILE_SUFFIXES):
            continue
        if name not in attachments:
            problems.append(
                Problem(
                    "survey",
                    row.number,
                    "type",
                    f'The choice file "{name}" is not attached: no readable file of that name is '
                    "beside the workbook.",
                    "Put the file in the same folder as the workbook, or correct its name.",
                )
            )
            continue
        parameters = choice_files.parameters_of(row.cells.get("parameters", ""))
        value, label = parameters.get("value", "name"), parameters.get("label", "label")
        try:
            listed = choice_files.choices_from_file(name, attachments[name], value, label)
        except choice_files.AttachmentError as exc:
            problems.append(
                Problem(
                    "survey",
                    row.number,
                    "type",
                    f'The choice file "{name}" cannot be used: {exc}.',
                    "Give it a header row with the name and label columns (or name them with "
                    "parameters: value=… label=…), then one row per choice.",
                )
            )
            continue
        found[listed.name] = listed
    return found


def _row_type_problems(rows: Iterable[SurveyRow]) -> list[Problem]:
    found = []
    for row in rows:
        if not row.type:
            continue  # pyxform reports a row with no type in its own words
        kind = classify(row.type)
        if kind.action == "refuse":
            found.append(
                Problem(
                    "survey",
                    row.number,
                    "type",
                    f'"{row.type}" is not supported by NCPI Field ({kind.reason}).',
                    "Remove the row or use a supported type.",
                )
            )
    return found


def _stand_in_for_unusable_rows(workbook: Workbook) -> None:
    """Hide refused rows from pyxform so it checks the rest of the form.

    A refused row with a name becomes a bare hidden row of that name, so pyxform still finds
    the name when other rows refer to it (else it stops at the first of them with "Could not
    find the name"); the spec leaves the stand-in out, and the expression check then says of
    each referring row that it refers to a row that cannot be used. Ignored metadata rows
    stay: pyxform accepts them, and the builder leaves them out.
    """
    survey = workbook.sheets.survey
    for row in workbook.survey:
        if row.type and classify(row.type).action == "refuse":
            # A row in place keeps the numbering of the rows after it.
            named = row.name and not _LOOP_EDGE.match(row.type)
            survey[row.number - 2] = {"type": "hidden", "name": row.name} if named else {}


def _refused_names(rows: Iterable[SurveyRow]) -> dict[str, str]:
    """Names of rows left out of the spec, and why, so references to them read sensibly."""
    left_out = {}
    for row in rows:
        if row.name and row.type in IGNORED_METADATA:
            left_out[row.name] = "a metadata row NCPI Field ignores"
        elif row.name and classify(row.type).action == "refuse":
            left_out[row.name] = f"a row that cannot be used (row {row.number} is refused)"
    return left_out


def _metadata(workbook: Workbook) -> frozenset[str]:
    return frozenset(row.name for row in workbook.survey if row.type in IGNORED_METADATA)


def _text_reference_problems(
    rows: Iterable[SurveyRow], left_out: Mapping[str, str]
) -> list[Problem]:
    """Labels, hints and messages that show a row left out of the form (``${location}``)."""
    fix = "Remove the reference, or change that row to a type NCPI Field supports."
    return [
        Problem(
            "survey",
            row.number,
            column,
            f"The text refers to ${{{name}}}, which is {left_out[name]}.",
            fix,
        )
        for row in rows
        if row.name not in left_out  # the row itself is reported, or ignored
        for column, text in row.cells.items()
        if column.startswith(_TEXT_COLUMNS)
        for name in dict.fromkeys(_TEXT_REFERENCE.findall(text))
        if name in left_out
    ]


def _pyxform_json(
    workbook: Workbook, notes: list[str], problems: list[Problem]
) -> dict[str, Any] | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            form: dict[str, Any] = workbook_to_json(
                workbook_dict=workbook.sheets,
                fallback_form_name=workbook.stem or "form",
                warnings=notes,
            )
    except PyXFormError as exc:
        problems.extend(from_pyxform_all(str(exc)))
        return None
    except Exception as exc:  # pyxform trips on some malformed sheets
        problems.append(_pyxform_crash(exc))
        return None
    return form


def _pyxform_xml_problems(form: Mapping[str, Any]) -> list[Problem]:
    """pyxform's last checks, made while it builds the XForm (which is then discarded).

    ``Survey.xml()`` rather than ``to_xml()``: the latter writes a temporary file and runs
    ODK Validate, a Java program NCPI Field neither ships nor needs.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            create_survey_element_from_dict(dict(form)).xml()
    except PyXFormError as exc:
        return from_pyxform_all(str(exc))
    except Exception as exc:  # as above
        return [_pyxform_crash(exc)]
    return []


def _pyxform_crash(exc: Exception) -> Problem:
    return Problem(
        "",
        0,
        "",
        f"The form's sheets could not be understood ({type(exc).__name__}); a sheet or column "
        "is laid out in a way XLSForm does not allow.",
        "Compare the workbook with a form that works, sheet by sheet.",
    )


def _identity(workbook: Workbook, problems: list[Problem]) -> tuple[str, str]:
    settings = _settings(workbook)
    form_id = settings.get("form_id", "") or workbook.stem or ""
    version = settings.get("version", "")
    if not form_id:
        problems.append(
            Problem("settings", 0, "form_id", "The form has no form_id.", "Add one on settings.")
        )
    elif len(form_id) > MAX_FORM_ID:
        problems.append(
            Problem("settings", 2, "form_id", f"The form_id is over {MAX_FORM_ID} characters.")
        )
    if len(version) > MAX_VERSION:
        problems.append(
            Problem("settings", 2, "version", f"The version is over {MAX_VERSION} characters.")
        )
    return form_id, version


def _app_settings(workbook: Workbook, problems: list[Problem]) -> tuple[str | None, bool]:
    """The settings NCPI Field adds: ``title_field`` and ``pii_blocks_completion``."""
    settings = _settings(workbook)
    title_field = settings.get(TITLE_FIELD) or None
    pii = settings.get(PII_BLOCKS_COMPLETION, "").lower()
    if pii and pii not in _YES | _NO:
        problems.append(
            Problem(
                "settings",
                2,
                PII_BLOCKS_COMPLETION,
                f'pii_blocks_completion is "{pii}"; it takes yes or no.',
                "Write yes (the default: a PII warning stops the record being completed until "
                "the text is cleared or the warning overridden with a reason) or no.",
            )
        )
    return title_field, pii not in _NO


def _title_field_problems(spec: FormSpec) -> list[Problem]:
    name = spec.title_field
    if name is None:
        return []

    def problem(message: str) -> list[Problem]:
        fix = (
            "Name the question whose answer labels the record in lists, such as its "
            "reference, or leave title_field empty."
        )
        return [Problem("settings", 2, TITLE_FIELD, message, fix)]

    for parents, node in spec.walk():
        if node.name != name:
            continue
        if isinstance(node, Group):
            return problem(f'title_field names "{name}", which is a group, not a question.')
        repeats = [group.name for group in parents if group.repeat]
        if repeats:
            return problem(
                f'title_field names "{name}", which is inside the repeat "{repeats[-1]}": a '
                "record has one title."
            )
        if isinstance(node, Question) and node.kind not in _TITLE_KINDS:
            return problem(
                f'title_field names "{name}", a question of type {node.kind}, which does not '
                "hold one answer to show."
            )
        return []
    return problem(f'title_field names "{name}", but no question has that name.')


def _settings(workbook: Workbook) -> dict[str, str]:
    rows = workbook.sheets.settings or []
    first = rows[0] if rows else {}
    return {str(k).strip().lower(): str(v).strip() for k, v in first.items()}


def _notes(messages: Iterable[str]) -> list[Problem]:
    return [note for message in messages for note in from_pyxform_all(message)]
