"""The written debrief of the demo inspection, read back from its PDF and DOCX.

Every figure is checked against the records themselves (counted here, independently of the
report code): grade counts, suppressed cells, kappa, evidence references, no force reference.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest

from ncpi_field.errors import DebriefNotFound, DocumentRefused, InvalidRecord
from ncpi_field.reports.analysis import cohens_kappa, confusion_matrix
from ncpi_field.reports.gather import choice_label
from ncpi_field.service import VaultService
from tests.reports.reports_helpers import (
    demo_service,
    docx_tables,
    docx_text,
    heads,
    pdf_pages,
    record_id_of,
)
from ui.reports_pdf import pdf_bytes

GRADES = ("good", "requires_improvement", "inadequate")


@pytest.fixture(scope="module")
def service(
    tmp_path_factory: pytest.TempPathFactory, template_vault: tuple[Path, str]
) -> Iterator[VaultService]:
    opened = demo_service(template_vault[0], tmp_path_factory.mktemp("demo") / "vault")
    yield opened
    opened.lock()


@pytest.fixture(scope="module")
def hot(service: VaultService, qapp: Any) -> dict[str, Any]:
    prepared = service.prepare_debrief("hot")
    pdf = pdf_bytes(prepared.html, prepared.security_marking, prepared.title)
    return {"prepared": prepared, "pdf": pdf, "pages": pdf_pages(pdf), "docx": prepared.docx}


def shown(count: int) -> set[str]:
    """What a cell holding ``count`` may print: <3 for one or two; the count or x otherwise."""
    if count == 0:
        return {"0"}
    if count < 3:
        return {"<3"}
    return {str(count), "x"}


def test_grade_counts_by_category_match_the_records(
    service: VaultService, hot: dict[str, Any]
) -> None:
    counts: Counter[tuple[str, str]] = Counter()
    for _, answers in heads(service, "case_audit"):
        counts[(answers["primary_category"], answers["hmicfrs_grade"])] += 1
    categories = {c for c, _ in counts}
    per_category = {c: sum(counts[(c, g)] for g in GRADES) for c in categories}
    big = {c for c, n in per_category.items() if n >= 3}
    small = categories - big
    table = next(t for t in docx_tables(hot["docx"]) if t[0][0] == "Category")
    rows = {row[0]: row[1:] for row in table[1:]}
    assert len(rows) == len(big) + (1 if small else 0) + 1  # and the all-categories row
    for category in big:
        label = choice_label("case_audit", "case_category", category)
        printed = rows[label]
        for grade, text in zip(GRADES, printed[:3], strict=True):
            assert text in shown(counts[(category, grade)]), (category, grade)
        assert printed[3] in shown(per_category[category])
    if small:
        # Categories of one or two cases are counted together, never named with their grades.
        printed = rows[f"Other categories ({len(small)}, each with fewer than 3)"]
        for grade, text in zip(GRADES, printed[:3], strict=True):
            assert text in shown(sum(counts[(c, grade)] for c in small)), grade
        assert printed[3] in shown(sum(per_category[c] for c in small))
        named = {choice_label("case_audit", "case_category", c) for c in small} & set(rows)
        assert named == set()
    total = sum(counts.values())
    assert rows["All categories"][3] in shown(total)
    for grade, text in zip(GRADES, rows["All categories"][:3], strict=True):
        assert text in shown(sum(n for (_, g), n in counts.items() if g == grade))
    stated = f"{total} case audits graded" in " ".join(hot["pages"])
    assert stated, "the PDF does not state the number of audits graded"


def test_no_breakdown_prints_a_count_of_one_or_two(hot: dict[str, Any]) -> None:
    for table in docx_tables(hot["docx"]):
        if table[0][0] in {"Category", "Type", "Our grade \\ the force's grade"}:
            numbers = [c for row in table[1:] for c in row[1:]]
            assert not {"1", "2"} & set(numbers), table[0][0]
            assert "<3" in numbers or table[0][0] == "Type"


def test_kappa_and_agreement_match_the_records(service: VaultService, hot: dict[str, Any]) -> None:
    pairs = [
        (a["hmicfrs_grade"], a["force_self_grade"])
        for _, a in heads(service, "case_audit")
        if a.get("force_self_grade") in GRADES
    ]
    agreeing = sum(1 for ours, theirs in pairs if ours == theirs)
    kappa = cohens_kappa(confusion_matrix(pairs))
    assert kappa.value is not None
    text = " ".join(hot["pages"])
    pairs_stated = f"The force graded {len(pairs)} of the audited cases itself" in text
    percent_stated = f"in {100 * agreeing / len(pairs):.0f}% of them" in text
    kappa_stated = f"Cohen's kappa {kappa.value:.2f} ({kappa.low:.2f} to {kappa.high:.2f})" in text
    in_docx = f"Cohen's kappa {kappa.value:.2f}" in docx_text(hot["docx"])
    assert (pairs_stated, percent_stated, kappa_stated, in_docx) == (True, True, True, True)


def test_each_finding_lists_the_records_it_cites_by_method(
    service: VaultService, hot: dict[str, Any]
) -> None:
    debrief = next(a for _, a in heads(service, "debrief") if a["debrief_type"].startswith("hot"))
    titles = {s.record_id: s.title for s in service.list_records()}
    shared = [i for i in debrief["items"] if i.get("share_with_force") == "yes"]
    matrix = next(t for t in docx_tables(hot["docx"]) if t[0][0] == "No.")
    assert len(matrix) == len(shared) + 1
    printed_refs = [
        {ref.strip() for cell in row[1:-1] for ref in cell.split(",") if ref.strip()}
        for row in matrix[1:]
    ]
    for item in shared:
        cited = {titles[r] for r in item.get("supporting_evidence", ())}
        # The force's copy counts case audits and names no audit reference (DOMAIN §8).
        audits = {t for t in cited if t.startswith("CA-")}
        expected = cited - audits
        if audits:
            expected.add(f"{len(audits)} case audit{'s' if len(audits) != 1 else ''}")
        listed = expected in printed_refs
        assert listed, "a finding's evidence references are missing from the methods matrix"
    named = any(ref.startswith("CA-") for refs in printed_refs for ref in refs)
    assert not named, "the force's methods matrix names a case audit"
    for row in matrix[1:]:
        methods = sum(1 for cell in row[1:-1] if cell)
        assert (row[-1] == "One only") == (methods == 1)


def test_no_force_reference_appears_in_any_output(
    service: VaultService, hot: dict[str, Any]
) -> None:
    references = [service.show_case_reference(c.record_id) for c in service.returned_cases()]
    assert references
    outputs = [hot["prepared"].html, "\n".join(hot["pages"]), docx_text(hot["docx"])]
    leaks = sum(1 for reference in references for output in outputs if reference in output)
    assert leaks == 0


def test_the_pdf_is_a4_pdf_a_with_the_marking_and_page_numbers_on_every_page(
    hot: dict[str, Any],
) -> None:
    reader = pypdf.PdfReader(io.BytesIO(hot["pdf"]))
    pages = hot["pages"]
    assert len(pages) >= 3
    for number, (page, text) in enumerate(zip(reader.pages, pages, strict=True), start=1):
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
        assert text.count("OFFICIAL-SENSITIVE") >= 2  # header and footer
        numbered = f"Page {number} of {len(pages)}" in text
        assert numbered, f"page {number} has no page number"
    metadata = reader.xmp_metadata
    assert metadata is not None
    assert b"pdfaid" in reader.trailer["/Root"]["/Metadata"].get_object().get_data()


def test_the_docx_has_real_headings_tables_and_the_marking_in_header_and_footer(
    hot: dict[str, Any],
) -> None:
    document = docx.Document(io.BytesIO(hot["docx"]))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "1. Scope and methods" in headings
    assert "8. Caveats" in headings
    assert len(document.tables) >= 8
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    assert "OFFICIAL-SENSITIVE" in section.footer.paragraphs[0].text
    assert "PAGE" in section.footer.paragraphs[0]._p.xml


def test_a_daily_debrief_needs_internal_for_a_team_debrief(service: VaultService) -> None:
    dates = {a["date"]: a["debrief_type"] for _, a in heads(service, "debrief")}
    team_day = next(d for d, kind in dates.items() if kind == "team_internal_daily")
    with pytest.raises(DebriefNotFound, match="needs --internal"):
        service.prepare_debrief("daily", date=team_day)
    prepared = service.prepare_debrief("daily", date=team_day, internal=True)
    assert prepared.audience == "internal"
    marked = "Internal version: not for the force." in prepared.html
    assert marked


def test_unshared_items_and_unapproved_grades_stay_internal(
    tmp_path: Path, template_vault: tuple[Path, str]
) -> None:
    service = demo_service(template_vault[0], tmp_path / "vault", seed=2)
    try:
        record = next(
            s.record_id
            for s in service.list_records()
            if s.form_id == "debrief"
            and service.record(s.record_id).heads[0].answers["debrief_type"].startswith("hot")
        )
        head = service.record(record).heads[0]
        answers = dict(head.answers)
        items = [dict(i) for i in answers["items"]]
        items[0]["share_with_force"] = "no"
        hidden_headline = items[0]["headline"]
        answers["items"] = items
        answers["lead_hmi_approved"] = "no"
        answers.pop("lead_hmi_approver_code", None)
        service.complete("debrief", answers, record_id=record, parents=[head.version_id])

        force = service.prepare_debrief("hot")
        internal = service.prepare_debrief("hot", internal=True)
        where = (
            hidden_headline in force.html,
            hidden_headline in docx_text(force.docx),
            hidden_headline in internal.html,
        )
        assert where == (False, False, True)
        found = (
            "[not shared with the force]" in internal.html,
            "Provisional judgments" in force.html,
            "Provisional judgments" in internal.html,
            "Not approved by the lead HMI" in internal.html,
        )
        assert found == (True, False, True, True)
        with pytest.raises(InvalidRecord, match="not approved"):
            service.issue_debrief("hot", lambda *_: b"%PDF")
        assert service.issued_documents() == []

        service.approve_debrief(record, "HMI-07")
        approved = "Provisional judgments" in service.prepare_debrief("hot").html
        assert approved
    finally:
        service.lock()


def test_a_force_reference_in_an_answer_stops_the_issue_naming_the_field(
    tmp_path: Path, template_vault: tuple[Path, str], qapp: Any
) -> None:
    service = demo_service(template_vault[0], tmp_path / "vault", seed=3)
    try:
        reference = service.show_case_reference(service.returned_cases()[0].record_id)
        record = record_id_of(service, next(t for t, a in heads(service, "debrief")
                                            if a["debrief_type"].startswith("hot")))  # fmt: skip
        head = service.record(record).heads[0]
        answers = dict(head.answers)
        items = [dict(i) for i in answers["items"]]
        items[1]["headline"] = f"Case {reference} shows the pattern."
        answers["items"] = items
        service.put_draft("debrief", answers, record_id=record, parents=[head.version_id])
        prepared = service.prepare_debrief("hot", internal=True)
        with pytest.raises(DocumentRefused) as refused:
            prepared.refuse_if_unsafe()
        title = service.record(record).summary.title
        assert refused.value.fields == (
            f"{title} items[2].headline looks like it holds one of the force's own case references",
        )
        leaked = reference in str(refused.value)
        assert not leaked
        with pytest.raises(DocumentRefused):
            service.issue_debrief("hot", pdf_bytes, internal=True)
        assert service.issued_documents() == []
    finally:
        service.lock()
