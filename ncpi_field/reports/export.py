"""The workbook export as a use case: read the vault once, then write every sheet atomically.

Sheets, in order: one per instrument (case audit, reality test, observation, debrief, then any
other form held) with a child sheet per repeat, the data dictionary, the agreement analysis,
the returned-to-force list and the recommendations register. Never the force's case
references: they are held apart and no sheet reads them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from sqlalchemy.orm import Session

from ncpi_field import formstore, returned
from ncpi_field.errors import FormNotFound
from ncpi_field.live_heads import Head, latest_per_record, live_heads
from ncpi_field.recommendations import Recommendation, build_register
from ncpi_field.reports import instrument_sheets, summary_sheets
from ncpi_field.reports.agreement_sheet import agreement_sheet
from ncpi_field.reports.workbook import (
    Progress,
    Sheet,
    Written,
    check_destination,
    sheet_titles,
    write_workbook,
)
from ncpi_field.returned import ReturnedCase
from ncpi_field.xlsform.spec import FormSpec

if TYPE_CHECKING:
    from ncpi_field.service import VaultService

INSTRUMENT_ORDER: Final = ("case_audit", "reality_test", "observation", "debrief")


@dataclass(frozen=True)
class ExportData:
    """Everything the workbook shows, read in one session."""

    heads: Sequence[Head]
    specs: Mapping[str, FormSpec]
    returned: Sequence[ReturnedCase]
    register: Sequence[Recommendation]


def read_export(session: Session) -> ExportData:
    every_head = live_heads(session)
    heads = latest_per_record(every_head)
    return ExportData(
        heads=heads,
        specs=_specs(session, heads),
        returned=returned.returned_cases(session),
        register=build_register(every_head),
    )


def _specs(session: Session, heads: Sequence[Head]) -> dict[str, FormSpec]:
    """Each form's spec: the newest version its records were saved with, else the installed."""
    newest: dict[str, str] = {}
    for head in heads:
        if head.form_version > newest.get(head.form_id, ""):
            newest[head.form_id] = head.form_version
    specs = {}
    for form_id, version in newest.items():
        try:
            specs[form_id] = formstore.load_definition(session, form_id, version)
        except FormNotFound:
            try:
                specs[form_id] = formstore.installed_spec(form_id)
            except FormNotFound:
                continue  # no definition: its records cannot be laid out by question
    return specs


def build_sheets(data: ExportData) -> list[Sheet]:
    order = [f for f in INSTRUMENT_ORDER if f in data.specs]
    order += sorted(f for f in data.specs if f not in INSTRUMENT_ORDER)
    found: list[Sheet] = []
    plans = []
    for form_id in order:
        spec = data.specs[form_id]
        heads = [h for h in data.heads if h.form_id == form_id]
        plans.append((spec, instrument_sheets.layout(spec, heads)))
        found.extend(instrument_sheets.sheets(spec, heads))
    titles = dict(
        zip([s.title for s in found], sheet_titles([s.title for s in found]), strict=True)
    )
    found.append(summary_sheets.dictionary(plans, titles))
    found.append(agreement_sheet(data.heads, data.specs.get("case_audit")))
    found.append(summary_sheets.returned(data.returned, data.specs.get("case_audit")))
    found.append(summary_sheets.register(data.register, data.specs.get("debrief")))
    return found


def export_workbook(
    service: VaultService, out: Path, *, progress: Progress | None = None
) -> Written:
    """Write the vault's workbook to ``out`` (not encrypted: the faces warn before calling)."""
    check_destination(out)
    with service.vault.session() as session:
        data = read_export(session)
    return write_workbook(out, build_sheets(data), progress=progress)
