"""Case-audit phrase banks in inspectors' words: role-only, no names, dates or references."""

from __future__ import annotations

import random
from typing import Final

# Opening lines of a case summary, by primary category (DOMAIN.md §3).
CASE_OPENINGS: Final[dict[str, tuple[str, ...]]] = {
    "DA_CHILD_PRESENT": (
        "Domestic abuse incident at the family home with two children present.",
        "Repeat domestic abuse call; a toddler was in the house during the argument.",
        "Neighbour reported shouting at the address; the mother disclosed ongoing abuse and "
        "an infant was asleep upstairs.",
    ),
    "MISSING": (
        "Looked-after teenager reported missing from a residential placement overnight.",
        "Third missing episode in a month for a child living at home with a parent.",
        "Child missing after school; found the next morning in another town with older males.",
    ),
    "CSE": (
        "Concerns that a young person was being groomed by adults met online.",
        "School raised concerns about gifts, a new phone and late nights out.",
        "A child disclosed sexual activity with an adult at a party.",
    ),
    "CCE": (
        "Child found in a flat with drugs and cash, far from home.",
        "Young person stopped on a train with a large sum of cash and two phones.",
        "Intelligence that a child was being used to carry drugs for a local group.",
    ),
    "ONLINE_CSA": (
        "Referral from a national agency about indecent images uploaded from an address.",
        "Child sent images to an adult who then threatened to share them.",
        "Online grooming reported by a parent after finding messages on a tablet.",
    ),
    "CHILD_ABUSE_NEGLECT": (
        "Unexplained bruising on an infant seen by a health visitor.",
        "School reported a child arriving hungry and unkempt for several weeks.",
        "A child disclosed being hit with a belt; joint s47 enquiries followed.",
    ),
    "REFERRAL_PPN": (
        "Officers attended a concern-for-welfare call and submitted a PPN for three children.",
        "Non-crime concern about a parent's drug use with young children in the home.",
        "PPN submitted after officers found the home in a poor state during an unrelated call.",
    ),
    "POLICE_PROTECTION": (
        "Two young children taken into police protection after a parent was found intoxicated.",
        "Police protection used overnight when no safe carer could be found.",
        "Officers removed an infant under emergency powers after a serious assault at home.",
    ),
    "CUSTODY": (
        "Fifteen-year-old arrested for robbery and held overnight after charge.",
        "Child detained for a public order offence; appropriate adult arrived hours later.",
        "Young person refused bail; the request for local authority accommodation was noted.",
    ),
    "SUDI": (
        "Sudden unexpected death of an infant at home; joint agency response started.",
        "Unexpected death of a young child; officers attended with paramedics.",
    ),
    "RSO_MANAGEMENT": (
        "Registered sex offender living in a household with a child.",
        "Offender under management formed a relationship with a mother of two children.",
    ),
    "OTHER": (
        "Concern raised by a youth worker about a child sleeping in a car.",
        "Child witnessed a serious assault in the street and was left without support.",
    ),
}
CASE_MIDDLES: Final = (
    "The attending officers spoke to the parent and recorded the scene.",
    "A PPN went to the MASH and was reviewed by a detective sergeant.",
    "The case was allocated to the child abuse investigation unit.",
    "A strategy discussion was held with children's social care and health.",
    "The investigating officer recorded the main lines of enquiry.",
    "The supervisor reviewed the record and set actions.",
)
CASE_ENDINGS: Final[dict[str, tuple[str, ...]]] = {
    "good": (
        "The child's voice is clear throughout and risk was managed well.",
        "Actions were timely and the rationale for decisions is recorded.",
    ),
    "requires_improvement": (
        "Some delay and gaps in recording, though the child was safeguarded.",
        "Risk was managed, but supervision and the child's views are thin on the record.",
    ),
    "inadequate": (
        "Risk was not recognised and the child was left without protection for too long.",
        "Significant delay, no strategy discussion and no record of the child's views.",
    ),
}
OTHER_CATEGORY: Final = (
    "Child sleeping rough after leaving home.",
    "Child affected by a parent's serious mental illness.",
)
STAGE_EVIDENCE: Final[dict[str, tuple[str, ...]]] = {
    "good": (
        "Clear record of actions, with supervisory entries at each step.",
        "The log shows prompt research and a timely referral.",
    ),
    "requires_improvement": (
        "The record shows the referral was made, but a day later than it should have been.",
        "Supervisory review is present but does not set actions or timescales.",
        "The child was spoken to, but their views are summarised in one line.",
        "Information was shared with partners, but the reason is not recorded.",
    ),
    "inadequate": (
        "No research on the household before deployment; the call was graded as routine.",
        "No strategy discussion despite clear significant harm indicators.",
        "The investigation stalled for several weeks with no supervisory entries.",
        "No record that the child was seen or spoken to at any point.",
    ),
}
STAGE_RATIONALE: Final[dict[str, tuple[str, ...]]] = {
    "requires_improvement": (
        "The child was safe, but delay and weak recording meant risk was not fully understood.",
        "Actions were appropriate but late; oversight did not add direction.",
        "Basic steps were taken, yet the child's lived experience is missing from the record.",
    ),
    "inadequate": (
        "Risk to the child was missed and no effective action followed.",
        "Key safeguarding steps were not taken, leaving the child exposed to further harm.",
        "Lack of supervision allowed drift; the child remained at risk throughout.",
    ),
}
QUESTION_NOTES: Final[dict[str, tuple[str, ...]]] = {
    "yes": ("Recorded clearly on the log.", "Evident in the supervisor's entry."),
    "partly": ("Some evidence, but incomplete.", "Done, but later than expected."),
    "no": ("Not evident on the record.", "No entry found despite a full search of the log."),
    "not_applicable": ("Did not arise in this case.",),
    "not_recorded": ("Could not find any record either way.",),
}
GRADE_RATIONALE: Final[dict[str, tuple[str, ...]]] = {
    "good": (
        "Risk was identified early, the child was seen and heard, and partners were involved "
        "promptly.",
        "Well-supervised case with a clear rationale for every decision.",
    ),
    "requires_improvement": (
        "The child was safeguarded, but delays in the referral and weak supervisory oversight "
        "meant risk was not fully assessed.",
        "Actions were broadly right but late, and the child's views are not recorded in any "
        "detail.",
    ),
    "inadequate": (
        "Risk to the child was not recognised at first contact, there was no strategy "
        "discussion and the investigation drifted without supervision.",
        "The child was left at risk: no referral, no safeguarding plan and no evidence that "
        "anyone spoke to the child.",
    ),
}
DISAGREEMENT: Final[dict[str, tuple[str, ...]]] = {
    "force_higher": (
        "The force audit credited the outcome but did not weigh the delay before the child "
        "was seen.",
        "The force auditor did not identify the missing strategy discussion.",
        "The force grade relied on the final outcome rather than the risk at the time.",
    ),
    "force_lower": (
        "The force auditor marked down a recording gap that the rest of the file makes good.",
        "The force graded the case harshly on a single late entry.",
    ),
}
RISK_DESCRIPTIONS: Final = (
    "The child still lives with the suspect and no safeguarding plan is recorded.",
    "Repeat missing child with strong exploitation indicators and no current risk review.",
    "Outstanding arrest of a suspect with continued access to the child.",
    "Open referral not actioned; the child remains in a household with ongoing violence.",
)
FORCE_ACTION_NOTES: Final[dict[str, tuple[str, ...]]] = {
    "acknowledged": (
        "The force liaison officer acknowledged receipt and passed the case to the duty inspector.",
    ),
    "action_taken": (
        "The duty inspector arranged a welfare visit and a strategy discussion the same day.",
        "The suspect was arrested and bail conditions now prevent contact with the child.",
    ),
    "no_action_with_rationale": (
        "The force confirmed that a protection plan was already in place with social care.",
    ),
}


def case_summary(rng: random.Random, category: str, grade: str) -> str:
    opening = rng.choice(CASE_OPENINGS[category])
    return f"{opening} {rng.choice(CASE_MIDDLES)} {rng.choice(CASE_ENDINGS[grade])}"


def pick(rng: random.Random, bank: tuple[str, ...], count: int = 3) -> tuple[str, ...]:
    """Up to ``count`` different phrases from ``bank``, in random order (candidates to try)."""
    return tuple(rng.sample(bank, min(count, len(bank))))


def inspector_code(rng: random.Random) -> str:
    """An inspector code, never a name."""
    return f"INS{rng.randint(100, 999)}"
