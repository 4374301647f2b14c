"""The return-to-force note for one case audit marked immediate risk (DOMAIN.md §5E).

It says which audit (its working reference, never the force's case reference), the category,
why the risk is immediate (the inspector's own words from ``risk_description``), what is asked
of the force, and who received it and when. The force's reference is printed only when the
lead asks for it on the force's own copy (``force_reference``), and the note then says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from ncpi_field.errors import InvalidRecord
from ncpi_field.reports.debrief_model import Labeller, Quoted

ASK: Final = (
    "Review this case today and take whatever action is needed to keep the child safe.",
    "Tell the lead inspector, the same day, what has been done or is planned, and by whom "
    "(by role).",
    "If you decide that no action is needed, give the lead inspector your rationale.",
)


@dataclass(frozen=True)
class ReturnNote:
    audit_ref: str
    category: str
    risk: Quoted
    ask: tuple[str, ...]
    recipient: str
    received_at: str
    status: str
    security_marking: str
    force: str
    force_reference: str | None = None

    @property
    def quoted(self) -> tuple[Quoted, ...]:
        return (self.risk,)


def build_return_note(
    title: str,
    answers: Mapping[str, Any],
    labels: Labeller,
    *,
    marking: str,
    force: str,
    status: str,
    force_reference: str | None = None,
) -> ReturnNote:
    """The note for a case audit whose answers say immediate risk; refused otherwise."""
    if answers.get("immediate_risk") != "yes":
        raise InvalidRecord(
            "This case audit does not record an immediate risk, so there is nothing to return."
        )
    if not answers.get("risk_description"):
        raise InvalidRecord("Describe the immediate risk in the case audit before the note.")
    role = str(answers.get("force_recipient_role") or "")
    if not role:
        raise InvalidRecord(
            "Record who in the force receives the note (their role) in the case audit first."
        )
    category = str(answers.get("primary_category") or "")
    return ReturnNote(
        audit_ref=title,
        category=labels("case_audit", "case_category", category) or "Not recorded",
        risk=Quoted(str(answers["risk_description"]), title, "risk_description"),
        ask=ASK,
        recipient=labels("case_audit", "force_recipient_role", role) or role,
        received_at=str(answers.get("returned_to_force_at") or "").replace("T", " "),
        status=status,
        security_marking=marking or "OFFICIAL-SENSITIVE",
        force=force,
        force_reference=force_reference,
    )
