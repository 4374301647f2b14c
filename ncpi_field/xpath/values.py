"""Expression values and XPath/ODK coercions between strings, numbers, booleans and dates."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

# What an answer looks like in a record's JSON (plus dates the form evaluator may pass).
RawValue = str | int | float | bool | None | Sequence[str] | dt.date
# One node's value once read: dates and datetimes stay typed, as in JavaRosa.
Atomic = str | float | bool | dt.date
EPOCH: Final = dt.date(1970, 1, 1)
_NUMBER_CHARS: Final = frozenset("-.0123456789")
_NEAR_ZERO: Final = 1e-12


@dataclass(frozen=True)
class NodeSet:
    """The nodes a path or ``${name}`` selects, each already read as an atomic value."""

    nodes: tuple[Atomic, ...]

    @classmethod
    def of(cls, values: Iterable[RawValue]) -> NodeSet:
        return cls(tuple(node_value(value) for value in values))

    def first(self) -> Atomic:
        """XPath's string-value rule: the first node, or '' when there is none."""
        return self.nodes[0] if self.nodes else ""


Value = Atomic | NodeSet


def node_value(raw: RawValue) -> Atomic:
    """One stored answer as the engine sees it: unanswered is '', multi-selects joined."""
    if raw is None:
        return ""
    if isinstance(raw, bool | str | dt.date):
        return raw
    if isinstance(raw, int | float):
        return float(raw)
    return " ".join(raw)


def unpack(value: Value) -> Atomic:
    return value.first() if isinstance(value, NodeSet) else value


def to_boolean(value: Value) -> bool:
    atom = unpack(value)
    if isinstance(atom, bool):
        return atom
    if isinstance(atom, float):
        return not math.isnan(atom) and abs(atom) > _NEAR_ZERO
    if isinstance(atom, str):
        return atom != ""
    return True


def to_number(value: Value) -> float:
    """XPath number(): strings trim, accept a decimal comma (JavaRosa), else NaN; dates in days."""
    atom = unpack(value)
    if isinstance(atom, bool):
        return 1.0 if atom else 0.0
    if isinstance(atom, float):
        return atom
    if isinstance(atom, str):
        return parse_number(atom)
    return float(days_since_epoch(atom))


def to_fractional_days(value: Value) -> float:
    """Like to_number, but a datetime keeps its time of day (JavaRosa's toDouble)."""
    atom = unpack(value)
    if isinstance(atom, dt.datetime):
        return days_since_epoch(atom) + _day_fraction(atom)
    return to_number(atom)


def parse_number(text: str) -> float:
    # Java's trim() strips every character up to U+0020; no exponents, no 'Infinity'.
    cleaned = text.replace(",", ".").strip("".join(map(chr, range(33))))
    if not cleaned or not set(cleaned) <= _NUMBER_CHARS:
        return math.nan
    try:
        return float(cleaned)
    except ValueError:
        return math.nan


def to_string(value: Value) -> str:
    atom = unpack(value)
    if isinstance(atom, bool):
        return "true" if atom else "false"
    if isinstance(atom, float):
        return format_number(atom)
    if isinstance(atom, str):
        return atom
    return format_date(atom)


def format_number(number: float) -> str:
    """Integers without '.0', NaN and Infinity by name, never an exponent."""
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    if abs(number) < _NEAR_ZERO:
        return "0"
    if number == math.floor(number):
        return str(int(number))
    text = repr(number)
    if "e" in text:
        text = format(Decimal(text), "f")
    return text


def format_date(moment: dt.date) -> str:
    if isinstance(moment, dt.datetime):
        return moment.isoformat(timespec="milliseconds")
    return moment.isoformat()


def days_since_epoch(moment: dt.date) -> int:
    day = moment.date() if isinstance(moment, dt.datetime) else moment
    return (day - EPOCH).days


def _day_fraction(moment: dt.datetime) -> float:
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return (moment - midnight).total_seconds() / 86400.0
