"""fill_vault: store the demo inspection through the vault service's validated batch path."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Final

from ncpi_field import formstore
from ncpi_field.demo.inspection import generate_inspection, summarise
from ncpi_field.demo.inspection_record import demo_inspection_answers
from ncpi_field.demo.model import FORM_IDS, DemoRecord, DemoSummary, inspection_id
from ncpi_field.errors import UserError
from ncpi_field.records import INSPECTION_FIELD, INSPECTION_FORM
from ncpi_field.service import NewRecord, RecordId, VaultService

Progress = Callable[[int, int], None]
DEFAULT_SEED: Final = 1


def fill_vault(
    vault: VaultService,
    *,
    seed: int = DEFAULT_SEED,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Add the demo inspection for ``seed`` to an unlocked vault and say what was added.

    The inspection record comes first (its id is the summary's ``inspection_id``), then the
    records filed under it; the summary counts those records, not the inspection itself.

    Progress counts generating and then saving each record: (done, total), total twice the
    number of records. Record ids come from the seed and the vault's device, so evidence links
    are written as they are; filling the same vault twice with one seed is refused.
    """
    moment = now if now is not None else dt.datetime.now().replace(second=0, microsecond=0)
    namespace = vault.identity.device_id
    forms = {form_id: formstore.installed_spec(form_id) for form_id in FORM_IDS}
    report = progress or _ignore
    made = generate_inspection(
        seed,
        forms=forms,
        now=moment,
        namespace=namespace,
        progress=lambda done, total: report(done, 2 * total),
    )
    if made and vault.has_record(made[0].record_id):
        raise UserError(
            f"This vault already holds the demo inspection for seed {seed}. "
            "Use another seed, or a new vault."
        )
    inspection = inspection_id(seed, namespace)
    # The inspection first, in the same batch: every record after it names it.
    first = NewRecord(
        record_id=RecordId(inspection),
        form_id=INSPECTION_FORM,
        answers=demo_inspection_answers(seed, moment),
        status="complete",
    )
    count = len(made)
    changes = vault.add_records(
        [first, *(_new_record(record, inspection) for record in made)],
        progress=lambda saved, _total: report(count + min(saved, count), 2 * count),
    )
    return summarise(made, seed=seed, namespace=namespace, case_references=changes.case_references)


def _ignore(_done: int, _total: int) -> None:
    return None


def _new_record(record: DemoRecord, inspection: str) -> NewRecord:
    return NewRecord(
        record_id=RecordId(record.record_id),
        form_id=record.form_id,
        answers={**record.answers, INSPECTION_FIELD: inspection},
        status=record.status,
        case_reference=record.case_reference,
        inspection_id=inspection if record.case_reference is not None else None,
    )
