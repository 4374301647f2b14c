"""Inspections: the inspection record as inspectors talk about it, and filing records under one.

An inspection is a record of the built-in ``inspection`` instrument (forms/source/inspection.py),
so it is versioned, merged and carried in bundles like any record. Every other record names its
inspection in the hidden ``inspection`` answer; ``records`` keeps that as a derived column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from ncpi_field.errors import InspectionNeeded, InvalidRecord, NotAnInspection
from ncpi_field.records import (
    INSPECTION_FIELD,
    INSPECTION_FORM,
    RecordId,
    RecordSummary,
    Status,
    Version,
)

if TYPE_CHECKING:  # the spec comes from the forms engine, loaded by whoever read it
    from ncpi_field.xlsform.spec import FormSpec

DEFAULT_MARKING: Final = "OFFICIAL-SENSITIVE"
# Answers a new record of the inspection takes from it (DESIGN §5: framework and stage).
CARRIED: Final = ("framework_version", "inspection_stage")
REVISIT: Final = "revisit"


@dataclass(frozen=True)
class TeamMember:
    name: str
    role: str
    role_label: str


@dataclass(frozen=True)
class InspectionView:
    """One inspection as the faces show it: codes, with their labels where people read them."""

    record_id: RecordId
    force: str
    force_label: str
    nation: str
    framework_version: str
    framework_label: str
    inspection_stage: str
    inspection_type: str
    inspection_type_label: str
    fieldwork_start: str
    fieldwork_end: str
    follows: str | None
    security_marking: str
    team: tuple[TeamMember, ...]
    status: Status
    in_conflict: bool
    answers: Mapping[str, Any]

    @property
    def title(self) -> str:
        """'Gwent, 2026-03-02 to 2026-03-06': what the header and the switcher show."""
        dates = f"{self.fieldwork_start or '?'} to {self.fieldwork_end or '?'}"
        return f"{self.force_label or 'Force not chosen'}, {dates}"

    def carried(self) -> dict[str, Any]:
        """The answers a new record of this inspection starts with."""
        found = {key: self.answers[key] for key in CARRIED if self.answers.get(key)}
        return {INSPECTION_FIELD: self.record_id, **found}


def view_of(summary: RecordSummary, head: Version, spec: FormSpec) -> InspectionView:
    """An inspection record's latest head, read with the labels of its installed form."""
    if summary.form_id != INSPECTION_FORM:
        raise NotAnInspection("That record is not an inspection.")
    answers = head.answers

    def text(name: str) -> str:
        value = answers.get(name)
        return value if isinstance(value, str) else ""

    def label(list_name: str, name: str) -> str:
        choices = spec.choices.get(list_name)
        return choices.label_of(text(name)) if choices is not None and text(name) else ""

    return InspectionView(
        record_id=summary.record_id,
        force=text("force"),
        force_label=label("force", "force"),
        nation=text("nation"),
        framework_version=text("framework_version"),
        framework_label=label("framework_version", "framework_version"),
        inspection_stage=text("inspection_stage"),
        inspection_type=text("inspection_type"),
        inspection_type_label=label("inspection_type", "inspection_type"),
        fieldwork_start=text("fieldwork_start"),
        fieldwork_end=text("fieldwork_end"),
        follows=text("follows") or None,
        security_marking=text("security_marking"),
        team=_team(answers.get("team"), spec),
        status=summary.status,
        in_conflict=summary.in_conflict,
        answers=answers,
    )


def _team(value: object, spec: FormSpec) -> tuple[TeamMember, ...]:
    if not isinstance(value, list):
        return ()
    roles = spec.choices.get("member_role")
    members = []
    for entry in value:
        if not isinstance(entry, Mapping):
            continue
        name, role = str(entry.get("member_name") or ""), str(entry.get("member_role") or "")
        role_label = roles.label_of(role) if roles is not None and role else ""
        members.append(TeamMember(name, role, role_label))
    return tuple(members)


def with_defaults(answers: Mapping[str, Any]) -> dict[str, Any]:
    """A new inspection's answers, with the security marking the form defaults to."""
    filled = dict(answers)
    if not filled.get("security_marking"):
        filled["security_marking"] = DEFAULT_MARKING
    return filled


def check_follows(answers: Mapping[str, Any], known: Sequence[str], own: str | None) -> None:
    """A revisit's ``follows`` must name another inspection in this vault."""
    follows = answers.get("follows")
    if follows in (None, ""):
        return
    if not isinstance(follows, str) or follows not in known or follows == own:
        raise InvalidRecord(
            "A revisit must follow another inspection held in this vault; "
            "choose it from the list of inspections."
        )


def choose(inspections: Sequence[InspectionView], wanted: str | None) -> InspectionView:
    """The inspection a new record is filed under: the one named, or the only one there is."""
    if wanted is not None:
        for view in inspections:
            if view.record_id == wanted:
                return view
        raise NotAnInspection("No inspection with that id is in this vault.")
    if not inspections:
        raise InspectionNeeded(
            "This vault holds no inspection yet: set one up first (ncpi-field inspection new)."
        )
    if len(inspections) > 1:
        raise InspectionNeeded(
            f"This vault holds {len(inspections)} inspections: say which one the record "
            "belongs to with --inspection ID (ncpi-field inspection list shows them)."
        )
    return inspections[0]


def filed_under(view: InspectionView, answers: Mapping[str, Any]) -> dict[str, Any]:
    """``answers`` filed under ``view``: its id, and its framework and stage unless given."""
    filed = dict(answers)
    for key, value in view.carried().items():
        if filed.get(key) in (None, ""):
            filed[key] = value
    filed[INSPECTION_FIELD] = view.record_id
    return filed
