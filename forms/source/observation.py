"""Form 3, the observation (DOMAIN.md §7): interviews, focus groups, meetings, documents."""

from __future__ import annotations

from typing import Final

from forms.source.blocks import (
    NO_NAMES_HINT,
    belongs_to_inspection,
    context_considered,
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

OBS_TYPE = options(
    "obs_type",
    ("interview_1to1", "One-to-one interview"),
    ("focus_group", "Focus group"),
    ("meeting_observation", "Meeting observation"),
    ("partner_agency_discussion", "Partner agency discussion"),
    ("document_or_data_review", "Document or data review"),
    ("staff_survey_result", "Staff survey result"),
    ("ad_hoc", "Ad hoc"),
)
ORGANISATION = options(
    "organisation",
    ("force", "Police force"),
    ("csc", "Children's social care"),
    ("health", "Health"),
    ("education", "Education"),
    ("probation_yot", "Probation / youth offending team"),
    ("other", "Other"),
)
SENIORITY = options(
    "seniority_level",
    ("chief_officer", "Chief officer"),
    ("senior_leader", "Senior leader"),
    ("middle_manager", "Middle manager"),
    ("supervisor", "Supervisor"),
    ("frontline", "Frontline"),
    ("partner", "Partner"),
)
INTERVIEW_MODE = options(
    "interview_mode",
    ("face_to_face", "Face to face"),
    ("telephone", "Telephone"),
    ("video", "Video call"),
)
SIGNIFICANCE = options("significance", ("low", "Low"), ("medium", "Medium"), ("high", "High"))

DOCUMENT_REVIEW: Final = "${obs_type}='document_or_data_review'"
# Interviews and focus groups: how they were held, whether recorded, whether good practice came up.
CONVERSATION: Final = "${obs_type}='interview_1to1' or ${obs_type}='focus_group'"
# "Corroborated" rests on a record made by another method (a case audit or a reality test).
OTHER_METHODS: Final = ("case_audit", "reality_test")
# (proposed) A quote from a focus group of fewer than three people could identify the speaker.
QUOTE_WITHHELD: Final = "${obs_type}='focus_group' and ${participant_total} < 3"

CONVERSATION_ROWS: Final = (
    Row(
        "select_one interview_mode",
        "interview_mode",
        "How was it held?",
        required="yes",
        required_message="Say whether it was face to face or by telephone or video.",
        relevant=CONVERSATION,
    ),
    Row(
        "select_one yes_no",
        "recorded",
        "Was it recorded?",
        required="yes",
        required_message="Say whether it was recorded.",
        relevant=CONVERSATION,
    ),
    Row(
        "select_one yes_no",
        "recording_consent",
        "Did every participant consent to the recording?",
        required="yes",
        required_message="Record whether the participants consented to the recording.",
        relevant="${recorded}='yes'",
        constraint=".='yes'",
        constraint_message="Record only with every participant's consent: delete a recording "
        "made without it and say so in the evidence statement.",
    ),
    Row(
        "select_one yes_no",
        "good_practice_discussed",
        "Was good practice in the force discussed?",
        required="yes",
        required_message="Say whether good practice in the force was discussed.",
        relevant=CONVERSATION,
    ),
)

PARTICIPANTS: Final = (
    *group(
        "participants",
        "Participants",
        (
            Row(
                "text",
                "participant_role",
                "Role",
                hint="For example DA caseworker or MASH manager. " + NO_NAMES_HINT,
                required="yes",
                required_message="Record the role (never the name).",
            ),
            Row(
                "select_one rank_or_grade",
                "participant_rank_or_grade",
                "Rank or grade",
                required="yes",
                required_message="Record the rank or grade, or 'not known'.",
            ),
            Row(
                "select_one organisation",
                "participant_organisation",
                "Organisation",
                required="yes",
                required_message="Record which organisation they work for.",
            ),
            Row(
                "integer",
                "participant_count",
                "How many in this role?",
                required="yes",
                required_message="Record how many people in this role took part.",
                constraint=". >= 1",
                constraint_message="At least one person.",
            ),
        ),
        label_cy="Cyfranogwyr",
        relevant=f"not({DOCUMENT_REVIEW})",
        repeat=True,
        hint="One entry per role. " + NO_NAMES_HINT,
    ),
    Row("calculate", "participant_total", calculation="sum(${participant_count})"),
)

DETAILS: Final = group(
    "observation_details",
    "Observation",
    (
        reference("obs_ref", "OB", "Observation reference", "Cyfeirnod yr arsylwad"),
        belongs_to_inspection(),
        framework_version(),
        inspection_stage(),
        Row(
            "select_one obs_type",
            "obs_type",
            "Type of observation",
            required="yes",
            required_message="Choose the type of observation.",
        ),
        Row("date", "date", "Date", required="yes", required_message="Record the date."),
        Row("time", "time", "Time", required="yes", required_message="Record the time."),
        *CONVERSATION_ROWS,
        Row(
            "text",
            "document_ref",
            "Document reviewed",
            hint="Force document title or version, for example 'Missing persons policy v3'. "
            "Not personal data.",
            required="yes",
            required_message="Record which document or data set you reviewed.",
            relevant=DOCUMENT_REVIEW,
        ),
    ),
    label_cy="Arsylwad",
)

EVIDENCE: Final = group(
    "observation_evidence",
    "Evidence",
    (
        Row(
            "select_one seniority_level",
            "seniority_level",
            "Seniority of those observed",
            required="yes",
            required_message="Record the seniority: findings are weighed by it.",
            relevant=f"not({DOCUMENT_REVIEW})",
        ),
        framework_areas("framework_areas", "Areas of the framework"),
        Row("select_multiple theme", "theme_tags", "Themes"),
        Row(
            "text",
            "evidence_statement",
            "Evidence statement",
            hint="Factual. " + NO_NAMES_HINT,
            required="yes",
            required_message="Record what you saw, heard or read.",
            appearance="multiline",
        ),
        Row(
            "text",
            "verbatim_quote",
            "Verbatim quote",
            hint="Attributed by role only.",
            relevant=f"not({QUOTE_WITHHELD})",
            appearance="multiline",
        ),
        Row(
            "note",
            "quote_withheld_note",
            "No verbatim quote from a focus group of fewer than three people: it could "
            "identify the speaker. Paraphrase in the evidence statement.",
            relevant=QUOTE_WITHHELD,
        ),
        Row(
            "select_one finding_type",
            "finding_type",
            "Type of finding",
            required="yes",
            required_message="Classify the finding.",
        ),
        Row(
            "select_one significance",
            "significance",
            "Significance",
            required="yes",
            required_message="Rate the significance.",
        ),
        *context_considered("finding"),
        Row(
            "select_one corroboration",
            "corroboration",
            "Corroboration",
            required="yes",
            required_message="Say whether other evidence corroborates or contradicts this.",
        ),
        evidence(
            "corroborating_records",
            "Which records, made by another method, corroborate it?",
            OTHER_METHODS,
            hint="Case audits or reality tests that found the same.",
            required="yes",
            required_message="Corroborated means another method found the same: link at "
            "least one case audit or reality test.",
            relevant="${corroboration}='corroborated'",
        ),
        evidence(
            "linked_records",
            "Linked records",
            ("case_audit", "reality_test", "observation"),
            hint="Case audits, reality tests or other observations this relates to.",
        ),
        Row(
            "select_one yes_no",
            "sensitive",
            "Keep out of the debrief auto-summary?",
            hint="Yes restricts this observation from the generated debrief summary.",
        ),
    ),
    label_cy="Tystiolaeth",
)

OBSERVATION: Final = Instrument(
    form_id="observation",
    version="2026113003",
    title="NCPI observation",
    title_field="obs_ref",
    survey=(*DETAILS, *PARTICIPANTS, *EVIDENCE, *immediate_risk()),
    choices=(*SHARED_LISTS, OBS_TYPE, ORGANISATION, SENIORITY, INTERVIEW_MODE, SIGNIFICANCE),
)
