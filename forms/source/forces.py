"""The 43 police forces of England and Wales (DOMAIN.md §4), as data: name and nation.

Choice codes are the names in snake_case. One extra, clearly fictional force is for training and
the demo, so synthetic data never looks like a real force's.
"""

from __future__ import annotations

import re
from typing import Final

from forms.source.model import ChoiceList, Option

WALES: Final = frozenset({"Dyfed-Powys", "Gwent", "North Wales", "South Wales"})
FORCE_NAMES: Final = (
    "Avon and Somerset",
    "Bedfordshire",
    "Cambridgeshire",
    "Cheshire",
    "City of London",
    "Cleveland",
    "Cumbria",
    "Derbyshire",
    "Devon and Cornwall",
    "Dorset",
    "Durham",
    "Dyfed-Powys",
    "Essex",
    "Gloucestershire",
    "Greater Manchester",
    "Gwent",
    "Hampshire and Isle of Wight",
    "Hertfordshire",
    "Humberside",
    "Kent",
    "Lancashire",
    "Leicestershire",
    "Lincolnshire",
    "Merseyside",
    "Metropolitan Police Service",
    "Norfolk",
    "North Wales",
    "North Yorkshire",
    "Northamptonshire",
    "Northumbria",
    "Nottinghamshire",
    "South Wales",
    "South Yorkshire",
    "Staffordshire",
    "Suffolk",
    "Surrey",
    "Sussex",
    "Thames Valley",
    "Warwickshire",
    "West Mercia",
    "West Midlands",
    "West Yorkshire",
    "Wiltshire",
)
# The demo's force (ncpi_field.demo.model.FORCE_NAME): invented, and labelled so.
TRAINING_FORCE: Final = "wessex_vale_training"
TRAINING_LABEL: Final = "Wessex Vale Police (fictional training force)"


def force_code(name: str) -> str:
    """'Hampshire and Isle of Wight' -> 'hampshire_and_isle_of_wight'."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


WELSH_CODES: Final = tuple(force_code(name) for name in FORCE_NAMES if name in WALES)
FORCE = ChoiceList(
    "force",
    (
        *(Option(force_code(name), name) for name in FORCE_NAMES),
        Option(TRAINING_FORCE, TRAINING_LABEL),
    ),
)
