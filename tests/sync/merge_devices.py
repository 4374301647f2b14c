"""Simulated devices for merge tests: each a vault of its own over in-memory SQLite.

The records layer is storage-agnostic, so the merge laws can be tried over many sequences
quickly; versions move between devices with ``records.add`` in any order, as a bundle import
adds them.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any
from unittest import mock

from sqlalchemy import create_engine, event, select
from sqlalchemy.orm import Session

from ncpi_field import records
from ncpi_field.hlc import HybridClock, Stamp
from ncpi_field.models import Base, VersionRow
from ncpi_field.records import Draft, RecordId, Status, Version, VersionId
from sync.merge import MergeReport, conflicts_in, merge_soft_conflicts

FORM = "observation"


@contextmanager
def counted_ids() -> Iterator[None]:
    """Record and version ids counted from 1, so that Hypothesis replays an example exactly:
    versions are listed (and drawn from) in id order, and random ids would reorder them."""
    counted = (uuid.UUID(int=n) for n in itertools.count(1))
    with mock.patch.object(uuid, "uuid4", side_effect=counted):
        yield


class AnyAnswers:
    """Form rules for tests whose answers belong to no real form: every merge passes."""

    def title_field(self, form_id: str) -> str | None:
        return None

    def checked(self, candidate: Version) -> Version | None:
        return candidate


class Device:
    """One inspector's vault. ``skew_ms`` makes its clock run fast or slow."""

    def __init__(self, name: str, skew_ms: int = 0) -> None:
        engine = create_engine("sqlite://")
        event.listen(engine, "connect", lambda c, _r: c.execute("PRAGMA foreign_keys=ON"))
        Base.metadata.create_all(engine)
        self.name = name
        self.session = Session(engine)
        self._now = 1_700_000_000_000 + skew_ms
        self.clock = HybridClock(name, now_ms=self._tick)

    def _tick(self) -> int:
        self._now += 7
        return self._now

    def save(
        self,
        answers: Mapping[str, Any],
        record_id: str | None = None,
        *,
        parents: Iterable[str] | None = None,
        status: Status = "draft",
        tombstone: bool = False,
    ) -> Version:
        draft = Draft(
            form_id=FORM,
            answers=answers,
            record_id=RecordId(record_id) if record_id else None,
            status=status,
            parents=[VersionId(p) for p in parents] if parents is not None else None,
            tombstone=tombstone,
            validated_against="tests" if status == "complete" else "",
        )
        version = records.save(records.cursor_of(self.session), draft, self.name, self.clock)
        self.session.commit()
        return version

    def delete(self, record_id: str) -> Version:
        return self.save({}, record_id, tombstone=True)

    def receive(self, versions: Iterable[Version]) -> int:
        """Add versions as an import would (any order); how many were new."""
        cursor = records.cursor_of(self.session)
        added = 0
        for version in versions:
            added += records.add(cursor, version)
            self.clock.observe(Stamp.decode(version.hlc))
        self.session.commit()
        return added

    def versions(self) -> list[Version]:
        ids = self.session.scalars(select(VersionRow.version_id).order_by(VersionRow.version_id))
        return [records.get_version(self.session, v) for v in ids]

    def heads(self, record_id: str) -> list[Version]:
        return records.heads(self.session, record_id)

    def auto_merge(self) -> MergeReport:
        report = merge_soft_conflicts(self.session, conflicts_in(self.session), AnyAnswers())
        self.session.commit()
        for version in report.merged:
            self.clock.observe(Stamp.decode(version.hlc))
        return report

    def digest(self) -> str:
        return records.state_digest(self.session)

    def close(self) -> None:
        self.session.close()


def exchange(*devices: Device) -> None:
    """Every device receives every version any of them holds."""
    everything = {v.version_id: v for d in devices for v in d.versions()}
    for device in devices:
        device.receive(everything.values())
