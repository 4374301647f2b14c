"""Number functions: number, int, round, floor, ceiling, min, max, sum and the XPath 3 maths."""

from __future__ import annotations

import decimal
import math
from collections.abc import Callable, Iterator, Sequence
from typing import Final

from ncpi_field.xpath.context import EvaluationContext
from ncpi_field.xpath.registry import builtin
from ncpi_field.xpath.values import NodeSet, Value, to_fractional_days, to_number

Args = Sequence[Value]
Context = EvaluationContext
# Enough digits to round any double to 30 places without the context rounding first.
_WIDE: Final = decimal.Context(prec=400)
_MAX_PLACES: Final = 30


def numbers(args: Args) -> Iterator[float]:
    """Every argument as a number, a field or repeat contributing each node."""
    for arg in args:
        if isinstance(arg, NodeSet):
            yield from (to_number(node) for node in arg.nodes)
        else:
            yield to_number(arg)


def java_int(number: float) -> float:
    """JavaRosa's int(): truncate toward zero, keeping the sign of zero and huge values."""
    if math.isnan(number) or math.isinf(number) or abs(number) >= 2.0**63:
        return number
    truncated = float(math.trunc(number))
    return math.copysign(truncated, number) if truncated == 0 else truncated


def round_places(number: float, places: int) -> float:
    """JavaRosa's round: halves go toward +Infinity (away from zero only when positive)."""
    if math.isnan(number) or math.isinf(number):
        return number
    if abs(places) > _MAX_PLACES:
        return math.nan
    exact = decimal.Decimal(repr(number))
    if places >= 0:
        mode = decimal.ROUND_HALF_DOWN if number < 0 else decimal.ROUND_HALF_UP
        quantum = decimal.Decimal(1).scaleb(-places)
        result = float(exact.quantize(quantum, rounding=mode, context=_WIDE))
    else:
        scaled = float(exact.scaleb(places, context=_WIDE))
        result = float(decimal.Decimal(math.floor(scaled + 0.5)).scaleb(-places, context=_WIDE))
    return math.copysign(result, number) if result == 0 else result


def _places(value: Value) -> int:
    number = to_number(value)
    if math.isnan(number):
        return 0
    return int(max(min(number, 1000.0), -1000.0))


def _guarded(function: Callable[..., float], *operands: float) -> float:
    # Java's Math returns NaN or an infinity where Python's math raises.
    try:
        return function(*operands)
    except ValueError:
        return math.nan
    except OverflowError:
        return math.inf


@builtin("number", 0, 1)
def _number(args: Args, context: Context) -> Value:
    return to_number(args[0] if args else context.current())


@builtin("int", 1)
def _int(args: Args, context: Context) -> Value:
    return java_int(to_number(args[0]))


@builtin("round", 1, 2)
def _round(args: Args, context: Context) -> Value:
    places = _places(args[1]) if len(args) == 2 else 0
    return round_places(to_number(args[0]), places)


@builtin("floor", 1)
def _floor(args: Args, context: Context) -> Value:
    number = to_number(args[0])
    return number if not math.isfinite(number) else float(math.floor(number))


@builtin("ceiling", 1)
def _ceiling(args: Args, context: Context) -> Value:
    number = to_number(args[0])
    return number if not math.isfinite(number) else float(math.ceil(number))


@builtin("abs", 1)
def _abs(args: Args, context: Context) -> Value:
    return abs(to_fractional_days(args[0]))


@builtin("pow", 2)
def _pow(args: Args, context: Context) -> Value:
    base, exponent = to_fractional_days(args[0]), to_fractional_days(args[1])
    return _guarded(math.pow, base, exponent)


@builtin("sum", 1)
def _sum(args: Args, context: Context) -> Value:
    # JavaRosa skips blanks and other non-numbers rather than making the total NaN.
    return math.fsum(number for number in numbers(args) if not math.isnan(number))


@builtin("max", 1, None)
def _max(args: Args, context: Context) -> Value:
    usable = [number for number in numbers(args) if not math.isnan(number)]
    return max(usable) if usable else math.nan


@builtin("min", 1, None)
def _min(args: Args, context: Context) -> Value:
    usable = [number for number in numbers(args) if not math.isnan(number)]
    return min(usable) if usable else math.nan


@builtin("pi", 0)
def _pi(args: Args, context: Context) -> Value:
    return math.pi


def _log(number: float) -> float:
    return -math.inf if number == 0 else math.log(number)


def _log10(number: float) -> float:
    return -math.inf if number == 0 else math.log10(number)


def _exp10(number: float) -> float:
    return math.pow(10.0, number)


_UNARY: Final[dict[str, Callable[[float], float]]] = {
    "sqrt": math.sqrt,
    "exp": math.exp,
    "exp10": _exp10,
    "log": _log,
    "log10": _log10,
    "sin": math.sin,
    "cos": math.cos,
    "tan": math.tan,
    "asin": math.asin,
    "acos": math.acos,
    "atan": math.atan,
}


def _register_unary(name: str, function: Callable[[float], float]) -> None:
    def implementation(args: Args, context: Context) -> Value:
        number = to_fractional_days(args[0])
        if math.isnan(number):
            return math.nan
        return _guarded(function, number)

    builtin(name, 1)(implementation)


for _name, _function in _UNARY.items():
    _register_unary(_name, _function)


@builtin("atan2", 2)
def _atan2(args: Args, context: Context) -> Value:
    return math.atan2(to_fractional_days(args[0]), to_fractional_days(args[1]))
