"""Daily and hot debriefs whose items cite the generated evidence (triangulated where possible)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from ncpi_field.demo import phrases_fieldwork as text
from ncpi_field.demo.answering import LEAVE, Candidates, Wish, Wishes
from ncpi_field.demo.areas import FRAMEWORK_2024, TOPICS_2024, area, topic_of
from ncpi_field.demo.model import (
    CASE_AUDIT,
    FIELDWORK_DAYS,
    OBSERVATION,
    REALITY_TEST,
    DemoRecord,
    Fieldwork,
    reference,
    stream,
)
from ncpi_field.demo.phrases_cases import inspector_code, pick

HOT: Final = "hot_debrief_end_of_fieldwork"
# Partner organisations an observation records that the hot debrief's partner list also has.
PARTNER_AGENCIES: Final = frozenset({"csc", "health", "education", "probation_yot"})
TEAM: Final = "team_internal_daily"
FORCE: Final = "force_daily"
NEGATIVE: Final = frozenset({"area_for_improvement", "cause_of_concern", "partly_working",
                             "not_working", "requires_improvement", "inadequate"})  # fmt: skip
POSITIVE: Final = frozenset({"strength", "area_of_notable_practice",
                             "working_as_described", "good"})  # fmt: skip
HOT_ITEMS: Final = (
    "strength",
    "strength",
    "area_of_notable_practice",
    "area_for_improvement",
    "area_for_improvement",
    "area_for_improvement",
    "cause_of_concern",
)
DAILY_ITEMS: Final = ("strength", "area_for_improvement", "area_for_improvement", "neutral_context")


@dataclass(frozen=True)
class DebriefPlan:
    ref: str
    debrief_type: str
    day: int
    time: str


def plan_debriefs() -> list[DebriefPlan]:
    """A debrief at the end of each fieldwork day, and the hot debrief on the last afternoon."""
    plans = [
        DebriefPlan(reference("DB", day), TEAM if day % 2 else FORCE, day, "17:15")
        for day in range(1, FIELDWORK_DAYS + 1)
    ]
    plans[-1] = DebriefPlan(plans[-1].ref, TEAM, FIELDWORK_DAYS, "12:30")
    plans.append(DebriefPlan(reference("DB", FIELDWORK_DAYS + 1), HOT, FIELDWORK_DAYS, "15:30"))
    return plans


@dataclass(frozen=True)
class Evidence:
    """One citable record: its id, method (form id), day, 2024 topics and its leaning."""

    record_id: str
    kind: str
    day: int
    topics: frozenset[str]
    leaning: str  # 'negative', 'positive' or 'neutral'
    returned: bool = False  # a case audit whose immediate risk went back to the force
    partners: frozenset[str] = frozenset()  # partner organisations that took part


def evidence_of(records: Sequence[DemoRecord]) -> list[Evidence]:
    return [
        Evidence(
            r.record_id,
            r.form_id,
            r.fieldwork_day,
            _topics(r.answers),
            _leaning(r.answers),
            r.form_id == CASE_AUDIT and r.answers.get("immediate_risk") == "yes",
            frozenset(
                str(p["participant_organisation"])
                for p in r.answers.get("participants", [])
                if p.get("participant_organisation") in PARTNER_AGENCIES
            ),
        )
        for r in records
        if r.form_id in (CASE_AUDIT, REALITY_TEST, OBSERVATION)
    ]


def _topics(answers: Any) -> frozenset[str]:
    codes = answers.get("journey_stages_applicable") or answers.get("framework_areas") or []
    return frozenset(topic_of(code) for code in codes)


def _leaning(answers: Any) -> str:
    for key in ("hmicfrs_grade", "result", "finding_type"):
        value = answers.get(key)
        if value in NEGATIVE:
            return "negative"
        if value in POSITIVE:
            return "positive"
    return "neutral"


# Which items choose their topic first: concerns, then strengths, then the rest.
_PRIORITY: Final = {
    "cause_of_concern": 0,
    "accelerated_cause_of_concern": 0,
    "area_for_improvement": 1,
    "strength": 2,
    "area_of_notable_practice": 3,
}


def _leaning_of_kind(kind: str) -> str:
    negative = ("area_for_improvement", "cause_of_concern", "accelerated_cause_of_concern")
    return "negative" if kind in negative else "positive"


class DebriefWishes:
    """Builds one debrief's wishes from the evidence gathered up to its day."""

    def __init__(
        self, plan: DebriefPlan, framework: str, fieldwork: Fieldwork, pool: Sequence[Evidence],
        seed: int,
    ) -> None:  # fmt: skip
        self.plan = plan
        self.framework = framework
        self.fieldwork = fieldwork
        self.rng = stream(seed, f"debrief:{plan.ref}")
        self.pool = [e for e in pool if e.day <= plan.day]

    def wishes(self) -> Wishes:
        plan, rng = self.plan, self.rng
        kinds = HOT_ITEMS if plan.debrief_type == HOT else self._daily_kinds()
        items = self._items(kinds)
        fixed: dict[str, Wish] = {
            "debrief_ref": plan.ref,
            "framework_version": self.framework,
            "inspection_stage": "full_inspection",
            "debrief_type": plan.debrief_type,
            "date": self.fieldwork.date(plan.day).isoformat(),
            "time": plan.time,
            "fieldwork_day": plan.day,
            "force_response": Candidates(pick(rng, text.FORCE_RESPONSES)),
            "accelerated_coc_flag": "no",
            "lead_hmi_approved": "yes",
            "lead_hmi_approver_code": inspector_code(rng),
            **self._provisional(items),
            **self._hot_record(),
        }
        repeats: dict[str, list[dict[str, Wish]]] = {
            "hmicfrs_attendees": self._hmicfrs(),
            "force_attendees": self._force(),
            "items": items,
            "actions_agreed": self._actions(),
            "outstanding_info_requests": self._requests(),
        }
        return Wishes(fixed=fixed, repeats=repeats)

    def _hot_record(self) -> dict[str, Wish]:
        """Partners present, corrections made and the cases returned: from what was found."""
        if self.plan.debrief_type != HOT:
            return {}
        corrected = self.rng.random() < 0.5
        return {
            # The partners the team met during fieldwork are those invited to the hot debrief.
            "partner_agencies_present": sorted(set().union(*(e.partners for e in self.pool)))
            or LEAVE,
            "misunderstandings_any": "yes" if corrected else "no",
            "misunderstandings_corrected": Candidates(pick(self.rng, text.MISUNDERSTANDINGS)),
            "cases_returned": [e.record_id for e in self.pool if e.returned] or LEAVE,
        }

    def _daily_kinds(self) -> tuple[str, ...]:
        count = self.rng.randint(2, 4)
        return tuple(self.rng.sample(DAILY_ITEMS, count))

    def _items(self, kinds: tuple[str, ...]) -> list[dict[str, Wish]]:
        """One item per kind, in the order given, on topics that never contradict each other.

        A topic is either praised or criticised in one debrief, never both; each (type, topic)
        is raised once. Concerns pick first (the cause of concern before the areas for
        improvement), leaving a topic free for each strength.
        """
        order = sorted(range(len(kinds)), key=lambda i: _PRIORITY.get(kinds[i], 9))
        reserve = sum(1 for k in kinds if k == "strength")
        leaning_of: dict[str, str] = {}
        raised: set[tuple[str, str]] = set()
        made: dict[int, dict[str, Wish]] = {}
        for index in order:
            kind = kinds[index]
            made[index] = self._item(kind, leaning_of, raised, reserve)
            if kind == "strength":
                reserve -= 1
        return [made[i] for i in range(len(kinds))]

    def _item(
        self, kind: str, leaning_of: dict[str, str], raised: set[tuple[str, str]], reserve: int
    ) -> dict[str, Wish]:
        topic, cited = self._evidence_for(kind, leaning_of, raised, reserve)
        if kind != "neutral_context":
            leaning_of[topic] = _leaning_of_kind(kind)
        raised.add((kind, topic))
        shared = "no" if self.plan.debrief_type == TEAM else "yes"
        if kind in text.HEADLINES:
            headline: Wish = text.HEADLINES[kind][topic]
        else:
            headline = Candidates(pick(self.rng, text.OTHER_HEADLINES[kind]))
        item: dict[str, Wish] = {
            "item_area": area(topic, self.framework),
            "item_type": kind,
            "headline": headline,
            "supporting_evidence": cited if cited else LEAVE,
            "draft_recommendation": LEAVE,
            "share_with_force": shared,
        }
        if kind != "neutral_context":
            item["item_context_force"] = Candidates(pick(self.rng, text.CONTEXT_FORCE[topic]))
            item["item_context_partners"] = Candidates(pick(self.rng, text.CONTEXT_PARTNERS[topic]))
        if kind == "cause_of_concern":
            number = TOPICS_2024.index(topic) + 1
            item["draft_recommendation"] = text.RECOMMENDATIONS[topic]
            item["rec_id"] = f"REC-{number:02d}"
            item["rec_how"] = text.REC_HOW[topic]
            item["rec_proportionate"] = text.REC_PROPORTIONATE[topic]
            item["rec_timescale"] = self.rng.choice(("immediately", "within_3_months"))
        return item

    def _evidence_for(
        self, kind: str, leaning_of: dict[str, str], raised: set[tuple[str, str]], reserve: int
    ) -> tuple[str, list[str]]:
        """A topic open to this item's leaning whose records support it, and some of them.

        Triangulation first: a topic evidenced by two or more methods beats one with more
        records from a single method.
        """
        leaning = _leaning_of_kind(kind)
        if kind == "neutral_context":
            return self.rng.choice(TOPICS_2024), []
        free = [t for t in TOPICS_2024 if t not in leaning_of]
        open_topics = (
            [
                t
                for t in TOPICS_2024
                if leaning_of.get(t, leaning) == leaning
                and (kind, t) not in raised
                and (t in leaning_of or leaning == "positive" or len(free) - 1 >= reserve)
            ]
            or [t for t in TOPICS_2024 if leaning_of.get(t, leaning) == leaning]
            or list(TOPICS_2024)
        )
        scored = []
        for topic in open_topics:
            fits = [e for e in self.pool if topic in e.topics and e.leaning == leaning]
            # With nothing on the topic itself, cite what leans the same way elsewhere: praise
            # never rests on a record that found fault.
            fits = fits or [e for e in self.pool if e.leaning == leaning]
            methods = min(2, len({e.kind for e in fits}))
            fresh = topic not in leaning_of
            scored.append((methods, fresh, len(fits), self.rng.random(), topic, fits))
        *_score, topic, fits = max(scored)
        return topic, self._cite(fits)

    def _cite(self, fits: list[Evidence]) -> list[str]:
        chosen: list[str] = []
        for kind in (CASE_AUDIT, REALITY_TEST, OBSERVATION):
            of_kind = [e.record_id for e in fits if e.kind == kind]
            chosen += self.rng.sample(of_kind, min(len(of_kind), self.rng.randint(1, 2)))
        if len(chosen) < 2:
            rest = [e.record_id for e in fits if e.record_id not in chosen]
            chosen += rest[: 2 - len(chosen)]
        return chosen

    def _provisional(self, items: list[dict[str, Wish]]) -> dict[str, Wish]:
        if self.plan.debrief_type != HOT or self.framework != FRAMEWORK_2024:
            return {}
        worst = dict.fromkeys(TOPICS_2024, "good")
        order = ("good", "adequate", "requires_improvement", "inadequate")
        verdict = {"area_for_improvement": "requires_improvement", "cause_of_concern": "inadequate"}
        for item in items:
            topic = topic_of(str(item["item_area"]))
            found = verdict.get(str(item["item_type"]), "good")
            if order.index(found) > order.index(worst[topic]):
                worst[topic] = found
        return {f"provisional_{topic}": grade for topic, grade in worst.items()}

    def _hmicfrs(self) -> list[dict[str, Wish]]:
        roles = ["lead_inspector", *(["inspector"] * self.rng.randint(1, 3))]
        if self.plan.debrief_type == HOT:
            roles = ["hmi", *roles]
        elif self.rng.random() < 0.3:
            roles.append("analyst")
        return [{"hmicfrs_role": role} for role in roles]

    def _force(self) -> list[dict[str, Wish]]:
        if self.plan.debrief_type == TEAM:
            return []
        if self.plan.debrief_type == HOT:
            roles = ["deputy_cc", "acc", "head_public_protection", "force_liaison", "pcc_office"]
        else:
            roles = ["force_liaison", *(["head_public_protection"] * self.rng.randint(0, 1))]
        return [{"force_role": role} for role in roles]

    def _actions(self) -> list[dict[str, Wish]]:
        if self.plan.debrief_type == TEAM:
            return []
        due = self.fieldwork.date(self.plan.day) + dt.timedelta(days=self.rng.randint(2, 14))
        actions = self.rng.sample(text.ACTIONS, self.rng.randint(1, 2))
        return [
            {"action": action, "owner_role": "force_liaison", "due": due.isoformat()}
            for action in actions
        ]

    def _requests(self) -> list[dict[str, Wish]]:
        if self.plan.day == FIELDWORK_DAYS or self.rng.random() < 0.5:
            return []
        return [
            {
                "info_request": self.rng.choice(text.INFO_REQUESTS),
                "info_request_owner_role": "force_liaison",
            }
        ]
