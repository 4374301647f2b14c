"""Finding a record: words in titles and answers, choices by label, filters, nothing on disk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ncpi_field.form_labels import installed_labels
from ncpi_field.record_query import RecordQuery
from ncpi_field.record_search import _Listing, fold, found_record, words_of
from ncpi_field.records import RecordId
from ncpi_field.service import VaultService
from ncpi_field.vault import Vault

LABELS = installed_labels("case_audit")
words = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=40)


@pytest.fixture
def service(vault: Vault) -> VaultService:
    return VaultService(vault)


def listing(title: str = "CA-001") -> _Listing:
    return _Listing(RecordId("r1"), "case_audit", title, "draft")


def draft(service: VaultService, **answers: Any) -> RecordId:
    return service.put_draft("case_audit", answers).version.record_id


def test_fold_drops_case_and_accents() -> None:
    assert fold("Élodie ÇA Straße") == "elodie ca strasse"
    assert fold("ABC") == "abc"


@given(summary=words, start=st.integers(0, 40), length=st.integers(1, 40))
def test_an_answer_holding_the_words_is_found(summary: str, start: int, length: int) -> None:
    query = summary[start : start + length]
    if not query.strip():
        query = summary
    found = found_record(listing(), "d", {"case_summary": summary}, LABELS)
    assert found.matches(RecordQuery(query), words_of(query))
    shouted = query.upper()
    if shouted.casefold() == query.casefold():  # not so for a few letters, such as 'ı'
        assert found.matches(RecordQuery(shouted), words_of(shouted))


@given(summary=words, query=words)
def test_a_record_without_the_words_is_not_found(summary: str, query: str) -> None:
    words = words_of(query)
    texts = [fold(t) for t in ("CA-001", summary)]
    if all(any(word in text for text in texts) for word in words):
        return  # every word is there (or there are none): the law above covers it
    found = found_record(listing(), "d", {"case_summary": summary}, LABELS)
    assert not found.matches(RecordQuery(query), words)


def test_every_word_is_found_in_any_order_and_any_field() -> None:
    answers = {"case_summary": "Élan review of the night shift", "primary_category": "CSE"}
    found = found_record(listing(), "d", answers, LABELS)
    assert found.matches(RecordQuery(), words_of("NIGHT exploitation elan"))
    assert not found.matches(RecordQuery(), words_of("night day"))
    assert not found.matches(RecordQuery(), words_of("001elan"))  # never across two fields


def test_chosen_choices_are_found_by_their_labels_not_their_codes() -> None:
    answers = {"primary_category": "MISSING", "context_flags": ["looked_after"]}
    found = found_record(listing(), "d", answers, LABELS)
    assert found.matches(RecordQuery(), words_of("missing or absent"))
    assert found.matches(RecordQuery(), words_of("LOOKED AFTER"))
    assert not found.matches(RecordQuery(), words_of("looked_after"))
    assert found.category == "MISSING"


def test_calculated_answers_are_not_searched() -> None:
    found = found_record(listing(), "d", {"hmicfrs_grade_rank": "zzcalc"}, LABELS)
    assert not found.matches(RecordQuery(), words_of("zzcalc"))


# One vault for every example: records pile up, and each must still be found.
@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(summary=words)
def test_the_service_finds_what_was_saved(vault: Vault, summary: str) -> None:
    service = VaultService(vault)
    record = draft(service, audit_ref="CA-777", case_summary=summary)
    assert record in service.search_records(RecordQuery(summary))
    if summary.swapcase().casefold() == summary.casefold():
        assert record in service.search_records(RecordQuery(summary.swapcase()))


def test_accented_answers_are_found_without_accents(service: VaultService) -> None:
    record = draft(service, audit_ref="CA-1", case_summary="Résumé of the Élan review")
    other = draft(service, audit_ref="CA-2", case_summary="Nothing to see")
    assert service.search_records(RecordQuery("resume OF the elan")) == [record]
    assert service.search_records(RecordQuery("  ")) == [record, other]


def test_filters_narrow_by_status_category_grade_author_and_form(service: VaultService) -> None:
    missing = draft(service, audit_ref="CA-1", primary_category="MISSING", hmicfrs_grade="good")
    cse = draft(service, audit_ref="CA-2", primary_category="CSE", hmicfrs_grade="inadequate")
    service.withdraw(cse)
    me = service.identity.device_id
    assert service.search_records(RecordQuery(category="MISSING")) == [missing]
    assert service.search_records(RecordQuery(grade="inadequate")) == [cse]
    assert service.search_records(RecordQuery(status="withdrawn")) == [cse]
    assert service.search_records(RecordQuery(status="draft", text="CA-")) == [missing]
    assert service.search_records(RecordQuery(author=me)) == [missing, cse]
    assert service.search_records(RecordQuery(author="someone else")) == []
    assert service.search_records(RecordQuery(form_id="observation")) == []
    choices = service.filter_choices()
    assert [c for c, _label in choices.categories] == ["CSE", "MISSING"]
    assert [g for g, _label in choices.grades] == ["good", "inadequate"]  # in the scale's order
    assert choices.authors == ((me, f"device {me[:8]}"),)


def test_a_later_save_is_searched_and_a_deleted_record_is_not(service: VaultService) -> None:
    record = draft(service, audit_ref="CA-1", case_summary="first wording")
    assert service.search_records(RecordQuery("first")) == [record]
    service.put_draft(
        "case_audit", {"audit_ref": "CA-1", "case_summary": "second"}, record_id=record
    )
    assert service.search_records(RecordQuery("first")) == []
    assert service.search_records(RecordQuery("second")) == [record]
    service.delete(record)
    assert service.search_records(RecordQuery("second")) == []
    assert service.search_records(RecordQuery()) == []


def test_a_conflict_is_searched_in_its_displayed_head(service: VaultService) -> None:
    first = service.put_draft("case_audit", {"audit_ref": "CA-1", "case_summary": "base"})
    record, base = first.version.record_id, first.version.version_id
    service.put_draft(
        "case_audit", {"audit_ref": "CA-1", "case_summary": "older head"},
        record_id=record, parents=[base],
    )  # fmt: skip
    service.put_draft(
        "case_audit", {"audit_ref": "CA-1", "case_summary": "newer head"},
        record_id=record, parents=[base],
    )  # fmt: skip
    assert service.record(record).summary.head_count == 2
    assert service.search_records(RecordQuery("newer head")) == [record]
    assert service.search_records(RecordQuery("older head")) == []
    plain = draft(service, audit_ref="CA-2")
    assert service.search_records(RecordQuery(in_conflict=True)) == [record]
    assert plain in service.search_records(RecordQuery("CA-"))


def test_nothing_searched_reaches_the_disk_and_lock_forgets_it(
    vault: Vault, created_vault: tuple[Path, str]
) -> None:
    service = VaultService(vault)
    sentinel = "zebraquokkasentinel"
    draft(service, audit_ref="CA-1", case_summary=f"a {sentinel} here")
    assert len(service.search_records(RecordQuery(sentinel))) == 1
    for path in created_vault[0].rglob("*"):
        if path.is_file():
            assert sentinel.encode() not in path.read_bytes(), path.name
    service.lock()
    assert service._finder._found == {}  # the in-memory texts are gone
