"""The desktop app's calls into the core: the vault service's use cases, run through ``ui.worker``.

Each is one line into ``ncpi_field.service``, the same functions the command line calls. The
core is imported on first use, so the unlock window can paint before SQLAlchemy and the
crypto libraries load.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from ncpi_field.service import InspectionView, RecordSummary, Saved, VaultService
    from ncpi_field.xlsform.evaluate import FormState


INSPECTION_FORM = "inspection"  # the instrument the header and Inspection screen show


@dataclass
class OpenedRecord:
    """A record's head, ready for the form view."""

    state: FormState
    record_id: str
    version_id: str
    status: str
    in_conflict: bool
    overrides: dict[str, str]


def has_vault(directory: Path) -> bool:
    from ncpi_field.service import has_vault as found  # noqa: PLC0415 - see the module note

    return found(directory)


def create_vault(directory: Path, passphrase: str) -> tuple[VaultService, str]:
    """A new vault, unlocked, and its recovery code (to be shown once)."""
    from ncpi_field import service  # noqa: PLC0415

    return service.create_vault(directory, passphrase)


def unlock_vault(directory: Path, passphrase: str) -> VaultService:
    from ncpi_field import opening  # noqa: PLC0415 - the key first, then the store

    return opening.unlock_vault(directory, passphrase)


def recover_vault(directory: Path, recovery_code: str, new_passphrase: str) -> VaultService:
    """The forgotten-passphrase path: set a new passphrase with the recovery code, then unlock."""
    from ncpi_field import opening  # noqa: PLC0415

    return opening.recover_vault(directory, recovery_code, new_passphrase)


def seconds_before_next_try(directory: Path) -> float:
    from ncpi_field import service  # noqa: PLC0415

    return service.seconds_before_next_try(directory)


def record_summaries(vault: VaultService, inspection_id: str | None = None) -> list[RecordSummary]:
    """The records the navigator lists: the open inspection's, and any filed under none (saved
    before inspections existed); inspections themselves show in the header, not the list."""
    own_screens = builtin_forms()
    return [
        s
        for s in vault.list_records()
        if s.form_id not in own_screens and s.inspection_id in (inspection_id, None)
    ]


def listed_under(summary: RecordSummary, inspection_id: str | None) -> bool:
    """Whether the navigator lists ``summary`` with ``inspection_id`` open (as
    ``record_summaries`` chooses them)."""
    return summary.form_id not in builtin_forms() and summary.inspection_id in (
        inspection_id,
        None,
    )


def builtin_forms() -> frozenset[str]:
    """The forms with screens of their own (inspection, recommendation status, issued
    documents): never listed, offered for a new record or cited as the inspector's records."""
    from ncpi_field.formstore import builtin_form_ids  # noqa: PLC0415

    return builtin_form_ids()


# -- capturing: what the form view opens and asks ----------------------------------------------


def instruments() -> list[str]:
    """The form ids of the installed instruments."""
    from ncpi_field.formstore import installed_forms  # noqa: PLC0415

    own_screens = builtin_forms()
    return sorted(f.form_id for f in installed_forms() if f.form_id not in own_screens)


def new_record_state(form_id: str, language: str | None = None) -> FormState:
    """A blank record of an installed instrument, defaults filled in."""
    from ncpi_field.formstore import installed_spec  # noqa: PLC0415
    from ncpi_field.xlsform.evaluate import FormState  # noqa: PLC0415

    return FormState.new(installed_spec(form_id), language=language)


def opened_record(vault: VaultService, record_id: str) -> OpenedRecord:
    """A record's head as a live form state, on the installed form of its instrument."""
    from ncpi_field.completion import PII_OVERRIDES  # noqa: PLC0415
    from ncpi_field.formstore import installed_spec  # noqa: PLC0415
    from ncpi_field.xlsform.evaluate import FormState  # noqa: PLC0415

    view = vault.record(record_id)
    head = view.heads[0]
    answers = {k: v for k, v in head.answers.items() if k != PII_OVERRIDES}
    raw = head.answers.get(PII_OVERRIDES)
    overrides = {str(k): str(v) for k, v in raw.items()} if isinstance(raw, dict) else {}
    state = FormState(installed_spec(head.form_id), answers)
    return OpenedRecord(
        state, head.record_id, head.version_id, head.status, len(view.heads) > 1, overrides
    )


def evidence_choices(vault: VaultService, exclude: str | None) -> list[tuple[str, str]]:
    """The vault's other records, as an evidence question lists them (id, shown text)."""
    from ui.models.record_table import form_label  # noqa: PLC0415

    own_screens = builtin_forms()
    return [
        (s.record_id, f"{s.title} — {form_label(s.form_id)}")
        for s in vault.list_records()
        if s.record_id != exclude and s.form_id not in own_screens
    ]


# -- inspections -------------------------------------------------------------------------------


def inspections(vault: VaultService) -> list[InspectionView]:
    return vault.inspections()


def create_inspection(vault: VaultService, answers: Mapping[str, Any]) -> Saved:
    return vault.create_inspection(answers)


def update_inspection(vault: VaultService, record_id: str, answers: Mapping[str, Any]) -> Saved:
    return vault.update_inspection(record_id, answers)


def inspection_choices(list_name: str) -> list[tuple[str, str]]:
    """(code, label) of one choice list of the inspection form, in the form's order."""
    from ncpi_field.formstore import installed_spec  # noqa: PLC0415

    choices = installed_spec(INSPECTION_FORM).choices.get(list_name)
    return [] if choices is None else [(c.name, choices.label_of(c.name)) for c in choices.choices]


def new_filed_record_state(
    vault: VaultService, form_id: str, inspection_id: str | None
) -> FormState:
    """A blank record of ``form_id`` filed under the open inspection (its framework and stage
    carried in); unfiled when the vault holds no inspection yet."""
    from ncpi_field.formstore import installed_spec  # noqa: PLC0415
    from ncpi_field.xlsform.evaluate import FormState  # noqa: PLC0415

    blank = new_record_state(form_id)
    if inspection_id is None:
        return blank
    filed = vault.filed_answers(blank.answers(), inspection_id)
    return FormState(installed_spec(form_id), filed)
