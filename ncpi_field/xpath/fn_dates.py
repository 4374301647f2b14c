"""Date functions: today, now, date, date-time, decimal-date-time, format-date (JavaRosa rules)."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from typing import Final

from ncpi_field.xpath.context import EvaluationContext
from ncpi_field.xpath.errors import ExpressionError
from ncpi_field.xpath.registry import builtin
from ncpi_field.xpath.values import EPOCH, Value, days_since_epoch, to_string, unpack

Args = Sequence[Value]
Context = EvaluationContext
_DATE: Final = re.compile(r"(-?\d{1,4})-(\d{1,2})-(\d{1,2})")
_TIME: Final = re.compile(
    r"(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{1,2}(?::?\d{2})?)?"
)
# Beyond this many days from 1970 no date() result makes sense (JavaRosa uses int range).
_MAX_DAYS: Final = 2_000_000


def parse_date_time(text: str) -> dt.date | None:
    """'2024-05-01' as a date, '2024-05-01T10:20:30.400+01:00' as a datetime, else None."""
    date_text, _, time_text = text.strip().partition("T")
    match = _DATE.fullmatch(date_text)
    if match is None:
        return None
    try:
        day = dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None
    if not time_text:
        return day
    moment = _parse_time(time_text)
    return None if moment is None else dt.datetime.combine(day, moment)


def _parse_time(text: str) -> dt.time | None:
    match = _TIME.fullmatch(text)
    if match is None:
        return None
    hour, minute, second, fraction, zone = match.groups()
    micro = int((fraction or "0").ljust(6, "0")[:6])
    try:
        return dt.time(int(hour), int(minute), int(second or 0), micro, _zone(zone))
    except ValueError:
        return None


def _zone(text: str | None) -> dt.tzinfo | None:
    if text is None:
        return None
    if text == "Z":
        return dt.UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2] if len(digits) > 2 else digits), int(digits[2:] or 0)
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


def to_date_value(value: Value, keep_time: bool) -> Value:
    """JavaRosa's toDate: '' and NaN pass through (blank), anything unreadable is an error."""
    atom = unpack(value)
    if isinstance(atom, bool):
        raise ExpressionError("a true/false value cannot be used as a date")
    if isinstance(atom, float):
        return _date_from_days(atom, keep_time)
    if isinstance(atom, str):
        if atom == "":
            return ""
        parsed = parse_date_time(atom)
        if parsed is None:
            raise ExpressionError("a value could not be read as a date (expected YYYY-MM-DD)")
        atom = parsed
    return _with_time(atom) if keep_time else _without_time(atom)


def _date_from_days(days: float, keep_time: bool) -> Value:
    if math.isnan(days):
        return days
    if math.isinf(days) or abs(days) > _MAX_DAYS:
        raise ExpressionError("a number is out of range for a date")
    if keep_time:
        return dt.datetime.combine(EPOCH, dt.time()) + dt.timedelta(days=days)
    return EPOCH + dt.timedelta(days=math.trunc(days))


def _with_time(moment: dt.date) -> dt.datetime:
    if isinstance(moment, dt.datetime):
        return moment
    return dt.datetime.combine(moment, dt.time())


def _without_time(moment: dt.date) -> dt.date:
    return moment.date() if isinstance(moment, dt.datetime) else moment


def decimal_days(moment: dt.date) -> float:
    """Days since 1970-01-01 with the time as a fraction (UTC for times with an offset)."""
    if isinstance(moment, dt.datetime) and moment.tzinfo is not None:
        return moment.timestamp() / 86400.0
    start = dt.datetime.combine(EPOCH, dt.time())
    return (_with_time(moment) - start).total_seconds() / 86400.0


@builtin("today", 0)
def _today(args: Args, context: Context) -> Value:
    return context.now().date()


@builtin("now", 0)
def _now(args: Args, context: Context) -> Value:
    return context.now()


@builtin("date", 1)
def _date(args: Args, context: Context) -> Value:
    return to_date_value(args[0], keep_time=False)


@builtin("date-time", 1)
def _date_time(args: Args, context: Context) -> Value:
    return to_date_value(args[0], keep_time=True)


def _decimal(args: Args, part: Callable[[dt.date], float]) -> Value:
    atom = unpack(args[0])
    if isinstance(atom, float):
        return atom
    converted = to_date_value(atom, keep_time=True)
    return converted if not isinstance(converted, dt.date) else part(converted)


@builtin("decimal-date-time", 1)
def _decimal_date_time(args: Args, context: Context) -> Value:
    return _decimal(args, decimal_days)


@builtin("decimal-date", 1)
def _decimal_date(args: Args, context: Context) -> Value:
    return _decimal(args, lambda moment: float(days_since_epoch(moment)))


@builtin("decimal-time", 1)
def _decimal_time(args: Args, context: Context) -> Value:
    return _decimal(args, lambda moment: decimal_days(moment) % 1.0)


_MONTHS: Final = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
_DAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_FORMATS: Final[dict[str, Callable[[dt.datetime], str]]] = {
    "Y": lambda m: f"{m.year:04d}",
    "y": lambda m: f"{m.year % 100:02d}",
    "m": lambda m: f"{m.month:02d}",
    "n": lambda m: str(m.month),
    "b": lambda m: _MONTHS[m.month - 1],
    "d": lambda m: f"{m.day:02d}",
    "e": lambda m: str(m.day),
    "H": lambda m: f"{m.hour:02d}",
    "h": lambda m: str(m.hour),
    "M": lambda m: f"{m.minute:02d}",
    "S": lambda m: f"{m.second:02d}",
    "3": lambda m: f"{m.microsecond // 1000:03d}",
    "a": lambda m: _DAYS[m.weekday()],
    "%": lambda m: "%",
}


def format_moment(moment: dt.datetime, pattern: str) -> str:
    """ODK's format-date patterns (%Y %y %m %n %b %d %e %H %h %M %S %3 %a)."""
    pieces: list[str] = []
    index = 0
    while index < len(pattern):
        code = pattern[index + 1] if pattern[index] == "%" and index + 1 < len(pattern) else ""
        if code in _FORMATS:
            pieces.append(_FORMATS[code](moment))
            index += 2
        else:
            pieces.append(pattern[index])
            index += 1
    return "".join(pieces)


def _format(args: Args) -> Value:
    moment = to_date_value(args[0], keep_time=True)
    if not isinstance(moment, dt.datetime):
        return ""
    return format_moment(moment, to_string(args[1]))


@builtin("format-date", 2)
def _format_date(args: Args, context: Context) -> Value:
    return _format(args)


@builtin("format-date-time", 2)
def _format_date_time(args: Args, context: Context) -> Value:
    return _format(args)
