"""Inspections in the core: created, read, edited and filed under, through the service only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ncpi_field.errors import InspectionNeeded, InvalidRecord, NotAnInspection
from ncpi_field.service import IncompleteRecord, VaultService
from ncpi_field.vault import Vault
from tests.core.inspection_helpers import inspection_answers

NOW = dt.datetime(2026, 3, 6, 17, 0)


@pytest.fixture
def service(vault: Vault) -> VaultService:
    return VaultService(vault)


def draft_observation(service: VaultService, inspection: str | None, **extra: Any) -> str:
    answers = service.filed_answers({"obs_ref": "OB-001", **extra}, inspection)
    return service.put_draft("observation", answers).version.record_id


def test_a_new_inspection_reads_back_with_labels_team_and_title(service: VaultService) -> None:
    saved = service.create_inspection(inspection_answers(force="gwent"))
    (view,) = service.inspections()
    assert view.record_id == saved.version.record_id
    assert view.force_label == "Gwent"
    assert view.nation == "wales"
    assert view.inspection_type_label == "Full inspection"
    assert (view.fieldwork_start, view.fieldwork_end) == ("2026-03-02", "2026-03-06")
    assert view.security_marking == "OFFICIAL-SENSITIVE"
    assert [(m.name, m.role_label) for m in view.team] == [
        ("Lead One", "Lead inspector"),
        ("Analyst Two", "Analyst"),
    ]
    assert view.status == "complete"
    assert view.title == "Gwent, 2026-03-02 to 2026-03-06"
    assert service.record(view.record_id).summary.title == "Gwent 2026-03-02 to 2026-03-06"
    assert service.inspection(view.record_id) == view


def test_an_english_force_is_in_england(service: VaultService) -> None:
    saved = service.create_inspection(inspection_answers(force="hampshire_and_isle_of_wight"))
    assert service.inspection(saved.version.record_id).nation == "england"


def test_fieldwork_cannot_end_before_it_starts_and_nothing_is_stored(
    service: VaultService,
) -> None:
    before = service.status()
    with pytest.raises(IncompleteRecord) as caught:
        service.create_inspection(inspection_answers(fieldwork_end="2026-03-01"))
    assert [i.field for i in caught.value.issues] == ["fieldwork_end"]
    assert service.status() == before


def test_the_force_must_be_one_of_the_list(service: VaultService) -> None:
    with pytest.raises(IncompleteRecord) as caught:
        service.create_inspection(inspection_answers(force="atlantis"))
    assert "force" in {i.field for i in caught.value.issues}
    assert service.inspections() == []


def test_a_revisit_follows_an_inspection_of_this_vault(service: VaultService) -> None:
    first = service.create_inspection(inspection_answers()).version.record_id
    revisit = inspection_answers(
        inspection_stage="revisit", inspection_type="post_inspection_review", follows=first
    )
    second = service.create_inspection(revisit).version.record_id
    assert service.inspection(second).follows == first
    with pytest.raises(InvalidRecord):
        service.create_inspection({**revisit, "follows": "not-an-inspection"})
    with pytest.raises(InvalidRecord):
        service.update_inspection(second, {**revisit, "follows": second})
    assert len(service.inspections()) == 2


def test_editing_an_inspection_adds_a_version(service: VaultService) -> None:
    record_id = service.create_inspection(inspection_answers()).version.record_id
    service.update_inspection(record_id, inspection_answers(fieldwork_end="2026-03-13"))
    assert service.inspection(record_id).fieldwork_end == "2026-03-13"
    assert len(service.history(record_id)) == 2


def test_only_an_inspection_can_be_edited_as_one(service: VaultService) -> None:
    inspection = service.create_inspection(inspection_answers()).version.record_id
    record = draft_observation(service, inspection)
    with pytest.raises(NotAnInspection):
        service.update_inspection(record, inspection_answers())
    with pytest.raises(NotAnInspection):
        service.inspection(record)


def test_a_new_record_is_filed_under_the_only_inspection_with_its_framework(
    service: VaultService,
) -> None:
    inspection = service.create_inspection(
        inspection_answers(framework_version="ncpi_2020_journey", inspection_stage="revisit")
    ).version.record_id
    filed = service.filed_answers({"obs_ref": "OB-001"})
    assert filed == {
        "obs_ref": "OB-001",
        "inspection": inspection,
        "framework_version": "ncpi_2020_journey",
        "inspection_stage": "revisit",
    }
    own = service.filed_answers({"framework_version": "ncpi_2024_five_topics"})
    assert own["framework_version"] == "ncpi_2024_five_topics"


def test_filing_needs_an_inspection_and_a_choice_between_several(service: VaultService) -> None:
    with pytest.raises(InspectionNeeded, match="no inspection"):
        service.filed_answers({"obs_ref": "OB-001"})
    first = service.create_inspection(inspection_answers()).version.record_id
    service.create_inspection(inspection_answers(force="kent"))
    with pytest.raises(InspectionNeeded, match="2 inspections"):
        service.filed_answers({"obs_ref": "OB-001"})
    assert service.filed_answers({}, first)["inspection"] == first
    with pytest.raises(NotAnInspection):
        service.filed_answers({}, "no-such-inspection")


def test_records_are_listed_by_inspection(service: VaultService) -> None:
    first = service.create_inspection(inspection_answers()).version.record_id
    second = service.create_inspection(inspection_answers(force="kent")).version.record_id
    a = draft_observation(service, first)
    b = draft_observation(service, second)
    loose = service.put_draft("observation", {"obs_ref": "OB-003"}).version.record_id
    assert [s.record_id for s in service.list_records(inspection_id=first)] == [a]
    assert [s.record_id for s in service.list_records(inspection_id=second)] == [b]
    by_id = {s.record_id: s.inspection_id for s in service.list_records()}
    assert by_id == {first: first, second: second, a: first, b: second, loose: None}


def test_a_record_moved_to_another_inspection_is_listed_there(service: VaultService) -> None:
    first = service.create_inspection(inspection_answers()).version.record_id
    second = service.create_inspection(inspection_answers(force="kent")).version.record_id
    record = draft_observation(service, first)
    service.put_draft("observation", {"obs_ref": "OB-001", "inspection": second}, record_id=record)
    assert service.list_records(inspection_id=first) == []
    assert [s.record_id for s in service.list_records(inspection_id=second)] == [record]


def test_a_deleted_record_stays_filed_under_its_inspection(service: VaultService) -> None:
    inspection = service.create_inspection(inspection_answers()).version.record_id
    record = draft_observation(service, inspection)
    service.delete(record)
    listed = service.list_records(inspection_id=inspection, include_deleted=True)
    assert [(s.record_id, s.deleted) for s in listed] == [(record, True)]
    assert service.list_records(inspection_id=inspection) == []


def test_a_deleted_inspection_is_not_listed(service: VaultService) -> None:
    record_id = service.create_inspection(inspection_answers()).version.record_id
    service.delete(record_id)
    assert service.inspections() == []
