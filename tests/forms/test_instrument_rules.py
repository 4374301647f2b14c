"""The instruments' skip logic and completion rules (DOMAIN.md §5–8), run by the forms engine.

Each test starts from a complete record that validates cleanly, changes what the rule is about,
and checks what the engine then shows, requires or refuses.
"""

from __future__ import annotations

from typing import Any

import pytest

from forms.source.build import FORMS_DIR
from ncpi_field.completion import PII_OVERRIDES, prepare
from ncpi_field.xlsform.evaluate import FormState
from ncpi_field.xlsform.reader import read_form
from ncpi_field.xlsform.spec import FormSpec, Question
from ncpi_field.xlsform.validate import validate

Answers = dict[str, Any]
SUMMARY = "Child present at a domestic incident; referral made late; no voice of the child."
RATIONALE = "The risk to the child was not identified and the referral was delayed by days."


@pytest.fixture(scope="module")
def specs() -> dict[str, FormSpec]:
    names = ("case_audit", "reality_test", "observation", "debrief")
    return {name: read_form(FORMS_DIR / f"{name}.xlsx") for name in names}


def problems(spec: FormSpec, answers: Answers) -> set[tuple[str, str]]:
    """(field, kind) of every issue that stops ``answers`` completing."""
    return {(issue.field, issue.kind) for issue in validate(spec, answers)}


def return_to_force() -> Answers:
    return {
        "immediate_risk": "yes",
        "risk_description": "Child remains at the address with the suspect; no safety plan.",
        "returned_to_force_at": "2026-11-26T10:30",
        "force_recipient_role": "force_liaison_officer",
        "lead_inspector_informed": "yes",
        "force_action_status": "awaiting_response",
    }


# --- Case audit (§5) ----------------------------------------------------------------------

# The force's own grade for each stage the fixture's case grades (both good there).
FORCE_STAGE_GRADES: Answers = {
    "initial_contact_force_stage_grade": "good",
    "investigation_force_stage_grade": "good",
}


@pytest.fixture
def case(specs: dict[str, FormSpec]) -> tuple[FormSpec, Answers]:
    answers: Answers = {
        "audit_ref": "CA-001",
        "framework_version": "ncpi_2020_journey",
        "inspection_stage": "full_inspection",
        "sample_source": "hmicfrs_dip_sample",
        "force_self_assessed": "no",
        "primary_category": "DA_CHILD_PRESENT",
        "period_start_month": "2025-01",
        "period_end_month": "2025-06",
        "child_age_band": "5-10",
        "children_in_case": 2,
        "child_detained": "no",
        "context_flags": ["cin"],
        "journey_stages_applicable": ["initial_contact", "investigation"],
        "case_summary": SUMMARY,
        "initial_contact_stage_grade": "good",
        "investigation_stage_grade": "good",
        "hmicfrs_grade": "good",
        "grade_rationale": "Prompt, child-centred response.",
        "immediate_risk": "no",
    }
    spec = specs["case_audit"]
    assert problems(spec, answers) == set()
    return spec, answers


def test_case_stage_blocks_show_only_for_applicable_stages(case: tuple[FormSpec, Answers]) -> None:
    spec, answers = case
    state = FormState(spec, answers)
    assert state.relevant("stage_initial_contact")
    assert state.relevant("stage_investigation")
    assert not state.relevant("stage_decision_making")
    assert not state.relevant("stage_police_detention")
    assert not state.required("decision_making_stage_grade")
    assert problems(spec, {**answers, "initial_contact_stage_grade": None}) == {
        ("initial_contact_stage_grade", "required")
    }


def test_case_stages_offered_follow_the_framework_version(
    case: tuple[FormSpec, Answers],
) -> None:
    spec, answers = case
    offered = {c.name for c in FormState(spec, answers).choices("journey_stages_applicable")}
    assert "initial_contact" in offered
    assert "initial_response" not in offered
    assert {"investigation", "other"} <= offered
    answers = {**answers, "framework_version": "ncpi_2024_five_topics"}
    offered = {c.name for c in FormState(spec, answers).choices("journey_stages_applicable")}
    assert offered == {
        "leadership",
        "partnership_working",
        "initial_response",
        "risk_assessment_referral",
        "investigation",
        "other",
    }
    # A 2020 stage is not a valid answer under the 2024 framework.
    assert ("journey_stages_applicable", "choice") in problems(spec, answers)


def test_case_category_questions_show_only_for_a_matching_category(
    case: tuple[FormSpec, Answers],
) -> None:
    spec, answers = case
    state = FormState(spec, answers)
    assert state.relevant("initial_contact_q01")  # asked for every category
    assert state.relevant("initial_contact_q02")  # DA_CHILD_PRESENT or MISSING
    assert not state.relevant("initial_contact_q03")  # MISSING
    assert not state.relevant("initial_contact_q04")  # MISSING, CSE, CCE
    assert not state.relevant("investigation_q13")  # ONLINE_CSA
    state = FormState(spec, {**answers, "secondary_categories": ["MISSING", "ONLINE_CSA"]})
    assert state.relevant("initial_contact_q03")
    assert state.relevant("initial_contact_q04")
    assert state.relevant("investigation_q13")
    state = FormState(spec, {**answers, "primary_category": "CSE"})
    assert not state.relevant("initial_contact_q02")
    assert state.relevant("initial_contact_q04")


def test_case_2024_investigation_block_asks_the_folded_2020_items(
    case: tuple[FormSpec, Answers],
) -> None:
    spec, answers = case
    assert not FormState(spec, answers).relevant("investigation_q17")
    state = FormState(spec, {**answers, "framework_version": "ncpi_2024_five_topics"})
    assert state.relevant("investigation_q17")
    assert not state.relevant("investigation_q21")  # only when the child was detained
    state.set_answer("child_detained", "yes")
    assert state.relevant("investigation_q21")
    assert not state.relevant("investigation_q23")  # CUSTODY only
    state.set_answer("primary_category", "CUSTODY")
    assert state.relevant("investigation_q23")


def test_case_question_note_shows_once_the_question_is_answered(
    case: tuple[FormSpec, Answers],
) -> None:
    spec, answers = case
    state = FormState(spec, answers)
    assert not state.relevant("initial_contact_q05_note")
    state.set_answer("initial_contact_q05", "partly")
    assert state.relevant("initial_contact_q05_note")
    assert not state.required("initial_contact_q05_note")


@pytest.mark.parametrize("grade", ["requires_improvement", "inadequate"])
def test_case_stage_evidence_and_rationale_required_for_ri_or_inadequate(
    case: tuple[FormSpec, Answers], grade: str
) -> None:
    spec, answers = case
    answers = {**answers, "investigation_stage_grade": grade}
    assert problems(spec, answers) == {
        ("investigation_evidence_note", "required"),
        ("investigation_rationale", "required"),
    }
    answers |= {"investigation_evidence_note": "No ABE considered.", "investigation_rationale": "x"}
    assert problems(spec, answers) == set()


def test_case_other_stage_block_names_its_area(case: tuple[FormSpec, Answers]) -> None:
    spec, answers = case
    answers = {
        **answers,
        "journey_stages_applicable": ["initial_contact", "investigation", "other"],
    }
    assert problems(spec, answers) == {
        ("other_stage_description", "required"),
        ("other_stage_grade", "required"),
    }


def test_case_stage_not_applicable_needs_no_rationale(case: tuple[FormSpec, Answers]) -> None:
    spec, answers = case
    assert problems(spec, {**answers, "investigation_stage_grade": "not_applicable"}) == set()


def test_case_overall_rationale_needs_50_characters_for_ri_or_inadequate(
    case: tuple[FormSpec, Answers],
) -> None:
    spec, answers = case
    short = {**answers, "hmicfrs_grade": "requires_improvement", "grade_rationale": "Too slow."}
    assert problems(spec, short) == {("grade_rationale", "constraint")}
    assert problems(spec, {**short, "grade_rationale": RATIONALE}) == set()
    assert problems(spec, {**answers, "grade_rationale": None}) == {("grade_rationale", "required")}


def test_case_identification_constraints(case: tuple[FormSpec, Answers]) -> None:
    spec, answers = case
    for field, bad in (
        ("audit_ref", "CA-1"),
        ("audit_ref", "Smith"),
        ("period_start_month", "2025-13"),
        ("period_start_month", "2025-01-14"),
        ("period_end_month", "2024-12"),  # before the start
        ("children_in_case", 0),
        ("case_summary", "x" * 601),
        ("context_flags", ["none_known", "cin"]),
        ("secondary_categories", ["DA_CHILD_PRESENT"]),  # the primary again
    ):
        found = problems(spec, {**answers, field: bad})
        assert (field, "constraint") in found, field
        # A bad first month also leaves the last month unchecked against it.
        assert found <= {(field, "constraint"), ("period_end_month", "constraint")}, field


def test_case_other_category_must_be_described(case: tuple[FormSpec, Answers]) -> None:
    spec, answers = case
    answers = {**answers, "secondary_categories": ["OTHER"]}
    assert problems(spec, answers) == {("category_other_detail", "required")}


def test_case_self_assessment_block_shows_when_self_assessed(
    case: tuple[FormSpec, Answers],
) -> None:
    spec, answers = case
    state = FormState(spec, answers)
    assert not state.relevant("self_assessment")
    assert state.value("self_assessment_agreement") == "not_self_assessed"
    sampled = {**answers, "sample_source": "force_self_assessed", "force_self_assessed": "yes"}
    toggled = {**answers, "force_self_assessed": "yes"}
    for self_assessed in (sampled, toggled):
        state = FormState(spec, self_assessed)
        assert state.relevant("self_assessment")
        assert problems(spec, self_assessed) == {
            ("force_self_grade", "required"),
            ("initial_contact_force_stage_grade", "required"),
            ("investigation_force_stage_grade", "required"),
        }
    # The self-assessed sample cannot be marked as not graded by the force.
    wrongly_untoggled = {
        **sampled,
        "force_self_assessed": "no",
        "force_self_grade": "good",
        **FORCE_STAGE_GRADES,
    }
    assert problems(spec, wrongly_untoggled) == {("force_self_assessed", "constraint")}


@pytest.mark.parametrize(
    ("hmicfrs", "force", "agreement"),
    [
        ("good", "good", "agree"),
        ("inadequate", "inadequate", "agree"),
        ("requires_improvement", "good", "hmicfrs_lower"),
        ("inadequate", "requires_improvement", "hmicfrs_lower"),
        ("good", "inadequate", "hmicfrs_higher"),
    ],
)
def test_case_self_assessment_agreement_from_ordinal_positions(
    case: tuple[FormSpec, Answers], hmicfrs: str, force: str, agreement: str
) -> None:
    spec, answers = case
    answers = {
        **answers,
        "force_self_assessed": "yes",
        "hmicfrs_grade": hmicfrs,
        "grade_rationale": RATIONALE,
        "force_self_grade": force,
        **FORCE_STAGE_GRADES,
    }
    state = FormState(spec, answers)
    assert state.value("self_assessment_agreement") == agreement
    assert state.relevant("disagreement_reason") is (agreement != "agree")
    expected = set() if agreement == "agree" else {("disagreement_reason", "required")}
    assert problems(spec, answers) == expected


def test_case_moderated_grade_needs_the_moderator_code(case: tuple[FormSpec, Answers]) -> None:
    spec, answers = case
    answers = {
        **answers,
        "force_self_assessed": "yes",
        "force_self_grade": "good",
        **FORCE_STAGE_GRADES,
    }
    assert problems(spec, {**answers, "moderated_grade": "good"}) == {("moderator_id", "required")}


def test_case_immediate_risk_is_required_and_opens_the_return_to_force(
    case: tuple[FormSpec, Answers],
) -> None:
    spec, answers = case
    assert problems(spec, {**answers, "immediate_risk": None}) == {("immediate_risk", "required")}
    state = FormState(spec, answers)
    assert not state.relevant("return_to_force")
    assert not state.required("risk_description")
    answers = {**answers, "immediate_risk": "yes"}
    assert problems(spec, answers) == {
        (field, "required")
        for field in (
            "risk_description",
            "returned_to_force_at",
            "force_recipient_role",
            "lead_inspector_informed",
            "force_action_status",
        )
    }
    answers |= return_to_force()
    assert problems(spec, answers) == set()
    acted = {**answers, "force_action_status": "action_taken"}
    assert problems(spec, acted) == {("force_action_note", "required")}


def test_case_lead_inspector_must_be_informed(case: tuple[FormSpec, Answers]) -> None:
    spec, answers = case
    answers = {**answers, **return_to_force(), "lead_inspector_informed": "no"}
    assert problems(spec, answers) == {("lead_inspector_informed", "constraint")}


def test_case_inadequate_prompts_but_does_not_force_a_risk_decision(
    case: tuple[FormSpec, Answers],
) -> None:
    spec, answers = case
    assert not FormState(spec, answers).relevant("inadequate_risk_prompt")
    inadequate = {**answers, "hmicfrs_grade": "inadequate", "grade_rationale": RATIONALE}
    assert FormState(spec, inadequate).relevant("inadequate_risk_prompt")
    assert problems(spec, inadequate) == set()  # "no" is still an allowed answer


# --- Reality test (§6) --------------------------------------------------------------------

LOCATION_GROUPS = {
    "custody_suite": "appropriate_adult_arrangements",
    "control_room_contact_centre": "child_risk_research_done",
    "mash_front_door": "strategy_discussion_timeliness",
    "daily_management_meeting": "missing_children_reviewed",
}


@pytest.fixture
def reality(specs: dict[str, FormSpec]) -> tuple[FormSpec, Answers]:
    answers: Answers = {
        "rt_ref": "RT-004",
        "framework_version": "ncpi_2024_five_topics",
        "inspection_stage": "full_inspection",
        "date": "2026-11-25",
        "start_time": "09:00",
        "end_time": "11:30",
        "location_type": "public_protection_caiu",
        "site_label": "Central CAIU",
        "framework_areas": ["investigation"],
        "claim_being_tested": "Every child victim is allocated to a specialist within 24 hours.",
        "method": ["walkthrough_of_system"],
        "staff_engaged": [
            {"staff_role": "DC, CAIU", "staff_rank_or_grade": "constable", "staff_count": 3}
        ],
        "result": "partly_working",
        "findings": "Allocation within 24 hours for most cases; weekend referrals wait longer.",
        "finding_type": "area_for_improvement",
        "finding_context_force": "Demand on the CAIU rose a third this year with no new posts.",
        "finding_context_partners": "Children's social care triage referrals the same day.",
        "immediate_risk": "no",
    }
    spec = specs["reality_test"]
    assert problems(spec, answers) == set()
    return spec, answers


@pytest.mark.parametrize("location", sorted(LOCATION_GROUPS))
def test_reality_location_fields_show_only_for_their_location(
    reality: tuple[FormSpec, Answers], location: str
) -> None:
    spec, answers = reality
    answers = {**answers, "location_type": location}
    state = FormState(spec, answers)
    for group, check in LOCATION_GROUPS.items():
        assert state.relevant(group) is (group == location)
        assert state.required(check) is (group == location)
    assert (LOCATION_GROUPS[location], "required") in problems(spec, answers)


def test_reality_custody_transfers_cannot_exceed_requests(
    reality: tuple[FormSpec, Answers],
) -> None:
    spec, answers = reality
    answers = {
        **answers,
        "location_type": "custody_suite",
        "appropriate_adult_arrangements": "yes",
        "welfare_considered_on_arrest": "partly",
        "s38_6_transfer_requests_checked": 2,
        "s38_6_transfers_achieved": 1,
    }
    assert problems(spec, answers) == set()
    too_many = {**answers, "s38_6_transfers_achieved": 3}
    assert problems(spec, too_many) == {("s38_6_transfers_achieved", "constraint")}


def test_reality_records_checked_only_for_a_dip_check(reality: tuple[FormSpec, Answers]) -> None:
    spec, answers = reality
    assert not FormState(spec, answers).relevant("records_checked_count")
    dip = {**answers, "method": ["walkthrough_of_system", "dip_check_live_records"]}
    assert FormState(spec, dip).relevant("records_checked_count")
    assert problems(spec, dip) == {("records_checked_count", "required")}
    assert problems(spec, {**dip, "records_checked_count": 12}) == set()


def test_reality_staff_are_recorded_by_role(reality: tuple[FormSpec, Answers]) -> None:
    spec, answers = reality
    answers = {**answers, "staff_engaged": [{"staff_rank_or_grade": "sergeant", "staff_count": 0}]}
    assert problems(spec, answers) == {("staff_role", "required"), ("staff_count", "constraint")}


def test_reality_corroboration_asks_which_evidence(reality: tuple[FormSpec, Answers]) -> None:
    spec, answers = reality
    answers = {**answers, "corroborates_or_contradicts": "contradicts"}
    assert problems(spec, answers) == {("corroboration_links", "required")}
    assert problems(spec, {**answers, "corroboration_links": ["rec-ob-7"]}) == set()


def test_reality_immediate_risk_opens_the_return_to_force(
    reality: tuple[FormSpec, Answers],
) -> None:
    spec, answers = reality
    assert ("risk_description", "required") in problems(spec, {**answers, "immediate_risk": "yes"})
    assert problems(spec, {**answers, **return_to_force()}) == set()


# --- Observation (§7) ---------------------------------------------------------------------


@pytest.fixture
def observation(specs: dict[str, FormSpec]) -> tuple[FormSpec, Answers]:
    answers: Answers = {
        "obs_ref": "OB-012",
        "framework_version": "ncpi_2020_journey",
        "inspection_stage": "full_inspection",
        "obs_type": "focus_group",
        "date": "2026-11-24",
        "time": "14:00",
        "interview_mode": "face_to_face",
        "recorded": "no",
        "good_practice_discussed": "yes",
        "participants": [
            {
                "participant_role": "Response constable",
                "participant_rank_or_grade": "constable",
                "participant_organisation": "force",
                "participant_count": 4,
            }
        ],
        "seniority_level": "frontline",
        "framework_areas": ["initial_contact"],
        "evidence_statement": "Officers described PPN training as a single e-learning module.",
        "verbatim_quote": "We learn PPNs on the job.",
        "finding_type": "area_for_improvement",
        "significance": "medium",
        "corroboration": "single_source",
        "finding_context_force": "Demand on the CAIU rose a third this year with no new posts.",
        "finding_context_partners": "Children's social care triage referrals the same day.",
        "immediate_risk": "no",
    }
    spec = specs["observation"]
    assert problems(spec, answers) == set()
    return spec, answers


def test_observation_participants_hidden_for_document_review(
    observation: tuple[FormSpec, Answers],
) -> None:
    spec, answers = observation
    state = FormState(spec, answers)
    assert state.relevant("participants", 0)
    assert not state.relevant("document_ref")
    review = {**answers, "obs_type": "document_or_data_review"}
    review.pop("seniority_level")
    state = FormState(spec, review)
    assert not state.relevant("participants", 0)
    assert not state.required("participant_role", 0)
    assert state.stored_answers().get("participants", []) == []
    assert state.relevant("document_ref")
    assert problems(spec, review) == {("document_ref", "required")}
    assert problems(spec, {**review, "document_ref": "Missing persons policy v3"}) == set()


@pytest.mark.parametrize(
    ("obs_type", "people", "quote_allowed"),
    [
        ("focus_group", 2, False),
        ("focus_group", 3, True),
        ("interview_1to1", 1, True),
    ],
)
def test_observation_no_quote_from_a_small_focus_group(
    observation: tuple[FormSpec, Answers], obs_type: str, people: int, quote_allowed: bool
) -> None:
    spec, answers = observation
    participant = {**answers["participants"][0], "participant_count": people}
    state = FormState(spec, {**answers, "obs_type": obs_type, "participants": [participant]})
    assert state.relevant("verbatim_quote") is quote_allowed
    assert state.relevant("quote_withheld_note") is not quote_allowed
    # A withheld quote is not kept in the stored record.
    assert ("verbatim_quote" in state.stored_answers()) is quote_allowed


def test_observation_participant_total_counts_every_role(
    observation: tuple[FormSpec, Answers],
) -> None:
    spec, answers = observation
    one = {**answers["participants"][0], "participant_count": 1}
    state = FormState(spec, {**answers, "participants": [one, one]})
    assert state.value("participant_total") == "2"
    assert not state.relevant("verbatim_quote")


# --- Debrief (§8) -------------------------------------------------------------------------


def item(**changes: Any) -> Answers:
    return {
        "item_area": "initial_response",
        "item_type": "strength",
        "headline": "Control room staff research risk to children on every DA call.",
        "item_context_force": "The control room has its full establishment of call handlers.",
        "item_context_partners": "No partner agency works in the control room.",
        "supporting_evidence": ["rec-rt-2"],
        "share_with_force": "yes",
        **changes,
    }


RECOMMENDATION: Answers = {
    "draft_recommendation": "The force should make sure every PPN is triaged within 24 hours.",
    "rec_id": "REC-01",
    "rec_how": "For example, a daily PPN triage slot in the MASH, with a supervisor's review.",
    "rec_proportionate": "The MASH already meets daily; the slot needs no new posts.",
    "rec_timescale": "within_3_months",
}


@pytest.fixture
def debrief(specs: dict[str, FormSpec]) -> tuple[FormSpec, Answers]:
    answers: Answers = {
        "debrief_ref": "DB-003",
        "framework_version": "ncpi_2024_five_topics",
        "inspection_stage": "full_inspection",
        "debrief_type": "force_daily",
        "date": "2026-11-25",
        "time": "17:00",
        "fieldwork_day": 3,
        "hmicfrs_attendees": [{"hmicfrs_role": "lead_inspector"}],
        "force_attendees": [{"force_role": "force_liaison"}],
        "items": [item()],
        "force_response": "Noted; the force will supply the missing persons policy.",
        "security_marking": "OFFICIAL-SENSITIVE",
    }
    spec = specs["debrief"]
    assert problems(spec, answers) == set()
    return spec, answers


def test_debrief_force_attendees_only_when_the_force_attends(
    debrief: tuple[FormSpec, Answers],
) -> None:
    spec, answers = debrief
    assert FormState(spec, answers).relevant("force_attendees", 0)
    internal = {**answers, "debrief_type": "team_internal_daily"}
    state = FormState(spec, internal)
    assert not state.relevant("force_attendees", 0)
    assert problems(spec, {**internal, "force_attendees": [{}]}) == set()
    assert not state.relevant("force_response")
    assert state.stored_answers().get("force_attendees", []) == []
    assert problems(spec, {**answers, "force_response": None}) == {("force_response", "required")}


@pytest.mark.parametrize(
    "item_type", ["area_for_improvement", "cause_of_concern", "accelerated_cause_of_concern"]
)
def test_debrief_afi_and_coc_must_cite_evidence(
    debrief: tuple[FormSpec, Answers], item_type: str
) -> None:
    spec, answers = debrief
    recommendation = RECOMMENDATION
    cited = item(item_type=item_type, supporting_evidence=["rec-ca-1", "rec-rt-2"])
    if item_type != "area_for_improvement":
        cited |= recommendation
    answers = {**answers, "items": [cited]}
    assert problems(spec, answers) == set()
    uncited = {k: v for k, v in cited.items() if k != "supporting_evidence"}
    assert problems(spec, {**answers, "items": [uncited]}) == {("supporting_evidence", "required")}


@pytest.mark.parametrize("item_type", ["strength", "area_of_notable_practice"])
def test_debrief_strengths_and_notable_practice_need_evidence_like_the_rest(
    debrief: tuple[FormSpec, Answers], item_type: str
) -> None:
    spec, answers = debrief
    praised = item(item_type=item_type)
    state = FormState(spec, {**answers, "items": [praised]})
    assert state.required("supporting_evidence", 0)
    assert not state.required("draft_recommendation", 0)
    del praised["supporting_evidence"]
    assert problems(spec, {**answers, "items": [praised]}) == {("supporting_evidence", "required")}


def test_debrief_a_neutral_context_item_needs_no_link_or_context(
    debrief: tuple[FormSpec, Answers],
) -> None:
    spec, answers = debrief
    neutral = {
        k: v
        for k, v in item(item_type="neutral_context").items()
        if k not in {"supporting_evidence", "item_context_force", "item_context_partners"}
    }
    assert problems(spec, {**answers, "items": [neutral]}) == set()


@pytest.mark.parametrize("item_type", ["cause_of_concern", "accelerated_cause_of_concern"])
def test_debrief_cause_of_concern_needs_a_recommendation_and_timescale(
    debrief: tuple[FormSpec, Answers], item_type: str
) -> None:
    spec, answers = debrief
    concern = item(item_type=item_type, supporting_evidence=["rec-ca-1"])
    assert problems(spec, {**answers, "items": [concern]}) == {("draft_recommendation", "required")}
    concern["draft_recommendation"] = "The force should review its PPN triage."
    assert problems(spec, {**answers, "items": [concern]}) == {
        ("rec_id", "required"),
        ("rec_how", "required"),
        ("rec_proportionate", "required"),
        ("rec_timescale", "required"),
    }
    concern |= {k: v for k, v in RECOMMENDATION.items() if k != "rec_timescale"}
    assert problems(spec, {**answers, "items": [concern]}) == {("rec_timescale", "required")}
    concern["rec_timescale"] = "other"
    assert problems(spec, {**answers, "items": [concern]}) == {("rec_timescale_detail", "required")}
    concern["rec_timescale"] = "immediately"
    assert problems(spec, {**answers, "items": [concern]}) == set()


def test_debrief_headline_is_at_most_200_characters(debrief: tuple[FormSpec, Answers]) -> None:
    spec, answers = debrief
    long = {**answers, "items": [item(headline="x" * 201)]}
    assert problems(spec, long) == {("headline", "constraint")}


def test_debrief_defaults_keep_items_internal_and_mark_official_sensitive(
    specs: dict[str, FormSpec],
) -> None:
    state = FormState.new(specs["debrief"])
    assert state.value("security_marking") == "OFFICIAL-SENSITIVE"
    assert str(state.value("caveat_text")).startswith("Findings are provisional")
    state.add_instance("items")
    assert state.value("share_with_force", 0) == "no"


def test_debrief_hot_needs_caveat_flag_and_approval(debrief: tuple[FormSpec, Answers]) -> None:
    spec, answers = debrief
    hot = {**answers, "debrief_type": "hot_debrief_end_of_fieldwork"}
    assert problems(spec, hot) == {
        ("accelerated_coc_flag", "required"),
        ("caveat_text", "required"),
        ("lead_hmi_approved", "required"),
        ("misunderstandings_any", "required"),
    }
    hot |= {
        "misunderstandings_any": "no",
        "accelerated_coc_flag": "no",
        "caveat_text": "Findings are provisional.",
        "lead_hmi_approved": "no",
    }
    assert problems(spec, hot) == set()
    assert problems(spec, {**hot, "accelerated_coc_flag": "yes"}) == {
        ("lead_hmi_approved", "constraint")
    }
    approved = {**hot, "accelerated_coc_flag": "yes", "lead_hmi_approved": "yes"}
    assert problems(spec, approved) == {("lead_hmi_approver_code", "required")}
    assert problems(spec, {**approved, "lead_hmi_approver_code": "INS-042"}) == set()


def test_debrief_accelerated_item_needs_the_flag(debrief: tuple[FormSpec, Answers]) -> None:
    spec, answers = debrief
    accelerated = item(
        item_type="accelerated_cause_of_concern",
        supporting_evidence=["rec-ca-1"],
        **{**RECOMMENDATION, "rec_timescale": "immediately"},
    )
    hot = {
        **answers,
        "debrief_type": "hot_debrief_end_of_fieldwork",
        "items": [item(), accelerated],
        "misunderstandings_any": "no",
        "accelerated_coc_flag": "no",
        "caveat_text": "Findings are provisional.",
        "lead_hmi_approved": "no",
    }
    assert problems(spec, hot) == {("accelerated_coc_flag", "constraint")}


def test_debrief_provisional_judgments_only_at_a_2024_hot_debrief(
    debrief: tuple[FormSpec, Answers],
) -> None:
    spec, answers = debrief
    assert not FormState(spec, answers).relevant("provisional_judgments")
    hot = {**answers, "debrief_type": "hot_debrief_end_of_fieldwork"}
    assert FormState(spec, hot).relevant("provisional_leadership")
    journey = {**hot, "framework_version": "ncpi_2020_journey"}
    assert not FormState(spec, journey).relevant("provisional_judgments")


def test_debrief_item_areas_follow_the_framework_version(
    debrief: tuple[FormSpec, Answers],
) -> None:
    spec, answers = debrief
    journey = {**answers, "framework_version": "ncpi_2020_journey"}
    assert problems(spec, journey) == {("item_area", "choice")}


# --- What every instrument declares on its settings sheet (forms/README.md) ----------------

TITLE_FIELDS = {
    "case_audit": "audit_ref",
    "reality_test": "rt_ref",
    "observation": "obs_ref",
    "debrief": "debrief_ref",
}
# A phone number: the PII lint flags it whatever else the text says.
PHONE = " Call back on 07700 900123."


@pytest.mark.parametrize("form_id", sorted(TITLE_FIELDS))
def test_every_instrument_names_a_title_field_it_has(
    specs: dict[str, FormSpec], form_id: str
) -> None:
    spec = specs[form_id]
    assert spec.title_field == TITLE_FIELDS[form_id]
    question = spec.node(spec.title_field)
    assert isinstance(question, Question)
    assert question.kind == "text"
    assert question.bind.required == "true()"
    assert spec.repeat_of(spec.title_field) is None


@pytest.mark.parametrize("form_id", sorted(TITLE_FIELDS))
def test_pii_blocks_completion_in_every_instrument(
    specs: dict[str, FormSpec], form_id: str
) -> None:
    assert specs[form_id].pii_blocks_completion


@pytest.mark.parametrize(
    ("fixture", "field"),
    [("reality", "findings"), ("observation", "evidence_statement"), ("case", "case_summary")],
)
def test_pii_in_free_text_blocks_completion_until_overridden(
    request: pytest.FixtureRequest, fixture: str, field: str
) -> None:
    spec, answers = request.getfixturevalue(fixture)
    assert prepare(spec, answers, status="complete").ok
    leaky = {**answers, field: answers[field] + PHONE}
    blocked = prepare(spec, leaky, status="complete")
    assert [(issue.field, issue.kind) for issue in blocked.issues] == [(field, "constraint")]
    assert prepare(spec, leaky, status="draft").ok
    overridden = {**leaky, PII_OVERRIDES: {field: "the force's public switchboard"}}
    done = prepare(spec, overridden, status="complete")
    assert done.ok
    assert done.answers[PII_OVERRIDES] == {field: "the force's public switchboard"}


# --- Issue 8 §2: the instruments read against the evaluation of the programme ------------


def test_every_form_asks_full_inspection_or_revisit(specs: dict[str, FormSpec]) -> None:
    for spec in specs.values():
        state = FormState.new(spec)
        assert {c.name for c in state.choices("inspection_stage")} == {"full_inspection", "revisit"}
        assert state.required("inspection_stage")


def test_case_detention_questions_only_when_the_child_was_detained(
    case: tuple[FormSpec, Answers],
) -> None:
    spec, answers = case
    journey = {**answers, "journey_stages_applicable": ["initial_contact", "police_detention"]}
    journey |= {"police_detention_stage_grade": "good"}
    # The detention stage cannot be chosen for a case with no detention.
    assert problems(spec, journey) == {("journey_stages_applicable", "constraint")}
    detained = {**journey, "child_detained": "yes"}
    assert problems(spec, detained) == set()
    state = FormState(spec, detained)
    assert state.relevant("police_detention_q21")
    assert state.relevant("police_detention_q22")
    state.set_answer("child_detained", "no")
    assert not state.relevant("police_detention_q21")
    assert not state.relevant("police_detention_q22")
    # A custody case is a detention.
    custody = {**answers, "primary_category": "CUSTODY"}
    assert ("child_detained", "constraint") in problems(spec, custody)


def test_case_missing_category_says_missing_or_absent(specs: dict[str, FormSpec]) -> None:
    spec = specs["case_audit"]
    labels = {c.name: c.label for c in FormState.new(spec).choices("primary_category")}
    assert "missing or absent" in str(labels["MISSING"]).lower()


def test_case_force_self_assessment_recorded_and_compared_per_stage(
    case: tuple[FormSpec, Answers],
) -> None:
    spec, answers = case
    assert not FormState(spec, answers).relevant("investigation_force_stage_grade")
    assert FormState(spec, answers).value("investigation_stage_agreement") == "not_self_assessed"
    graded = {
        **answers,
        "force_self_assessed": "yes",
        "force_self_grade": "good",
        "investigation_stage_grade": "requires_improvement",
        "investigation_evidence_note": "No strategy discussion on the record.",
        "investigation_rationale": "Enquiries were delayed by a week.",
        **FORCE_STAGE_GRADES,
    }
    assert problems(spec, graded) == set()
    state = FormState(spec, graded)
    assert state.value("initial_contact_stage_agreement") == "agree"
    assert state.value("investigation_stage_agreement") == "hmicfrs_lower"
    state.set_answer("investigation_force_stage_grade", "inadequate")
    assert state.value("investigation_stage_agreement") == "hmicfrs_higher"
    state.set_answer("investigation_force_stage_grade", "not_applicable")
    assert state.value("investigation_stage_agreement") == ""


def test_themes_include_training_and_awareness(specs: dict[str, FormSpec]) -> None:
    state = FormState.new(specs["observation"])
    assert "training_awareness" in {c.name for c in state.choices("theme_tags")}


@pytest.mark.parametrize("form_id", ["reality_test", "observation", "debrief"])
def test_areas_of_notable_practice_are_a_finding_type(
    specs: dict[str, FormSpec], form_id: str
) -> None:
    field = "item_type" if form_id == "debrief" else "finding_type"
    state = FormState.new(specs[form_id])
    if form_id == "debrief":
        state.add_instance("items")
        offered = {c.name for c in state.choices(field, 0)}
    else:
        offered = {c.name for c in state.choices(field)}
    assert "area_of_notable_practice" in offered
    assert "innovative_or_promising_practice" not in offered


def test_observation_and_reality_findings_record_force_and_partner_context(
    observation: tuple[FormSpec, Answers], reality: tuple[FormSpec, Answers]
) -> None:
    for spec, answers in (observation, reality):
        bare = {k: v for k, v in answers.items() if not k.startswith("finding_context_")}
        assert problems(spec, bare) == {
            ("finding_context_force", "required"),
            ("finding_context_partners", "required"),
        }


def test_debrief_items_record_force_and_partner_context(
    debrief: tuple[FormSpec, Answers],
) -> None:
    spec, answers = debrief
    bare = {k: v for k, v in item().items() if not k.startswith("item_context_")}
    assert problems(spec, {**answers, "items": [bare]}) == {
        ("item_context_force", "required"),
        ("item_context_partners", "required"),
    }


def test_interviews_record_how_held_recording_consent_and_good_practice(
    observation: tuple[FormSpec, Answers],
) -> None:
    spec, answers = observation
    for kind in ("interview_1to1", "focus_group"):
        asked = {**answers, "obs_type": kind}
        bare = {
            k: v
            for k, v in asked.items()
            if k not in {"interview_mode", "recorded", "good_practice_discussed"}
        }
        assert {f for f, _ in problems(spec, bare)} >= {
            "interview_mode",
            "recorded",
            "good_practice_discussed",
        }
    state = FormState(spec, answers)
    assert {c.name for c in state.choices("interview_mode")} == {
        "face_to_face",
        "telephone",
        "video",
    }
    recorded = {**answers, "recorded": "yes"}
    assert problems(spec, recorded) == {("recording_consent", "required")}
    assert problems(spec, {**recorded, "recording_consent": "no"}) == {
        ("recording_consent", "constraint")
    }
    assert problems(spec, {**recorded, "recording_consent": "yes"}) == set()
    meeting = FormState(spec, {**answers, "obs_type": "meeting_observation"})
    assert not meeting.relevant("interview_mode")
    assert not meeting.relevant("good_practice_discussed")


def test_observation_corroborated_needs_a_record_from_another_method(
    observation: tuple[FormSpec, Answers],
) -> None:
    spec, answers = observation
    corroborated = {**answers, "corroboration": "corroborated"}
    assert problems(spec, corroborated) == {("corroborating_records", "required")}
    question = question_of(spec, "corroborating_records")
    assert question is not None
    assert question.bind.choice_filter is not None
    assert "observation" not in question.bind.choice_filter
    linked = {**corroborated, "corroborating_records": ["rec-ca-1"]}
    assert problems(spec, linked) == set()


def test_reality_corroboration_links_only_other_methods(
    reality: tuple[FormSpec, Answers],
) -> None:
    spec, _answers = reality
    question = question_of(spec, "corroboration_links")
    assert question is not None
    assert question.bind.choice_filter is not None
    assert "reality_test" not in question.bind.choice_filter
    assert "observation" in question.bind.choice_filter


def test_debrief_recommendation_has_id_how_why_timescale_and_evidence(
    debrief: tuple[FormSpec, Answers],
) -> None:
    spec, answers = debrief
    recommended = item(item_type="area_for_improvement", **RECOMMENDATION)
    assert problems(spec, {**answers, "items": [recommended]}) == set()
    assert problems(spec, {**answers, "items": [{**recommended, "rec_id": "R1"}]}) == {
        ("rec_id", "constraint")
    }
    # A recommendation rests on evidence, even on a neutral item.
    neutral = {**recommended, "item_type": "neutral_context"}
    del neutral["supporting_evidence"]
    assert problems(spec, {**answers, "items": [neutral]}) == {("supporting_evidence", "required")}


def question_of(spec: FormSpec, name: str) -> Question | None:
    return next((q for q in spec.questions() if q.name == name), None)


HOT_SIGNED_OFF: Answers = {
    "debrief_type": "hot_debrief_end_of_fieldwork",
    "misunderstandings_any": "no",
    "accelerated_coc_flag": "no",
    "caveat_text": "Findings are provisional.",
    "lead_hmi_approved": "no",
}


def test_revisit_hot_debrief_records_progress_on_earlier_recommendations(
    debrief: tuple[FormSpec, Answers],
) -> None:
    spec, answers = debrief
    hot = {**answers, **HOT_SIGNED_OFF, "earlier_recommendations": [{}]}
    assert not FormState(spec, hot).relevant("earlier_recommendations", 0)
    revisit = {**hot, "inspection_stage": "revisit", "earlier_recommendations": [{}]}
    assert FormState(spec, revisit).relevant("earlier_recommendations", 0)
    assert problems(spec, revisit) == {
        ("earlier_rec_id", "required"),
        ("earlier_rec_text", "required"),
        ("earlier_rec_progress", "required"),
        ("earlier_rec_evidence", "required"),
        ("earlier_rec_progress_note", "required"),
    }
    progress = {
        "earlier_rec_id": "Recommendation 2",
        "earlier_rec_text": "Triage every PPN within 24 hours.",
        "earlier_rec_progress": "partly_met",
        "earlier_rec_evidence": ["rec-rt-2"],
        "earlier_rec_progress_note": "Weekday PPNs are triaged in a day; weekend ones are not.",
    }
    revisit["earlier_recommendations"] = [progress]
    assert problems(spec, revisit) == set()
    offered = {c.name for c in FormState(spec, revisit).choices("earlier_rec_progress", 0)}
    assert offered == {"not_met", "partly_met", "met"}


def test_hot_debrief_lists_partners_misunderstandings_and_returned_cases(
    debrief: tuple[FormSpec, Answers],
) -> None:
    spec, answers = debrief
    daily = FormState(spec, answers)
    assert not daily.relevant("partner_agencies_present")
    assert not daily.relevant("cases_returned")
    hot = {**answers, **HOT_SIGNED_OFF}
    state = FormState(spec, hot)
    assert state.relevant("partner_agencies_present")
    assert "csc" in {c.name for c in state.choices("partner_agencies_present")}
    corrected = {**hot, "misunderstandings_any": "yes"}
    assert problems(spec, corrected) == {("misunderstandings_corrected", "required")}
    # The returned cases are chosen from the case audits, never typed.
    returned = question_of(spec, "cases_returned")
    assert returned is not None
    assert returned.kind == "evidence"
    assert returned.bind.choice_filter == "kind='case_audit'"
    assert problems(spec, {**hot, "cases_returned": ["rec-ca-1"]}) == set()
