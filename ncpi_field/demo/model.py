"""What the demo generator produces: records, a summary, fieldwork days, ids and seeded streams."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from ncpi_field.errors import NcpiError
from ncpi_field.records import Status

# Invented: never one of the 43 real forces. The prefix shapes the fictional case references.
FORCE_NAME: Final = "Wessex Vale Police"
FORCE_PREFIX: Final = "WV"
FIELDWORK_DAYS: Final = 5
CASE_AUDIT: Final = "case_audit"
REALITY_TEST: Final = "reality_test"
OBSERVATION: Final = "observation"
DEBRIEF: Final = "debrief"
FORM_IDS: Final = (CASE_AUDIT, REALITY_TEST, OBSERVATION, DEBRIEF)
GRADES: Final = ("good", "requires_improvement", "inadequate")


class DemoGenerationError(NcpiError):
    """The generator could not produce answers its form accepts: a bug in it or in the form.

    The message names forms and questions only, never an answer.
    """


@dataclass(frozen=True)
class DemoRecord:
    """One generated record, as it will be saved: a complete (or draft) first version."""

    record_id: str
    form_id: str
    form_version: str
    ref: str
    answers: Mapping[str, Any]
    status: Status
    fieldwork_day: int
    # The force's own (fictional) reference, held apart in the case-reference table.
    case_reference: str | None = None


@dataclass(frozen=True)
class DemoSummary:
    """Counts a person can check the demo against; no answers."""

    seed: int
    force_name: str
    inspection_id: str
    records_by_form: Mapping[str, int]
    grades: Mapping[str, int]
    self_assessed: int
    agreement: Mapping[str, int]
    immediate_risk: int
    drafts: int
    case_references: int = 0
    categories: Mapping[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.records_by_form.values())


def stream(seed: int, purpose: str) -> random.Random:
    """A pseudo-random stream per purpose, so changing one part leaves the others' data alone.

    Synthetic demo data only: nothing here is a secret, so a seeded PRNG is what we want.
    """
    return random.Random(f"ncpi-demo|{seed}|{purpose}")  # noqa: S311 - repeatable demo data


def record_id(seed: int, namespace: str, ref: str) -> str:
    """A UUID (version 4 layout) derived from the seed, so evidence links are known up front.

    ``namespace`` keeps two vaults filled with the same seed from sharing record ids.
    """
    digest = hashlib.sha256(f"ncpi-demo|{namespace}|{seed}|{ref}".encode()).digest()
    return str(uuid.UUID(bytes=digest[:16], version=4))


def inspection_id(seed: int, namespace: str) -> str:
    return record_id(seed, namespace, "inspection")


def reference(prefix: str, number: int) -> str:
    return f"{prefix}-{number:03d}"


@dataclass(frozen=True)
class Fieldwork:
    """The five weekdays on site, the last one no later than ``now``."""

    days: tuple[dt.date, ...]
    now: dt.datetime

    @classmethod
    def ending(cls, now: dt.datetime) -> Fieldwork:
        days: list[dt.date] = []
        day = now.date()
        while len(days) < FIELDWORK_DAYS:
            if day.weekday() < 5:
                days.append(day)
            day -= dt.timedelta(days=1)
        return cls(tuple(reversed(days)), now)

    def date(self, day: int) -> dt.date:
        return self.days[day - 1]

    def month(self, months_back: int) -> str:
        """'YYYY-MM' of the month ``months_back`` before the first fieldwork day."""
        first = self.days[0]
        index = first.year * 12 + first.month - 1 - months_back
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
