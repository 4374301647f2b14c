"""Our own function and coercion semantics: fields, repeats, dates, selects, NaN edges."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence

import pytest

from ncpi_field.xpath import (
    ExpressionError,
    NodeSet,
    RawValue,
    Value,
    evaluate,
    parse,
    to_boolean,
    to_number,
    to_string,
)

CLOCK = dt.datetime(2024, 3, 5, 14, 30, 15, 250_000)


class FormContext:
    """A small stand-in for the form evaluator: fields by name, one choice list."""

    def __init__(
        self,
        fields: Mapping[str, Sequence[RawValue]] | None = None,
        row: Mapping[str, str] | None = None,
        index: int = 1,
        existing: RawValue = None,
    ) -> None:
        self.fields = fields or {}
        self.row = row or {}
        self.index = index
        self.existing = existing

    def field(self, name: str) -> NodeSet:
        return NodeSet.of(self.fields.get(name, [""]))

    def current(self) -> NodeSet:
        return NodeSet.of([self.row.get("name", "")])

    def child(self, name: str) -> NodeSet:
        return NodeSet.of([self.row[name]] if name in self.row else [])

    def position(self) -> int:
        return self.index

    def choice_label(self, field_name: str, value: str) -> str:
        labels = {"colour": {"r": "Red", "g": "Green"}}
        return labels.get(field_name, {}).get(value, "")

    def instance_rows(self, list_name: str) -> Sequence[Mapping[str, str]] | None:
        return None

    def indexed_field(self, name: str, picks: Sequence[tuple[str, int]]) -> NodeSet:
        return NodeSet(("",))

    def now(self) -> dt.datetime:
        return CLOCK

    def current_value(self) -> RawValue:
        return self.existing


def run(text: str, context: FormContext | None = None) -> Value:
    return evaluate(parse(text), context or FormContext())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", math.nan),
        ("  12  ", 12.0),
        ("1.1e6", math.nan),
        ("4,6", 4.6),
        ("- 17", math.nan),
        ("Infinity", math.nan),
        ("-.5", -0.5),
        ("1-2", math.nan),
    ],
)
def test_string_to_number(text: str, expected: float) -> None:
    result = to_number(text)
    assert (math.isnan(result) and math.isnan(expected)) or result == expected


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (1e21, "1000000000000000000000"),
        (1e-7, "0.0000001"),
        (2.5, "2.5"),
        (-0.0, "0"),
        (math.nan, "NaN"),
        (-math.inf, "-Infinity"),
        (1e-13, "0"),
    ],
)
def test_number_to_string(number: float, text: str) -> None:
    assert to_string(number) == text


def test_unanswered_fields_are_blank_and_nan() -> None:
    context = FormContext({"age": [None]})
    assert run("${age} = ''", context) is True
    assert math.isnan(to_number(run("${age} + 1", context)))
    assert run("${age} > 18", context) is False
    assert run("${age} < 18", context) is False


def test_numeric_answers_compare_as_numbers() -> None:
    context = FormContext({"age": [7], "weight": [7.0]})
    assert run("${age} = '7.0'", context) is True
    assert run("${age} = ${weight}", context) is True
    assert run("${age} > 10", context) is False


def test_select_multiple_answers_join_with_spaces() -> None:
    context = FormContext({"fruit": [["apple", "banana"]]})
    assert run("selected(${fruit}, 'banana')", context) is True
    assert run("selected(${fruit}, 'ban')", context) is False
    assert run("count-selected(${fruit})", context) == 2.0
    assert run("selected-at(${fruit}, 1)", context) == "banana"
    assert run("selected-at(${fruit}, 'x')", context) == "apple"


def test_repeats_count_sum_min_max_and_join() -> None:
    context = FormContext({"visit": ["", "", ""], "hours": [2, None, 3.5], "who": ["a", "b", ""]})
    assert run("count(${visit})", context) == 3.0
    assert run("sum(${hours})", context) == 5.5
    assert run("max(${hours})", context) == 3.5
    assert run("min(${hours})", context) == 2.0
    assert run("join(', ', ${who})", context) == "a, b, "
    assert run("count-non-empty(${who})", context) == 2.0
    assert run("count(${who} | ${hours})", context) == 6.0


def test_node_sets_compare_existentially() -> None:
    context = FormContext({"kind": ["a", "b"], "none": []})
    assert run("${kind} = 'b'", context) is True
    assert run("${kind} = 'c'", context) is False
    assert run("${none} = ''", context) is True


def test_count_needs_a_node_set() -> None:
    with pytest.raises(ExpressionError, match=r"count\(\) needs a question or repeat"):
        run("count(3)")


def test_union_needs_node_sets() -> None:
    with pytest.raises(ExpressionError, match="joins questions or repeats"):
        run("1 | ${a}")


def test_bare_names_read_the_choice_row() -> None:
    context = FormContext(row={"name": "x1", "county": "gwent"})
    assert run("county = 'gwent'", context) is True
    assert run("missing = ''", context) is True
    assert run(". = 'x1'", context) is True
    assert run("string-length()", context) == 2.0


def test_relative_and_absolute_paths_resolve_through_fields() -> None:
    context = FormContext({"region": ["north"]})
    assert run("../region = 'north'", context) is True
    assert run("/data/where/region", context) == NodeSet(("north",))


def test_position_gives_the_repeat_index() -> None:
    assert run("position(..)", FormContext(index=3)) == 3.0
    assert run("position()", FormContext(index=2)) == 2.0


def test_choice_name_uses_the_context_labels() -> None:
    context = FormContext({"colour": ["g"]})
    assert run("jr:choice-name(${colour}, '${colour}')", context) == "Green"
    assert run("jr:choice-name('r', ' /data/colour ')", context) == "Red"
    assert run("jr:choice-name('', '${colour}')", context) == ""


def test_once_keeps_an_existing_value() -> None:
    assert run("once(concat('a', 'b'))", FormContext(existing="kept")) == "kept"
    assert run("once(concat('a', 'b'))", FormContext(existing=None)) == "ab"


def test_coalesce_is_lazy_and_skips_blank_and_nan() -> None:
    assert run("coalesce('', 0 div 0, 'third')") == "third"
    assert run("coalesce('first', explode())") == "first"
    assert run("coalesce('', '')") == ""


def test_if_returns_the_branch_unconverted() -> None:
    assert run("if(1, 5, 'x')") == 5.0
    assert run("if(0, 5, true())") is True


def test_today_and_now_use_the_injected_clock() -> None:
    assert run("today()") == dt.date(2024, 3, 5)
    assert run("string(today())") == "2024-03-05"
    assert run("string(now())") == "2024-03-05T14:30:15.250"
    assert run("today() - date('2024-01-01')") == 64.0
    assert run("today() > date('2024-03-04')") is True
    assert run("now() > date-time('2024-03-05T14:00:00')") is True


def test_date_conversions() -> None:
    assert run("number(date('1970-01-10'))") == 9.0
    assert run("string(date(9))") == "1970-01-10"
    assert run("string(date('2024-02-29T23:10:00'))") == "2024-02-29"
    assert run("decimal-date-time('1970-01-02T06:00:00')") == 1.25
    assert run("decimal-date-time('1970-01-01T01:00:00+01:00')") == 0.0
    assert run("decimal-time('1970-01-02T06:00:00')") == 0.25
    assert run("string(date-time(1.5))") == "1970-01-02T12:00:00.000"
    assert run("date('')") == ""
    assert math.isnan(to_number(run("date(0 div 0)")))


def test_a_date_answer_compares_with_a_date_string() -> None:
    context = FormContext({"visit": [dt.date(2024, 3, 1)]})
    assert run("${visit} = '2024-03-01'", context) is True
    assert run("${visit} < today()", context) is True


def test_unreadable_dates_raise_without_quoting_the_value() -> None:
    context = FormContext({"secret": ["CASE-REF-99812"]})
    with pytest.raises(ExpressionError) as raised:
        run("date(${secret})", context)
    assert "99812" not in str(raised.value)
    with pytest.raises(ExpressionError):
        run("date('2024-02-30')")
    with pytest.raises(ExpressionError):
        run("date(true())")
    with pytest.raises(ExpressionError, match="out of range"):
        run("date(1 div 0)")


def test_format_date() -> None:
    assert run("format-date(today(), '%Y/%m/%d %e %n %b %a %y')") == "2024/03/05 5 3 Mar Tue 24"
    assert run("format-date-time(now(), '%H:%M:%S.%3 %h %%')") == "14:30:15.250 14 %"
    assert run("format-date('', '%Y')") == ""


def test_regex_matches_the_whole_value() -> None:
    assert run("regex('AB12', '[A-Z]{2}[0-9]+')") is True
    assert run("regex('xAB12', '[A-Z]{2}[0-9]+')") is False


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        (r"(a)\1", "not valid"),
        ("(?=a)a", "not valid"),
        ("a" * 501, "at most 500 characters"),
        ("[unclosed", "not valid"),
    ],
)
def test_dangerous_or_broken_patterns_are_refused(pattern: str, message: str) -> None:
    with pytest.raises(ExpressionError, match=re.escape(message)):
        run(f"regex('aaaa', '{pattern}')")


def test_regex_subject_length_is_bounded() -> None:
    context = FormContext({"long": ["x" * 20_000]})
    with pytest.raises(ExpressionError, match="at most 10000 characters"):
        run("regex(${long}, 'x+')", context)


def test_uuid() -> None:
    value = run("uuid()")
    assert isinstance(value, str)
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", value)
    short = run("uuid(8)")
    assert isinstance(short, str)
    assert re.fullmatch(r"[A-Za-z0-9]{8}", short)
    with pytest.raises(ExpressionError):
        run("uuid(0)")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("substr('hello', 1, 3)", "el"),
        ("substr('hello', 10)", ""),
        ("substring('hello', 2)", "ello"),
        ("substring('hello', 0 div 0)", ""),
        ("concat(${missing}, 'x', 1, true())", "x1true"),
        ("normalize-space('  a \t b ')", "a b"),
        ("translate('abc', 'abc', 'AB')", "AB"),
        ("string(0.1 + 0.2)", "0.30000000000000004"),
        ("string(round(2.5))", "3"),
        ("string(round(-2.5))", "-2"),
        ("string(round(1234.5678, 2))", "1234.57"),
        ("string(round(1, 31))", "NaN"),
        ("string(int(-2.9))", "-2"),
        ("string(floor(-2.5))", "-3"),
        ("string(ceiling(1 div 0))", "Infinity"),
        ("string(5 mod 0)", "NaN"),
        ("string((1 div 0) mod 2)", "NaN"),
        ("string(0 div 0)", "NaN"),
        ("string(1 div -0)", "-Infinity"),
        ("string(sqrt(-1))", "NaN"),
        ("string(log(0))", "-Infinity"),
        ("string(exp(1000))", "Infinity"),
        ("string(pow(-8, 1 div 3))", "NaN"),
        ("string(pow(10, 400))", "Infinity"),
        ("string(sqrt(16))", "4"),
        ("string(exp10(2))", "100"),
        ("string(round(atan2(1, 1) * 4, 5))", "3.14159"),
        ("string(round(pi(), 2))", "3.14"),
        ("string(abs(-0.5))", "0.5"),
        ("string(max(1, 'x', 3))", "3"),
        ("string(sum(${missing}))", "0"),
        ("string(boolean-from-string('TRUE'))", "true"),
        ("string(not(''))", "true"),
    ],
)
def test_function_results(text: str, expected: str) -> None:
    assert to_string(run(text)) == expected


def test_booleans_from_nan_and_dates() -> None:
    assert to_boolean(math.nan) is False
    assert to_boolean(dt.date(2000, 1, 1)) is True
    assert to_boolean(NodeSet(())) is False
