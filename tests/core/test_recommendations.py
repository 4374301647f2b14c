"""The recommendations register: status moves, carried into a revisit, synced as records."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ncpi_field import formstore
from ncpi_field.errors import (
    RecommendationAmbiguous,
    RecommendationNotFound,
    StatusChangeRefused,
)
from ncpi_field.live_heads import Head
from ncpi_field.recommendations import (
    ALLOWED,
    REC_STATUSES,
    STATUS_FORM,
    STATUS_LABELS,
    RecStatus,
    build_register,
    carried_recommendations,
    earlier_entries,
    follows_map,
    may_move,
)
from ncpi_field.records import RecordId, Status
from ncpi_field.register import status_record_id
from ncpi_field.service import VaultService
from ncpi_field.vault import Vault


@pytest.fixture
def service(vault: Vault) -> VaultService:
    return VaultService(vault)


def item(
    rec_id: str, text: str = "The force should act.", timescale: str = "immediately"
) -> dict[str, Any]:
    return {
        "item_type": "cause_of_concern",
        "headline": "A concern",
        "draft_recommendation": text,
        "rec_id": rec_id,
        "rec_timescale": timescale,
        "share_with_force": "yes",
    }


def debrief(inspection: str, *rec_ids: str) -> dict[str, Any]:
    return {"inspection": inspection, "items": [item(r) for r in rec_ids]}


_clock = itertools.count(1)


def head(
    form_id: str,
    answers: Mapping[str, Any],
    record_id: str | None = None,
    status: Status = "complete",
    in_conflict: bool = False,
) -> Head:
    """A head as the vault would hold it; each one later (by clock) than the one before."""
    tick = next(_clock)
    return Head(
        record_id=RecordId(record_id or f"record-{tick}"),
        form_id=form_id,
        record_status=status,
        in_conflict=in_conflict,
        hlc=f"{tick:012d}",
        saved_at=f"2026-03-{1 + tick % 28:02d}T10:00:00+00:00",
        answers=answers,
    )


def inspection(record_id: str, follows: str = "") -> Head:
    answers = {"force": "wessex", "inspection_type": "post_inspection_review"}
    return head("inspection", {**answers, "follows": follows} if follows else answers, record_id)


def progress(rec_id: str, judged: str, *evidence: str) -> dict[str, Any]:
    return {
        "earlier_rec_id": rec_id,
        "earlier_rec_text": "What it asked",
        "earlier_rec_progress": judged,
        "earlier_rec_evidence": list(evidence),
        "earlier_rec_progress_note": "Seen in the audits",
    }


# -- the rules ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("current", "wanted"), list(itertools.product(REC_STATUSES, REC_STATUSES)))
def test_which_moves_are_allowed(current: RecStatus, wanted: RecStatus) -> None:
    expected = (current, wanted) in {
        ("drafted", "issued"),
        ("issued", "accepted"), ("issued", "in_progress"), ("issued", "met"),
        ("issued", "not_met"),
        ("accepted", "in_progress"), ("accepted", "met"), ("accepted", "not_met"),
        ("in_progress", "met"), ("in_progress", "not_met"),
        ("not_met", "in_progress"), ("not_met", "met"),
    }  # fmt: skip
    assert may_move(current, wanted) is expected


def test_every_status_has_a_label_and_a_rule() -> None:
    assert set(STATUS_LABELS) == set(ALLOWED) == set(REC_STATUSES)


@given(st.lists(st.sampled_from(REC_STATUSES), max_size=30))
def test_a_recommendation_never_returns_to_drafted_and_met_is_final(
    asked: list[RecStatus],
) -> None:
    status: RecStatus = "drafted"
    seen = [status]
    for wanted in asked:
        if may_move(status, wanted):
            status = wanted
            seen.append(status)
    assert "drafted" not in seen[1:]
    assert all(s == "met" for s in seen[seen.index("met") :]) if "met" in seen else True
    assert all(a != b for a, b in itertools.pairwise(seen))


# -- the register from records ------------------------------------------------------------------


def test_a_drafted_recommendation_is_listed_with_its_wording_and_timescale() -> None:
    heads = [head("debrief", debrief("insp-a", "REC-01", "REC-02"), "db-1")]
    rows = build_register(heads)
    assert [(r.inspection_id, r.rec_id, r.status, r.debrief_id) for r in rows] == [
        ("insp-a", "REC-01", "drafted", "db-1"),
        ("insp-a", "REC-02", "drafted", "db-1"),
    ]
    assert rows[0].timescale == "immediately"
    assert rows[0].text == "The force should act."


def test_a_later_debrief_restating_a_recommendation_gives_its_wording() -> None:
    daily = {"inspection": "insp-a", "items": [item("REC-01", "First wording.")]}
    hot = {"inspection": "insp-a", "items": [item("REC-01", "Final wording.", "within_3_months")]}
    [row] = build_register([head("debrief", daily, "daily"), head("debrief", hot, "hot")])
    assert (row.text, row.timescale, row.debrief_id) == ("Final wording.", "within_3_months", "hot")


def test_withdrawn_debriefs_and_items_without_a_recommendation_are_not_listed() -> None:
    plain = {"inspection": "x", "items": [{"item_type": "strength", "headline": "Good"}]}
    withdrawn = head("debrief", debrief("x", "REC-03"), status="withdrawn")
    assert build_register([head("debrief", plain), withdrawn]) == []


def test_the_leads_status_record_sets_the_status() -> None:
    status = {"inspection": "insp-a", "rec_id": "REC-01", "rec_status": "accepted"}
    rows = build_register(
        [head("debrief", debrief("insp-a", "REC-01", "REC-02")), head(STATUS_FORM, status)]
    )
    assert [(r.rec_id, r.status) for r in rows] == [("REC-01", "accepted"), ("REC-02", "drafted")]


def test_a_status_record_in_conflict_is_flagged() -> None:
    status = {"inspection": "a", "rec_id": "REC-01", "rec_status": "issued"}
    [row] = build_register(
        [head("debrief", debrief("a", "REC-01")), head(STATUS_FORM, status, in_conflict=True)]
    )
    assert row.in_conflict


def test_a_revisit_carries_the_earlier_recommendations_and_records_progress() -> None:
    first = inspection("insp-a")
    revisit = inspection("insp-b", follows="insp-a")
    drafted = head("debrief", debrief("insp-a", "REC-01", "REC-02", "REC-03"), "db-a")
    issued = [
        head(STATUS_FORM, {"inspection": "insp-a", "rec_id": r, "rec_status": "issued"})
        for r in ("REC-01", "REC-02", "REC-03")
    ]
    judged = head(
        "debrief",
        {
            "inspection": "insp-b",
            "inspection_stage": "revisit",
            "earlier_recommendations": [
                progress("REC-01", "met", "case-1", "case-2"),
                progress("REC-02", "partly_met", "obs-1"),
            ],
        },
        "db-b",
    )
    heads = [first, revisit, drafted, *issued, judged]
    rows = {r.rec_id: r for r in build_register(heads)}

    assert rows["REC-01"].status == "met"
    assert rows["REC-01"].inspection_label == "wessex"  # no title: the force (and start date)
    assert rows["REC-02"].status == "in_progress"
    assert rows["REC-03"].status == "issued"
    met = rows["REC-01"].progress
    assert met is not None
    assert (met.revisit_id, met.debrief_id, met.evidence) == (
        "insp-b",
        "db-b",
        ("case-1", "case-2"),
    )
    assert all(r.carried_into == ("insp-b",) for r in rows.values())
    carried = carried_recommendations(list(rows.values()), follows_map(heads), "insp-b")
    assert [r.rec_id for r in carried] == ["REC-02", "REC-03"]
    assert earlier_entries(carried) == [
        {"earlier_rec_id": "REC-02", "earlier_rec_text": "The force should act."},
        {"earlier_rec_id": "REC-03", "earlier_rec_text": "The force should act."},
    ]


def test_progress_at_a_second_revisit_reaches_back_along_the_chain() -> None:
    heads = [
        inspection("a"),
        inspection("b", follows="a"),
        inspection("c", follows="b"),
        head("debrief", debrief("a", "REC-04")),
        head(
            "debrief",
            {"inspection": "b", "earlier_recommendations": [progress("REC-04", "not_met")]},
        ),
        head(
            "debrief", {"inspection": "c", "earlier_recommendations": [progress("REC-04", "met")]}
        ),
    ]
    [row] = build_register(heads)
    assert row.status == "met"
    assert row.progress is not None
    assert row.progress.revisit_id == "c"
    assert row.carried_into == ("b", "c")
    assert carried_recommendations([row], follows_map(heads), "c") == []


def test_the_later_word_wins_between_the_lead_and_the_revisit() -> None:
    base = [inspection("a"), inspection("b", follows="a"), head("debrief", debrief("a", "REC-01"))]
    judged = head(
        "debrief", {"inspection": "b", "earlier_recommendations": [progress("REC-01", "not_met")]}
    )
    later = head(STATUS_FORM, {"inspection": "a", "rec_id": "REC-01", "rec_status": "in_progress"})
    assert build_register([*base, judged, later])[0].status == "in_progress"
    earlier = head(STATUS_FORM, {"inspection": "a", "rec_id": "REC-01", "rec_status": "accepted"})
    judged_later = head(
        "debrief", {"inspection": "b", "earlier_recommendations": [progress("REC-01", "met")]}
    )
    assert build_register([*base, earlier, judged_later])[0].status == "met"


def test_a_loop_in_follows_does_not_hang() -> None:
    heads = [
        inspection("a", follows="b"),
        inspection("b", follows="a"),
        head("debrief", debrief("a", "REC-01")),
    ]
    assert [r.rec_id for r in build_register(heads)] == ["REC-01"]
    assert carried_recommendations(build_register(heads), follows_map(heads), "a") == []


# -- through the service ------------------------------------------------------------------------


def test_setting_a_status_saves_a_synced_record_and_keeps_its_history(
    service: VaultService,
) -> None:
    service.put_draft("debrief", debrief("insp-a", "REC-01"))
    row, changes = service.set_recommendation_status(
        "REC-01", "issued", note="Read out at the hot debrief"
    )
    assert row.status == "issued"
    record_id = status_record_id("insp-a", "REC-01")
    assert changes.records == (record_id,)
    row, _ = service.set_recommendation_status("REC-01", "accepted")
    assert row.status == "accepted"
    history = service.history(record_id)
    assert [v.answers["rec_status"] for v in history] == ["issued", "accepted"]
    assert {v.form_id for v in history} == {STATUS_FORM}
    with service.vault.session() as session:
        stored = {form_id for form_id, _v, _sha in formstore.stored_definitions(session)}
    assert STATUS_FORM in stored  # a bundle carries the definition it was validated against


def test_a_refused_move_says_why_and_changes_nothing(service: VaultService) -> None:
    service.put_draft("debrief", debrief("insp-a", "REC-01"))
    before = service.status()
    with pytest.raises(StatusChangeRefused, match="drafted: it can move to issued"):
        service.set_recommendation_status("REC-01", "met")
    with pytest.raises(StatusChangeRefused, match="Unknown status"):
        service.set_recommendation_status("REC-01", "finished")
    assert service.status() == before
    assert service.recommendations()[0].status == "drafted"


def test_unknown_and_ambiguous_identifiers_are_refused(service: VaultService) -> None:
    service.put_draft("debrief", debrief("insp-a", "REC-01"))
    service.put_draft("debrief", debrief("insp-b", "REC-01"))
    with pytest.raises(RecommendationNotFound):
        service.set_recommendation_status("REC-09", "issued")
    with pytest.raises(RecommendationAmbiguous, match="2 inspections"):
        service.set_recommendation_status("REC-01", "issued")
    row, _ = service.set_recommendation_status("REC-01", "issued", inspection_id="insp-b")
    assert (row.inspection_id, row.status) == ("insp-b", "issued")
    statuses = {(r.inspection_id, r.status) for r in service.recommendations()}
    assert statuses == {("insp-a", "drafted"), ("insp-b", "issued")}


def test_a_deleted_debrief_leaves_the_lead_status_listed(service: VaultService) -> None:
    saved = service.put_draft("debrief", debrief("insp-a", "REC-01"))
    service.set_recommendation_status("REC-01", "issued")
    service.delete(saved.version.record_id)
    [row] = service.recommendations()
    assert (row.rec_id, row.status, row.text) == ("REC-01", "issued", "")


def test_an_inspection_is_named_by_its_title() -> None:
    title = "Wessex Vale Police 2026-03-02 to 2026-03-13"
    heads = [
        head("inspection", {"inspection_title": title}, "a"),
        head("debrief", debrief("a", "REC-01")),
    ]
    [row] = build_register(heads)
    assert (row.inspection_id, row.inspection_label) == ("a", title)


def test_a_note_with_personal_data_is_refused_in_words(service: VaultService) -> None:
    service.put_draft("debrief", debrief("insp-a", "REC-01"))
    before = service.status()
    with pytest.raises(StatusChangeRefused, match="personal data"):
        service.set_recommendation_status("REC-01", "issued", note="Rang 07700 900123 about it")
    assert service.status() == before
