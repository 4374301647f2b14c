"""A record's version graph: who descends from whom, and the common ancestors of its heads."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ncpi_field import records
from ncpi_field.records import Version, VersionId


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


def graph_of(session: Session, record_id: str) -> VersionGraph:
    return VersionGraph({v.version_id: v for v in records.history(session, record_id)})
