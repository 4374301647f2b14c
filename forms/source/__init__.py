"""Readable sources of the instruments: one module per form, plus shared scales and blocks."""

from __future__ import annotations

from forms.source.case_audit import CASE_AUDIT
from forms.source.debrief import DEBRIEF
from forms.source.inspection import INSPECTION
from forms.source.model import Instrument
from forms.source.observation import OBSERVATION
from forms.source.reality_test import REALITY_TEST

INSTRUMENTS: tuple[Instrument, ...] = (CASE_AUDIT, REALITY_TEST, OBSERVATION, DEBRIEF, INSPECTION)

__all__ = ["INSTRUMENTS", "Instrument"]
