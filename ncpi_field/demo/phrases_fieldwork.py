"""Reality-test, observation and debrief phrase banks: role-only, no names, dates or places."""

from __future__ import annotations

from typing import Final

SITES: Final[dict[str, tuple[str, ...]]] = {
    "control_room_contact_centre": ("Force control room", "Contact centre, day shift"),
    "mash_front_door": ("Central MASH", "Children's front door team"),
    "custody_suite": ("Main custody suite", "Northern custody suite"),
    "public_protection_caiu": ("Child abuse investigation unit", "Public protection hub"),
    "missing_persons_unit": ("Missing persons coordination team",),
    "online_csa_team": ("Online child abuse investigation team",),
    "rso_management_team": ("Offender management team",),
    "response_or_neighbourhood_briefing": ("Response team briefing", "Neighbourhood briefing"),
    "daily_management_meeting": ("Force daily management meeting",),
    "partnership_meeting": ("Multi-agency strategy meeting", "MARAC meeting"),
    "other": ("Youth offending service office",),
}
CLAIMS: Final[dict[str, tuple[str, ...]]] = {
    "control_room_contact_centre": (
        "Call handlers research every address for children before deployment.",
        "Missing child reports are risk graded by a supervisor within the hour.",
    ),
    "mash_front_door": (
        "Every PPN is researched and shared with children's social care within a day.",
        "Strategy discussions are held the same day when significant harm is suspected.",
    ),
    "custody_suite": (
        "Children are held only when necessary and an appropriate adult arrives within two hours.",
        "Local authority accommodation is requested for every child refused bail.",
    ),
    "public_protection_caiu": (
        "Child abuse investigations are allocated to trained detectives within a day.",
    ),
    "missing_persons_unit": (
        "Return home interviews are chased and their information shared with the MASH.",
    ),
    "online_csa_team": ("Referrals about indecent images are risk assessed within a week.",),
    "rso_management_team": ("Offenders living with children are visited at least monthly.",),
    "response_or_neighbourhood_briefing": (
        "Briefings cover missing children and those at risk of exploitation every shift.",
    ),
    "daily_management_meeting": (
        "The daily meeting reviews every missing child and every child in custody.",
    ),
    "partnership_meeting": ("Police attend every strategy discussion with the right people.",),
    "other": ("Partners receive police information about children at risk promptly.",),
}
STAFF_ROLES: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "control_room_contact_centre": (
        ("call handler", "police_staff"),
        ("control room supervisor", "sergeant"),
        ("force incident manager", "inspector"),
    ),
    "mash_front_door": (
        ("MASH researcher", "police_staff"),
        ("MASH detective sergeant", "sergeant"),
        ("MASH social worker", "partner_agency"),
    ),
    "custody_suite": (
        ("custody sergeant", "sergeant"),
        ("detention officer", "police_staff"),
        ("custody inspector", "inspector"),
    ),
}
DEFAULT_STAFF: Final = (
    ("detective constable", "constable"),
    ("detective sergeant", "sergeant"),
    ("team inspector", "inspector"),
)
FINDINGS: Final[dict[str, tuple[str, ...]]] = {
    "working_as_described": (
        "The process worked as described; staff knew it well and records matched.",
        "Checks were done consistently, and supervisors could show how they monitor them.",
    ),
    "partly_working": (
        "The process exists, but staff applied it unevenly and some records lacked detail.",
        "Most checks were done, but a backlog at busy times meant delays.",
    ),
    "not_working": (
        "The process described by leaders was not happening in practice.",
        "Staff were unaware of the policy and records showed it was not followed.",
    ),
    "could_not_test": (
        "No relevant activity took place during the visit, so the claim could not be tested.",
    ),
}
FOLLOW_UPS: Final = (
    "Request the performance data the team uses to monitor this process.",
    "Request the policy and the most recent audit of compliance.",
)
PARTICIPANTS: Final[dict[str, tuple[tuple[str, str, str], ...]]] = {
    "force": (
        ("detective constable", "constable", "force"),
        ("response officer", "constable", "force"),
        ("detective sergeant", "sergeant", "force"),
        ("public protection inspector", "inspector", "force"),
        ("head of public protection", "superintendent_or_above", "force"),
        ("MASH researcher", "police_staff", "force"),
        ("assistant chief constable", "superintendent_or_above", "force"),
    ),
    "partner": (
        ("MASH social worker", "partner_agency", "csc"),
        ("safeguarding nurse", "partner_agency", "health"),
        ("designated safeguarding lead", "partner_agency", "education"),
        ("youth offending case manager", "partner_agency", "probation_yot"),
    ),
}
# Posts a force has one of: never more than one in a room, never in a peer focus group.
SINGLE_POSTS: Final = frozenset({"head of public protection", "assistant chief constable"})
CHIEF_OFFICERS: Final = frozenset({"assistant chief constable"})
DOCUMENTS: Final = (
    "Missing children procedure, version four",
    "Child protection policy and guidance note",
    "Custody performance data for the last quarter",
    "Public protection governance board minutes",
    "MASH performance dashboard",
)
EVIDENCE_STATEMENTS: Final[dict[str, tuple[str, ...]]] = {
    "strength": (
        "Staff described a strong focus on the child's voice, and examples supported this.",
        "Supervisors described regular, well-structured oversight of child protection cases.",
        "Partners praised the speed and quality of police information sharing.",
    ),
    "area_of_notable_practice": (
        "A new trigger plan for repeat missing children is being used by all teams.",
        "Officers use a short prompt card to record the child's views at every incident.",
    ),
    "area_for_improvement": (
        "Staff were unclear on when to submit a PPN for non-crime concerns.",
        "Investigators carry high workloads and said supervision is often missed.",
        "Partners said strategy discussions are sometimes held without the police.",
    ),
    "cause_of_concern": (
        "Leaders could not show how they know whether children are being protected.",
        "A large backlog of referrals had built up with no risk assessment of the waiting cases.",
    ),
    "accelerated_cause_of_concern": (
        "Children in custody are routinely held overnight with no request for accommodation.",
    ),
    "neutral_context": (
        "The team restructured recently and new roles are still bedding in.",
        "Demand has risen sharply over the last year, according to the analyst.",
    ),
}
# Quotes by the leaning of the finding they illustrate, so a quote never argues against it.
QUOTES: Final[dict[str, tuple[str, ...]]] = {
    "positive": (
        "The new training has made a real difference to how we talk to children.",
        "Our supervisor reviews every case, and we get feedback the same week.",
    ),
    "negative": (
        "We know what good looks like, but we do not always have time to do it.",
        "Sometimes the referral sits in the queue for days before anyone looks at it.",
    ),
}
# Debrief headlines and recommendations by finding type and 2024 topic (DOMAIN.md §1.2).
HEADLINES: Final[dict[str, dict[str, str]]] = {
    "strength": {
        "leadership": "Leaders show a clear and visible commitment to protecting children.",
        "partnership_working": "Information sharing with partners is timely and of good quality.",
        "initial_response": "Officers attending incidents routinely speak to children and record "
        "their views.",
        "risk_assessment_referral": "Referrals to children's social care are timely and well "
        "researched.",
        "investigation": "Child abuse investigations are allocated to skilled detectives without "
        "delay.",
    },
    "area_for_improvement": {
        "leadership": "Leaders lack the performance information to understand the quality of "
        "child protection work.",
        "partnership_working": "Police attendance at strategy discussions is inconsistent.",
        "initial_response": "The child's voice is not consistently recorded at first contact.",
        "risk_assessment_referral": "PPN quality varies and some referrals are delayed.",
        "investigation": "Supervision of child protection investigations is inconsistent.",
    },
    "cause_of_concern": {
        "leadership": "Leaders cannot show how they know whether children are being protected.",
        "partnership_working": "The force does not reliably share information with partners when "
        "children are at risk.",
        "initial_response": "The force does not reliably identify and respond to risk to "
        "children at first contact.",
        "risk_assessment_referral": "A backlog of unassessed referrals leaves children at risk.",
        "investigation": "Investigations into offences against children drift without effective "
        "supervision.",
    },
}
OTHER_HEADLINES: Final[dict[str, tuple[str, ...]]] = {
    "area_of_notable_practice": (
        "Promising trigger plans for repeat missing children.",
        "A prompt card helps officers record the child's views at every incident.",
    ),
    "neutral_context": (
        "Fieldwork is on track; outstanding document requests were agreed.",
        "The public protection command was restructured recently.",
    ),
}
RECOMMENDATIONS: Final[dict[str, str]] = {
    "leadership": "The force should put in place performance information and audit that tell "
    "leaders how well children are protected.",
    "partnership_working": "The force should work with partners so that information about "
    "children at risk is shared promptly and strategy discussions include the police.",
    "initial_response": "The force should make sure risk to children is identified at first "
    "contact and that supervisors check it.",
    "risk_assessment_referral": "The force should clear the referral backlog and risk assess "
    "every waiting case.",
    "investigation": "The force should make sure investigations into offences against children "
    "are supervised and progressed without delay.",
}
FORCE_RESPONSES: Final = (
    "The force accepted the findings and will report progress at the next meeting.",
    "The head of public protection acknowledged the concerns and asked for the evidence base.",
    "The deputy chief constable thanked the team and accepted the emerging findings.",
)
ACTIONS: Final = (
    "Supply the missing children performance data.",
    "Arrange a visit to the online abuse team.",
    "Provide the latest custody audit.",
)
INFO_REQUESTS: Final = (
    "Training records for the MASH team.",
    "Governance board minutes for the last two meetings.",
)

# Issue 8 §2: the force and partner context weighed with a finding, by 2024 topic.
CONTEXT_FORCE: Final[dict[str, tuple[str, ...]]] = {
    "leadership": (
        "A new head of public protection took up post six months ago and is restructuring.",
        "The force has a public protection board that meets monthly.",
    ),
    "partnership_working": (
        "Police staff in the MASH are a third below establishment this year.",
        "The MASH moved to a new building during the period and shares its systems.",
    ),
    "initial_response": (
        "Control room demand rose by a fifth this year with the same number of call handlers.",
        "Response officers cover a large rural area with long travel times at night.",
    ),
    "risk_assessment_referral": (
        "PPNs are triaged by a small team of police staff in the MASH.",
        "A new risk assessment tool was introduced three months before fieldwork.",
    ),
    "investigation": (
        "The child abuse investigation unit carries vacancies for detectives.",
        "Investigators also cover adult safeguarding cases at weekends.",
    ),
}
CONTEXT_PARTNERS: Final[dict[str, tuple[str, ...]]] = {
    "leadership": (
        "Partners sit on the force's public protection board and share its audit findings.",
    ),
    "partnership_working": (
        "Children's social care leads strategy discussions and sets their timing.",
        "Health and education staff join the MASH only on weekdays.",
    ),
    "initial_response": (
        "Children's social care has an out-of-hours team the control room can call.",
        "No partner agency works in the control room.",
    ),
    "risk_assessment_referral": (
        "Children's social care screens every PPN the same day it arrives in the MASH.",
        "Partners in the MASH share one case system with the police.",
    ),
    "investigation": (
        "Joint enquiries depend on social workers' availability for visits.",
        "Health partners provide medical examinations within a day.",
    ),
}
REC_HOW: Final[dict[str, str]] = {
    "leadership": "For example, a quarterly audit of case files reported to the public "
    "protection board, with actions tracked to completion.",
    "partnership_working": "For example, a police place at every strategy discussion and an "
    "agreed reason recorded with each share of information.",
    "initial_response": "For example, research prompts in the control room system and a "
    "supervisor's check of every call involving children.",
    "risk_assessment_referral": "For example, a daily triage slot for waiting PPNs and a risk "
    "review of any PPN waiting more than a day.",
    "investigation": "For example, supervisory reviews at set points in each investigation "
    "and a named investigator for every child victim.",
}
REC_PROPORTIONATE: Final[dict[str, str]] = {
    "leadership": "The board already meets monthly; the audit needs no new posts.",
    "partnership_working": "The MASH meets daily, so the change uses existing meetings.",
    "initial_response": "The prompts use the current system; supervisors already review "
    "calls each shift.",
    "risk_assessment_referral": "The triage team exists; the slot changes how its time is used.",
    "investigation": "Supervisors are in post; the reviews set when they look, not how many.",
}
MISUNDERSTANDINGS: Final = (
    "The force thought the team had not seen its new missing persons procedure; the lead "
    "inspector confirmed it had been read.",
    "The head of public protection understood a finding to be about the MASH staff; it is "
    "about the referral process, and this was explained.",
)
