"""The shapes an instrument is written in: survey rows, choices and settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

ENGLISH: Final = "English (en)"
WELSH: Final = "Welsh (cy)"
# Every version bump of any instrument uses this shape: YYYYMMDDnn.
VERSION_PATTERN: Final = r"^[0-9]{10}$"


@dataclass(frozen=True)
class Row:
    """One row of the survey sheet. Empty strings are empty cells."""

    type: str
    name: str = ""
    label: str = ""
    label_cy: str = ""
    hint: str = ""
    hint_cy: str = ""
    required: str = ""
    required_message: str = ""
    required_message_cy: str = ""
    relevant: str = ""
    constraint: str = ""
    constraint_message: str = ""
    constraint_message_cy: str = ""
    calculation: str = ""
    default: str = ""
    choice_filter: str = ""
    appearance: str = ""


@dataclass(frozen=True)
class Option:
    """One choice in a list. ``framework`` feeds the framework-area choice filter."""

    name: str
    label: str
    label_cy: str = ""
    framework: str = ""


@dataclass(frozen=True)
class ChoiceList:
    name: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Instrument:
    form_id: str
    version: str
    title: str
    survey: tuple[Row, ...]
    choices: tuple[ChoiceList, ...] = field(default_factory=tuple)
    # Settings the app reads: the question whose answer labels a record in lists, and
    # whether a PII warning stops a record being completed (until cleared or overridden).
    title_field: str = ""
    pii_blocks_completion: bool = True

    def used_lists(self) -> tuple[ChoiceList, ...]:
        """The choice lists the survey names, in the order they are declared."""
        named = {row.type.split()[1] for row in self.survey if row.type.startswith("select_")}
        return tuple(cl for cl in self.choices if cl.name in named)


def options(list_name: str, *pairs: tuple[str, str] | tuple[str, str, str]) -> ChoiceList:
    """A choice list from (name, English label[, Welsh label]) tuples."""
    return ChoiceList(list_name, tuple(Option(*pair) for pair in pairs))
