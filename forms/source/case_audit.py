"""Form 1, the case audit (DOMAIN.md §5): identification, stage blocks, judgment, 5D and 5E."""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from forms.source.blocks import (
    NO_NAMES_HINT,
    any_of,
    belongs_to_inspection,
    framework_areas,
    framework_version,
    group,
    immediate_risk,
    inspection_stage,
    reference,
)
from forms.source.model import Instrument, Row, options
from forms.source.question_bank import BANK, STAGES, Stage
from forms.source.scales import FRAMEWORK_2024, SHARED_LISTS

RI_OR_INADEQUATE: Final = ("requires_improvement", "inadequate")
MONTH_REGEX: Final = "^[0-9]{4}-(0[1-9]|1[0-2])$"
IS_SELF_ASSESSED: Final = "${sample_source}='force_self_assessed' or ${force_self_assessed}='yes'"

SAMPLE_SOURCE = options(
    "sample_source",
    ("hmicfrs_dip_sample", "HMICFRS dip sample"),
    ("force_self_assessed", "Force self-assessed case"),
    ("force_supplied_list", "From a list the force supplied"),
    ("reality_test_follow_up", "Follow-up from a reality test"),
    ("jtai_case_tracking", "JTAI case tracking"),
    ("jtai_case_sampling", "JTAI case sampling"),
)
AGE_BAND = options(
    "child_age_band",
    ("unborn", "Unborn"),
    ("0-1", "0–1"),
    ("2-4", "2–4"),
    ("5-10", "5–10"),
    ("11-15", "11–15"),
    ("16-17", "16–17"),
)
CONTEXT_FLAG = options(
    "context_flag",
    ("looked_after", "Looked after"),
    ("cp_plan", "Child protection plan"),
    ("cin", "Child in need"),
    ("send_disability", "SEND / disability"),
    ("repeat_missing", "Repeat missing or absent"),
    ("previous_police_contact", "Previous police contact"),
    ("none_known", "None known"),
)
FORCE_AUDITOR_ROLE = options(
    "force_auditor_role",
    ("sergeant", "Sergeant"),
    ("inspector", "Inspector"),
    ("chief_inspector_plus", "Chief inspector or above"),
    ("police_staff_qa", "Police staff (quality assurance)"),
    ("other", "Other role"),
)


def category_matches(categories: tuple[str, ...]) -> str:
    """True when the primary category, or any secondary one, is among ``categories``."""
    parts = [f"${{primary_category}}='{c}'" for c in categories]
    parts += [f"selected(${{secondary_categories}}, '{c}')" for c in categories]
    return " or ".join(parts)


def month(name: str, label: str, *, constraint: str = "", message: str = "") -> Row:
    return Row(
        "text",
        name,
        label,
        hint="Year and month only, for example 2025-03.",
        required="yes",
        required_message="Give the month as YYYY-MM.",
        constraint=f"regex(., '{MONTH_REGEX}')" + (f" and {constraint}" if constraint else ""),
        constraint_message=message or "Use YYYY-MM, for example 2025-03: month only, no day.",
    )


IDENTIFICATION: Final = group(
    "identification",
    "Identification",
    (
        reference("audit_ref", "CA", "Audit reference", "Cyfeirnod yr archwiliad"),
        Row(
            "note",
            "pseudonym_note",
            "The force's own incident, crime or custody number is not recorded here. "
            "The app holds it apart, in the encrypted key table, for returning the case.",
        ),
        belongs_to_inspection(),
        framework_version(),
        inspection_stage(),
        Row(
            "select_one sample_source",
            "sample_source",
            "How was this case sampled?",
            required="yes",
            required_message="Record how the case came into the sample.",
        ),
        Row(
            "select_one yes_no",
            "force_self_assessed",
            "Has the force graded this case itself?",
            hint="Answer yes to compare the force's own grade with yours.",
            required="yes",
            required_message="Say whether the force graded this case itself.",
            constraint="${sample_source}!='force_self_assessed' or .='yes'",
            constraint_message="A case from the force's self-assessed sample has a force grade.",
        ),
        Row(
            "select_one case_category",
            "primary_category",
            "Primary area of child protection",
            hint="The breakdown tables use this category.",
            required="yes",
            required_message="Choose the primary category: the grade tables are built from it.",
        ),
        Row(
            "select_multiple case_category",
            "secondary_categories",
            "Secondary areas of child protection",
            hint="For example a missing episode linked to CSE.",
            constraint="not(selected(., ${primary_category}))",
            constraint_message="The primary category cannot also be a secondary one.",
        ),
        Row(
            "text",
            "category_other_detail",
            "Which other area?",
            required="yes",
            required_message="Say what the other area of child protection is.",
            relevant=category_matches(("OTHER",)),
        ),
        month("period_start_month", "First month of the period reviewed"),
        month(
            "period_end_month",
            "Last month of the period reviewed",
            constraint="number(translate(., '-', '')) >= "
            "number(translate(${period_start_month}, '-', ''))",
            message="Use YYYY-MM, no earlier than the first month of the period.",
        ),
        Row(
            "select_one child_age_band",
            "child_age_band",
            "Age band of the child",
            required="yes",
            required_message="Choose an age band (never a date of birth).",
        ),
        Row(
            "integer",
            "children_in_case",
            "How many children are in the case?",
            required="yes",
            required_message="Record how many children the case concerns.",
            constraint=". >= 1",
            constraint_message="A case concerns at least one child.",
        ),
        Row(
            "select_multiple context_flag",
            "context_flags",
            "Context",
            constraint="not(selected(., 'none_known')) or count-selected(.) = 1",
            constraint_message="'None known' cannot be combined with other context.",
        ),
        Row(
            "select_one yes_no",
            "child_detained",
            "Did the case involve police detention of the child?",
            hint="Arrest or custody. The detention questions are asked only when it did.",
            required="yes",
            required_message="Say whether the child was detained: it decides whether the "
            "detention questions apply.",
            constraint="not(" + category_matches(("CUSTODY",)) + ") or .='yes'",
            constraint_message="The case is categorised as a child detained in custody: "
            "answer yes.",
        ),
        replace(
            framework_areas(
                "journey_stages_applicable", "Which stages or topics apply to this case?"
            ),
            constraint="not(selected(., 'police_detention')) or ${child_detained}='yes'",
            constraint_message="The police detention stage applies only to a case in which "
            "the child was detained.",
        ),
        Row(
            "text",
            "case_summary",
            "Case summary",
            hint="At most 600 characters. No names, addresses or dates. " + NO_NAMES_HINT,
            required="yes",
            required_message="Summarise the case in a few lines.",
            constraint="string-length(.) <= 600",
            constraint_message="Keep the summary to 600 characters or fewer.",
            appearance="multiline",
        ),
    ),
    label_cy="Adnabod yr achos",
)


def stage_question(stage: Stage, number: int, only_2024: bool) -> tuple[Row, ...]:
    item = BANK[number]
    conditions = []
    if item.categories:
        conditions.append(category_matches(item.categories))
    if item.detention:
        conditions.append("${child_detained}='yes'")
    if only_2024:
        conditions.append(f"${{framework_version}}='{FRAMEWORK_2024}'")
    relevant = " and ".join(f"({c})" for c in conditions)
    name = f"{stage.code}_q{number:02d}"
    return (
        Row(
            "select_one question_answer",
            name,
            f"{number}. {item.text}",
            relevant=relevant,
        ),
        Row(
            "text",
            f"{name}_note",
            "Note",
            hint="Optional. What on the record supports the answer?",
            relevant=f"${{{name}}}!=''",
        ),
    )


DESCRIBE_OTHER_STAGE: Final = Row(
    "text",
    "other_stage_description",
    "Which area is this block about?",
    required="yes",
    required_message="Name the area this block grades.",
)


def stage_block(stage: Stage) -> tuple[Row, ...]:
    grade = f"{stage.code}_stage_grade"
    ri_or_inadequate = any_of(grade, *RI_OR_INADEQUATE)
    items = [stage_question(stage, n, only_2024=False) for n in stage.items]
    items += [stage_question(stage, n, only_2024=True) for n in stage.items_2024]
    rows = (
        *((DESCRIBE_OTHER_STAGE,) if stage.code == "other" else ()),
        *(row for pair in items for row in pair),
        Row(
            "select_one case_stage_grade",
            grade,
            f"Grade for {stage.label.lower()}",
            f"Gradd: {stage.label_cy}",
            required="yes",
            required_message="Grade this stage, or mark it not applicable.",
            required_message_cy="Rhowch radd ar gyfer y cam hwn.",
        ),
        Row(
            "text",
            f"{stage.code}_evidence_note",
            "Evidence",
            hint="What on the record supports the grade.",
            required=ri_or_inadequate,
            required_message="Cite the evidence on the record for a requires-improvement or "
            "inadequate grade.",
            appearance="multiline",
        ),
        Row(
            "text",
            f"{stage.code}_rationale",
            "Rationale",
            hint="Why this grade and not the one above it.",
            required=ri_or_inadequate,
            required_message="Explain why the stage requires improvement or is inadequate.",
            appearance="multiline",
        ),
        *stage_self_assessment(stage),
    )
    return group(
        f"stage_{stage.code}",
        stage.label,
        rows,
        label_cy=stage.label_cy,
        relevant=f"selected(${{journey_stages_applicable}}, '{stage.code}')",
    )


def stage_self_assessment(stage: Stage) -> tuple[Row, ...]:
    """§5D stage by stage: the force's grade for this stage and whether the two agree."""
    force_grade = f"{stage.code}_force_stage_grade"
    return (
        Row(
            "select_one case_stage_grade",
            force_grade,
            f"The force's own grade for {stage.label.lower()}",
            required="yes",
            required_message="Record the force's grade for this stage (or not applicable), so "
            "agreement can be compared stage by stage.",
            relevant=IS_SELF_ASSESSED,
        ),
        Row(
            "calculate",
            f"{stage.code}_hmicfrs_stage_rank",
            calculation=rank(f"{stage.code}_stage_grade"),
        ),
        Row("calculate", f"{stage.code}_force_stage_rank", calculation=rank(force_grade)),
        Row(
            "calculate",
            f"{stage.code}_stage_agreement",
            calculation=agreement(
                f"{stage.code}_hmicfrs_stage_rank", f"{stage.code}_force_stage_rank"
            ),
        ),
    )


def agreement(hmicfrs_rank: str, force_rank: str) -> str:
    """agree / hmicfrs_lower / hmicfrs_higher from two ranks; not_self_assessed; '' if ungraded."""
    return (
        f"if(not({IS_SELF_ASSESSED}), 'not_self_assessed', "
        f"if(${{{hmicfrs_rank}}}=0 or ${{{force_rank}}}=0, '', "
        f"if(${{{hmicfrs_rank}}}=${{{force_rank}}}, 'agree', "
        f"if(${{{hmicfrs_rank}}} < ${{{force_rank}}}, 'hmicfrs_lower', "
        "'hmicfrs_higher'))))"
    )


def rank(field: str) -> str:
    """A case grade's ordinal position: good 3, requires improvement 2, inadequate 1, none 0."""
    return (
        f"if(${{{field}}}='good', 3, if(${{{field}}}='requires_improvement', 2, "
        f"if(${{{field}}}='inadequate', 1, 0)))"
    )


OVERALL: Final = group(
    "overall_judgment",
    "Overall judgment",
    (
        Row(
            "select_one case_grade",
            "hmicfrs_grade",
            "HMICFRS grade for the case",
            "Gradd HMICFRS ar gyfer yr achos",
            required="yes",
            required_message="Give the case an overall grade.",
        ),
        Row(
            "text",
            "grade_rationale",
            "Why this grade?",
            hint="At least 50 characters for requires improvement or inadequate.",
            required="yes",
            required_message="Explain the overall grade.",
            constraint="not(" + any_of("hmicfrs_grade", *RI_OR_INADEQUATE) + ") "
            "or string-length(normalize-space(.)) >= 50",
            constraint_message="A requires-improvement or inadequate grade needs a fuller "
            "rationale (at least 50 characters).",
            appearance="multiline",
        ),
        Row("select_multiple theme", "key_learning_tags", "Key learning"),
        Row(
            "select_multiple finding_type",
            "potential_finding",
            "Could this case support a finding?",
            hint="Links the case to draft strengths, AFIs, causes of concern or practice.",
        ),
    ),
    label_cy="Barn gyffredinol",
)

SELF_ASSESSMENT: Final = (
    *group(
        "self_assessment",
        "Force self-assessment comparison",
        (
            Row(
                "select_one case_grade",
                "force_self_grade",
                "The force's own grade",
                "Gradd yr heddlu ei hun",
                required="yes",
                required_message="Record the grade the force gave this case.",
            ),
            Row("select_one force_auditor_role", "force_auditor_role", "Force auditor's role"),
            Row(
                "text",
                "disagreement_reason",
                "Why does your grade differ from the force's?",
                required="yes",
                required_message="Explain the difference: it feeds the moderation of force "
                "self-assessment.",
                relevant="${force_self_grade}!='' and ${force_self_grade}!=${hmicfrs_grade}",
                appearance="multiline",
            ),
            Row("select_one case_grade", "moderated_grade", "Moderated grade (after moderation)"),
            Row(
                "text",
                "moderator_id",
                "Moderator's inspector code",
                hint="Inspector code, not a name.",
                required="yes",
                required_message="Record the moderator's inspector code.",
                relevant="${moderated_grade}!=''",
            ),
        ),
        label_cy="Cymharu â hunanasesiad yr heddlu",
        relevant=IS_SELF_ASSESSED,
    ),
    Row("calculate", "hmicfrs_grade_rank", calculation=rank("hmicfrs_grade")),
    Row("calculate", "force_self_grade_rank", calculation=rank("force_self_grade")),
    Row(
        "calculate",
        "self_assessment_agreement",
        calculation=agreement("hmicfrs_grade_rank", "force_self_grade_rank"),
    ),
)

INADEQUATE_PROMPT: Final = Row(
    "note",
    "inadequate_risk_prompt",
    "This case is graded inadequate. Decide now whether it shows an immediate risk to a child "
    "that must be returned to the force.",
    relevant="${hmicfrs_grade}='inadequate'",
)

CASE_AUDIT: Final = Instrument(
    form_id="case_audit",
    version="2026113003",
    title="NCPI case audit",
    title_field="audit_ref",
    survey=(
        *IDENTIFICATION,
        *(row for stage in STAGES for row in stage_block(stage)),
        *OVERALL,
        *SELF_ASSESSMENT,
        *immediate_risk(prompt=(INADEQUATE_PROMPT,)),
    ),
    choices=(
        *SHARED_LISTS,
        SAMPLE_SOURCE,
        AGE_BAND,
        CONTEXT_FLAG,
        FORCE_AUDITOR_ROLE,
    ),
)
