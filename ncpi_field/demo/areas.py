"""Framework areas in either framework version, so plans can speak 2024 topics throughout."""

from __future__ import annotations

from typing import Final

FRAMEWORK_2020: Final = "ncpi_2020_journey"
FRAMEWORK_2024: Final = "ncpi_2024_five_topics"
TOPICS_2024: Final = (
    "leadership",
    "partnership_working",
    "initial_response",
    "risk_assessment_referral",
    "investigation",
)
# The nearest 2014–2023 journey stage for each 2024 topic (DOMAIN.md §1.2).
AS_2020: Final = {
    "leadership": "leadership_mgmt_governance",
    "partnership_working": "assessment_and_help",
    "initial_response": "initial_contact",
    "risk_assessment_referral": "assessment_and_help",
    "investigation": "investigation",
    "police_detention": "police_detention",
}
# Stages only the 2020 framework has fall under this 2024 topic (forms/README.md decisions).
AS_2024: Final = {
    "police_detention": "investigation",
    "decision_making": "investigation",
    "trusted_adult": "investigation",
    "managing_risk_persons": "risk_assessment_referral",
    "initial_contact": "initial_response",
    "assessment_and_help": "risk_assessment_referral",
    "leadership_mgmt_governance": "leadership",
}


def area(topic: str, framework: str) -> str:
    """``topic`` (a 2024 topic, or police_detention) as the framework in use names it."""
    if framework == FRAMEWORK_2020:
        return AS_2020[topic]
    return AS_2024.get(topic, topic)


def areas(topics: tuple[str, ...] | list[str], framework: str) -> list[str]:
    return sorted({area(topic, framework) for topic in topics})


def topic_of(code: str) -> str:
    """The 2024 topic an area of either framework belongs to."""
    return AS_2024.get(code, code)
