"""The case-audit sample: grade spread, categories, self-assessment, immediate risk, wishes."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Final

from ncpi_field.demo import phrases_cases as text
from ncpi_field.demo.answering import LEAVE, Candidates, Wish, Wishes
from ncpi_field.demo.areas import FRAMEWORK_2024
from ncpi_field.demo.case_story import CaseStory, tell
from ncpi_field.demo.model import FORCE_PREFIX, GRADES, Fieldwork, reference, stream

CASE_AUDITS: Final = 75
SELF_ASSESSED: Final = 25
# (good, requires improvement, inadequate) shares from published NCPI results (DOMAIN.md §1.4):
# Warwickshire 2022 (23/23/28 of 74), Cheshire 2023 (10/18/10), Warwickshire 2023 (9/15/10)
# and a rounder 30/45/25 profile.
GRADE_PROFILES: Final = (
    (23 / 74, 28 / 74),
    (0.30, 0.25),
    (10 / 38, 10 / 38),
    (9 / 34, 10 / 34),
)
CATEGORY_WEIGHTS: Final = {
    "DA_CHILD_PRESENT": 16,
    "MISSING": 10,
    "CSE": 7,
    "CCE": 6,
    "ONLINE_CSA": 6,
    "CHILD_ABUSE_NEGLECT": 12,
    "REFERRAL_PPN": 7,
    "POLICE_PROTECTION": 4,
    "CUSTODY": 5,
    "SUDI": 1,
    "RSO_MANAGEMENT": 3,
    "OTHER": 1,
}
RELATED: Final = {
    "MISSING": ("CSE", "CCE"),
    "CSE": ("MISSING", "ONLINE_CSA"),
    "CCE": ("MISSING", "CUSTODY"),
    "DA_CHILD_PRESENT": ("CHILD_ABUSE_NEGLECT", "REFERRAL_PPN"),
    "CHILD_ABUSE_NEGLECT": ("DA_CHILD_PRESENT",),
    "ONLINE_CSA": ("CSE",),
}
THEMES: Final = {
    "DA_CHILD_PRESENT": ("da_scheduled_appointment", "voice_of_child", "ppn_quality"),
    "MISSING": ("missing_risk_grading", "missing_exploitation_links"),
    "CSE": ("missing_exploitation_links", "investigation_quality"),
    "CCE": ("missing_exploitation_links", "information_sharing"),
    "ONLINE_CSA": ("online_csa_investigation",),
    "CHILD_ABUSE_NEGLECT": ("strategy_discussions", "investigation_quality", "supervision"),
    "REFERRAL_PPN": ("ppn_quality", "information_sharing"),
    "POLICE_PROTECTION": ("police_protection_powers",),
    "CUSTODY": ("children_in_custody",),
    "SUDI": ("information_sharing",),
    "RSO_MANAGEMENT": ("rso_management",),
    "OTHER": ("voice_of_child",),
}
AGE_BANDS: Final = {
    "CUSTODY": ("11-15", "16-17"),
    "CCE": ("11-15", "16-17"),
    "CSE": ("11-15", "16-17"),
    "MISSING": ("11-15", "16-17"),
    "SUDI": ("0-1",),
    "POLICE_PROTECTION": ("0-1", "2-4", "5-10"),
}
ALL_AGES: Final = ("unborn", "0-1", "2-4", "5-10", "11-15", "16-17")
STAGES_2024: Final = ("initial_response", "risk_assessment_referral", "partnership_working")
STAGES_2020: Final = ("initial_contact", "assessment_and_help", "decision_making")
CRIME: Final = frozenset(CATEGORY_WEIGHTS) - {"REFERRAL_PPN", "OTHER"}
_BANK_QUESTION: Final = re.compile(r"^(?P<stage>\w+?)_q(?P<number>\d\d)(?P<note>_note)?$")
_STAGE_FIELD: Final = re.compile(
    r"^(?P<stage>\w+?)_(?P<part>force_stage_grade|stage_grade|evidence_note|rationale)$"
)


@dataclass(frozen=True)
class CasePlan:
    """What one audited case is meant to show, before the form is filled."""

    ref: str
    grade: str
    category: str
    sample_source: str
    agreement: str | None  # agree, force_higher, force_lower; None when not self-assessed
    immediate_risk: bool
    day: int
    draft: bool


def plan_cases(seed: int) -> list[CasePlan]:
    rng = stream(seed, "case-plan")
    grades = _grade_list(rng)
    categories = rng.choices(list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values()), k=CASE_AUDITS)
    agreement = _self_assessment(rng, grades)
    risky = set(
        rng.sample([i for i, g in enumerate(grades) if g == "inadequate"], rng.choice((3, 4)))
    )
    drafts = set(rng.sample(range(CASE_AUDITS - 10, CASE_AUDITS), 2)) - risky
    plans = []
    for i in range(CASE_AUDITS):
        source = "force_self_assessed" if i in agreement else _other_source(rng)
        plans.append(
            CasePlan(
                ref=reference("CA", i + 1),
                grade=grades[i],
                category=categories[i],
                sample_source=source,
                agreement=agreement.get(i),
                immediate_risk=i in risky,
                day=1 + i * 5 // CASE_AUDITS,
                draft=i in drafts,
            )
        )
    return plans


def _grade_list(rng: random.Random) -> list[str]:
    good_share, inadequate_share = rng.choice(GRADE_PROFILES)
    good, inadequate = round(good_share * CASE_AUDITS), round(inadequate_share * CASE_AUDITS)
    grades = ["good"] * good + ["inadequate"] * inadequate
    grades += ["requires_improvement"] * (CASE_AUDITS - len(grades))
    rng.shuffle(grades)
    return grades


def _self_assessment(rng: random.Random, grades: list[str]) -> dict[int, str]:
    """About two in three force grades agree with ours; most of the rest were graded higher."""
    agree = round(SELF_ASSESSED * rng.uniform(0.6, 0.7))
    lower = rng.choice((1, 2))
    labels = ["agree"] * agree + ["force_lower"] * lower
    labels += ["force_higher"] * (SELF_ASSESSED - len(labels))
    order = rng.sample(range(CASE_AUDITS), CASE_AUDITS)
    chosen: dict[int, str] = {}
    for label in sorted(labels, key=lambda x: x == "agree"):  # constrained labels first
        fits = [i for i in order if i not in chosen and _can_differ(label, grades[i])]
        chosen[fits[0]] = label
    return chosen


def _can_differ(label: str, grade: str) -> bool:
    if label == "force_higher":
        return grade != "good"
    if label == "force_lower":
        return grade != "inadequate"
    return True


def _other_source(rng: random.Random) -> str:
    sources = ("hmicfrs_dip_sample", "force_supplied_list", "reality_test_follow_up")
    return rng.choices(sources, (14, 4, 2))[0]


def force_grade(plan: CasePlan) -> str | None:
    if plan.agreement is None:
        return None
    step = {"agree": 0, "force_higher": -1, "force_lower": 1}[plan.agreement]
    return GRADES[GRADES.index(plan.grade) + step]


def stage_force_grade(plan: CasePlan, stage_grade: str) -> str:
    """The force's grade for one stage, leaning the way its overall grade does."""
    if plan.agreement is None or plan.agreement == "agree":
        return stage_grade
    step = -1 if plan.agreement == "force_higher" else 1
    return GRADES[min(2, max(0, GRADES.index(stage_grade) + step))]


def case_reference(rng: random.Random, fieldwork: Fieldwork) -> str:
    """A fictional force reference, e.g. WV/12345/26; held in the key table, never in answers."""
    return f"{FORCE_PREFIX}/{rng.randint(10000, 99999)}/{fieldwork.now.year % 100:02d}"


def stages_for(rng: random.Random, plan: CasePlan, framework: str) -> list[str]:
    modern = framework == FRAMEWORK_2024
    first, referral, third = STAGES_2024 if modern else STAGES_2020
    stages = [first]
    if plan.category != "SUDI" and rng.random() < 0.8:
        stages.append(referral)
    if plan.category in CRIME or rng.random() < 0.3:
        stages.append("investigation")
    if rng.random() < 0.25:
        stages.append(third)
    if not modern and plan.category == "CUSTODY":
        stages.append("police_detention")
    if not modern and plan.category == "RSO_MANAGEMENT":
        stages.append("managing_risk_persons")
    return stages


# The story's facts each stage asks about (bank Q5/Q6 first contact, Q7/Q8/Q10 referral and
# partnership, Q15 investigation): a stage cannot be graded better than its facts allow.
STAGE_FACTS: Final[dict[str, tuple[str, ...]]] = {
    "initial_contact": ("seen", "supervision"),
    "initial_response": ("seen", "supervision"),
    "assessment_and_help": ("ppn", "strategy"),
    "risk_assessment_referral": ("ppn",),
    "partnership_working": ("strategy",),
    "investigation": ("supervision",),
}
_BADNESS: Final = {"partly": 1, "late": 1, "no": 2}


def stage_grades(
    rng: random.Random, overall: str, stages: list[str], story: CaseStory | None = None
) -> dict[str, str]:
    """Stage grades that explain the overall grade: the worst stage sets the tone, and no stage
    is graded better than the story's facts in it (nor worse than the overall grade)."""
    rank = GRADES.index(overall)
    grades = {s: GRADES[min(2, max(0, rank + rng.choice((-1, 0, 0, 0))))] for s in stages}
    grades[rng.choice(stages)] = overall
    if story is not None:
        facts = story.facts()
        for stage in stages:
            worst = max((_BADNESS.get(facts.get(f, ""), 0) for f in STAGE_FACTS.get(stage, ())),
                        default=0)  # fmt: skip
            floor = min(rank, worst)
            if GRADES.index(grades[stage]) < floor:
                grades[stage] = GRADES[floor]
    return grades


class CaseWishes:
    """Builds the wishes of one case audit from its plan."""

    def __init__(self, plan: CasePlan, framework: str, fieldwork: Fieldwork, seed: int) -> None:
        self.plan = plan
        self.framework = framework
        self.fieldwork = fieldwork
        self.rng = stream(seed, f"case:{plan.ref}")
        self.story = tell(self.rng, plan.category, plan.grade, AGE_BANDS.get(plan.category,
                          ALL_AGES))  # fmt: skip
        self.stages = stages_for(self.rng, plan, framework)
        self.grades = stage_grades(self.rng, plan.grade, self.stages, self.story)
        self.answers: dict[str, str] = {}

    def wishes(self) -> Wishes:
        rng, plan = self.rng, self.plan
        secondary = self._secondary()
        categories = {plan.category, *(secondary if isinstance(secondary, list) else [])}
        fixed: dict[str, Wish] = {
            "audit_ref": plan.ref,
            "framework_version": self.framework,
            "inspection_stage": "full_inspection",
            "child_detained": "yes" if "CUSTODY" in categories else "no",
            "sample_source": plan.sample_source,
            "force_self_assessed": "yes" if plan.agreement else "no",
            "primary_category": plan.category,
            "secondary_categories": secondary,
            "category_other_detail": Candidates(text.pick(rng, text.OTHER_CATEGORY)),
            "child_age_band": self.story.age_band,
            "children_in_case": self.story.children,
            "context_flags": self._context(),
            "journey_stages_applicable": self.stages,
            "case_summary": self.story.summary(rng),
            "hmicfrs_grade": plan.grade,
            "grade_rationale": Candidates(self.story.rationales(rng)),
            "key_learning_tags": self._themes(),
            "potential_finding": self._potential_finding(),
            **self._period(),
            **self._self_assessment(),
            **self._immediate_risk(),
        }
        return Wishes(fixed=fixed, rule=self.stage_rule)

    def stage_rule(self, name: str) -> Wish | None:
        """Bank questions, notes and stage grades: consistent with each stage's grade."""
        field = _STAGE_FIELD.match(name)
        if field and field["stage"] in self.grades:
            return self._stage_field(field["stage"], field["part"])
        bank = _BANK_QUESTION.match(name)
        if bank is None or bank["stage"] not in self.grades:
            return None
        if bank["note"]:
            answer = self.answers.get(name.removesuffix("_note"), "")
            keep = answer in ("partly", "no") or self.rng.random() < 0.2
            bank_notes = text.QUESTION_NOTES.get(answer, ())
            return Candidates(text.pick(self.rng, bank_notes)) if keep and bank_notes else LEAVE
        told = self.story.bank_answer(int(bank["number"]))
        if told is None and self.rng.random() < 0.1:
            return LEAVE
        answer = told or self._bank_answer(self.grades[bank["stage"]])
        self.answers[name] = answer
        return answer

    def _stage_field(self, stage: str, part: str) -> Wish:
        grade = self.grades[stage]
        if part == "force_stage_grade":
            return stage_force_grade(self.plan, grade)
        if part == "stage_grade":
            return grade
        if part == "evidence_note":
            return Candidates(self.story.evidence(grade))
        if grade == "good":
            return LEAVE
        return Candidates(text.pick(self.rng, text.STAGE_RATIONALE[grade]))

    def _bank_answer(self, grade: str) -> str:
        weights = {"good": (8, 1, 0, 1), "requires_improvement": (4, 4, 2, 1)}
        answers = ("yes", "partly", "no", "not_applicable")
        return self.rng.choices(answers, weights.get(grade, (1, 3, 5, 1)))[0]

    def _secondary(self) -> Wish:
        related = RELATED.get(self.plan.category)
        if related is None or self.rng.random() > 0.35:
            return LEAVE
        return [self.rng.choice(related)]

    def _context(self) -> list[str]:
        flags = ("looked_after", "cp_plan", "cin", "send_disability", "previous_police_contact")
        looked_after = "looked-after" in self.story.opening.text.lower()
        if self.rng.random() < 0.2 and not looked_after:
            return ["none_known"]
        chosen = self.rng.sample(flags, self.rng.choice((1, 1, 2)))
        if looked_after and "looked_after" not in chosen:
            chosen.append("looked_after")
        if self.plan.category == "MISSING":
            chosen.append("repeat_missing")
        return chosen

    def _themes(self) -> Wish:
        themes = list(THEMES[self.plan.category])
        if self.plan.grade != "good":
            themes.append(self.rng.choice(("supervision", "voice_of_child", "information_sharing")))
        return sorted(set(self.rng.sample(themes, min(2, len(themes)))))

    def _potential_finding(self) -> Wish:
        choices = {
            "good": ("strength", "area_of_notable_practice"),
            "requires_improvement": ("area_for_improvement",),
            "inadequate": ("area_for_improvement", "cause_of_concern"),
        }[self.plan.grade]
        return [self.rng.choice(choices)] if self.rng.random() < 0.6 else LEAVE

    def _period(self) -> dict[str, Wish]:
        back = self.rng.randint(2, 8)
        return {
            "period_start_month": self.fieldwork.month(back),
            "period_end_month": self.fieldwork.month(max(1, back - self.rng.randint(0, 3))),
        }

    def _self_assessment(self) -> dict[str, Wish]:
        grade = force_grade(self.plan)
        if grade is None:
            return {}
        roles = ("sergeant", "inspector", "chief_inspector_plus", "police_staff_qa")
        reasons = tuple(
            r
            for r in text.DISAGREEMENT.get(self.plan.agreement or "", ())
            if "strategy" not in r or self.story.strategy == "no"
        )
        return {
            "force_self_grade": grade,
            "force_auditor_role": self.rng.choice(roles),
            "disagreement_reason": Candidates(text.pick(self.rng, reasons)) if reasons else LEAVE,
            "moderated_grade": LEAVE,
        }

    def _immediate_risk(self) -> dict[str, Wish]:
        if not self.plan.immediate_risk:
            return {"immediate_risk": "no"}
        status = self.rng.choice(
            ("acknowledged", "action_taken", "action_taken", "awaiting_response")
        )
        notes = text.FORCE_ACTION_NOTES.get(status, ())
        returned = self.fieldwork.date(self.plan.day)
        at = f"T{self.rng.randint(10, 16):02d}:{self.rng.choice((5, 20, 40)):02d}"
        return {
            "immediate_risk": "yes",
            "risk_description": Candidates(self.story.risk(self.rng)),
            "returned_to_force_at": returned.isoformat() + at,
            "force_recipient_role": self.rng.choice(("force_liaison_officer", "duty_inspector")),
            "lead_inspector_informed": "yes",
            "force_action_status": status,
            "force_action_note": Candidates(text.pick(self.rng, notes)) if notes else LEAVE,
        }
