"""The one door to the core: a method for each thing a person does with their vault.

The desktop app and the command line call these and nothing below them. Each writing method
validates, owns one transaction under the vault's write lock, and returns what it changed, so
a view refreshes exactly those rows (the shape of Anki's ``Collection`` returning
``OpChanges``). Nothing else in the code base calls ``records.save`` or ``records.add``; a
test holds that line.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from ncpi_field import (
    backoff,
    case_references,
    inspections,
    records,
    register,
    returned,
)
from ncpi_field.device import DevicePublic
from ncpi_field.errors import InvalidRecord, UserError
from ncpi_field.inspections import InspectionView
from ncpi_field.keyslots import DEFAULT_KDF, KdfParameters
from ncpi_field.opening import change_passphrase, recover_vault, unlock_vault
from ncpi_field.recommendations import Recommendation
from ncpi_field.record_query import FilterChoices, RecordQuery
from ncpi_field.record_search import RecordFinder, author_label
from ncpi_field.records import (
    Cursor,
    Draft,
    RecordId,
    RecordSummary,
    Status,
    Version,
    VersionId,
)
from ncpi_field.returned import ReturnedCase
from ncpi_field.vault import Vault, VaultStatus
from ncpi_field.vault_files import vault_exists
from ncpi_field.version_diff import VersionChanges, history_changes

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

if TYPE_CHECKING:  # the forms engine (XPath, XLSForm) loads only when a save or a label needs it
    from ncpi_field.completion import Completion, PiiWarning
    from ncpi_field.xlsform.evaluate import FormState
    from ncpi_field.xlsform.spec import FormSpec
    from ncpi_field.xlsform.validate import Issue

if TYPE_CHECKING:  # the reports load Jinja2, python-docx, openpyxl: only when one is made
    from ncpi_field.reports.debrief_model import Kind
    from ncpi_field.reports.documents import PdfRenderer, Prepared
    from ncpi_field.reports.issued import Issued
    from ncpi_field.reports.workbook import Written

__all__ = [
    "Changes",
    "FilterChoices",
    "IncompleteRecord",
    "InspectionView",
    "NewRecord",
    "Recommendation",
    "RecordId",
    "RecordQuery",
    "RecordSummary",
    "RecordView",
    "ReturnedCase",
    "Saved",
    "Status",
    "VaultService",
    "VaultStatus",
    "Version",
    "VersionChanges",
    "VersionId",
    "change_passphrase",
    "create_vault",
    "has_vault",
    "recover_vault",
    "seconds_before_next_try",
    "unlock_vault",
]

Progress = Callable[[int, int], None]
BATCH: Final = 25


class IncompleteRecord(UserError):
    """Answers that cannot be saved as complete; ``issues`` says which and why (no values)."""

    def __init__(self, issues: Sequence[Issue]) -> None:
        self.issues = tuple(issues)
        count = len(self.issues)
        super().__init__(
            f"The record is not complete: {count} problem{'s' if count != 1 else ''}. "
            "Answer them, or save it as a draft."
        )


@dataclass(frozen=True)
class Changes:
    """What a use case changed: the records whose rows a view should refresh, and more."""

    records: tuple[RecordId, ...] = ()
    versions: tuple[VersionId, ...] = ()
    case_references: int = 0
    form_definitions: int = 0


@dataclass(frozen=True)
class Saved:
    """One version saved, what it changed, and the personal-data warnings to show."""

    version: Version
    changes: Changes
    pii_warnings: tuple[PiiWarning, ...] = ()


@dataclass(frozen=True)
class RecordView:
    """A record as the faces show it: its listing row and its current version(s)."""

    summary: RecordSummary
    heads: tuple[Version, ...]


@dataclass(frozen=True)
class NewRecord:
    """A record to add in a batch (demo, later an import), with its id fixed in advance."""

    record_id: RecordId
    form_id: str
    answers: Mapping[str, Any]
    status: Status
    case_reference: str | None = None
    inspection_id: str | None = None


@dataclass
class _Prepared:
    spec: FormSpec
    workbook: bytes
    file_name: str
    completion: Completion


# -- getting in and out -----------------------------------------------------------------------


def has_vault(directory: Path) -> bool:
    return vault_exists(directory)


def create_vault(
    directory: Path, passphrase: str, *, kdf: KdfParameters = DEFAULT_KDF
) -> tuple[VaultService, str]:
    """A new vault, unlocked, and its recovery code (to be shown once)."""
    vault, code = Vault.create(directory, passphrase, kdf=kdf)
    return VaultService(vault), code


def seconds_before_next_try(directory: Path) -> float:
    return backoff.seconds_left(directory)


# -- the unlocked vault -----------------------------------------------------------------------


class VaultService:
    """An unlocked vault and the use cases on it. ``lock()`` makes it inert."""

    def __init__(self, vault: Vault) -> None:
        self._vault = vault
        self._stored_forms: set[str] = set()
        self._finder = RecordFinder()  # in memory only; forgotten on lock

    @property
    def directory(self) -> Path:
        return self._vault.directory

    @property
    def identity(self) -> DevicePublic:
        return self._vault.identity

    @property
    def locked(self) -> bool:
        return self._vault.locked

    @property
    def vault(self) -> Vault:
        """The unlocked vault, for sync's use cases (merge, bundles) built on this door."""
        return self._vault

    def lock(self) -> None:
        self._vault.lock()
        self._stored_forms.clear()
        self._finder.clear()

    # -- reading ---------------------------------------------------------------------------

    def status(self) -> VaultStatus:
        return self._vault.status()

    def list_records(
        self, *, include_deleted: bool = False, inspection_id: str | None = None
    ) -> list[RecordSummary]:
        """Records, oldest first; with ``inspection_id`` only that inspection's (not itself)."""
        with self._vault.session() as session:
            return records.list_records(
                session, include_deleted=include_deleted, inspection_id=inspection_id
            )

    def record(self, record_id: str) -> RecordView:
        with self._vault.session() as session:
            summary = records.summary(session, record_id)
            heads = records.heads(session, record_id)
        return RecordView(summary, tuple(heads))

    def history(self, record_id: str) -> list[Version]:
        with self._vault.session() as session:
            return records.history(session, record_id)

    def has_record(self, record_id: str) -> bool:
        with self._vault.session() as session:
            return records.exists(session, record_id)

    def returned_cases(self, inspection_id: str | None = None) -> list[ReturnedCase]:
        """The cases returned to the force, longest waiting first (rules in ncpi_field.returned);
        with ``inspection_id``, that inspection's and those filed under none."""
        with self._vault.session() as session:
            return returned.returned_cases(session, inspection_id)

    def show_case_reference(self, record_id: str) -> str:
        """The force's reference in plaintext, to return a case. Show it; never log it."""
        with self._vault.session() as session:
            return case_references.reveal_case_reference(session, record_id)

    def case_reference_purges(self) -> list[case_references.PurgeEntry]:
        with self._vault.session() as session:
            return case_references.purge_log(session)

    # -- saving ----------------------------------------------------------------------------

    def put_draft(
        self,
        form_id: str,
        answers: Mapping[str, Any] | FormState,
        *,
        record_id: str | None = None,
        parents: Sequence[str] | None = None,
        pii_overrides: Mapping[str, str] | None = None,
    ) -> Saved:
        """Keep answers (or a live form state) as a draft: never refused for being incomplete."""
        return self._save(
            form_id,
            answers,
            "draft",
            record_id=record_id,
            parents=parents,
            now=None,
            pii_overrides=pii_overrides,
        )

    def complete(
        self,
        form_id: str,
        answers: Mapping[str, Any] | FormState,
        *,
        record_id: str | None = None,
        parents: Sequence[str] | None = None,
        now: dt.datetime | None = None,
        pii_overrides: Mapping[str, str] | None = None,
    ) -> Saved:
        """Store a complete record: its form's checks and the PII rules must pass.

        ``answers`` is a mapping (PII overrides under ``__pii_overrides``) or the live form
        state (overrides in ``pii_overrides``). Raises IncompleteRecord listing what stops
        it, and stores nothing then.
        """
        return self._save(
            form_id,
            answers,
            "complete",
            record_id=record_id,
            parents=parents,
            now=now,
            pii_overrides=pii_overrides,
        )

    def save_alongside(
        self,
        form_id: str,
        answers: Mapping[str, Any],
        alongside: Callable[[Session, Version], None],
        *,
        status: Status,
        record_id: str,
        parents: Sequence[str],
    ) -> Saved:
        """Save a version (checked as ``put_draft`` or ``complete`` would) and, in the same
        transaction, the write ``alongside`` makes with it: both are kept or neither is."""
        return self._save(
            form_id,
            answers,
            status,
            record_id=record_id,
            parents=parents,
            now=None,
            alongside=alongside,
        )

    def withdraw(self, record_id: str) -> Saved:
        """Mark a record withdrawn: a new version with the same answers, kept in history."""
        current = self.record(record_id).heads[0]
        return self._save(
            current.form_id,
            current.answers,
            "withdrawn",
            record_id=record_id,
            parents=None,
            now=None,
        )

    def delete(self, record_id: str) -> Saved:
        """Delete a record: a tombstone version (history is kept) and its force reference gone."""
        with self._vault.write_session("the deletion") as session:
            summary = records.summary(session, record_id)
            draft = Draft(
                form_id=summary.form_id,
                answers={},
                record_id=RecordId(record_id),
                tombstone=True,
            )
            version = records.save(
                records.cursor_of(session), draft, self.identity.device_id, self._vault.clock
            )
            forgotten = case_references.forget_case_reference(session, record_id)
        changes = Changes((version.record_id,), (version.version_id,), case_references=forgotten)
        return Saved(version, changes)

    def _save(
        self,
        form_id: str,
        answers: Mapping[str, Any] | FormState,
        status: Status,
        *,
        record_id: str | None,
        parents: Sequence[str] | None,
        now: dt.datetime | None,
        pii_overrides: Mapping[str, str] | None = None,
        alongside: Callable[[Session, Version], None] | None = None,
    ) -> Saved:
        prepared = _prepare(form_id, answers, status, now, pii_overrides)
        spec = prepared.spec
        draft = Draft(
            form_id=spec.form_id,
            answers=prepared.completion.answers,
            record_id=RecordId(record_id) if record_id is not None else None,
            status=status,
            form_version=spec.version,
            parents=[VersionId(p) for p in parents] if parents is not None else None,
            validated_against=spec.sha256 if status == "complete" else "",
            title_field=spec.title_field,
        )
        if alongside is None:
            with self._vault.write_transaction("the record") as cursor:
                kept = self._keep_form(cursor, prepared)
                version = records.save(cursor, draft, self.identity.device_id, self._vault.clock)
        else:  # a write that must stand or fall with this version (an issued note, say)
            with self._vault.write_session("the record") as session:
                cursor = records.cursor_of(session)
                kept = self._keep_form(cursor, prepared)
                version = records.save(cursor, draft, self.identity.device_id, self._vault.clock)
                alongside(session, version)
        self._stored_forms.add(spec.sha256)  # committed: later saves need not store it again
        changes = Changes((version.record_id,), (version.version_id,), form_definitions=kept)
        return Saved(version, changes, prepared.completion.pii_warnings)

    def _keep_form(self, cursor: Cursor, prepared: _Prepared) -> int:
        """Store the form definition in the save's own transaction. Skipped once a committed
        save has stored it; the caller notes that only after its transaction commits."""
        if prepared.spec.sha256 in self._stored_forms:
            return 0
        from ncpi_field import formstore  # noqa: PLC0415 - see _prepare

        return formstore.keep_definition(
            cursor, prepared.spec, prepared.workbook, prepared.file_name
        )

    # -- batches ---------------------------------------------------------------------------

    def add_records(
        self, batch: Sequence[NewRecord], *, progress: Progress | None = None
    ) -> Changes:
        """Add new records with fixed ids, each validated as ``complete`` would be.

        Every record is checked before anything is written; then they are written in chunks
        of ``BATCH``, one transaction each. Refused whole if any id is already in the vault.
        """
        prepared = [_prepare(r.form_id, r.answers, r.status, None) for r in batch]
        self._refuse_known_ids(batch)
        saved: list[Version] = []
        for start in range(0, len(batch), BATCH):
            chunk = range(start, min(start + BATCH, len(batch)))
            with self._vault.write_transaction("the records") as cursor:
                for i in chunk:
                    self._keep_form(cursor, prepared[i])
                    version = self._new_version(batch[i], prepared[i])
                    records.add(cursor, version, title_field=prepared[i].spec.title_field)
                    saved.append(version)
            self._stored_forms.update(prepared[i].spec.sha256 for i in chunk)
            if progress is not None:
                progress(len(saved), len(batch))
        held = self._hold_batch_references(batch)
        return Changes(
            tuple(v.record_id for v in saved),
            tuple(v.version_id for v in saved),
            case_references=held,
        )

    def _refuse_known_ids(self, batch: Sequence[NewRecord]) -> None:
        ids = [r.record_id for r in batch]
        if len(set(ids)) != len(ids):
            raise InvalidRecord("Two records in one batch have the same id.")
        with self._vault.session() as session:
            for record_id in ids:
                if records.exists(session, record_id):
                    raise InvalidRecord(
                        "A record with one of these ids is already in this vault; "
                        "nothing was added."
                    )

    def _new_version(self, record: NewRecord, prepared: _Prepared) -> Version:
        answers_json = records.canonical_answers(prepared.completion.answers)
        return Version(
            version_id=VersionId(str(uuid.uuid4())),
            record_id=record.record_id,
            parents=(),
            form_id=prepared.spec.form_id,
            form_version=prepared.spec.version,
            author_device=self.identity.device_id,
            hlc=self._vault.clock.tick().encode(),
            status=record.status,
            tombstone=False,
            answers=json.loads(answers_json),
            saved_at=datetime.now(UTC).isoformat(timespec="milliseconds"),
        )

    def _hold_batch_references(self, batch: Sequence[NewRecord]) -> int:
        held = [r for r in batch if r.case_reference is not None]
        if not held:
            return 0
        with self._vault.write_session("the force case references") as session:
            for record in held:
                assert record.case_reference is not None
                case_references.set_case_reference(
                    session, record.record_id, record.inspection_id or "", record.case_reference
                )
        return len(held)

    # -- force case references -------------------------------------------------------------

    def hold_case_reference(self, record_id: str, inspection_id: str, reference: str) -> Changes:
        """Hold the force's reference for a record, sealed apart from the answers."""
        with self._vault.write_session("the force case reference") as session:
            case_references.set_case_reference(session, record_id, inspection_id, reference)
        return Changes((RecordId(record_id),), case_references=1)

    def purge_case_references(self, inspection_id: str) -> Changes:
        """Delete every reference held for an inspection; the log keeps the count only."""
        with self._vault.write_session("the purge") as session:
            count = case_references.purge_case_references(session, inspection_id)
        return Changes(case_references=count)

    # -- written debrief and return-to-force note (rules in ncpi_field/reports) -------------

    def prepare_debrief(
        self, kind: Kind, *, date: str | None = None, internal: bool = False
    ) -> Prepared:
        """The written debrief to preview or export (force's version unless ``internal``)."""
        from ncpi_field.reports import documents  # noqa: PLC0415

        return documents.prepare_debrief(self, kind, date=date, internal=internal)

    def issue_debrief(
        self,
        kind: Kind,
        render_pdf: PdfRenderer,
        *,
        date: str | None = None,
        internal: bool = False,
    ) -> Issued:
        """Check and freeze the debrief as issued: a new numbered version with its hashes."""
        from ncpi_field.reports import documents  # noqa: PLC0415

        return documents.issue_debrief(self, kind, render_pdf, date=date, internal=internal)

    def prepare_return_note(
        self, record_id: str, *, with_force_reference: bool = False
    ) -> Prepared:
        from ncpi_field.reports import documents  # noqa: PLC0415

        return documents.prepare_return_note(
            self, record_id, with_force_reference=with_force_reference
        )

    def issue_return_note(
        self,
        record_id: str,
        render_pdf: PdfRenderer,
        *,
        recipient_role: str | None = None,
    ) -> Issued:
        """Issue the note and record the case as passed to the force (status and time).
        The stored note never carries the force's reference (see reports/documents.py)."""
        from ncpi_field.reports import documents  # noqa: PLC0415

        return documents.issue_return_note(
            self,
            record_id,
            render_pdf,
            recipient_role=recipient_role,
        )

    def issued_documents(self) -> list[Issued]:
        """Everything issued, oldest first: what the force has, and when."""
        from ncpi_field.reports import documents  # noqa: PLC0415

        return documents.issued_documents(self)

    def issued_file(self, issue_id: str, file_format: str) -> bytes:
        """The exact bytes of one issue (pdf, docx or html), checked against their SHA-256."""
        from ncpi_field.reports import documents  # noqa: PLC0415

        return documents.issued_file(self, issue_id, file_format)

    def share_debrief_items(self, record_id: str, shared: Mapping[int, bool]) -> Saved:
        """Mark which items of a debrief go to the force (``shared``: item number, 1 first)."""
        view = self.record(record_id)
        head = view.heads[0]
        items = [dict(item) for item in head.answers.get("items") or ()]
        for number, share in shared.items():
            if not 1 <= number <= len(items):
                raise InvalidRecord("The debrief has no item with that number.")
            items[number - 1]["share_with_force"] = "yes" if share else "no"
        answers = {**head.answers, "items": items}
        save = self.complete if view.summary.status == "complete" else self.put_draft
        return save("debrief", answers, record_id=record_id, parents=[head.version_id])

    def approve_debrief(self, record_id: str, approver_code: str) -> Saved:
        """The lead HMI's approval of a hot debrief: a new version saying so."""
        head = self.record(record_id).heads[0]
        if head.form_id != "debrief":
            raise InvalidRecord("Only a debrief is approved by the lead HMI.")
        answers = {**head.answers, "lead_hmi_approved": "yes"}
        answers["lead_hmi_approver_code"] = approver_code
        return self.complete("debrief", answers, record_id=record_id, parents=[head.version_id])

    # -- inspections -----------------------------------------------------------------------

    def inspections(self) -> list[InspectionView]:
        """Every inspection in the vault (deleted ones left out), oldest first."""
        with self._vault.session() as session:
            found = [
                s for s in records.list_records(session) if s.form_id == records.INSPECTION_FORM
            ]
            heads = [records.heads(session, s.record_id)[0] for s in found]
        if not found:  # the common case on a save: no form to load
            return []
        spec = _installed_spec(records.INSPECTION_FORM)
        return [inspections.view_of(s, h, spec) for s, h in zip(found, heads, strict=True)]

    def inspection(self, record_id: str) -> InspectionView:
        """One inspection; NotAnInspection if the id names another kind of record."""
        view = self.record(record_id)
        spec = _installed_spec(records.INSPECTION_FORM)
        return inspections.view_of(view.summary, view.heads[0], spec)

    def create_inspection(self, answers: Mapping[str, Any], *, draft: bool = False) -> Saved:
        """Set up an inspection: checked as complete (unless ``draft``), the marking defaulted."""
        filled = inspections.with_defaults(answers)
        self._check_follows(filled, None)
        save = self.put_draft if draft else self.complete
        return save(records.INSPECTION_FORM, filled)

    def update_inspection(
        self, record_id: str, answers: Mapping[str, Any], *, draft: bool = False
    ) -> Saved:
        """Edit an inspection: a new version of its record, checked like a new one."""
        self.inspection(record_id)  # refuses an id that is not an inspection's
        filled = inspections.with_defaults(answers)
        self._check_follows(filled, record_id)
        save = self.put_draft if draft else self.complete
        return save(records.INSPECTION_FORM, filled, record_id=record_id)

    def filed_answers(
        self, answers: Mapping[str, Any], inspection_id: str | None = None
    ) -> dict[str, Any]:
        """``answers`` filed under an inspection (the only one when none is named): its id,
        and its framework version and stage where the answers leave them blank."""
        view = inspections.choose(self.inspections(), inspection_id)
        return inspections.filed_under(view, answers)

    def file_record_answers(
        self,
        form_id: str,
        answers: Mapping[str, Any],
        *,
        inspection_id: str | None = None,
        record_id: str | None = None,
    ) -> dict[str, Any]:
        """A record's answers filed under its inspection: the one named, else the one the
        record is filed under already, else the only one the vault holds.

        An inspection's own answers, and any record in a vault with no inspection yet, pass
        through unchanged; with several inspections and none named, InspectionNeeded.
        """
        if form_id == records.INSPECTION_FORM:
            return dict(answers)
        wanted = inspection_id or answers.get(records.INSPECTION_FIELD) or None
        if wanted is None and record_id is not None:
            wanted = self.record(record_id).summary.inspection_id
        held = self.inspections()
        if wanted is None and not held:
            return dict(answers)
        view = inspections.choose(held, str(wanted) if wanted is not None else None)
        return inspections.filed_under(view, answers)

    def _check_follows(self, answers: Mapping[str, Any], own: str | None) -> None:
        known = [v.record_id for v in self.inspections()]
        inspections.check_follows(answers, known, own)

    # -- finding a record (issue 9) ---------------------------------------------------------

    def search_records(self, query: RecordQuery) -> list[RecordId]:
        """Records whose title or answers hold every word (in any order and field; case and
        accents aside) and that pass the filters, in listing order. Searched in memory, never
        through an index on disk."""
        with self._vault.session() as session:
            return self._finder.find(session, query)

    def filter_choices(self, inspection_id: str | None = None) -> FilterChoices:
        """The categories, grades and authors the records hold, for the list's filters (with
        ``inspection_id``: that inspection's records and those filed under none)."""
        with self._vault.session() as session:
            return self._finder.choices(session, inspection_id)

    def history_changes(self, record_id: str) -> list[VersionChanges]:
        """Every version, oldest first, with what it changed from each parent (as shown)."""
        versions = self.history(record_id)
        from ncpi_field import form_labels  # noqa: PLC0415 - see _prepare

        labels = form_labels.installed_labels(versions[0].form_id)
        authors = {v.author_device: author_label(v.author_device) for v in versions}
        return history_changes(versions, labels, authors)

    # -- the recommendations register and the workbook (ncpi_field.register, .reports) -------

    def recommendations(self) -> list[Recommendation]:
        """The recommendations register across the vault's inspections."""
        return register.register(self)

    def set_recommendation_status(
        self, rec_id: str, status: str, *, inspection_id: str | None = None, note: str = ""
    ) -> tuple[Recommendation, Changes]:
        """Record a recommendation's new status, if the register's rules allow the move."""
        wanted = register.parse_status(status)
        return register.set_status(self, rec_id, wanted, inspection_id=inspection_id, note=note)

    def carried_recommendations(self, revisit_id: str) -> list[Recommendation]:
        """The earlier recommendations a revisit follows up (not yet met)."""
        return register.carried(self, revisit_id)

    def export_workbook(self, out: Path, *, progress: Progress | None = None) -> Written:
        """Write the workbook (not encrypted) to ``out``, atomically."""
        from ncpi_field.reports.export import export_workbook  # noqa: PLC0415 - openpyxl

        return export_workbook(self, out, progress=progress)


def _prepare(
    form_id: str,
    answers: Mapping[str, Any] | FormState,
    status: Status,
    now: dt.datetime | None,
    pii_overrides: Mapping[str, str] | None = None,
) -> _Prepared:
    """The installed form, and the answers as they would be stored with ``status``.

    ``answers`` may be the form state the app already holds live: it is used as it is, so a
    save does not evaluate the form a second time. The forms engine is imported here, not at
    the top: exporting, listing and unlocking never evaluate a form and should not load it.
    """
    from ncpi_field import formstore  # noqa: PLC0415
    from ncpi_field.completion import prepare, prepare_state  # noqa: PLC0415
    from ncpi_field.xlsform.evaluate import FormState  # noqa: PLC0415

    spec, workbook, file_name = formstore.installed(form_id)
    checked_as = "complete" if status == "complete" else "draft"
    if isinstance(answers, FormState):
        if answers.spec.sha256 != spec.sha256:
            raise InvalidRecord(
                "The form changed while the record was open; reopen the record to save it."
            )
        completion = prepare_state(answers, status=checked_as, pii_overrides=pii_overrides)
    else:
        records.canonical_answers(answers)  # refuses what JSON cannot hold, before evaluation
        completion = prepare(spec, answers, status=checked_as, now=now)
    if not completion.ok:
        raise IncompleteRecord(completion.issues)
    return _Prepared(spec, workbook, file_name, completion)


def _installed_spec(form_id: str) -> FormSpec:
    from ncpi_field import formstore  # noqa: PLC0415 - see _prepare

    return formstore.installed_spec(form_id)
