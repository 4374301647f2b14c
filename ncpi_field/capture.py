"""Saving answers through their form: validated when complete, the definition kept in the vault."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from ncpi_field import formstore
from ncpi_field.completion import Completion, prepare
from ncpi_field.errors import UserError
from ncpi_field.records import Draft, RecordId, Status, Version, VersionId
from ncpi_field.vault import Vault
from ncpi_field.xlsform.validate import Issue


class IncompleteRecord(UserError):
    """Answers that cannot be saved as complete; ``issues`` says which and why."""

    def __init__(self, issues: Sequence[Issue]) -> None:
        self.issues = tuple(issues)
        count = len(self.issues)
        super().__init__(
            f"The record is not complete: {count} problem{'s' if count != 1 else ''}. "
            "Answer them, or save it as a draft."
        )


def save_answers(
    vault: Vault,
    form_id: str,
    answers: Mapping[str, Any],
    *,
    status: Status = "complete",
    record_id: RecordId | None = None,
    parents: Sequence[VersionId] | None = None,
    now: dt.datetime | None = None,
) -> tuple[Version, Completion]:
    """Save against the installed form. Drafts are stored whatever their state."""
    spec, workbook, file_name = formstore.installed(form_id)
    completion = prepare(spec, answers, status=status, now=now)
    if not completion.ok:
        raise IncompleteRecord(completion.issues)
    with vault.session() as session:
        formstore.store_definition(session, workbook, file_name)
    draft = Draft(
        form_id=spec.form_id,
        answers=completion.answers,
        record_id=record_id,
        status=status,
        form_version=spec.version,
        parents=parents,
    )
    return vault.save(draft), completion
