"""fill_vault: store the demo inspection in a vault, in batches, with its form definitions."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import Final

from ncpi_field import case_references, formstore, records
from ncpi_field.demo.inspection import generate_inspection, summarise
from ncpi_field.demo.model import FORM_IDS, DemoRecord, DemoSummary, inspection_id
from ncpi_field.errors import UserError
from ncpi_field.models import RecordRow
from ncpi_field.records import RecordId, Version, VersionId
from ncpi_field.vault import Vault

Progress = Callable[[int, int], None]
BATCH: Final = 25
DEFAULT_SEED: Final = 1


def fill_vault(
    vault: Vault,
    *,
    seed: int = DEFAULT_SEED,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Add the demo inspection for ``seed`` to an unlocked vault and say what was added.

    Progress counts generating and then saving each record: (done, total), total twice the
    number of records. Record ids come from the seed and the vault's device, so evidence links
    are written as they are; filling the same vault twice with one seed is refused.
    """
    moment = now if now is not None else dt.datetime.now().replace(second=0, microsecond=0)
    namespace = vault.identity.device_id
    installed = {form_id: formstore.installed(form_id) for form_id in FORM_IDS}
    forms = {form_id: spec for form_id, (spec, _data, _name) in installed.items()}
    report = progress or _ignore
    made = generate_inspection(
        seed,
        forms=forms,
        now=moment,
        namespace=namespace,
        progress=lambda done, total: report(done, 2 * total),
    )
    _refuse_twice(vault, made, seed)
    with vault.session() as session:
        for _spec, workbook, file_name in installed.values():
            formstore.store_definition(session, workbook, file_name)
    for saved in _save(vault, made):
        report(len(made) + saved, 2 * len(made))
    held = _hold_case_references(vault, made, inspection_id(seed, namespace))
    return summarise(made, seed=seed, namespace=namespace, case_references=held)


def _ignore(_done: int, _total: int) -> None:
    return None


def _refuse_twice(vault: Vault, made: Sequence[DemoRecord], seed: int) -> None:
    with vault.session() as session:
        if made and session.get(RecordRow, made[0].record_id) is not None:
            raise UserError(
                f"This vault already holds the demo inspection for seed {seed}. "
                "Use another seed, or a new vault."
            )


def _save(vault: Vault, made: Sequence[DemoRecord]) -> Iterator[int]:
    """Save in batches, one write transaction each; yields how many are saved so far.

    records.add rather than records.save: the ids are fixed in advance (the debriefs and
    reality tests already cite them), and add is the path that takes a version as given.
    """
    device = vault.identity.device_id
    for start in range(0, len(made), BATCH):
        batch = made[start : start + BATCH]
        with vault.write_transaction("the demo records") as cursor:
            for record in batch:
                records.add(cursor, _version(record, device, vault))
        yield start + len(batch)


def _version(record: DemoRecord, device: str, vault: Vault) -> Version:
    return Version(
        version_id=VersionId(str(uuid.uuid4())),
        record_id=RecordId(record.record_id),
        parents=(),
        form_id=record.form_id,
        form_version=record.form_version,
        author_device=device,
        hlc=vault.clock.tick().encode(),
        status=record.status,
        tombstone=False,
        answers=record.answers,
        saved_at=dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
    )


def _hold_case_references(vault: Vault, made: Sequence[DemoRecord], inspection: str) -> int:
    held = 0
    with vault.session() as session:
        for record in made:
            if record.case_reference is not None:
                case_references.set_case_reference(
                    session, record.record_id, inspection, record.case_reference
                )
                held += 1
    return held
