"""A record's version graph: who descends from whom, and the common ancestors of its heads."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, cast

from sqlalchemy.orm import Session

from ncpi_field import records
from ncpi_field.errors import RecordNotFound
from ncpi_field.records import RecordId, Status, Version, VersionId


@dataclass(frozen=True)
class VersionGraph:
    """Every stored version of one record, by id (parents not yet arrived are simply absent)."""

    versions: Mapping[VersionId, Version]

    def ancestors(self, *version_ids: VersionId) -> frozenset[VersionId]:
        """The versions and every stored version they descend from (one walk, linear)."""
        seen: set[VersionId] = set()
        pending = list(version_ids)
        while pending:
            current = pending.pop()
            if current in seen or current not in self.versions:
                continue
            seen.add(current)
            pending.extend(self.versions[current].parents)
        return frozenset(seen)

    def heads(self) -> tuple[Version, ...]:
        """The versions no stored version names as a parent (as the vault's heads table)."""
        named = {p for v in self.versions.values() for p in v.parents}
        return tuple(v for vid, v in sorted(self.versions.items()) if vid not in named)

    def missing_ancestors(self, *version_ids: VersionId) -> frozenset[VersionId]:
        """Parents named in the versions' history that have not arrived (yet)."""
        held = self.ancestors(*version_ids)
        return frozenset(p for v in held for p in self.versions[v].parents if p not in held)

    def lowest_common_ancestors(self, heads: Iterable[VersionId]) -> tuple[VersionId, ...]:
        """The common ancestors that no other common ancestor descends from, in id order.

        More than one after a criss-cross (two people each merged the same pair of versions
        their own way); none when the heads share no history (or it has not arrived yet).
        """
        lines = [self.ancestors(h) for h in heads]
        if not lines:
            return ()
        common = frozenset.intersection(*lines)
        below = self.ancestors(*(p for c in common for p in self.versions[c].parents))
        return tuple(sorted(common - below))


_VERSIONS: Final = (
    "SELECT version_id, record_id, form_id, form_version, author_device, hlc, status,"
    " tombstone, answers, saved_at FROM versions WHERE record_id = ?"
)
_EDGES: Final = (
    "SELECT p.version_id, p.parent_id FROM version_parents p"
    " JOIN versions v ON v.version_id = p.version_id WHERE v.record_id = ?"
)


def graph_of(session: Session, record_id: str) -> VersionGraph:
    """The record's versions, read on the session's cursor: building ORM objects for every
    version of every conflicted record cost more than the merge (an import may hold many)."""
    cursor = records.cursor_of(session)
    try:
        rows = cursor.execute(_VERSIONS, (record_id,)).fetchall()
        parents: dict[str, list[VersionId]] = {}
        for child, parent in cursor.execute(_EDGES, (record_id,)).fetchall():
            parents.setdefault(child, []).append(VersionId(parent))
    finally:
        cursor.close()
    if not rows:
        raise RecordNotFound("No record with that id is in this vault.")
    return VersionGraph({VersionId(r[0]): _version(r, parents.get(r[0], [])) for r in rows})


def _version(row: Sequence[Any], parents: list[VersionId]) -> Version:
    vid, rid, form_id, form_version, author, hlc, status, tombstone, answers, saved_at = row
    return Version(
        version_id=VersionId(vid),
        record_id=RecordId(rid),
        parents=tuple(sorted(parents)),
        form_id=form_id,
        form_version=form_version,
        author_device=author,
        hlc=hlc,
        status=cast(Status, status),
        tombstone=bool(tombstone),
        answers=json.loads(answers),
        saved_at=saved_at,
    )
