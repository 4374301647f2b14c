"""Case-audit phrase banks in inspectors' words: role-only, no names, dates or references.

What a case is about (summary, rationale, stage evidence, risk) is told in case_story.py.
"""

from __future__ import annotations

import random
from typing import Final

OTHER_CATEGORY: Final = (
    "Child sleeping rough after leaving home.",
    "Child affected by a parent's serious mental illness.",
)
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


def pick(rng: random.Random, bank: tuple[str, ...], count: int = 3) -> tuple[str, ...]:
    """Up to ``count`` different phrases from ``bank``, in random order (candidates to try)."""
    return tuple(rng.sample(bank, min(count, len(bank))))


def inspector_code(rng: random.Random) -> str:
    """An inspector code, never a name."""
    return f"INS{rng.randint(100, 999)}"
