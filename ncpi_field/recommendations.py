"""The recommendations register: every draft recommendation, its status through its life, revisits.

A recommendation is drafted in a debrief item (``draft_recommendation`` with its ``rec_id``,
REC-##, numbered within the inspection); it is known by its inspection and that identifier.
Its status after ``drafted`` is data the team lead records, as a record of the built-in form
``recommendation_status`` (one record per recommendation, a version per change), so it is
versioned, merged and synced like every answer. A revisit (an inspection record whose
``follows`` names the earlier inspection) carries the earlier recommendations; progress
recorded against one in a revisit debrief's ``earlier_recommendations`` moves its status too.
Where both speak, the later word (by clock) wins. docs/recommendations-register.md says why.

Pure functions over live heads: no database here (``ncpi_field.register`` reads and writes).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from ncpi_field.live_heads import Head

STATUS_FORM: Final = "recommendation_status"
INSPECTION_FORM: Final = "inspection"
DEBRIEF_FORM: Final = "debrief"

RecStatus = Literal["drafted", "issued", "accepted", "in_progress", "met", "not_met"]
REC_STATUSES: Final[tuple[RecStatus, ...]] = (
    "drafted",
    "issued",
    "accepted",
    "in_progress",
    "met",
    "not_met",
)
STATUS_LABELS: Final[Mapping[RecStatus, str]] = {
    "drafted": "Drafted",
    "issued": "Issued",
    "accepted": "Accepted by the force",
    "in_progress": "In progress",
    "met": "Met",
    "not_met": "Not met",
}
# Which status may follow which. A recommendation is issued before the force can accept it;
# "not met" at one revisit may be "in progress" or "met" at the next; "met" is the end.
ALLOWED: Final[Mapping[RecStatus, frozenset[RecStatus]]] = {
    "drafted": frozenset({"issued"}),
    "issued": frozenset({"accepted", "in_progress", "met", "not_met"}),
    "accepted": frozenset({"in_progress", "met", "not_met"}),
    "in_progress": frozenset({"met", "not_met"}),
    "not_met": frozenset({"in_progress", "met"}),
    "met": frozenset(),
}
# A revisit's progress judgment (the debrief's rec_progress list) as a status.
PROGRESS_STATUS: Final[Mapping[str, RecStatus]] = {
    "met": "met",
    "partly_met": "in_progress",
    "not_met": "not_met",
}


def may_move(current: RecStatus, wanted: RecStatus) -> bool:
    return wanted in ALLOWED[current]


def status_label(status: str) -> str:
    return next((STATUS_LABELS[s] for s in REC_STATUSES if s == status), status)


@dataclass(frozen=True)
class Progress:
    """Progress recorded against a recommendation in a revisit debrief."""

    revisit_id: str
    debrief_id: str
    progress: str
    evidence: tuple[str, ...]
    hlc: str
    saved_at: str = ""


@dataclass(frozen=True)
class Recommendation:
    """One row of the register. ``text`` is what the team drafted; shown, never logged."""

    inspection_id: str
    rec_id: str
    text: str
    timescale: str
    share_with_force: str
    debrief_id: str
    status: RecStatus
    status_changed_at: str
    in_conflict: bool = False
    progress: Progress | None = None
    carried_into: tuple[str, ...] = ()
    inspection_label: str = ""  # the inspection record's title (force and fieldwork dates)

    @property
    def key(self) -> tuple[str, str]:
        return (self.inspection_id, self.rec_id)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class _Draft:
    text: str = ""
    timescale: str = ""
    share: str = ""
    debrief_id: str = ""
    hlc: str = ""
    saved_at: str = ""


@dataclass
class _Said:
    """The latest explicit status for a recommendation, from its status record."""

    status: RecStatus
    hlc: str
    saved_at: str
    in_conflict: bool = False


@dataclass
class _Sources:
    drafts: dict[tuple[str, str], _Draft] = field(default_factory=dict)
    said: dict[tuple[str, str], _Said] = field(default_factory=dict)
    progress: dict[tuple[str, str], Progress] = field(default_factory=dict)
    follows: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)


def inspection_of(answers: Mapping[str, Any]) -> str:
    """The inspection a record belongs to ('' before inspections are records)."""
    return str(answers.get("inspection") or "")


def build_register(heads: Sequence[Head]) -> list[Recommendation]:
    """The register from the vault's live heads, by inspection then identifier."""
    sources = _Sources()
    for head in heads:
        if head.form_id == INSPECTION_FORM:
            _read_inspection(sources, head)
    for head in heads:
        if head.form_id == DEBRIEF_FORM and head.record_status != "withdrawn":
            _read_debrief(sources, head)
        elif head.form_id == STATUS_FORM and head.record_status != "withdrawn":
            _read_status(sources, head)
    keys = sorted(set(sources.drafts) | set(sources.said))
    return [_row(sources, key) for key in keys]


def _read_inspection(sources: _Sources, head: Head) -> None:
    answers = head.answers
    title = str(answers.get("inspection_title") or "").strip()
    if not title:
        parts = (answers.get("force"), answers.get("fieldwork_start"))
        title = " ".join(str(p) for p in parts if p)
    sources.labels[head.record_id] = title
    follows = str(head.answers.get("follows") or "")
    if follows and follows != head.record_id:
        sources.follows[head.record_id] = follows


def _read_debrief(sources: _Sources, head: Head) -> None:
    inspection = inspection_of(head.answers)
    for item in _entries(head.answers, "items"):
        rec_id = str(item.get("rec_id") or "")
        text = str(item.get("draft_recommendation") or "")
        if not rec_id or not text:
            continue
        kept = sources.drafts.get((inspection, rec_id))
        if kept is None or head.hlc > kept.hlc:  # a later debrief restating it is the wording
            sources.drafts[(inspection, rec_id)] = _Draft(
                text,
                str(item.get("rec_timescale") or ""),
                str(item.get("share_with_force") or ""),
                head.record_id,
                head.hlc,
                head.saved_at,
            )
    earlier = sources.follows.get(inspection)
    if earlier is None:
        return
    for entry in _entries(head.answers, "earlier_recommendations"):
        _read_progress(sources, head, inspection, entry)


def _read_progress(sources: _Sources, head: Head, revisit: str, entry: Mapping[str, Any]) -> None:
    rec_id = str(entry.get("earlier_rec_id") or "").strip()
    progress = str(entry.get("earlier_rec_progress") or "")
    if not rec_id or progress not in PROGRESS_STATUS:
        return
    evidence = entry.get("earlier_rec_evidence") or []
    found = Progress(
        revisit, head.record_id, progress, tuple(str(e) for e in evidence), head.hlc, head.saved_at
    )
    for inspection in _chain(sources.follows, revisit):
        key = (inspection, rec_id)
        kept = sources.progress.get(key)
        if kept is None or found.hlc > kept.hlc:
            sources.progress[key] = found


def _read_status(sources: _Sources, head: Head) -> None:
    status = str(head.answers.get("rec_status") or "")
    rec_id = str(head.answers.get("rec_id") or "")
    if status not in REC_STATUSES or not rec_id:
        return
    key = (inspection_of(head.answers), rec_id)
    kept = sources.said.get(key)
    if kept is None or head.hlc > kept.hlc:
        sources.said[key] = _Said(status, head.hlc, head.saved_at, head.in_conflict)


def _chain(follows: Mapping[str, str], revisit: str) -> list[str]:
    """The inspections a revisit follows, nearest first (a loop in the data is cut)."""
    chain: list[str] = []
    current = follows.get(revisit)
    while current is not None and current not in chain and current != revisit:
        chain.append(current)
        current = follows.get(current)
    return chain


def _entries(answers: Mapping[str, Any], repeat: str) -> list[Mapping[str, Any]]:
    value = answers.get(repeat)
    if not isinstance(value, list):
        return []
    return [entry for entry in value if isinstance(entry, Mapping)]


def _row(sources: _Sources, key: tuple[str, str]) -> Recommendation:
    draft = sources.drafts.get(key, _Draft())
    said = sources.said.get(key)
    progress = sources.progress.get(key)
    status, changed = _status(draft, said, progress)
    carried = tuple(sorted(r for r in sources.follows if key[0] in _chain(sources.follows, r)))
    return Recommendation(
        inspection_id=key[0],
        rec_id=key[1],
        text=draft.text,
        timescale=draft.timescale,
        share_with_force=draft.share,
        debrief_id=draft.debrief_id,
        status=status,
        status_changed_at=changed,
        in_conflict=bool(said and said.in_conflict),
        progress=progress,
        carried_into=carried,
        inspection_label=sources.labels.get(key[0], ""),
    )


def _status(draft: _Draft, said: _Said | None, progress: Progress | None) -> tuple[RecStatus, str]:
    """The later of the lead's word and the revisit's judgment; else drafted."""
    if progress is not None and (said is None or progress.hlc > said.hlc):
        return PROGRESS_STATUS[progress.progress], progress.saved_at
    if said is not None:
        return said.status, said.saved_at
    return "drafted", draft.saved_at


def carried_recommendations(
    register: Sequence[Recommendation], follows: Mapping[str, str], revisit: str
) -> list[Recommendation]:
    """What a revisit must follow up: the recommendations of the inspections it follows that
    are not met, nearest inspection first (a revisit debrief's earlier_recommendations)."""
    chain = _chain(follows, revisit)
    return sorted(
        (r for r in register if r.inspection_id in chain and r.status != "met"),
        key=lambda r: (chain.index(r.inspection_id), r.rec_id),
    )


def follows_map(heads: Sequence[Head]) -> dict[str, str]:
    sources = _Sources()
    for head in heads:
        if head.form_id == INSPECTION_FORM:
            _read_inspection(sources, head)
    return sources.follows


def earlier_entries(carried: Sequence[Recommendation]) -> list[dict[str, str]]:
    """The revisit debrief's ``earlier_recommendations`` entries to start from: each carried
    recommendation's identifier and wording, progress and evidence left for the inspector."""
    return [{"earlier_rec_id": r.rec_id, "earlier_rec_text": r.text} for r in carried]
