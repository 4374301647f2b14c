"""The workbook's summary sheets: the data dictionary, the returned-to-force list, the register."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from ncpi_field.recommendations import Recommendation, status_label
from ncpi_field.reports.cells import Value
from ncpi_field.reports.instrument_sheets import (
    CHILD_COLUMNS,
    RECORD_COLUMNS,
    Column,
    Layout,
    all_layouts,
)
from ncpi_field.reports.workbook import Sheet
from ncpi_field.returned import ReturnedCase
from ncpi_field.xlsform.spec import FormSpec

FIXED_MEANINGS: Final[Mapping[str, str]] = {
    "record_id": "The record's id (made offline, never changes)",
    "inspection": "The inspection record the record belongs to",
    "record_status": "draft, complete or withdrawn",
    "in_conflict": "yes when the record has two or more current versions (this row is the latest)",
    "form_version": "The version of the form the answers were saved with",
    "saved_at": "When this version was saved (UTC)",
    "parent_key": "The record_id, or the row_key of the entry this entry sits in",
    "row_key": "This entry's key: its parent's key, the repeat's name and its number",
    "entry": "The entry's number within its parent, from 1",
}
DICTIONARY_HEADER: Final = ("sheet", "column", "label", "type", "choice_list", "choices")
RETURNED_HEADER: Final = (
    "record_id",
    "audit_ref",
    "primary_category",
    "primary_category (label)",
    "marked_at",
    "return_status",
    "return_status (label)",
    "record_status",
    "in_conflict",
)
REGISTER_HEADER: Final = (
    "inspection",
    "inspection (label)",
    "rec_id",
    "status",
    "status (label)",
    "status_changed_at",
    "rec_timescale",
    "rec_timescale (label)",
    "share_with_force",
    "draft_recommendation",
    "debrief_record_id",
    "revisit_progress",
    "revisit_progress (label)",
    "revisit_inspection",
    "revisit_evidence",
    "carried_into",
    "in_conflict",
)
PROGRESS_LABELS: Final = {"met": "Met", "partly_met": "Partly met", "not_met": "Not met"}


def dictionary(plans: Sequence[tuple[FormSpec, Layout]], titles: Mapping[str, str]) -> Sheet:
    """Every column of every instrument sheet: its label, type and choices (code = label)."""
    rows: list[list[Value]] = []
    for spec, plan in plans:
        for part in all_layouts(plan):
            sheet = titles.get(part.title, part.title)
            fixed = RECORD_COLUMNS if part.repeat is None else CHILD_COLUMNS
            rows.extend(
                [sheet, name, FIXED_MEANINGS.get(name, ""), "key", None, None] for name in fixed
            )
            rows.extend(_column_row(spec, sheet, column) for column in part.columns)
    return Sheet("data dictionary", DICTIONARY_HEADER, rows, len(rows))


def _column_row(spec: FormSpec, sheet: str, column: Column) -> list[Value]:
    question = column.question
    if question is None:
        return [
            sheet,
            column.header,
            "An answer the current form no longer asks",
            "text",
            None,
            None,
        ]
    kind = f"label of {question.name}" if column.label else question.kind
    listed = spec.choices.get(question.list_name or "")
    choices = "; ".join(f"{c.name} = {c.label.get()}" for c in listed.choices) if listed else None
    return [sheet, column.header, question.label.get(), kind, question.list_name, choices]


def returned(cases: Sequence[ReturnedCase], case_audit: FormSpec | None) -> Sheet:
    """The cases returned to the force: pseudonymous reference and status, never the force's."""
    categories = case_audit.choices.get("case_category") if case_audit else None
    rows: list[list[Value]] = [
        [
            case.record_id,
            case.title,
            case.category or None,
            (categories.label_of(case.category) if categories else "") or None,
            case.marked_at,
            case.status,
            case.status_label,
            case.record_status,
            "yes" if case.in_conflict else "no",
        ]
        for case in cases
    ]
    return Sheet("returned to force", RETURNED_HEADER, rows, len(rows))


def register(rows: Sequence[Recommendation], debrief: FormSpec | None) -> Sheet:
    """The recommendations register, by inspection then identifier."""
    timescales = debrief.choices.get("rec_timescale") if debrief else None
    body: list[list[Value]] = []
    for r in rows:
        progress = r.progress
        body.append(
            [
                r.inspection_id or None,
                r.inspection_label or None,
                r.rec_id,
                r.status,
                status_label(r.status),
                r.status_changed_at or None,
                r.timescale or None,
                (timescales.label_of(r.timescale) if timescales else "") or None,
                r.share_with_force or None,
                r.text or None,
                r.debrief_id or None,
                progress.progress if progress else None,
                PROGRESS_LABELS.get(progress.progress) if progress else None,
                progress.revisit_id if progress else None,
                " ".join(progress.evidence) if progress else None,
                " ".join(r.carried_into) or None,
                "yes" if r.in_conflict else "no",
            ]
        )
    return Sheet("recommendations register", REGISTER_HEADER, body, len(body))
