"""What changed between two versions of a record: each field's label, before and after.

Values are shown as the form shows them (chosen choices by label), an entry of a repeat by its
row ("Actions, entry 2: Owner"). Calculated fields are left out: nobody typed them, and they
change whenever what they are calculated from does. Pure functions, no database.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from ncpi_field.form_labels import FormLabels
from ncpi_field.records import Version, VersionId

STATUS_LABEL: Final = "Status"
DELETED_LABEL: Final = "Deleted"


@dataclass(frozen=True)
class FieldChange:
    """One answer that differs: where (a name path), its label, and both values as shown."""

    field: str  # 'actions[1].owner' for the second entry of a repeat
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class VersionChanges:
    """A version and what it changed from one of its parents (None: the first version)."""

    version: Version
    author: str
    compared_with: VersionId | None
    changes: tuple[FieldChange, ...]


def field_changes(
    before: Mapping[str, Any], after: Mapping[str, Any], labels: FormLabels
) -> list[FieldChange]:
    """The answers that differ, in the form's order (fields the form does not know last)."""
    differ = _Differ(labels)
    differ.compare(before, after, path="", heading="")
    return differ.found


@dataclass
class _Differ:
    labels: FormLabels
    found: list[FieldChange] = field(default_factory=list)

    def compare(
        self, before: Mapping[str, Any], after: Mapping[str, Any], *, path: str, heading: str
    ) -> None:
        labels = self.labels
        for name in _in_form_order({*before, *after}, labels):
            old, new = before.get(name), after.get(name)
            if name in labels.computed or _same(old, new):
                continue
            if _is_repeat(name, old, new, labels):
                self.entries(name, _entries(old), _entries(new), path=path, heading=heading)
                continue
            self.found.append(
                FieldChange(
                    f"{path}{name}",
                    f"{heading}{labels.label(name)}",
                    labels.shown(name, old),
                    labels.shown(name, new),
                )
            )

    def entries(
        self,
        name: str,
        old: Sequence[Mapping[str, Any]],
        new: Sequence[Mapping[str, Any]],
        *,
        path: str,
        heading: str,
    ) -> None:
        for row in range(max(len(old), len(new))):
            self.compare(
                old[row] if row < len(old) else {},
                new[row] if row < len(new) else {},
                path=f"{path}{name}[{row}].",
                heading=f"{heading}{self.labels.label(name)}, entry {row + 1}: ",
            )


def version_changes(
    version: Version, parent: Version | None, labels: FormLabels, author: str
) -> VersionChanges:
    """What ``version`` changed from ``parent`` (from nothing when it is the first)."""
    before: Mapping[str, Any] = parent.answers if parent is not None else {}
    changes = [] if version.tombstone else field_changes(before, version.answers, labels)
    if version.tombstone != (parent.tombstone if parent is not None else False):
        changes.insert(0, FieldChange("(deleted)", DELETED_LABEL, "no", "yes"))
    elif parent is None or parent.status != version.status:
        old = parent.status.capitalize() if parent is not None else ""
        new = version.status.capitalize()
        changes.insert(0, FieldChange("(status)", STATUS_LABEL, old, new))
    compared = parent.version_id if parent is not None else None
    return VersionChanges(version, author, compared, tuple(changes))


def history_changes(
    history: Sequence[Version],
    labels: FormLabels,
    author: Mapping[str, str],
) -> list[VersionChanges]:
    """Each version (as given, oldest first) against each of its parents held in ``history``.

    A merge has one entry per parent; a version whose parents have not arrived is compared
    with nothing. ``author`` maps device ids to what to show (missing: the id itself).
    """
    by_id = {v.version_id: v for v in history}
    result: list[VersionChanges] = []
    for version in history:
        who = author.get(version.author_device, version.author_device)
        parents: list[Version | None] = [by_id[p] for p in version.parents if p in by_id]
        for parent in parents or [None]:
            result.append(version_changes(version, parent, labels, who))
    return result


def _in_form_order(names: set[str], labels: FormLabels) -> list[str]:
    position = {name: i for i, name in enumerate(labels.questions)}
    return sorted(names, key=lambda n: (position.get(n, len(position)), n))


def _is_repeat(name: str, old: Any, new: Any, labels: FormLabels) -> bool:
    if name in labels.repeats:
        return True
    values = [v for v in (old, new) if v is not None]
    return bool(values) and all(
        isinstance(v, list) and all(isinstance(e, dict) for e in v) and v for v in values
    )


def _entries(value: Any) -> list[Mapping[str, Any]]:
    if not isinstance(value, list):
        return []
    return [e for e in value if isinstance(e, Mapping)]


def _same(old: Any, new: Any) -> bool:
    """Equal as stored (canonical JSON), so key order inside an entry is no change."""
    return _canonical(old) == _canonical(new)


def _canonical(value: Any) -> str:
    if value is None or value in ("", []):
        return ""  # unanswered, however it is stored
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
