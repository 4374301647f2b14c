"""generate_inspection: a whole synthetic inspection of a fictional force, from a seed."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping, Sequence

from ncpi_field.demo import cases as case_plans
from ncpi_field.demo.answering import Catalogue, FormFiller, Wishes
from ncpi_field.demo.areas import FRAMEWORK_2020, FRAMEWORK_2024
from ncpi_field.demo.debriefs import DebriefWishes, evidence_of, plan_debriefs
from ncpi_field.demo.fieldwork import (
    FieldworkPlan,
    Linkable,
    observation_wishes,
    plan_observations,
    plan_reality_tests,
    reality_test_wishes,
)
from ncpi_field.demo.model import (
    CASE_AUDIT,
    DEBRIEF,
    FORCE_NAME,
    FORM_IDS,
    OBSERVATION,
    REALITY_TEST,
    DemoGenerationError,
    DemoRecord,
    DemoSummary,
    Fieldwork,
    inspection_id,
    record_id,
    stream,
)
from ncpi_field.records import Status
from ncpi_field.xlsform.spec import FormSpec, Question
from ncpi_field.xpath import RawValue

Progress = Callable[[int, int], None]
GENERIC_TEXT = "Recorded on site by the inspector; the working notes hold the detail behind it."


def generate_inspection(
    seed: int,
    *,
    forms: Mapping[str, FormSpec],
    now: dt.datetime,
    namespace: str = "",
    progress: Progress | None = None,
) -> list[DemoRecord]:
    """Every record of one inspection, in saving order (evidence before the debriefs citing it).

    Deterministic for (seed, namespace, now, forms). ``namespace`` (a vault's id) only changes
    the record ids, so two vaults filled with one seed do not share records.
    """
    missing = [form_id for form_id in FORM_IDS if form_id not in forms]
    if missing:
        raise DemoGenerationError(f"The demo needs the forms {', '.join(missing)}.")
    run = _Run(seed, forms, now, namespace, progress)
    return run.records()


def framework_for(seed: int) -> str:
    """Most demo inspections use the current (2024) framework; one in five the 2014–2023 one."""
    return FRAMEWORK_2020 if stream(seed, "framework").random() < 0.2 else FRAMEWORK_2024


class _Run:
    def __init__(
        self,
        seed: int,
        forms: Mapping[str, FormSpec],
        now: dt.datetime,
        namespace: str,
        progress: Progress | None,
    ) -> None:
        self.seed, self.forms, self.namespace = seed, forms, namespace
        self.fieldwork = Fieldwork.ending(now)
        self.framework = framework_for(seed)
        self.progress = progress
        self.cases = case_plans.plan_cases(seed)
        self.tests = plan_reality_tests(seed)
        self.observations = plan_observations(seed)
        self.debriefs = plan_debriefs()
        refs = [p.ref for p in self.cases] + [p.ref for p in self.tests]
        refs += [p.ref for p in self.observations] + [p.ref for p in self.debriefs]
        self.total = len(refs)
        self.ids = {ref: record_id(seed, namespace, ref) for ref in refs}
        kinds = {self.ids[p.ref]: CASE_AUDIT for p in self.cases}
        kinds |= {self.ids[p.ref]: REALITY_TEST for p in self.tests}
        kinds |= {self.ids[p.ref]: OBSERVATION for p in self.observations}
        catalogue = Catalogue(kinds)
        self.fillers = {
            form_id: FormFiller(forms[form_id], now, catalogue, self.fallback)
            for form_id in FORM_IDS
        }
        self.made: list[DemoRecord] = []

    def records(self) -> list[DemoRecord]:
        links = Linkable(
            self.cases,
            {p.ref: self.ids[p.ref] for p in self.cases},
            [(self.ids[p.ref], p.day) for p in self.observations],
            [(self.ids[p.ref], p.day) for p in self.tests],
        )
        for plan in self.cases:
            wishes = case_plans.CaseWishes(plan, self.framework, self.fieldwork, self.seed)
            reference = None
            if plan.immediate_risk:
                rng = stream(self.seed, f"case-reference:{plan.ref}")
                reference = case_plans.case_reference(rng, self.fieldwork)
            self.add(
                CASE_AUDIT,
                plan.ref,
                wishes.wishes(),
                plan.day,
                draft=plan.draft,
                case_reference=reference,
            )
        for test in self.tests:
            self.add_fieldwork(REALITY_TEST, test, reality_test_wishes, links)
        for observation in self.observations:
            self.add_fieldwork(OBSERVATION, observation, observation_wishes, links)
        pool = evidence_of(self.made)
        for debrief in self.debriefs:
            builder = DebriefWishes(debrief, self.framework, self.fieldwork, pool, self.seed)
            self.add(DEBRIEF, debrief.ref, builder.wishes(), debrief.day)
        return list(self.made)

    def add_fieldwork(
        self,
        form_id: str,
        plan: FieldworkPlan,
        make: Callable[[FieldworkPlan, str, Fieldwork, Linkable, int], Wishes],
        links: Linkable,
    ) -> None:
        wishes = make(plan, self.framework, self.fieldwork, links, self.seed)
        self.add(form_id, plan.ref, wishes, plan.day, draft=plan.draft)

    def add(
        self,
        form_id: str,
        ref: str,
        wishes: Wishes,
        day: int,
        *,
        draft: bool = False,
        case_reference: str | None = None,
    ) -> None:
        rng = stream(self.seed, f"fill:{ref}")
        answers = self.fillers[form_id].fill(wishes, rng)
        status: Status = "draft" if draft else "complete"
        spec = self.forms[form_id]
        self.made.append(
            DemoRecord(self.ids[ref], form_id, spec.version, ref, answers, status, day,
                       case_reference)
        )  # fmt: skip
        if self.progress is not None:
            self.progress(len(self.made), self.total)

    def fallback(self, question: Question) -> list[RawValue]:
        """Answers for a required question no plan foresaw (a form revised since)."""
        first_day = self.fieldwork.date(1).isoformat()
        answers: dict[str, list[RawValue]] = {
            "text": [GENERIC_TEXT],
            "integer": [1, 2, 0, 3, 10],
            "decimal": [1.0, 0.0, 2.5],
            "date": [first_day],
            "time": ["10:00"],
            "dateTime": [f"{first_day}T10:00"],
            "acknowledge": ["OK"],
        }
        return answers.get(question.kind, [])


def summarise(
    records: Sequence[DemoRecord], *, seed: int, namespace: str = "", case_references: int = 0
) -> DemoSummary:
    """Counts by form, the grade spread, self-assessment agreement and immediate risks."""
    audits = [r.answers for r in records if r.form_id == CASE_AUDIT]
    agreement = Counter(
        str(a.get("self_assessment_agreement"))
        for a in audits
        if a.get("self_assessment_agreement") not in (None, "", "not_self_assessed")
    )
    return DemoSummary(
        seed=seed,
        force_name=FORCE_NAME,
        inspection_id=inspection_id(seed, namespace),
        records_by_form=dict(Counter(r.form_id for r in records)),
        grades=dict(Counter(str(a.get("hmicfrs_grade")) for a in audits)),
        self_assessed=sum(agreement.values()),
        agreement=dict(agreement),
        immediate_risk=sum(1 for a in audits if a.get("immediate_risk") == "yes"),
        drafts=sum(1 for r in records if r.status == "draft"),
        case_references=case_references,
        categories=dict(Counter(str(a.get("primary_category")) for a in audits)),
    )
