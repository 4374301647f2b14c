"""Form 2, the reality test (DOMAIN.md §6), with location-specific checks shown per location."""

from __future__ import annotations

from typing import Final

from forms.source.blocks import (
    NO_NAMES_HINT,
    belongs_to_inspection,
    context_considered,
    count,
    evidence,
    framework_areas,
    framework_version,
    group,
    immediate_risk,
    inspection_stage,
    reference,
)
from forms.source.model import Instrument, Row, options
from forms.source.scales import SHARED_LISTS

LOCATION_TYPE = options(
    "location_type",
    ("control_room_contact_centre", "Control room / contact centre"),
    ("mash_front_door", "MASH / front door"),
    ("custody_suite", "Custody suite"),
    ("public_protection_caiu", "Public protection / CAIU"),
    ("missing_persons_unit", "Missing persons unit"),
    ("online_csa_team", "Online CSA team"),
    ("rso_management_team", "RSO management team"),
    ("response_or_neighbourhood_briefing", "Response or neighbourhood briefing"),
    ("daily_management_meeting", "Daily management meeting"),
    ("partnership_meeting", "Partnership meeting (strategy discussion, MARAC, MACE)"),
    ("other", "Other location"),
)
METHOD = options(
    "rt_method",
    ("live_observation", "Live observation"),
    ("walkthrough_of_system", "Walkthrough of a system"),
    ("dip_check_live_records", "Dip check of live records"),
    ("staff_conversation", "Conversation with staff"),
    ("document_or_log_check", "Document or log check"),
    ("demonstration", "Demonstration"),
)
PARTNER = options(
    "co_located_partner",
    ("csc", "Children's social care"),
    ("health", "Health"),
    ("education", "Education"),
    ("probation", "Probation"),
    ("other", "Other"),
)
CORROBORATES = options(
    "corroborates_or_contradicts",
    ("corroborates", "Corroborates"),
    ("contradicts", "Contradicts"),
    ("mixed", "Mixed"),
)


def check(name: str, label: str) -> Row:
    """A location check answered on the question_answer scale; N/A and not recorded allowed."""
    return Row(
        "select_one question_answer",
        name,
        label,
        required="yes",
        required_message="Answer the check, or mark it not applicable or not recorded.",
    )


def at_location(location: str, label: str, label_cy: str, rows: tuple[Row, ...]) -> tuple[Row, ...]:
    return group(
        location, label, rows, label_cy=label_cy, relevant=f"${{location_type}}='{location}'"
    )


LOCATION_CHECKS: Final = (
    *at_location(
        "custody_suite",
        "Custody suite checks",
        "Gwiriadau'r ddalfa",
        (
            count("children_in_custody_now", "Children in custody now"),
            count(
                "children_held_overnight_last_24h", "Children held overnight in the last 24 hours"
            ),
            check("appropriate_adult_arrangements", "Are appropriate adult arrangements working?"),
            count("s38_6_transfer_requests_checked", "PACE s38(6) transfer requests checked"),
            Row(
                "integer",
                "s38_6_transfers_achieved",
                "PACE s38(6) transfers achieved",
                constraint=". >= 0 and . <= coalesce(${s38_6_transfer_requests_checked}, .)",
                constraint_message="Transfers achieved cannot exceed the requests checked.",
            ),
            check("welfare_considered_on_arrest", "Was the child's welfare considered on arrest?"),
        ),
    ),
    *at_location(
        "control_room_contact_centre",
        "Control room / contact centre checks",
        "Gwiriadau'r ystafell reoli",
        (
            check("child_risk_research_done", "Is research on risk to children done?"),
            count(
                "diary_appointments_with_children_present",
                "Diary appointments seen where children were present",
            ),
            check("missing_grading_checked", "Is the risk grading of missing children checked?"),
            count("calls_listened_to", "Calls listened to"),
        ),
    ),
    *at_location(
        "mash_front_door",
        "MASH / front door checks",
        "Gwiriadau'r MASH / drws ffrynt",
        (
            count("ppn_backlog_count", "PPNs waiting (backlog)"),
            count("oldest_ppn_hours", "Age of the oldest waiting PPN, in hours"),
            check("strategy_discussion_timeliness", "Are strategy discussions held promptly?"),
            Row("select_multiple co_located_partner", "partners_co_located", "Partners co-located"),
        ),
    ),
    *at_location(
        "daily_management_meeting",
        "Daily management meeting checks",
        "Gwiriadau'r cyfarfod rheoli dyddiol",
        (
            check("missing_children_reviewed", "Are missing children reviewed?"),
            check("police_protection_reviewed", "Are police protection cases reviewed?"),
            check("children_in_custody_reviewed", "Are children in custody reviewed?"),
        ),
    ),
)

STAFF_ENGAGED: Final = group(
    "staff_engaged",
    "Staff engaged",
    (
        Row(
            "text",
            "staff_role",
            "Role",
            hint="For example call handler or MASH researcher. " + NO_NAMES_HINT,
            required="yes",
            required_message="Record the role (never the name).",
        ),
        Row(
            "select_one rank_or_grade",
            "staff_rank_or_grade",
            "Rank or grade",
            required="yes",
            required_message="Record the rank or grade, or 'not known'.",
        ),
        Row(
            "integer",
            "staff_count",
            "How many in this role?",
            required="yes",
            required_message="Record how many staff in this role you engaged.",
            constraint=". >= 1",
            constraint_message="At least one person.",
        ),
    ),
    label_cy="Staff",
    repeat=True,
    hint="One entry per role. " + NO_NAMES_HINT,
)

DETAILS: Final = group(
    "test_details",
    "Reality test",
    (
        reference("rt_ref", "RT", "Reality test reference", "Cyfeirnod y prawf realiti"),
        belongs_to_inspection(),
        framework_version(),
        inspection_stage(),
        Row("date", "date", "Date", required="yes", required_message="Record the date."),
        Row("time", "start_time", "Start time", required="yes", required_message="Record a time."),
        Row("time", "end_time", "End time", required="yes", required_message="Record a time."),
        Row(
            "select_one location_type",
            "location_type",
            "Where was the test?",
            required="yes",
            required_message="Choose the location type: it decides which checks apply.",
        ),
        Row(
            "text",
            "location_other_detail",
            "Which other location?",
            required="yes",
            required_message="Describe the other location.",
            relevant="${location_type}='other'",
        ),
        Row(
            "text",
            "site_label",
            "Site or team",
            hint="Building or team, for example 'North MASH'. No personal data.",
            required="yes",
            required_message="Record the site or team tested.",
        ),
        framework_areas("framework_areas", "Areas of the framework tested"),
        Row(
            "text",
            "claim_being_tested",
            "What did the force say happens?",
            hint="The claim, for example from the self-assessment or a leader interview.",
            required="yes",
            required_message="Record the claim you tested: the result is judged against it.",
            appearance="multiline",
        ),
        Row(
            "select_multiple rt_method",
            "method",
            "How was it tested?",
            required="yes",
            required_message="Choose at least one method.",
        ),
    ),
    label_cy="Manylion y prawf realiti",
)

RESULT: Final = group(
    "test_result",
    "Result",
    (
        Row(
            "integer",
            "records_checked_count",
            "How many live records were checked?",
            required="yes",
            required_message="Record how many live records the dip check covered.",
            relevant="selected(${method}, 'dip_check_live_records')",
            constraint=". >= 1",
            constraint_message="A dip check covers at least one record.",
        ),
        Row(
            "select_one reality_result",
            "result",
            "Does it work as described?",
            required="yes",
            required_message="Record the result of the test.",
        ),
        Row(
            "text",
            "findings",
            "Findings",
            hint=NO_NAMES_HINT,
            required="yes",
            required_message="Record what you found.",
            appearance="multiline",
        ),
        Row(
            "select_one finding_type",
            "finding_type",
            "Type of finding",
            required="yes",
            required_message="Classify the finding.",
        ),
        *context_considered("finding"),
        evidence("linked_case_audits", "Linked case audits", ("case_audit",)),
        Row(
            "select_one corroborates_or_contradicts",
            "corroborates_or_contradicts",
            "Does this corroborate or contradict other evidence?",
        ),
        # Corroboration rests on another method: observations and case audits, not other
        # reality tests.
        evidence(
            "corroboration_links",
            "Which evidence, from another method?",
            ("observation", "case_audit"),
            hint="Observations or case audits this corroborates or contradicts.",
            required="yes",
            required_message="Link at least one observation or case audit this corroborates "
            "or contradicts: corroboration needs another method.",
            relevant="${corroborates_or_contradicts}!=''",
        ),
        Row(
            "text",
            "follow_up_request",
            "Documents or data to request",
            appearance="multiline",
        ),
    ),
    label_cy="Canlyniad",
)

REALITY_TEST: Final = Instrument(
    form_id="reality_test",
    version="2026113003",
    title="NCPI reality test",
    title_field="rt_ref",
    survey=(*DETAILS, *STAFF_ENGAGED, *LOCATION_CHECKS, *RESULT, *immediate_risk()),
    choices=(*SHARED_LISTS, LOCATION_TYPE, METHOD, PARTNER, CORROBORATES),
)
