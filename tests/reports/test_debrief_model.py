"""The debrief built from made-up records: what is shared, escaped, suppressed and cited."""

from __future__ import annotations

from typing import Any

from ncpi_field.reports.debrief_model import (
    Evidence,
    ReturnedRow,
    SourceRecord,
    build_debrief,
)
from ncpi_field.reports.docx import debrief_docx
from ncpi_field.reports.html import debrief_html
from tests.reports.reports_helpers import docx_text


def labels(_form: str, _list: str, value: str) -> str:
    return value.replace("_", " ").capitalize()


def audit(n: int, category: str, grade: str, force: str = "") -> SourceRecord:
    answers: dict[str, Any] = {"primary_category": category, "hmicfrs_grade": grade}
    if force:
        answers["force_self_grade"] = force
    return SourceRecord(f"ca-{n}", f"CA-{n:03d}", "case_audit", answers)


def observation(n: int, kind: str) -> SourceRecord:
    return SourceRecord(f"ob-{n}", f"OB-{n:03d}", "observation", {"obs_type": kind})


def debrief(items: list[dict[str, Any]], **more: Any) -> SourceRecord:
    answers = {"debrief_type": "hot_debrief_end_of_fieldwork", "date": "2026-03-06", **more}
    return SourceRecord("db-1", "DB-001", "debrief", {**answers, "items": items})


def item(
    headline: str, *, shared: bool, evidence: list[str], kind: str = "strength"
) -> dict[str, Any]:
    return {
        "item_type": kind,
        "headline": headline,
        "share_with_force": "yes" if shared else "no",
        "supporting_evidence": evidence,
    }


AUDITS = [
    *(audit(i, "CSE", "good", "good") for i in range(1, 6)),  # 5 good, all agreed
    audit(6, "CSE", "inadequate", "good"),  # one inadequate in CSE: suppressed
    *(audit(i, "MISSING", "requires_improvement") for i in range(7, 11)),  # 4
]


def test_only_shared_items_reach_the_force_and_text_is_escaped() -> None:
    items = [
        item("<b>Shared</b> & strong", shared=True, evidence=["ca-1", "ob-1"]),
        item("Team only", shared=False, evidence=["ca-2"], kind="area_for_improvement"),
    ]
    evidence = Evidence(debrief(items), [*AUDITS, observation(1, "focus_group")], [])
    force = build_debrief(evidence, "force", labels)
    internal = build_debrief(evidence, "internal", labels)
    assert [f.headline.text for f in force.findings] == ["<b>Shared</b> & strong"]
    assert [f.shared for f in internal.findings] == [True, False]
    html = debrief_html(force)
    escaped = ("&lt;b&gt;Shared&lt;/b&gt; &amp; strong" in html, "<b>Shared</b>" in html)
    assert escaped == (True, False)
    # The force's version names no case audit, not even pseudonymously (DOMAIN §8): a count.
    assert force.findings[0].evidence == {
        "Case audit": ("1 case audit",),
        "Focus group": ("OB-001",),
    }
    assert internal.findings[0].evidence == {"Case audit": ("CA-001",), "Focus group": ("OB-001",)}
    assert ("CA-001" in html, "CA-001" in debrief_html(internal)) == (False, True)
    assert not force.findings[0].one_method_only
    assert internal.findings[1].one_method_only
    assert [q.field for q in force.quoted] == ["items[1].headline"]


def test_small_counts_are_suppressed_and_the_line_protected() -> None:
    built = build_debrief(Evidence(debrief([]), AUDITS, []), "force", labels)
    cse = next(r for r in built.grades if r.label == "Cse")
    assert [c.shown for c in cse.cells] == ["x", "0", "<3"]  # 5 withheld: total 6 is printed
    assert cse.total.shown == "6"
    # The good column holds only the withheld 5, so its total would give it away: withheld.
    assert [c.shown for c in built.grade_totals] == ["x", "4", "<3", "10"]
    assert dict(cse.bar) == {-1: 100}  # hidden counts drawn together, nothing more given away
    assert built.overall.pairs == 6
    assert built.overall.agreeing == 5


def test_no_inspection_record_falls_back_to_the_debriefs_own_fields() -> None:
    source = debrief([], security_marking="OFFICIAL", framework_version="ncpi_2024_five_topics")
    built = build_debrief(Evidence(source, AUDITS, []), "force", labels)
    assert built.header.security_marking == "OFFICIAL"
    assert built.header.force == "Not recorded"
    assert built.header.approval == "Not yet approved by the lead HMI"
    approved = debrief([], lead_hmi_approved="yes", lead_hmi_approver_code="HMI-07")
    assert build_debrief(Evidence(approved, [], []), "force", labels).header.approval == (
        "Approved by the lead HMI (HMI-07)"
    )
    inspection = {"force": "wessex", "security_marking": "OFFICIAL-SENSITIVE",
                  "fieldwork_start": "2026-03-02", "fieldwork_end": "2026-03-06"}  # fmt: skip
    built = build_debrief(Evidence(source, AUDITS, [], inspection=inspection), "force", labels)
    assert built.header.security_marking == "OFFICIAL-SENSITIVE"
    assert built.header.fieldwork == "2026-03-02 to 2026-03-06"
    assert built.header.force == "Wessex"


def test_returned_cases_are_listed_with_their_status() -> None:
    rows = [ReturnedRow("CA-006", "Cse", "Note issued")]
    built = build_debrief(Evidence(debrief([]), AUDITS, rows), "force", labels)
    assert built.returned == tuple(rows)
    listed = "CA-006" in debrief_html(built)
    assert listed


def test_a_first_day_debrief_with_nothing_yet_still_renders() -> None:
    source = SourceRecord("db-1", "DB-001", "debrief", {"debrief_type": "force_daily"})
    built = build_debrief(Evidence(source, [], []), "force", labels)
    html = debrief_html(built)
    text = docx_text(debrief_docx(built))
    said = (
        "agreement cannot be measured yet" in html,
        "No findings are recorded in this debrief." in html,
        "No case has been returned for immediate action." in text,
        "No actions were agreed." in text,
    )
    assert said == (True, True, True, True)
    assert built.kind == "daily"
    assert built.audits_graded == 0


def test_a_revisit_shows_progress_on_earlier_recommendations_with_their_evidence() -> None:
    earlier = [
        {
            "earlier_rec_id": "R3",
            "earlier_rec_text": "Review every missing child within a day.",
            "earlier_rec_progress": "partly_met",
            "earlier_rec_evidence": ["ca-1", "ob-1", "gone"],
            "earlier_rec_progress_note": "Reviews happen, but late at weekends.",
        }
    ]
    source = debrief([], earlier_recommendations=earlier)
    built = build_debrief(Evidence(source, [*AUDITS, observation(1, "focus_group")], []),
                          "force", labels)  # fmt: skip
    (entry,) = built.earlier
    assert (entry.rec_id, entry.progress, entry.evidence) == (
        "R3",
        "Partly met",
        ("1 case audit", "OB-001"),
    )
    internal = build_debrief(Evidence(source, [*AUDITS, observation(1, "focus_group")], []),
                             "internal", labels)  # fmt: skip
    assert internal.earlier[0].evidence == ("CA-001", "OB-001")
    assert "earlier_recommendations[1].earlier_rec_text" in [q.field for q in built.quoted]
    shown = ("Earlier recommendations: progress" in debrief_html(built),
             "Reviews happen, but late at weekends." in docx_text(debrief_docx(built)))  # fmt: skip
    assert shown == (True, True)
