"""The open inspection bounds the returned list, the search and the filters' choices: that
inspection's records and those filed under none, exactly what the whole-vault answer holds
for them, in the same order."""

from __future__ import annotations

import pytest

from ncpi_field.record_query import RecordQuery
from ncpi_field.service import VaultService
from ncpi_field.vault import Vault
from tests.core.inspection_helpers import inspection_answers


@pytest.fixture
def service(vault: Vault) -> VaultService:
    return VaultService(vault)


def filed_case(service: VaultService, inspection: str | None, ref: str, category: str) -> str:
    answers = {"audit_ref": ref, "immediate_risk": "yes", "primary_category": category}
    if inspection is not None:
        answers = service.filed_answers(answers, inspection)
    return str(service.put_draft("case_audit", answers).version.record_id)


@pytest.fixture
def scoped(service: VaultService) -> dict[str, set[str]]:
    """Two inspections with two risky case audits each, and one filed under none."""
    gwent = service.create_inspection(inspection_answers(force="gwent")).version.record_id
    kent = service.create_inspection(inspection_answers(force="kent")).version.record_id
    unfiled = {filed_case(service, None, "CA-900", "MISSING")}
    cases = {
        gwent: {filed_case(service, gwent, f"CA-10{i}", "CSE") for i in range(2)},
        kent: {filed_case(service, kent, f"CA-20{i}", "CUSTODY") for i in range(2)},
    }
    return {"gwent": {gwent}, "kent": {kent}, "unfiled": unfiled, **cases}


def test_returned_cases_keep_to_one_inspection(
    service: VaultService, scoped: dict[str, set[str]]
) -> None:
    everything = service.returned_cases()
    assert len(everything) == 5
    for name in ("gwent", "kent"):
        (inspection,) = scoped[name]
        wanted = scoped[inspection] | scoped["unfiled"]
        scoped_rows = service.returned_cases(inspection)
        assert scoped_rows == [r for r in everything if r.record_id in wanted]
        assert {r.record_id for r in scoped_rows} == wanted


def test_the_search_and_filter_choices_keep_to_one_inspection(
    service: VaultService, scoped: dict[str, set[str]]
) -> None:
    everything = service.search_records(RecordQuery(text="ca"))
    assert len(everything) == 5
    (gwent,) = scoped["gwent"]
    wanted = scoped[gwent] | scoped["unfiled"]
    found = service.search_records(RecordQuery(text="ca", inspection_id=gwent))
    assert found == [r for r in everything if r in wanted]
    narrowed = RecordQuery(form_id="case_audit", status="draft", inspection_id=gwent)
    assert set(service.search_records(narrowed)) == wanted
    two_words = RecordQuery(text="ca 10", inspection_id=gwent)
    assert set(service.search_records(two_words)) == scoped[gwent]
    categories = {code for code, _label in service.filter_choices(gwent).categories}
    assert categories == {"CSE", "MISSING"}
    every = {code for code, _label in service.filter_choices().categories}
    assert every == {"CSE", "MISSING", "CUSTODY"}
