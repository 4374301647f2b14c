"""The demo's inspection record: the fictional training force, its fieldwork week, a team."""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from ncpi_field.demo.inspection import framework_for
from ncpi_field.demo.model import Fieldwork

# The inspection form's fictional force (forms/source/forces.py): never one of the 43.
TRAINING_FORCE: Final = "wessex_vale_training"
# Placeholder names, plainly not people's, as a demo team would choose to appear.
DEMO_TEAM: Final = (
    ("Demo Lead", "lead"),
    ("Demo Inspector A", "inspector"),
    ("Demo Inspector B", "inspector"),
    ("Demo Analyst", "analyst"),
)


def demo_inspection_answers(seed: int, now: dt.datetime) -> dict[str, Any]:
    """A full inspection of the training force over the demo's five fieldwork days."""
    fieldwork = Fieldwork.ending(now)
    return {
        "force": TRAINING_FORCE,
        "framework_version": framework_for(seed),
        "inspection_stage": "full_inspection",
        "inspection_type": "full_inspection",
        "fieldwork_start": fieldwork.days[0].isoformat(),
        "fieldwork_end": fieldwork.days[-1].isoformat(),
        "security_marking": "OFFICIAL-SENSITIVE",
        "team": [{"member_name": name, "member_role": role} for name, role in DEMO_TEAM],
    }
