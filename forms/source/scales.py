"""Shared choice lists: DOMAIN.md §2 scales, §3 categories, §1.2 areas and §1.9 themes."""

from __future__ import annotations

from typing import Final

from forms.source.model import ChoiceList, Option, options

FRAMEWORK_2020: Final = "ncpi_2020_journey"
FRAMEWORK_2024: Final = "ncpi_2024_five_topics"
BOTH_FRAMEWORKS: Final = "both"

# §2 grading scales. Welsh follows HMICFRS's Welsh-language graded reports.
CASE_GRADE = options(
    "case_grade",
    ("good", "Good", "Da"),
    ("requires_improvement", "Requires improvement", "Angen gwella"),
    ("inadequate", "Inadequate", "Annigonol"),
)
CASE_STAGE_GRADE = ChoiceList(
    "case_stage_grade",
    (*CASE_GRADE.options, Option("not_applicable", "Not applicable", "Ddim yn berthnasol")),
)
FORCE_GRADE_5 = options(
    "force_grade_5",
    ("outstanding", "Outstanding", "Rhagorol"),
    ("good", "Good", "Da"),
    ("adequate", "Adequate", "Digonol"),
    ("requires_improvement", "Requires improvement", "Angen gwella"),
    ("inadequate", "Inadequate", "Annigonol"),
)
QUESTION_ANSWER = options(
    "question_answer",
    ("yes", "Yes"),
    ("partly", "Partly"),
    ("no", "No"),
    ("not_applicable", "Not applicable", "Ddim yn berthnasol"),
    ("not_recorded", "Not recorded"),
)
REALITY_RESULT = options(
    "reality_result",
    ("working_as_described", "Working as described"),
    ("partly_working", "Partly working"),
    ("not_working", "Not working"),
    ("could_not_test", "Could not test"),
)
FINDING_TYPE = options(
    "finding_type",
    ("strength", "Strength", "Cryfder"),
    # The programme's own term (HMICFRS reports: "areas of notable practice").
    ("area_of_notable_practice", "Area of notable practice"),
    ("area_for_improvement", "Area for improvement", "Maes i'w wella"),
    ("cause_of_concern", "Cause of concern", "Achos pryder"),
    ("accelerated_cause_of_concern", "Accelerated cause of concern"),
    ("neutral_context", "Neutral / context"),
)
REC_TIMESCALE = options(
    "rec_timescale",
    ("immediately", "Immediately", "Ar unwaith"),
    ("within_3_months", "Within three months", "O fewn tri mis"),
    ("within_6_months", "Within six months", "O fewn chwe mis"),
    ("other", "Other timescale", "Arall"),
)
CORROBORATION = options(
    "corroboration",
    ("single_source", "Single source"),
    ("corroborated", "Corroborated"),
    ("contradicted", "Contradicted"),
)
YES_NO = options("yes_no", ("yes", "Yes"), ("no", "No"))

# Two stages of the programme: a full inspection, or a revisit / post-inspection review that
# follows up the recommendations of an earlier one.
INSPECTION_STAGE = options(
    "inspection_stage",
    ("full_inspection", "Full inspection"),
    ("revisit", "Revisit / post-inspection review"),
)
REC_PROGRESS = options(
    "rec_progress",
    ("not_met", "Not met"),
    ("partly_met", "Partly met"),
    ("met", "Met"),
)
# Partner agencies, for the hot debrief's list of those present.
PARTNER_AGENCY = options(
    "partner_agency",
    ("csc", "Children's social care"),
    ("health", "Health"),
    ("education", "Education"),
    ("probation_yot", "Probation / youth offending team"),
    ("safeguarding_partnership", "Safeguarding partnership"),
    ("other", "Other partner agency"),
)

# §1.2: the framework version and the areas (journey stages / topics) it offers.
FRAMEWORK_VERSION = options(
    "framework_version",
    (FRAMEWORK_2020, "NCPI 2014–2023: the child's journey", "NCPI 2014–2023: taith y plentyn"),
    (FRAMEWORK_2024, "NCPI 2024 onward: five topics", "NCPI 2024 ymlaen: pum pwnc"),
)
FRAMEWORK_AREA = ChoiceList(
    "framework_area",
    (
        Option("initial_contact", "Initial contact", "Cyswllt cychwynnol", FRAMEWORK_2020),
        Option("assessment_and_help", "Assessment and help", "Asesu a chymorth", FRAMEWORK_2020),
        Option("investigation", "Investigation", "Ymchwilio", BOTH_FRAMEWORKS),
        Option("decision_making", "Decision-making", "Gwneud penderfyniadau", FRAMEWORK_2020),
        Option("trusted_adult", "Trusted adult", "Oedolyn dibynadwy", FRAMEWORK_2020),
        Option(
            "managing_risk_persons",
            "Managing those who pose a risk to children",
            "Rheoli'r rhai sy'n peri risg i blant",
            FRAMEWORK_2020,
        ),
        Option("police_detention", "Police detention", "Dalfa'r heddlu", FRAMEWORK_2020),
        Option(
            "leadership_mgmt_governance",
            "Leadership, management and governance",
            "Arweinyddiaeth, rheolaeth a llywodraethu",
            FRAMEWORK_2020,
        ),
        Option("leadership", "Leadership", "Arweinyddiaeth", FRAMEWORK_2024),
        Option(
            "partnership_working",
            "Partnership working",
            "Gweithio mewn partneriaeth",
            FRAMEWORK_2024,
        ),
        Option("initial_response", "Initial response", "Ymateb cychwynnol", FRAMEWORK_2024),
        Option(
            "risk_assessment_referral",
            "Risk assessment and referral",
            "Asesu risg ac atgyfeirio",
            FRAMEWORK_2024,
        ),
        Option("other", "Other", "Arall", BOTH_FRAMEWORKS),
    ),
)
# The filter every framework-area question carries.
FRAMEWORK_FILTER: Final = f"framework=${{framework_version}} or framework='{BOTH_FRAMEWORKS}'"

# §3 areas of child protection (primary and secondary category share the list).
CASE_CATEGORY = options(
    "case_category",
    ("DA_CHILD_PRESENT", "Domestic abuse incident with child present or normally resident"),
    ("MISSING", "Missing or absent child (including missing from care)"),
    ("CSE", "Child sexual exploitation"),
    ("CCE", "Child criminal exploitation / county lines"),
    ("ONLINE_CSA", "Online child sexual abuse / indecent images"),
    ("CHILD_ABUSE_NEGLECT", "Child abuse or neglect investigation (including s47 enquiries)"),
    ("REFERRAL_PPN", "Referral / PPN to children's social care"),
    ("POLICE_PROTECTION", "Child taken into police protection (s46 Children Act 1989)"),
    ("CUSTODY", "Child detained in police custody"),
    ("SUDI", "Sudden and unexpected death of a child or infant"),
    ("RSO_MANAGEMENT", "Management of a registered sex offender / person posing a risk"),
    ("OTHER", "Other (specify)"),
)

# §1.9 themes: key learning tags on a case, theme tags on an observation.
THEME = options(
    "theme",
    ("control_room_research", "Control room research highlighting risk to children"),
    ("da_scheduled_appointment", "DA calls with children present resolved by appointment"),
    ("missing_risk_grading", "Risk grading of missing children"),
    ("missing_exploitation_links", "Links between missing episodes and exploitation"),
    ("deployment_delay", "Delays deploying to incidents with vulnerable people"),
    ("call_handling_qa", "Quality assurance of call handling"),
    ("voice_of_child", "Speaking to children; recording behaviour, demeanour and views"),
    ("ppn_quality", "PPN submission and quality"),
    ("information_sharing", "Information sharing with partners"),
    ("strategy_discussions", "Timeliness of strategy discussions"),
    ("supervision", "Supervision matched to the type of risk"),
    ("investigation_quality", "Child protection and exploitation investigation quality"),
    ("online_csa_investigation", "Online child sexual abuse investigations"),
    ("rso_management", "Registered sex offender management"),
    ("police_protection_powers", "Use and recording of police protection powers"),
    ("children_in_custody", "Children's welfare on arrest and in custody"),
    ("daily_management_meetings", "Daily management meeting oversight"),
    ("senior_commitment", "Leadership: senior commitment"),
    ("partnership_contribution", "Leadership: contribution to partnerships"),
    ("structured_oversight", "Leadership: structured oversight"),
    ("performance_information_qa", "Leadership: performance information and QA"),
    ("it_systems", "Leadership: IT systems"),
    ("qualified_investigators", "Leadership: enough qualified investigators"),
    ("staff_wellbeing", "Leadership: staff wellbeing"),
    ("training_awareness", "Training and awareness"),
)

# §5E, reused by the reality test and the observation.
FORCE_RECIPIENT_ROLE = options(
    "force_recipient_role",
    ("force_liaison_officer", "Force liaison officer"),
    ("duty_inspector", "Duty inspector"),
    ("head_of_public_protection", "Head of public protection"),
    ("other", "Other role"),
)
FORCE_ACTION_STATUS = options(
    "force_action_status",
    ("awaiting_response", "Awaiting response"),
    ("acknowledged", "Acknowledged"),
    ("action_taken", "Action taken"),
    ("no_action_with_rationale", "No action, with rationale"),
)

# (proposed) Rank or grade for role-only attribution of staff and participants.
RANK_OR_GRADE = options(
    "rank_or_grade",
    ("constable", "Constable / detective constable"),
    ("sergeant", "Sergeant"),
    ("inspector", "Inspector"),
    ("chief_inspector", "Chief inspector"),
    ("superintendent_or_above", "Superintendent or above"),
    ("police_staff", "Police staff"),
    ("partner_agency", "Partner agency staff"),
    ("not_known", "Not known"),
)

SHARED_LISTS: Final[tuple[ChoiceList, ...]] = (
    CASE_GRADE,
    CASE_STAGE_GRADE,
    FORCE_GRADE_5,
    QUESTION_ANSWER,
    REALITY_RESULT,
    FINDING_TYPE,
    REC_TIMESCALE,
    CORROBORATION,
    YES_NO,
    INSPECTION_STAGE,
    REC_PROGRESS,
    PARTNER_AGENCY,
    FRAMEWORK_VERSION,
    FRAMEWORK_AREA,
    CASE_CATEGORY,
    THEME,
    FORCE_RECIPIENT_ROLE,
    FORCE_ACTION_STATUS,
    RANK_OR_GRADE,
)
