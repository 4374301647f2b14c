"""Reality tests and observations: where and how the team gathered evidence, and its wishes."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from ncpi_field.demo import phrases_fieldwork as text
from ncpi_field.demo.answering import LEAVE, Candidates, Wish, Wishes
from ncpi_field.demo.areas import TOPICS_2024, areas
from ncpi_field.demo.cases import CasePlan
from ncpi_field.demo.model import FIELDWORK_DAYS, Fieldwork, reference, stream
from ncpi_field.demo.phrases_cases import pick

REALITY_TESTS: Final = 20
OBSERVATIONS: Final = 40
LOCATIONS: Final = tuple(text.SITES)
# Extra tests beyond one per location go where NCPI teams usually look hardest.
BUSY_LOCATIONS: Final = (
    "control_room_contact_centre",
    "mash_front_door",
    "custody_suite",
    "public_protection_caiu",
    "daily_management_meeting",
    "missing_persons_unit",
    "partnership_meeting",
)
LOCATION_TOPICS: Final[dict[str, tuple[str, ...]]] = {
    "control_room_contact_centre": ("initial_response",),
    "mash_front_door": ("risk_assessment_referral", "partnership_working"),
    "custody_suite": ("police_detention",),
    "public_protection_caiu": ("investigation",),
    "missing_persons_unit": ("initial_response", "risk_assessment_referral"),
    "online_csa_team": ("investigation",),
    "rso_management_team": ("risk_assessment_referral",),
    "response_or_neighbourhood_briefing": ("initial_response",),
    "daily_management_meeting": ("leadership",),
    "partnership_meeting": ("partnership_working",),
    "other": ("partnership_working",),
}
LOCATION_CATEGORIES: Final[dict[str, tuple[str, ...]]] = {
    "control_room_contact_centre": ("DA_CHILD_PRESENT", "MISSING"),
    "mash_front_door": ("REFERRAL_PPN", "DA_CHILD_PRESENT"),
    "custody_suite": ("CUSTODY", "CCE"),
    "public_protection_caiu": ("CHILD_ABUSE_NEGLECT", "CSE"),
    "missing_persons_unit": ("MISSING", "CSE", "CCE"),
    "online_csa_team": ("ONLINE_CSA",),
    "rso_management_team": ("RSO_MANAGEMENT",),
}
OBS_TYPES: Final = (
    ("interview_1to1", 12),
    ("focus_group", 8),
    ("meeting_observation", 6),
    ("partner_agency_discussion", 5),
    ("document_or_data_review", 6),
    ("staff_survey_result", 1),
    ("ad_hoc", 2),
)
# Accelerated causes of concern come from the team's analysis, not one observation.
OBS_FINDINGS: Final = (
    "strength",
    "area_of_notable_practice",
    "area_for_improvement",
    "cause_of_concern",
    "neutral_context",
)
RESULT_FINDINGS: Final = {
    "working_as_described": ("strength", "strength", "area_of_notable_practice"),
    "partly_working": ("area_for_improvement", "area_for_improvement", "neutral_context"),
    "not_working": ("area_for_improvement", "cause_of_concern"),
    "could_not_test": ("neutral_context",),
}
CHECK_ANSWERS: Final = {
    "working_as_described": ("yes",),
    "partly_working": ("partly", "yes"),
    "not_working": ("no", "partly"),
    "could_not_test": ("not_recorded", "not_applicable"),
}


@dataclass(frozen=True)
class FieldworkPlan:
    """One reality test (``what`` is the location) or observation (``what`` is its type)."""

    ref: str
    what: str
    day: int
    draft: bool


def plan_reality_tests(seed: int) -> list[FieldworkPlan]:
    rng = stream(seed, "reality-test-plan")
    extra = rng.choices(BUSY_LOCATIONS, k=REALITY_TESTS - len(LOCATIONS))
    where = rng.sample([*LOCATIONS, *extra], REALITY_TESTS)
    draft = rng.randrange(REALITY_TESTS - 4, REALITY_TESTS)
    return [
        FieldworkPlan(reference("RT", i + 1), w, _day(i, REALITY_TESTS), i == draft)
        for i, w in enumerate(where)
    ]


def plan_observations(seed: int) -> list[FieldworkPlan]:
    rng = stream(seed, "observation-plan")
    kinds = [kind for kind, count in OBS_TYPES for _ in range(count)]
    order = rng.sample(kinds, len(kinds))
    draft = rng.randrange(OBSERVATIONS - 8, OBSERVATIONS)
    return [
        FieldworkPlan(reference("OB", i + 1), kind, _day(i, OBSERVATIONS), i == draft)
        for i, kind in enumerate(order)
    ]


def _day(index: int, total: int) -> int:
    return 1 + index * FIELDWORK_DAYS // total


def _clock(rng: random.Random, earliest: int = 8, latest: int = 16) -> dt.time:
    return dt.time(rng.randint(earliest, latest), rng.choice((0, 15, 30, 45)))


@dataclass(frozen=True)
class Linkable:
    """What plans may cite: case audits by category, and every record's id and day."""

    cases: Sequence[CasePlan]
    case_ids: dict[str, str]
    observation_ids: Sequence[tuple[str, int]]
    reality_test_ids: Sequence[tuple[str, int]]

    def cases_about(self, categories: tuple[str, ...], day: int) -> list[str]:
        return [
            self.case_ids[c.ref] for c in self.cases if c.category in categories and c.day <= day
        ]


def reality_test_wishes(
    plan: FieldworkPlan, framework: str, fieldwork: Fieldwork, links: Linkable, seed: int
) -> Wishes:
    rng = stream(seed, f"reality-test:{plan.ref}")
    where = plan.what
    result = rng.choices(tuple(RESULT_FINDINGS), (7, 7, 4, 1))[0]
    start = _clock(rng, 8, 15)
    methods = rng.sample(
        ("live_observation", "walkthrough_of_system", "dip_check_live_records",
         "staff_conversation", "document_or_log_check", "demonstration"),
        rng.choice((1, 2, 2, 3)),
    )  # fmt: skip
    fixed: dict[str, Wish] = {
        "rt_ref": plan.ref,
        "framework_version": framework,
        "inspection_stage": "full_inspection",
        "date": fieldwork.date(plan.day).isoformat(),
        "start_time": start.strftime("%H:%M"),
        "end_time": f"{start.hour + rng.choice((1, 2)):02d}:{start.minute:02d}",
        "location_type": where,
        "location_other_detail": "Youth offending service office",
        "site_label": rng.choice(text.SITES[where]),
        "framework_areas": areas(LOCATION_TOPICS[where], framework),
        "claim_being_tested": Candidates(pick(rng, text.CLAIMS[where])),
        "method": methods,
        "records_checked_count": rng.randint(5, 20),
        "result": result,
        "findings": Candidates(pick(rng, text.FINDINGS[result])),
        "finding_type": rng.choice(RESULT_FINDINGS[result]),
        "follow_up_request": Candidates(pick(rng, text.FOLLOW_UPS))
        if rng.random() < 0.3
        else LEAVE,
        "immediate_risk": "no",
        **_context(rng, LOCATION_TOPICS[where][0]),
        **_location_checks(rng, result),
        **_rt_links(rng, plan, result, links),
    }
    roles = text.STAFF_ROLES.get(where, text.DEFAULT_STAFF)
    staff: list[dict[str, Wish]] = [
        {"staff_role": role, "staff_rank_or_grade": rank, "staff_count": rng.randint(1, 4)}
        for role, rank in rng.sample(roles, rng.randint(1, len(roles)))
    ]
    return Wishes(fixed=fixed, repeats={"staff_engaged": staff})


def _location_checks(rng: random.Random, result: str) -> dict[str, Wish]:
    def check() -> str:
        return rng.choice(CHECK_ANSWERS[result])

    requests = rng.randint(0, 4)
    return {
        "children_in_custody_now": rng.randint(0, 3),
        "children_held_overnight_last_24h": rng.randint(0, 2),
        "appropriate_adult_arrangements": check(),
        "s38_6_transfer_requests_checked": requests,
        "s38_6_transfers_achieved": rng.randint(0, requests),
        "welfare_considered_on_arrest": check(),
        "child_risk_research_done": check(),
        "diary_appointments_with_children_present": rng.randint(0, 3),
        "missing_grading_checked": check(),
        "calls_listened_to": rng.randint(6, 25),
        "ppn_backlog_count": rng.randint(0, 140),
        "oldest_ppn_hours": rng.randint(2, 96),
        "strategy_discussion_timeliness": check(),
        "partners_co_located": rng.sample(("csc", "health", "education", "probation"), 2),
        "missing_children_reviewed": check(),
        "police_protection_reviewed": check(),
        "children_in_custody_reviewed": check(),
    }


def _rt_links(
    rng: random.Random, plan: FieldworkPlan, result: str, links: Linkable
) -> dict[str, Wish]:
    found: dict[str, Wish] = {}
    cases = links.cases_about(LOCATION_CATEGORIES.get(plan.what, ()), plan.day)
    if cases and rng.random() < 0.7:
        found["linked_case_audits"] = rng.sample(cases, min(len(cases), rng.randint(1, 3)))
    # Corroboration rests on another method: observations (and case audits), never tests.
    earlier = [i for i, day in links.observation_ids if day <= plan.day]
    if earlier and rng.random() < 0.5:
        relation = {"working_as_described": "corroborates", "not_working": "contradicts"}
        found["corroborates_or_contradicts"] = relation.get(result, "mixed")
        found["corroboration_links"] = rng.sample(earlier, min(len(earlier), 2))
    return found


def observation_wishes(
    plan: FieldworkPlan, framework: str, fieldwork: Fieldwork, links: Linkable, seed: int
) -> Wishes:
    rng = stream(seed, f"observation:{plan.ref}")
    finding = rng.choices(OBS_FINDINGS, (10, 3, 12, 3, 4))[0]
    participants = _participants(rng, plan.what)
    topics = rng.sample(TOPICS_2024, rng.choice((1, 1, 2)))
    fixed: dict[str, Wish] = {
        "obs_ref": plan.ref,
        "framework_version": framework,
        "inspection_stage": "full_inspection",
        "obs_type": plan.what,
        # A focus group meets in a room or on a video call, never by telephone.
        "interview_mode": rng.choices(
            ("face_to_face", "telephone", "video"), (6, 0 if plan.what == "focus_group" else 1, 2)
        )[0],
        "recorded": "yes" if rng.random() < 0.3 else "no",
        "recording_consent": "yes",
        "good_practice_discussed": "yes" if rng.random() < 0.7 else "no",
        "date": fieldwork.date(plan.day).isoformat(),
        "time": _clock(rng).strftime("%H:%M"),
        "document_ref": rng.choice(text.DOCUMENTS),
        "seniority_level": _seniority(participants),
        "framework_areas": areas(topics, framework),
        "theme_tags": sorted(rng.sample(_THEMES, rng.choice((1, 2)))),
        "evidence_statement": Candidates(pick(rng, text.EVIDENCE_STATEMENTS[finding])),
        "verbatim_quote": _quote(rng, finding),
        "finding_type": finding,
        "significance": {"cause_of_concern": "high", "neutral_context": "low"}.get(
            finding, rng.choice(("medium", "medium", "high", "low"))
        ),
        "corroboration": rng.choices(("corroborated", "single_source", "contradicted"), (5, 4, 1))[
            0
        ],
        "sensitive": "yes" if rng.random() < 0.05 else "no",
        "immediate_risk": "no",
        **_context(rng, topics[0]),
    }
    earlier = [links.case_ids[c.ref] for c in links.cases if c.day <= plan.day]
    if earlier and rng.random() < 0.3:
        fixed["linked_records"] = rng.sample(earlier, 2)
    # Corroborated only by another method: the case audits and reality tests done by then.
    other_methods = earlier + [i for i, day in links.reality_test_ids if day <= plan.day]
    if other_methods:
        fixed["corroborating_records"] = rng.sample(other_methods, min(2, len(other_methods)))
    elif fixed["corroboration"] == "corroborated":
        fixed["corroboration"] = "single_source"
    return Wishes(fixed=fixed, repeats={"participants": participants})


def _quote(rng: random.Random, finding: str) -> Wish:
    """Half the observations carry a quote, always one that fits the finding's leaning."""
    leaning = {
        "strength": "positive",
        "area_of_notable_practice": "positive",
        "area_for_improvement": "negative",
        "cause_of_concern": "negative",
    }.get(finding)
    if leaning is None or rng.random() < 0.5:
        return LEAVE
    return Candidates(pick(rng, text.QUOTES[leaning]))


def _context(rng: random.Random, topic: str) -> dict[str, Wish]:
    """The force and partner context weighed with the finding, for its main topic."""
    topic = topic if topic in text.CONTEXT_FORCE else "investigation"
    return {
        "finding_context_force": Candidates(pick(rng, text.CONTEXT_FORCE[topic])),
        "finding_context_partners": Candidates(pick(rng, text.CONTEXT_PARTNERS[topic])),
    }


_THEMES: Final = (
    "voice_of_child",
    "supervision",
    "information_sharing",
    "strategy_discussions",
    "qualified_investigators",
    "staff_wellbeing",
    "performance_information_qa",
    "missing_exploitation_links",
    "training_awareness",
)


SENIORITY_OF_RANK: Final = {
    "constable": "frontline",
    "police_staff": "frontline",
    "sergeant": "supervisor",
    "inspector": "middle_manager",
    "chief_inspector": "middle_manager",
    "superintendent_or_above": "senior_leader",
    "partner_agency": "partner",
}
SENIORITY_ORDER: Final = ("partner", "frontline", "supervisor", "middle_manager",
                          "senior_leader", "chief_officer")  # fmt: skip
# A focus group is a group of peers: frontline staff and their sergeants.
PEER_RANKS: Final = frozenset({"constable", "police_staff", "sergeant"})


def seniority_of(role: str, rank: str) -> str:
    return "chief_officer" if role in text.CHIEF_OFFICERS else SENIORITY_OF_RANK[rank]


def _seniority(participants: list[dict[str, Wish]]) -> str:
    """The most senior of those observed (partners only when no police officer took part)."""
    if not participants:
        return "frontline"  # not asked for a document review
    levels = [
        seniority_of(str(p["participant_role"]), str(p["participant_rank_or_grade"]))
        for p in participants
    ]
    return max(levels, key=SENIORITY_ORDER.index)


def _participants(rng: random.Random, obs_type: str) -> list[dict[str, Wish]]:
    if obs_type == "document_or_data_review":
        return []
    force, partner = text.PARTICIPANTS["force"], text.PARTICIPANTS["partner"]
    pool = {
        "partner_agency_discussion": partner,
        "meeting_observation": (*force, *partner),
        "focus_group": tuple(p for p in force if p[1] in PEER_RANKS),
        "staff_survey_result": tuple(p for p in force if p[1] in PEER_RANKS),
    }.get(obs_type, force)
    entries = {"focus_group": 2, "meeting_observation": 3}.get(obs_type, 1)
    people = rng.sample(pool, entries)
    counts = {"focus_group": (2, 5), "staff_survey_result": (40, 160)}.get(obs_type, (1, 2))
    if obs_type == "interview_1to1":
        counts = (1, 1)
    return [
        {
            "participant_role": role,
            "participant_rank_or_grade": rank,
            "participant_organisation": organisation,
            "participant_count": 1 if role in text.SINGLE_POSTS else rng.randint(*counts),
        }
        for role, rank, organisation in people
    ]
