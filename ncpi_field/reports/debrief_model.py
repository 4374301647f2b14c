"""The written debrief as data: every figure and sentence, taken from the records, never retyped.

``build_debrief`` is a pure function of what the vault holds (``Evidence``): the debrief record,
the records it cites, the live case audits and the returned-to-force list. The HTML, PDF and
DOCX are drawn from the ``Debrief`` it returns, so the three say the same thing.

Free text copied from a record is kept as a ``Quoted`` with the record and field it came from,
so the checks can name the field to fix (checks.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final, Literal

from ncpi_field.reports.analysis import GRADE_LABELS, GRADES, Agreement, agreement, overall_pairs
from ncpi_field.reports.analysis import agreement_by_stage as stage_agreements
from ncpi_field.reports.suppression import SMALLEST_SHOWN, Cell, protect

Kind = Literal["daily", "hot"]
Audience = Literal["force", "internal"]
Labeller = Callable[[str, str, str], str]  # (form_id, list name, value) -> label

HOT: Final = "hot_debrief_end_of_fieldwork"
CASE_AUDIT_METHOD: Final = "Case audit"
FORCE_DAILY: Final = "force_daily"
TEAM_DAILY: Final = "team_internal_daily"

# Findings in the order the written summary gives them (DOMAIN.md §8).
FINDING_SECTIONS: Final[tuple[tuple[str, str], ...]] = (
    ("area_of_notable_practice", "Notable practice"),
    ("strength", "Strengths"),
    ("area_for_improvement", "Areas for improvement"),
    ("cause_of_concern", "Causes of concern"),
    ("accelerated_cause_of_concern", "Accelerated causes of concern"),
    ("neutral_context", "Context"),
)
# The methods a finding can rest on, and which records count as each.
METHODS: Final[tuple[str, ...]] = (
    "Case audit",
    "Reality test",
    "Interview",
    "Focus group",
    "Document",
    "Observation",
)
_OBSERVATION_METHOD: Final[Mapping[str, str]] = {
    "interview_1to1": "Interview",
    "partner_agency_discussion": "Interview",
    "focus_group": "Focus group",
    "document_or_data_review": "Document",
    "staff_survey_result": "Document",
    "meeting_observation": "Observation",
    "ad_hoc": "Observation",
}
# The 2024 framework's topics, each with a provisional grade in the hot debrief.
PROVISIONAL_TOPICS: Final = (
    "leadership",
    "partnership_working",
    "initial_response",
    "risk_assessment_referral",
    "investigation",
)
ACTIONS: Final = ("actions_agreed", "action", "owner_role", "due")
INFO_REQUESTS: Final = (
    "outstanding_info_requests",
    "info_request",
    "info_request_owner_role",
    "info_request_due",
)
NEXT_STEPS: Final[tuple[str, ...]] = (
    "The findings will be moderated and quality assured, then set out in the inspection report.",
    "After publication the force is asked for an action plan within six weeks.",
    "The police and crime commissioner must publish comments on the report within 56 days.",
    "Recommendations to be acted on immediately are followed up before the report is published.",
)
SUPPRESSION_NOTE: Final = (
    "Counts of one or two are shown as <3 in every breakdown, so that no child can be "
    "recognised from a small number; a count shown as x is withheld so that a count below 3 "
    "cannot be worked out from the totals."
)


@dataclass(frozen=True)
class Quoted:
    """Free text taken from a record: where it came from, for the checks to name."""

    text: str
    record: str  # the record's working reference, e.g. DB-006
    field: str  # the answer's name, with its repeat position, e.g. items[3].headline


@dataclass(frozen=True)
class SourceRecord:
    """A live record as the debrief reads it: id, working reference, form and answers."""

    record_id: str
    title: str
    form_id: str
    answers: Mapping[str, Any]


@dataclass(frozen=True)
class ReturnedRow:
    title: str
    category: str
    status: str


@dataclass(frozen=True)
class Evidence:
    """What the vault holds that a debrief is built from (gathered by the service)."""

    debrief: SourceRecord
    records: Sequence[SourceRecord]  # live, complete, one head: case audits, RT, OB
    returned: Sequence[ReturnedRow]
    inspection: Mapping[str, Any] | None = None
    left_out: int = 0  # drafts, withdrawn and conflicting records not counted
    debrief_version: str = ""


@dataclass(frozen=True)
class Header:
    title: str
    force: str
    inspection_type: str
    fieldwork: str
    framework: str
    security_marking: str
    debrief_ref: str
    date: str
    audience: Audience
    approval: str = ""  # the lead HMI's approval, for a hot debrief


@dataclass(frozen=True)
class CountRow:
    label: str
    count: Cell


@dataclass(frozen=True)
class CountTable:
    title: str
    rows: tuple[CountRow, ...]
    total: Cell


WITHHELD_BAR: Final = -1  # a bar segment for the hidden counts of a row, together


@dataclass(frozen=True)
class GradeRow:
    """One category of the case-audit snapshot: counts by grade, and its bar.

    The bar has a segment per grade shown, in percent of the row, and one segment for all the
    hidden counts together (``WITHHELD_BAR``): the table already gives that sum away, so the
    chart shows no more than the table does.
    """

    label: str
    cells: tuple[Cell, ...]
    total: Cell
    bar: tuple[tuple[int, int], ...]  # (grade index or WITHHELD_BAR, percent)


@dataclass(frozen=True)
class Recommendation:
    rec_id: str
    text: Quoted
    how: Quoted | None
    proportionate: Quoted | None
    timescale: str


@dataclass(frozen=True)
class Finding:
    number: int
    kind: str
    area: str
    headline: Quoted
    shared: bool
    context_force: Quoted | None
    context_partners: Quoted | None
    recommendation: Recommendation | None
    evidence: Mapping[str, tuple[str, ...]]  # method -> working references
    item: int = 0  # its position in the debrief record's items (1 first)

    @property
    def methods(self) -> tuple[str, ...]:
        return tuple(m for m in METHODS if self.evidence.get(m))

    @property
    def one_method_only(self) -> bool:
        return len(self.methods) == 1

    @property
    def references(self) -> tuple[str, ...]:
        return tuple(ref for m in METHODS for ref in self.evidence.get(m, ()))


@dataclass(frozen=True)
class FindingSection:
    kind: str
    title: str
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Action:
    action: Quoted
    owner: str
    due: str


@dataclass(frozen=True)
class EarlierRecommendation:
    """A revisit's progress on one recommendation of the earlier inspection."""

    rec_id: str
    text: Quoted
    progress: str
    note: Quoted | None
    evidence: tuple[str, ...]  # working references of the records cited


@dataclass(frozen=True)
class Debrief:
    kind: Kind
    header: Header
    scope: tuple[CountTable, ...]
    grade_labels: tuple[str, ...]
    grades: tuple[GradeRow, ...]
    grade_totals: tuple[Cell, ...]  # one per grade, then the grand total
    overall_bar: tuple[tuple[int, int], ...]
    audits_graded: int
    overall: Agreement
    stages: tuple[Agreement, ...]
    returned: tuple[ReturnedRow, ...]
    sections: tuple[FindingSection, ...]
    provisional: tuple[tuple[str, str], ...]
    provisional_approved: bool
    actions: tuple[Action, ...]
    information_requests: tuple[Action, ...]
    force_response: Quoted | None
    next_steps: tuple[str, ...]
    caveats: tuple[Quoted | str, ...]
    earlier: tuple[EarlierRecommendation, ...] = ()
    quoted: tuple[Quoted, ...] = field(default=())

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for s in self.sections for f in s.findings)

    @property
    def withheld(self) -> int:
        """Items of the debrief record left out of this version (not marked to share)."""
        return sum(1 for f in self.findings if not f.shared)


def build_debrief(evidence: Evidence, audience: Audience, labels: Labeller) -> Debrief:
    """The written debrief for ``audience``: the force's version holds only shared items."""
    answers = evidence.debrief.answers
    debrief_type = str(answers.get("debrief_type") or "")
    kind: Kind = "hot" if debrief_type == HOT else "daily"
    quotes = _Quotes(evidence.debrief.title)
    audits = [r.answers for r in evidence.records if r.form_id == "case_audit"]
    header = _header(evidence, audience, kind, labels)
    sections = _sections(evidence, audience, labels, quotes)
    provisional, approved = _provisional(answers, audience, labels)
    overall = agreement("All graded cases", overall_pairs(audits))
    stages = tuple(stage_agreements(audits, _stages(audits, labels)))
    grade_rows, totals = _grades(audits, labels)
    caveats: list[Quoted | str] = []
    if answers.get("caveat_text"):
        caveats.append(quotes.of(answers, "caveat_text"))
    caveats.append(SUPPRESSION_NOTE)
    if evidence.left_out:
        caveats.append(
            f"{evidence.left_out} record{'s' if evidence.left_out != 1 else ''} still in draft, "
            "withdrawn or in conflict are not counted."
        )
    return Debrief(
        kind=kind,
        header=header,
        scope=_scope(evidence.records, labels),
        grade_labels=tuple(GRADE_LABELS[g] for g in GRADES),
        grades=grade_rows,
        grade_totals=totals,
        overall_bar=_bar(totals[:-1]),
        audits_graded=sum(1 for a in audits if a.get("hmicfrs_grade") in GRADES),
        overall=overall,
        stages=stages,
        returned=tuple(evidence.returned),
        sections=sections,
        provisional=provisional,
        provisional_approved=approved,
        actions=_actions(answers, ACTIONS, labels, quotes),
        information_requests=_actions(answers, INFO_REQUESTS, labels, quotes),
        force_response=quotes.of(answers, "force_response") if answers.get("force_response")
        else None,
        next_steps=NEXT_STEPS if kind == "hot" else NEXT_STEPS[:1],
        caveats=tuple(caveats),
        earlier=_earlier(evidence, audience, labels, quotes),
        quoted=tuple(quotes.found),
    )  # fmt: skip


class _Quotes:
    """Collects every piece of free text the document quotes, with where it came from."""

    def __init__(self, record: str) -> None:
        self.record = record
        self.found: list[Quoted] = []

    def of(self, answers: Mapping[str, Any], name: str, where: str = "") -> Quoted:
        quoted = Quoted(str(answers.get(name) or ""), self.record, f"{where}{name}")
        self.found.append(quoted)
        return quoted

    def maybe(self, answers: Mapping[str, Any], name: str, where: str = "") -> Quoted | None:
        return self.of(answers, name, where) if answers.get(name) else None


def _header(evidence: Evidence, audience: Audience, kind: Kind, labels: Labeller) -> Header:
    answers = evidence.debrief.answers
    inspection = evidence.inspection or {}
    marking = str(inspection.get("security_marking") or answers.get("security_marking") or "")
    start, end = inspection.get("fieldwork_start"), inspection.get("fieldwork_end")
    fieldwork = f"{start} to {end}" if start and end else _fieldwork_from(evidence)
    force = str(inspection.get("force") or "")
    framework = str(inspection.get("framework_version") or answers.get("framework_version") or "")
    inspection_type = str(inspection.get("inspection_type") or "")
    stage = str(inspection.get("inspection_stage") or answers.get("inspection_stage") or "")
    return Header(
        title="Hot debrief: written summary" if kind == "hot" else "Daily debrief: written summary",
        force=labels("inspection", "force", force) or force or "Not recorded",
        inspection_type=(
            labels("inspection", "inspection_type", inspection_type)
            or labels("debrief", "inspection_stage", stage)
            or "Not recorded"
        ),
        fieldwork=fieldwork,
        framework=labels("debrief", "framework_version", framework) or "Not recorded",
        security_marking=marking or "OFFICIAL-SENSITIVE",
        debrief_ref=evidence.debrief.title,
        date=str(answers.get("date") or ""),
        audience=audience,
        approval=_approval(answers) if kind == "hot" else "",
    )


def _approval(answers: Mapping[str, Any]) -> str:
    if answers.get("lead_hmi_approved") != "yes":
        return "Not yet approved by the lead HMI"
    code = str(answers.get("lead_hmi_approver_code") or "")
    return f"Approved by the lead HMI ({code})" if code else "Approved by the lead HMI"


def _fieldwork_from(evidence: Evidence) -> str:
    """Without an inspection record: the dated records' first day to the debrief's date."""
    dates = sorted(str(r.answers["date"]) for r in evidence.records if r.answers.get("date"))
    end = str(evidence.debrief.answers.get("date") or "")
    if dates and end:
        return f"{dates[0]} to {end}"
    return end or "Not recorded"


def _scope(records: Sequence[SourceRecord], labels: Labeller) -> tuple[CountTable, ...]:
    def table(title: str, form_id: str, answer: str, list_name: str) -> CountTable:
        values = Counter(str(r.answers.get(answer) or "") for r in records if r.form_id == form_id)
        ordered = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
        # One row of counts and its total: the total is the grid's only row total.
        table = protect([[n for _, n in ordered]], column_totals=False)
        cells = table.cells[0] if ordered else []
        rows = tuple(
            CountRow(labels(form_id, list_name, value) or "Not recorded", c)
            for (value, _), c in zip(ordered, cells, strict=True)
        )
        return CountTable(title, rows, table.total)

    return (
        table("Case audits, by how the case was sampled", "case_audit", "sample_source",
              "sample_source"),
        table("Reality tests, by place", "reality_test", "location_type", "location_type"),
        table("Interviews, focus groups, documents and observations", "observation", "obs_type",
              "obs_type"),
    )  # fmt: skip


def _grades(
    audits: Sequence[Mapping[str, Any]], labels: Labeller
) -> tuple[tuple[GradeRow, ...], tuple[Cell, ...]]:
    by_category: dict[str, Counter[str]] = {}
    for audit in audits:
        grade = audit.get("hmicfrs_grade")
        if grade in GRADES:
            category = str(audit.get("primary_category") or "")
            by_category.setdefault(category, Counter())[str(grade)] += 1
    ordered = sorted(by_category.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    labelled = [
        (labels("case_audit", "case_category", category) or "Not recorded", counts)
        for category, counts in ordered
        if sum(counts.values()) >= SMALLEST_SHOWN
    ]
    # A category with one or two cases would give its grades away (a total of 2 over two cells
    # of <3 is 1 and 1): such categories are counted together in one row.
    small = [counts for _, counts in ordered if sum(counts.values()) < SMALLEST_SHOWN]
    if small:
        merged: Counter[str] = sum(small, Counter())
        labelled.append((f"Other categories ({len(small)}, each with fewer than 3)", merged))
    table = protect([[c[g] for g in GRADES] for _, c in labelled] or [[0] * len(GRADES)])
    rows = tuple(
        GradeRow(label=label, cells=tuple(cells), total=total, bar=_bar(cells))
        for (label, _), cells, total in zip(labelled, table.cells, table.row_totals, strict=False)
    )
    return rows, (*table.column_totals, table.total)


def _bar(cells: Sequence[Cell]) -> tuple[tuple[int, int], ...]:
    parts = [(i, c.count) for i, c in enumerate(cells) if not c.hidden and c.count]
    hidden = sum(c.count for c in cells if c.hidden)
    if hidden:
        parts.append((WITHHELD_BAR, hidden))
    shares = _shares([n for _, n in parts])
    return tuple((i, share) for (i, _), share in zip(parts, shares, strict=True) if share)


def _shares(counts: Sequence[int]) -> tuple[int, ...]:
    """Whole percentages summing to 100 (largest remainder), for the bars."""
    total = sum(counts)
    if total == 0:
        return tuple(0 for _ in counts)
    exact = [100 * c / total for c in counts]
    whole = [int(x) for x in exact]
    order = sorted(range(len(counts)), key=lambda i: exact[i] - whole[i], reverse=True)
    for i in order[: 100 - sum(whole)]:
        whole[i] += 1
    return tuple(whole)


def _stages(audits: Sequence[Mapping[str, Any]], labels: Labeller) -> list[tuple[str, str]]:
    """The stages graded in these audits, in the framework's order, with their labels."""
    codes: list[str] = []
    for audit in audits:
        for code in audit.get("journey_stages_applicable") or ():
            if code not in codes:
                codes.append(str(code))
    return [(c, labels("case_audit", "framework_area", c) or c) for c in codes]


def _sections(
    evidence: Evidence, audience: Audience, labels: Labeller, quotes: _Quotes
) -> tuple[FindingSection, ...]:
    by_id = {r.record_id: r for r in evidence.records}
    found: dict[str, list[Finding]] = {}
    for index, item in enumerate(evidence.debrief.answers.get("items") or ()):
        shared = item.get("share_with_force") == "yes"
        if audience == "force" and not shared:
            continue
        where = f"items[{index + 1}]."
        kind = str(item.get("item_type") or "")
        found.setdefault(kind, []).append(
            Finding(
                number=0,
                kind=kind,
                area=labels("debrief", "framework_area", str(item.get("item_area") or "")),
                headline=quotes.of(item, "headline", where),
                shared=shared,
                context_force=quotes.maybe(item, "item_context_force", where),
                context_partners=quotes.maybe(item, "item_context_partners", where),
                recommendation=_recommendation(item, where, labels, quotes),
                evidence=_evidence_by_method(
                    item.get("supporting_evidence") or (), by_id, audience
                ),
                item=index + 1,
            )
        )
    sections = []
    number = 0
    for kind, title in FINDING_SECTIONS:
        numbered = []
        for finding in found.get(kind, ()):
            number += 1
            numbered.append(_renumber(finding, number))
        if numbered:
            sections.append(FindingSection(kind, title, tuple(numbered)))
    return tuple(sections)


def _renumber(finding: Finding, number: int) -> Finding:
    return replace(finding, number=number)


def _recommendation(
    item: Mapping[str, Any], where: str, labels: Labeller, quotes: _Quotes
) -> Recommendation | None:
    if not item.get("draft_recommendation"):
        return None
    timescale = str(item.get("rec_timescale") or "")
    label = labels("debrief", "rec_timescale", timescale)
    if timescale == "other" and item.get("rec_timescale_detail"):
        label = str(item["rec_timescale_detail"])
    return Recommendation(
        rec_id=str(item.get("rec_id") or ""),
        text=quotes.of(item, "draft_recommendation", where),
        how=quotes.maybe(item, "rec_how", where),
        proportionate=quotes.maybe(item, "rec_proportionate", where),
        timescale=label or "Not recorded",
    )


def _evidence_by_method(
    cited: Sequence[str], by_id: Mapping[str, SourceRecord], audience: Audience
) -> Mapping[str, tuple[str, ...]]:
    """Working references of the cited records, by method; records not counted are left out.

    The force's version names no case audit, not even by its pseudonymous reference (DOMAIN
    §8): the case-audit column there says how many audits support the finding.
    """
    found: dict[str, list[str]] = {}
    for record_id in cited:
        record = by_id.get(str(record_id))
        if record is None:
            continue
        method = method_of(record)
        if method:
            found.setdefault(method, []).append(record.title)
    shown = {m: tuple(sorted(refs)) for m, refs in found.items()}
    audits = shown.get(CASE_AUDIT_METHOD)
    if audience == "force" and audits:
        shown[CASE_AUDIT_METHOD] = (_audit_count(len(audits)),)
    return shown


def _audit_count(count: int) -> str:
    return f"{count} case audit{'s' if count != 1 else ''}"


def method_of(record: SourceRecord) -> str:
    if record.form_id == "case_audit":
        return CASE_AUDIT_METHOD
    if record.form_id == "reality_test":
        return "Reality test"
    if record.form_id == "observation":
        return _OBSERVATION_METHOD.get(str(record.answers.get("obs_type") or ""), "Observation")
    return ""


def _earlier_evidence(
    cited: Sequence[str], evidence: Evidence, audience: Audience
) -> tuple[str, ...]:
    """The references a revisit cites; in the force's version case audits only as a count."""
    by_id = {r.record_id: r for r in evidence.records}
    chosen = [by_id[str(r)] for r in cited if str(r) in by_id]
    audits = [r for r in chosen if r.form_id == "case_audit"]
    if audience != "force" or not audits:
        return tuple(sorted(r.title for r in chosen))
    others = sorted(r.title for r in chosen if r.form_id != "case_audit")
    return (_audit_count(len(audits)), *others)


def _earlier(
    evidence: Evidence, audience: Audience, labels: Labeller, quotes: _Quotes
) -> tuple[EarlierRecommendation, ...]:
    found = []
    for index, entry in enumerate(evidence.debrief.answers.get("earlier_recommendations") or ()):
        where = f"earlier_recommendations[{index + 1}]."
        progress = str(entry.get("earlier_rec_progress") or "")
        cited = entry.get("earlier_rec_evidence") or ()
        found.append(
            EarlierRecommendation(
                rec_id=str(entry.get("earlier_rec_id") or ""),
                text=quotes.of(entry, "earlier_rec_text", where),
                progress=labels("debrief", "rec_progress", progress) or "Not recorded",
                note=quotes.maybe(entry, "earlier_rec_progress_note", where),
                evidence=_earlier_evidence(cited, evidence, audience),
            )
        )
    return tuple(found)


def _provisional(
    answers: Mapping[str, Any], audience: Audience, labels: Labeller
) -> tuple[tuple[tuple[str, str], ...], bool]:
    """Provisional grades by topic: the force sees them only once the lead HMI approved."""
    approved = answers.get("lead_hmi_approved") == "yes"
    if audience == "force" and not approved:
        return (), approved
    grades = []
    for topic in PROVISIONAL_TOPICS:
        value = answers.get(f"provisional_{topic}")
        if value and isinstance(value, str):
            grades.append(
                (
                    labels("debrief", "framework_area", topic) or topic,
                    labels("debrief", "force_grade_5", value) or value,
                )
            )
    return tuple(grades), approved


def _actions(
    answers: Mapping[str, Any],
    names: tuple[str, str, str, str],
    labels: Labeller,
    quotes: _Quotes,
) -> tuple[Action, ...]:
    """Entries of a repeat: names are (repeat, text, owner role, due date)."""
    repeat, text, owner, due = names
    found = []
    for index, entry in enumerate(answers.get(repeat) or ()):
        if entry.get(text):
            found.append(
                Action(
                    action=quotes.of(entry, text, f"{repeat}[{index + 1}]."),
                    owner=labels("debrief", "owner_role", str(entry.get(owner) or "")) or "—",
                    due=str(entry.get(due) or "—"),
                )
            )
    return tuple(found)
