"""A realistic synthetic inspection of a fictional force, for demonstrations and load tests."""

from __future__ import annotations

from ncpi_field.demo.fill import fill_vault
from ncpi_field.demo.inspection import generate_inspection, summarise
from ncpi_field.demo.model import FORCE_NAME, DemoGenerationError, DemoRecord, DemoSummary

__all__ = [
    "FORCE_NAME",
    "DemoGenerationError",
    "DemoRecord",
    "DemoSummary",
    "fill_vault",
    "generate_inspection",
    "summarise",
]
