"""Answers of a valid inspection, for tests across the packages."""

from __future__ import annotations

from typing import Any


def inspection_answers(**changes: Any) -> dict[str, Any]:
    """A complete full inspection of the fictional training force (never a real force's data)."""
    answers: dict[str, Any] = {
        "force": "wessex_vale_training",
        "framework_version": "ncpi_2024_five_topics",
        "inspection_stage": "full_inspection",
        "inspection_type": "full_inspection",
        "fieldwork_start": "2026-03-02",
        "fieldwork_end": "2026-03-06",
        "team": [
            {"member_name": "Lead One", "member_role": "lead"},
            {"member_name": "Analyst Two", "member_role": "analyst"},
        ],
    }
    answers.update(changes)
    return answers
