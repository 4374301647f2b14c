"""Conflicts as use cases: list them, show one, resolve it, merge the soft ones.

Each use case owns one transaction and returns what it changed (the service's ``Changes``),
so a view refreshes exactly those rows. A resolution is a new version whose parents are all
the heads. Answers a person merged are validated through the service like any save.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from ncpi_field import case_references, formstore, records
from ncpi_field.completion import prepare
from ncpi_field.errors import FormNotFound, InvalidRecord, UserError
from ncpi_field.hlc import HybridClock, Stamp
from ncpi_field.records import RecordId, Version, VersionId
from ncpi_field.service import Changes, Saved, VaultService
from sync.conflicts import Conflict, Kind
from sync.merge import (
    FormRules,
    LeftForPerson,
    conflict_of,
    conflicts_in,
    merge_soft_conflicts,
    resolution_parents,
)


class NotInConflict(UserError):
    """The record has one current version: there is nothing to resolve."""


@dataclass(frozen=True)
class ConflictSummary:
    """A conflict as a list shows it: which record, how many heads, soft or hard, and why."""

    record_id: RecordId
    form_id: str
    title: str
    kind: Kind
    head_count: int
    reason: str


@dataclass(frozen=True)
class AutoMerged:
    """What an automatic merge pass stored, and the conflicts it left for a person."""

    changes: Changes
    left: tuple[LeftForPerson, ...]


class InstalledFormRules:
    """The installed forms' checks: a complete merge must pass them as any complete save does.

    The checks run at the merge's own save time (the newest head's), not the wall clock, so
    two vaults with the same forms reach the same answers and the same version id.
    """

    def title_field(self, form_id: str) -> str | None:
        try:
            return formstore.installed_spec(form_id).title_field
        except FormNotFound:
            return None

    def checked(self, candidate: Version) -> Version | None:
        if candidate.status != "complete":
            return candidate  # drafts and withdrawn records are never refused
        try:
            spec = formstore.installed_spec(candidate.form_id)
        except FormNotFound:
            return None
        now = datetime.fromisoformat(candidate.saved_at).replace(tzinfo=None)
        completion = prepare(spec, candidate.answers, status="complete", now=now)
        if not completion.ok:
            return None
        return replace(candidate, answers=completion.answers, form_version=spec.version)


class ConflictResolution:
    """The conflict use cases on an unlocked vault."""

    def __init__(self, service: VaultService, rules: FormRules | None = None) -> None:
        self._service = service
        self._vault = service.vault
        self._rules = rules or InstalledFormRules()

    def list_conflicts(self) -> list[ConflictSummary]:
        """Every record in conflict, in listing order."""
        with self._vault.session() as session:
            found = []
            for record_id in conflicts_in(session):
                conflict = conflict_of(session, record_id)
                assert conflict is not None
                summary = records.summary(session, record_id)
                found.append(_summary(summary, conflict))
        return found

    def show(self, record_id: str) -> Conflict:
        """The record's heads and their field-level differences. Raises NotInConflict."""
        with self._vault.session() as session:
            return _conflict_or_refuse(session, record_id)

    def take(self, record_id: str, version_id: str) -> Saved:
        """Resolve by keeping one version as it is: a new version with its content whose
        parents are all the heads. Any version of the record may be taken."""
        with self._vault.write_session("the resolution") as session:
            version = take_version(
                session,
                record_id,
                version_id,
                device=self._service.identity.device_id,
                clock=self._vault.clock,
                rules=self._rules,
            )
            forgotten = (
                case_references.forget_case_reference(session, record_id)
                if version.tombstone
                else 0
            )
        changes = Changes((version.record_id,), (version.version_id,), case_references=forgotten)
        return Saved(version, changes)

    def resolve_with_answers(
        self, record_id: str, answers: Mapping[str, Any], *, draft: bool = False
    ) -> Saved:
        """Resolve with answers a person merged, validated and stored as any save is.

        Saved as complete (refused with IncompleteRecord if the form's checks fail) unless
        ``draft``. Its parents are the heads as they stand; a version that arrives between
        reading them and saving stays a head, so nothing is lost, and the conflict remains.
        """
        conflict = self.show(record_id)
        save = self._service.put_draft if draft else self._service.complete
        return save(
            conflict.winner.form_id,
            answers,
            record_id=record_id,
            parents=resolution_parents(conflict),
        )

    def auto_merge(self, record_ids: Iterable[str] | None = None) -> AutoMerged:
        """Merge every soft conflict (or those among ``record_ids``), in one transaction."""
        with self._vault.write_session("the automatic merge") as session:
            wanted = list(record_ids) if record_ids is not None else conflicts_in(session)
            report = merge_soft_conflicts(session, wanted, self._rules)
        for version in report.merged:
            self._vault.clock.observe(Stamp.decode(version.hlc))
        changes = Changes(
            tuple(v.record_id for v in report.merged),
            tuple(v.version_id for v in report.merged),
        )
        return AutoMerged(changes, report.left)


def take_version(
    session: Session,
    record_id: str,
    version_id: str,
    *,
    device: str,
    clock: HybridClock,
    rules: FormRules,
) -> Version:
    """A person's resolution, in the caller's transaction: ``version_id``'s content as a new
    version by ``device`` whose parents are all the heads. Refuses a record not in conflict
    and a version of another record."""
    conflict = _conflict_or_refuse(session, record_id)
    taken = records.get_version(session, version_id)
    if taken.record_id != conflict.record_id:
        raise InvalidRecord("That version belongs to another record.")
    version = Version(
        version_id=VersionId(str(uuid.uuid4())),
        record_id=conflict.record_id,
        parents=resolution_parents(conflict),
        form_id=taken.form_id,
        form_version=taken.form_version,
        author_device=device,
        hlc=clock.tick().encode(),
        status=taken.status,
        tombstone=taken.tombstone,
        answers=taken.answers,
        saved_at=datetime.now(UTC).isoformat(timespec="milliseconds"),
    )
    records.add(records.cursor_of(session), version, title_field=rules.title_field(taken.form_id))
    return version


def _conflict_or_refuse(session: Session, record_id: str) -> Conflict:
    conflict = conflict_of(session, record_id)
    if conflict is None:
        raise NotInConflict("That record has one current version: it is not in conflict.")
    return conflict


def _summary(summary: records.RecordSummary, conflict: Conflict) -> ConflictSummary:
    return ConflictSummary(
        summary.record_id,
        summary.form_id,
        summary.title,
        conflict.kind,
        len(conflict.heads),
        conflict.reason,
    )
