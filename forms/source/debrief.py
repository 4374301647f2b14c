"""Form 4, the daily team, daily force and hot debrief (DOMAIN.md §8), one form by debrief_type."""

from __future__ import annotations

from typing import Final

from forms.source.blocks import (
    any_of,
    evidence,
    framework_areas,
    framework_version,
    group,
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
NEEDS_EVIDENCE: Final = (
    "area_for_improvement",
    "cause_of_concern",
    "accelerated_cause_of_concern",
)
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
        framework_version(),
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
        evidence(
            "supporting_evidence",
            "Supporting evidence",
            ("case_audit", "reality_test", "observation"),
            hint="Case audits, reality tests and observations that support the item.",
            required=any_of("item_type", *NEEDS_EVIDENCE),
            required_message="An area for improvement or cause of concern must cite the "
            "evidence behind it: link at least one record.",
        ),
        Row(
            "text",
            "draft_recommendation",
            "Draft recommendation",
            required=any_of("item_type", "cause_of_concern", "accelerated_cause_of_concern"),
            required_message="A cause of concern is always accompanied by a recommendation.",
            appearance="multiline",
        ),
        Row(
            "select_one rec_timescale",
            "rec_timescale",
            "Recommendation timescale",
            required="yes",
            required_message="Give the recommendation a timescale.",
            relevant="${draft_recommendation}!=''",
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
    version="2026113001",
    title="NCPI debrief (daily and hot)",
    title_field="debrief_ref",
    survey=(
        *DETAILS,
        *attendees("hmicfrs_attendees", "hmicfrs_role", "HMICFRS attendees", "Mynychwyr HMICFRS"),
        *attendees(
            "force_attendees", "force_role", "Force attendees", "Mynychwyr o'r heddlu", WITH_FORCE
        ),
        *ITEMS,
        *PROVISIONAL,
        *ACTIONS,
        *SIGN_OFF,
    ),
    choices=(*SHARED_LISTS, DEBRIEF_TYPE, HMICFRS_ROLE, FORCE_ROLE, OWNER_ROLE, SECURITY_MARKING),
)
