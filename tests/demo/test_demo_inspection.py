"""The generated inspection has the shape of a real one: volumes, grade spread, agreement, risk."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from demo_helpers import SEEDS, inspection, of_form

from ncpi_field.demo import FORCE_NAME, summarise
from ncpi_field.demo.fieldwork import LOCATIONS
from ncpi_field.pii import stopwords

REAL_FORCE_WORDS = ("avon", "cheshire", "kent", "essex", "dorset", "surrey", "sussex", "gwent")


@pytest.mark.parametrize("seed", SEEDS)
def test_volumes(seed: int) -> None:
    counts = Counter(r.form_id for r in inspection(seed))
    assert counts == {"case_audit": 75, "reality_test": 20, "observation": 40, "debrief": 6}


@pytest.mark.parametrize("seed", SEEDS)
def test_grade_spread_is_like_published_inspections(seed: int) -> None:
    grades = Counter(r.answers["hmicfrs_grade"] for r in of_form(inspection(seed), "case_audit"))
    assert sum(grades.values()) == 75
    for grade in ("good", "requires_improvement", "inadequate"):
        assert 0.2 <= grades[grade] / 75 <= 0.5, grade


@pytest.mark.parametrize("seed", SEEDS)
def test_self_assessment_agreement(seed: int) -> None:
    audits = [r.answers for r in of_form(inspection(seed), "case_audit")]
    assessed = [a for a in audits if a["sample_source"] == "force_self_assessed"]
    assert len(assessed) == 25
    assert all(a["force_self_assessed"] == "yes" for a in assessed)
    agreement = Counter(a["self_assessment_agreement"] for a in assessed)
    assert 0.6 <= agreement["agree"] / 25 <= 0.7
    # Most disagreements are the force grading its own case higher than HMICFRS did.
    assert agreement["hmicfrs_lower"] > agreement["hmicfrs_higher"] >= 1
    assert all(
        a.get("disagreement_reason")
        for a in assessed
        if a["force_self_grade"] != a["hmicfrs_grade"]
    )
    others = [a for a in audits if a["sample_source"] != "force_self_assessed"]
    assert {a["self_assessment_agreement"] for a in others} == {"not_self_assessed"}


@pytest.mark.parametrize("seed", SEEDS)
def test_immediate_risk_cases_are_returned_with_a_status(seed: int) -> None:
    audits = of_form(inspection(seed), "case_audit")
    risky = [r for r in audits if r.answers["immediate_risk"] == "yes"]
    assert 3 <= len(risky) <= 4
    for record in risky:
        assert record.answers["force_action_status"]
        assert record.answers["lead_inspector_informed"] == "yes"
        assert record.answers["returned_to_force_at"].startswith("2026-03-0")
        assert record.case_reference is not None
        assert re.fullmatch(r"WV/\d{5}/26", record.case_reference)
        assert record.status == "complete"
    assert all(r.case_reference is None for r in audits if r not in risky)


@pytest.mark.parametrize("seed", SEEDS)
def test_primary_categories_are_mixed(seed: int) -> None:
    categories = Counter(
        r.answers["primary_category"] for r in of_form(inspection(seed), "case_audit")
    )
    assert len(categories) >= 8
    assert max(categories.values()) <= 25


@pytest.mark.parametrize("seed", SEEDS)
def test_reality_tests_cover_every_location_with_its_checks(seed: int) -> None:
    tests = [r.answers for r in of_form(inspection(seed), "reality_test")]
    assert {t["location_type"] for t in tests} == set(LOCATIONS)
    checks = {
        "custody_suite": "appropriate_adult_arrangements",
        "control_room_contact_centre": "child_risk_research_done",
        "mash_front_door": "strategy_discussion_timeliness",
        "daily_management_meeting": "missing_children_reviewed",
    }
    for test in tests:
        for location, check in checks.items():
            assert (check in test) == (test["location_type"] == location)
        assert test["staff_engaged"], "staff are recorded by role"


@pytest.mark.parametrize("seed", SEEDS)
def test_observations_are_attributed_by_role_only(seed: int) -> None:
    observations = [r.answers for r in of_form(inspection(seed), "observation")]
    assert len({o["obs_type"] for o in observations}) == 7
    for observation in observations:
        if observation["obs_type"] == "document_or_data_review":
            assert "participants" not in observation or observation["participants"] == []
            assert observation["document_ref"]
        else:
            roles = [p["participant_role"] for p in observation["participants"]]
            assert roles
            assert all(role == role.lower() or role.startswith("MASH") for role in roles)


@pytest.mark.parametrize("seed", SEEDS)
def test_references_run_in_order(seed: int) -> None:
    for form_id, prefix in (
        ("case_audit", "CA"), ("reality_test", "RT"), ("observation", "OB"), ("debrief", "DB")
    ):  # fmt: skip
        refs = [r.ref for r in of_form(inspection(seed), form_id)]
        assert refs == [f"{prefix}-{n:03d}" for n in range(1, len(refs) + 1)]
        key = {"CA": "audit_ref", "RT": "rt_ref", "OB": "obs_ref", "DB": "debrief_ref"}[prefix]
        assert [r.answers[key] for r in of_form(inspection(seed), form_id)] == refs


@pytest.mark.parametrize("seed", SEEDS)
def test_debriefs_are_five_daily_and_one_hot(seed: int) -> None:
    debriefs = [r.answers for r in of_form(inspection(seed), "debrief")]
    kinds = Counter(d["debrief_type"] for d in debriefs)
    assert kinds["hot_debrief_end_of_fieldwork"] == 1
    assert kinds["team_internal_daily"] + kinds["force_daily"] == 5
    assert [d["fieldwork_day"] for d in debriefs] == [1, 2, 3, 4, 5, 5]
    hot = debriefs[-1]
    assert hot["lead_hmi_approved"] == "yes"
    assert hot["caveat_text"].startswith("Findings are provisional")


@pytest.mark.parametrize("seed", SEEDS)
def test_a_handful_of_drafts_and_the_form_versions(seed: int) -> None:
    records = inspection(seed)
    drafts = [r for r in records if r.status == "draft"]
    assert 2 <= len(drafts) <= 6
    assert all(r.form_id != "debrief" for r in drafts)
    assert {r.form_version for r in records} == {"2026113003"}


def test_summary_counts_match_the_records() -> None:
    records = inspection(1)
    summary = summarise(records, seed=1)
    assert summary.total == len(records) == 141
    assert sum(summary.grades.values()) == 75
    assert summary.self_assessed == 25
    assert summary.immediate_risk == sum(1 for r in records if r.case_reference)
    assert summary.force_name == FORCE_NAME


def test_the_force_is_fictional() -> None:
    words = FORCE_NAME.lower().split()
    assert not any(word in REAL_FORCE_WORDS for word in words)
    # Not a run of words the PII lint knows as real forces or places.
    assert not all(word in stopwords() for word in words if word != "police")
