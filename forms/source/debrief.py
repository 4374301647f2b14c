"""Form 4, the daily team, daily force and hot debrief (DOMAIN.md §8), one form by debrief_type."""

from __future__ import annotations

from typing import Final

from forms.source.blocks import (
    any_of,
    belongs_to_inspection,
    context_considered,
    evidence,
    framework_areas,
    framework_version,
    group,
    inspection_stage,
    reference,
)
from forms.source.model import Instrument, Row, options
from forms.source.scales import FRAMEWORK_2024, SHARED_LISTS

DEBRIEF_TYPE = options(
    "debrief_type",
    ("team_internal_daily", "Daily team debrief (internal)"),
    ("force_daily", "Daily debrief with the force"),
    ("hot_debrief_end_of_fieldwork", "Hot debrief (end of fieldwork)"),
)
HMICFRS_ROLE = options(
    "hmicfrs_role",
    ("hmi", "HMI"),
    ("lead_inspector", "Lead inspector"),
    ("inspector", "Inspector"),
    ("analyst", "Analyst"),
    ("other", "Other role"),
)
FORCE_ROLE = options(
    "force_role",
    ("chief_constable", "Chief constable"),
    ("deputy_cc", "Deputy chief constable"),
    ("acc", "Assistant chief constable"),
    ("head_public_protection", "Head of public protection"),
    ("force_liaison", "Force liaison"),
    ("pcc_office", "PCC's office"),
    ("other", "Other role"),
)
# Actions may fall to either side, so their owners come from both role lists.
OWNER_ROLE = options(
    "owner_role",
    *((o.name, f"HMICFRS: {o.label}") for o in HMICFRS_ROLE.options if o.name != "other"),
    *((o.name, f"Force: {o.label}") for o in FORCE_ROLE.options if o.name != "other"),
    ("other", "Other role"),
)
SECURITY_MARKING = options(
    "security_marking",
    ("OFFICIAL", "OFFICIAL"),
    ("OFFICIAL-SENSITIVE", "OFFICIAL-SENSITIVE"),
)

HOT: Final = "${debrief_type}='hot_debrief_end_of_fieldwork'"
WITH_FORCE: Final = "${debrief_type}!='' and ${debrief_type}!='team_internal_daily'"
# Every finding cites its evidence, strengths and notable practice as much as concerns; only a
# neutral, context-setting item may stand without a link.
NEEDS_EVIDENCE: Final = (
    "strength",
    "area_of_notable_practice",
    "area_for_improvement",
    "cause_of_concern",
    "accelerated_cause_of_concern",
)
HAS_RECOMMENDATION: Final = "${draft_recommendation}!=''"
REVISIT: Final = "${inspection_stage}='revisit'"
CAVEAT: Final = (
    "Findings are provisional and subject to moderation, quality assurance and the report "
    "process; recommendations are not orders."
)
TOPICS_2024: Final = (
    ("leadership", "Leadership"),
    ("partnership_working", "Partnership working"),
    ("initial_response", "Initial response"),
    ("risk_assessment_referral", "Risk assessment and referral"),
    ("investigation", "Investigation"),
)

DETAILS: Final = group(
    "debrief_details",
    "Debrief",
    (
        reference("debrief_ref", "DB", "Debrief reference", "Cyfeirnod yr ôl-drafodaeth"),
        belongs_to_inspection(),
        framework_version(),
        inspection_stage(),
        Row(
            "select_one debrief_type",
            "debrief_type",
            "Type of debrief",
            required="yes",
            required_message="Choose the type of debrief: it decides who sees what.",
        ),
        Row("date", "date", "Date", required="yes", required_message="Record the date."),
        Row("time", "time", "Time", required="yes", required_message="Record the time."),
        Row(
            "integer",
            "fieldwork_day",
            "Fieldwork day",
            required="yes",
            required_message="Record which day of fieldwork this is.",
            constraint=". >= 1",
            constraint_message="Fieldwork days count from 1.",
        ),
    ),
    label_cy="Ôl-drafodaeth",
)


def attendees(
    name: str, role_list: str, label: str, label_cy: str, relevant: str = ""
) -> tuple[Row, ...]:
    role = Row(
        f"select_one {role_list}",
        role_list,
        "Role",
        required="yes",
        required_message="Record the attendee's role (never the name).",
    )
    return group(
        name, label, (role,), label_cy=label_cy, relevant=relevant, repeat=True,
        hint="One entry per attendee, by role only.",
    )  # fmt: skip


ITEMS: Final = group(
    "items",
    "Items",
    (
        framework_areas("item_area", "Area", multiple=False),
        Row(
            "select_one finding_type",
            "item_type",
            "Type",
            required="yes",
            required_message="Classify the item.",
        ),
        Row(
            "text",
            "headline",
            "Headline",
            required="yes",
            required_message="Give the item a headline.",
            constraint="string-length(.) <= 200",
            constraint_message="Keep the headline to 200 characters or fewer.",
        ),
        *context_considered("item", relevant="${item_type}!='neutral_context'"),
        evidence(
            "supporting_evidence",
            "Supporting evidence",
            ("case_audit", "reality_test", "observation"),
            hint="Case audits, reality tests and observations that support the item and any "
            "recommendation drawn from it.",
            required=f"{any_of('item_type', *NEEDS_EVIDENCE)} or {HAS_RECOMMENDATION}",
            required_message="A finding, and any recommendation, must cite the evidence behind "
            "it: link at least one record.",
        ),
        Row(
            "text",
            "draft_recommendation",
            "Draft recommendation: what is recommended",
            required=any_of("item_type", "cause_of_concern", "accelerated_cause_of_concern"),
            required_message="A cause of concern is always accompanied by a recommendation.",
            appearance="multiline",
        ),
        Row(
            "text",
            "rec_id",
            "Recommendation identifier",
            hint="For example REC-01, numbered in order within the inspection.",
            required="yes",
            required_message="Give the recommendation its REC-## identifier.",
            relevant=HAS_RECOMMENDATION,
            constraint="regex(., '^REC-[0-9]{2}$')",
            constraint_message="Use REC- and two digits, for example REC-03.",
        ),
        Row(
            "text",
            "rec_how",
            "How it could be achieved",
            hint="Examples of how the force could meet it; the force decides how.",
            required="yes",
            required_message="Give at least one example of how it could be achieved.",
            relevant=HAS_RECOMMENDATION,
            appearance="multiline",
        ),
        Row(
            "text",
            "rec_proportionate",
            "Why it is proportionate to this force",
            hint="Weigh the force's context and resources recorded above.",
            required="yes",
            required_message="Explain why the recommendation is proportionate to this force.",
            relevant=HAS_RECOMMENDATION,
            appearance="multiline",
        ),
        Row(
            "select_one rec_timescale",
            "rec_timescale",
            "Recommendation timescale",
            required="yes",
            required_message="Give the recommendation a timescale.",
            relevant=HAS_RECOMMENDATION,
        ),
        Row(
            "text",
            "rec_timescale_detail",
            "Which timescale?",
            required="yes",
            required_message="Describe the timescale.",
            relevant="${rec_timescale}='other'",
        ),
        Row(
            "select_one yes_no",
            "share_with_force",
            "Share this item with the force?",
            required="yes",
            required_message="Say whether this item may be shared with the force.",
            default="no",
        ),
    ),
    label_cy="Eitemau",
    repeat=True,
)

EARLIER_RECOMMENDATIONS: Final = group(
    "earlier_recommendations",
    "Earlier recommendations: progress",
    (
        Row(
            "text",
            "earlier_rec_id",
            "Recommendation (identifier in the earlier report)",
            required="yes",
            required_message="Identify the earlier recommendation.",
        ),
        Row(
            "text",
            "earlier_rec_text",
            "What it recommended",
            required="yes",
            required_message="Record what the earlier recommendation asked for.",
            appearance="multiline",
        ),
        Row(
            "select_one rec_progress",
            "earlier_rec_progress",
            "Progress",
            required="yes",
            required_message="Record whether the recommendation is met, partly met or not met.",
        ),
        evidence(
            "earlier_rec_evidence",
            "Evidence of progress",
            ("case_audit", "reality_test", "observation"),
            hint="The records that show the progress, or its absence.",
            required="yes",
            required_message="Link the evidence the progress judgment rests on.",
        ),
        Row(
            "text",
            "earlier_rec_progress_note",
            "What the evidence shows",
            required="yes",
            required_message="Summarise what the evidence shows about progress.",
            appearance="multiline",
        ),
    ),
    # Welsh headings here await a Welsh speaker's check (see forms/README.md).
    label_cy="Argymhellion cynharach: cynnydd",
    relevant=f"{REVISIT} and {HOT}",
    repeat=True,
    hint="A revisit lists each recommendation of the earlier inspection and its progress.",
)

HOT_RECORD: Final = group(
    "hot_debrief_record",
    "Hot debrief: partners, corrections and returned cases",
    (
        Row(
            "select_multiple partner_agency",
            "partner_agencies_present",
            "Partner agencies present",
        ),
        Row(
            "select_one yes_no",
            "misunderstandings_any",
            "Were any misunderstandings corrected with the force?",
            required="yes",
            required_message="Say whether any misunderstandings were corrected with the force.",
        ),
        Row(
            "text",
            "misunderstandings_corrected",
            "Misunderstandings corrected",
            hint="What was misunderstood, by whom (role), and how it was corrected.",
            required="yes",
            required_message="Record each misunderstanding and how it was corrected.",
            relevant="${misunderstandings_any}='yes'",
            appearance="multiline",
        ),
        # The engine's record list offers kind and status only, so the filter cannot narrow
        # to immediate risk: the inspector picks the case audits that returned a case.
        evidence(
            "cases_returned",
            "Cases returned to the force",
            ("case_audit",),
            hint="The case audits whose immediate risk was returned to the force.",
        ),
    ),
    label_cy="Ôl-drafodaeth boeth: partneriaid, cywiriadau ac achosion a ddychwelwyd",
    relevant=HOT,
)

PROVISIONAL: Final = group(
    "provisional_judgments",
    "Provisional judgments (internal)",
    (
        Row(
            "note",
            "provisional_judgments_note",
            "Internal by default: not shown in the force-facing summary unless the lead HMI "
            "approves.",
        ),
        *(
            Row("select_one force_grade_5", f"provisional_{code}", label)
            for code, label in TOPICS_2024
        ),
    ),
    label_cy="Barnau dros dro (mewnol)",
    relevant=f"{HOT} and ${{framework_version}}='{FRAMEWORK_2024}'",
)

ACTIONS: Final = (
    *group(
        "actions_agreed",
        "Actions agreed",
        (
            Row("text", "action", "Action", required="yes", required_message="Describe it."),
            Row("select_one owner_role", "owner_role", "Owner (role)"),
            Row("date", "due", "Due"),
        ),
        label_cy="Camau gweithredu a gytunwyd",
        repeat=True,
    ),
    *group(
        "outstanding_info_requests",
        "Outstanding information requests",
        (
            Row(
                "text",
                "info_request",
                "Information requested",
                required="yes",
                required_message="Describe the information requested.",
            ),
            Row("select_one owner_role", "info_request_owner_role", "Who is to supply it (role)"),
            Row("date", "info_request_due", "Due"),
        ),
        label_cy="Ceisiadau am wybodaeth sy'n weddill",
        repeat=True,
    ),
)

SIGN_OFF: Final = group(
    "sign_off",
    "Sign-off",
    (
        Row(
            "text",
            "force_response",
            "The force's response",
            required="yes",
            required_message="Record the force's response, or that it gave none.",
            relevant=WITH_FORCE,
            appearance="multiline",
        ),
        Row(
            "select_one yes_no",
            "accelerated_coc_flag",
            "Is an accelerated cause of concern being raised?",
            required="yes",
            required_message="Say whether an accelerated cause of concern is being raised.",
            relevant=HOT,
            constraint=".='yes' or not(selected(join(' ', ${item_type}), "
            "'accelerated_cause_of_concern'))",
            constraint_message="An item is an accelerated cause of concern: answer yes.",
        ),
        Row(
            "text",
            "caveat_text",
            "Caveat",
            required=HOT,
            required_message="The hot debrief must carry the caveat.",
            default=CAVEAT,
            appearance="multiline",
        ),
        Row(
            "select_one yes_no",
            "lead_hmi_approved",
            "Approved by the lead HMI?",
            required="yes",
            required_message="Record whether the lead HMI has approved the debrief.",
            relevant=HOT,
            constraint="${accelerated_coc_flag}!='yes' or .='yes'",
            constraint_message="An accelerated cause of concern needs the lead HMI's sign-off.",
        ),
        Row(
            "text",
            "lead_hmi_approver_code",
            "Approver's inspector code",
            hint="Inspector code, not a name.",
            required="yes",
            required_message="Record the approver's inspector code.",
            relevant="${lead_hmi_approved}='yes'",
        ),
        Row(
            "select_one security_marking",
            "security_marking",
            "Security marking",
            required="yes",
            required_message="Choose the security marking.",
            default="OFFICIAL-SENSITIVE",
        ),
    ),
    label_cy="Cymeradwyo",
)

DEBRIEF: Final = Instrument(
    form_id="debrief",
    version="2026113003",
    title="NCPI debrief (daily and hot)",
    title_field="debrief_ref",
    survey=(
        *DETAILS,
        *attendees("hmicfrs_attendees", "hmicfrs_role", "HMICFRS attendees", "Mynychwyr HMICFRS"),
        *attendees(
            "force_attendees", "force_role", "Force attendees", "Mynychwyr o'r heddlu", WITH_FORCE
        ),
        *ITEMS,
        *EARLIER_RECOMMENDATIONS,
        *HOT_RECORD,
        *PROVISIONAL,
        *ACTIONS,
        *SIGN_OFF,
    ),
    choices=(*SHARED_LISTS, DEBRIEF_TYPE, HMICFRS_ROLE, FORCE_ROLE, OWNER_ROLE, SECURITY_MARKING),
)
